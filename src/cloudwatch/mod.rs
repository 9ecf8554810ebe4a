//! Amazon CloudWatch: metrics (published by the learner with PutMetricData
//! or by the simulation through [`CloudWatch::put`]), their statistics, and
//! metric alarms evaluated on simulated time. Each region keeps its own
//! metrics and alarms; alarm evaluations wait in one scheduler, and the
//! actions alarms invoke wait in a queue for the world to carry out
//! ([`CloudWatch::take_actions`]).

pub mod alarms;
pub mod evaluation;
pub mod get_metric_data;
pub mod get_metric_statistics;
pub mod history;
pub mod list_metrics;
pub mod metrics;
pub mod put_metric_data;

use crate::kernel::params::{FromParam, ParamError};
use crate::kernel::{calendar, ApiError, Context, Scheduler, SimTime};
use alarms::{Alarm, AlarmState};
use evaluation::Outcome;
use history::HistoryItem;
use metrics::{Aggregate, MetricHandle, MetricKey, MetricStore, Unit};
use serde_json::Value;
use std::collections::BTreeMap;

/// Everything CloudWatch holds in one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionState {
    /// Region name, e.g. `us-east-1`.
    pub name: String,
    pub metrics: MetricStore,
    /// Metric alarms by name (DescribeAlarms lists them in name order).
    pub alarms: BTreeMap<String, Alarm>,
    /// Alarm history, oldest first (kept 30 days, like AWS).
    pub history: Vec<HistoryItem>,
}

/// A pending evaluation of one alarm.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Timer {
    region: String,
    alarm: String,
    /// The alarm's configuration generation when the timer was set; a timer
    /// of an alarm since updated or deleted is ignored.
    generation: u64,
}

/// An action an alarm invokes, for the world to carry out: an Auto Scaling
/// policy to execute, or a notification or EC2 action (which the sandbox
/// only records).
#[derive(Debug, Clone, PartialEq)]
pub struct AlarmAction {
    /// Region of the alarm.
    pub region: String,
    /// The action's ARN, as given in `AlarmActions`, `OKActions` or
    /// `InsufficientDataActions`.
    pub action: String,
    pub alarm_name: String,
    /// The state the alarm is in (and entered, or stays in).
    pub state: AlarmState,
    /// The newest datapoint the evaluation looked at (Auto Scaling's
    /// `MetricValue` for step scaling); `None` when no data decided.
    pub metric_value: Option<f64>,
    /// The alarm's threshold (Auto Scaling's `BreachThreshold`).
    pub threshold: f64,
}

/// CloudWatch across all regions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloudWatch {
    /// Regions in the order first used; a [`MetricHandle`] names one by
    /// its index, so regions are never removed.
    regions: Vec<RegionState>,
    timers: Scheduler<Timer>,
    actions: Vec<AlarmAction>,
    next_generation: u64,
}

impl CloudWatch {
    /// The state of `region`, if anything was ever stored there.
    pub fn region(&self, name: &str) -> Option<&RegionState> {
        self.regions.iter().find(|r| r.name == name)
    }

    /// The index and state of `region`, created on first use.
    fn region_entry(&mut self, name: &str) -> (u32, &mut RegionState) {
        let index = match self.regions.iter().position(|r| r.name == name) {
            Some(index) => index,
            None => {
                self.regions.push(RegionState {
                    name: name.to_string(),
                    ..RegionState::default()
                });
                self.regions.len() - 1
            }
        };
        let id = u32::try_from(index).unwrap_or(u32::MAX);
        (id, &mut self.regions[index])
    }

    /// Interns the metric `key` of `region` and returns its handle, the
    /// cheap way to publish to it again and again.
    pub fn metric(&mut self, region: &str, key: &MetricKey) -> MetricHandle {
        let (region, state) = self.region_entry(region);
        MetricHandle {
            region,
            series: state.metrics.intern(key),
        }
    }

    /// Publishes the samples `aggregate` of `unit` to `metric` at `time`
    /// (standard resolution: they join the datapoint of their minute). No
    /// allocation unless the metric's list grows.
    pub fn put(&mut self, metric: MetricHandle, time: SimTime, aggregate: Aggregate, unit: Unit) {
        if let Some(region) = usize::try_from(metric.region)
            .ok()
            .and_then(|i| self.regions.get_mut(i))
        {
            region.metrics.put(metric.series, time, 60, unit, aggregate);
        }
    }

    /// Publishes one sample of `value` to the metric `key` of `region`.
    pub fn put_datapoint(
        &mut self,
        region: &str,
        key: &MetricKey,
        time: SimTime,
        value: f64,
        unit: Unit,
    ) {
        let metric = self.metric(region, key);
        self.put(metric, time, Aggregate::single(value), unit);
    }

    /// When the next alarm evaluation is due.
    pub fn next_due(&self) -> Option<SimTime> {
        self.timers.next_due()
    }

