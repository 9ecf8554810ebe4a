//! Scaling policies: PutScalingPolicy (simple, step and target tracking),
//! DescribePolicies, DeletePolicy and ExecutePolicy. A policy changes the
//! group's desired capacity; reconciliation does the rest. CloudWatch alarm
//! actions (phase 2) execute policies through [`AutoScaling::execute_policy`].

use super::groups::{in_cooldown, not_found as group_not_found};
use super::paging::{self, Page};
use super::processes::Process;
use super::reconcile::START_SECONDS;
use super::target_tracking::capacity_for;
use super::{check_length, validation, AutoScaling, RegionState};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use serde::Serialize;
use serde_json::Value;

/// Policies one group holds at most (AWS's quota).
pub const MAX_POLICIES: usize = 50;
/// Steps one step policy holds at most.
pub const MAX_STEPS: usize = 20;

/// The kind of a policy (`PolicyType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyType {
    SimpleScaling,
    StepScaling,
    TargetTrackingScaling,
}

impl PolicyType {
    fn name(self) -> &'static str {
        match self {
            Self::SimpleScaling => "SimpleScaling",
            Self::StepScaling => "StepScaling",
            Self::TargetTrackingScaling => "TargetTrackingScaling",
        }
    }
}

/// How a simple or step policy's adjustment is read (`AdjustmentType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentType {
    ChangeInCapacity,
    ExactCapacity,
    PercentChangeInCapacity,
}

impl AdjustmentType {
    const ALL: [Self; 3] = [
        Self::ChangeInCapacity,
        Self::ExactCapacity,
        Self::PercentChangeInCapacity,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::ChangeInCapacity => "ChangeInCapacity",
            Self::ExactCapacity => "ExactCapacity",
            Self::PercentChangeInCapacity => "PercentChangeInCapacity",
        }
    }

    fn named(name: &str) -> Result<Self, ApiError> {
        Self::ALL.into_iter().find(|t| t.name() == name).ok_or_else(|| {
            validation(format!(
                "Invalid adjustment type {name}. Valid values are ChangeInCapacity, ExactCapacity and PercentChangeInCapacity."
            ))
        })
    }

    /// The new capacity from `current` and `adjustment`. A percentage is
    /// rounded as AWS documents: above 1 down, between 0 and 1 to 1,
    /// between -1 and 0 to -1, below -1 toward zero; then at least
    /// `min_magnitude` either way.
    pub fn apply(self, current: i64, adjustment: i64, min_magnitude: Option<i64>) -> i64 {
        match self {
            Self::ChangeInCapacity => current.saturating_add(adjustment),
            Self::ExactCapacity => adjustment,
            Self::PercentChangeInCapacity => {
                let change = current as f64 * adjustment as f64 / 100.0;
                let mut delta = if change > 1.0 {
                    change.floor()
                } else if change > 0.0 {
                    1.0
                } else if (-1.0..0.0).contains(&change) {
                    -1.0
                } else {
                    change.ceil()
                } as i64;
                if let Some(magnitude) = min_magnitude.filter(|&m| m > 0 && adjustment != 0) {
                    if delta.saturating_abs() < magnitude {
                        delta = magnitude * adjustment.signum();
                    }
                }
                current.saturating_add(delta)
            }
        }
    }
}

/// One step of a step policy: bounds relative to the alarm threshold.
#[derive(Debug, Clone, PartialEq, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StepAdjustment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    pub scaling_adjustment: i64,
}

impl StepAdjustment {
    /// True when a breach of `difference` (metric minus threshold) falls in
    /// this step: above the threshold the lower bound is inclusive, below
    /// it the upper bound is.
    fn contains(&self, difference: f64) -> bool {
        let lower = self
            .metric_interval_lower_bound
            .unwrap_or(f64::NEG_INFINITY);
        let upper = self.metric_interval_upper_bound.unwrap_or(f64::INFINITY);
        if difference >= 0.0 {
            lower <= difference && difference < upper
        } else {
            lower < difference && difference <= upper
        }
    }
}

