//! Instance warm-up, as step and target tracking policies honour it: an
//! instance that has just entered InService does not yet count toward the
//! capacity a scale-out starts from (so a breach that lasts while it warms
//! up asks for no more than it already launched), and no dynamic scale-in
//! happens until every new instance has warmed up.

use super::groups::Group;
use super::instances::Lifecycle;
use super::policies::Policy;
use crate::kernel::SimTime;

impl Group {
    /// How long a new instance warms up for `policy`: the policy's
    /// EstimatedInstanceWarmup, else the group's DefaultInstanceWarmup,
    /// else the group's DefaultCooldown (AWS's documented fallbacks).
    pub fn warm_up_seconds(&self, policy: &Policy) -> i64 {
        policy
            .estimated_instance_warmup
            .or(self.default_instance_warmup)
            .unwrap_or(self.default_cooldown)
            .max(0)
    }

    /// Instances in service whose warm-up of `seconds` is over at `now`.
    pub fn warmed_up(&self, now: SimTime, seconds: i64) -> i64 {
        self.instances
            .iter()
            .filter(|m| {
                m.lifecycle == Lifecycle::InService
                    && m.in_service_since
                        .is_some_and(|since| now >= since.saturating_add(seconds.unsigned_abs()))
            })
            .count() as i64
    }

    /// How many instances counted toward capacity are still launching or
    /// warming up.
    pub fn warming_up(&self, now: SimTime, seconds: i64) -> i64 {
        self.capacity_members().count() as i64 - self.warmed_up(now, seconds)
    }
}
