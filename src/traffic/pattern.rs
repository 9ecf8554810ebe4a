//! How many requests per second a load offers at each moment: a shape
//! (steady, spike, daily) scaled to the peak the learner asked for, with an
//! optional linear ramp from zero at the start.

use crate::kernel::SimTime;

/// The shape of demand over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// The full rate all the time.
    Steady,
    /// A quarter of the rate, with the full rate for the first
    /// [`SPIKE_SECONDS`] of every [`SPIKE_EVERY`] seconds (a flash crowd
    /// that comes back: long enough to trigger scaling, short enough to
    /// watch the group shrink again).
    Spike,
    /// A day's curve in UTC: lowest ([`DAILY_FLOOR`] of the rate) at 04:00,
    /// the full rate at 16:00, a cosine between.
    Daily,
}

/// How long each spike lasts.
pub const SPIKE_SECONDS: u64 = 600;
/// How often a spike comes back.
pub const SPIKE_EVERY: u64 = 3_600;
/// The night-time share of a daily pattern's peak.
pub const DAILY_FLOOR: f64 = 0.1;

impl Pattern {
    /// The pattern called `name` on the command line.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "steady" => Some(Self::Steady),
            "spike" => Some(Self::Spike),
            "daily" => Some(Self::Daily),
            _ => None,
        }
    }

    /// The pattern's name as typed.
    pub fn name(self) -> &'static str {
        match self {
            Self::Steady => "steady",
            Self::Spike => "spike",
            Self::Daily => "daily",
        }
    }

    /// The share of the peak rate offered at `now`, for a load that
    /// started at `started`.
    pub fn share(self, started: SimTime, now: SimTime) -> f64 {
        match self {
            Self::Steady => 1.0,
            Self::Spike => {
                if now.saturating_sub(started) % SPIKE_EVERY < SPIKE_SECONDS {
                    1.0
                } else {
                    0.25
                }
            }
            Self::Daily => {
                let seconds_of_day = (now % 86_400) as f64;
                // Peak at 16:00 UTC, trough twelve hours away at 04:00.
                let phase = (seconds_of_day - 57_600.0) / 86_400.0 * std::f64::consts::TAU;
                let wave = (1.0 + phase.cos()) / 2.0;
                DAILY_FLOOR + (1.0 - DAILY_FLOOR) * wave
            }
        }
    }
}

/// A learner's load: a peak rate, a pattern and a ramp.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Demand {
    /// The peak requests per second.
    pub rps: f64,
    pub pattern: Pattern,
    /// Seconds over which the rate rises linearly from zero (0: at once).
    pub ramp: u64,
    /// When the load started.
    pub started: SimTime,
}

impl Demand {
    /// Requests per second offered at `now`.
    pub fn rate_at(&self, now: SimTime) -> f64 {
        let elapsed = now.saturating_sub(self.started);
        let ramp = if self.ramp == 0 || elapsed >= self.ramp {
            1.0
        } else {
            elapsed as f64 / self.ramp as f64
        };
        self.rps * ramp * self.pattern.share(self.started, now)
    }
}

/// Parses a duration as `load --ramp` takes it: `90`, `90s`, `5m`, `2h`.
pub fn parse_duration(text: &str) -> Option<u64> {
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let value: u64 = digits.parse().ok()?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        _ => return None,
    };
    value.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON: SimTime = 1_748_865_600; // 2025-06-02T12:00:00Z

    #[test]
    fn a_ramp_rises_linearly_to_the_rate() {
        let demand = Demand {
            rps: 100.0,
            pattern: Pattern::Steady,
            ramp: 100,
            started: NOON,
        };
        assert_eq!(demand.rate_at(NOON), 0.0);
        assert_eq!(demand.rate_at(NOON + 25), 25.0);
        assert_eq!(demand.rate_at(NOON + 100), 100.0);
        assert_eq!(demand.rate_at(NOON + 10_000), 100.0);
    }

    #[test]
    fn spikes_come_back_every_hour() {
        let p = Pattern::Spike;
        assert_eq!(p.share(NOON, NOON + 10), 1.0);
        assert_eq!(p.share(NOON, NOON + SPIKE_SECONDS), 0.25);
        assert_eq!(p.share(NOON, NOON + SPIKE_EVERY + 5), 1.0);
    }

    #[test]
    fn the_daily_curve_peaks_at_four_pm_and_bottoms_at_four_am() {
        let p = Pattern::Daily;
        let four_pm = NOON + 4 * 3_600;
        let four_am = NOON - 8 * 3_600;
        assert!((p.share(0, four_pm) - 1.0).abs() < 1e-9);
        assert!((p.share(0, four_am) - DAILY_FLOOR).abs() < 1e-9);
        assert!(p.share(0, NOON) > DAILY_FLOOR && p.share(0, NOON) < 1.0);
    }

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("90s"), Some(90));
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("2h"), Some(7_200));
        assert_eq!(parse_duration("2d"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration(""), None);
    }
}
