//! A stable, non-cryptographic content hash (FNV-1a), for ids and
//! fingerprints that must depend on content alone, not on the seed.

/// FNV-1a 64-bit hash of `text`.
pub fn fnv1a(text: &str) -> u64 {
    fnv1a_bytes(text.as_bytes())
}

/// FNV-1a 64-bit hash of `bytes`.
pub fn fnv1a_bytes(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a::default();
    hash.write_bytes(bytes);
    hash.finish()
}

/// FNV-1a 64-bit hash fed piece by piece, so that text can be hashed as
/// it is formatted (`write!`) without being built as a string first; it
/// gives what [`fnv1a`] gives for the whole text.
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    /// Feeds `bytes` to the hash.
    pub fn write_bytes(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    }

    /// The hash of everything fed so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl std::fmt::Write for Fnv1a {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.write_bytes(text.as_bytes());
        Ok(())
    }
}

/// `count` bytes derived from `bytes`: a stable digest of any length (a
/// seeded generator keyed by the content's hash, so the bytes look random).
pub fn digest(bytes: &[u8], count: usize) -> Vec<u8> {
    super::SeededRng::new(fnv1a_bytes(bytes)).bytes(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_sensitive() {
        assert_eq!(fnv1a("abc"), fnv1a("abc"));
        assert_ne!(fnv1a("abc"), fnv1a("abd"));
        assert_eq!(digest(b"x", 20).len(), 20);
        assert_eq!(digest(b"x", 20), digest(b"x", 20));
        let mut pieces = Fnv1a::default();
        let _ = std::fmt::Write::write_fmt(&mut pieces, format_args!("a{}c", 'b'));
        assert_eq!(pieces.finish(), fnv1a("abc"));
    }
}
