//! Targets: RegisterTargets, DeregisterTargets (draining for the
//! deregistration delay, then gone) and DescribeTargetHealth with AWS's
//! states, reasons and descriptions. The health state machine here also
//! serves Classic Load Balancers' instances.

use super::load_balancers::LoadBalancer;
use super::target_groups::{group_not_found, TargetGroup};
use super::{port, validation, ElbRegion, Pool, Timer};
use crate::ec2::instances::{Instance, InstanceState};
use crate::ec2::{Ec2, RegionState};
use crate::kernel::params::FromParam;
use crate::kernel::{clock, ApiError, Context, DomainEvent, Memo, Scheduler, SimTime};
use serde::Serialize;
use std::net::Ipv4Addr;

/// Seconds from registration to a target's first health check (AWS shows
/// `Elb.RegistrationInProgress` meanwhile; it publishes no figure, this is
/// a plausible one).
pub const REGISTRATION_SECONDS: u64 = 10;

/// Targets a target group holds at most.
const MAX_TARGETS: usize = 1000;

/// A registered target: an instance id or an IP address, and a port.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TargetKey {
    pub id: String,
    pub port: u16,
}

/// Why a health check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No answer in time: a firewall dropped the packets.
    Timeout,
    /// The connection was refused or the answer was not HTTP.
    Failed,
    /// The web server answered with a code outside the matcher.
    Codes(u16),
}

/// Where a target stands with its health checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// Not yet judged: the consecutive passes and failures so far (both
    /// zero before the first check).
    Initial { passes: u32, fails: u32 },
    /// Healthy, with the consecutive failures since the last pass.
    Healthy { fails: u32 },
    /// Unhealthy for the last failure, with the consecutive passes since.
    Unhealthy { failure: Failure, passes: u32 },
}

impl Health {
    /// Before any check.
    pub const NEW: Health = Health::Initial {
        passes: 0,
        fails: 0,
    };

    /// The state after one more check. An Application or Network Load
    /// Balancer calls a new target healthy after its first passing check
    /// (`first_pass`); a Classic Load Balancer waits for the healthy
    /// threshold, as it does after failures.
    pub fn after(self, result: Result<(), Failure>, thresholds: Thresholds) -> Health {
        let Thresholds {
            healthy,
            unhealthy,
            first_pass,
        } = thresholds;
        match (self, result) {
            (Health::Initial { passes, .. }, Ok(())) => {
                if first_pass || passes + 1 >= healthy {
                    Health::Healthy { fails: 0 }
                } else {
                    Health::Initial {
                        passes: passes + 1,
                        fails: 0,
                    }
                }
            }
            (Health::Initial { fails, .. }, Err(failure)) => {
                if fails + 1 >= unhealthy {
                    Health::Unhealthy { failure, passes: 0 }
                } else {
                    Health::Initial {
                        passes: 0,
                        fails: fails + 1,
                    }
                }
            }
            (Health::Healthy { .. }, Ok(())) => Health::Healthy { fails: 0 },
            (Health::Healthy { fails }, Err(failure)) => {
                if fails + 1 >= unhealthy {
                    Health::Unhealthy { failure, passes: 0 }
                } else {
                    Health::Healthy { fails: fails + 1 }
                }
            }
            (Health::Unhealthy { failure, passes }, Ok(())) => {
                if passes + 1 >= healthy {
                    Health::Healthy { fails: 0 }
                } else {
                    Health::Unhealthy {
                        failure,
                        passes: passes + 1,
                    }
                }
            }
            (Health::Unhealthy { .. }, Err(failure)) => Health::Unhealthy { failure, passes: 0 },
        }
    }
}

/// The counts that move a target between healthy and unhealthy.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub healthy: u32,
    pub unhealthy: u32,
    /// True when one passing check makes a new target healthy.
    pub first_pass: bool,
}

/// One registered target of a target group or Classic Load Balancer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub key: TargetKey,
    /// The zone given at registration (IP targets outside the VPC: `all`).
    pub availability_zone: Option<String>,
    pub health: Health,
    /// Bumped whenever queued health checks must be forgotten.
    pub generation: u64,
    /// Set while the target drains after deregistration.
    pub draining_until: Option<SimTime>,
    /// The verdict of its last health check, reused while the world has
    /// not changed since: a check reads only the network rules, the
    /// instance and its guest.
    pub last_probe: Memo<Result<(), Failure>>,
}

