//! Reading the kept index's tables back with room to grow. Serde reads a sequence into a
//! vector that starts small and doubles, copying what it holds each time, and ends as full
//! as it can be; the first key a patch adds then copies the whole table once more, into
//! memory the system must first clear. Read with the length given up front, plus room for
//! what one build's patches add, a table is allocated once.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// Room beyond the length read: what the patches of one build add, in the main.
fn room(len: usize) -> usize {
    len / 64 + 1024
}

/// Lengths read from the file are taken up front only this far: a damaged file cannot
/// make the build ask for more memory than its tables could fill.
const MOST_UP_FRONT: usize = 1 << 22;

/// A vector, read with room to grow (`#[serde(deserialize_with = "roomy::vec")]`).
pub fn vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct Seq<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Seq<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let len = seq.size_hint().unwrap_or(0).min(MOST_UP_FRONT);
            let mut out = Vec::with_capacity(len + room(len));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Seq(PhantomData))
}

/// A string, read with room to grow (`#[serde(deserialize_with = "roomy::string")]`).
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Text;
    impl Visitor<'_> for Text {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
            let mut out = String::with_capacity(s.len() + room(s.len()));
            out.push_str(s);
            Ok(out)
        }
    }
    d.deserialize_str(Text)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Tables {
        #[serde(deserialize_with = "super::vec")]
        ids: Vec<(u32, u32)>,
        #[serde(deserialize_with = "super::string")]
        text: String,
    }

    #[test]
    fn tables_read_back_as_written_with_room_to_grow() {
        let t = Tables {
            ids: (0..5000).map(|i| (i, i * 3)).collect(),
            text: "đồng văn ".repeat(1000),
        };
        let bytes = postcard::to_stdvec(&t).unwrap();
        let read: Tables = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(read, t);
        assert!(read.ids.capacity() > read.ids.len() + 64);
        assert!(read.text.capacity() > read.text.len() + 64);
        // A length that the bytes cannot hold is refused, not allocated.
        let mut cut = postcard::to_stdvec(&t).unwrap();
        cut.truncate(cut.len() / 2);
        assert!(postcard::from_bytes::<Tables>(&cut).is_err());
    }
}
