//! Connections: an accept loop, and a thread per connection that reads each request's head
//! under the caps of `head` and a deadline, asks `http` for the answer and writes it. A
//! client that sends slowly, or never, holds only its own thread, and only until its
//! deadline; one that sends too much is answered 414 or 431 and closed, its bytes never
//! kept.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Live;
use super::head::{Reader, Step};
use super::http::{self, Reply, Response};

/// Connections open at once; more are answered 503 and closed. Browsers open six per site
/// and tab, so this leaves room for many tabs and devices, and bounds memory and threads.
pub const MAX_CONNECTIONS: usize = 512;
/// How long a request's head may take to arrive, counted from when the connection is
/// ready for it (accepted, or done with the previous request). A browser sends its head
/// at once; after this an idle connection is closed, and one part-way through a head
/// is answered 408 and closed.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a request's body (a document, an uploaded file) may take to arrive.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a write may wait for a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After refusing a request, how long its remaining bytes are read and dropped before
/// closing, so that the client reads the answer rather than a reset connection.
const LINGER: Duration = Duration::from_millis(500);
/// Bodies up to this size go out in one write with the head.
const ONE_WRITE: usize = 32 * 1024;

/// Connections waiting to be accepted. Linux's default of 128 in std drops the excess of a
/// burst (many tabs reloading at once), and each dropped client waits a second to retry.
const BACKLOG: i32 = 1024;

/// Listens on `address`.
pub fn listen(address: SocketAddr) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(address), Type::STREAM, None)?;
    // As std does on Unix: serve can be restarted at once on the same port. (On Windows
    // the option would let another program take the port over.)
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(BACKLOG)?;
    Ok(socket.into())
}

/// The accept loop, running until `stop`.
pub struct Server {
    thread: JoinHandle<()>,
    stop: Arc<AtomicBool>,
    /// An address that reaches the listener, to wake it.
    wake: SocketAddr,
}

/// Starts answering on `listener`; `wake` is an address of it that can be connected to.
pub fn start(listener: TcpListener, wake: SocketAddr, live: Arc<Live>) -> std::io::Result<Server> {
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = stop.clone();
    let thread = std::thread::Builder::new()
        .name("bantin-accept".into())
        .spawn(move || accept(&listener, &live, &stopping))?;
    Ok(Server { thread, stop, wake })
}

impl Server {
    /// Stops accepting. Open connections end at their next deadline or with the process.
    pub fn stop(self) {
        self.stop.store(true, Ordering::SeqCst);
        if TcpStream::connect_timeout(&self.wake, Duration::from_secs(1)).is_ok() {
            let _ = self.thread.join();
        }
    }
}

/// Counts a connection as open while it lives.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accept(listener: &TcpListener, live: &Arc<Live>, stop: &AtomicBool) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was accepted.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
            let busy = Response::text(503, "bantin serve: too many connections; try again");
            let _ = write(&stream, &busy.with("Retry-After", "1"), false, false);
            continue;
        }
        let slot = Slot(open.clone());
        let live = live.clone();
        // Should the thread not start, the closure and its slot are dropped.
        let _ = std::thread::Builder::new()
            .name("bantin-http".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, &live);
            });
    }
}

