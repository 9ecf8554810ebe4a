//! GetMetricStatistics: the statistics of one metric in consecutive periods
//! from the (rounded) start time.

use super::metrics::{Dimension, Statistic, Unit, STATISTICS};
use super::{
    check_query_period, check_time_range, combination, extended_statistics_unsupported, invalid,
    metric_key, not_in_set, query_start, unit, CloudWatch, Timestamp,
};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde::Serialize;

/// The most datapoints one request may ask for.
const MAX_DATAPOINTS: u64 = 1440;

/// Request of GetMetricStatistics.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetMetricStatisticsRequest {
    pub namespace: String,
    pub metric_name: String,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    pub period: i64,
    #[serde(default)]
    pub statistics: Vec<String>,
    #[serde(default)]
    pub extended_statistics: Vec<String>,
    #[serde(default)]
    pub unit: Option<String>,
}

/// One period's statistics (those asked for).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Datapoint {
    timestamp: Iso8601,
    #[serde(skip_serializing_if = "Option::is_none")]
    sample_count: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    average: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum: Option<f64>,
    unit: Unit,
}

/// Response of GetMetricStatistics.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatisticsResponse {
    label: String,
    datapoints: Vec<Datapoint>,
}

/// `1,441`: how AWS's messages print counts.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

impl CloudWatch {
    /// GetMetricStatistics. The datapoints come oldest first (AWS returns
    /// them in no particular order; the sandbox must be deterministic).
    pub fn get_metric_statistics(
        &self,
        ctx: &Context,
        request: &GetMetricStatisticsRequest,
    ) -> Result<GetMetricStatisticsResponse, ApiError> {
        if request.statistics.is_empty() && request.extended_statistics.is_empty() {
            return Err(combination(
                "Must specify either Statistics or ExtendedStatistics",
            ));
        }
        if request.statistics.len() > 5 {
            return Err(invalid(
                "The collection Statistics must not have a size greater than 5.",
            ));
        }
        let names: Vec<&str> = STATISTICS.iter().map(|s| s.as_str()).collect();
        let mut wanted = Vec::new();
        for (i, name) in request.statistics.iter().enumerate() {
            let statistic = Statistic::parse(name)
                .ok_or_else(|| not_in_set(&format!("Statistics.member.{}", i + 1), &names))?;
            wanted.push(statistic);
        }
        if !request.extended_statistics.is_empty() {
            return Err(extended_statistics_unsupported());
        }
        if request.dimensions.len() > 30 {
            return Err(invalid(
                "The collection Dimensions must not have a size greater than 30.",
            ));
        }
        let period = check_query_period(request.period, "Period")?;
        let (start, end) = (request.start_time.0, request.end_time.0);
        check_time_range(start, end)?;
        let requested = (end - start) / period;
        if requested > MAX_DATAPOINTS {
            return Err(combination(format!(
                "You have requested up to {} datapoints, which exceeds the limit of {}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
                thousands(requested),
                thousands(MAX_DATAPOINTS)
            )));
        }
        let unit = unit(request.unit.as_deref(), "Unit")?;
        let key = metric_key(
            &request.namespace,
            &request.metric_name,
            &request.dimensions,
        );
        let start = query_start(start, period, ctx.now);
        let periods = self
            .region(ctx.region)
            .and_then(|r| r.metrics.find(&key))
            .map(|series| series.periods(start, end, period, unit))
            .unwrap_or_default();
        let pick = |statistic: Statistic, value: f64| wanted.contains(&statistic).then_some(value);
        let datapoints = periods
            .into_iter()
            .map(|(time, aggregate, unit)| Datapoint {
                timestamp: Iso8601(time),
                sample_count: pick(Statistic::SampleCount, aggregate.sample_count),
                average: pick(Statistic::Average, aggregate.statistic(Statistic::Average)),
                sum: pick(Statistic::Sum, aggregate.sum),
                minimum: pick(Statistic::Minimum, aggregate.minimum),
                maximum: pick(Statistic::Maximum, aggregate.maximum),
                unit,
            })
            .collect();
        Ok(GetMetricStatisticsResponse {
            label: request.metric_name.clone(),
            datapoints,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(1441), "1,441");
        assert_eq!(thousands(16_666), "16,666");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
