//! Auto Scaling with Elastic Load Balancing: the target groups and Classic
//! Load Balancers a group is attached to (`TargetGroupARNs` and
//! `LoadBalancerNames` at creation, Attach/Detach/Describe
//! LoadBalancerTargetGroups and LoadBalancers), the registration of the
//! group's instances with them, their deregistration before termination,
//! and the ELB health check.
//!
//! An attachment made at creation is `InService` at once. One made later is
//! `Adding` until the next reconciliation registers the instances in
//! service, then `Added`; with the ELB health check type it is `InService`
//! once one instance passes the load balancer's checks (with the EC2 type
//! it stays `Added`). Only `InService` attachments can have an instance
//! replaced, so attaching a load balancer whose checks all fail does not
//! empty the group. A detached one is `Removing` while its instances drain,
//! then gone.

use super::groups::{being_deleted, Group};
use super::instances::{Lifecycle, UnhealthyCause};
use super::paging::{self, Page};
use super::processes::Process;
use super::reconcile::START_SECONDS;
use super::{validation, RegionState};
use crate::ec2;
use crate::elb::hooks::{TrafficSource, Verdict};
use crate::elb::Elb;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde::Serialize;

/// Where an attachment stands (`State` in DescribeLoadBalancerTargetGroups
/// and DescribeLoadBalancers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentState {
    /// Attached by a request; the next reconciliation registers the
    /// instances in service.
    Adding,
    /// Every instance in service is registered.
    Added,
    /// Attached at creation, or an instance passed the load balancer's
    /// health checks (ELB health check type): its verdicts count.
    InService,
    /// Detached: the next reconciliation deregisters the instances
    /// (`until` is `None` until then); it goes when they have drained.
    Removing { until: Option<SimTime> },
}

impl AttachmentState {
    /// The name AWS prints.
    pub fn name(self) -> &'static str {
        match self {
            Self::Adding => "Adding",
            Self::Added => "Added",
            Self::InService => "InService",
            Self::Removing { .. } => "Removing",
        }
    }
}

/// A target group or Classic Load Balancer attached to a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub source: TrafficSource,
    pub state: AttachmentState,
}

impl Attachment {
    /// False once detached.
    pub fn attached(&self) -> bool {
        !matches!(self.state, AttachmentState::Removing { .. })
    }
}

/// Request of AttachLoadBalancerTargetGroups and
/// DetachLoadBalancerTargetGroups.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetGroupsRequest {
    pub auto_scaling_group_name: String,
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
}

/// Request of AttachLoadBalancers and DetachLoadBalancers.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoadBalancersRequest {
    pub auto_scaling_group_name: String,
    pub load_balancer_names: Vec<String>,
}

/// Request of DescribeLoadBalancerTargetGroups and DescribeLoadBalancers.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAttachmentsRequest {
    pub auto_scaling_group_name: String,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub max_records: Option<i64>,
}

/// A target group as DescribeLoadBalancerTargetGroups prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupState {
    #[serde(rename = "LoadBalancerTargetGroupARN")]
    pub load_balancer_target_group_arn: String,
    pub state: &'static str,
}

/// Response of DescribeLoadBalancerTargetGroups.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancerTargetGroupsResponse {
    pub load_balancer_target_groups: Vec<TargetGroupState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// A Classic Load Balancer as DescribeLoadBalancers prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerState {
    pub load_balancer_name: String,
    pub state: &'static str,
}

/// Response of DescribeLoadBalancers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLoadBalancersResponse {
    pub load_balancers: Vec<LoadBalancerState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `TrafficSources[]` of a group: every attachment, whichever action made
/// it, typed `elbv2` (a target group) or `elb` (a Classic Load Balancer).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrafficSourceIdentifier {
    pub identifier: String,
    #[serde(rename = "Type")]
    pub kind: &'static str,
}

