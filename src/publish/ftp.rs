//! Publishing to an FTP server, or FTPS (explicit TLS: `AUTH TLS`, then protected data
//! connections), with suppaftp over rustls. Each file is stored under a temporary name
//! and renamed over its place (RNFR/RNTO).

use std::collections::{BTreeMap, HashSet};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use suppaftp::types::FileType;
use suppaftp::{FtpError, RustlsConnector, RustlsFtpStream, Status};

use super::dest::{Protocol, Server};
use super::error::{Kind, PublishError};
use super::{PART_SUFFIX, Remote, part_name};

/// How long to wait for a connection, and then for each answer.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
pub const IO_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Ftp {
    stream: RustlsFtpStream,
    server: Server,
    /// Folders made (or found) in this session.
    made: HashSet<String>,
}

/// Resolves and connects with a timeout, telling an unknown host from a refusal.
pub fn connect_tcp(server: &Server) -> Result<TcpStream, PublishError> {
    let shown = server.display();
    let addrs: Vec<SocketAddr> = (server.host.as_str(), server.port)
        .to_socket_addrs()
        .map_err(|e| PublishError::new(Kind::Unreachable, &shown).detail(e.to_string()))?
        .collect();
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(s) => {
                s.set_read_timeout(Some(IO_TIMEOUT)).ok();
                s.set_write_timeout(Some(IO_TIMEOUT)).ok();
                return Ok(s);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => PublishError::io(&e, &shown),
        None => PublishError::new(Kind::Unreachable, &shown),
    })
}

/// The certificates an FTPS server may present: one signed by Mozilla's roots or by a
/// certificate of the file the config names, or that very certificate (a portal's own
/// self-signed one, which `openssl req -x509` marks as a CA).
fn tls_config(server: &Server) -> Result<rustls::ClientConfig, PublishError> {
    use rustls::pki_types::{CertificateDer, pem::PemObject};
    let mut roots =
        rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let mut pinned = Vec::new();
    if let Some(file) = &server.ca_file {
        let shown = file.display().to_string();
        let certs = CertificateDer::pem_file_iter(file)
            .map_err(|e| PublishError::new(Kind::Config, &shown).detail(e.to_string()))?;
        for cert in certs {
            let cert =
                cert.map_err(|e| PublishError::new(Kind::Config, &shown).detail(e.to_string()))?;
            pinned.push(cert.clone());
            roots
                .add(cert)
                .map_err(|e| PublishError::new(Kind::Config, &shown).detail(e.to_string()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let other = |e: &dyn std::fmt::Display| {
        PublishError::new(Kind::Other, server.display()).detail(e.to_string())
    };
    let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .map_err(|e| other(&e))?;
    // TLS 1.2: a TLS 1.3 server sends session tickets after the handshake that nothing
    // reads on an upload's data connection, and closing it with them unread resets the
    // connection, which makes servers drop the end of the file.
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12])
        .map_err(|e| other(&e))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Pinned { webpki, pinned }))
        .with_no_client_auth())
}

/// Web PKI verification, or the server's certificate is one the config names.
#[derive(Debug)]
struct Pinned {
    webpki: Arc<rustls::client::WebPkiServerVerifier>,
    pinned: Vec<rustls::pki_types::CertificateDer<'static>>,
}

