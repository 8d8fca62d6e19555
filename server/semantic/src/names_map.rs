//! The hash map type for variable names: a small multiply-rotate hash (FxHash style)
//! instead of SipHash, since names come from the file being analysed, not from an
//! attacker who gains anything by collisions, and hashing dominates scope lookups.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Variable name → `V`. Keys are shared strings so that child stages inherit a scope
/// without copying every name.
pub type NameMap<V> = HashMap<Arc<str>, V, BuildHasherDefault<NameHasher>>;

#[derive(Clone, Copy, Default)]
pub struct NameHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
