//! Exact amounts. Every quantity of usage and every cost is an integer
//! count of `1 / SCALE` of its unit, where `SCALE` is divisible by
//! everything the meter divides by: the seconds of an hour and of every
//! length of month (AWS prorates GB-months by the days of the month), the
//! 2,048 blocks of a GiB, the 1,024 MiB/s of a GiB/s, and the 10^5 that
//! makes every price a whole number. So a second of any usage at any price
//! is a whole number of units, and sums never drift however the meter
//! splits time.

use serde::{Serialize, Serializer};
use std::fmt;

/// Units in one dollar, and in one unit of any usage (one hour, one
/// GB-month, ...): 86,400 s × lcm(28, 29, 30, 31) × 2,048 × 10^5.
pub const SCALE: u128 = 86_400 * 377_580 * 2_048 * PRICE_SCALE;

/// Prices are whole numbers of this fraction of a dollar ($0.0116 = 1,160).
pub const PRICE_SCALE: u128 = 100_000;

/// Decimal places Cost Explorer prints (`"0.3461240312"`).
const DECIMALS: u32 = 10;

/// `value` units as a decimal, rounded to ten places with trailing zeros
/// dropped, as Cost Explorer prints amounts: `0`, `0.0116`, `39.017`.
pub fn decimal(value: u128) -> String {
    let places = 10u128.pow(DECIMALS);
    let rounded = (value % SCALE * places + SCALE / 2) / SCALE;
    // Printed as u64 (no bill reaches 2^64 dollars), whose formatting the
    // module has anyway.
    let whole = u64::try_from(value / SCALE + rounded / places).unwrap_or(u64::MAX);
    let fraction = u64::try_from(rounded % places).unwrap_or(0);
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:010}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// An amount of US dollars, exact; printed as a decimal and sent to
/// JavaScript as a number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub(super) u128);

impl Money {
    /// The amount in dollars, for display.
    pub fn dollars(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&decimal(self.0))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.dollars())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_as_cost_explorer_prints_them() {
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(SCALE * 116 / 10_000), "0.0116");
        assert_eq!(decimal(SCALE * 39_017 / 1_000), "39.017");
        assert_eq!(decimal(SCALE * 2), "2");
        // A third of a cent rounds at the tenth place.
        assert_eq!(decimal(SCALE / 300), "0.0033333333");
        assert_eq!(decimal(SCALE - 1), "1");
    }
}