/// `PredefinedMetricSpecification` of a target tracking policy.
#[derive(Debug, Clone, PartialEq, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PredefinedMetricSpecification {
    pub predefined_metric_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

/// `TargetTrackingConfiguration`, kept as given: phase 2 creates its
/// CloudWatch alarms from it.
#[derive(Debug, Clone, PartialEq, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetTrackingConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<Value>,
    pub target_value: f64,
    /// AWS prints `false` when the request left it out.
    #[serde(default)]
    pub disable_scale_in: Option<bool>,
}

/// An alarm that executes a policy (`Alarms[]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyAlarm {
    pub alarm_name: String,
    #[serde(rename = "AlarmARN")]
    pub alarm_arn: String,
}

/// A scaling policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub name: String,
    pub arn: String,
    pub policy_type: PolicyType,
    pub adjustment_type: Option<AdjustmentType>,
    pub scaling_adjustment: Option<i64>,
    pub min_adjustment_magnitude: Option<i64>,
    /// Simple scaling's cooldown (the group's default when `None`).
    pub cooldown: Option<i64>,
    pub step_adjustments: Vec<StepAdjustment>,
    pub metric_aggregation_type: Option<String>,
    pub estimated_instance_warmup: Option<i64>,
    pub target_tracking: Option<TargetTrackingConfiguration>,
    pub enabled: bool,
    /// The alarms that execute it: for target tracking, the two AWS
    /// creates (phase 2 attaches them with [`AutoScaling::attach_alarms`]).
    pub alarms: Vec<PolicyAlarm>,
}

/// Request of PutScalingPolicy.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutScalingPolicyRequest {
    pub auto_scaling_group_name: String,
    pub policy_name: String,
    #[serde(default)]
    pub policy_type: Option<String>,
    #[serde(default)]
    pub adjustment_type: Option<String>,
    #[serde(default)]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(default)]
    pub scaling_adjustment: Option<i64>,
    #[serde(default)]
    pub cooldown: Option<i64>,
    #[serde(default)]
    pub metric_aggregation_type: Option<String>,
    #[serde(default)]
    pub step_adjustments: Vec<StepAdjustment>,
    #[serde(default)]
    pub estimated_instance_warmup: Option<i64>,
    #[serde(default)]
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Request of DescribePolicies.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribePoliciesRequest {
    #[serde(default)]
    pub auto_scaling_group_name: Option<String>,
    #[serde(default)]
    pub policy_names: Vec<String>,
    #[serde(default)]
    pub policy_types: Vec<String>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub max_records: Option<i64>,
}

/// Request of DeletePolicy.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeletePolicyRequest {
    #[serde(default)]
    pub auto_scaling_group_name: Option<String>,
    pub policy_name: String,
}

/// Request of ExecutePolicy.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ExecutePolicyRequest {
    #[serde(default)]
    pub auto_scaling_group_name: Option<String>,
    pub policy_name: String,
    #[serde(default)]
    pub honor_cooldown: bool,
    #[serde(default)]
    pub metric_value: Option<f64>,
    #[serde(default)]
    pub breach_threshold: Option<f64>,
}

/// Response of PutScalingPolicy.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyArnResponse {
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alarms: Vec<PolicyAlarm>,
}

/// A policy as the CLI prints it, members in the API model's order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDescription {
    pub auto_scaling_group_name: String,
    pub policy_name: String,
    #[serde(rename = "PolicyARN")]
    pub policy_arn: String,
    pub policy_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scaling_adjustment: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    pub step_adjustments: Vec<StepAdjustment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_instance_warmup: Option<i64>,
    pub alarms: Vec<PolicyAlarm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    pub enabled: bool,
}

/// Response of DescribePolicies.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribePoliciesResponse {
    pub scaling_policies: Vec<PolicyDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One adjustment type as DescribeAdjustmentTypes prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdjustmentTypeDescription {
    pub adjustment_type: &'static str,
}

/// Response of DescribeAdjustmentTypes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAdjustmentTypesResponse {
    pub adjustment_types: Vec<AdjustmentTypeDescription>,
}

