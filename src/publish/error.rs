//! What went wrong in a publish, said so an office worker knows what to do next.

use std::io;

/// The kinds of failure a user can act on differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The destination or the config file is not usable.
    Config,
    /// The server refused the user name, password or key.
    Auth,
    /// The host name is not known, or the network does not reach it.
    Unreachable,
    /// Nothing listens on that port.
    Refused,
    Timeout,
    /// The account may not write (or delete) there.
    Permission,
    DiskFull,
    /// First connection to an SFTP server whose key is not in known_hosts.
    UnknownHostKey {
        fingerprint: String,
        known_hosts: String,
    },
    /// The server's key differs from the one remembered: maybe not the same server.
    ChangedHostKey {
        fingerprint: String,
        known_hosts: String,
    },
    /// The FTPS server's certificate is not trusted.
    Certificate,
    /// The output or the manifest beside it cannot be read or written.
    Local,
    /// Anything else the server said.
    Other,
}

#[derive(Clone, Debug)]
pub struct PublishError {
    pub kind: Kind,
    /// What it is about: the server's address (never with a password) or a path.
    pub subject: String,
    /// The underlying message, for the curious and for bug reports.
    pub detail: String,
}

impl PublishError {
    pub fn new(kind: Kind, subject: impl Into<String>) -> Self {
        PublishError {
            kind,
            subject: subject.into(),
            detail: String::new(),
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// Classifies an I/O error of the network or of a folder.
    pub fn io(e: &io::Error, subject: impl Into<String>) -> Self {
        let kind = match e.kind() {
            io::ErrorKind::ConnectionRefused => Kind::Refused,
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Kind::Timeout,
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => Kind::Permission,
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => Kind::DiskFull,
            io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => Kind::Unreachable,
            _ => Kind::Other,
        };
        PublishError::new(kind, subject).detail(e.to_string())
    }

    /// The message and what to do, in the site's language.
    pub fn render(&self, vi: bool) -> String {
        let s = &self.subject;
        let (what, fix): (String, String) = match (&self.kind, vi) {
            (Kind::Config, true) => (format!("không dùng được {s}"), String::new()),
            (Kind::Config, false) => (format!("cannot use {s}"), String::new()),
            (Kind::Auth, true) => (
                format!("máy chủ {s} từ chối tên đăng nhập hoặc mật khẩu (khóa)"),
                "kiểm tra tên đăng nhập và mật khẩu: biến môi trường BANTIN_FTP_PASSWORD / BANTIN_SFTP_PASSWORD, hoặc tệp bantin-publish.yaml cạnh thư mục content/".into(),
            ),
            (Kind::Auth, false) => (
                format!("the server {s} refused the user name or password (key)"),
                "check the user name and password: BANTIN_FTP_PASSWORD / BANTIN_SFTP_PASSWORD, or bantin-publish.yaml beside content/".into(),
            ),
            (Kind::Unreachable, true) => (
                format!("không tìm thấy hoặc không tới được máy chủ {s}"),
                "kiểm tra tên máy chủ và kết nối mạng".into(),
            ),
            (Kind::Unreachable, false) => (
                format!("cannot find or reach the server {s}"),
                "check the host name and the network connection".into(),
            ),
            (Kind::Refused, true) => (
                format!("máy chủ {s} từ chối kết nối"),
                "kiểm tra cổng (FTP thường là 21, SFTP là 22) và hỏi quản trị viên máy chủ có đang chạy không".into(),
            ),
            (Kind::Refused, false) => (
                format!("the server {s} refused the connection"),
                "check the port (FTP is usually 21, SFTP 22) and ask the administrator whether the service runs".into(),
            ),
            (Kind::Timeout, true) => (
                format!("máy chủ {s} không trả lời kịp"),
                "kiểm tra kết nối mạng rồi chạy lại: lần sau chỉ gửi nốt phần còn thiếu".into(),
            ),
            (Kind::Timeout, false) => (
                format!("the server {s} did not answer in time"),
                "check the network and run again: the next publish sends only what is missing".into(),
            ),
            (Kind::Permission, true) => (
                format!("không có quyền ghi {s}"),
                "hỏi quản trị viên cổng thông tin cấp quyền ghi vào thư mục này cho tài khoản".into(),
            ),
            (Kind::Permission, false) => (
                format!("no permission to write {s}"),
                "ask the portal's administrator for write access to this folder".into(),
            ),
            (Kind::DiskFull, true) => (
                format!("hết chỗ trống khi ghi {s}"),
                "giải phóng dung lượng ở nơi nhận rồi chạy lại".into(),
            ),
            (Kind::DiskFull, false) => (
                format!("no space left while writing {s}"),
                "free space at the destination and run again".into(),
            ),
            (
                Kind::UnknownHostKey {
                    fingerprint,
                    known_hosts,
                },
                true,
            ) => (
                format!("lần đầu kết nối tới {s}: chưa biết khóa của máy chủ này ({fingerprint})"),
                format!(
                    "hỏi quản trị viên máy chủ xem dấu vân tay này có đúng không; nếu đúng, chạy lại với --accept-new-host-key để ghi nhớ khóa vào {known_hosts}"
                ),
            ),
            (
                Kind::UnknownHostKey {
                    fingerprint,
                    known_hosts,
                },
                false,
            ) => (
                format!("first connection to {s}: its host key is not known ({fingerprint})"),
                format!(
                    "ask the server's administrator whether this fingerprint is right; if it is, run again with --accept-new-host-key to remember it in {known_hosts}"
                ),
            ),
            (
                Kind::ChangedHostKey {
                    fingerprint,
                    known_hosts,
                },
                true,
            ) => (
                format!("KHÓA CỦA MÁY CHỦ {s} ĐÃ THAY ĐỔI ({fingerprint}): có thể đây không phải máy chủ thật"),
                format!(
                    "không gửi gì cả. Hỏi quản trị viên máy chủ; nếu khóa đổi thật, xóa dòng cũ của máy chủ trong {known_hosts}"
                ),
            ),
            (
                Kind::ChangedHostKey {
                    fingerprint,
                    known_hosts,
                },
                false,
            ) => (
                format!("THE HOST KEY OF {s} HAS CHANGED ({fingerprint}): this may not be the real server"),
                format!(
                    "nothing was sent. Ask the server's administrator; if the key really changed, remove the server's old line from {known_hosts}"
                ),
            ),
            (Kind::Certificate, true) => (
                format!("chứng chỉ TLS của {s} không được tin cậy"),
                "nếu máy chủ dùng chứng chỉ tự ký, xin quản trị viên tệp chứng chỉ và ghi `ca_file:` trong bantin-publish.yaml".into(),
            ),
            (Kind::Certificate, false) => (
                format!("the TLS certificate of {s} is not trusted"),
                "for a self-signed certificate, get the certificate file from the administrator and set `ca_file:` in bantin-publish.yaml".into(),
            ),
            (Kind::Local, true) => (format!("không đọc/ghi được {s}"), String::new()),
            (Kind::Local, false) => (format!("cannot read or write {s}"), String::new()),
            (Kind::Other, true) => (format!("lỗi khi gửi tới {s}"), String::new()),
            (Kind::Other, false) => (format!("publishing to {s} failed"), String::new()),
        };
        let mut out = format!(
            "bantin publish: {} {what}",
            if vi { "lỗi:" } else { "error:" }
        );
        if !self.detail.is_empty() {
            out.push_str(&format!("\n  {}", self.detail));
        }
        if !fix.is_empty() {
            out.push_str(&format!(
                "\n  {} {fix}",
                if vi { "cách sửa:" } else { "help:" }
            ));
        }
        out
    }
}
