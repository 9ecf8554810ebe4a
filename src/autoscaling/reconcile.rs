//! Reconciliation of a region's groups, as simulated time passes: the
//! instances' lifecycle follows EC2 (Pending until EC2 reports running and
//! the instance is registered with the group's load balancers, Terminating
//! while it drains from them and until EC2 reports it terminated), health
//! checks mark instances that are not running or that the load balancers
//! find unhealthy, unhealthy instances are terminated and replaced, and
//! each group launches or terminates toward its desired capacity: launches
//! in the Availability Zone with the fewest instances, scale-in by the
//! termination policies. Every launch and termination is an activity.

use super::activities::{clause, details, join, Activities, ActivityStatus, NewActivity};
use super::groups::{Group, LaunchSource};
use super::instances::{Lifecycle, Member};
use super::launch::{failure_message, launch_instance};
use super::launch_configurations::LaunchConfiguration;
use super::load_balancers::AttachmentState;
use super::processes::Process;
use super::{Ec2Access, RegionState};
use crate::ec2::instances::InstanceState;
use crate::elb::Elb;
use crate::kernel::{ApiError, Context, SimTime};
use indexmap::IndexMap;
use std::collections::BTreeMap;

/// Seconds from a change (a new group, a new desired capacity) to the
/// activities it causes. AWS publishes no figure; its activity histories
/// show the first launch 4 to 20 seconds after the request.
pub const START_SECONDS: u64 = 10;
/// Seconds between looks at a region while instances are launching or
/// terminating, so that an instance is InService soon after EC2 reports
/// it running.
pub const POLL_SECONDS: u64 = 5;
/// The health-check round: a change to EC2 (an instance stopped or
/// terminated by hand, a guest shutting down) is looked at on the next
/// multiple of this many seconds, as AWS checks EC2 status about that
/// often. Nothing else changes an instance in service, so a group at rest
/// costs no reconciliation at all during long advances.
pub const HEALTH_CHECK_SECONDS: u64 = 30;
/// Instances one group launches in one reconciliation at most (AWS also
/// launches large changes in batches).
pub const LAUNCH_BATCH: i64 = 50;
/// First wait before retrying a launch EC2 refused; it doubles with each
/// refusal in a row up to [`MAX_RETRY_SECONDS`]. AWS retries with a backoff
/// it does not publish; its histories show retries from about ten seconds
/// apart to several minutes apart.
pub const FIRST_RETRY_SECONDS: u64 = 10;
/// Longest wait between retries of a refused launch.
pub const MAX_RETRY_SECONDS: u64 = 300;

impl RegionState {
    /// One reconciliation of every group of the region; asks for the next
    /// one while something is under way.
    pub fn reconcile(&mut self, ctx: &mut Context, ec2: &mut Ec2Access, elb: &mut Elb) {
        self.check_elb_health(ctx.now, ec2.region, elb);
        let names: Vec<String> = self.groups.keys().cloned().collect();
        for name in names {
            let RegionState {
                groups,
                launch_configurations,
                activities,
                ..
            } = self;
            let Some(group) = groups.get_mut(&name) else {
                continue;
            };
            let mut work = Work {
                ctx,
                ec2,
                elb,
                activities,
                configurations: launch_configurations,
                changed: false,
            };
            work.reconcile(group);
            if group.deleting && group.instances.is_empty() {
                groups.shift_remove(&name);
                ctx.deleted("auto-scaling-group", name);
            }
        }
        if let Some(at) = self.next_reconciliation(ctx.now) {
            self.wake_at(at);
        }
    }

