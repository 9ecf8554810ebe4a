//! The instances of groups: their lifecycle and health as Auto Scaling
//! sees them, DescribeAutoScalingInstances, SetInstanceHealth,
//! SetInstanceProtection and TerminateInstanceInAutoScalingGroup.

use super::activities::{clause, ActivityResponse};
use super::groups::{LaunchSource, TemplateSpecification};
use super::paging::{self, Page};
use super::reconcile::{begin_termination, POLL_SECONDS, START_SECONDS};
use super::{validation, Ec2Access, RegionState};
use crate::elb::Elb;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde::Serialize;

/// Where an instance is in its group's lifecycle (lifecycle hooks and
/// standby are not simulated, so their states never occur).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    /// Launched; EC2 has not reported it running yet.
    Pending,
    InService,
    /// Being terminated; it no longer counts toward capacity.
    Terminating,
}

impl Lifecycle {
    /// The name AWS prints (`LifecycleState`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::InService => "InService",
            Self::Terminating => "Terminating",
        }
    }
}

/// Who found an instance unhealthy; each is worded differently in the
/// cause of its replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnhealthyCause {
    /// EC2 reports it stopped, terminated or otherwise not running.
    Ec2,
    /// SetInstanceHealth.
    User,
    /// A load balancer's health check failed (ELB health check type).
    Elb,
}

impl UnhealthyCause {
    /// The clause text of the termination that replaces the instance.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Ec2 => "an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.",
            Self::User => "an instance was taken out of service in response to a user health-check.",
            Self::Elb => "an instance was taken out of service in response to an ELB system health check failure.",
        }
    }
}

/// An instance of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub instance_id: String,
    pub instance_type: String,
    pub zone: String,
    pub subnet_id: String,
    pub lifecycle: Lifecycle,
    /// Set once a health check fails; the instance is then replaced.
    pub unhealthy: Option<UnhealthyCause>,
    /// The group's launch source when it was launched.
    pub source: LaunchSource,
    /// The template version number it was launched from, for a template.
    pub template_version: Option<u64>,
    pub protected_from_scale_in: bool,
    pub launched: SimTime,
    /// When it entered InService; its warm-up counts from then.
    pub in_service_since: Option<SimTime>,
    /// The activity launching or terminating it, while that runs.
    pub activity: Option<String>,
    /// While terminating: when its draining from the load balancers ends
    /// and EC2 is asked to terminate it (`None` once asked).
    pub drain_until: Option<SimTime>,
}

/// An instance as DescribeAutoScalingGroups prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MemberDescription {
    pub instance_id: String,
    pub instance_type: String,
    pub availability_zone: String,
    pub lifecycle_state: &'static str,
    pub health_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<TemplateSpecification>,
    pub protected_from_scale_in: bool,
}

/// An instance as DescribeAutoScalingInstances prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDetails {
    pub instance_id: String,
    pub instance_type: String,
    pub auto_scaling_group_name: String,
    pub availability_zone: String,
    pub lifecycle_state: &'static str,
    pub health_status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<TemplateSpecification>,
    pub protected_from_scale_in: bool,
}

impl Member {
    /// When the group's grace period of `grace` seconds after its launch
    /// ends.
    pub fn grace_ends(&self, grace: i64) -> SimTime {
        self.launched
            .saturating_add(u64::try_from(grace).unwrap_or(0))
    }

    /// As DescribeAutoScalingGroups prints it.
    pub fn describe(&self) -> MemberDescription {
        MemberDescription {
            instance_id: self.instance_id.clone(),
            instance_type: self.instance_type.clone(),
            availability_zone: self.zone.clone(),
            lifecycle_state: self.lifecycle.name(),
            health_status: if self.unhealthy.is_some() {
                "Unhealthy"
            } else {
                "Healthy"
            },
            launch_configuration_name: self.source.configuration().map(str::to_string),
            launch_template: self.source.template(),
            protected_from_scale_in: self.protected_from_scale_in,
        }
    }

