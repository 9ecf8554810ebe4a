//! A stable, non-cryptographic content hash (FNV-1a), for ids and
//! fingerprints that must depend on content alone, not on the seed.

/// FNV-1a 64-bit hash of `text`.
pub fn fnv1a(text: &str) -> u64 {
    fnv1a_bytes(text.as_bytes())
}

/// FNV-1a 64-bit hash of `bytes`.
pub fn fnv1a_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
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
    }
}
