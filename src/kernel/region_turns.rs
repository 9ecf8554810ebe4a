//! Per-region state of a service whose regions take turns on a timer (Auto
//! Scaling reconciles its groups, ECS moves its agents, tasks and
//! services). A change asks for a turn of its region at some moment; only
//! the earliest moment asked for is queued, and a turn overtaken by an
//! earlier one is skipped when its time comes.

use super::{Scheduler, SimTime};
use std::collections::BTreeMap;

/// When a region's queued turn is due, and the earliest turn its latest
/// changes asked for (queued by [`RegionTurns::settle`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TurnRequest {
    queued: Option<SimTime>,
    wake: Option<SimTime>,
}

impl TurnRequest {
    /// Asks for a turn at `at` (or earlier, if another change asked for
    /// earlier).
    pub fn wake_at(&mut self, at: SimTime) {
        self.wake = Some(self.wake.map_or(at, |earlier| earlier.min(at)));
    }
}

/// A region's state that takes turns: it keeps its [`TurnRequest`].
pub trait TakesTurns: Default + PartialEq {
    /// The region's turn request.
    fn turn_request(&mut self) -> &mut TurnRequest;
}

/// The regions of one service, each created on first use, and the queue of
/// their turns.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionTurns<S> {
    regions: BTreeMap<String, S>,
    timers: Scheduler<String>,
}

impl<S> Default for RegionTurns<S> {
    fn default() -> Self {
        Self {
            regions: BTreeMap::new(),
            timers: Scheduler::default(),
        }
    }
}

impl<S: TakesTurns> RegionTurns<S> {
    /// The state of `region`, if anything was ever created there.
    pub fn region(&self, region: &str) -> Option<&S> {
        self.regions.get(region)
    }

    /// Mutable state of `region`, created empty on first use.
    pub fn region_mut(&mut self, region: &str) -> &mut S {
        self.regions.entry(region.to_string()).or_default()
    }

    /// Mutable state of `region`, if anything was ever created there.
    pub fn existing_mut(&mut self, region: &str) -> Option<&mut S> {
        self.regions.get_mut(region)
    }

    /// Every region with state, by name.
    pub fn regions(&self) -> impl Iterator<Item = (&String, &S)> {
        self.regions.iter()
    }

    /// Queues the turn the last changes to `region` asked for, unless one
    /// is already queued no later. Call after every change.
    pub fn settle(&mut self, region: &str) {
        let Some(state) = self.regions.get_mut(region) else {
            return;
        };
        let request = state.turn_request();
        if let Some(at) = request.wake.take() {
            if request.queued.is_none_or(|queued| at < queued) {
                request.queued = Some(at);
                self.timers.schedule(at, region.to_string());
            }
        }
        // A region that holds nothing is as if never touched, so that a
        // refused request leaves the world equal to its replay.
        if *state == S::default() {
            self.regions.remove(region);
        }
    }

    /// When the next turn is due.
    pub fn next_due(&self) -> Option<SimTime> {
        self.timers.next_due()
    }

    /// The next region whose turn is due at or before `now`, with its
    /// state; turns overtaken by an earlier one are skipped. Settle the
    /// region after its turn.
    pub fn next_turn(&mut self, now: SimTime) -> Option<(String, &mut S)> {
        while let Some((at, region)) = self.timers.pop_due(now) {
            let Some(state) = self.regions.get_mut(&region) else {
                continue;
            };
            let request = state.turn_request();
            if request.queued != Some(at) {
                continue;
            }
            request.queued = None;
            // Borrowed again so the state outlives the loop's own borrow.
            return self.regions.get_mut(&region).map(|state| (region, state));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Counter {
        turns: u32,
        request: TurnRequest,
    }

    impl TakesTurns for Counter {
        fn turn_request(&mut self) -> &mut TurnRequest {
            &mut self.request
        }
    }

    #[test]
    fn only_the_earliest_turn_asked_for_runs() {
        let mut regions: RegionTurns<Counter> = RegionTurns::default();
        let state = regions.region_mut("us-east-1");
        state.turns = 1;
        state.request.wake_at(30);
        regions.settle("us-east-1");
        regions.region_mut("us-east-1").request.wake_at(10);
        regions.settle("us-east-1");
        assert_eq!(regions.next_due(), Some(10));
        assert!(regions.next_turn(5).is_none());
        let (region, _) = regions.next_turn(40).expect("the turn at 10");
        assert_eq!(region, "us-east-1");
        assert!(
            regions.next_turn(40).is_none(),
            "the one at 30 was overtaken"
        );
    }

    #[test]
    fn an_empty_region_is_forgotten() {
        let mut regions: RegionTurns<Counter> = RegionTurns::default();
        regions.region_mut("eu-west-1");
        regions.settle("eu-west-1");
        assert!(regions.region("eu-west-1").is_none());
    }
}
