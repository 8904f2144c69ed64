//! Who may write: only the desk page this process served, in a browser that opened it at an
//! address of this computer. Another web page cannot read the token (the same-origin
//! policy), cannot send a matching `Origin`, and, reached by DNS rebinding, names a foreign
//! `Host`.

use super::super::head::Head;
use super::super::http::host_allowed;
use crate::i18n::Message;
use crate::msg;

/// 128 random bits from the system, in hex.
pub fn new_token() -> std::io::Result<String> {
    use ring::rand::{SecureRandom, SystemRandom};
    let mut bytes = [0u8; 16];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| std::io::Error::other("no random numbers from the system"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The header that carries the token.
pub const TOKEN_HEADER: &str = "X-Bantin-Token";

/// Whether a write may go ahead; why not otherwise, for a 403.
pub fn check(request: &Head, token: &str, allowed: &[String]) -> Result<(), Message> {
    let Some(host) = request.header("Host") else {
        return Err(msg!("desk-no-host"));
    };
    if !host_allowed(host, allowed) {
        return Err(msg!("desk-foreign-host", host = host));
    }
    match request.header("Origin") {
        Some(origin) if origin == format!("http://{host}") => {}
        _ => return Err(msg!("desk-foreign-origin")),
    }
    let sent = request.header(TOKEN_HEADER).unwrap_or("");
    if !same(sent.as_bytes(), token.as_bytes()) {
        return Err(msg!("desk-token"));
    }
    Ok(())
}

/// Compares in time that does not depend on where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(headers: &[(&str, &str)]) -> Head {
        Head {
            method: "POST".into(),
            target: "/__bantin/soan-thao/luu".into(),
            version: 1,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn only_the_desk_page_at_this_computer_may_write() {
        let token = new_token().unwrap();
        assert_eq!(token.len(), 32);
        assert_ne!(token, new_token().unwrap());
        let good = [
            ("Host", "127.0.0.1:8000"),
            ("Origin", "http://127.0.0.1:8000"),
            (TOKEN_HEADER, token.as_str()),
        ];
        assert!(check(&head(&good), &token, &[]).is_ok());
        let wrong = "0".repeat(32);
        for bad in [
            vec![good[0], good[1]],
            vec![good[0], good[1], (TOKEN_HEADER, wrong.as_str())],
            vec![good[0], ("Origin", "http://evil.example"), good[2]],
            vec![good[0], ("Origin", "null"), good[2]],
            vec![good[0], good[2]],
            vec![
                ("Host", "evil.example:8000"),
                ("Origin", "http://evil.example:8000"),
                good[2],
            ],
            vec![good[1], good[2]],
        ] {
            assert!(check(&head(&bad), &token, &[]).is_err(), "{bad:?}");
        }
    }
}
