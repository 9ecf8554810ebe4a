//! Group metrics: EnableMetricsCollection / DisableMetricsCollection and
//! the `AWS/AutoScaling` datapoints a group with collection on reports
//! every minute.

use super::instances::Lifecycle;
use super::{validation, Group, RegionState};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde::Serialize;

/// The group metrics, in the order AWS lists them.
pub const GROUP_METRICS: [&str; 8] = [
    "GroupMinSize",
    "GroupMaxSize",
    "GroupDesiredCapacity",
    "GroupInServiceInstances",
    "GroupPendingInstances",
    "GroupStandbyInstances",
    "GroupTerminatingInstances",
    "GroupTotalInstances",
];

/// The only granularity AWS offers.
const GRANULARITY: &str = "1Minute";

/// Request of EnableMetricsCollection and DisableMetricsCollection.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricsCollectionRequest {
    pub auto_scaling_group_name: String,
    #[serde(default)]
    pub metrics: Vec<String>,
    #[serde(default)]
    pub granularity: Option<String>,
}

/// `EnabledMetrics[]` of a group.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnabledMetric {
    pub metric: String,
    pub granularity: &'static str,
}

/// The metrics a request names (all of them when none), checked.
fn named(metrics: &[String]) -> Result<Vec<&'static str>, ApiError> {
    if metrics.is_empty() {
        return Ok(GROUP_METRICS.to_vec());
    }
    metrics
        .iter()
        .map(|m| {
            GROUP_METRICS
                .iter()
                .copied()
                .find(|known| known == m)
                .ok_or_else(|| validation(format!("Unknown metric {m}.")))
        })
        .collect()
}

impl Group {
    /// `EnabledMetrics` as DescribeAutoScalingGroups prints it.
    pub fn enabled_metrics(&self) -> Vec<EnabledMetric> {
        self.collected_metrics
            .iter()
            .map(|m| EnabledMetric {
                metric: m.to_string(),
                granularity: GRANULARITY,
            })
            .collect()
    }

    /// The value of group metric `metric` now.
    pub fn metric_value(&self, metric: &str) -> f64 {
        let count = |states: &[Lifecycle]| {
            self.instances
                .iter()
                .filter(|m| states.contains(&m.lifecycle))
                .count() as f64
        };
        match metric {
            "GroupMinSize" => self.min_size as f64,
            "GroupMaxSize" => self.max_size as f64,
            "GroupDesiredCapacity" => self.desired as f64,
            "GroupInServiceInstances" => count(&[Lifecycle::InService]),
            "GroupPendingInstances" => count(&[Lifecycle::Pending]),
            "GroupTerminatingInstances" => count(&[Lifecycle::Terminating]),
            "GroupTotalInstances" => self.instances.len() as f64,
            _ => 0.0,
        }
    }
}

impl RegionState {
    /// EnableMetricsCollection: the group reports the metrics named (all
    /// when none) every minute. Granularity must be `1Minute`.
    pub fn enable_metrics_collection(
        &mut self,
        ctx: &mut Context,
        request: MetricsCollectionRequest,
    ) -> Result<(), ApiError> {
        match request.granularity.as_deref() {
            Some(GRANULARITY) => {}
            Some(other) => {
                return Err(validation(format!(
                    "Invalid granularity {other}. Valid values: [1Minute]."
                )))
            }
            None => {
                return Err(validation(
                    "1 validation error detected: Value null at 'granularity' failed to satisfy constraint: Member must not be null",
                ))
            }
        }
        let metrics = named(&request.metrics)?;
        let group = self.group_mut(&request.auto_scaling_group_name)?;
        for metric in metrics {
            if !group.collected_metrics.contains(&metric) {
                group.collected_metrics.push(metric);
            }
        }
        group
            .collected_metrics
            .sort_by_key(|m| GROUP_METRICS.iter().position(|known| known == m));
        ctx.changed("auto-scaling-group", request.auto_scaling_group_name);
        Ok(())
    }

    /// DisableMetricsCollection: the named metrics (all when none) stop.
    pub fn disable_metrics_collection(
        &mut self,
        ctx: &mut Context,
        request: MetricsCollectionRequest,
    ) -> Result<(), ApiError> {
        let metrics = named(&request.metrics)?;
        let group = self.group_mut(&request.auto_scaling_group_name)?;
        group.collected_metrics.retain(|m| !metrics.contains(m));
        ctx.changed("auto-scaling-group", request.auto_scaling_group_name);
        Ok(())
    }
}