    /// When the region needs looking at again: soon while instances launch
    /// or terminate, when a draining ends, and when a refused launch may be
    /// retried. Changes to EC2 and to the load balancers' health verdicts
    /// wake it through [`super::AutoScaling::ec2_changed`] and
    /// [`super::AutoScaling::elb_changed`].
    fn next_reconciliation(&self, now: SimTime) -> Option<SimTime> {
        let mut next: Option<SimTime> = None;
        let mut at = |t: SimTime| next = Some(next.map_or(t, |n| n.min(t)));
        for group in self.groups.values() {
            for member in &group.instances {
                match (member.lifecycle, member.drain_until) {
                    (Lifecycle::InService, _) => {}
                    // Nothing to look at before its draining ends.
                    (Lifecycle::Terminating, Some(until)) => at(until),
                    _ => at(now + POLL_SECONDS),
                }
            }
            for attachment in &group.attachments {
                match attachment.state {
                    AttachmentState::Removing { until: Some(until) } => at(until),
                    AttachmentState::Adding | AttachmentState::Removing { until: None } => {
                        at(now + POLL_SECONDS)
                    }
                    AttachmentState::Added | AttachmentState::InService => {}
                }
            }
            // Terminations happen when decided; what waits is a launch,
            // until a refused one may be retried.
            if group.may_launch() {
                at(group.retry_at.max(now + POLL_SECONDS));
            }
        }
        next
    }
}

impl Group {
    /// True when the group is short of its desired capacity and allowed to
    /// launch.
    fn may_launch(&self) -> bool {
        (self.capacity_members().count() as i64) < self.desired
            && !self.is_suspended(Process::Launch)
            && !self.deleting
    }

    /// True when the group is over its desired capacity and allowed to
    /// terminate (a group being deleted always is).
    fn may_terminate(&self) -> bool {
        self.capacity_members().count() as i64 > self.desired
            && (self.deleting || !self.is_suspended(Process::Terminate))
    }
}

/// What one group's reconciliation works with besides the group.
struct Work<'w, 'c, 'e> {
    ctx: &'w mut Context<'c>,
    ec2: &'w mut Ec2Access<'e>,
    elb: &'w mut Elb,
    activities: &'w mut Activities,
    configurations: &'w IndexMap<String, LaunchConfiguration>,
    /// Set when an instance joined, left or changed state or health.
    changed: bool,
}

