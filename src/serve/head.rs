//! A request's head (request line and headers) read under limits: bytes go in as they
//! arrive, and out comes the parsed head, a refusal (400, 414, 431), or a wish for more.
//! No I/O here, so the fuzz target drives exactly what `serve` runs.

/// The longest request line: a preview's paths are a few hundred bytes, even with
/// Vietnamese letters percent-encoded; 8 KiB is what nginx and Apache allow by default.
pub const MAX_LINE: usize = 8 * 1024;
/// The longest head, request line included. Browsers send 1–2 KiB; cookies that other
/// development servers set for `localhost` (shared by every port) can add tens of KiB,
/// which a 16 KiB cap would refuse. 64 KiB keeps the worst case of all connections at
/// once (`MAX_CONNECTIONS` × this) at a few tens of MiB.
pub const MAX_HEAD: usize = 64 * 1024;
/// The most header lines (browsers send about 20).
pub const MAX_HEADERS: usize = 100;

/// The caps a [`Reader`] enforces: serve's, or small ones that let the fuzz target reach
/// them with small inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub line: usize,
    pub head: usize,
    /// At most [`MAX_HEADERS`].
    pub headers: usize,
}

impl Limits {
    pub const SERVE: Limits = Limits {
        line: MAX_LINE,
        head: MAX_HEAD,
        headers: MAX_HEADERS,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::SERVE
    }
}

/// A request's head, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    /// The request target as sent (`/2022/a/?x`).
    pub target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub version: u8,
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The first header of that name (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the connection may carry another request after this one: HTTP/1.1 unless
    /// it asks to close, HTTP/1.0 only when it asks to keep it; never after a request
    /// with a body, which `serve` does not read.
    pub fn keep_alive(&self) -> bool {
        let connection = |word: &str| {
            self.headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("connection"))
                .flat_map(|(_, v)| v.split(','))
                .any(|t| t.trim().eq_ignore_ascii_case(word))
        };
        let body = self.headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("transfer-encoding")
                || (n.eq_ignore_ascii_case("content-length") && v.trim() != "0")
        });
        !body
            && if self.version == 1 {
                !connection("close")
            } else {
                connection("keep-alive")
            }
    }
}

/// Why a head is refused: the status to answer with, and a line saying why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: u16,
    pub why: &'static str,
}

const LINE_TOO_LONG: Refusal = Refusal {
    code: 414,
    why: "the request line is longer than 8 KiB",
};
const HEAD_TOO_LARGE: Refusal = Refusal {
    code: 431,
    why: "the request's headers are larger than 64 KiB or more than 100 lines",
};
const MALFORMED: Refusal = Refusal {
    code: 400,
    why: "the request is not well-formed HTTP/1.x",
};

/// What the bytes so far make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Not a whole head yet, and nothing wrong so far.
    More,
    Head(Head),
    Refused(Refusal),
}

/// The bytes of a connection not yet consumed, and how far they have been looked at, so
/// that a head trickled in byte by byte is still scanned once.
#[derive(Default)]
pub struct Reader {
    limits: Limits,
    buf: Vec<u8>,
    /// Bytes of `buf` already looked at for the line's or the head's end.
    scanned: usize,
    /// Where the request line ends, once seen.
    line: Option<usize>,
}

impl Reader {
    pub fn with_limits(limits: Limits) -> Self {
        Reader {
            limits,
            ..Reader::default()
        }
    }

    /// Whether nothing of a next request has arrived.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// What a read may add: up to one byte past the head cap, so that it is seen.
    pub fn room(&self) -> usize {
        (self.limits.head + 1).saturating_sub(self.buf.len()).max(1)
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Up to `n` bytes that arrived after the last head: the start of its body.
    pub fn take(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.buf.len());
        self.scanned = 0;
        self.buf.drain(..n).collect()
    }

    /// The next head, when all of it is there; bytes after it stay for the next request.
    pub fn next(&mut self) -> Step {
        match self.step() {
            Step::More if self.buf.len() > self.limits.head => Step::Refused(HEAD_TOO_LARGE),
            step => step,
        }
    }