/// DescribeAdjustmentTypes.
pub fn describe_adjustment_types() -> DescribeAdjustmentTypesResponse {
    DescribeAdjustmentTypesResponse {
        adjustment_types: AdjustmentType::ALL
            .iter()
            .map(|t| AdjustmentTypeDescription {
                adjustment_type: t.name(),
            })
            .collect(),
    }
}

/// Who executes a policy, and with what measurement.
#[derive(Debug, Clone, Copy)]
pub struct Execution<'a> {
    /// The alarm whose action it is (phase 2), or `None` for ExecutePolicy.
    pub alarm: Option<&'a str>,
    /// Wait out a cooldown: an alarm always does; ExecutePolicy when asked.
    pub honor_cooldown: bool,
    /// The metric's value and the alarm threshold, which pick a step.
    pub metric_value: Option<f64>,
    pub breach_threshold: Option<f64>,
}

impl Policy {
    fn describe(&self, group: &str) -> PolicyDescription {
        PolicyDescription {
            auto_scaling_group_name: group.to_string(),
            policy_name: self.name.clone(),
            policy_arn: self.arn.clone(),
            policy_type: self.policy_type.name(),
            adjustment_type: self.adjustment_type.map(AdjustmentType::name),
            min_adjustment_magnitude: self.min_adjustment_magnitude,
            scaling_adjustment: self.scaling_adjustment,
            cooldown: self.cooldown,
            step_adjustments: self.step_adjustments.clone(),
            metric_aggregation_type: self.metric_aggregation_type.clone(),
            estimated_instance_warmup: self.estimated_instance_warmup,
            alarms: self.alarms.clone(),
            target_tracking_configuration: self.target_tracking.clone(),
            enabled: self.enabled,
        }
    }

    /// The capacity this policy asks for, from `current`; `None` when no
    /// step holds the breach.
    fn target(&self, current: i64, execution: &Execution) -> Result<Option<i64>, ApiError> {
        let adjustment_type = self
            .adjustment_type
            .unwrap_or(AdjustmentType::ChangeInCapacity);
        let adjustment = match self.policy_type {
            PolicyType::SimpleScaling => self.scaling_adjustment.unwrap_or(0),
            PolicyType::StepScaling => {
                let (Some(value), Some(threshold)) =
                    (execution.metric_value, execution.breach_threshold)
                else {
                    return Err(validation(
                        "MetricValue and BreachThreshold are required for a StepScaling policy.",
                    ));
                };
                match self
                    .step_adjustments
                    .iter()
                    .find(|s| s.contains(value - threshold))
                {
                    Some(step) => step.scaling_adjustment,
                    None => return Ok(None),
                }
            }
            PolicyType::TargetTrackingScaling => {
                return Err(validation(
                    "ExecutePolicy is not supported for a TargetTrackingScaling policy.",
                ))
            }
        };
        Ok(Some(adjustment_type.apply(
            current,
            adjustment,
            self.min_adjustment_magnitude,
        )))
    }
}

fn check_steps(steps: &[StepAdjustment]) -> Result<(), ApiError> {
    if steps.is_empty() {
        return Err(validation(
            "You must specify at least one step adjustment for a StepScaling policy.",
        ));
    }
    if steps.len() > MAX_STEPS {
        return Err(ApiError::new(
            "LimitExceeded",
            format!("A StepScaling policy holds at most {MAX_STEPS} step adjustments."),
        ));
    }
    let mut bounds: Vec<(f64, f64)> = Vec::with_capacity(steps.len());
    for step in steps {
        let lower = step
            .metric_interval_lower_bound
            .unwrap_or(f64::NEG_INFINITY);
        let upper = step.metric_interval_upper_bound.unwrap_or(f64::INFINITY);
        if lower >= upper {
            return Err(validation(
                "The upper bound of a step adjustment must be greater than its lower bound.",
            ));
        }
        bounds.push((lower, upper));
    }
    for (end, what) in [(0, "lower"), (1, "upper")] {
        let unbounded = bounds
            .iter()
            .filter(|b| {
                if end == 0 {
                    b.0.is_infinite()
                } else {
                    b.1.is_infinite()
                }
            })
            .count();
        if unbounded > 1 {
            return Err(validation(format!(
                "At most one step adjustment may have a null {what} bound."
            )));
        }
    }
    bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in bounds.windows(2) {
        if pair[0].1 > pair[1].0 {
            return Err(validation("Step adjustments must not overlap."));
        }
        if pair[0].1 < pair[1].0 {
            return Err(validation(
                "Step adjustments must not have gaps between them.",
            ));
        }
    }
    Ok(())
}

