//! Auto Scaling groups: CreateAutoScalingGroup, UpdateAutoScalingGroup,
//! DeleteAutoScalingGroup, DescribeAutoScalingGroups and
//! SetDesiredCapacity, validated as AWS validates them. A change of the
//! desired capacity is only recorded here; reconciliation launches and
//! terminates toward it.

use super::activities::clause;
use super::instances::{Lifecycle, Member, MemberDescription};
use super::load_balancers::{
    check_sources, named_sources, Attachment, AttachmentState, TrafficSourceIdentifier,
};
use super::paging::{self, Page};
use super::policies::Policy;
use super::processes::{Process, SuspendedProcess, Suspension};
use super::reconcile::START_SECONDS;
use super::{check_length, validation, Ec2Access, RegionState};
use crate::ec2::filters::Filter;
use crate::elb::Elb;
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use crate::sts::ACCOUNT_ID;
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::BTreeSet;

/// Groups one region holds at most (AWS's quota).
pub const MAX_GROUPS: usize = 500;
/// Tags one group carries at most.
pub const MAX_TAGS: usize = 50;
/// Cooldown when the request names none.
pub const DEFAULT_COOLDOWN: i64 = 300;
/// The termination policies AWS knows (besides Lambda function ARNs), in
/// the order DescribeTerminationPolicyTypes lists them.
pub const TERMINATION_POLICIES: [&str; 7] = [
    "AllocationStrategy",
    "ClosestToNextInstanceHour",
    "Default",
    "NewestInstance",
    "OldestInstance",
    "OldestLaunchConfiguration",
    "OldestLaunchTemplate",
];

/// Where a group's instances come from.
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchSource {
    /// A launch template, with the version as the group names it
    /// (`$Default`, `$Latest` or a number).
    Template {
        id: String,
        name: String,
        version: String,
    },
    /// A launch configuration, by name.
    Configuration(String),
}

impl LaunchSource {
    /// The launch configuration's name, for a configuration.
    pub fn configuration(&self) -> Option<&str> {
        match self {
            Self::Configuration(name) => Some(name),
            Self::Template { .. } => None,
        }
    }

    /// `LaunchTemplate` as the CLI prints it, for a template.
    pub fn template(&self) -> Option<TemplateSpecification> {
        match self {
            Self::Template { id, name, version } => Some(TemplateSpecification {
                launch_template_id: id.clone(),
                launch_template_name: name.clone(),
                version: version.clone(),
            }),
            Self::Configuration(_) => None,
        }
    }
}

/// A tag of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTag {
    pub key: String,
    pub value: String,
    /// Whether instances launched from now on carry it.
    pub propagate_at_launch: bool,
}

/// An Auto Scaling group.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub arn: String,
    pub created: SimTime,
    pub source: LaunchSource,
    pub min_size: i64,
    pub max_size: i64,
    pub desired: i64,
    pub default_cooldown: i64,
    /// The subnets instances go to, as (subnet id, zone), in the order the
    /// request named them.
    pub subnets: Vec<(String, String)>,
    /// `VPCZoneIdentifier` as given (`None` when only zones were).
    pub vpc_zone_identifier: Option<String>,
    /// The target groups and Classic Load Balancers the group's instances
    /// join, in the order they were attached.
    pub attachments: Vec<Attachment>,
    /// `EC2` or `ELB`.
    pub health_check_type: String,
    pub health_check_grace_period: i64,
    pub instances: Vec<Member>,
    pub suspended: Vec<Suspension>,
    /// The group metrics it reports (EnableMetricsCollection).
    pub collected_metrics: Vec<&'static str>,
    pub tags: Vec<GroupTag>,
    pub termination_policies: Vec<String>,
    pub new_instances_protected_from_scale_in: bool,
    pub capacity_rebalance: bool,
    pub max_instance_lifetime: Option<i64>,
    pub default_instance_warmup: Option<i64>,
    /// Scaling policies by name.
    pub policies: IndexMap<String, Policy>,
    /// ForceDelete was asked: the group goes once its instances have.
    pub deleting: bool,
    /// The clause that explains the capacity change under way, which the
    /// activities it causes quote first.
    pub trigger: Option<String>,
    /// Cooldown-honouring changes wait until then.
    pub cooldown_until: SimTime,
    /// Seconds of cooldown to start once the change under way completes.
    pub pending_cooldown: Option<i64>,
    /// Launches or terminations EC2 refused in a row, and when the next
    /// attempt may be made.
    pub failures: u32,
    pub retry_at: SimTime,
}

