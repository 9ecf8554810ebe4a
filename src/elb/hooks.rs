//! What other services ask of Elastic Load Balancing: Auto Scaling and
//! ECS register and deregister their instances (ECS: its tasks' host ports)
//! with their traffic sources and read their ELB health; the traffic model lists a group's targets; the
//! terminal resolves DNS names and routes requests (see
//! [`super::routing`]).

use super::classic::{
    classic_state, ClassicLoadBalancer, InstanceRef, InstancesRequest, FAILED_CHECKS,
};
use super::target_groups::TargetGroup;
use super::targets::{instance_of, Health, Target, TargetDescription, TargetsRequest};
use super::{Elb, ElbRegion};
use crate::ec2::{Ec2, RegionState};
use crate::kernel::{ApiError, Context, SimTime};

/// One target of a target group, for the traffic model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetStatus {
    /// The instance id or IP address registered.
    pub id: String,
    /// The instance behind the target, if any.
    pub instance_id: Option<String>,
    pub port: u16,
    /// The instance's zone.
    pub availability_zone: Option<String>,
    /// `healthy`, `unhealthy`, `initial`, `unused`, `draining`.
    pub state: &'static str,
    pub reason: Option<&'static str>,
}

/// What Auto Scaling attaches to a group (AWS's "traffic sources"): a
/// target group of an Application or Network Load Balancer, by ARN, or a
/// Classic Load Balancer, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrafficSource {
    TargetGroup(String),
    Classic(String),
}

impl TrafficSource {
    /// The ARN or name.
    pub fn identifier(&self) -> &str {
        match self {
            Self::TargetGroup(id) | Self::Classic(id) => id,
        }
    }
}

/// What a load balancer says of one registered instance, from the least
/// to the most telling: an instance in several target groups is as
/// unhealthy as its worst one says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Neither healthy nor unhealthy: still in its first checks, draining,
    /// unused, or not registered at all.
    Undecided,
    /// It passes the health checks (`healthy`, or `InService` on a Classic
    /// Load Balancer).
    Healthy,
    /// It failed them (`unhealthy`, or `OutOfService` after failed checks).
    Unhealthy,
}

impl Elb {
    /// Registers `instance_id` with `source` in `ctx.region` (with a target
    /// group, on `port`, or the group's own port when `None`): as Auto
    /// Scaling does for its instances and ECS for its tasks. Fails as
    /// RegisterTargets or RegisterInstancesWithLoadBalancer do.
    pub fn register(
        &mut self,
        ctx: &mut Context,
        ec2: &RegionState,
        source: &TrafficSource,
        instance_id: &str,
        port: Option<u16>,
    ) -> Result<(), ApiError> {
        let (state, timers) = self.region_mut(ctx.region);
        match source {
            TrafficSource::TargetGroup(arn) => {
                state.register_targets(ctx, timers, ec2, instance_request(arn, instance_id, port))
            }
            TrafficSource::Classic(name) => state
                .register_classic(ctx, timers, ec2, classic_request(name, instance_id))
                .map(drop),
        }
    }

    /// Deregisters `instance_id` (on `port`, as [`Elb::register`]) from
    /// `source`. Returns when its draining ends: a target group in use
    /// keeps the target draining for its deregistration delay; a Classic
    /// Load Balancer (its connection draining is not simulated) and an
    /// unused group let it go at once (`None`).
    pub fn deregister(
        &mut self,
        ctx: &mut Context,
        ec2: &RegionState,
        source: &TrafficSource,
        instance_id: &str,
        port: Option<u16>,
    ) -> Result<Option<SimTime>, ApiError> {
        let (state, timers) = self.region_mut(ctx.region);
        match source {
            TrafficSource::TargetGroup(arn) => {
                state.deregister_targets(
                    ctx,
                    timers,
                    ec2,
                    instance_request(arn, instance_id, port),
                )?;
                Ok(state.target_groups.get(arn).and_then(|group| {
                    group
                        .targets
                        .iter()
                        .filter(|t| t.key.id == instance_id && port.is_none_or(|p| t.key.port == p))
                        .filter_map(|t| t.draining_until)
                        .max()
                }))
            }
            TrafficSource::Classic(name) => state
                .deregister_classic(ctx, ec2, classic_request(name, instance_id))
                .map(|_| None),
        }
    }

    /// What `source` in the region of `ec2` says of `instance_id`, for Auto
    /// Scaling's ELB health check. A target still in its initial checks is
    /// not unhealthy.
    pub fn verdict(&self, ec2: &RegionState, source: &TrafficSource, instance_id: &str) -> Verdict {
        self.verdicts(ec2, source, instance_id, None)
            .into_iter()
            .map(|(verdict, _)| verdict)
            .max()
            .unwrap_or(Verdict::Undecided)
    }

    /// Why `source` finds `instance_id` on `port` unhealthy (its target's
    /// health description), if it does: for ECS, which replaces a task
    /// whose target failed (a Classic Load Balancer judges the instance).
    pub fn unhealthy_reason(
        &self,
        ec2: &RegionState,
        source: &TrafficSource,
        instance_id: &str,
        port: Option<u16>,
    ) -> Option<String> {
        self.verdicts(ec2, source, instance_id, port)
            .into_iter()
            .find_map(|(verdict, why)| (verdict == Verdict::Unhealthy).then_some(why))
    }

    /// The verdict on each target of `instance_id` in `source` (on `port`
    /// only, when given), with the description the load balancer gives it.
    fn verdicts(
        &self,
        ec2: &RegionState,
        source: &TrafficSource,
        instance_id: &str,
        port: Option<u16>,
    ) -> Vec<(Verdict, String)> {
        self.judged(ec2, source, |target, id| {
            id == instance_id && port.is_none_or(|p| target.key.port == p)
        })
        .into_iter()
        .map(|(_, verdict, why)| (verdict, why))
        .collect()
    }

