//! Simulated time. The world moves only when `advance` is called; timed
//! effects (boots, shutdowns, purges) wait in a scheduler until then.

use super::calendar::DateTime;
use serde::{Deserialize, Serialize};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Seconds since the Unix epoch, in simulated time.
pub type SimTime = u64;

/// The moment every new sandbox starts: Monday 2 June 2025, 09:00 UTC.
/// Fixed so that the same journal always yields the same timestamps.
pub const START: SimTime = 1_748_854_800;

/// The last moment the clock can show, 9999-12-31T23:59:59Z: the clock stops
/// there, so any amount of advancing keeps dates printable and sums of
/// advances stay equal to one advance by the total.
pub const END_OF_TIME: SimTime = 253_402_300_799;

/// The simulated wall clock.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Clock {
    now: SimTime,
}

impl Default for Clock {
    fn default() -> Self {
        Self { now: START }
    }
}

impl Clock {
    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Moves the clock forward to `to`; never backward.
    pub fn set(&mut self, to: SimTime) {
        self.now = self.now.max(to);
    }
}

/// Formats `t` as the AWS CLI prints timestamps: `2025-06-02T09:00:00+00:00`.
pub fn iso8601(t: SimTime) -> String {
    Iso8601(t).to_string()
}

/// A moment that serializes as [`iso8601`] text, so responses can carry
/// times without formatting them until they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Iso8601(pub SimTime);

impl std::fmt::Display for Iso8601 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}+00:00", DateTime::from_unix(self.0).iso_local())
    }
}

impl Serialize for Iso8601 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Formats `t` as EC2 writes it inside reasons: `2025-06-02 09:00:00 GMT`.
pub fn gmt(t: SimTime) -> String {
    format!(
        "{} GMT",
        DateTime::from_unix(t).iso_local().replace('T', " ")
    )
}

/// Timed events of type `T`, fired in time order (ties in scheduling order).
///
/// A binary heap rather than an ordered map: health checks and alarms pop
/// and requeue tens of thousands of timers a simulated day, and a heap does
/// that in place, without allocating a node now and then.
#[derive(Debug, Clone)]
pub struct Scheduler<T> {
    queue: BinaryHeap<Queued<T>>,
    next_sequence: u64,
}

/// An event in the queue, ordered so that the heap's greatest is the
/// earliest: by time, then by scheduling order.
#[derive(Debug, Clone)]
struct Queued<T> {
    at: SimTime,
    sequence: u64,
    event: T,
}

impl<T> Queued<T> {
    fn turn(&self) -> Reverse<(SimTime, u64)> {
        Reverse((self.at, self.sequence))
    }
}

impl<T> PartialEq for Queued<T> {
    fn eq(&self, other: &Self) -> bool {
        self.turn() == other.turn()
    }
}

impl<T> Eq for Queued<T> {}

impl<T> PartialOrd for Queued<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Queued<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.turn().cmp(&other.turn())
    }
}

impl<T> Default for Scheduler<T> {
    fn default() -> Self {
        Self {
            queue: BinaryHeap::new(),
            next_sequence: 0,
        }
    }
}

/// Two schedulers are equal when they would fire the same events at the
/// same times in the same order (however their heaps are laid out).
impl<T: PartialEq> PartialEq for Scheduler<T> {
    fn eq(&self, other: &Self) -> bool {
        self.next_sequence == other.next_sequence
            && self.queue.len() == other.queue.len()
            && in_order(&self.queue)
                .into_iter()
                .zip(in_order(&other.queue))
                .all(|(a, b)| a.at == b.at && a.sequence == b.sequence && a.event == b.event)
    }
}

/// The queued events in firing order.
fn in_order<T>(queue: &BinaryHeap<Queued<T>>) -> Vec<&Queued<T>> {
    let mut queued: Vec<&Queued<T>> = queue.iter().collect();
    queued.sort_by_key(|q| (q.at, q.sequence));
    queued
}

impl<T: Eq> Eq for Scheduler<T> {}

impl<T> Scheduler<T> {
    /// Queues `event` to fire at `at`.
    pub fn schedule(&mut self, at: SimTime, event: T) {
        self.queue.push(Queued {
            at,
            sequence: self.next_sequence,
            event,
        });
        self.next_sequence += 1;
    }

    /// A number no event queued so far has had, and the next one queued
    /// will have: unique over the scheduler's life.
    pub fn next_sequence(&self) -> u64 {
        self.next_sequence
    }

    /// Removes and returns the earliest event due at or before `until`.
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, T)> {
        if self.queue.peek()?.at > until {
            return None;
        }
        self.queue.pop().map(|queued| (queued.at, queued.event))
    }

    /// When the next event fires, if any.
    pub fn next_due(&self) -> Option<SimTime> {
        self.queue.peek().map(|queued| queued.at)
    }

    /// Drops every queued event for which `keep` is false.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.queue.retain(|queued| keep(&queued.event));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_cli() {
        assert_eq!(iso8601(START), "2025-06-02T09:00:00+00:00");
        assert_eq!(gmt(START + 65), "2025-06-02 09:01:05 GMT");
    }

    #[test]
    fn scheduler_fires_in_time_then_insertion_order() {
        let mut s = Scheduler::default();
        s.schedule(20, "late");
        s.schedule(10, "first");
        s.schedule(10, "second");
        assert_eq!(s.pop_due(5), None);
        assert_eq!(s.pop_due(15), Some((10, "first")));
        assert_eq!(s.pop_due(15), Some((10, "second")));
        assert_eq!(s.pop_due(15), None);
        assert_eq!(s.next_due(), Some(20));
    }

    #[test]
    fn schedulers_are_equal_when_they_would_fire_alike() {
        let queued = |events: &[(SimTime, &'static str)]| {
            let mut s = Scheduler::default();
            for &(at, event) in events {
                s.schedule(at, event);
            }
            s
        };
        let base = [(30, "c"), (10, "a"), (20, "b")];
        assert_eq!(queued(&base), queued(&base));
        assert_ne!(queued(&base), queued(&[(30, "c"), (10, "a"), (20, "x")]));
        assert_ne!(queued(&base), queued(&[(30, "c"), (10, "a"), (25, "b")]));
        // The same events left by different histories: one fired its
        // fourth event, the other dropped it.
        let mut fired = queued(&[(30, "c"), (10, "a"), (20, "b"), (5, "d")]);
        assert_eq!(fired.pop_due(5), Some((5, "d")));
        let mut dropped = queued(&[(30, "c"), (10, "a"), (20, "b"), (40, "d")]);
        dropped.retain(|event| *event != "d");
        assert_eq!(fired, dropped);
        for expected in [(10, "a"), (20, "b"), (30, "c")] {
            assert_eq!(fired.pop_due(100), Some(expected));
            assert_eq!(dropped.pop_due(100), Some(expected));
        }
    }
}