impl Group {
    /// True when `process` is suspended.
    pub fn is_suspended(&self, process: Process) -> bool {
        self.suspended.iter().any(|s| s.process == process)
    }

    /// The group's Availability Zones, in name order.
    pub fn zones(&self) -> Vec<String> {
        let zones: BTreeSet<&String> = self.subnets.iter().map(|(_, zone)| zone).collect();
        zones.into_iter().cloned().collect()
    }

    /// The instances that count toward capacity: all but those terminating.
    pub fn capacity_members(&self) -> impl Iterator<Item = &Member> {
        self.instances
            .iter()
            .filter(|m| m.lifecycle != Lifecycle::Terminating)
    }

    /// True while a cooldown-honouring change must wait: a change that
    /// started a cooldown is still under way, or its cooldown runs.
    pub fn in_cooldown(&self, now: SimTime) -> bool {
        self.pending_cooldown.is_some() || now < self.cooldown_until
    }

    /// Sets the desired capacity; a change is explained by `why` (the
    /// clause's text, without its time) in the activities it causes.
    pub fn set_desired(&mut self, now: SimTime, desired: i64, why: &str) {
        if desired != self.desired {
            self.trigger = Some(clause(
                now,
                &format!(
                    "{why} changing the desired capacity from {} to {desired}.",
                    self.desired
                ),
            ));
            self.desired = desired;
        }
    }

    fn describe(&self) -> GroupDescription {
        GroupDescription {
            auto_scaling_group_name: self.name.clone(),
            auto_scaling_group_arn: self.arn.clone(),
            launch_configuration_name: self.source.configuration().map(str::to_string),
            launch_template: self.source.template(),
            min_size: self.min_size,
            max_size: self.max_size,
            desired_capacity: self.desired,
            default_cooldown: self.default_cooldown,
            availability_zones: self.zones(),
            load_balancer_names: self.load_balancer_names(),
            target_group_arns: self.target_group_arns(),
            health_check_type: self.health_check_type.clone(),
            health_check_grace_period: self.health_check_grace_period,
            instances: self.instances.iter().map(Member::describe).collect(),
            created_time: Iso8601(self.created),
            suspended_processes: self.suspended.iter().map(Suspension::describe).collect(),
            vpc_zone_identifier: self.vpc_zone_identifier.clone(),
            enabled_metrics: self.enabled_metrics(),
            status: self.deleting.then_some("Delete in progress"),
            tags: self
                .tags
                .iter()
                .map(|t| TagDescription {
                    resource_id: self.name.clone(),
                    resource_type: "auto-scaling-group",
                    key: t.key.clone(),
                    value: t.value.clone(),
                    propagate_at_launch: t.propagate_at_launch,
                })
                .collect(),
            termination_policies: self.termination_policies.clone(),
            new_instances_protected_from_scale_in: self.new_instances_protected_from_scale_in,
            service_linked_role_arn: format!("arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
            max_instance_lifetime: self.max_instance_lifetime,
            capacity_rebalance: self.capacity_rebalance,
            default_instance_warmup: self.default_instance_warmup,
            traffic_sources: self.traffic_sources(),
            availability_zone_distribution: ZoneDistribution {
                capacity_distribution_strategy: "balanced-best-effort",
            },
        }
    }

    /// The tag filter values of the group for `name`, or `None` for a
    /// filter AWS does not know.
    fn filter_values(&self, name: &str) -> Option<Vec<&str>> {
        match name {
            "tag-key" => Some(self.tags.iter().map(|t| t.key.as_str()).collect()),
            "tag-value" => Some(self.tags.iter().map(|t| t.value.as_str()).collect()),
            _ => name.strip_prefix("tag:").map(|key| {
                self.tags
                    .iter()
                    .filter(|t| t.key == key)
                    .map(|t| t.value.as_str())
                    .collect()
            }),
        }
    }
}

/// `LaunchTemplate` of a request (id or name, and a version).
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LaunchTemplateSpecificationRequest {
    #[serde(default)]
    pub launch_template_id: Option<String>,
    #[serde(default)]
    pub launch_template_name: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
}

/// A tag of a request.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagRequest {
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub resource_type: Option<String>,
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub propagate_at_launch: Option<bool>,
}

