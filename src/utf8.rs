//! Text read back from bantin's own state files, checked as UTF-8 in one SIMD pass
//! (`simdutf8`): those files hold megabytes of Vietnamese, where the standard library's
//! check goes nearly letter by letter.

use std::fmt;

use serde::de::{Deserializer, Error, Visitor};

/// `bytes` as text, or the format's error.
pub fn checked<E: Error>(bytes: &[u8]) -> Result<&str, E> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| E::custom("text that is not UTF-8"))
}

/// A string read through [`checked`] (`#[serde(deserialize_with = "crate::utf8::string")]`)
/// from a binary format, which writes a string as its bytes; as any string from one for
/// people to read.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    string_with_room(d, |_| 0)
}

/// [`string`], allocated once with `room(len)` bytes to spare beyond its length.
pub fn string_with_room<'de, D: Deserializer<'de>>(
    d: D,
    room: fn(usize) -> usize,
) -> Result<String, D::Error> {
    struct Text(fn(usize) -> usize);
    impl Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, s: &str) -> Result<String, E> {
            let mut out = String::with_capacity(s.len() + (self.0)(s.len()));
            out.push_str(s);
            Ok(out)
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<String, E> {
            self.visit_str(checked(bytes)?)
        }
    }
    if d.is_human_readable() {
        d.deserialize_str(Text(room))
    } else {
        d.deserialize_bytes(Text(room))
    }
}