fn check_target_tracking(configuration: &TargetTrackingConfiguration) -> Result<(), ApiError> {
    match (
        &configuration.predefined_metric_specification,
        &configuration.customized_metric_specification,
    ) {
        (Some(predefined), None) => {
            const TYPES: [&str; 4] = [
                "ASGAverageCPUUtilization",
                "ASGAverageNetworkIn",
                "ASGAverageNetworkOut",
                "ALBRequestCountPerTarget",
            ];
            let kind = predefined.predefined_metric_type.as_str();
            if !TYPES.contains(&kind) {
                return Err(validation(format!("1 validation error detected: Value '{kind}' at 'targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType' failed to satisfy constraint: Member must satisfy enum value set: [{}]", TYPES.join(", "))));
            }
            if kind == "ALBRequestCountPerTarget" && predefined.resource_label.is_none() {
                return Err(validation(
                    "A ResourceLabel is required for the predefined metric type ALBRequestCountPerTarget.",
                ));
            }
            super::target_tracking::metric_of("", configuration).map(|_| ())
        }
        (None, Some(_)) => super::target_tracking::metric_of("", configuration).map(|_| ()),
        _ => Err(validation(
            "Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified.",
        )),
    }
}

/// A member a policy type does not take.
fn refuse(given: bool, member: &str, kind: PolicyType) -> Result<(), ApiError> {
    if given {
        return Err(validation(format!(
            "{member} is not supported for policies of type {}.",
            kind.name()
        )));
    }
    Ok(())
}