/// Request of CreateAutoScalingGroup.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default)]
    pub launch_configuration_name: Option<String>,
    #[serde(default)]
    pub launch_template: Option<LaunchTemplateSpecificationRequest>,
    pub min_size: i64,
    pub max_size: i64,
    #[serde(default)]
    pub desired_capacity: Option<i64>,
    #[serde(default)]
    pub default_cooldown: Option<i64>,
    #[serde(default)]
    pub availability_zones: Vec<String>,
    #[serde(default)]
    pub load_balancer_names: Vec<String>,
    #[serde(default, rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
    #[serde(default)]
    pub health_check_type: Option<String>,
    #[serde(default)]
    pub health_check_grace_period: Option<i64>,
    #[serde(default, rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Option<String>,
    #[serde(default)]
    pub termination_policies: Vec<String>,
    #[serde(default)]
    pub new_instances_protected_from_scale_in: Option<bool>,
    #[serde(default)]
    pub capacity_rebalance: Option<bool>,
    #[serde(default)]
    pub tags: Vec<TagRequest>,
    #[serde(default)]
    pub max_instance_lifetime: Option<i64>,
    #[serde(default)]
    pub default_instance_warmup: Option<i64>,
}

/// Request of UpdateAutoScalingGroup: only what it names changes.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UpdateAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default)]
    pub launch_configuration_name: Option<String>,
    #[serde(default)]
    pub launch_template: Option<LaunchTemplateSpecificationRequest>,
    #[serde(default)]
    pub min_size: Option<i64>,
    #[serde(default)]
    pub max_size: Option<i64>,
    #[serde(default)]
    pub desired_capacity: Option<i64>,
    #[serde(default)]
    pub default_cooldown: Option<i64>,
    #[serde(default)]
    pub availability_zones: Vec<String>,
    #[serde(default)]
    pub health_check_type: Option<String>,
    #[serde(default)]
    pub health_check_grace_period: Option<i64>,
    #[serde(default, rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Option<String>,
    #[serde(default)]
    pub termination_policies: Vec<String>,
    #[serde(default)]
    pub new_instances_protected_from_scale_in: Option<bool>,
    #[serde(default)]
    pub max_instance_lifetime: Option<i64>,
    #[serde(default)]
    pub capacity_rebalance: Option<bool>,
    #[serde(default)]
    pub default_instance_warmup: Option<i64>,
}

/// Request of DeleteAutoScalingGroup.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteAutoScalingGroupRequest {
    pub auto_scaling_group_name: String,
    #[serde(default)]
    pub force_delete: bool,
}

/// Request of DescribeAutoScalingGroups.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAutoScalingGroupsRequest {
    #[serde(default)]
    pub auto_scaling_group_names: Vec<String>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub max_records: Option<i64>,
    #[serde(default)]
    pub filters: Vec<Filter>,
}

/// Request of SetDesiredCapacity.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetDesiredCapacityRequest {
    pub auto_scaling_group_name: String,
    pub desired_capacity: i64,
    #[serde(default)]
    pub honor_cooldown: bool,
}

/// `LaunchTemplate` as the CLI prints it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemplateSpecification {
    pub launch_template_id: String,
    pub launch_template_name: String,
    pub version: String,
}

/// A group's tag as the CLI prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    pub resource_id: String,
    pub resource_type: &'static str,
    pub key: String,
    pub value: String,
    pub propagate_at_launch: bool,
}

/// `AvailabilityZoneDistribution` of a group.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ZoneDistribution {
    pub capacity_distribution_strategy: &'static str,
}

