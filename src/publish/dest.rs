//! Where a site is published: a folder, or an FTP, FTPS or SFTP server; and the
//! credentials for it, from the environment or `bantin-publish.yaml`, never from the site.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::{Kind, PublishError};
use crate::diag::Diagnostic;
use crate::i18n::codes;
use crate::msg;

/// The protocols bantin speaks to a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Ftp,
    /// FTP with explicit TLS (`AUTH TLS` on the control connection, protected data).
    Ftps,
    Sftp,
}

impl Protocol {
    pub fn scheme(self) -> &'static str {
        match self {
            Protocol::Ftp => "ftp",
            Protocol::Ftps => "ftps",
            Protocol::Sftp => "sftp",
        }
    }
    fn default_port(self) -> u16 {
        match self {
            Protocol::Ftp | Protocol::Ftps => 21,
            Protocol::Sftp => 22,
        }
    }
}

/// A server account and folder, with what is needed to log in.
#[derive(Clone, Debug)]
pub struct Server {
    pub protocol: Protocol,
    pub host: String,
    pub port: u16,
    pub user: String,
    /// The folder on the server: for FTP from the login folder (as FTP clients read
    /// URLs), for SFTP absolute unless it starts with `~/`.
    pub path: String,
    pub password: Option<String>,
    pub key_file: Option<PathBuf>,
    pub key_passphrase: Option<String>,
    pub known_hosts: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
}

impl Server {
    /// The address without any password, for messages and the manifest.
    pub fn display(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let port = if self.port == self.protocol.default_port() {
            String::new()
        } else {
            format!(":{}", self.port)
        };
        let user = if self.user.is_empty() {
            String::new()
        } else {
            format!("{}@", self.user)
        };
        let path = self.path.trim_start_matches('/');
        format!("{}://{user}{host}{port}/{path}", self.protocol.scheme())
    }

    /// Host and port for connecting.
    pub fn addr(&self) -> (String, u16) {
        (self.host.clone(), self.port)
    }

    /// The remote path of a file of the site.
    pub fn remote(&self, rel: &str) -> String {
        let base = self.path.trim_end_matches('/');
        if base.is_empty() {
            rel.to_owned()
        } else {
            format!("{base}/{rel}")
        }
    }
}

#[derive(Clone, Debug)]
pub enum Destination {
    Folder(PathBuf),
    Server(Box<Server>),
}

impl Destination {
    /// Reads DEST as typed. `warnings` gets what the user should know (a password in the
    /// address). Credentials come from, in order: the address, the environment, the
    /// config file beside `content/`, the user's config file.
    pub fn parse(
        dest: &str,
        root: &Path,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Destination, PublishError> {
        let lower = dest.to_ascii_lowercase();
        let protocol = if lower.starts_with("ftp://") {
            Protocol::Ftp
        } else if lower.starts_with("ftps://") {
            Protocol::Ftps
        } else if lower.starts_with("sftp://") {
            Protocol::Sftp
        } else if lower.contains("://") && !lower.starts_with("file://") {
            let scheme = dest.split("://").next().unwrap_or_default();
            return Err(PublishError::new(Kind::Config, redact(dest))
                .said(msg!("publish-scheme-unknown", scheme = scheme)));
        } else {
            let path = dest.strip_prefix("file://").unwrap_or(dest);
            return Ok(Destination::Folder(PathBuf::from(path)));
        };
        let url = url::Url::parse(dest).map_err(|e| {
            PublishError::new(Kind::Config, redact(dest))
                .said(msg!("publish-address-invalid", scheme = protocol.scheme()))
                .detail(e.to_string())
        })?;
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| {
                PublishError::new(Kind::Config, redact(dest)).said(msg!("publish-no-host"))
            })?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let mut server = Server {
            protocol,
            port: url.port().unwrap_or(protocol.default_port()),
            host,
            user: decode(url.username()),
            path: decode(url.path()),
            password: None,
            key_file: None,
            key_passphrase: None,
            known_hosts: None,
            ca_file: None,
        };
        if protocol == Protocol::Ftp || protocol == Protocol::Ftps {
            // As FTP clients read URLs: the path is from the login folder.
            server.path = server.path.trim_start_matches('/').to_owned();
        } else if let Some(home) = server.path.strip_prefix("/~/") {
            server.path = home.to_owned();
        } else if server.path == "/~" {
            server.path = String::new();
        }
        if let Some(p) = url.password() {
            server.password = Some(decode(p));
            warnings.push(Diagnostic::warning("", codes::PUBLISH_PASSWORD_IN_ADDRESS));
        }
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let (password_var, config) = match protocol {
            Protocol::Sftp => ("BANTIN_SFTP_PASSWORD", Config::find(root, &server)?),
            _ => ("BANTIN_FTP_PASSWORD", Config::find(root, &server)?),
        };
        if server.password.is_none() {
            server.password = env(password_var);
        }
        server.key_file = env("BANTIN_SFTP_KEY").map(PathBuf::from);
        server.key_passphrase = env("BANTIN_SFTP_KEY_PASSPHRASE");
        if let Some(c) = config {
            if server.user.is_empty() {
                server.user = c.user.unwrap_or_default();
            }
            server.password = server.password.or(c.password);
            server.key_file = server.key_file.or(c.key_file.map(expand_home));
            server.key_passphrase = server.key_passphrase.or(c.key_passphrase);
            server.known_hosts = c.known_hosts.map(expand_home);
            server.ca_file = c.ca_file.map(expand_home);
        }
        if server.user.is_empty() && protocol != Protocol::Sftp {
            server.user = "anonymous".into();
        }
        if server.user.is_empty() {
            return Err(
                PublishError::new(Kind::Config, server.display()).said(msg!("publish-no-user"))
            );
        }
        Ok(Destination::Server(Box::new(server)))
    }

