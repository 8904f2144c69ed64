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
    crate::utf8::string_with_room(d, room)
}

/// Texts stored as one (`#[serde(with = "roomy::texts")]`): the length of each, then all
/// of them in one run, checked as text at once rather than one by one.
pub mod texts {
    use std::fmt;

    use serde::de::{DeserializeSeed, Deserializer, Error, SeqAccess, Visitor};
    use serde::ser::{SerializeTuple, Serializer};

    pub fn serialize<S: Serializer>(texts: &[Box<str>], s: S) -> Result<S::Ok, S::Error> {
        let lens: Vec<u32> = texts.iter().map(|t| t.len() as u32).collect();
        let mut all = String::with_capacity(texts.iter().map(|t| t.len()).sum());
        texts.iter().for_each(|t| all.push_str(t));
        let mut tuple = s.serialize_tuple(2)?;
        tuple.serialize_element(&lens)?;
        tuple.serialize_element(&AsBytes(all.as_bytes()))?;
        tuple.end()
    }

    /// Bytes serialised as bytes, not as a sequence of numbers.
    struct AsBytes<'a>(&'a [u8]);

    impl serde::Serialize for AsBytes<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Box<str>>, D::Error> {
        struct Pair;
        impl<'de> Visitor<'de> for Pair {
            type Value = Vec<Box<str>>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("lengths, then texts")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let lens: Vec<u32> = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::custom("no lengths"))?;
                seq.next_element_seed(Split(lens))?
                    .ok_or_else(|| A::Error::custom("no texts"))
            }
        }
        d.deserialize_tuple(2, Pair)
    }

    /// The texts of one run, cut at the lengths read before it.
    struct Split(Vec<u32>);

    impl<'de> DeserializeSeed<'de> for Split {
        type Value = Vec<Box<str>>;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_bytes(self)
        }
    }

    impl Visitor<'_> for Split {
        type Value = Vec<Box<str>>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("texts")
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
            let mut rest = crate::utf8::checked(bytes)?;
            let mut texts = Vec::with_capacity(self.0.len());
            for &len in &self.0 {
                let (text, after) = rest
                    .split_at_checked(len as usize)
                    .ok_or_else(|| E::custom("a text cut short or inside a letter"))?;
                texts.push(Box::from(text));
                rest = after;
            }
            if !rest.is_empty() {
                return Err(E::custom("more text than the lengths say"));
            }
            Ok(texts)
        }
    }
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

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Snippets(#[serde(with = "super::texts")] Vec<Box<str>>);

    #[test]
    fn texts_read_back_as_written_and_bad_ones_are_refused() {
        let texts = Snippets(
            ["Kế hoạch", "", "tuyên truyền đồng bào", "x"]
                .map(Box::from)
                .into(),
        );
        let bytes = postcard::to_stdvec(&texts).unwrap();
        assert_eq!(postcard::from_bytes::<Snippets>(&bytes).unwrap(), texts);
        let empty = Snippets(Vec::new());
        let read = postcard::from_bytes::<Snippets>(&postcard::to_stdvec(&empty).unwrap());
        assert_eq!(read.unwrap(), empty);
        // Lengths that cut a letter, or leave text over, or ask for more than there is.
        let with_lens = |lens: &[u32]| {
            let all: String = texts.0.concat();
            let mut bytes = postcard::to_stdvec(&lens).unwrap();
            bytes.extend(postcard::to_stdvec(all.as_bytes()).unwrap());
            postcard::from_bytes::<Snippets>(&bytes)
        };
        let lens: Vec<u32> = texts.0.iter().map(|t| t.len() as u32).collect();
        assert!(with_lens(&lens).is_ok());
        let cut_inside = [&[2, lens[0] - 2], &lens[1..]].concat();
        assert!(with_lens(&cut_inside).is_err(), "inside a letter");
        assert!(with_lens(&lens[..3]).is_err(), "text left over");
        let more = [&lens[..3], &[lens[3] + 1]].concat();
        assert!(with_lens(&more).is_err(), "more than there is");
        // Bytes that are not UTF-8.
        let mut bad = postcard::to_stdvec(&[1u32]).unwrap();
        bad.extend(postcard::to_stdvec(&[0xffu8][..]).unwrap());
        assert!(postcard::from_bytes::<Snippets>(&bad).is_err());
    }
}