/// A group as the CLI prints it, members in the API model's order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupDescription {
    pub auto_scaling_group_name: String,
    #[serde(rename = "AutoScalingGroupARN")]
    pub auto_scaling_group_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_configuration_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<TemplateSpecification>,
    pub min_size: i64,
    pub max_size: i64,
    pub desired_capacity: i64,
    pub default_cooldown: i64,
    pub availability_zones: Vec<String>,
    pub load_balancer_names: Vec<String>,
    #[serde(rename = "TargetGroupARNs")]
    pub target_group_arns: Vec<String>,
    pub health_check_type: String,
    pub health_check_grace_period: i64,
    pub instances: Vec<MemberDescription>,
    pub created_time: Iso8601,
    pub suspended_processes: Vec<SuspendedProcess>,
    #[serde(rename = "VPCZoneIdentifier", skip_serializing_if = "Option::is_none")]
    pub vpc_zone_identifier: Option<String>,
    pub enabled_metrics: Vec<super::metrics_collection::EnabledMetric>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    pub tags: Vec<TagDescription>,
    pub termination_policies: Vec<String>,
    pub new_instances_protected_from_scale_in: bool,
    #[serde(rename = "ServiceLinkedRoleARN")]
    pub service_linked_role_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_instance_lifetime: Option<i64>,
    pub capacity_rebalance: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_instance_warmup: Option<i64>,
    pub traffic_sources: Vec<TrafficSourceIdentifier>,
    pub availability_zone_distribution: ZoneDistribution,
}

/// Response of DescribeAutoScalingGroups.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAutoScalingGroupsResponse {
    pub auto_scaling_groups: Vec<GroupDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `ValidationError` for a group that does not exist.
pub fn not_found(name: &str) -> ApiError {
    validation(format!(
        "AutoScalingGroup name not found - AutoScalingGroup {name} not found"
    ))
}

/// AWS's refusal of a negative size member.
fn check_not_negative(value: i64, member: &str) -> Result<(), ApiError> {
    if value < 0 {
        return Err(validation(format!("1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value greater than or equal to 0")));
    }
    Ok(())
}