    /// The instances `source` finds unhealthy (those [`Elb::verdict`] calls
    /// [`Verdict::Unhealthy`]), in one pass over its targets: Auto Scaling
    /// asks about every instance of a group at every round.
    pub fn unhealthy_instances<'a>(
        &'a self,
        ec2: &'a RegionState,
        source: &TrafficSource,
    ) -> Vec<&'a str> {
        // Only a target its checks found unhealthy can be.
        self.judged(ec2, source, |target, _| {
            matches!(target.health, Health::Unhealthy { .. })
        })
        .into_iter()
        .filter(|(_, verdict, _)| *verdict == Verdict::Unhealthy)
        .map(|(id, ..)| id)
        .collect()
    }

    /// The verdict of `source` on each of its targets that stands for an
    /// instance and that `wanted` (given the target and the instance's id)
    /// keeps, with the instance's id and the description the load
    /// balancer gives it. `wanted` asks before the verdict is worked out,
    /// which is the costly part.
    fn judged<'a>(
        &'a self,
        ec2: &'a RegionState,
        source: &TrafficSource,
        wanted: impl Fn(&Target, &str) -> bool,
    ) -> Vec<(&'a str, Verdict, String)> {
        let Some(state) = self.region(&ec2.name) else {
            return Vec::new();
        };
        match source {
            TrafficSource::TargetGroup(arn) => {
                state.target_groups.get(arn).map_or_else(Vec::new, |group| {
                    group
                        .targets
                        .iter()
                        .filter_map(|t| Some((instance_of(ec2, group, &t.key)?.id.as_str(), t)))
                        .filter(|(id, t)| wanted(t, id))
                        .map(|(id, t)| {
                            let (verdict, why) = target_verdict(state, ec2, group, t);
                            (id, verdict, why)
                        })
                        .collect()
                })
            }
            // A Classic Load Balancer's targets are instances by id.
            TrafficSource::Classic(name) => state.classic.get(name).map_or_else(Vec::new, |lb| {
                lb.instances
                    .iter()
                    .filter(|t| wanted(t, &t.key.id))
                    .map(|t| {
                        let (verdict, why) = classic_verdict(lb, ec2, t);
                        (t.key.id.as_str(), verdict, why)
                    })
                    .collect()
            }),
        }
    }

    /// The targets of a target group with their health and zone.
    pub fn group_targets(
        &self,
        ec2: &Ec2,
        region: &str,
        target_group_arn: &str,
    ) -> Vec<TargetStatus> {
        let (Some(state), Some(ec2_region)) = (self.region(region), ec2.region(region)) else {
            return Vec::new();
        };
        let Some(group) = state.target_groups.get(target_group_arn) else {
            return Vec::new();
        };
        group
            .targets
            .iter()
            .map(|t| {
                let instance = instance_of(ec2_region, group, &t.key);
                let health = state.health_of(ec2_region, group, t);
                TargetStatus {
                    id: t.key.id.clone(),
                    instance_id: instance.map(|i| i.id.clone()),
                    port: t.key.port,
                    availability_zone: instance.map(|i| i.availability_zone.clone()),
                    state: health.state,
                    reason: health.reason,
                }
            })
            .collect()
    }

    /// The target type (`instance`, `ip`) of the target group `arn` in
    /// `region`, if it exists.
    pub fn target_type(&self, region: &str, arn: &str) -> Option<&str> {
        self.region(region)?
            .target_groups
            .get(arn)
            .map(|group| group.target_type.as_str())
    }

    /// True when the Classic Load Balancer `name` exists in `region`.
    pub fn classic_exists(&self, region: &str, name: &str) -> bool {
        self.region(region)
            .is_some_and(|s| s.classic.contains_key(name))
    }
}

fn instance_request(
    target_group_arn: &str,
    instance_id: &str,
    port: Option<u16>,
) -> TargetsRequest {
    TargetsRequest {
        target_group_arn: target_group_arn.to_string(),
        targets: vec![TargetDescription {
            id: instance_id.to_string(),
            port: port.map(i64::from),
            availability_zone: None,
            quic_server_id: None,
        }],
    }
}

fn classic_request(name: &str, instance_id: &str) -> InstancesRequest {
    InstancesRequest {
        load_balancer_name: name.to_string(),
        instances: vec![InstanceRef {
            instance_id: instance_id.to_string(),
        }],
    }
}

/// A target group's verdict on `target`, with the description of its
/// health.
fn target_verdict(
    state: &ElbRegion,
    ec2: &RegionState,
    group: &TargetGroup,
    target: &Target,
) -> (Verdict, String) {
    let health = state.health_of(ec2, group, target);
    let verdict = match health.state {
        "healthy" => Verdict::Healthy,
        "unhealthy" => Verdict::Unhealthy,
        _ => Verdict::Undecided,
    };
    (verdict, health.description.unwrap_or_default())
}

/// A Classic Load Balancer's verdict on one of its instances, with the
/// description of its state.
fn classic_verdict(
    lb: &ClassicLoadBalancer,
    ec2: &RegionState,
    instance: &Target,
) -> (Verdict, String) {
    let (state, code, description) = classic_state(lb, ec2, instance);
    let verdict = match (state, code, description) {
        ("InService", ..) => Verdict::Healthy,
        (_, "Instance", FAILED_CHECKS) => Verdict::Unhealthy,
        _ => Verdict::Undecided,
    };
    (verdict, description.to_string())
}
