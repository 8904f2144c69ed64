//! Hashing for the tokeniser's tables: the Fx hasher and a table keyed by non-zero u64s.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Fx hash (rustc's): fast for the short strings and integer keys here; not DoS-resistant,
/// which an index of the site's own documents does not need.
#[derive(Default, Clone, Copy)]
pub(in crate::search) struct Fx(u64);
impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
pub(in crate::search) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// An open-addressing table from non-zero u64 keys to two u32s: the hot lookups of tokenising
/// (a token packed in a u64, a bigram of two ids) without the general hash map's overhead.
#[derive(Default)]
pub(super) struct U64Table {
    slots: Vec<(u64, u32, u32)>,
    len: usize,
}

impl U64Table {
    fn slot(&self, key: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
        while self.slots[i].0 != key && self.slots[i].0 != 0 {
            i = (i + 1) & (self.slots.len() - 1);
        }
        i
    }

    pub(super) fn get(&self, key: u64) -> Option<(u32, u32)> {
        if self.slots.is_empty() {
            return None;
        }
        let s = self.slots[self.slot(key)];
        (s.0 == key).then_some((s.1, s.2))
    }

    /// Room for `more` keys beyond those held, grown once now rather than as they come.
    pub(super) fn reserve(&mut self, more: usize) {
        let wanted = ((self.len + more) * 2).next_power_of_two().max(1024);
        if wanted > self.slots.len() {
            self.resize(wanted);
        }
    }

    /// `size` slots (a power of two), every key moved to its place among them.
    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![(0, 0, 0); size]);
        for s in old.into_iter().filter(|s| s.0 != 0) {
            let i = self.slot(s.0);
            self.slots[i] = s;
        }
    }

    pub(super) fn insert(&mut self, key: u64, value: (u32, u32)) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.resize((self.slots.len() * 2).max(1024));
        }
        let i = self.slot(key);
        if self.slots[i].0 == 0 {
            self.len += 1;
        }
        self.slots[i] = (key, value.0, value.1);
    }
}