impl RegionState {
    /// PutScalingPolicy: creates the policy or replaces one of the same
    /// name (keeping its ARN).
    pub fn put_scaling_policy(
        &mut self,
        ctx: &mut Context,
        request: PutScalingPolicyRequest,
    ) -> Result<PolicyArnResponse, ApiError> {
        check_length(&request.policy_name, "policyName")?;
        let kind = match request.policy_type.as_deref().unwrap_or("SimpleScaling") {
            "SimpleScaling" => PolicyType::SimpleScaling,
            "StepScaling" => PolicyType::StepScaling,
            "TargetTrackingScaling" => PolicyType::TargetTrackingScaling,
            "PredictiveScaling" => {
                return Err(validation(
                    "The sandbox does not simulate PredictiveScaling policies.",
                ))
            }
            other => {
                return Err(validation(format!(
                    "Invalid policy type {other}. Valid values are SimpleScaling, StepScaling, TargetTrackingScaling and PredictiveScaling."
                )))
            }
        };
        let adjustment_type = request
            .adjustment_type
            .as_deref()
            .map(AdjustmentType::named)
            .transpose()?;
        match kind {
            PolicyType::SimpleScaling => {
                if request.scaling_adjustment.is_none() {
                    return Err(validation(
                        "Scaling increment must be specified for a SimpleScaling policy",
                    ));
                }
                if adjustment_type.is_none() {
                    return Err(validation(
                        "Adjustment type must be specified for a SimpleScaling policy",
                    ));
                }
                refuse(
                    !request.step_adjustments.is_empty(),
                    "StepAdjustments",
                    kind,
                )?;
                refuse(
                    request.target_tracking_configuration.is_some(),
                    "TargetTrackingConfiguration",
                    kind,
                )?;
            }
            PolicyType::StepScaling => {
                if adjustment_type.is_none() {
                    return Err(validation(
                        "Adjustment type must be specified for a StepScaling policy",
                    ));
                }
                check_steps(&request.step_adjustments)?;
                refuse(
                    request.scaling_adjustment.is_some(),
                    "ScalingAdjustment",
                    kind,
                )?;
                refuse(request.cooldown.is_some(), "Cooldown", kind)?;
                refuse(
                    request.target_tracking_configuration.is_some(),
                    "TargetTrackingConfiguration",
                    kind,
                )?;
            }
            PolicyType::TargetTrackingScaling => {
                let Some(configuration) = &request.target_tracking_configuration else {
                    return Err(validation(
                        "TargetTrackingConfiguration must be specified for a TargetTrackingScaling policy",
                    ));
                };
                check_target_tracking(configuration)?;
                refuse(adjustment_type.is_some(), "AdjustmentType", kind)?;
                refuse(
                    request.scaling_adjustment.is_some(),
                    "ScalingAdjustment",
                    kind,
                )?;
                refuse(request.cooldown.is_some(), "Cooldown", kind)?;
                refuse(
                    !request.step_adjustments.is_empty(),
                    "StepAdjustments",
                    kind,
                )?;
            }
        }
        if request.min_adjustment_magnitude.is_some()
            && adjustment_type != Some(AdjustmentType::PercentChangeInCapacity)
        {
            return Err(validation(
                "MinAdjustmentMagnitude is only supported with the adjustment type PercentChangeInCapacity.",
            ));
        }
        let region = ctx.region;
        let group = self.group_mut(&request.auto_scaling_group_name)?;
        let existing = group.policies.get(&request.policy_name);
        if existing.is_none() && group.policies.len() >= MAX_POLICIES {
            return Err(ApiError::new(
                "LimitExceeded",
                format!("You have reached the limit of {MAX_POLICIES} scaling policies for this Auto Scaling group."),
            ));
        }
        let arn = match existing {
            Some(policy) => policy.arn.clone(),
            None => format!(
                "arn:aws:autoscaling:{region}:{ACCOUNT_ID}:scalingPolicy:{}:autoScalingGroupName/{}:policyName/{}",
                ctx.ids.uuid(),
                group.name,
                request.policy_name
            ),
        };
        let alarms = existing.map(|p| p.alarms.clone()).unwrap_or_default();
        let policy = Policy {
            name: request.policy_name.clone(),
            arn: arn.clone(),
            policy_type: kind,
            adjustment_type,
            scaling_adjustment: request.scaling_adjustment,
            min_adjustment_magnitude: request.min_adjustment_magnitude,
            cooldown: request.cooldown,
            step_adjustments: request.step_adjustments,
            metric_aggregation_type: (kind == PolicyType::StepScaling).then(|| {
                request
                    .metric_aggregation_type
                    .unwrap_or_else(|| "Average".into())
            }),
            estimated_instance_warmup: request.estimated_instance_warmup,
            target_tracking: request.target_tracking_configuration.map(|mut c| {
                c.disable_scale_in.get_or_insert(false);
                c
            }),
            enabled: request.enabled.unwrap_or(true),
            alarms: alarms.clone(),
        };
        group.policies.insert(request.policy_name, policy);
        ctx.changed("scaling-policy", arn.clone());
        Ok(PolicyArnResponse {
            policy_arn: arn,
            alarms,
        })
    }

    /// DescribePolicies: of one group or all, by name and type.
    pub fn describe_policies(
        &self,
        request: &DescribePoliciesRequest,
    ) -> Result<DescribePoliciesResponse, ApiError> {
        if let Some(name) = &request.auto_scaling_group_name {
            self.group(name)?;
        }
        let described = self
            .groups
            .values()
            .filter(|g| {
                request
                    .auto_scaling_group_name
                    .as_ref()
                    .is_none_or(|name| &g.name == name)
            })
            .flat_map(|g| g.policies.values().map(move |p| (g, p)))
            .filter(|(_, p)| {
                (request.policy_names.is_empty()
                    || request.policy_names.contains(&p.name)
                    || request.policy_names.contains(&p.arn))
                    && (request.policy_types.is_empty()
                        || request
                            .policy_types
                            .iter()
                            .any(|t| t == p.policy_type.name()))
            })
            .map(|(g, p)| p.describe(&g.name))
            .collect();
        let (scaling_policies, next_token) = paging::page(
            "policies",
            described,
            Page {
                max_records: request.max_records,
                next_token: request.next_token.as_deref(),
                default: 50,
                most: 100,
            },
        )?;
        Ok(DescribePoliciesResponse {
            scaling_policies,
            next_token,
        })
    }

