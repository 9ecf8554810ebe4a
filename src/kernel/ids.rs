//! AWS-format resource identifiers drawn from the seeded generator:
//! a prefix, a dash and 17 lowercase hex digits (`i-0abc…`).

use super::rng::SeededRng;
use serde::{Deserialize, Serialize};

/// Hands out identifiers; deterministic for a given seed and call order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IdGenerator {
    rng: SeededRng,
}

impl IdGenerator {
    /// A generator seeded independently of the world's other randomness.
    pub fn new(seed: u64) -> Self {
        Self {
            rng: SeededRng::new(seed ^ 0x1D5_1D5_1D5),
        }
    }

    /// A new id such as `i-0a1b2c3d4e5f67890` for `prefix` `"i"`. AWS's
    /// 17-digit ids hold a 64-bit number, so their first digit is always 0.
    pub fn next(&mut self, prefix: &str) -> String {
        format!("{prefix}-0{}", self.hex(16))
    }

    /// `digits` random lowercase hex digits.
    pub fn hex(&mut self, digits: usize) -> String {
        let mut out = String::with_capacity(digits);
        while out.len() < digits {
            out.push_str(&format!("{:016x}", self.rng.next_u64()));
        }
        out.truncate(digits);
        out
    }

    /// A random (version 4) UUID, as AWS draws them for activity ids, ARN
    /// suffixes and the CLI's `ClientToken`.
    pub fn uuid(&mut self) -> String {
        let hex = self.hex(30);
        let variant = ["8", "9", "a", "b"][self.rng.below(4) as usize];
        format!(
            "{}-{}-4{}-{variant}{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..15],
            &hex[15..18],
            &hex[18..]
        )
    }

    /// The underlying generator, for other seeded choices (IPs, key material).
    pub fn rng(&mut self) -> &mut SeededRng {
        &mut self.rng
    }
}

/// True when `id` has the shape `prefix-` followed by 8 or 17 lowercase hex
/// digits (AWS still accepts the legacy 8-digit form).
pub fn is_well_formed(id: &str, prefix: &str) -> bool {
    match id
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
    {
        Some(hex) => {
            (hex.len() == 8 || hex.len() == 17)
                && hex
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_shape() {
        let mut ids = IdGenerator::new(42);
        let id = ids.next("i");
        assert!(is_well_formed(&id, "i"), "{id}");
        assert_eq!(id.len(), 19);
        assert!(id.starts_with("i-0"));
        assert_ne!(ids.next("i"), id);
        let uuid = ids.uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
    }

    #[test]
    fn well_formed_accepts_legacy_and_rejects_garbage() {
        assert!(is_well_formed("sg-903004f8", "sg"));
        assert!(!is_well_formed("sg-XYZ", "sg"));
        assert!(!is_well_formed("i-0123", "i"));
        assert!(!is_well_formed("ami-0123456789abcdef0", "i"));
    }
}
