//! PutMetricData: custom metrics published by the learner. Every datum is
//! checked before any is stored, so a bad request stores nothing.

use super::metrics::{Aggregate, Dimension, MetricKey, Unit};
use super::{combination, invalid, missing, unit, CloudWatch, Timestamp};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde_json::Value;

/// The most data per request.
const MAX_DATA: usize = 1000;

/// The most distinct values in one datum's `Values`.
const MAX_VALUES: usize = 150;

/// How far back a timestamp may go: two weeks.
const MAX_AGE: SimTime = 14 * 86_400;

/// How far ahead a timestamp may go: two hours.
const MAX_AHEAD: SimTime = 2 * 3600;

/// `StatisticValues`: samples already summarized.
#[derive(Debug, Clone, PartialEq, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StatisticSet {
    pub sample_count: f64,
    pub sum: f64,
    pub minimum: f64,
    pub maximum: f64,
}

/// One `MetricDatum`.
#[derive(Debug, Clone, PartialEq, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetricDatum {
    pub metric_name: String,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub timestamp: Option<Timestamp>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub statistic_values: Option<StatisticSet>,
    #[serde(default)]
    pub values: Vec<f64>,
    #[serde(default)]
    pub counts: Vec<f64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub storage_resolution: Option<i64>,
}

/// One `EntityMetricData`: data about an entity (a service, a host). The
/// sandbox stores the data and does not model entities.
#[derive(Debug, Clone, PartialEq, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EntityMetricData {
    #[serde(default)]
    pub entity: Option<Value>,
    #[serde(default)]
    pub metric_data: Vec<MetricDatum>,
}

/// Request of PutMetricData.
#[derive(Debug, Clone, PartialEq, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutMetricDataRequest {
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub metric_data: Vec<MetricDatum>,
    #[serde(default)]
    pub entity_metric_data: Vec<EntityMetricData>,
    #[serde(default)]
    pub strict_entity_validation: Option<bool>,
}

/// A checked datum, ready to store.
struct Sample {
    key: MetricKey,
    time: SimTime,
    resolution: SimTime,
    unit: Unit,
    aggregate: Aggregate,
}

/// Checks one datum (`MetricData.member.N`, named `name`) at `now`.
fn check(
    datum: &MetricDatum,
    name: &str,
    namespace: &str,
    now: SimTime,
) -> Result<Sample, ApiError> {
    if datum.metric_name.is_empty() {
        return Err(missing(&format!("{name}.MetricName")));
    }
    if datum.dimensions.len() > 30 {
        return Err(invalid(format!(
            "The collection {name}.Dimensions must not have a size greater than 30."
        )));
    }
    let time = datum.timestamp.map_or(now, |t| t.0);
    if time > now.saturating_add(MAX_AHEAD) {
        return Err(invalid(format!(
            "The parameter {name}.Timestamp must specify a time no more than two hours in the future."
        )));
    }
    if time.saturating_add(MAX_AGE) < now {
        return Err(invalid(format!(
            "The parameter {name}.Timestamp must specify a time within the past two weeks."
        )));
    }
    let unit = unit(datum.unit.as_deref(), &format!("{name}.Unit"))?.unwrap_or(Unit::NONE);
    let resolution = match datum.storage_resolution {
        None | Some(60) => 60,
        Some(1) => 1,
        Some(_) => {
            return Err(invalid(format!(
                "The parameter {name}.StorageResolution must be either 1 or 60."
            )))
        }
    };
    let aggregate = match (datum.value, &datum.statistic_values, datum.values.is_empty()) {
        (Some(_), Some(_), _) => {
            return Err(combination(format!(
                "The parameters {name}.Value and {name}.StatisticValues are mutually exclusive and you have specified both."
            )))
        }
        (Some(_), None, false) => {
            return Err(invalid(format!(
                "The parameters {name}.Value and {name}.Values are mutually exclusive and you have specified both."
            )))
        }
        (None, Some(_), false) => {
            return Err(combination(format!(
                "The parameters {name}.Values and {name}.StatisticValues are mutually exclusive and you have specified both."
            )))
        }
        (Some(value), None, true) => Aggregate::single(value),
        (None, Some(set), true) => statistic_set(set, name)?,
        (None, None, false) => values(datum, name)?,
        (None, None, true) => {
            return Err(ApiError::new(
                "MissingParameter",
                format!(
                    "At least one of the parameters {name}.Value or {name}.StatisticValues must be specified."
                ),
            ))
        }
    };
    Ok(Sample {
        key: MetricKey::new(
            namespace,
            datum.metric_name.as_str(),
            datum.dimensions.clone(),
        ),
        time,
        resolution,
        unit,
        aggregate,
    })
}

