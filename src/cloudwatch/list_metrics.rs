//! ListMetrics: the metrics that had data in the past two weeks, filtered
//! by namespace, name and dimensions.

use super::metrics::{Dimension, MetricKey, Series};
use super::{invalid, CloudWatch};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde::Serialize;

/// Metrics without data for this long drop out of ListMetrics: two weeks.
const LISTED_FOR: SimTime = 14 * 86_400;

/// `RecentlyActive=PT3H`: data in the past three hours.
const RECENTLY: SimTime = 3 * 3600;

/// `DimensionFilter`: a dimension name, and optionally its value.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DimensionFilter {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// Request of ListMetrics.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListMetricsRequest {
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub metric_name: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<DimensionFilter>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub recently_active: Option<String>,
    #[serde(default)]
    pub include_linked_accounts: Option<bool>,
    #[serde(default)]
    pub owning_account: Option<String>,
}

/// A metric as ListMetrics prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListedMetric<'a> {
    namespace: &'a str,
    metric_name: &'a str,
    dimensions: &'a [Dimension],
}

/// Response of ListMetrics. The sandbox answers with every metric in one
/// page (AWS pages by 500; the CLI joins the pages).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMetricsResponse<'a> {
    metrics: Vec<ListedMetric<'a>>,
}

/// True when `key` has every dimension of `filters` (with the value, when
/// the filter gives one).
fn has_dimensions(key: &MetricKey, filters: &[DimensionFilter]) -> bool {
    filters.iter().all(|filter| {
        key.dimensions()
            .iter()
            .any(|d| d.name == filter.name && filter.value.as_ref().is_none_or(|v| *v == d.value))
    })
}

impl CloudWatch {
    /// ListMetrics, sorted by namespace, name and dimensions.
    pub fn list_metrics(
        &self,
        ctx: &Context,
        request: &ListMetricsRequest,
    ) -> Result<ListMetricsResponse<'_>, ApiError> {
        if request.dimensions.len() > 10 {
            return Err(invalid(
                "The collection Dimensions must not have a size greater than 10.",
            ));
        }
        let since = match request.recently_active.as_deref() {
            None => ctx.now.saturating_sub(LISTED_FOR),
            Some("PT3H") => ctx.now.saturating_sub(RECENTLY),
            Some(_) => return Err(super::not_in_set("RecentlyActive", &["PT3H"])),
        };
        let listed = |(key, series): &(&MetricKey, &Series)| {
            series.last_time().is_some_and(|t| t >= since)
                && request
                    .namespace
                    .as_ref()
                    .is_none_or(|n| *n == key.namespace)
                && request.metric_name.as_ref().is_none_or(|n| *n == key.name)
                && has_dimensions(key, &request.dimensions)
        };
        let metrics = self
            .region(ctx.region)
            .into_iter()
            .flat_map(|r| r.metrics.all())
            .filter(listed)
            .map(|(key, _)| ListedMetric {
                namespace: &key.namespace,
                metric_name: &key.name,
                dimensions: key.dimensions(),
            })
            .collect();
        Ok(ListMetricsResponse { metrics })
    }
}