    fn step(&mut self) -> Step {
        let line = match self.line {
            Some(line) => line,
            None => {
                // Empty lines before a request line are allowed (RFC 9112 §2.2): dropped.
                let lead = self
                    .buf
                    .iter()
                    .position(|&b| b != b'\r' && b != b'\n')
                    .unwrap_or(self.buf.len());
                if lead > 0 {
                    self.buf.drain(..lead);
                    self.scanned = 0;
                }
                let Some(at) = self.buf[self.scanned..].iter().position(|&b| b == b'\n') else {
                    self.scanned = self.buf.len();
                    return if self.buf.len() > self.limits.line {
                        Step::Refused(LINE_TOO_LONG)
                    } else {
                        Step::More
                    };
                };
                let line = self.scanned + at;
                if line > self.limits.line {
                    return Step::Refused(LINE_TOO_LONG);
                }
                self.line = Some(line);
                line
            }
        };
        let Some(end) = head_end(&self.buf, self.scanned.max(line)) else {
            self.scanned = self.buf.len();
            return Step::More;
        };
        if end > self.limits.head {
            return Step::Refused(HEAD_TOO_LARGE);
        }
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request =
            httparse::Request::new(&mut headers[..self.limits.headers.min(MAX_HEADERS)]);
        let step = match request.parse(&self.buf[..end]) {
            Ok(httparse::Status::Complete(_)) => Step::Head(Head {
                method: request.method.unwrap_or_default().to_owned(),
                target: request.path.unwrap_or_default().to_owned(),
                version: request.version.unwrap_or_default(),
                headers: request
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_owned(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect(),
            }),
            Err(httparse::Error::TooManyHeaders) => Step::Refused(HEAD_TOO_LARGE),
            Ok(httparse::Status::Partial) | Err(_) => Step::Refused(MALFORMED),
        };
        self.buf.drain(..end);
        self.scanned = 0;
        self.line = None;
        step
    }
}

/// Where the head ends (just after its empty line), looking from `from` on (less the
/// three bytes that may begin an end split across reads). `from` is at or after the
/// request line's end, the first line feed.
fn head_end(buf: &[u8], from: usize) -> Option<usize> {
    let start = from.saturating_sub(3);
    let mut i = start;
    while let Some(at) = buf[i..].iter().position(|&b| b == b'\n') {
        let nl = i + at;
        match buf.get(nl + 1) {
            Some(b'\n') => return Some(nl + 2),
            Some(b'\r') if buf.get(nl + 2) == Some(&b'\n') => return Some(nl + 3),
            _ => i = nl + 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(bytes: &[u8]) -> Step {
        let mut r = Reader::default();
        r.feed(bytes);
        r.next()
    }

    #[test]
    fn a_browser_head_parses() {
        let Step::Head(head) = whole(
            b"GET /2022/a/?x=1 HTTP/1.1\r\nHost: localhost:8000\r\nConnection: keep-alive\r\n\r\n",
        ) else {
            panic!("not parsed");
        };
        assert_eq!(head.method, "GET");
        assert_eq!(head.target, "/2022/a/?x=1");
        assert_eq!(head.header("host"), Some("localhost:8000"));
        assert!(head.keep_alive());
    }

    #[test]
    fn heads_split_anywhere_parse_the_same_and_pipelined_ones_follow() {
        let two = b"\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.0\nHost: y\n\n";
        for split in 0..two.len() {
            let mut r = Reader::default();
            let mut got = Vec::new();
            for chunk in [&two[..split], &two[split..]] {
                r.feed(chunk);
                while let Step::Head(h) = r.next() {
                    let keep = h.keep_alive();
                    got.push((h.method, h.target, keep));
                }
            }
            assert_eq!(
                got,
                [
                    ("GET".into(), "/a".into(), true),
                    ("HEAD".into(), "/b".into(), false)
                ],
                "split at {split}"
            );
            assert!(r.is_empty());
        }
    }

    #[test]
    fn over_long_lines_and_heads_are_refused() {
        let line = format!("GET /{} HTTP/1.1\r\n", "a".repeat(MAX_LINE));
        assert_eq!(whole(line.as_bytes()), Step::Refused(LINE_TOO_LONG));
        let unfinished = format!("GET /{}", "a".repeat(MAX_LINE));
        assert_eq!(whole(unfinished.as_bytes()), Step::Refused(LINE_TOO_LONG));

        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n", "b".repeat(MAX_HEAD));
        assert_eq!(whole(big.as_bytes()), Step::Refused(HEAD_TOO_LARGE));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: y\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(whole(many.as_bytes()), Step::Refused(HEAD_TOO_LARGE));
        // Just under the caps: accepted.
        let fits = format!(
            "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
            "b".repeat(MAX_HEAD - 100)
        );
        assert!(matches!(whole(fits.as_bytes()), Step::Head(_)));
    }

    #[test]
    fn malformed_heads_are_refused() {
        for bad in [
            &b"GET /a\0b HTTP/1.1\r\n\r\n"[..],
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\n\n",
        ] {
            assert_eq!(whole(bad), Step::Refused(MALFORMED), "{bad:?}");
        }
    }

    #[test]
    fn bodies_and_close_end_the_connection() {
        let close = |text: &str| match whole(text.as_bytes()) {
            Step::Head(h) => !h.keep_alive(),
            other => panic!("{other:?}"),
        };
        assert!(close("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assert!(close("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"));
        assert!(close("GET / HTTP/1.0\r\n\r\n"));
        assert!(!close("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
    }
}