    /// The group and name of the policy `policy` names (its name in
    /// `group`, or its ARN).
    fn find_policy(&self, group: Option<&str>, policy: &str) -> Result<(String, String), ApiError> {
        let found = self.groups.values().find_map(|g| {
            g.policies
                .values()
                .find(|p| p.arn == policy || (group == Some(g.name.as_str()) && p.name == policy))
                .map(|p| (g.name.clone(), p.name.clone()))
        });
        match (found, group) {
            (Some(found), _) => Ok(found),
            (None, Some(name)) if !self.groups.contains_key(name) => Err(group_not_found(name)),
            (None, Some(name)) => Err(validation(format!(
                "No scaling policy named {policy} found for AutoScalingGroup {name}."
            ))),
            (None, None) => Err(validation(format!(
                "No scaling policy with ARN {policy} found."
            ))),
        }
    }

    /// DeletePolicy. (Phase 2: a target tracking policy's alarms go with
    /// it.)
    pub fn delete_policy(
        &mut self,
        ctx: &mut Context,
        request: DeletePolicyRequest,
    ) -> Result<(), ApiError> {
        let (group, name) = self.find_policy(
            request.auto_scaling_group_name.as_deref(),
            &request.policy_name,
        )?;
        if let Some(policy) = self
            .groups
            .get_mut(&group)
            .and_then(|g| g.policies.shift_remove(&name))
        {
            ctx.deleted("scaling-policy", policy.arn);
        }
        Ok(())
    }

    /// Executes a policy: the group's desired capacity moves as the policy
    /// says, within its minimum and maximum, and reconciliation follows. An
    /// alarm's execution is skipped while AlarmNotification is suspended,
    /// and, like `honor_cooldown`, waits out a simple policy's cooldown.
    pub fn execute_policy(
        &mut self,
        ctx: &mut Context,
        group: Option<&str>,
        policy: &str,
        execution: Execution,
    ) -> Result<(), ApiError> {
        let (group_name, policy_name) = self.find_policy(group, policy)?;
        let group = self.group_mut(&group_name)?;
        if execution.alarm.is_some() && group.is_suspended(Process::AlarmNotification) {
            return Ok(());
        }
        let Some(policy) = group.policies.get(&policy_name).cloned() else {
            return Err(group_not_found(&group_name));
        };
        let simple = policy.policy_type == PolicyType::SimpleScaling;
        if simple
            && (execution.honor_cooldown || execution.alarm.is_some())
            && group.in_cooldown(ctx.now)
        {
            return match execution.alarm {
                // An alarm simply does nothing until the cooldown is over.
                Some(_) => Ok(()),
                None => Err(in_cooldown(&group_name)),
            };
        }
        let warm_up = group.warm_up_seconds(&policy);
        let warming_up = if simple {
            0
        } else {
            group.warming_up(ctx.now, warm_up)
        };
        let target = match (&policy.target_tracking, execution.metric_value) {
            (Some(tracking), Some(value)) if execution.alarm.is_some() => {
                // Only warmed-up instances fed the metric's value, so only
                // they count; instances launching or warming up still count
                // toward the capacity, so a breach that lasts while they
                // warm up asks for no more.
                let warmed_up = group.warmed_up(ctx.now, warm_up);
                let wanted = capacity_for(warmed_up, value, tracking.target_value);
                if value > tracking.target_value {
                    wanted.max(group.desired)
                } else if tracking.disable_scale_in == Some(true) || warming_up > 0 {
                    group.desired
                } else {
                    wanted.min(group.desired)
                }
            }
            _ => {
                // A step policy scales out from the capacity that has warmed
                // up, and never below what is already launching.
                match policy.target(group.desired - warming_up, &execution)? {
                    Some(target) if target > group.desired => target,
                    Some(target) if warming_up == 0 => target,
                    Some(_) => group.desired,
                    None => return Ok(()),
                }
            }
        };
        let target = target.clamp(group.min_size, group.max_size);
        if target == group.desired || group.deleting {
            return Ok(());
        }
        if simple {
            group.pending_cooldown = Some(policy.cooldown.unwrap_or(group.default_cooldown));
        }
        let why = match execution.alarm {
            Some(alarm) => {
                format!("a monitor alarm {alarm} in state ALARM triggered policy {policy_name}")
            }
            None => format!("a user request executed policy {policy_name}"),
        };
        group.set_desired(ctx.now, target, &why);
        ctx.changed("auto-scaling-group", group_name);
        self.wake_at(ctx.now + START_SECONDS);
        Ok(())
    }
}