    /// As DescribeAutoScalingInstances prints it: the same, with the
    /// group's name, and the health in capitals there, as AWS prints it.
    fn details(&self, group: &str) -> InstanceDetails {
        let described = self.describe();
        InstanceDetails {
            instance_id: described.instance_id,
            instance_type: described.instance_type,
            auto_scaling_group_name: group.to_string(),
            availability_zone: described.availability_zone,
            lifecycle_state: described.lifecycle_state,
            health_status: if self.unhealthy.is_some() {
                "UNHEALTHY"
            } else {
                "HEALTHY"
            },
            launch_configuration_name: described.launch_configuration_name,
            launch_template: described.launch_template,
            protected_from_scale_in: described.protected_from_scale_in,
        }
    }
}

/// Request of DescribeAutoScalingInstances.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAutoScalingInstancesRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
    #[serde(default)]
    pub max_records: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

/// Response of DescribeAutoScalingInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingInstancesResponse {
    pub auto_scaling_instances: Vec<InstanceDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Request of SetInstanceHealth.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetInstanceHealthRequest {
    pub instance_id: String,
    pub health_status: String,
    #[serde(default)]
    pub should_respect_grace_period: Option<bool>,
}

/// Request of SetInstanceProtection.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetInstanceProtectionRequest {
    pub instance_ids: Vec<String>,
    pub auto_scaling_group_name: String,
    pub protected_from_scale_in: bool,
}

/// Request of TerminateInstanceInAutoScalingGroup.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TerminateInstanceRequest {
    pub instance_id: String,
    pub should_decrement_desired_capacity: bool,
}

/// `ValidationError` for an instance no group has.
pub fn not_managed(id: &str) -> ApiError {
    validation(format!(
        "Instance Id not found - No managed instance found for instance ID: {id}"
    ))
}

impl RegionState {
    /// The name of the group holding instance `id`.
    pub fn group_of(&self, id: &str) -> Option<&str> {
        self.groups
            .values()
            .find(|g| g.instances.iter().any(|m| m.instance_id == id))
            .map(|g| g.name.as_str())
    }

    /// The member `id` of group `group`, mutable.
    pub fn member_mut(&mut self, group: &str, id: &str) -> Option<&mut Member> {
        self.groups
            .get_mut(group)?
            .instances
            .iter_mut()
            .find(|m| m.instance_id == id)
    }

    /// DescribeAutoScalingInstances: every instance of every group, or the
    /// ones named (unknown ids are skipped).
    pub fn describe_auto_scaling_instances(
        &self,
        request: &DescribeAutoScalingInstancesRequest,
    ) -> Result<DescribeAutoScalingInstancesResponse, ApiError> {
        let ids = &request.instance_ids;
        let described = self
            .groups
            .values()
            .flat_map(|g| g.instances.iter().map(move |m| m.details(&g.name)))
            .filter(|d| ids.is_empty() || ids.contains(&d.instance_id))
            .collect();
        let (auto_scaling_instances, next_token) = paging::page(
            "auto-scaling-instances",
            described,
            Page {
                max_records: request.max_records,
                next_token: request.next_token.as_deref(),
                default: 50,
                most: 50,
            },
        )?;
        Ok(DescribeAutoScalingInstancesResponse {
            auto_scaling_instances,
            next_token,
        })
    }

    /// Marks instance `id` unhealthy for `cause`; reconciliation replaces
    /// it. Within the group's grace period after launch the verdict is
    /// ignored when `respect_grace` (EC2's own verdict, that an instance is
    /// not running, never waits for it). This is the entry point for health
    /// verdicts from outside: SetInstanceHealth now, load balancer health
    /// checks (see [`super::AutoScaling::report_unhealthy`] and
    /// [`RegionState::check_elb_health`]).
    pub fn mark_unhealthy(
        &mut self,
        now: SimTime,
        id: &str,
        cause: UnhealthyCause,
        respect_grace: bool,
    ) -> Result<(), ApiError> {
        let group = self
            .group_of(id)
            .ok_or_else(|| not_managed(id))?
            .to_string();
        let Some((grace, kind)) = self
            .groups
            .get(&group)
            .map(|g| (g.health_check_grace_period, g.health_check_type.as_str()))
        else {
            return Err(not_managed(id));
        };
        // A load balancer's verdict counts only for the ELB health check type.
        if cause == UnhealthyCause::Elb && kind != "ELB" {
            return Ok(());
        }
        let Some(member) = self.member_mut(&group, id) else {
            return Err(not_managed(id));
        };
        let in_grace = now < member.grace_ends(grace);
        if (respect_grace && in_grace) || member.lifecycle == Lifecycle::Terminating {
            return Ok(());
        }
        member.unhealthy.get_or_insert(cause);
        self.wake_at(now + START_SECONDS);
        Ok(())
    }