impl rustls::client::danger::ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        match self
            .webpki
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(_)
                if self
                    .pinned
                    .iter()
                    .any(|c| c.as_ref() == end_entity.as_ref()) =>
            {
                Ok(rustls::client::danger::ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// Says what an FTP failure means for the user.
fn ftp_err(e: FtpError, subject: &str) -> PublishError {
    match e {
        // A certificate refused by rustls comes back as an I/O error of the TLS stream.
        FtpError::ConnectionError(io) if io.to_string().contains("certificate") => {
            PublishError::new(Kind::Certificate, subject).detail(io.to_string())
        }
        FtpError::ConnectionError(io) => PublishError::io(&io, subject),
        FtpError::SecureError(text) => {
            let kind = if text.contains("ertificate") || text.contains("Issuer") {
                Kind::Certificate
            } else {
                Kind::Other
            };
            PublishError::new(kind, subject).detail(text)
        }
        FtpError::UnexpectedResponse(r) => {
            let kind = match r.status {
                Status::NotLoggedIn => Kind::Auth,
                Status::FileUnavailable | Status::BadFilename => Kind::Permission,
                Status::ExceededStorage | Status::RequestedActionNotTaken => Kind::DiskFull,
                _ => Kind::Other,
            };
            let text = String::from_utf8_lossy(&r.body).trim().to_owned();
            PublishError::new(kind, subject).detail(text)
        }
        other => PublishError::new(Kind::Other, subject).detail(other.to_string()),
    }
}

impl Ftp {
    pub fn connect(server: &Server) -> Result<Ftp, PublishError> {
        let shown = server.display();
        let tcp = connect_tcp(server)?;
        let mut stream = RustlsFtpStream::connect_with_stream(tcp)
            .map_err(|e| ftp_err(e, &shown))?
            .passive_stream_builder(|addr| {
                TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT)
                    .inspect(|s| {
                        s.set_read_timeout(Some(IO_TIMEOUT)).ok();
                        s.set_write_timeout(Some(IO_TIMEOUT)).ok();
                    })
                    .map_err(FtpError::ConnectionError)
            });
        // Servers behind NAT announce private addresses for data: use the one we reached.
        stream.set_passive_nat_workaround(true);
        if server.protocol == Protocol::Ftps {
            let config = tls_config(server)?;
            stream = stream
                .into_secure(RustlsConnector::from(Arc::new(config)), &server.host)
                .map_err(|e| ftp_err(e, &shown))?;
        }
        stream
            .login(
                server.user.as_str(),
                server.password.as_deref().unwrap_or_default(),
            )
            .map_err(|e| ftp_err(e, &shown))?;
        stream
            .transfer_type(FileType::Binary)
            .map_err(|e| ftp_err(e, &shown))?;
        Ok(Ftp {
            stream,
            server: server.clone(),
            made: HashSet::new(),
        })
    }

    /// Makes the folders of a remote path, each once per session.
    fn make_dirs(&mut self, remote_file: &str) {
        let mut upto = String::new();
        let parts: Vec<&str> = remote_file.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            if !upto.is_empty() || remote_file.starts_with('/') {
                upto.push('/');
            }
            upto.push_str(part);
            if part.is_empty() || self.made.contains(&upto) {
                continue;
            }
            // Already there is fine; a real refusal shows when the file is stored.
            let _ = self.stream.mkdir(&upto);
            self.made.insert(upto.clone());
        }
    }

    fn list_dir(
        &mut self,
        dir: &str,
        prefix: &str,
        out: &mut BTreeMap<String, u64>,
    ) -> Result<(), PublishError> {
        let shown = self.server.display();
        let path = if dir.is_empty() { None } else { Some(dir) };
        let files: Vec<suppaftp::list::File> = match self.stream.mlsd(path) {
            Ok(lines) => lines
                .iter()
                .filter_map(|l| suppaftp::list::File::from_mlsx_line(l).ok())
                .collect(),
            Err(_) => self
                .stream
                .list(path)
                .map_err(|e| ftp_err(e, &shown))?
                .iter()
                .filter_map(|l| l.parse().ok())
                .collect(),
        };
        for f in files {
            let name = f.name();
            if name == "." || name == ".." || name.ends_with(PART_SUFFIX) {
                continue;
            }
            let rel = format!("{prefix}{name}");
            if f.is_directory() {
                let sub = if dir.is_empty() {
                    name.to_owned()
                } else {
                    format!("{dir}/{name}")
                };
                self.list_dir(&sub, &format!("{rel}/"), out)?;
            } else if f.is_file() {
                out.insert(rel, f.size() as u64);
            }
        }
        Ok(())
    }
}

impl Remote for Ftp {
    fn put(&mut self, rel: &str, local: &Path) -> Result<(), PublishError> {
        let target = self.server.remote(rel);
        let part = match target.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{}", part_name(rel)),
            None => part_name(rel),
        };
        let subject = format!("{}/{rel}", self.server.display().trim_end_matches('/'));
        self.make_dirs(&target);
        let mut file = std::fs::File::open(local).map_err(|e| {
            PublishError::new(Kind::Local, local.display().to_string()).detail(e.to_string())
        })?;
        self.stream
            .put_file(&part, &mut file)
            .map_err(|e| ftp_err(e, &subject))?;
        if self.stream.rename(&part, &target).is_err() {
            // Some servers will not rename over an existing file: remove it first.
            let _ = self.stream.rm(&target);
            self.stream
                .rename(&part, &target)
                .map_err(|e| ftp_err(e, &subject))?;
        }
        Ok(())
    }

    fn remove(&mut self, rel: &str) -> Result<(), PublishError> {
        let target = self.server.remote(rel);
        match self.stream.rm(&target) {
            Ok(()) => Ok(()),
            // 550 is both "no such file" and "not allowed": gone is fine, still there is not.
            Err(e) if self.stream.size(&target).is_err() => {
                drop(e);
                Ok(())
            }
            Err(e) => Err(ftp_err(
                e,
                &format!("{}/{rel}", self.server.display().trim_end_matches('/')),
            )),
        }
    }

    fn remove_dir_if_empty(&mut self, rel: &str) {
        let _ = self.stream.rmdir(self.server.remote(rel));
    }

    fn list(&mut self) -> Result<BTreeMap<String, u64>, PublishError> {
        let mut out = BTreeMap::new();
        let base = self.server.path.trim_end_matches('/').to_owned();
        self.list_dir(&base, "", &mut out)?;
        Ok(out)
    }

    fn close(&mut self) -> Result<(), PublishError> {
        let _ = self.stream.quit();
        Ok(())
    }
}