impl AutoScaling {
    /// Executes the policy `policy` (an ARN, or a name in `group`) in
    /// `region` as `execution` says: the hook for CloudWatch alarm actions
    /// (phase 2), which pass the alarm's name so the activities read "a
    /// monitor alarm <alarm> in state ALARM triggered policy <p> changing
    /// the desired capacity from X to Y".
    pub fn execute_policy(
        &mut self,
        ctx: &mut Context,
        region: &str,
        group: Option<&str>,
        policy: &str,
        execution: Execution,
    ) -> Result<(), ApiError> {
        let result = self
            .region_mut(region)
            .execute_policy(ctx, group, policy, execution);
        self.settle(region);
        result
    }

    /// Records the CloudWatch alarms that execute the policy with ARN
    /// `policy_arn` (phase 2: the two alarms of a target tracking policy,
    /// which DescribePolicies and PutScalingPolicy then list). False when
    /// no such policy exists.
    pub fn attach_alarms(
        &mut self,
        region: &str,
        policy_arn: &str,
        alarms: Vec<PolicyAlarm>,
    ) -> bool {
        let Some(state) = self.regions.existing_mut(region) else {
            return false;
        };
        match state
            .groups
            .values_mut()
            .flat_map(|g| g.policies.values_mut())
            .find(|p| p.arn == policy_arn)
        {
            Some(policy) => {
                policy.alarms = alarms;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_changes_round_as_aws_documents() {
        let percent = AdjustmentType::PercentChangeInCapacity;
        // 12.7 → 12.
        assert_eq!(percent.apply(127, 10, None), 139);
        // 0.5 → 1; -0.5 → -1.
        assert_eq!(percent.apply(5, 10, None), 6);
        assert_eq!(percent.apply(5, -10, None), 4);
        // -6.67 → -6.
        assert_eq!(percent.apply(20, -33, None) - 20, -6);
        // At least the minimum magnitude.
        assert_eq!(percent.apply(10, 10, Some(3)), 13);
        assert_eq!(AdjustmentType::ExactCapacity.apply(4, 2, None), 2);
        assert_eq!(AdjustmentType::ChangeInCapacity.apply(4, -1, None), 3);
    }

    #[test]
    fn steps_hold_a_breach_by_its_side_of_the_threshold() {
        let step = |lower: Option<f64>, upper: Option<f64>| StepAdjustment {
            metric_interval_lower_bound: lower,
            metric_interval_upper_bound: upper,
            scaling_adjustment: 1,
        };
        assert!(step(Some(0.0), Some(10.0)).contains(0.0));
        assert!(!step(Some(0.0), Some(10.0)).contains(10.0));
        assert!(!step(Some(-10.0), Some(0.0)).contains(0.0));
        assert!(step(Some(-10.0), Some(0.0)).contains(-1.0));
        assert!(check_steps(&[step(Some(0.0), Some(10.0)), step(Some(10.0), None)]).is_ok());
        assert!(check_steps(&[step(Some(0.0), Some(10.0)), step(Some(20.0), None)]).is_err());
        assert!(check_steps(&[step(Some(0.0), Some(15.0)), step(Some(10.0), None)]).is_err());
        assert!(check_steps(&[step(None, Some(0.0)), step(None, Some(5.0))]).is_err());
        assert!(check_steps(&[]).is_err());
    }
}
