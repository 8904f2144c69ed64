//! Keys of views: a view's data, as serde serialises it for templates, written straight into
//! a hasher. Nothing is built or encoded on the way; every value goes in with a tag for its
//! kind and strings and collections with their length, so that different data does not
//! write the same bytes.

use std::fmt;
use std::hash::Hasher;

use rustc_hash::FxHasher;
use serde::ser::{self, Serialize};

/// The hash of `value` as serialised.
pub fn hash_of(value: &impl Serialize) -> u64 {
    let mut h = FxHasher::default();
    if value.serialize(&mut KeyWriter(&mut h)).is_err() {
        // Only a value a template could not be given either: its key changes with nothing.
        h.write_u8(0xff);
    }
    h.finish()
}

/// Writes what it serialises into a hasher.
pub struct KeyWriter<'h>(pub &'h mut FxHasher);

/// A value that cannot be serialised.
#[derive(Debug)]
pub struct KeyError(String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

impl ser::Error for KeyError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        KeyError(msg.to_string())
    }
}

/// Tags of the kinds of value, written before each.
mod tag {
    pub const BOOL: u8 = 1;
    pub const INT: u8 = 2;
    pub const UINT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const STR: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const SEQ: u8 = 12;
    pub const MAP: u8 = 13;
    pub const STRUCT: u8 = 14;
    pub const END: u8 = 15;
}

impl KeyWriter<'_> {
    fn str(&mut self, v: &str) {
        self.0.write_u8(tag::STR);
        self.0.write_usize(v.len());
        self.0.write(v.as_bytes());
    }

    fn variant(&mut self, index: u32) {
        self.0.write_u8(tag::VARIANT);
        self.0.write_u32(index);
    }
}

type Result = std::result::Result<(), KeyError>;

impl<'a, 'h> ser::Serializer for &'a mut KeyWriter<'h> {
    type Ok = ();
    type Error = KeyError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result {
        self.0.write_u8(tag::BOOL);
        self.0.write_u8(v as u8);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.0.write_u8(tag::INT);
        self.0.write_i64(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.0.write_u8(tag::INT);
        self.0.write_i128(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.0.write_u8(tag::UINT);
        self.0.write_u64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.0.write_u8(tag::UINT);
        self.0.write_u128(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.0.write_u8(tag::FLOAT);
        self.0.write_u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.0.write_u8(tag::CHAR);
        self.0.write_u32(v.into());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.0.write_u8(tag::BYTES);
        self.0.write_usize(v.len());
        self.0.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.0.write_u8(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        self.0.write_u8(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.0.write_u8(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Result {
        self.variant(index);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Result {
        self.variant(index);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> std::result::Result<Self, KeyError> {
        self.0.write_u8(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> std::result::Result<Self, KeyError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self, KeyError> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self, KeyError> {
        self.variant(index);
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> std::result::Result<Self, KeyError> {
        self.0.write_u8(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> std::result::Result<Self, KeyError> {
        self.0.write_u8(tag::STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> std::result::Result<Self, KeyError> {
        self.variant(index);
        self.serialize_struct("", 0)
    }
}

// Sequences, tuples and maps write their elements in order, then an end tag: with each
// element tagged, where one ends and the next begins is plain.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'a, 'h> ser::$trait for &'a mut KeyWriter<'h> {
            type Ok = ();
            type Error = KeyError;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                self.0.write_u8(tag::END);
                Ok(())
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<'a, 'h> ser::SerializeMap for &'a mut KeyWriter<'h> {
    type Ok = ();
    type Error = KeyError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result {
        self.0.write_u8(tag::END);
        Ok(())
    }
}

// Fields go in with their names: a struct flattened into another is serialised as a map,
// whose keys are names too.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl<'a, 'h> ser::$trait for &'a mut KeyWriter<'h> {
            type Ok = ();
            type Error = KeyError;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result {
                self.str(name);
                value.serialize(&mut **self)
            }
            fn end(self) -> Result {
                self.0.write_u8(tag::END);
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::hash_of;

    #[test]
    fn different_data_different_keys() {
        assert_ne!(hash_of(&("ab", "c")), hash_of(&("a", "bc")));
        assert_ne!(
            hash_of(&vec![vec![1], vec![]]),
            hash_of(&vec![vec![], vec![1]])
        );
        assert_ne!(hash_of(&Some(0u8)), hash_of(&0u8));
        assert_ne!(hash_of(&1u32), hash_of(&1i32));
        assert_eq!(hash_of(&("a", 1)), hash_of(&("a", 1)));
    }
}
