//! Amazon EC2 Auto Scaling: launch configurations, groups that keep a
//! desired number of EC2 instances (launched and terminated through EC2's
//! own RunInstances and TerminateInstances, so they boot on EC2's timers and
//! are billed), the activities that record each launch and termination,
//! health checks, suspended processes, scaling policies, and the load
//! balancers a group's instances join. Each region keeps its own state; a
//! region's groups are reconciled on a timer.

pub mod activities;
pub mod groups;
pub mod instances;
pub mod launch;
pub mod launch_configurations;
pub mod load_balancers;
pub mod metrics_collection;
pub mod paging;
pub mod policies;
pub mod processes;
pub mod reconcile;
pub mod target_tracking;
pub mod warm_up;

use crate::ec2::run_instances::VcpuLimits;
use crate::ec2::{self, Ec2};
use crate::elb::Elb;
use crate::kernel::{ApiError, Context, RegionTurns, Scheduler, SimTime, TakesTurns, TurnRequest};
use activities::Activities;
use groups::Group;
use indexmap::IndexMap;
use instances::UnhealthyCause;
use launch_configurations::LaunchConfiguration;

/// Everything Auto Scaling holds in one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionState {
    /// Launch configurations by name.
    pub launch_configurations: IndexMap<String, LaunchConfiguration>,
    /// Groups by name, in creation order.
    pub groups: IndexMap<String, Group>,
    /// Every group's activities, those of deleted groups too.
    pub activities: Activities,
    /// When the region is next reconciled.
    turn: TurnRequest,
}

impl RegionState {
    /// Asks for a reconciliation of the region at `at` (or earlier, if
    /// another change asked for earlier).
    pub fn wake_at(&mut self, at: SimTime) {
        self.turn.wake_at(at);
    }
}

impl TakesTurns for RegionState {
    fn turn_request(&mut self) -> &mut TurnRequest {
        &mut self.turn
    }
}

/// What Auto Scaling uses of EC2 in one region: its state, its timer queue
/// (launches and terminations set EC2's own timers) and the vCPU limits in
/// force, so that a group launches through exactly the RunInstances path a
/// learner's own call takes.
pub struct Ec2Access<'a> {
    /// EC2's state in the region.
    pub region: &'a mut ec2::RegionState,
    /// EC2's timers.
    pub timers: &'a mut Scheduler<ec2::Timer>,
    /// The running-vCPU limits of the region.
    pub limits: VcpuLimits,
}

impl<'a> Ec2Access<'a> {
    /// EC2 in `region` with the limits `limits` gives for it; `None` for a
    /// region EC2 does not have.
    pub fn new(
        ec2: &'a mut Ec2,
        region: &str,
        limits: &dyn Fn(&str) -> VcpuLimits,
    ) -> Option<Self> {
        let (state, timers) = ec2.region_and_timers(region)?;
        Some(Self {
            region: state,
            timers,
            limits: limits(region),
        })
    }
}

/// Auto Scaling across all regions. A region's state exists from its first
/// change on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AutoScaling {
    regions: RegionTurns<RegionState>,
}

impl AutoScaling {
    /// The state of `region`, if anything was ever created there.
    pub fn region(&self, region: &str) -> Option<&RegionState> {
        self.regions.region(region)
    }

    /// Mutable state of `region`, created empty on first use.
    pub fn region_mut(&mut self, region: &str) -> &mut RegionState {
        self.regions.region_mut(region)
    }

    /// Queues the reconciliation the last changes to `region` asked for.
    /// Call after every change.
    pub fn settle(&mut self, region: &str) {
        self.regions.settle(region);
    }

    /// When the next reconciliation is due.
    pub fn next_due(&self) -> Option<SimTime> {
        self.regions.next_due()
    }

    /// Reconciles every region whose turn is due at or before `ctx.now`:
    /// lifecycle and health from EC2 and the load balancers (`elb`),
    /// registrations, replacements, launches and terminations toward each
    /// group's desired capacity. `limits` gives the vCPU limits of a region
    /// (they live in Service Quotas).
    pub fn fire_due(
        &mut self,
        ctx: &mut Context,
        ec2: &mut Ec2,
        elb: &mut Elb,
        limits: &dyn Fn(&str) -> VcpuLimits,
    ) {
        while let Some((region, state)) = self.regions.next_turn(ctx.now) {
            let (Some(info), Some(mut access)) = (
                ec2::regions::info(&region),
                Ec2Access::new(ec2, &region, limits),
            ) else {
                continue;
            };
            let mut region_ctx = Context {
                now: ctx.now,
                region: info.name,
                ids: ctx.ids,
                events: ctx.events,
            };
            state.reconcile(&mut region_ctx, &mut access, elb);
            self.settle(&region);
        }
    }

    /// EC2 changed in `region` at `now` (a call to EC2, a guest shutting
    /// down): when the region's groups have instances, they are
    /// health-checked at the next health-check round.
    pub fn ec2_changed(&mut self, region: &str, now: SimTime) {
        let Some(state) = self.regions.existing_mut(region) else {
            return;
        };
        if state.groups.values().all(|g| g.instances.is_empty()) {
            return;
        }
        let round = reconcile::HEALTH_CHECK_SECONDS;
        state.wake_at((now / round + 1) * round);
        self.settle(region);
    }

    /// The load balancers' health verdicts changed (a health check passed
    /// or failed) at `now`: the regions whose groups have instances and
    /// load balancers look at them at the next health-check round.
    pub fn elb_changed(&mut self, now: SimTime) {
        let round = reconcile::HEALTH_CHECK_SECONDS;
        let regions: Vec<String> = self
            .regions
            .regions()
            .filter(|(_, state)| {
                state
                    .groups
                    .values()
                    .any(|g| !g.instances.is_empty() && !g.attachments.is_empty())
            })
            .map(|(region, _)| region.clone())
            .collect();
        for region in regions {
            self.region_mut(&region).wake_at((now / round + 1) * round);
            self.settle(&region);
        }
    }

    /// A health verdict from outside Auto Scaling (a load balancer's
    /// health check, with [`UnhealthyCause::Elb`]): instance
    /// `instance_id` of some group in `region` is unhealthy and will be
    /// replaced, after the group's grace period. An ELB verdict counts only
    /// for a group whose health check type is `ELB`.
    pub fn report_unhealthy(
        &mut self,
        now: SimTime,
        region: &str,
        instance_id: &str,
        cause: UnhealthyCause,
    ) -> Result<(), ApiError> {
        let result = self
            .region_mut(region)
            .mark_unhealthy(now, instance_id, cause, true);
        self.settle(region);
        result
    }

    /// The ids of `group`'s instances that count toward its capacity
    /// (pending or in service, not terminating), for averaging their
    /// metrics. Empty for an unknown group.
    pub fn group_instance_ids(&self, region: &str, group: &str) -> Vec<String> {
        self.region(region)
            .and_then(|r| r.groups.get(group))
            .map(|g| {
                g.capacity_members()
                    .map(|m| m.instance_id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `ValidationError`, the code Auto Scaling gives every invalid request.
pub fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message)
}

/// AWS's generic length refusal for a name member (`autoScalingGroupName`,
/// ...) unless `value` is 1 to 255 characters.
pub fn check_length(value: &str, member: &str) -> Result<(), ApiError> {
    let length = value.chars().count();
    let bound = match length {
        0 => "greater than or equal to 1",
        1..=255 => return Ok(()),
        _ => "less than or equal to 255",
    };
    Err(validation(format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have length {bound}"
    )))
}