/// One connection: requests one after another until it closes, asks to, times out, or
/// sends something refused.
fn connection(mut stream: TcpStream, live: &Live) {
    // Nagle's algorithm with delayed ACKs would hold each answer 40 ms.
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut reader = Reader::default();
    let mut chunk = vec![0; 16 * 1024];
    loop {
        let deadline = Instant::now() + HEAD_TIMEOUT;
        let head = loop {
            match reader.next() {
                Step::Head(head) => break head,
                Step::Refused(refusal) => {
                    return refuse(stream, Response::text(refusal.code, refusal.why));
                }
                Step::More => {}
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                if !reader.is_empty() {
                    let late = "the request's head did not arrive in time";
                    refuse(stream, Response::text(408, late));
                }
                return;
            }
            let _ = stream.set_read_timeout(Some(left));
            let room = reader.room().min(chunk.len());
            match stream.read(&mut chunk[..room]) {
                Ok(0) => return,
                Ok(n) => reader.feed(&chunk[..n]),
                Err(e) if is_timeout(&e) => {}
                Err(_) => return,
            }
        };
        let body = if head.method == "POST" {
            match read_body(&mut stream, &mut reader, &head, live) {
                Ok(body) => body,
                Err(refusal) => return refuse(stream, refusal),
            }
        } else {
            Vec::new()
        };
        // Whatever a request does, the server goes on.
        let Ok(reply) =
            std::panic::catch_unwind(AssertUnwindSafe(|| http::handle(&head, &body, live)))
        else {
            return;
        };
        match reply {
            Reply::Response(response) => {
                let keep = head.keep_alive();
                if write(&stream, &response, head.method == "HEAD", keep).is_err() || !keep {
                    return;
                }
            }
            Reply::Events(stream_of_events, hello) => {
                let _ = stream.set_read_timeout(None);
                return stream_of_events.serve(stream, &hello);
            }
        }
    }
}

/// A POST's body (only the desk takes them): its declared length, at most the desk's
/// limit, read within a deadline. Anything larger is refused before a byte of it is read.
fn read_body(
    stream: &mut TcpStream,
    reader: &mut Reader,
    head: &super::head::Head,
    live: &Live,
) -> Result<Vec<u8>, Response> {
    if head.header("Transfer-Encoding").is_some() {
        return Err(Response::text(
            411,
            "bantin serve: send the body with a Content-Length",
        ));
    }
    let Some(length) = head.header("Content-Length") else {
        return Ok(Vec::new());
    };
    let Ok(length) = length.trim().parse::<usize>() else {
        return Err(Response::text(
            400,
            "bantin serve: the Content-Length is not a number",
        ));
    };
    if length > super::desk::MAX_BODY {
        return Err(super::desk::too_large(live.current().status.lang));
    }
    let mut body = reader.take(length);
    let deadline = Instant::now() + BODY_TIMEOUT;
    let mut chunk = vec![0; 64 * 1024];
    while body.len() < length {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Response::text(
                408,
                "the request's body did not arrive in time",
            ));
        }
        let room = (length - body.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(Response::text(400, "the request's body was cut short")),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if is_timeout(&e) => {}
            Err(_) => return Err(Response::text(400, "the request's body was cut short")),
        }
    }
    Ok(body)
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock
            | std::io::ErrorKind::TimedOut
            | std::io::ErrorKind::Interrupted
    )
}

/// Answers and closes: the write side first, then what the client still sends is read and
/// dropped for a moment, so that its system does not discard the answer on a reset.
fn refuse(mut stream: TcpStream, response: Response) {
    if write(&stream, &response, false, false).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut sink = [0; 8192];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if is_timeout(&e) => {}
            Err(_) => return,
        }
    }
}

/// Writes a response: status line, date, the response's headers, length and connection;
/// the body unless it is for HEAD (whose length is still the GET's) or a 304.
fn write(mut stream: &TcpStream, r: &Response, head_only: bool, keep: bool) -> std::io::Result<()> {
    use std::fmt::Write as _;
    let mut head = String::with_capacity(256);
    let _ = write!(
        head,
        "HTTP/1.1 {} {}\r\nDate: {}\r\n",
        r.code,
        reason(r.code),
        chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT")
    );
    for (name, value) in &r.headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    if r.code != 304 {
        let _ = write!(head, "Content-Length: {}\r\n", r.body.len());
    }
    if !keep {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let body: &[u8] = if head_only || r.code == 304 {
        &[]
    } else {
        &r.body
    };
    if body.len() <= ONE_WRITE {
        let mut all = head.into_bytes();
        all.extend_from_slice(body);
        stream.write_all(&all)
    } else {
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
