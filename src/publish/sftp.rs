//! Publishing to an SFTP server (OpenSSH and the like) with russh, in pure Rust. russh is
//! asynchronous: a one-thread tokio runtime lives inside this module and each call blocks
//! on it, so the rest of bantin stays synchronous.
//!
//! The server's key is checked against a known_hosts file (`~/.ssh/known_hosts` unless the
//! config names another); an unknown one is learnt only with `--accept-new-host-key`.
//! Each file is written under a temporary name and renamed over its place with the
//! `posix-rename@openssh.com` extension, which replaces the old file in one step.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use russh::client;
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh_sftp::client::{RawSftpSession, SftpSession, error::Error as SftpError};
use russh_sftp::protocol::{FileType, Packet, StatusCode};
use tokio::io::AsyncWriteExt;

use super::dest::{Server, home_dir};
use super::error::{Kind, PublishError};
use super::ftp::{CONNECT_TIMEOUT, IO_TIMEOUT, connect_tcp};
use super::{PART_SUFFIX, Remote, part_name};

const POSIX_RENAME: &str = "posix-rename@openssh.com";

/// Checks the server's key; what it found is kept for the error message.
struct HostCheck {
    host: String,
    port: u16,
    known_hosts: PathBuf,
    accept_new: bool,
    refused: Arc<Mutex<Option<Kind>>>,
}

impl client::Handler for HostCheck {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let key = key.public_key();
        let fingerprint = key.fingerprint(HashAlg::Sha256).to_string();
        let known_hosts = self.known_hosts.display().to_string();
        let verdict = if self.known_hosts.exists() {
            russh::keys::check_known_hosts_path(&self.host, self.port, &key, &self.known_hosts)
        } else {
            Ok(false)
        };
        match verdict {
            Ok(true) => Ok(true),
            Ok(false) if self.accept_new => {
                russh::keys::known_hosts::learn_known_hosts_path(
                    &self.host,
                    self.port,
                    &key,
                    &self.known_hosts,
                )?;
                Ok(true)
            }
            Ok(false) => {
                *self.refused.lock().expect("not poisoned") = Some(Kind::UnknownHostKey {
                    fingerprint,
                    known_hosts,
                });
                Ok(false)
            }
            Err(russh::keys::Error::KeyChanged { .. }) => {
                *self.refused.lock().expect("not poisoned") = Some(Kind::ChangedHostKey {
                    fingerprint,
                    known_hosts,
                });
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }
}

pub struct Sftp {
    runtime: tokio::runtime::Runtime,
    handle: client::Handle<HostCheck>,
    files: SftpSession,
    /// A second channel for the requests the session above does not offer (posix-rename).
    raw: Option<RawSftpSession>,
    server: Server,
    made: HashSet<String>,
}

fn sftp_err(e: SftpError, subject: &str) -> PublishError {
    match e {
        SftpError::Status(s) => {
            let kind = match s.status_code {
                StatusCode::PermissionDenied => Kind::Permission,
                _ if s.error_message.to_lowercase().contains("space")
                    || s.error_message.to_lowercase().contains("quota") =>
                {
                    Kind::DiskFull
                }
                _ => Kind::Other,
            };
            PublishError::new(kind, subject)
                .detail(format!("{}: {}", s.status_code, s.error_message))
        }
        SftpError::Timeout => PublishError::new(Kind::Timeout, subject),
        other => PublishError::new(Kind::Other, subject).detail(other.to_string()),
    }
}

fn ssh_err(e: russh::Error, subject: &str) -> PublishError {
    match e {
        russh::Error::IO(io) => PublishError::io(&io, subject),
        russh::Error::InactivityTimeout | russh::Error::KeepaliveTimeout => {
            PublishError::new(Kind::Timeout, subject)
        }
        other => PublishError::new(Kind::Other, subject).detail(other.to_string()),
    }
}

/// The key files to try: the one configured, else OpenSSH's usual ones.
fn key_files(server: &Server) -> Vec<PathBuf> {
    if let Some(k) = &server.key_file {
        return vec![k.clone()];
    }
    let Some(home) = home_dir() else {
        return Vec::new();
    };
    ["id_ed25519", "id_ecdsa", "id_rsa"]
        .iter()
        .map(|n| home.join(".ssh").join(n))
        .filter(|p| p.is_file())
        .collect()
}

impl Sftp {
    pub fn connect(server: &Server, accept_new_host_key: bool) -> Result<Sftp, PublishError> {
        let shown = server.display();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| PublishError::new(Kind::Local, &shown).detail(e.to_string()))?;
        let tcp = connect_tcp(server)?;
        tcp.set_nonblocking(true)
            .map_err(|e| PublishError::io(&e, &shown))?;
        let known_hosts = server.known_hosts.clone().unwrap_or_else(|| {
            home_dir()
                .unwrap_or_default()
                .join(".ssh")
                .join("known_hosts")
        });
        let refused = Arc::new(Mutex::new(None));
        let check = HostCheck {
            host: server.host.clone(),
            port: server.port,
            known_hosts,
            accept_new: accept_new_host_key,
            refused: refused.clone(),
        };
        let config = Arc::new(client::Config {
            inactivity_timeout: Some(IO_TIMEOUT),
            ..Default::default()
        });
        let (handle, files, raw) = runtime.block_on(async {
            let tcp =
                tokio::net::TcpStream::from_std(tcp).map_err(|e| PublishError::io(&e, &shown))?;
            let connecting = client::connect_stream(config, tcp, check);
            let mut handle = match tokio::time::timeout(CONNECT_TIMEOUT, connecting).await {
                Err(_) => return Err(PublishError::new(Kind::Timeout, &shown)),
                Ok(Err(e)) => {
                    if let Some(kind) = refused.lock().expect("not poisoned").take() {
                        return Err(PublishError::new(kind, &shown));
                    }
                    return Err(ssh_err(e, &shown));
                }
                Ok(Ok(h)) => h,
            };
            authenticate(&mut handle, server, &shown).await?;
            let files = open_sftp(&handle, &shown).await?;
            let files = SftpSession::new(files)
                .await
                .map_err(|e| sftp_err(e, &shown))?;
            files.set_timeout(IO_TIMEOUT.as_secs());
            // posix-rename, when the server offers it, on a channel of its own.
            let raw_stream = open_sftp(&handle, &shown).await?;
            let raw = RawSftpSession::new(raw_stream);
            raw.set_timeout(IO_TIMEOUT.as_secs());
            let version = raw.init().await.map_err(|e| sftp_err(e, &shown))?;
            let raw = version.extensions.contains_key(POSIX_RENAME).then_some(raw);
            Ok((handle, files, raw))
        })?;
        Ok(Sftp {
            runtime,
            handle,
            files,
            raw,
            server: server.clone(),
            made: HashSet::new(),
        })
    }