impl Work<'_, '_, '_> {
    fn reconcile(&mut self, group: &mut Group) {
        self.changed |= group.settle_attachments(self.ctx, self.ec2.region, self.elb);
        self.observe(group);
        if !group.is_suspended(Process::ReplaceUnhealthy) {
            self.replace_unhealthy(group);
        }
        self.scale(group);
        let steady = group.capacity_members().count() as i64 == group.desired
            && group
                .instances
                .iter()
                .all(|m| m.lifecycle == Lifecycle::InService);
        if steady {
            // The change under way is complete: its cooldown starts now.
            if let Some(cooldown) = group.pending_cooldown.take() {
                group.cooldown_until = self
                    .ctx
                    .now
                    .saturating_add(u64::try_from(cooldown).unwrap_or(0));
            }
        }
        if self.changed {
            self.ctx.changed("auto-scaling-group", group.name.clone());
        }
    }

    /// Lifecycle and EC2 health from EC2's view of each instance: an
    /// instance EC2 reports running is registered with the group's load
    /// balancers (unless AddToLoadBalancer is suspended) and goes in
    /// service; one whose draining is over (or whose group is being
    /// deleted, which waits for nothing) is terminated.
    fn observe(&mut self, group: &mut Group) {
        let health_checks = !group.is_suspended(Process::HealthCheck);
        let deleting = group.deleting;
        let mut gone = Vec::new();
        let mut registering = Vec::new();
        for member in &mut group.instances {
            let state = self
                .ec2
                .region
                .instances
                .get(&member.instance_id)
                .map(|i| i.state);
            match member.lifecycle {
                Lifecycle::Terminating => {
                    if state.is_none_or(|s| s == InstanceState::Terminated) {
                        self.changed = true;
                        gone.push(member.instance_id.clone());
                        if let Some(activity) = member.activity.take() {
                            self.activities.finish(
                                self.ctx,
                                &activity,
                                ActivityStatus::Successful,
                                None,
                            );
                        }
                    } else if member
                        .drain_until
                        .is_some_and(|until| deleting || self.ctx.now >= until)
                    {
                        member.drain_until = None;
                        self.ec2.region.terminate_instance(
                            self.ctx,
                            self.ec2.timers,
                            &member.instance_id,
                        );
                        if let Some(activity) = &member.activity {
                            self.activities.set_status(
                                self.ctx,
                                activity,
                                ActivityStatus::InProgress,
                            );
                        }
                        self.changed = true;
                    }
                    continue;
                }
                Lifecycle::Pending if state == Some(InstanceState::Running) => {
                    registering.push(member.instance_id.clone());
                    member.lifecycle = Lifecycle::InService;
                    member.in_service_since = Some(self.ctx.now);
                    self.changed = true;
                    if let Some(activity) = member.activity.take() {
                        self.activities.finish(
                            self.ctx,
                            &activity,
                            ActivityStatus::Successful,
                            None,
                        );
                    }
                }
                _ => {}
            }
            let running = matches!(state, Some(InstanceState::Pending | InstanceState::Running));
            // Not running is unhealthy at once, grace period or not.
            if health_checks && !running {
                member
                    .unhealthy
                    .get_or_insert(super::instances::UnhealthyCause::Ec2);
            }
        }
        group.instances.retain(|m| !gone.contains(&m.instance_id));
        // AWS registers an instance while it is Pending and puts it in
        // service after; both happen in this one look here.
        if !group.is_suspended(Process::AddToLoadBalancer) {
            for id in registering {
                group.register(self.ctx, self.ec2.region, self.elb, &id);
            }
        }
    }

    /// Terminates every unhealthy instance (protected or not); the scaling
    /// that follows launches their replacements.
    fn replace_unhealthy(&mut self, group: &mut Group) {
        let unhealthy: Vec<(String, &'static str)> = group
            .instances
            .iter()
            .filter(|m| m.lifecycle != Lifecycle::Terminating)
            .filter_map(|m| {
                m.unhealthy
                    .map(|cause| (m.instance_id.clone(), cause.reason()))
            })
            .collect();
        for (id, reason) in unhealthy {
            self.terminate(group, &id, clause(self.ctx.now, reason));
        }
    }

    /// Launches or terminates toward the desired capacity.
    fn scale(&mut self, group: &mut Group) {
        let now = self.ctx.now;
        let count = group.capacity_members().count() as i64;
        let desired = group.desired;
        let trigger = group.trigger.clone().unwrap_or_default();
        if group.may_terminate() {
            let shrinking = clause(now, &format!("an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {count} to {desired}."));
            for _ in desired..count {
                // Deleting a group takes protected instances too.
                let Some(id) =
                    select_for_termination(group, self.configurations, now, !group.deleting)
                else {
                    break;
                };
                let selected = clause(now, &format!("instance {id} was selected for termination."));
                self.terminate(group, &id, join(&[&trigger, &shrinking, &selected]));
            }
        } else if group.may_launch() && now >= group.retry_at {
            let increasing = clause(now, &format!("an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {count} to {desired}."));
            let cause = join(&[&trigger, &increasing]);
            for _ in 0..(desired - count).min(LAUNCH_BATCH) {
                if self.launch(group, cause.clone()).is_err() {
                    return;
                }
            }
        }
        if group.capacity_members().count() as i64 == group.desired {
            group.trigger = None;
        }
    }

    /// Launches one instance in the zone with the fewest; a refusal is a
    /// failed activity and puts the group's next attempt off.
    fn launch(&mut self, group: &mut Group, cause: String) -> Result<(), ApiError> {
        let Some((subnet_id, zone)) = launch_subnet(group) else {
            return Err(ApiError::new("ValidationError", "The group has no subnet."));
        };
        let launched = launch_instance(self.ctx, self.ec2, group, self.configurations, &subnet_id);
        let new = |description| NewActivity {
            group_name: &group.name,
            group_arn: &group.arn,
            description,
            cause: cause.clone(),
            details: details(&subnet_id, &zone),
        };
        match launched {
            Ok(launched) => {
                let activity = self.activities.start(
                    self.ctx,
                    new(format!(
                        "Launching a new EC2 instance: {}",
                        launched.instance_id
                    )),
                );
                group.instances.push(Member {
                    instance_id: launched.instance_id,
                    instance_type: launched.instance_type,
                    zone,
                    subnet_id,
                    lifecycle: Lifecycle::Pending,
                    unhealthy: None,
                    source: group.source.clone(),
                    template_version: launched.template_version,
                    protected_from_scale_in: group.new_instances_protected_from_scale_in,
                    launched: self.ctx.now,
                    in_service_since: None,
                    activity: Some(activity),
                    drain_until: None,
                });
                group.failures = 0;
                self.changed = true;
                Ok(())
            }
            Err(error) => {
                let message = failure_message(&error);
                let activity = self.activities.start(
                    self.ctx,
                    new(format!(
                        "Launching a new EC2 instance.  Status Reason: {message}"
                    )),
                );
                self.activities
                    .finish(self.ctx, &activity, ActivityStatus::Failed, Some(message));
                self.put_off(group);
                Err(error)
            }
        }
    }

    /// Terminates `id` for `cause`.
    fn terminate(&mut self, group: &mut Group, id: &str, cause: String) {
        if begin_termination(
            self.ctx,
            self.ec2,
            self.elb,
            self.activities,
            group,
            id,
            cause,
        )
        .is_ok()
        {
            self.changed = true;
        }
    }

    /// After a refused launch, waits 10 s, then 20 s, ... up to five
    /// minutes.
    fn put_off(&mut self, group: &mut Group) {
        group.failures = group.failures.saturating_add(1);
        let wait = FIRST_RETRY_SECONDS
            .saturating_mul(1 << group.failures.saturating_sub(1).min(16))
            .min(MAX_RETRY_SECONDS);
        group.retry_at = self.ctx.now + wait;
    }
}