/// Checks min ≤ desired ≤ max with AWS's messages.
fn check_sizes(min: i64, max: i64, desired: i64) -> Result<(), ApiError> {
    check_not_negative(min, "minSize")?;
    check_not_negative(max, "maxSize")?;
    check_not_negative(desired, "desiredCapacity")?;
    if max < min {
        return Err(validation(format!(
            "Max bound, {max}, must be greater than or equal to min bound, {min}"
        )));
    }
    if desired < min || desired > max {
        return Err(validation(format!(
            "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
        )));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), ApiError> {
    check_length(name, "autoScalingGroupName")?;
    if name.contains(':') {
        return Err(validation(format!(
            "Invalid AutoScalingGroup name '{name}': the name cannot contain ':'."
        )));
    }
    Ok(())
}

fn check_health_check_type(kind: &str) -> Result<(), ApiError> {
    if kind == "EC2" || kind == "ELB" {
        Ok(())
    } else {
        Err(validation(format!(
            "Invalid health check type '{kind}'. Valid values are EC2 and ELB."
        )))
    }
}

fn check_termination_policies(policies: &[String]) -> Result<(), ApiError> {
    for (index, policy) in policies.iter().enumerate() {
        let lambda = policy.starts_with("arn:aws:lambda:");
        if !lambda && !TERMINATION_POLICIES.contains(&policy.as_str()) {
            return Err(validation(format!(
                "Termination policy {policy} is not a valid termination policy."
            )));
        }
        if policy == "Default" && index + 1 != policies.len() {
            return Err(validation(
                "The Default termination policy must be the last one in the list.",
            ));
        }
    }
    Ok(())
}

fn group_tags(tags: &[TagRequest]) -> Result<Vec<GroupTag>, ApiError> {
    if tags.len() > MAX_TAGS {
        return Err(ApiError::new(
            "LimitExceeded",
            format!("The number of tags exceeds the limit of {MAX_TAGS}."),
        ));
    }
    let mut out: Vec<GroupTag> = Vec::with_capacity(tags.len());
    for tag in tags {
        check_length(&tag.key, "key")?;
        let value = tag.value.clone().unwrap_or_default();
        if tag.key.starts_with("aws:") {
            return Err(validation(
                "Tag keys starting with 'aws:' are reserved for internal use",
            ));
        }
        if tag.key.chars().count() > 128 || value.chars().count() > 256 {
            return Err(validation(format!(
                "Tag '{}' is too long: keys hold at most 128 characters, values 256.",
                tag.key
            )));
        }
        let tag = GroupTag {
            key: tag.key.clone(),
            value,
            propagate_at_launch: tag.propagate_at_launch.unwrap_or(false),
        };
        match out.iter_mut().find(|t| t.key == tag.key) {
            Some(existing) => *existing = tag,
            None => out.push(tag),
        }
    }
    Ok(out)
}

impl RegionState {
    /// The group `name`, or AWS's not-found error.
    pub fn group(&self, name: &str) -> Result<&Group, ApiError> {
        self.groups.get(name).ok_or_else(|| not_found(name))
    }

    /// The group `name`, mutable, or AWS's not-found error.
    pub fn group_mut(&mut self, name: &str) -> Result<&mut Group, ApiError> {
        self.groups.get_mut(name).ok_or_else(|| not_found(name))
    }

    /// The launch source a request names: exactly one of a template and a
    /// configuration, checked against EC2 in `subnet_id`.
    fn launch_source(
        &self,
        ctx: &mut Context,
        ec2: &mut Ec2Access,
        template: Option<&LaunchTemplateSpecificationRequest>,
        configuration: Option<&str>,
        subnet_id: &str,
    ) -> Result<LaunchSource, ApiError> {
        match (template, configuration) {
            (Some(spec), None) => {
                let (id, name) = match (&spec.launch_template_id, &spec.launch_template_name) {
                    (Some(id), None) => (Some(id.as_str()), None),
                    (None, Some(name)) => (None, Some(name.as_str())),
                    _ => {
                        return Err(validation(
                            "Valid requests must contain either launchTemplateId or LaunchTemplateName",
                        ))
                    }
                };
                let invalid = |e: ApiError| {
                    validation(format!(
                        "You must use a valid fully-formed launch template. {}",
                        e.message
                    ))
                };
                let template = ec2.region.launch_template(id, name).map_err(invalid)?;
                let version = spec.version.clone().unwrap_or_else(|| "$Default".into());
                let source = LaunchSource::Template {
                    id: template.id.clone(),
                    name: template.name.clone(),
                    version,
                };
                if let LaunchSource::Template { id, version, .. } = &source {
                    let (params, _) =
                        super::launch::template_parameters(ec2, id, version, subnet_id)
                            .map_err(invalid)?;
                    super::launch::check_launch(ctx, ec2, params).map_err(invalid)?;
                }
                Ok(source)
            }
            (None, Some(name)) => {
                if !self.launch_configurations.contains_key(name) {
                    return Err(super::launch_configurations::not_found(name));
                }
                Ok(LaunchSource::Configuration(name.to_string()))
            }
            _ => Err(validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.")),
        }
    }

    /// CreateAutoScalingGroup: its target groups and Classic Load
    /// Balancers must exist in the region (`elb`).
    pub fn create_auto_scaling_group(
        &mut self,
        ctx: &mut Context,
        ec2: &mut Ec2Access,
        elb: &Elb,
        request: CreateAutoScalingGroupRequest,
    ) -> Result<(), ApiError> {
        let name = request.auto_scaling_group_name.clone();
        check_name(&name)?;
        if self.groups.contains_key(&name) {
            return Err(ApiError::new(
                "AlreadyExists",
                format!("AutoScalingGroup by this name already exists - A group with the name {name} already exists"),
            ));
        }
        if self.groups.len() >= MAX_GROUPS {
            return Err(ApiError::new(
                "LimitExceeded",
                format!("You have reached your limit of {MAX_GROUPS} Auto Scaling groups."),
            ));
        }
        let desired = request.desired_capacity.unwrap_or(request.min_size);
        check_sizes(request.min_size, request.max_size, desired)?;
        let Placement {
            subnets,
            vpc_zone_identifier,
        } = placement(
            ec2,
            request.vpc_zone_identifier.as_deref(),
            &request.availability_zones,
        )?;
        let first_subnet = subnets
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default();
        let source = self.launch_source(
            ctx,
            ec2,
            request.launch_template.as_ref(),
            request.launch_configuration_name.as_deref(),
            &first_subnet,
        )?;
        let health_check_type = request.health_check_type.unwrap_or_else(|| "EC2".into());
        check_health_check_type(&health_check_type)?;
        let termination_policies = if request.termination_policies.is_empty() {
            vec!["Default".to_string()]
        } else {
            request.termination_policies
        };
        check_termination_policies(&termination_policies)?;
        let tags = group_tags(&request.tags)?;
        let attachments = named_sources(&request.target_group_arns, &request.load_balancer_names);
        check_sources(elb, ctx.region, &attachments)?;
        let mut group = Group {
            arn: format!(
                "arn:aws:autoscaling:{}:{ACCOUNT_ID}:autoScalingGroup:{}:autoScalingGroupName/{name}",
                ctx.region,
                ctx.ids.uuid()
            ),
            name: name.clone(),
            created: ctx.now,
            source,
            min_size: request.min_size,
            max_size: request.max_size,
            desired: 0,
            default_cooldown: request.default_cooldown.unwrap_or(DEFAULT_COOLDOWN),
            vpc_zone_identifier,
            subnets,
            attachments: attachments
                .into_iter()
                .map(|source| Attachment {
                    source,
                    state: AttachmentState::InService,
                })
                .collect(),
            health_check_type,
            // The API's default; the console's is 300.
            health_check_grace_period: request.health_check_grace_period.unwrap_or(0),
            instances: vec![],
            suspended: vec![],
            collected_metrics: vec![],
            tags,
            termination_policies,
            new_instances_protected_from_scale_in: request
                .new_instances_protected_from_scale_in
                .unwrap_or(false),
            capacity_rebalance: request.capacity_rebalance.unwrap_or(false),
            max_instance_lifetime: request.max_instance_lifetime,
            default_instance_warmup: request.default_instance_warmup.filter(|w| *w >= 0),
            policies: IndexMap::new(),
            deleting: false,
            trigger: None,
            cooldown_until: 0,
            pending_cooldown: None,
            failures: 0,
            retry_at: 0,
        };
        group.set_desired(
            ctx.now,
            desired,
            "a user request created an AutoScalingGroup",
        );
        self.groups.insert(name.clone(), group);
        ctx.created("auto-scaling-group", name);
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }

    /// UpdateAutoScalingGroup: a new launch source serves future launches
    /// only; raising the minimum above the desired capacity raises it, and
    /// lowering the maximum below it lowers it.
    pub fn update_auto_scaling_group(
        &mut self,
        ctx: &mut Context,
        ec2: &mut Ec2Access,
        request: UpdateAutoScalingGroupRequest,
    ) -> Result<(), ApiError> {
        let name = request.auto_scaling_group_name.clone();
        let group = self.group(&name)?;
        if group.deleting {
            return Err(being_deleted(&name));
        }
        let min = request.min_size.unwrap_or(group.min_size);
        let max = request.max_size.unwrap_or(group.max_size);
        let desired = request
            .desired_capacity
            .unwrap_or_else(|| group.desired.max(min).min(max));
        check_sizes(min, max, desired)?;
        let placement =
            if request.vpc_zone_identifier.is_some() || !request.availability_zones.is_empty() {
                Some(placement(
                    ec2,
                    request.vpc_zone_identifier.as_deref(),
                    &request.availability_zones,
                )?)
            } else {
                None
            };
        let subnet = placement
            .as_ref()
            .map_or(&group.subnets, |p| &p.subnets)
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default();
        let source =
            if request.launch_template.is_some() || request.launch_configuration_name.is_some() {
                Some(self.launch_source(
                    ctx,
                    ec2,
                    request.launch_template.as_ref(),
                    request.launch_configuration_name.as_deref(),
                    &subnet,
                )?)
            } else {
                None
            };
        if let Some(kind) = &request.health_check_type {
            check_health_check_type(kind)?;
        }
        if !request.termination_policies.is_empty() {
            check_termination_policies(&request.termination_policies)?;
        }
        let group = self.group_mut(&name)?;
        if let Some(source) = source {
            group.source = source;
        }
        if let Some(placement) = placement {
            group.vpc_zone_identifier = placement.vpc_zone_identifier;
            group.subnets = placement.subnets;
        }
        group.min_size = min;
        group.max_size = max;
        group.set_desired(
            ctx.now,
            desired,
            &format!(
                "a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired}"
            ),
        );
        if let Some(cooldown) = request.default_cooldown {
            group.default_cooldown = cooldown;
        }
        if let Some(kind) = request.health_check_type {
            group.health_check_type = kind;
        }
        if let Some(grace) = request.health_check_grace_period {
            group.health_check_grace_period = grace;
        }
        if !request.termination_policies.is_empty() {
            group.termination_policies = request.termination_policies;
        }
        if let Some(protect) = request.new_instances_protected_from_scale_in {
            group.new_instances_protected_from_scale_in = protect;
        }
        if let Some(lifetime) = request.max_instance_lifetime {
            group.max_instance_lifetime = Some(lifetime);
        }
        if let Some(rebalance) = request.capacity_rebalance {
            group.capacity_rebalance = rebalance;
        }
        // -1 removes the value (AWS's documented way to unset it).
        if let Some(warmup) = request.default_instance_warmup {
            group.default_instance_warmup = (warmup >= 0).then_some(warmup);
        }
        ctx.changed("auto-scaling-group", name);
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }

    /// DeleteAutoScalingGroup: at once for an empty group; with ForceDelete
    /// the instances are terminated first and the group shows `Status`
    /// "Delete in progress" until they are gone. Its policies go with it;
    /// its activities stay (IncludeDeletedGroups).
    pub fn delete_auto_scaling_group(
        &mut self,
        ctx: &mut Context,
        request: DeleteAutoScalingGroupRequest,
    ) -> Result<(), ApiError> {
        let name = request.auto_scaling_group_name;
        let group = self.group(&name)?;
        if group.deleting {
            return Ok(());
        }
        if !request.force_delete {
            if self.activities.in_progress(&group.arn) {
                return Err(ApiError::new(
                    "ScalingActivityInProgress",
                    "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.",
                ));
            }
            if !group.instances.is_empty() {
                return Err(ApiError::new(
                    "ResourceInUse",
                    "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.",
                ));
            }
        }
        if group.instances.is_empty() {
            self.groups.shift_remove(&name);
            ctx.deleted("auto-scaling-group", name);
            return Ok(());
        }
        let group = self.group_mut(&name)?;
        group.deleting = true;
        group.min_size = 0;
        group.set_desired(ctx.now, 0, "a user request deleted the AutoScalingGroup");
        ctx.changed("auto-scaling-group", name);
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }

    /// DescribeAutoScalingGroups: the named groups (unknown names are
    /// skipped), filtered by tag, 50 to a page.
    pub fn describe_auto_scaling_groups(
        &self,
        request: &DescribeAutoScalingGroupsRequest,
    ) -> Result<DescribeAutoScalingGroupsResponse, ApiError> {
        let names = &request.auto_scaling_group_names;
        if names.len() > 100 {
            return Err(validation("1 validation error detected: Value at 'autoScalingGroupNames' failed to satisfy constraint: Member must have length less than or equal to 100"));
        }
        for filter in &request.filters {
            let known = ["tag-key", "tag-value"].contains(&filter.name.as_str())
                || filter.name.starts_with("tag:");
            if !known {
                return Err(validation(format!(
                    "Filter type {} is not correct. Allowed Filter types are: tag-key tag-value tag:<key>",
                    filter.name
                )));
            }
        }
        let described = self
            .groups
            .values()
            .filter(|g| names.is_empty() || names.contains(&g.name))
            .filter(|g| {
                request.filters.iter().all(|filter| {
                    let values = g.filter_values(&filter.name).unwrap_or_default();
                    filter
                        .values
                        .iter()
                        .any(|wanted| values.contains(&wanted.as_str()))
                })
            })
            .map(Group::describe)
            .collect();
        let (auto_scaling_groups, next_token) = paging::page(
            "auto-scaling-groups",
            described,
            Page {
                max_records: request.max_records,
                next_token: request.next_token.as_deref(),
                default: 50,
                most: 100,
            },
        )?;
        Ok(DescribeAutoScalingGroupsResponse {
            auto_scaling_groups,
            next_token,
        })
    }

    /// SetDesiredCapacity; with HonorCooldown, refused during a cooldown.
    pub fn set_desired_capacity(
        &mut self,
        ctx: &mut Context,
        request: SetDesiredCapacityRequest,
    ) -> Result<(), ApiError> {
        let name = request.auto_scaling_group_name;
        let group = self.group_mut(&name)?;
        if group.deleting {
            return Err(being_deleted(&name));
        }
        let desired = request.desired_capacity;
        if desired > group.max_size {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is above max value {} for the AutoScalingGroup.",
                group.max_size
            )));
        }
        if desired < group.min_size {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is below min value {} for the AutoScalingGroup.",
                group.min_size
            )));
        }
        if request.honor_cooldown && group.in_cooldown(ctx.now) {
            return Err(in_cooldown(&name));
        }
        if desired != group.desired {
            group.pending_cooldown = Some(group.default_cooldown);
        }
        group.set_desired(
            ctx.now,
            desired,
            "a user request explicitly set group desired capacity",
        );
        ctx.changed("auto-scaling-group", name);
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }
}