    fn subject(&self, rel: &str) -> String {
        format!("{}/{rel}", self.server.display().trim_end_matches('/'))
    }
}

async fn open_sftp(
    handle: &client::Handle<HostCheck>,
    shown: &str,
) -> Result<russh::ChannelStream<client::Msg>, PublishError> {
    let channel = handle
        .channel_open_session()
        .await
        .map_err(|e| ssh_err(e, shown))?;
    channel
        .request_subsystem(true, "sftp")
        .await
        .map_err(|e| ssh_err(e, shown))?;
    Ok(channel.into_stream())
}

/// Keys first (the configured one, or OpenSSH's usual ones), then the password.
async fn authenticate(
    handle: &mut client::Handle<HostCheck>,
    server: &Server,
    shown: &str,
) -> Result<(), PublishError> {
    let mut tried = false;
    for file in key_files(server) {
        let key =
            russh::keys::load_secret_key(&file, server.key_passphrase.as_deref()).map_err(|e| {
                PublishError::new(Kind::Config, file.display().to_string()).detail(e.to_string())
            })?;
        let hash = handle
            .best_supported_rsa_hash()
            .await
            .map_err(|e| ssh_err(e, shown))?
            .flatten();
        let result = handle
            .authenticate_publickey(
                server.user.clone(),
                PrivateKeyWithHashAlg::new(Arc::new(key), hash),
            )
            .await
            .map_err(|e| ssh_err(e, shown))?;
        tried = true;
        if result.success() {
            return Ok(());
        }
    }
    if let Some(password) = &server.password {
        let result = handle
            .authenticate_password(server.user.clone(), password.clone())
            .await
            .map_err(|e| ssh_err(e, shown))?;
        tried = true;
        if result.success() {
            return Ok(());
        }
    }
    let mut e = PublishError::new(Kind::Auth, shown);
    if !tried {
        e = e.said(crate::msg!("publish-no-credentials"));
    }
    Err(e)
}

