//! Target tracking: the two CloudWatch alarms AWS creates and keeps for
//! each target tracking policy, and the capacity a breach asks for.

use super::policies::{Policy, PolicyAlarm, PolicyType, TargetTrackingConfiguration};
use super::RegionState;
use crate::cloudwatch::alarms::PutMetricAlarmRequest;
use crate::cloudwatch::metrics::Dimension;
use crate::cloudwatch::CloudWatch;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;

/// How AWS marks the alarms it manages for a policy.
const DESCRIPTION_PREFIX: &str = "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ";

/// The share of the target below which the low alarm fires (AWS: 90%).
const LOW_SHARE: f64 = 0.9;

/// The metric a target tracking configuration follows: namespace, name,
/// statistic and dimensions. Also how PutScalingPolicy checks that the
/// sandbox can follow it.
pub(super) fn metric_of(
    group: &str,
    configuration: &TargetTrackingConfiguration,
) -> Result<(String, String, String, Vec<Dimension>), ApiError> {
    let invalid = |message: &str| ApiError::new("ValidationError", message.to_string());
    let Some(predefined) = &configuration.predefined_metric_specification else {
        return Err(invalid(
            "The sandbox simulates target tracking on predefined metrics only (PredefinedMetricSpecification).",
        ));
    };
    let by_group = vec![Dimension {
        name: "AutoScalingGroupName".into(),
        value: group.to_string(),
    }];
    let ec2 = |name: &str| {
        Ok((
            "AWS/EC2".into(),
            name.to_string(),
            "Average".into(),
            by_group.clone(),
        ))
    };
    match predefined.predefined_metric_type.as_str() {
        "ASGAverageCPUUtilization" => ec2("CPUUtilization"),
        "ASGAverageNetworkIn" => ec2("NetworkIn"),
        "ASGAverageNetworkOut" => ec2("NetworkOut"),
        "ALBRequestCountPerTarget" => {
            // ResourceLabel: app/<lb>/<id>/targetgroup/<tg>/<id>.
            let label = predefined.resource_label.as_deref().unwrap_or_default();
            let Some(at) = label.find("/targetgroup/") else {
                return Err(invalid(
                    "ResourceLabel must be specified for ALBRequestCountPerTarget, as app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id>.",
                ));
            };
            Ok((
                "AWS/ApplicationELB".into(),
                "RequestCountPerTarget".into(),
                "Sum".into(),
                vec![Dimension {
                    name: "TargetGroup".into(),
                    value: label[at + 1..].to_string(),
                }],
            ))
        }
        other => Err(invalid(&format!(
            "The sandbox does not simulate the predefined metric type {other}."
        ))),
    }
}

/// The alarms of a policy: AlarmHigh, and AlarmLow unless scale-in is
/// disabled, named as AWS names them (reusing the names the policy has).
fn alarm_requests(
    ctx: &mut Context,
    group: &str,
    policy: &Policy,
    configuration: &TargetTrackingConfiguration,
) -> Result<Vec<PutMetricAlarmRequest>, ApiError> {
    let (namespace, metric, statistic, dimensions) = metric_of(group, configuration)?;
    let target = configuration.target_value;
    let kinds = [
        ("AlarmHigh", "GreaterThanThreshold", target, 3),
        ("AlarmLow", "LessThanThreshold", target * LOW_SHARE, 15),
    ];
    let scale_in = !configuration.disable_scale_in.unwrap_or(false);
    let mut requests = Vec::new();
    for (kind, comparison, threshold, periods) in kinds {
        if kind == "AlarmLow" && !scale_in {
            continue;
        }
        let prefix = format!("TargetTracking-{group}-{kind}-");
        let name = policy
            .alarms
            .iter()
            .find(|a| a.alarm_name.starts_with(&prefix))
            .map(|a| a.alarm_name.clone())
            .unwrap_or_else(|| format!("{prefix}{}", ctx.ids.uuid()));
        requests.push(PutMetricAlarmRequest {
            alarm_name: name,
            alarm_description: Some(format!("{DESCRIPTION_PREFIX}{}.", policy.arn)),
            alarm_actions: vec![policy.arn.clone()],
            metric_name: Some(metric.clone()),
            namespace: Some(namespace.clone()),
            statistic: Some(statistic.clone()),
            dimensions: dimensions.clone(),
            period: Some(60),
            evaluation_periods: Some(periods),
            datapoints_to_alarm: Some(periods),
            threshold: Some(threshold),
            comparison_operator: Some(comparison.into()),
            ..PutMetricAlarmRequest::default()
        });
    }
    Ok(requests)
}