    pub fn display(&self) -> String {
        match self {
            Destination::Folder(p) => p.display().to_string(),
            Destination::Server(s) => s.display(),
        }
    }

    /// A short name for this destination's manifest file.
    pub fn id(&self) -> String {
        let (kind, name, full) = match self {
            Destination::Folder(p) => {
                let full = absolute(p);
                let name = full
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                ("folder", name, full.display().to_string())
            }
            Destination::Server(s) => (
                s.protocol.scheme(),
                format!("{}-{}", s.host, s.port),
                s.display(),
            ),
        };
        let slug: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .take(40)
            .collect();
        let hash = xxhash_rust::xxh3::xxh3_64(full.as_bytes());
        format!("{kind}-{slug}-{hash:016x}")
    }
}

/// The address with any `user:password@` reduced to `user@`.
pub fn redact(text: &str) -> String {
    let Some(scheme_end) = text.find("://") else {
        return text.to_owned();
    };
    let rest = &text[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}@{}", &text[..scheme_end + 3], &rest[at + 1..])
        }
        None => text.to_owned(),
    }
}

/// A path made absolute without needing it to exist.
pub fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn expand_home(p: PathBuf) -> PathBuf {
    match (p.strip_prefix("~"), home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => p,
    }
}

pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// The name of the config file beside `content/`.
pub const CONFIG_FILE: &str = "bantin-publish.yaml";

/// `bantin-publish.yaml`: the servers a site is published to, with their secrets.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    servers: Vec<ServerConfig>,
}

#[derive(Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
struct ServerConfig {
    /// `sftp://user@host:port` (the path is ignored): which server these settings are for.
    url: String,
    user: Option<String>,
    password: Option<String>,
    key_file: Option<PathBuf>,
    key_passphrase: Option<String>,
    known_hosts: Option<PathBuf>,
    ca_file: Option<PathBuf>,
}

struct Config;

impl Config {
    /// Where config files are looked for, most specific first.
    pub fn paths(root: &Path) -> Vec<PathBuf> {
        let mut paths = vec![root.join(CONFIG_FILE)];
        if let Some(dir) = std::env::var_os("APPDATA")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from))
            .or_else(|| home_dir().map(|h| h.join(".config")))
        {
            paths.push(dir.join("bantin").join("publish.yaml"));
        }
        paths
    }

    /// The settings for this server from the first config file naming it.
    fn find(root: &Path, server: &Server) -> Result<Option<ServerConfig>, PublishError> {
        for path in Config::paths(root) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let file: ConfigFile = crate::yaml::from_str(&text).map_err(|e| {
                let at = format!("{}:{}:{}", path.display(), e.line, e.column);
                PublishError::new(Kind::Config, at).detail(e.message)
            })?;
            for entry in file.servers {
                let Ok(url) = url::Url::parse(&entry.url) else {
                    continue;
                };
                let same_user = url.username().is_empty()
                    || server.user.is_empty()
                    || url.username() == server.user;
                if url.scheme().eq_ignore_ascii_case(server.protocol.scheme())
                    && url.host_str().map(|h| h.trim_matches(['[', ']']))
                        == Some(server.host.as_str())
                    && url.port().unwrap_or(server.protocol.default_port()) == server.port
                    && same_user
                {
                    let mut entry = entry.clone();
                    if entry.user.is_none() && !url.username().is_empty() {
                        entry.user = Some(url.username().to_owned());
                    }
                    return Ok(Some(entry));
                }
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("sftp://an:s3cr3t@portal.vn:2222/var/www"),
            "sftp://an@portal.vn:2222/var/www"
        );
        assert_eq!(redact("ftp://portal.vn/x@y"), "ftp://portal.vn/x@y");
        assert_eq!(redact("D:\\site"), "D:\\site");
    }

    #[test]
    fn addresses_are_read_as_typed() {
        let mut warnings = Vec::new();
        let root = Path::new("/nonexistent");
        let d = Destination::parse("sftp://an:pa%40ss@[::1]:2222/var/www/", root, &mut warnings)
            .unwrap();
        let Destination::Server(s) = d else { panic!() };
        assert_eq!(
            (s.host.as_str(), s.port, s.user.as_str()),
            ("::1", 2222, "an")
        );
        assert_eq!(s.password.as_deref(), Some("pa@ss"));
        assert_eq!(s.path, "/var/www/");
        assert_eq!(s.display(), "sftp://an@[::1]:2222/var/www/");
        assert_eq!(warnings.len(), 1);

        let d = Destination::parse("ftp://portal.vn/bantin", root, &mut warnings).unwrap();
        let Destination::Server(s) = d else { panic!() };
        assert_eq!((s.path.as_str(), s.user.as_str()), ("bantin", "anonymous"));
        assert!(matches!(
            Destination::parse("E:\\Bản tin", root, &mut warnings),
            Ok(Destination::Folder(_))
        ));
        assert!(Destination::parse("http://portal.vn/", root, &mut warnings).is_err());
        assert!(Destination::parse("sftp://portal.vn/x", root, &mut warnings).is_err());
    }
}