impl Target {
    /// A target just registered.
    pub fn new(key: TargetKey, availability_zone: Option<String>) -> Self {
        Self {
            key,
            availability_zone,
            health: Health::NEW,
            generation: 0,
            draining_until: None,
            last_probe: Memo::default(),
        }
    }

    /// Starts its health checks over: checks queued so far go stale and
    /// the first new one runs after the registration delay.
    pub fn restart_checks(
        &mut self,
        timers: &mut Scheduler<Timer>,
        now: SimTime,
        region: &str,
        pool: Pool,
    ) {
        self.health = Health::NEW;
        // Unique over the region's timers, not just this target's life: an
        // instance deregistered and registered again is a new target, and
        // the checks queued for the old one must not count for it.
        self.generation = timers.next_sequence();
        timers.schedule(
            now + REGISTRATION_SECONDS,
            Timer::Check {
                region: region.to_string(),
                pool,
                target: self.key.clone(),
                generation: self.generation,
            },
        );
    }
}

/// `TargetDescription`.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetDescription {
    pub id: String,
    #[serde(default)]
    pub port: Option<i64>,
    #[serde(default)]
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub quic_server_id: Option<String>,
}

/// Request of RegisterTargets and DeregisterTargets.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetsRequest {
    pub target_group_arn: String,
    pub targets: Vec<TargetDescription>,
}

/// Request of DescribeTargetHealth.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTargetHealthRequest {
    pub target_group_arn: String,
    #[serde(default)]
    pub targets: Vec<TargetDescription>,
}

/// A target as DescribeTargetHealth prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetView {
    pub id: String,
    pub port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
}

/// `TargetHealth`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealth {
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl TargetHealth {
    fn new(state: &'static str, reason: &'static str, description: impl Into<String>) -> Self {
        Self {
            state,
            reason: Some(reason),
            description: Some(description.into()),
        }
    }
}

/// `AdministrativeOverride`: the sandbox has no zonal shifts, so never one.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdministrativeOverride {
    pub state: &'static str,
    pub reason: &'static str,
    pub description: &'static str,
}

const NO_OVERRIDE: AdministrativeOverride = AdministrativeOverride {
    state: "no_override",
    reason: "AdministrativeOverride.NoOverride",
    description: "No override is currently active on target",
};

/// One entry of DescribeTargetHealth.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetHealthDescription {
    pub target: TargetView,
    pub health_check_port: String,
    pub target_health: TargetHealth,
    pub administrative_override: AdministrativeOverride,
}

/// Response of DescribeTargetHealth.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetHealthResponse {
    pub target_health_descriptions: Vec<TargetHealthDescription>,
}

/// Where a target stands apart from its health checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Deregistered, waiting out the delay.
    Draining,
    /// No listener sends traffic to its group.
    GroupNotInUse,
    /// Its instance is not running (the state's name).
    InvalidState(&'static str),
    /// It sits in a zone the load balancer does not serve.
    ZoneNotEnabled,
    /// Health checks judge it.
    Checked,
}

/// How an Application or Network Load Balancer reports a target.
pub fn target_health(standing: Standing, health: Health) -> TargetHealth {
    match standing {
        Standing::Draining => TargetHealth::new(
            "draining",
            "Target.DeregistrationInProgress",
            "Target deregistration is in progress",
        ),
        Standing::GroupNotInUse => TargetHealth::new(
            "unused",
            "Target.NotInUse",
            "Target group is not configured to receive traffic from the load balancer",
        ),
        Standing::InvalidState(state) => TargetHealth::new(
            "unused",
            "Target.InvalidState",
            format!("Target is in the {state} state"),
        ),
        Standing::ZoneNotEnabled => TargetHealth::new(
            "unused",
            "Target.NotInUse",
            "Target is in an Availability Zone that is not enabled for the load balancer",
        ),
        Standing::Checked => match health {
            Health::Initial {
                passes: 0,
                fails: 0,
            } => TargetHealth::new(
                "initial",
                "Elb.RegistrationInProgress",
                "Target registration is in progress",
            ),
            Health::Initial { .. } => TargetHealth::new(
                "initial",
                "Elb.InitialHealthChecking",
                "Initial health checks in progress",
            ),
            Health::Healthy { .. } => TargetHealth {
                state: "healthy",
                reason: None,
                description: None,
            },
            Health::Unhealthy { failure, .. } => match failure {
                Failure::Timeout => {
                    TargetHealth::new("unhealthy", "Target.Timeout", "Request timed out")
                }
                Failure::Failed => TargetHealth::new(
                    "unhealthy",
                    "Target.FailedHealthChecks",
                    "Health checks failed",
                ),
                Failure::Codes(code) => TargetHealth::new(
                    "unhealthy",
                    "Target.ResponseCodeMismatch",
                    format!("Health checks failed with these codes: [{code}]"),
                ),
            },
        },
    }
}