/// The sources a request names: target groups, then Classic Load
/// Balancers, each once.
pub fn named_sources(
    target_group_arns: &[String],
    load_balancer_names: &[String],
) -> Vec<TrafficSource> {
    let mut sources: Vec<TrafficSource> = Vec::new();
    let named = target_group_arns
        .iter()
        .map(|arn| TrafficSource::TargetGroup(arn.clone()))
        .chain(
            load_balancer_names
                .iter()
                .map(|name| TrafficSource::Classic(name.clone())),
        );
    for source in named {
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    sources
}

/// Checks that every source exists in `region` and that the target groups
/// take instances, with AWS's messages.
pub fn check_sources(elb: &Elb, region: &str, sources: &[TrafficSource]) -> Result<(), ApiError> {
    for source in sources {
        match source {
            TrafficSource::TargetGroup(arn) => match elb.target_type(region, arn) {
                None => {
                    return Err(validation(
                        "Provided Target Groups may not be valid. Please ensure they exist and try again.",
                    ))
                }
                Some("instance") => {}
                Some(_) => {
                    return Err(validation(format!(
                        "Provided Target Group '{arn}' has invalid target type. Please ensure all provided Target Groups have target type of instance."
                    )))
                }
            },
            TrafficSource::Classic(name) => {
                if !elb.classic_exists(region, name) {
                    return Err(validation(
                        "Provided Load Balancers may not be valid. Please ensure they exist and try again.",
                    ));
                }
            }
        }
    }
    Ok(())
}

impl Group {
    /// The sources the group's instances join (detached ones are left out).
    pub fn sources(&self) -> impl Iterator<Item = &TrafficSource> {
        self.attachments
            .iter()
            .filter(|a| a.attached())
            .map(|a| &a.source)
    }

    /// `TargetGroupARNs` as DescribeAutoScalingGroups prints it.
    pub fn target_group_arns(&self) -> Vec<String> {
        self.sources()
            .filter_map(|s| match s {
                TrafficSource::TargetGroup(arn) => Some(arn.clone()),
                TrafficSource::Classic(_) => None,
            })
            .collect()
    }

    /// `LoadBalancerNames` as DescribeAutoScalingGroups prints it.
    pub fn load_balancer_names(&self) -> Vec<String> {
        self.sources()
            .filter_map(|s| match s {
                TrafficSource::Classic(name) => Some(name.clone()),
                TrafficSource::TargetGroup(_) => None,
            })
            .collect()
    }

    /// `TrafficSources` as DescribeAutoScalingGroups prints it.
    pub fn traffic_sources(&self) -> Vec<TrafficSourceIdentifier> {
        self.sources()
            .map(|s| TrafficSourceIdentifier {
                identifier: s.identifier().to_string(),
                kind: match s {
                    TrafficSource::TargetGroup(_) => "elbv2",
                    TrafficSource::Classic(_) => "elb",
                },
            })
            .collect()
    }

    /// Registers instance `id` with every source the group is attached to
    /// (when it goes in service). A load balancer that refuses it (it was
    /// deleted meanwhile, or is in another VPC) leaves it unregistered
    /// there, and the instance goes in service all the same.
    pub fn register(&self, ctx: &mut Context, ec2: &ec2::RegionState, elb: &mut Elb, id: &str) {
        for source in self.sources() {
            // The refusal is the load balancer's to show (its targets do
            // not list the instance); Auto Scaling carries on.
            let _ = elb.register(ctx, ec2, source, id, None);
        }
    }

    /// Deregisters instance `id` from every source the group is attached
    /// to (before it is terminated); returns when its draining ends, if it
    /// drains anywhere.
    pub fn deregister(
        &self,
        ctx: &mut Context,
        ec2: &ec2::RegionState,
        elb: &mut Elb,
        id: &str,
    ) -> Option<SimTime> {
        self.sources()
            .filter_map(|source| elb.deregister(ctx, ec2, source, id, None).ok().flatten())
            .max()
    }

    /// The instances a load balancer whose attachment is in service finds
    /// unhealthy, for the ELB health check (an instance is as unhealthy as
    /// the worst of them says).
    pub fn elb_unhealthy<'a>(&self, ec2: &'a ec2::RegionState, elb: &'a Elb) -> Vec<&'a str> {
        self.attachments
            .iter()
            .filter(|a| a.state == AttachmentState::InService)
            .flat_map(|a| elb.unhealthy_instances(ec2, &a.source))
            .collect()
    }

    /// Moves the attachments along: registers the instances in service
    /// with new ones, deregisters the instances from detached ones (which
    /// go once drained), and puts an added one in service when an instance
    /// passes its checks under the ELB health check type. Returns whether
    /// anything changed.
    pub fn settle_attachments(
        &mut self,
        ctx: &mut Context,
        ec2: &ec2::RegionState,
        elb: &mut Elb,
    ) -> bool {
        let in_service: Vec<String> = self
            .instances
            .iter()
            .filter(|m| m.lifecycle == Lifecycle::InService)
            .map(|m| m.instance_id.clone())
            .collect();
        let members: Vec<String> = self
            .instances
            .iter()
            .map(|m| m.instance_id.clone())
            .collect();
        let elb_checks = self.health_check_type == "ELB";
        let mut changed = false;
        for attachment in &mut self.attachments {
            let source = &attachment.source;
            let before = attachment.state;
            attachment.state = match before {
                AttachmentState::Adding => {
                    for id in &in_service {
                        // As at launch, a refusal leaves the instance out.
                        let _ = elb.register(ctx, ec2, source, id, None);
                    }
                    AttachmentState::Added
                }
                AttachmentState::Added
                    if elb_checks
                        && in_service
                            .iter()
                            .any(|id| elb.verdict(ec2, source, id) == Verdict::Healthy) =>
                {
                    AttachmentState::InService
                }
                AttachmentState::Removing { until: None } => {
                    let until = members
                        .iter()
                        .filter_map(|id| elb.deregister(ctx, ec2, source, id, None).ok().flatten())
                        .max()
                        .unwrap_or(ctx.now);
                    AttachmentState::Removing { until: Some(until) }
                }
                state => state,
            };
            changed |= attachment.state != before;
        }
        let now = ctx.now;
        let before = self.attachments.len();
        self.attachments.retain(|a| match a.state {
            AttachmentState::Removing { until: Some(until) } => until > now,
            _ => true,
        });
        changed || self.attachments.len() != before
    }
}

impl RegionState {
    /// The ELB health check of every group with the `ELB` health check
    /// type: an instance in service that a load balancer in service finds
    /// unhealthy is marked so (through [`RegionState::mark_unhealthy`], as
    /// any outside verdict), or, within its grace period, looked at again
    /// when the period ends.
    pub fn check_elb_health(&mut self, now: SimTime, ec2: &ec2::RegionState, elb: &Elb) {
        let mut failed: Vec<(String, SimTime)> = Vec::new();
        for group in self.groups.values() {
            if group.health_check_type != "ELB" || group.is_suspended(Process::HealthCheck) {
                continue;
            }
            let unhealthy = group.elb_unhealthy(ec2, elb);
            for member in &group.instances {
                if member.lifecycle == Lifecycle::InService
                    && member.unhealthy.is_none()
                    && unhealthy.contains(&member.instance_id.as_str())
                {
                    let grace_ends = member.grace_ends(group.health_check_grace_period);
                    failed.push((member.instance_id.clone(), grace_ends));
                }
            }
        }
        for (id, grace_ends) in failed {
            if now < grace_ends {
                self.wake_at(grace_ends);
            } else {
                // The instance is known to be in a group of this region.
                let _ = self.mark_unhealthy(now, &id, UnhealthyCause::Elb, true);
            }
        }
    }

    /// AttachLoadBalancerTargetGroups.
    pub fn attach_load_balancer_target_groups(
        &mut self,
        ctx: &mut Context,
        elb: &Elb,
        request: TargetGroupsRequest,
    ) -> Result<(), ApiError> {
        let sources = named_sources(&request.target_group_arns, &[]);
        self.attach(ctx, elb, &request.auto_scaling_group_name, sources)
    }

    /// AttachLoadBalancers.
    pub fn attach_load_balancers(
        &mut self,
        ctx: &mut Context,
        elb: &Elb,
        request: LoadBalancersRequest,
    ) -> Result<(), ApiError> {
        let sources = named_sources(&[], &request.load_balancer_names);
        self.attach(ctx, elb, &request.auto_scaling_group_name, sources)
    }

    /// DetachLoadBalancerTargetGroups.
    pub fn detach_load_balancer_target_groups(
        &mut self,
        ctx: &mut Context,
        request: TargetGroupsRequest,
    ) -> Result<(), ApiError> {
        let sources = named_sources(&request.target_group_arns, &[]);
        self.detach(
            ctx,
            &request.auto_scaling_group_name,
            sources,
            "Target Groups",
        )
    }

    /// DetachLoadBalancers.
    pub fn detach_load_balancers(
        &mut self,
        ctx: &mut Context,
        request: LoadBalancersRequest,
    ) -> Result<(), ApiError> {
        let sources = named_sources(&[], &request.load_balancer_names);
        self.detach(
            ctx,
            &request.auto_scaling_group_name,
            sources,
            "Load Balancers",
        )
    }

    /// Attaches `sources` to group `name` (additive: those attached already
    /// stay as they are; one being detached is attached afresh).
    fn attach(
        &mut self,
        ctx: &mut Context,
        elb: &Elb,
        name: &str,
        sources: Vec<TrafficSource>,
    ) -> Result<(), ApiError> {
        let group = self.group_mut(name)?;
        if group.deleting {
            return Err(being_deleted(name));
        }
        check_sources(elb, ctx.region, &sources)?;
        for source in sources {
            if group.sources().any(|s| *s == source) {
                continue;
            }
            group.attachments.retain(|a| a.source != source);
            group.attachments.push(Attachment {
                source,
                state: AttachmentState::Adding,
            });
        }
        ctx.changed("auto-scaling-group", name.to_string());
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }

    /// Detaches `sources` (`what` names their kind in AWS's refusal) from
    /// group `name`: all must be attached.
    fn detach(
        &mut self,
        ctx: &mut Context,
        name: &str,
        sources: Vec<TrafficSource>,
        what: &str,
    ) -> Result<(), ApiError> {
        let group = self.group_mut(name)?;
        let strangers: Vec<&str> = sources
            .iter()
            .filter(|source| !group.sources().any(|s| s == *source))
            .map(TrafficSource::identifier)
            .collect();
        if !strangers.is_empty() {
            // AWS's message starts so; naming the strangers after it is
            // the sandbox's addition.
            return Err(validation(format!(
                "Trying to remove {what} that are not part of the group: {}",
                strangers.join(", ")
            )));
        }
        for attachment in &mut group.attachments {
            if sources.contains(&attachment.source) {
                attachment.state = AttachmentState::Removing { until: None };
            }
        }
        ctx.changed("auto-scaling-group", name.to_string());
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }

    /// DescribeLoadBalancerTargetGroups: the group's target groups, those
    /// being detached too.
    pub fn describe_load_balancer_target_groups(
        &self,
        request: &DescribeAttachmentsRequest,
    ) -> Result<DescribeLoadBalancerTargetGroupsResponse, ApiError> {
        let (load_balancer_target_groups, next_token) =
            self.attachments_page(request, |a| match &a.source {
                TrafficSource::TargetGroup(arn) => Some(TargetGroupState {
                    load_balancer_target_group_arn: arn.clone(),
                    state: a.state.name(),
                }),
                TrafficSource::Classic(_) => None,
            })?;
        Ok(DescribeLoadBalancerTargetGroupsResponse {
            load_balancer_target_groups,
            next_token,
        })
    }

    /// DescribeLoadBalancers (Auto Scaling's): the group's Classic Load
    /// Balancers, those being detached too.
    pub fn describe_load_balancers(
        &self,
        request: &DescribeAttachmentsRequest,
    ) -> Result<DescribeLoadBalancersResponse, ApiError> {
        let (load_balancers, next_token) = self.attachments_page(request, |a| match &a.source {
            TrafficSource::Classic(name) => Some(LoadBalancerState {
                load_balancer_name: name.clone(),
                state: a.state.name(),
            }),
            TrafficSource::TargetGroup(_) => None,
        })?;
        Ok(DescribeLoadBalancersResponse {
            load_balancers,
            next_token,
        })
    }

    /// One page of the group's attachments that `describe` keeps, 100 to a
    /// page.
    fn attachments_page<T>(
        &self,
        request: &DescribeAttachmentsRequest,
        describe: impl Fn(&Attachment) -> Option<T>,
    ) -> Result<(Vec<T>, Option<String>), ApiError> {
        let group = self.group(&request.auto_scaling_group_name)?;
        let described = group.attachments.iter().filter_map(describe).collect();
        paging::page(
            "load-balancers",
            described,
            Page {
                max_records: request.max_records,
                next_token: request.next_token.as_deref(),
                default: 100,
                most: 100,
            },
        )
    }
}