/// Starts terminating instance `id` of `group`: it is deregistered from
/// the group's load balancers and, once it has drained (at once when it
/// drains nowhere, or when the group is being deleted), EC2 terminates it
/// (its termination protection does not stop Auto Scaling); an activity
/// records `cause`. The instance stops counting toward capacity at once and
/// leaves the group when EC2 reports it terminated (or no longer knows it).
/// Returns the activity's id; an error only when the group has no such
/// instance.
pub fn begin_termination(
    ctx: &mut Context,
    ec2: &mut Ec2Access,
    elb: &mut Elb,
    activities: &mut Activities,
    group: &mut Group,
    id: &str,
    cause: String,
) -> Result<String, ApiError> {
    if !group.instances.iter().any(|m| m.instance_id == id) {
        return Err(super::instances::not_managed(id));
    }
    let drained = group
        .deregister(ctx, ec2.region, elb, id)
        .filter(|&until| until > ctx.now && !group.deleting);
    let Some(member) = group.instances.iter_mut().find(|m| m.instance_id == id) else {
        return Err(super::instances::not_managed(id));
    };
    if drained.is_none() {
        ec2.region.terminate_instance(ctx, ec2.timers, id);
    }
    // A launch still under way ends here.
    if let Some(launch) = member.activity.take() {
        activities.finish(ctx, &launch, ActivityStatus::Successful, None);
    }
    let activity = activities.start(
        ctx,
        NewActivity {
            group_name: &group.name,
            group_arn: &group.arn,
            description: format!("Terminating EC2 instance: {id}"),
            cause,
            details: details(&member.subnet_id, &member.zone),
        },
    );
    if drained.is_some() {
        activities.set_status(
            ctx,
            &activity,
            ActivityStatus::WaitingForElbConnectionDraining,
        );
    }
    member.lifecycle = Lifecycle::Terminating;
    member.drain_until = drained;
    member.activity = Some(activity.clone());
    Ok(activity)
}

