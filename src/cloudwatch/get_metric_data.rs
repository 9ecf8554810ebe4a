//! GetMetricData: several metrics' statistics at once, as time series.
//! Queries read one metric each (`MetricStat`); metric math expressions
//! and Metrics Insights queries are not simulated.

use super::metrics::{Dimension, Statistic, STATISTICS};
use super::{
    check_query_period, check_time_range, extended_statistics_unsupported, invalid, metric_key,
    not_in_set, query_start, unit, CloudWatch, Timestamp,
};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde::Serialize;
use serde_json::Value;

/// The most queries per request.
const MAX_QUERIES: usize = 500;

/// `Metric`: what a query reads.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Metric {
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub metric_name: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
}

/// `MetricStat`: a metric, a period and a statistic.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricStat {
    pub metric: Metric,
    pub period: i64,
    pub stat: String,
    #[serde(default)]
    pub unit: Option<String>,
}

/// `MetricDataQuery`.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDataQuery {
    pub id: String,
    #[serde(default)]
    pub metric_stat: Option<MetricStat>,
    #[serde(default)]
    pub expression: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub return_data: Option<bool>,
    #[serde(default)]
    pub period: Option<i64>,
    #[serde(default)]
    pub account_id: Option<String>,
}

/// Request of GetMetricData.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetMetricDataRequest {
    pub metric_data_queries: Vec<MetricDataQuery>,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub scan_by: Option<String>,
    #[serde(default)]
    pub max_datapoints: Option<i64>,
    #[serde(default)]
    pub label_options: Option<Value>,
}

/// One query's time series.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricDataResult {
    id: String,
    label: String,
    timestamps: Vec<Iso8601>,
    values: Vec<f64>,
    status_code: &'static str,
}

/// Response of GetMetricData.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricDataResponse {
    metric_data_results: Vec<MetricDataResult>,
    messages: Vec<Value>,
}

/// `ValidationError`, which GetMetricData answers for malformed queries.
fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message)
}

/// True for an id CloudWatch accepts: a lowercase letter, then letters,
/// digits and underscores.
fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl CloudWatch {
    /// GetMetricData: newest first unless `ScanBy` is `TimestampAscending`;
    /// every datapoint in one page.
    pub fn get_metric_data(
        &self,
        ctx: &Context,
        request: &GetMetricDataRequest,
    ) -> Result<GetMetricDataResponse, ApiError> {
        let queries = &request.metric_data_queries;
        if queries.is_empty() {
            return Err(validation("The parameter MetricDataQueries is required."));
        }
        if queries.len() > MAX_QUERIES {
            return Err(validation(format!(
                "The collection MetricDataQueries must not have a size greater than {MAX_QUERIES}."
            )));
        }
        let ascending = match request.scan_by.as_deref() {
            None | Some("TimestampDescending") => false,
            Some("TimestampAscending") => true,
            Some(_) => {
                return Err(not_in_set(
                    "ScanBy",
                    &["TimestampDescending", "TimestampAscending"],
                ))
            }
        };
        let (start, end) = (request.start_time.0, request.end_time.0);
        check_time_range(start, end).map_err(|e| validation(e.message))?;
        let mut results = Vec::new();
        for (i, query) in queries.iter().enumerate() {
            let member = format!("MetricDataQueries.member.{}", i + 1);
            if !valid_id(&query.id) {
                return Err(validation(format!(
                    "The value {} for parameter {member}.Id is invalid.",
                    query.id
                )));
            }
            if queries[..i].iter().any(|q| q.id == query.id) {
                return Err(validation(format!(
                    "The value {} for parameter {member}.Id is a duplicate.",
                    query.id
                )));
            }
            let stat = match (&query.metric_stat, &query.expression) {
                (Some(_), Some(_)) => {
                    return Err(validation(format!(
                        "The parameters {member}.MetricStat and {member}.Expression are mutually exclusive and you have specified both."
                    )))
                }
                (None, None) => {
                    return Err(validation(format!(
                        "The parameter {member}.MetricStat is required."
                    )))
                }
                (None, Some(_)) => {
                    return Err(invalid(
                        "The sandbox does not evaluate metric math or Metrics Insights \
                         expressions: query each metric with MetricStat.",
                    ))
                }
                (Some(stat), None) => stat,
            };
            let statistic = match Statistic::parse(&stat.stat) {
                Some(statistic) => statistic,
                // p90, tm99, IQM …: extended statistics.
                None if stat.stat.starts_with(|c: char| c.is_ascii_lowercase())
                    || stat.stat == "IQM" =>
                {
                    return Err(extended_statistics_unsupported())
                }
                None => {
                    let names: Vec<&str> = STATISTICS.iter().map(|s| s.as_str()).collect();
                    return Err(not_in_set(&format!("{member}.MetricStat.Stat"), &names));
                }
            };
            let period = check_query_period(stat.period, &format!("{member}.MetricStat.Period"))?;
            let unit = unit(stat.unit.as_deref(), &format!("{member}.MetricStat.Unit"))?;
            let metric = &stat.metric;
            let (Some(namespace), Some(name)) = (&metric.namespace, &metric.metric_name) else {
                return Err(validation(format!(
                    "The parameters {member}.MetricStat.Metric.Namespace and {member}.MetricStat.Metric.MetricName are required."
                )));
            };
            if query.return_data == Some(false) {
                continue;
            }
            let key = metric_key(namespace, name, &metric.dimensions);
            let mut points = self
                .region(ctx.region)
                .and_then(|r| r.metrics.find(&key))
                .map(|series| {
                    series.periods(query_start(start, period, ctx.now), end, period, unit)
                })
                .unwrap_or_default();
            if !ascending {
                points.reverse();
            }
            results.push(MetricDataResult {
                id: query.id.clone(),
                label: query.label.clone().unwrap_or_else(|| name.clone()),
                timestamps: points.iter().map(|(t, _, _)| Iso8601(*t)).collect(),
                values: points
                    .iter()
                    .map(|(_, aggregate, _)| aggregate.statistic(statistic))
                    .collect(),
                status_code: "Complete",
            });
        }
        Ok(GetMetricDataResponse {
            metric_data_results: results,
            messages: Vec::new(),
        })
    }
}
