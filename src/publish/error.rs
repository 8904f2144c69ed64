//! What went wrong in a publish, said so an office worker knows what to do next.

use std::io;

use crate::i18n::codes::{self, Code};
use crate::i18n::{self, Lang, Message};

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
    /// What bantin found wrong, when there is more to say than the kind.
    pub said: Option<Box<Message>>,
    /// The underlying message (of the server or the operating system), quoted as it came.
    pub detail: String,
}

impl PublishError {
    pub fn new(kind: Kind, subject: impl Into<String>) -> Self {
        PublishError {
            kind,
            subject: subject.into(),
            said: None,
            detail: String::new(),
        }
    }

    /// Text from outside bantin: the server's answer, the operating system's error.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// What is wrong, in the catalogue's words.
    pub fn said(mut self, message: Message) -> Self {
        self.said = Some(Box::new(message));
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

    /// The stable code of this kind of failure.
    pub fn code(&self) -> Code {
        match self.kind {
            Kind::Config => codes::PUBLISH_CONFIG,
            Kind::Auth => codes::PUBLISH_AUTH,
            Kind::Unreachable => codes::PUBLISH_UNREACHABLE,
            Kind::Refused => codes::PUBLISH_REFUSED,
            Kind::Timeout => codes::PUBLISH_TIMEOUT,
            Kind::Permission => codes::PUBLISH_PERMISSION,
            Kind::DiskFull => codes::PUBLISH_DISK_FULL,
            Kind::UnknownHostKey { .. } => codes::PUBLISH_HOST_KEY_UNKNOWN,
            Kind::ChangedHostKey { .. } => codes::PUBLISH_HOST_KEY_CHANGED,
            Kind::Certificate => codes::PUBLISH_CERTIFICATE,
            Kind::Local => codes::PUBLISH_LOCAL,
            Kind::Other => codes::PUBLISH_OTHER,
        }
    }

    /// The message, what was found, the server's own words and what to do, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let code = self.code();
        let mut message = Message::new(code.id).arg("subject", &self.subject);
        if let Kind::UnknownHostKey {
            fingerprint,
            known_hosts,
        }
        | Kind::ChangedHostKey {
            fingerprint,
            known_hosts,
        } = &self.kind
        {
            message = message
                .arg("fingerprint", fingerprint)
                .arg("known_hosts", known_hosts);
        }
        let mut out = format!(
            "bantin publish: {} {}: {}",
            i18n::text(lang, "severity-error"),
            code.code,
            message.text(lang)
        );
        if let Some(said) = &self.said {
            out.push_str(&format!("\n  {}", said.text(lang)));
        }
        if !self.detail.is_empty() {
            out.push_str(&format!("\n  {}", self.detail));
        }
        if let Some(fix) = message.attribute(lang, "help") {
            out.push_str(&format!("\n  {} {fix}", i18n::text(lang, "help-label")));
        }
        out
    }
}