    /// Evaluates every alarm due at or before `ctx.now`, changing states,
    /// raising `AlarmStateChanged` and queuing actions.
    pub fn fire_due(&mut self, ctx: &mut Context) {
        while let Some((at, timer)) = self.timers.pop_due(ctx.now) {
            let Some(region) = self.regions.iter_mut().find(|r| r.name == timer.region) else {
                continue;
            };
            let Some(alarm) = region
                .alarms
                .get_mut(&timer.alarm)
                .filter(|a| a.generation == timer.generation)
            else {
                continue;
            };
            let series = region.metrics.find(&alarm.metric);
            let changed = match evaluation::evaluate(alarm, series, at) {
                Outcome::Changes(verdict) => {
                    let mut ctx = Context {
                        now: at,
                        region: &timer.region,
                        ids: ctx.ids,
                        events: ctx.events,
                    };
                    alarms::apply(
                        alarm,
                        &mut region.history,
                        &mut self.actions,
                        &mut ctx,
                        verdict,
                    )
                }
                Outcome::Stays { metric_value } => {
                    alarm.last_value = metric_value;
                    false
                }
            };
            // Auto Scaling actions are invoked again at every evaluation
            // while the alarm stays in their state; other actions only on a
            // change of state.
            if !changed {
                alarms::queue_actions(alarm, &timer.region, &mut self.actions, |arn| {
                    arn.starts_with("arn:aws:autoscaling:")
                });
            }
            let next = alarm.next_evaluation(at);
            self.timers.schedule(next, timer);
        }
    }

    /// Removes and returns the actions alarms invoked since the last call,
    /// in the order they were invoked.
    pub fn take_actions(&mut self) -> Vec<AlarmAction> {
        std::mem::take(&mut self.actions)
    }

    /// A new configuration generation for an alarm.
    fn generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }
}

/// A request timestamp: an ISO 8601 string or seconds since the epoch (as a
/// string or a number), as botocore accepts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(pub SimTime);

impl FromParam for Timestamp {
    fn from_param(value: Value) -> Result<Self, ParamError> {
        let parsed = match &value {
            Value::Number(n) => n
                .as_f64()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(|s| s as SimTime),
            Value::String(text) => calendar::parse_timestamp(text),
            _ => None,
        };
        parsed
            .map(Timestamp)
            .ok_or_else(|| ParamError::Invalid(format!("invalid timestamp {value}")))
    }
}

/// `MissingParameter`, worded as CloudWatch words it.
pub(crate) fn missing(name: &str) -> ApiError {
    ApiError::new(
        "MissingParameter",
        format!("The parameter {name} is required."),
    )
}

/// `InvalidParameterValue`.
fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameterValue", message)
}

/// `InvalidParameterCombination`.
fn combination(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameterCombination", message)
}

/// `InvalidParameterValue` for a value outside its set of names.
fn not_in_set(parameter: &str, names: &[&str]) -> ApiError {
    invalid(format!(
        "The parameter {parameter} must be a value in the set [{}].",
        names.join(", ")
    ))
}

/// The unit called `name`, or AWS's error naming `parameter`.
fn unit(name: Option<&str>, parameter: &str) -> Result<Option<Unit>, ApiError> {
    name.map(|n| Unit::parse(n).ok_or_else(|| not_in_set(parameter, &metrics::UNITS)))
        .transpose()
}

/// Percentiles and the other extended statistics need the raw samples,
/// which the sandbox does not keep (it stores per-minute aggregates).
fn extended_statistics_unsupported() -> ApiError {
    invalid(
        "The sandbox keeps per-minute aggregates, not the raw samples extended statistics \
         (percentiles) need: ask for SampleCount, Average, Sum, Minimum or Maximum.",
    )
}

/// `The parameter Period must be a multiple of 60.` unless `period` is a
/// period metrics can be read at: 1, 5, 10, 20, 30 or a multiple of 60.
fn check_query_period(period: i64, parameter: &str) -> Result<SimTime, ApiError> {
    if period <= 0 {
        return Err(invalid(format!(
            "The parameter {parameter} must be greater than 0."
        )));
    }
    if !matches!(period, 1 | 5 | 10 | 20 | 30) && period % 60 != 0 {
        return Err(invalid(format!(
            "The parameter {parameter} must be a multiple of 60."
        )));
    }
    Ok(period.unsigned_abs())
}

/// Where the periods of a query begin: CloudWatch rounds `start` down to
/// the minute when it is within 15 days, to 5 minutes within 63 days, and
/// to the hour before that (GetMetricStatistics' documented rule; sub-minute
/// periods keep the second).
fn query_start(start: SimTime, period: SimTime, now: SimTime) -> SimTime {
    if period < 60 {
        return start;
    }
    let age = now.saturating_sub(start);
    let unit = if age <= 15 * 86_400 {
        60
    } else if age <= 63 * 86_400 {
        300
    } else {
        3600
    };
    start - start % unit
}

/// `The parameter EndTime must be greater than StartTime.` and its twin.
fn check_time_range(start: SimTime, end: SimTime) -> Result<(), ApiError> {
    if start > end {
        return Err(invalid(
            "The parameter EndTime must be greater than StartTime.",
        ));
    }
    if start == end {
        return Err(invalid(
            "The parameter StartTime must not equal parameter EndTime.",
        ));
    }
    Ok(())
}

/// The key of the metric a request names.
fn metric_key(namespace: &str, name: &str, dimensions: &[metrics::Dimension]) -> MetricKey {
    MetricKey::new(namespace, name, dimensions.to_vec())
}