/// The instance behind a target: the instance itself, or for an IP target
/// the instance holding that private address.
pub fn instance_of<'a>(
    ec2: &'a RegionState,
    group: &TargetGroup,
    key: &TargetKey,
) -> Option<&'a Instance> {
    if group.target_type == "ip" {
        let ip: Ipv4Addr = key.id.parse().ok()?;
        ec2.instances
            .values()
            .find(|i| i.private_ip == ip && i.holds_network_interface())
    } else {
        ec2.instances.get(&key.id)
    }
}

/// A raised `TargetHealthChanged`.
pub fn health_event(
    ctx: &mut Context,
    group: &str,
    key: &TargetKey,
    from: &str,
    to: &TargetHealth,
) {
    ctx.events.push(DomainEvent::TargetHealthChanged {
        group: group.to_string(),
        target_id: key.id.clone(),
        port: key.port,
        from: from.to_string(),
        to: to.state.to_string(),
        reason: to.reason.map(str::to_string),
        at: clock::iso8601(ctx.now),
    });
}

/// Where `target` stands apart from its health checks, with
/// `load_balancer` the one its group serves (`None`: no listener or rule
/// forwards to it) and `instance` the one it names ([`instance_of`]).
pub fn standing_behind(
    load_balancer: Option<&LoadBalancer>,
    instance: Option<&Instance>,
    target: &Target,
) -> Standing {
    if target.draining_until.is_some() {
        return Standing::Draining;
    }
    let Some(load_balancer) = load_balancer else {
        return Standing::GroupNotInUse;
    };
    let Some(instance) = instance else {
        return Standing::InvalidState(InstanceState::Terminated.name());
    };
    if instance.state != InstanceState::Running {
        return Standing::InvalidState(instance.state.name());
    }
    if !load_balancer.serves_zone(&instance.availability_zone) {
        return Standing::ZoneNotEnabled;
    }
    Standing::Checked
}

impl ElbRegion {
    /// Where `target` of `group` stands apart from its health checks.
    pub fn standing(&self, ec2: &RegionState, group: &TargetGroup, target: &Target) -> Standing {
        let instance = instance_of(ec2, group, &target.key);
        standing_behind(self.first_user_of(&group.arn), instance, target)
    }

    /// How the load balancer reports `target` of `group` now.
    pub fn health_of(
        &self,
        ec2: &RegionState,
        group: &TargetGroup,
        target: &Target,
    ) -> TargetHealth {
        target_health(self.standing(ec2, group, target), target.health)
    }

    /// RegisterTargets.
    pub fn register_targets(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        ec2_region: &RegionState,
        request: TargetsRequest,
    ) -> Result<(), ApiError> {
        let in_use = !self.users_of(&request.target_group_arn).is_empty();
        let group = self
            .target_groups
            .get_mut(&request.target_group_arn)
            .ok_or_else(group_not_found)?;
        if request.targets.is_empty() {
            return Err(validation("At least one target must be specified"));
        }
        let mut keys = Vec::with_capacity(request.targets.len());
        for description in &request.targets {
            keys.push(check_target(ec2_region, group, description)?);
        }
        let not_running: Vec<&str> = keys
            .iter()
            .filter(|key| {
                group.target_type == "instance"
                    && ec2_region
                        .instances
                        .get(&key.id)
                        .is_some_and(|i| i.state != InstanceState::Running)
            })
            .map(|key| key.id.as_str())
            .collect();
        if !not_running.is_empty() {
            return Err(ApiError::new(
                "InvalidTarget",
                format!(
                    "The following targets are not in a running state and cannot be registered: {}",
                    quoted(&not_running)
                ),
            ));
        }
        let new = keys
            .iter()
            .filter(|key| !group.targets.iter().any(|t| &t.key == *key))
            .count();
        if group.targets.len() + new > MAX_TARGETS {
            return Err(ApiError::new(
                "TooManyTargets",
                format!("You have reached the maximum number of targets per target group ({MAX_TARGETS})"),
            ));
        }
        let arn = group.arn.clone();
        for (key, description) in keys.into_iter().zip(request.targets) {
            let position = group.targets.iter().position(|t| t.key == key);
            let target = match position {
                // Registering a draining target again takes it back.
                Some(i) if group.targets[i].draining_until.is_some() => &mut group.targets[i],
                Some(_) => continue,
                None => {
                    group
                        .targets
                        .push(Target::new(key, description.availability_zone));
                    let last = group.targets.len() - 1;
                    &mut group.targets[last]
                }
            };
            target.draining_until = None;
            if in_use {
                target.restart_checks(timers, ctx.now, ctx.region, Pool::Group(arn.clone()));
                let health = target_health(Standing::Checked, target.health);
                health_event(ctx, &arn, &target.key, "unused", &health);
            } else {
                target.health = Health::NEW;
                target.generation += 1;
            }
        }
        ctx.changed("target-group", arn);
        Ok(())
    }