fn statistic_set(set: &StatisticSet, name: &str) -> Result<Aggregate, ApiError> {
    if set.sample_count <= 0.0 {
        return Err(invalid(format!(
            "The parameter {name}.StatisticValues.SampleCount must be greater than 0."
        )));
    }
    if set.maximum < set.minimum {
        return Err(invalid(format!(
            "The parameter {name}.StatisticValues.Maximum must be greater than {name}.StatisticValues.Minimum."
        )));
    }
    Ok(Aggregate {
        sample_count: set.sample_count,
        sum: set.sum,
        minimum: set.minimum,
        maximum: set.maximum,
    })
}

/// `Values` with their `Counts` (each 1 when not given).
fn values(datum: &MetricDatum, name: &str) -> Result<Aggregate, ApiError> {
    if datum.values.len() > MAX_VALUES {
        return Err(invalid(format!(
            "The collection {name}.Values must not have a size greater than {MAX_VALUES}."
        )));
    }
    if !datum.counts.is_empty() && datum.counts.len() != datum.values.len() {
        return Err(invalid(format!(
            "The parameters {name}.Values and {name}.Counts must be of the same size."
        )));
    }
    let mut total: Option<Aggregate> = None;
    for (i, &value) in datum.values.iter().enumerate() {
        let count = datum.counts.get(i).copied().unwrap_or(1.0);
        if count < 0.0 {
            return Err(invalid(format!(
                "The parameter {name}.Counts.member.{} must be greater than or equal to 0.",
                i + 1
            )));
        }
        if count == 0.0 {
            continue;
        }
        let samples = Aggregate {
            sample_count: count,
            sum: value * count,
            minimum: value,
            maximum: value,
        };
        match &mut total {
            Some(total) => total.merge(&samples),
            None => total = Some(samples),
        }
    }
    total.ok_or_else(|| {
        invalid(format!(
            "The parameter {name}.Counts must count at least one sample."
        ))
    })
}

impl CloudWatch {
    /// PutMetricData: stores every datum at its timestamp (now when it has
    /// none), in `ctx.region`.
    pub fn put_metric_data(
        &mut self,
        ctx: &mut Context,
        request: PutMetricDataRequest,
    ) -> Result<(), ApiError> {
        let namespace = request
            .namespace
            .as_deref()
            .ok_or_else(|| missing("Namespace"))?;
        if namespace.is_empty() {
            return Err(missing("Namespace"));
        }
        if namespace.starts_with("AWS/") {
            return Err(invalid(
                "The value AWS/ for parameter Namespace is invalid.",
            ));
        }
        let data: Vec<&MetricDatum> = request
            .metric_data
            .iter()
            .chain(
                request
                    .entity_metric_data
                    .iter()
                    .flat_map(|e| &e.metric_data),
            )
            .collect();
        if data.is_empty() {
            return Err(missing("MetricData"));
        }
        if data.len() > MAX_DATA {
            return Err(invalid(format!(
                "The collection MetricData must not have a size greater than {MAX_DATA}."
            )));
        }
        let samples = data
            .iter()
            .enumerate()
            .map(|(i, datum)| {
                check(
                    datum,
                    &format!("MetricData.member.{}", i + 1),
                    namespace,
                    ctx.now,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (_, region) = self.region_entry(ctx.region);
        for sample in samples {
            let id = region.metrics.intern(&sample.key);
            region.metrics.put(
                id,
                sample.time,
                sample.resolution,
                sample.unit,
                sample.aggregate,
            );
        }
        Ok(())
    }
}
