//! `bantin serve` under hostile and heavy load: floods of header and request-line bytes,
//! clients that trickle their request, wrong Host names, and 200 clients at once while
//! edits are rebuilt. Memory is read from /proc, so these run on Linux.
#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::serve::{PLAN_138, Serve, edit, fixture};

crate::tests! {
    serve_refuses_header_and_request_line_floods_and_its_memory_stays_bounded;
    serve_cuts_off_slow_clients_and_they_stall_no_one;
    serve_answers_200_clients_during_rebuilds_with_whole_pages;
}

/// These tests load the machine on purpose: one at a time, so that each measures serve
/// rather than the others.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// A field of /proc/PID/status in KiB (`VmRSS`, `VmHWM`).
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/{pid}/status"))
}

/// Sends `head` and then `flood` bytes (in 64 KiB pieces, up to `total`) on one
/// connection, while reading; the first line of what serve answered, or "" when nothing.
fn flood(addr: &str, head: String, piece: Vec<u8>, total: usize) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reader = stream.try_clone().unwrap();
    let answer = std::thread::spawn(move || {
        let mut first = Vec::new();
        let _ = reader.read_to_end(&mut first);
        String::from_utf8_lossy(&first)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let _ = stream.set_write_timeout(Some(Duration::from_secs(20)));
    let mut sent = 0;
    let mut ok = stream.write_all(head.as_bytes()).is_ok();
    while ok && sent < total {
        ok = stream.write_all(&piece).is_ok();
        sent += piece.len();
    }
    // Whatever was not refused ends as a request, so an unlimited server answers it.
    if ok {
        let _ = stream.write_all(b"\r\n\r\n");
    }
    answer.join().unwrap()
}

fn serve_refuses_header_and_request_line_floods_and_its_memory_stays_bounded() {
    let _serial = one_at_a_time();
    let (_dir, root) = fixture();
    let s = Serve::start(&root);
    assert_eq!(s.get("/").status, 200);
    let pid = s.pid();
    let (rss, peak) = (memory_kib(pid, "VmRSS"), memory_kib(pid, "VmHWM"));

    const EACH: usize = 24 << 20;
    let line: Vec<u8> = (0..64)
        .flat_map(|_| *b"X-Flood: 0123456789abcdef0123456789abcdef0123456789abcdef0123456\r\n")
        .collect();
    let mut floods = Vec::new();
    for _ in 0..3 {
        let (addr, line) = (s.addr().to_owned(), line.clone());
        let head = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n");
        floods.push((
            "headers",
            std::thread::spawn(move || flood(&addr, head, line, EACH)),
        ));
    }
    for _ in 0..2 {
        let addr = s.addr().to_owned();
        let path = vec![b'a'; 64 << 10];
        let head = "GET /".to_owned();
        floods.push((
            "request line",
            std::thread::spawn(move || flood(&addr, head, path, EACH)),
        ));
    }
    for (what, flood) in floods {
        let first = flood.join().unwrap();
        let expected = if what == "headers" {
            "HTTP/1.1 431"
        } else {
            "HTTP/1.1 414"
        };
        assert!(
            first.starts_with(expected),
            "{what} flood answered {first:?}"
        );
    }
    // Many small headers: 431 too.
    let many: String = (0..500).map(|i| format!("X-{i}: y\r\n")).collect();
    let answer = s.raw(&format!(
        "GET / HTTP/1.1\r\nHost: {}\r\n{many}\r\n",
        s.addr()
    ));
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");

    assert_eq!(s.get("/").status, 200, "still serving");
    let grown = memory_kib(pid, "VmRSS").saturating_sub(rss);
    let peak_grown = memory_kib(pid, "VmHWM").saturating_sub(peak);
    eprintln!("120 MiB of floods: resident memory grew {grown} KiB, its peak {peak_grown} KiB");
    assert!(grown < 24 << 10, "memory grew by {grown} KiB");
    assert!(
        peak_grown < 24 << 10,
        "peak memory grew by {peak_grown} KiB"
    );
}

fn serve_cuts_off_slow_clients_and_they_stall_no_one() {
    let _serial = one_at_a_time();
    let (_dir, root) = fixture();
    let s = Serve::start(&root);
    assert_eq!(s.get("/").status, 200);
    let started = Instant::now();
    // 40 clients send a byte a second; 10 open a connection and send nothing.
    let head = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\n\r\n",
        s.addr(),
        "slow ".repeat(20)
    );
    let slow: Vec<TcpStream> = (0..50)
        .map(|_| TcpStream::connect(s.addr()).expect("connect"))
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let trickle = {
        let (streams, stop) = (
            slow[..40]
                .iter()
                .map(|c| c.try_clone().unwrap())
                .collect::<Vec<_>>(),
            stop.clone(),
        );
        let head = head.into_bytes();
        std::thread::spawn(move || {
            for byte in head.iter().cycle() {
                for mut c in &streams {
                    let _ = c.write_all(&[*byte]);
                }
                for _ in 0..10 {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        })
    };
    // Meanwhile a page every 100 ms answers without waiting for them.
    let mut slowest = Duration::ZERO;
    while started.elapsed() < Duration::from_secs(4) {
        let t = Instant::now();
        assert_eq!(s.get("/2022/ke-hoach-138/").status, 200);
        slowest = slowest.max(t.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(slowest < Duration::from_secs(3), "a page took {slowest:?}");
    // By the head's deadline (5 s) and a margin, every slow or silent client is gone:
    // those part-way through a head told 408, the silent ones closed.
    for (n, mut c) in slow.into_iter().enumerate() {
        let left = Duration::from_secs(8).saturating_sub(started.elapsed());
        c.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        let mut answer = Vec::new();
        let closed = c.read_to_end(&mut answer).is_ok();
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            closed,
            "client {n} still connected after {:?}",
            started.elapsed()
        );
        if n < 40 {
            assert!(answer.starts_with("HTTP/1.1 408"), "client {n}: {answer:?}");
        } else {
            assert!(answer.is_empty(), "client {n}: {answer:?}");
        }
    }
    stop.store(true, Ordering::SeqCst);
    trickle.join().unwrap();
    assert_eq!(s.get("/").status, 200);
}

/// One keep-alive HTTP/1.1 connection, reading answers by their Content-Length.
struct Client {
    addr: String,
    host: String,
    conn: Option<BufReader<TcpStream>>,
}

impl Client {
    fn get(&mut self, path: &str) -> Result<(u16, Vec<u8>), String> {
        if self.conn.is_none() {
            let stream = TcpStream::connect(&self.addr).map_err(|e| e.to_string())?;
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            self.conn = Some(BufReader::new(stream));
        }
        let conn = self.conn.as_mut().unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        conn.get_mut()
            .write_all(request.as_bytes())
            .map_err(|e| format!("write: {e}"))?;
        let mut status_line = String::new();
        conn.read_line(&mut status_line)
            .map_err(|e| format!("status line: {e}"))?;
        let code: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| format!("bad status line {status_line:?}"))?;
        let (mut length, mut close) = (None, false);
        loop {
            let mut line = String::new();
            conn.read_line(&mut line)
                .map_err(|e| format!("head: {e}"))?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(": ")
                .ok_or(format!("bad header {line:?}"))?;
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<usize>().ok();
            }
            close |= name.eq_ignore_ascii_case("connection") && value == "close";
        }
        let length = length.ok_or("no Content-Length")?;
        let mut body = vec![0; length];
        conn.read_exact(&mut body)
            .map_err(|e| format!("body of {length} bytes: {e}"))?;
        if close {
            self.conn = None;
        }
        Ok((code, body))
    }
}

/// The edit numbers a page of the plan shows (its title and first paragraph carry one).
fn versions(page: &str) -> Vec<&str> {
    page.split("bản số ")
        .skip(1)
        .map(|s| {
            s.split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or_default()
        })
        .collect()
}

fn serve_answers_200_clients_during_rebuilds_with_whole_pages() {
    let _serial = one_at_a_time();
    let (_dir, root) = fixture();
    edit(&root, PLAN_138, "năm 2022\n", "năm 2022 bản số 0\n");
    edit(
        &root,
        PLAN_138,
        "Nâng cao nhận thức",
        "Nâng cao (bản số 0) nhận thức",
    );
    let mut s = Serve::start(&root);
    assert_eq!(s.get("/").status, 200);
    let (stop, requests) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let slowest = Arc::new(Mutex::new(Duration::ZERO));
    let paths = [
        "/2022/ke-hoach-138/",
        "/",
        "/static/style.css",
        "/feed.xml",
        "/nam/2022/",
    ];
    let clients: Vec<_> = (0..200)
        .map(|n| {
            let (stop, requests, slowest) = (stop.clone(), requests.clone(), slowest.clone());
            // Every tenth client comes under a foreign name: refused each time.
            let foreign = n % 10 == 9;
            let mut client = Client {
                addr: s.addr().to_owned(),
                host: if foreign {
                    "evil.example".into()
                } else {
                    s.addr().to_owned()
                },
                conn: None,
            };
            std::thread::spawn(move || -> Result<(), String> {
                let mut i = n;
                while !stop.load(Ordering::SeqCst) {
                    let path = paths[i % paths.len()];
                    i += 1;
                    let t = Instant::now();
                    let (code, body) = client.get(path).map_err(|e| format!("{path}: {e}"))?;
                    requests.fetch_add(1, Ordering::SeqCst);
                    let took = t.elapsed();
                    {
                        let mut slowest = slowest.lock().unwrap();
                        *slowest = took.max(*slowest);
                    }
                    if took > Duration::from_secs(5) {
                        return Err(format!("{path} took {took:?}"));
                    }
                    // A browser's pace rather than a benchmark's: at most 20 requests a second each.
                    std::thread::sleep(Duration::from_millis(50));
                    let text = String::from_utf8_lossy(&body);
                    if foreign {
                        if code != 403 {
                            return Err(format!("{path} under a foreign name: {code}"));
                        }
                        continue;
                    }
                    if code != 200 {
                        return Err(format!("{path}: {code}"));
                    }
                    if path.ends_with('/') && !text.trim_end().ends_with("</html>") {
                        return Err(format!("{path}: the page is cut short"));
                    }
                    if path == "/2022/ke-hoach-138/" {
                        let seen = versions(&text);
                        if seen.len() < 2 || seen.iter().any(|v| *v != seen[0]) {
                            return Err(format!("a page mixing edits: {seen:?}"));
                        }
                    }
                }
                Ok(())
            })
        })
        .collect();
    let html = |s: &Serve| {
        let status: serde_json::Value =
            serde_json::from_slice(&s.get("/__bantin/version").body).expect("status JSON");
        status["html"].as_u64().expect("html version")
    };
    for n in 1..=6 {
        let before = html(&s);
        let (from, to) = (format!("bản số {}", n - 1), format!("bản số {n}"));
        let text = std::fs::read_to_string(root.join(PLAN_138)).unwrap();
        std::fs::write(root.join(PLAN_138), text.replace(&from, &to)).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while html(&s) == before {
            assert!(
                Instant::now() < deadline,
                "no rebuild after edit {n}:\n{}",
                s.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let page = s.get("/2022/ke-hoach-138/").text();
        assert!(
            versions(&page).iter().all(|v| *v == n.to_string()),
            "edit {n}"
        );
    }
    stop.store(true, Ordering::SeqCst);
    let failures: Vec<String> = clients
        .into_iter()
        .filter_map(|c| c.join().expect("client thread").err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} clients failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    let total = requests.load(Ordering::SeqCst);
    eprintln!(
        "200 clients, 6 rebuilds: {total} requests answered, the slowest in {:?}",
        slowest.lock().unwrap()
    );
    assert!(total > 1000, "only {total} requests answered");
    assert!(s.is_running(), "serve stopped:\n{}", s.log());
}