    /// DeregisterTargets: the targets drain for the group's deregistration
    /// delay, then leave it (at once when nothing sends them traffic).
    /// Targets that are not registered are ignored, as AWS does.
    pub fn deregister_targets(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        ec2_region: &RegionState,
        request: TargetsRequest,
    ) -> Result<(), ApiError> {
        let group = self
            .target_groups
            .get(&request.target_group_arn)
            .ok_or_else(group_not_found)?;
        if request.targets.is_empty() {
            return Err(validation("At least one target must be specified"));
        }
        let mut keys = Vec::with_capacity(request.targets.len());
        for description in &request.targets {
            let port = match description.port {
                Some(p) => port(p, "port")?,
                None => group.port,
            };
            keys.push(TargetKey {
                id: description.id.clone(),
                port,
            });
        }
        for key in keys {
            self.start_draining(ctx, timers, ec2_region, &request.target_group_arn, &key);
        }
        ctx.changed("target-group", request.target_group_arn);
        Ok(())
    }

    /// Takes `key` out of the group `arn`: it drains for the delay while the
    /// group is in use, or goes at once.
    pub fn start_draining(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        ec2: &RegionState,
        arn: &str,
        key: &TargetKey,
    ) {
        let in_use = !self.users_of(arn).is_empty();
        let Some(group) = self.target_groups.get(arn) else {
            return;
        };
        let Some(target) = group
            .targets
            .iter()
            .find(|t| &t.key == key && t.draining_until.is_none())
        else {
            return;
        };
        let before = self.health_of(ec2, group, target);
        let delay = group
            .attributes
            .seconds("deregistration_delay.timeout_seconds");
        let Some(group) = self.target_groups.get_mut(arn) else {
            return;
        };
        if !in_use || delay == 0 {
            group.targets.retain(|t| &t.key != key);
            return;
        }
        let until = ctx.now + delay;
        if let Some(target) = group.targets.iter_mut().find(|t| &t.key == key) {
            target.draining_until = Some(until);
            // Its health checks stop.
            target.generation += 1;
        }
        timers.schedule(
            until,
            Timer::Drained {
                region: ctx.region.to_string(),
                target_group_arn: arn.to_string(),
                target: key.clone(),
            },
        );
        let draining = target_health(Standing::Draining, Health::NEW);
        health_event(ctx, arn, key, before.state, &draining);
    }

    /// A drained target leaves its group, unless it was registered again.
    pub(super) fn drained(&mut self, ctx: &mut Context, arn: &str, key: &TargetKey, at: SimTime) {
        let Some(group) = self.target_groups.get_mut(arn) else {
            return;
        };
        let before = group.targets.len();
        group
            .targets
            .retain(|t| !(&t.key == key && t.draining_until == Some(at)));
        if group.targets.len() < before {
            let unused = TargetHealth::new(
                "unused",
                "Target.NotRegistered",
                "Target is not registered to the target group",
            );
            health_event(ctx, arn, key, "draining", &unused);
            ctx.changed("target-group", arn.to_string());
        }
    }

    /// DescribeTargetHealth.
    pub fn describe_target_health(
        &self,
        region: &str,
        ec2: &Ec2,
        request: &DescribeTargetHealthRequest,
    ) -> Result<DescribeTargetHealthResponse, ApiError> {
        let group = self
            .target_groups
            .get(&request.target_group_arn)
            .ok_or_else(group_not_found)?;
        let ec2_region = ec2.region(region).ok_or_else(group_not_found)?;
        let describe = |target: &Target| TargetHealthDescription {
            target: view(group, &target.key, target.availability_zone.as_deref()),
            health_check_port: group.health_check_port(target.key.port),
            target_health: self.health_of(ec2_region, group, target),
            administrative_override: NO_OVERRIDE,
        };
        let target_health_descriptions = if request.targets.is_empty() {
            group.targets.iter().map(describe).collect()
        } else {
            let mut out = Vec::new();
            for description in &request.targets {
                let key = check_target(ec2_region, group, description)?;
                match group.targets.iter().find(|t| t.key == key) {
                    Some(target) => out.push(describe(target)),
                    None => out.push(TargetHealthDescription {
                        target: view(group, &key, description.availability_zone.as_deref()),
                        health_check_port: group.health_check_port(key.port),
                        target_health: TargetHealth::new(
                            "unused",
                            "Target.NotRegistered",
                            "Target is not registered to the target group",
                        ),
                        administrative_override: NO_OVERRIDE,
                    }),
                }
            }
            out
        };
        Ok(DescribeTargetHealthResponse {
            target_health_descriptions,
        })
    }
}

