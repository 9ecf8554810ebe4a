//! What other services ask of Elastic Load Balancing: Auto Scaling
//! registers and deregisters its instances and reads their ELB health; the
//! traffic model lists a group's targets; the terminal resolves DNS names
//! and routes requests (see [`super::routing`]).

use super::classic::{classic_state, InstanceRef, InstancesRequest};
use super::targets::{instance_of, TargetDescription, TargetsRequest};
use super::Elb;
use crate::ec2::Ec2;
use crate::kernel::{ApiError, Context};

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

impl Elb {
    /// Registers `instance_id` on the group's port in the target group
    /// `target_group_arn` of `ctx.region` (Auto Scaling's
    /// `TargetGroupARNs`). Fails as RegisterTargets does.
    pub fn register_instance(
        &mut self,
        ctx: &mut Context,
        ec2: &Ec2,
        target_group_arn: &str,
        instance_id: &str,
    ) -> Result<(), ApiError> {
        let (state, timers) = self.region_mut(ctx.region);
        state.register_targets(
            ctx,
            timers,
            ec2,
            instance_request(target_group_arn, instance_id),
        )
    }

    /// Deregisters `instance_id` from the target group: it drains for the
    /// group's deregistration delay.
    pub fn deregister_instance(
        &mut self,
        ctx: &mut Context,
        ec2: &Ec2,
        target_group_arn: &str,
        instance_id: &str,
    ) -> Result<(), ApiError> {
        let (state, timers) = self.region_mut(ctx.region);
        state.deregister_targets(
            ctx,
            timers,
            ec2,
            instance_request(target_group_arn, instance_id),
        )
    }

    /// Registers `instance_id` with the Classic Load Balancer `name` of
    /// `ctx.region` (Auto Scaling's `LoadBalancerNames`).
    pub fn register_with_classic(
        &mut self,
        ctx: &mut Context,
        ec2: &Ec2,
        name: &str,
        instance_id: &str,
    ) -> Result<(), ApiError> {
        let (state, timers) = self.region_mut(ctx.region);
        state
            .register_classic(ctx, timers, ec2, classic_request(name, instance_id))
            .map(drop)
    }

    /// Deregisters `instance_id` from the Classic Load Balancer `name`.
    pub fn deregister_from_classic(
        &mut self,
        ctx: &mut Context,
        ec2: &Ec2,
        name: &str,
        instance_id: &str,
    ) -> Result<(), ApiError> {
        let (state, _) = self.region_mut(ctx.region);
        state
            .deregister_classic(ctx, ec2, classic_request(name, instance_id))
            .map(drop)
    }

    /// Auto Scaling's ELB health check: true when one of the target groups
    /// reports `instance_id` `unhealthy`, or one of the Classic Load
    /// Balancers reports it OutOfService after failed checks. A target
    /// still in its initial checks is not unhealthy.
    pub fn instance_unhealthy(
        &self,
        ec2: &Ec2,
        region: &str,
        instance_id: &str,
        target_group_arns: &[String],
        classic_names: &[String],
    ) -> bool {
        let (Some(state), Some(ec2_region)) = (self.region(region), ec2.region(region)) else {
            return false;
        };
        let in_groups = target_group_arns
            .iter()
            .filter_map(|arn| state.target_groups.get(arn))
            .any(|group| {
                group.targets.iter().any(|t| {
                    instance_of(ec2_region, group, &t.key).is_some_and(|i| i.id == instance_id)
                        && state.health_of(ec2_region, group, t).state == "unhealthy"
                })
            });
        let in_classic = classic_names
            .iter()
            .filter_map(|name| state.classic.get(name))
            .any(|lb| {
                lb.instances.iter().any(|t| {
                    t.key.id == instance_id
                        && classic_state(lb, ec2_region, t)
                            == (
                                "OutOfService",
                                "Instance",
                                "Instance has failed at least the UnhealthyThreshold number of health checks consecutively.",
                            )
                })
            });
        in_groups || in_classic
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

    /// True when the target group `arn` exists in `region`.
    pub fn target_group_exists(&self, region: &str, arn: &str) -> bool {
        self.region(region)
            .is_some_and(|s| s.target_groups.contains_key(arn))
    }

    /// True when the Classic Load Balancer `name` exists in `region`.
    pub fn classic_exists(&self, region: &str, name: &str) -> bool {
        self.region(region)
            .is_some_and(|s| s.classic.contains_key(name))
    }
}

fn instance_request(target_group_arn: &str, instance_id: &str) -> TargetsRequest {
    TargetsRequest {
        target_group_arn: target_group_arn.to_string(),
        targets: vec![TargetDescription {
            id: instance_id.to_string(),
            port: None,
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