    /// SetInstanceHealth.
    pub fn set_instance_health(
        &mut self,
        ctx: &mut Context,
        request: SetInstanceHealthRequest,
    ) -> Result<(), ApiError> {
        let id = request.instance_id;
        match request.health_status.as_str() {
            "Unhealthy" => self.mark_unhealthy(
                ctx.now,
                &id,
                UnhealthyCause::User,
                request.should_respect_grace_period.unwrap_or(true),
            )?,
            "Healthy" => {
                let group = self
                    .group_of(&id)
                    .ok_or_else(|| not_managed(&id))?
                    .to_string();
                if let Some(member) = self
                    .member_mut(&group, &id)
                    .filter(|m| m.lifecycle != Lifecycle::Terminating)
                {
                    member.unhealthy = None;
                }
            }
            other => {
                return Err(validation(format!(
                    "Invalid health status '{other}'. Valid values are Healthy and Unhealthy."
                )))
            }
        }
        ctx.changed("instance", id);
        Ok(())
    }

    /// SetInstanceProtection: protected instances are skipped by scale-in
    /// (not by health replacement).
    pub fn set_instance_protection(
        &mut self,
        ctx: &mut Context,
        request: SetInstanceProtectionRequest,
    ) -> Result<(), ApiError> {
        let name = request.auto_scaling_group_name;
        let group = self.group_mut(&name)?;
        if let Some(stranger) = request
            .instance_ids
            .iter()
            .find(|id| !group.instances.iter().any(|m| &m.instance_id == *id))
        {
            return Err(validation(format!(
                "The instance {stranger} is not part of Auto Scaling group {name}."
            )));
        }
        for member in group
            .instances
            .iter_mut()
            .filter(|m| request.instance_ids.contains(&m.instance_id))
        {
            member.protected_from_scale_in = request.protected_from_scale_in;
        }
        ctx.changed("auto-scaling-group", name);
        // A scale-in that protection held back may go ahead now.
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }

    /// TerminateInstanceInAutoScalingGroup: the instance is terminated at
    /// once (after draining from the group's load balancers); without
    /// ShouldDecrementDesiredCapacity a replacement follows.
    pub fn terminate_instance_in_auto_scaling_group(
        &mut self,
        ctx: &mut Context,
        ec2: &mut Ec2Access,
        elb: &mut Elb,
        request: TerminateInstanceRequest,
    ) -> Result<ActivityResponse, ApiError> {
        let id = request.instance_id;
        let name = self
            .group_of(&id)
            .ok_or_else(|| not_managed(&id))?
            .to_string();
        let RegionState {
            groups, activities, ..
        } = self;
        let group = groups.get_mut(&name).ok_or_else(|| not_managed(&id))?;
        let terminating = group
            .instances
            .iter()
            .any(|m| m.instance_id == id && m.lifecycle == Lifecycle::Terminating);
        if terminating {
            return Err(validation(format!(
                "The instance {id} is already being terminated."
            )));
        }
        let decrement = request.should_decrement_desired_capacity;
        let mut text =
            format!("instance {id} was taken out of service in response to a user request");
        if decrement {
            if group.desired <= group.min_size {
                return Err(validation(format!("Currently, desiredSize equals minSize ({}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.", group.min_size)));
            }
            text.push_str(&format!(
                ", shrinking the capacity from {} to {}",
                group.desired,
                group.desired - 1
            ));
        }
        text.push('.');
        let cause = clause(ctx.now, &text);
        let activity = begin_termination(ctx, ec2, elb, activities, group, &id, cause)?;
        if decrement {
            group.desired -= 1;
        }
        ctx.changed("auto-scaling-group", name);
        self.wake_at(ctx.now + POLL_SECONDS);
        let activity = self
            .activities
            .get(&activity)
            .map(|a| a.describe(None))
            .ok_or_else(|| not_managed(&id))?;
        Ok(ActivityResponse { activity })
    }
}