/// Brings CloudWatch in line with the region's target tracking policies:
/// each has its alarms (created, or updated to its configuration), and the
/// alarms of policies that are gone (deleted, or their group deleted) go
/// too. Runs after every change to Auto Scaling in the region.
pub fn sync_alarms(
    state: &mut RegionState,
    cloudwatch: &mut CloudWatch,
    ctx: &mut Context,
) -> Result<(), ApiError> {
    let mut live = Vec::new();
    for group in state.groups.values_mut() {
        let group_name = group.name.clone();
        for policy in group.policies.values_mut() {
            let Some(configuration) = policy
                .target_tracking
                .clone()
                .filter(|_| policy.policy_type == PolicyType::TargetTrackingScaling)
            else {
                continue;
            };
            let requests = alarm_requests(ctx, &group_name, policy, &configuration)?;
            let mut alarms = Vec::new();
            for request in requests {
                alarms.push(PolicyAlarm {
                    alarm_arn: format!(
                        "arn:aws:cloudwatch:{}:{ACCOUNT_ID}:alarm:{}",
                        ctx.region, request.alarm_name
                    ),
                    alarm_name: request.alarm_name.clone(),
                });
                cloudwatch.create_alarm(ctx, request)?;
            }
            // A low alarm left over from before scale-in was disabled.
            for old in &policy.alarms {
                if !alarms.iter().any(|a| a.alarm_name == old.alarm_name) {
                    cloudwatch.delete_alarm(ctx, &old.alarm_name);
                }
            }
            policy.alarms = alarms;
            live.push(policy.arn.clone());
        }
    }
    let orphans: Vec<String> = cloudwatch
        .region(ctx.region)
        .map(|region| {
            region
                .alarms
                .values()
                .filter(|alarm| {
                    alarm
                        .description
                        .as_deref()
                        .and_then(|d| d.strip_prefix(DESCRIPTION_PREFIX))
                        .is_some_and(|arn| !live.iter().any(|l| arn.trim_end_matches('.') == l))
                })
                .map(|alarm| alarm.name.clone())
                .collect()
        })
        .unwrap_or_default();
    for name in orphans {
        cloudwatch.delete_alarm(ctx, &name);
    }
    Ok(())
}

/// The alarms of the policy with ARN `arn` (none for another type).
pub fn alarms_of(state: &RegionState, arn: &str) -> Vec<PolicyAlarm> {
    state
        .groups
        .values()
        .flat_map(|g| g.policies.values())
        .find(|p| p.arn == arn)
        .map(|p| p.alarms.clone())
        .unwrap_or_default()
}

/// The capacity a target tracking policy asks for when its metric reads
/// `value` with `in_service` instances serving: enough that the metric
/// comes back to the target, rounded up (AWS rounds conservatively: it
/// adds 2 for 1.5 instances needed, and removes 1 when 1.5 could go).
pub fn capacity_for(in_service: i64, value: f64, target: f64) -> i64 {
    if target <= 0.0 || in_service <= 0 {
        return in_service;
    }
    (in_service as f64 * value / target).ceil() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_rounds_up_towards_the_target() {
        assert_eq!(capacity_for(2, 80.0, 50.0), 4);
        assert_eq!(capacity_for(4, 20.0, 50.0), 2);
        assert_eq!(capacity_for(4, 30.0, 50.0), 3);
        assert_eq!(capacity_for(3, 50.0, 50.0), 3);
        assert_eq!(capacity_for(0, 90.0, 50.0), 0);
    }
}