/// Instances per zone that count toward capacity, over the group's zones.
fn zone_counts(group: &Group) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> =
        group.zones().into_iter().map(|zone| (zone, 0)).collect();
    for member in group.capacity_members() {
        *counts.entry(member.zone.clone()).or_default() += 1;
    }
    counts
}

/// The subnet of the zone with the fewest instances (the first such zone by
/// name; within it, the subnet the group names first).
fn launch_subnet(group: &Group) -> Option<(String, String)> {
    let counts = zone_counts(group);
    let zone = group
        .zones()
        .into_iter()
        .min_by_key(|zone| counts.get(zone).copied().unwrap_or(0))?;
    group.subnets.iter().find(|(_, z)| *z == zone).cloned()
}

/// Keeps the candidates with the smallest `key`.
fn narrow<K: Ord>(candidates: &mut Vec<&Member>, key: impl Fn(&Member) -> K) {
    if let Some(best) = candidates.iter().map(|m| key(m)).min() {
        candidates.retain(|m| key(m) == best);
    }
}

/// The instance scale-in terminates: in the zone with the most instances
/// (among zones with a candidate; every such zone when they tie), then by
/// the group's termination policies in order. Protected instances are not
/// candidates when `respect_protection`.
pub fn select_for_termination(
    group: &Group,
    configurations: &IndexMap<String, LaunchConfiguration>,
    now: SimTime,
    respect_protection: bool,
) -> Option<String> {
    let mut candidates: Vec<&Member> = group
        .capacity_members()
        .filter(|m| !(respect_protection && m.protected_from_scale_in))
        .collect();
    let counts = zone_counts(group);
    let busiest = candidates
        .iter()
        .map(|m| counts.get(&m.zone).copied().unwrap_or(0))
        .max()?;
    candidates.retain(|m| counts.get(&m.zone).copied().unwrap_or(0) == busiest);
    // Seconds to the instance's next billing hour.
    let to_next_hour = |m: &Member| 3600 - now.saturating_sub(m.launched) % 3600;
    let configuration_age = |m: &Member| {
        m.source
            .configuration()
            .and_then(|name| configurations.get(name))
            .map_or(0, |c| c.created)
    };
    let current = |m: &Member| match (&m.source, &group.source) {
        (LaunchSource::Template { id, .. }, LaunchSource::Template { id: now_id, .. }) => {
            id == now_id
        }
        (source, now_source) => source == now_source,
    };
    for policy in &group.termination_policies {
        match policy.as_str() {
            "OldestInstance" => narrow(&mut candidates, |m| m.launched),
            "NewestInstance" => narrow(&mut candidates, |m| std::cmp::Reverse(m.launched)),
            "OldestLaunchConfiguration" => narrow(&mut candidates, |m| {
                (m.source.configuration().is_none(), configuration_age(m))
            }),
            "OldestLaunchTemplate" => narrow(&mut candidates, |m| {
                (m.template_version.is_none(), current(m), m.template_version)
            }),
            "ClosestToNextInstanceHour" => narrow(&mut candidates, to_next_hour),
            "Default" => {
                // Launch configurations before templates, then the oldest
                // template or configuration, then the next billing hour.
                narrow(&mut candidates, |m| {
                    (
                        m.template_version.is_some(),
                        current(m),
                        m.template_version.unwrap_or_else(|| configuration_age(m)),
                    )
                });
                narrow(&mut candidates, to_next_hour);
            }
            // AllocationStrategy has one On-Demand type to weigh here, and
            // Lambda functions are not simulated.
            _ => {}
        }
    }
    // AWS picks at random among the instances left; the lowest id keeps
    // the sandbox deterministic.
    candidates.into_iter().map(|m| m.instance_id.clone()).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, zone: &str, launched: SimTime, version: Option<u64>) -> Member {
        Member {
            instance_id: id.into(),
            instance_type: "t3.micro".into(),
            zone: zone.into(),
            subnet_id: format!("subnet-{zone}"),
            lifecycle: Lifecycle::InService,
            unhealthy: None,
            source: match version {
                Some(v) => LaunchSource::Template {
                    id: "lt-1".into(),
                    name: "web".into(),
                    version: v.to_string(),
                },
                None => LaunchSource::Configuration("lc".into()),
            },
            template_version: version,
            protected_from_scale_in: false,
            launched,
            in_service_since: Some(launched),
            activity: None,
            drain_until: None,
        }
    }

    fn group(instances: Vec<Member>) -> Group {
        Group {
            name: "g".into(),
            arn: "arn".into(),
            created: 0,
            source: LaunchSource::Template {
                id: "lt-1".into(),
                name: "web".into(),
                version: "$Latest".into(),
            },
            min_size: 0,
            max_size: 10,
            desired: 1,
            default_cooldown: 300,
            subnets: vec![
                ("subnet-a".into(), "a".into()),
                ("subnet-b".into(), "b".into()),
            ],
            vpc_zone_identifier: None,
            attachments: vec![],
            health_check_type: "EC2".into(),
            health_check_grace_period: 0,
            instances,
            suspended: vec![],
            collected_metrics: vec![],
            tags: vec![],
            termination_policies: vec!["Default".into()],
            new_instances_protected_from_scale_in: false,
            capacity_rebalance: false,
            max_instance_lifetime: None,
            default_instance_warmup: None,
            policies: IndexMap::new(),
            deleting: false,
            trigger: None,
            cooldown_until: 0,
            pending_cooldown: None,
            failures: 0,
            retry_at: 0,
        }
    }

    #[test]
    fn default_policy_balances_zones_then_prefers_old_sources_then_the_billing_hour() {
        let none = IndexMap::new();
        // Zone a has the most: its instances are the candidates.
        let g = group(vec![
            member("i-1", "a", 0, Some(2)),
            member("i-2", "a", 100, Some(2)),
            member("i-3", "b", 0, Some(1)),
        ]);
        let now = 1000;
        // Both in zone a use version 2; i-2 is closer to its next hour
        // (launched 900 s ago: 2700 s left, against 2600 s for i-1).
        assert_eq!(
            select_for_termination(&g, &none, now, true).as_deref(),
            Some("i-1")
        );
        // Balanced zones: the oldest template version goes first.
        let g = group(vec![
            member("i-1", "a", 0, Some(2)),
            member("i-3", "b", 500, Some(1)),
        ]);
        assert_eq!(
            select_for_termination(&g, &none, now, true).as_deref(),
            Some("i-3")
        );
        // A launch configuration goes before any template.
        let g = group(vec![
            member("i-1", "a", 0, Some(1)),
            member("i-9", "b", 0, None),
        ]);
        assert_eq!(
            select_for_termination(&g, &none, now, true).as_deref(),
            Some("i-9")
        );
        // Protected instances are skipped; none left means none.
        let mut protected = member("i-1", "a", 0, Some(1));
        protected.protected_from_scale_in = true;
        let g = group(vec![protected]);
        assert_eq!(select_for_termination(&g, &none, now, true), None);
        assert_eq!(
            select_for_termination(&g, &none, now, false).as_deref(),
            Some("i-1")
        );
    }

    #[test]
    fn launches_go_to_the_zone_with_the_fewest() {
        let g = group(vec![member("i-1", "a", 0, Some(1))]);
        assert_eq!(launch_subnet(&g), Some(("subnet-b".into(), "b".into())));
        let g = group(vec![]);
        assert_eq!(launch_subnet(&g), Some(("subnet-a".into(), "a".into())));
    }
}