/// `ScalingActivityInProgress` for a change that honours a cooldown still
/// running.
pub fn in_cooldown(name: &str) -> ApiError {
    ApiError::new(
        "ScalingActivityInProgress",
        format!("Scaling activity of AutoScalingGroup {name} is in progress or its cooldown period has not expired."),
    )
}

/// `ValidationError` for a change to a group being deleted.
pub(super) fn being_deleted(name: &str) -> ApiError {
    validation(format!("AutoScalingGroup {name} is pending delete."))
}

/// Where a group's instances go: its subnets as (id, zone), and its
/// `VPCZoneIdentifier` when the request gave one.
struct Placement {
    subnets: Vec<(String, String)>,
    vpc_zone_identifier: Option<String>,
}

/// The subnets a request names: `VPCZoneIdentifier` ("subnet-a,subnet-b"),
/// else the default subnet of each Availability Zone; at least one.
fn placement(
    ec2: &Ec2Access,
    vpc_zone_identifier: Option<&str>,
    zones: &[String],
) -> Result<Placement, ApiError> {
    let mut subnets: Vec<(String, String)> = Vec::new();
    if let Some(identifier) = vpc_zone_identifier {
        for id in identifier
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let subnet = ec2
                .region
                .subnets
                .get(id)
                .ok_or_else(|| validation(format!("The subnet ID '{id}' does not exist")))?;
            if !subnets.iter().any(|(known, _)| known == id) {
                subnets.push((subnet.id.clone(), subnet.availability_zone.clone()));
            }
        }
    } else {
        let known = crate::ec2::regions::zone_names(&ec2.region.name);
        for zone in zones {
            if !known.contains(zone) {
                return Err(validation(format!("Invalid Availability Zone: {zone}")));
            }
            let subnet = ec2
                .region
                .subnets
                .values()
                .find(|s| s.default_for_az && &s.availability_zone == zone)
                .ok_or_else(|| {
                    validation(format!(
                        "No default subnet for availability zone: '{zone}'. Specify a VPC subnet with VPCZoneIdentifier."
                    ))
                })?;
            if !subnets.iter().any(|(id, _)| id == &subnet.id) {
                subnets.push((subnet.id.clone(), zone.clone()));
            }
        }
    }
    if subnets.is_empty() {
        return Err(validation(
            "At least one Availability Zone or VPC Subnet is required.",
        ));
    }
    // AWS echoes the identifier as the list of the subnets it names.
    let vpc_zone_identifier = vpc_zone_identifier.map(|_| {
        subnets
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(",")
    });
    Ok(Placement {
        subnets,
        vpc_zone_identifier,
    })
}