impl Remote for Sftp {
    fn put(&mut self, rel: &str, local: &Path) -> Result<(), PublishError> {
        let target = self.server.remote(rel);
        let subject = self.subject(rel);
        let part = match target.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{}", part_name(rel)),
            None => part_name(rel),
        };
        let bytes = std::fs::read(local).map_err(|e| {
            PublishError::new(Kind::Local, local.display().to_string()).detail(e.to_string())
        })?;
        let dirs: Vec<String> = {
            let parts: Vec<&str> = target.split('/').collect();
            (1..parts.len())
                .map(|n| parts[..n].join("/"))
                .filter(|d| !d.is_empty() && !self.made.contains(d))
                .collect()
        };
        let (files, raw) = (&self.files, &self.raw);
        self.runtime.block_on(async {
            for dir in &dirs {
                // Already there is fine; a real refusal shows when the file is written.
                let _ = files.create_dir(dir.clone()).await;
            }
            let mut file = files
                .create(part.clone())
                .await
                .map_err(|e| sftp_err(e, &subject))?;
            let written = file.write_all(&bytes).await;
            let closed = file.close().await;
            written
                .and(closed)
                .map_err(|e| PublishError::io(&e, &subject))?;
            match raw {
                Some(raw) => {
                    let mut data = Vec::with_capacity(part.len() + target.len() + 8);
                    for s in [&part, &target] {
                        data.extend_from_slice(&(s.len() as u32).to_be_bytes());
                        data.extend_from_slice(s.as_bytes());
                    }
                    match raw.extended(POSIX_RENAME, data).await {
                        Ok(Packet::Status(s)) if s.status_code == StatusCode::Ok => Ok(()),
                        Ok(Packet::Status(s)) => Err(sftp_err(SftpError::Status(s), &subject)),
                        Ok(_) => Err(PublishError::new(Kind::Other, &subject)
                            .said(crate::msg!("publish-rename-unexpected"))),
                        Err(e) => Err(sftp_err(e, &subject)),
                    }
                }
                None => {
                    // Plain SFTP rename does not replace: remove the old file first.
                    if files.rename(part.clone(), target.clone()).await.is_err() {
                        let _ = files.remove_file(target.clone()).await;
                        files
                            .rename(part.clone(), target.clone())
                            .await
                            .map_err(|e| sftp_err(e, &subject))?;
                    }
                    Ok(())
                }
            }
        })?;
        self.made.extend(dirs);
        Ok(())
    }

    fn remove(&mut self, rel: &str) -> Result<(), PublishError> {
        let target = self.server.remote(rel);
        match self.runtime.block_on(self.files.remove_file(target)) {
            Err(SftpError::Status(s)) if s.status_code == StatusCode::NoSuchFile => Ok(()),
            Err(e) => Err(sftp_err(e, &self.subject(rel))),
            Ok(()) => Ok(()),
        }
    }

    fn remove_dir_if_empty(&mut self, rel: &str) {
        let dir = self.server.remote(rel);
        let _ = self.runtime.block_on(self.files.remove_dir(dir));
    }

    fn list(&mut self) -> Result<BTreeMap<String, u64>, PublishError> {
        let mut out = BTreeMap::new();
        let base = self.server.path.trim_end_matches('/').to_owned();
        let mut todo = vec![(base.clone(), String::new())];
        let shown = self.server.display();
        while let Some((dir, prefix)) = todo.pop() {
            let listing = self
                .runtime
                .block_on(self.files.read_dir(if dir.is_empty() {
                    ".".into()
                } else {
                    dir.clone()
                }));
            let entries = match listing {
                Ok(e) => e,
                Err(SftpError::Status(s)) if s.status_code == StatusCode::NoSuchFile => continue,
                Err(e) => return Err(sftp_err(e, &shown)),
            };
            for entry in entries {
                let name = entry.file_name();
                if name == "." || name == ".." || name.ends_with(PART_SUFFIX) {
                    continue;
                }
                let rel = format!("{prefix}{name}");
                match entry.file_type() {
                    FileType::Dir => todo.push((
                        if dir.is_empty() {
                            name.clone()
                        } else {
                            format!("{dir}/{name}")
                        },
                        format!("{rel}/"),
                    )),
                    FileType::File => {
                        out.insert(rel, entry.metadata().len());
                    }
                    _ => {}
                }
            }
        }
        Ok(out)
    }

    fn close(&mut self) -> Result<(), PublishError> {
        let _ = self.runtime.block_on(async {
            let _ = self.files.close().await;
            self.handle
                .disconnect(russh::Disconnect::ByApplication, "", "en")
                .await
        });
        Ok(())
    }
}