/// How AWS lists ids in InvalidTarget messages: `'i-1', 'i-2'`.
fn quoted(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A target as responses show it: an IP target shows its zone.
fn view(group: &TargetGroup, key: &TargetKey, zone: Option<&str>) -> TargetView {
    TargetView {
        id: key.id.clone(),
        port: key.port,
        availability_zone: (group.target_type == "ip")
            .then(|| zone.map(str::to_string))
            .flatten(),
    }
}

/// Checks one target against the group: an instance of the region in the
/// group's VPC, or an IP address inside the VPC; the port defaults to the
/// group's.
fn check_target(
    ec2: &RegionState,
    group: &TargetGroup,
    description: &TargetDescription,
) -> Result<TargetKey, ApiError> {
    let port = match description.port {
        Some(p) => port(p, "port")?,
        None => group.port,
    };
    let id = description.id.trim().to_string();
    if group.target_type == "ip" {
        let ip: Ipv4Addr = id.parse().map_err(|_| {
            validation(format!("The IP address '{id}' is not a valid IPv4 address"))
        })?;
        let inside = ec2
            .vpcs
            .get(&group.vpc_id)
            .is_some_and(|vpc| vpc.cidr.contains(&ip));
        if !inside && description.availability_zone.as_deref() != Some("all") {
            return Err(ApiError::new(
                "InvalidTarget",
                format!(
                    "The IP address '{id}' is not within the CIDR ranges of the target group's VPC '{}'",
                    group.vpc_id
                ),
            ));
        }
        return Ok(TargetKey { id, port });
    }
    match ec2.instances.get(&id) {
        None => Err(ApiError::new(
            "InvalidTarget",
            format!(
                "The following targets are not valid instances: {}",
                quoted(&[&id])
            ),
        )),
        Some(instance) if instance.vpc_id != group.vpc_id => Err(ApiError::new(
            "InvalidTarget",
            format!(
                "The following targets are not in the target group VPC '{}': {}",
                group.vpc_id,
                quoted(&[&id])
            ),
        )),
        Some(_) => Ok(TargetKey { id, port }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALB: Thresholds = Thresholds {
        healthy: 5,
        unhealthy: 2,
        first_pass: true,
    };

    #[test]
    fn one_pass_makes_a_new_target_healthy_and_thresholds_move_it_after() {
        let healthy = Health::NEW.after(Ok(()), ALB);
        assert_eq!(healthy, Health::Healthy { fails: 0 });
        let once = healthy.after(Err(Failure::Codes(404)), ALB);
        assert_eq!(once, Health::Healthy { fails: 1 });
        let down = once.after(Err(Failure::Codes(404)), ALB);
        assert!(matches!(down, Health::Unhealthy { .. }));
        let mut up = down;
        for _ in 0..4 {
            up = up.after(Ok(()), ALB);
            assert!(matches!(up, Health::Unhealthy { .. }));
        }
        assert_eq!(up.after(Ok(()), ALB), Health::Healthy { fails: 0 });
        let classic = Thresholds {
            first_pass: false,
            ..ALB
        };
        assert!(matches!(
            Health::NEW.after(Ok(()), classic),
            Health::Initial { passes: 1, .. }
        ));
    }

    #[test]
    fn reasons_are_aws_words() {
        let failed = Health::Unhealthy {
            failure: Failure::Codes(404),
            passes: 0,
        };
        let health = target_health(Standing::Checked, failed);
        assert_eq!(health.reason, Some("Target.ResponseCodeMismatch"));
        assert_eq!(
            health.description.as_deref(),
            Some("Health checks failed with these codes: [404]")
        );
        let stopped = target_health(Standing::InvalidState("stopped"), Health::NEW);
        assert_eq!(
            (stopped.state, stopped.description.as_deref()),
            ("unused", Some("Target is in the stopped state"))
        );
    }
}
