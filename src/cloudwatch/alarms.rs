//! Metric alarms: PutMetricAlarm (an upsert), DescribeAlarms,
//! DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState and
//! Enable/DisableAlarmActions, plus the state changes evaluations and
//! SetAlarmState make and the actions they invoke.

use super::evaluation::Verdict;
use super::history::{self, HistoryItem};
use super::metrics::{Dimension, MetricKey, Statistic, Unit, STATISTICS};
use super::{combination, invalid, missing, not_in_set, unit, AlarmAction, CloudWatch, Timer};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, DomainEvent, SimTime};
use crate::sts::ACCOUNT_ID;
use base64::Engine;
use serde::Serialize;
use serde_json::Value;

/// The three states of an alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
}

/// The states in the API model's order (`StateValue`).
const STATES: [AlarmState; 3] = [
    AlarmState::Ok,
    AlarmState::Alarm,
    AlarmState::InsufficientData,
];

impl AlarmState {
    /// The state called `name` (`OK`, `ALARM`, `INSUFFICIENT_DATA`).
    pub fn parse(name: &str) -> Option<AlarmState> {
        STATES.into_iter().find(|s| s.as_str() == name)
    }

    /// The state's API name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

impl Serialize for AlarmState {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How an alarm compares its statistic with the threshold. (The anomaly
/// detection operators, which compare with a band, are not simulated.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
}

/// Every `ComparisonOperator` of the API model, in its order.
const COMPARISON_OPERATORS: [&str; 7] = [
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold",
];

impl Comparison {
    fn parse(name: &str) -> Option<Comparison> {
        Some(match name {
            "GreaterThanOrEqualToThreshold" => Comparison::GreaterThanOrEqualToThreshold,
            "GreaterThanThreshold" => Comparison::GreaterThanThreshold,
            "LessThanThreshold" => Comparison::LessThanThreshold,
            "LessThanOrEqualToThreshold" => Comparison::LessThanOrEqualToThreshold,
            _ => return None,
        })
    }

    /// The operator's API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            Comparison::GreaterThanThreshold => "GreaterThanThreshold",
            Comparison::LessThanThreshold => "LessThanThreshold",
            Comparison::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
        }
    }

    /// True when `value` breaches `threshold`.
    pub fn breaches(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => value >= threshold,
            Comparison::GreaterThanThreshold => value > threshold,
            Comparison::LessThanThreshold => value < threshold,
            Comparison::LessThanOrEqualToThreshold => value <= threshold,
        }
    }

    /// How reasons word the comparison: `greater than or equal to`.
    pub fn words(self) -> &'static str {
        match self {
            Comparison::GreaterThanOrEqualToThreshold => "greater than or equal to",
            Comparison::GreaterThanThreshold => "greater than",
            Comparison::LessThanThreshold => "less than",
            Comparison::LessThanOrEqualToThreshold => "less than or equal to",
        }
    }
}

/// How an alarm treats periods without data (`TreatMissingData`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreatMissingData {
    /// The default: all-missing data means INSUFFICIENT_DATA.
    Missing,
    /// The alarm keeps its state.
    Ignore,
    /// Missing periods count as breaching.
    Breaching,
    /// Missing periods count as within the threshold.
    NotBreaching,
}

impl TreatMissingData {
    fn parse(name: &str) -> Option<TreatMissingData> {
        Some(match name {
            "missing" => TreatMissingData::Missing,
            "ignore" => TreatMissingData::Ignore,
            "breaching" => TreatMissingData::Breaching,
            "notBreaching" => TreatMissingData::NotBreaching,
            _ => return None,
        })
    }

    /// The option's API name.
    pub fn as_str(self) -> &'static str {
        match self {
            TreatMissingData::Missing => "missing",
            TreatMissingData::Ignore => "ignore",
            TreatMissingData::Breaching => "breaching",
            TreatMissingData::NotBreaching => "notBreaching",
        }
    }
}

/// A metric alarm.
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub configuration_updated: SimTime,
    pub actions_enabled: bool,
    pub ok_actions: Vec<String>,
    pub alarm_actions: Vec<String>,
    pub insufficient_data_actions: Vec<String>,
    pub state: AlarmState,
    pub state_reason: String,
    /// A JSON document, when the state came from an evaluation or was set
    /// with one.
    pub state_reason_data: Option<String>,
    pub state_updated: SimTime,
    pub state_transitioned: SimTime,
    pub metric: MetricKey,
    pub statistic: Statistic,
    pub period: u32,
    pub unit: Option<Unit>,
    pub evaluation_periods: u32,
    /// `DatapointsToAlarm` as given (M of N); evaluations use
    /// `EvaluationPeriods` when absent.
    pub datapoints_to_alarm: Option<u32>,
    pub threshold: f64,
    pub comparison: Comparison,
    /// As given; evaluations treat an absent value as `missing`.
    pub treat_missing_data: Option<TreatMissingData>,
    /// The newest datapoint the last evaluation looked at.
    pub last_value: Option<f64>,
    pub(super) generation: u64,
}

impl Alarm {
    /// How often CloudWatch evaluates the alarm: every minute, or every
    /// period for high-resolution periods (10, 20 or 30 seconds).
    pub fn evaluation_interval(&self) -> SimTime {
        SimTime::from(self.period.clamp(1, 60))
    }

    /// The first evaluation after `now`, on a whole interval.
    pub fn next_evaluation(&self, now: SimTime) -> SimTime {
        let interval = self.evaluation_interval();
        (now / interval).saturating_add(1).saturating_mul(interval)
    }

    /// The actions of `state`.
    pub fn actions(&self, state: AlarmState) -> &[String] {
        match state {
            AlarmState::Ok => &self.ok_actions,
            AlarmState::Alarm => &self.alarm_actions,
            AlarmState::InsufficientData => &self.insufficient_data_actions,
        }
    }
}

/// A tag (`{Key, Value}`).
#[derive(Debug, Clone, PartialEq, Eq, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// Request of PutMetricAlarm, also what other services pass to
/// [`CloudWatch::create_alarm`]. Numbers are wide so that out-of-range
/// values get AWS's messages rather than a decoding error.
#[derive(Debug, Clone, Default, PartialEq, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PutMetricAlarmRequest {
    pub alarm_name: String,
    #[serde(default)]
    pub alarm_description: Option<String>,
    #[serde(default)]
    pub actions_enabled: Option<bool>,
    #[serde(rename = "OKActions", default)]
    pub ok_actions: Vec<String>,
    #[serde(default)]
    pub alarm_actions: Vec<String>,
    #[serde(default)]
    pub insufficient_data_actions: Vec<String>,
    #[serde(default)]
    pub metric_name: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub statistic: Option<String>,
    #[serde(default)]
    pub extended_statistic: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub period: Option<i64>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub evaluation_periods: Option<i64>,
    #[serde(default)]
    pub datapoints_to_alarm: Option<i64>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub comparison_operator: Option<String>,
    #[serde(default)]
    pub treat_missing_data: Option<String>,
    #[serde(default)]
    pub evaluate_low_sample_count_percentile: Option<String>,
    /// Metric math: not simulated.
    #[serde(default)]
    pub metrics: Vec<Value>,
    /// Accepted; the sandbox does not list alarm tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub threshold_metric_id: Option<String>,
    /// PromQL alarms: not simulated.
    #[serde(default)]
    pub evaluation_criteria: Option<Value>,
    #[serde(default)]
    pub evaluation_interval: Option<i64>,
}

/// `ValidationError`, as CloudWatch answers malformed alarm definitions.
fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message)
}

/// The most actions a state may have.
const MAX_ACTIONS: usize = 5;

/// The longest an alarm may look back (`EvaluationPeriods × Period`): a
/// day, or a week for periods of an hour or more.
const DAY: i64 = 86_400;

/// What a valid PutMetricAlarm defines, before it becomes an alarm.
struct Definition {
    metric: MetricKey,
    statistic: Statistic,
    period: u32,
    unit: Option<Unit>,
    evaluation_periods: u32,
    datapoints_to_alarm: Option<u32>,
    threshold: f64,
    comparison: Comparison,
    treat_missing_data: Option<TreatMissingData>,
}

/// Checks `request` as PutMetricAlarm does, in AWS's order of checks.
fn define(request: &PutMetricAlarmRequest) -> Result<Definition, ApiError> {
    let name_length = request.alarm_name.chars().count();
    if name_length == 0 {
        return Err(missing("AlarmName"));
    }
    if name_length > 255 {
        return Err(invalid(
            "The parameter AlarmName must be shorter than 256 characters.",
        ));
    }
    if request
        .alarm_description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 1024)
    {
        return Err(invalid(
            "The parameter AlarmDescription must be shorter than 1025 characters.",
        ));
    }
    if !request.metrics.is_empty() || request.evaluation_criteria.is_some() {
        return Err(invalid(
            "The sandbox simulates alarms on one metric (MetricName, Namespace, Statistic); \
             metric math and PromQL alarms are not simulated.",
        ));
    }
    for (list, actions) in [
        ("OKActions", &request.ok_actions),
        ("AlarmActions", &request.alarm_actions),
        (
            "InsufficientDataActions",
            &request.insufficient_data_actions,
        ),
    ] {
        if actions.len() > MAX_ACTIONS {
            return Err(invalid(format!(
                "The collection {list} must not have a size greater than {MAX_ACTIONS}."
            )));
        }
    }
    let metric_name = request
        .metric_name
        .as_deref()
        .ok_or_else(|| missing("MetricName"))?;
    let namespace = request
        .namespace
        .as_deref()
        .ok_or_else(|| missing("Namespace"))?;
    if request.dimensions.len() > 30 {
        return Err(invalid(
            "The collection Dimensions must not have a size greater than 30.",
        ));
    }
    let statistic = match (&request.statistic, &request.extended_statistic) {
        (Some(_), Some(_)) => {
            return Err(combination(
                "The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.",
            ))
        }
        (None, None) => {
            return Err(missing_either("Statistic", "ExtendedStatistic"));
        }
        (None, Some(_)) => return Err(super::extended_statistics_unsupported()),
        (Some(name), None) => Statistic::parse(name).ok_or_else(|| {
            let names: Vec<&str> = STATISTICS.iter().map(|s| s.as_str()).collect();
            not_in_set("Statistic", &names)
        })?,
    };
    let period = request.period.ok_or_else(|| missing("Period"))?;
    if !(matches!(period, 10 | 20 | 30) || (period > 0 && period % 60 == 0)) {
        return Err(validation("Period must be 10, 20, 30 or a multiple of 60"));
    }
    let evaluation_periods = request
        .evaluation_periods
        .ok_or_else(|| missing("EvaluationPeriods"))?;
    if evaluation_periods < 1 {
        return Err(invalid(
            "The parameter EvaluationPeriods must be greater than or equal to 1.",
        ));
    }
    if let Some(m) = request.datapoints_to_alarm {
        if m < 1 {
            return Err(invalid(
                "The parameter DatapointsToAlarm must be greater than or equal to 1.",
            ));
        }
        if m > evaluation_periods {
            return Err(validation(
                "DatapointsToAlarm must be less than or equal to EvaluationPeriods",
            ));
        }
    }
    let range = period.saturating_mul(evaluation_periods);
    if period < 3600 && range > DAY {
        return Err(validation(
            "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).",
        ));
    }
    if range > 7 * DAY {
        return Err(validation(
            "Metrics cannot be checked across more than a week (EvaluationPeriods * Period must be <= 604800).",
        ));
    }
    let threshold = request.threshold.ok_or_else(|| missing("Threshold"))?;
    let operator = request
        .comparison_operator
        .as_deref()
        .ok_or_else(|| missing("ComparisonOperator"))?;
    let comparison =
        match Comparison::parse(operator) {
            Some(comparison) => comparison,
            None if COMPARISON_OPERATORS.contains(&operator) => return Err(invalid(
                "The sandbox does not simulate anomaly detection bands: use GreaterThanThreshold, \
                 GreaterThanOrEqualToThreshold, LessThanThreshold or LessThanOrEqualToThreshold.",
            )),
            None => return Err(not_in_set("ComparisonOperator", &COMPARISON_OPERATORS)),
        };
    let treat_missing_data = request
        .treat_missing_data
        .as_deref()
        .map(|option| {
            TreatMissingData::parse(option).ok_or_else(|| {
                validation(format!(
                    "Option {option} is not supported. Supported options for parameter \
                     TreatMissingData are missing, ignore, breaching and notBreaching."
                ))
            })
        })
        .transpose()?;
    let unit = unit(request.unit.as_deref(), "Unit")?;
    let whole = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Definition {
        metric: MetricKey::new(namespace, metric_name, request.dimensions.clone()),
        statistic,
        period: whole(period),
        unit,
        evaluation_periods: whole(evaluation_periods),
        datapoints_to_alarm: request.datapoints_to_alarm.map(whole),
        threshold,
        comparison,
        treat_missing_data,
    })
}

/// `MissingParameter` when neither of two alternatives is given.
fn missing_either(one: &str, other: &str) -> ApiError {
    ApiError::new(
        "MissingParameter",
        format!("At least one of the parameters {one} or {other} must be specified."),
    )
}

/// An alarm as DescribeAlarms prints it (members in the API model's order).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarm<'a> {
    alarm_name: &'a str,
    alarm_arn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alarm_description: Option<&'a str>,
    alarm_configuration_updated_timestamp: Iso8601,
    actions_enabled: bool,
    #[serde(rename = "OKActions")]
    ok_actions: &'a [String],
    alarm_actions: &'a [String],
    insufficient_data_actions: &'a [String],
    state_value: AlarmState,
    state_reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_reason_data: Option<&'a str>,
    state_updated_timestamp: Iso8601,
    metric_name: &'a str,
    namespace: &'a str,
    statistic: &'static str,
    dimensions: &'a [Dimension],
    period: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<Unit>,
    evaluation_periods: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    datapoints_to_alarm: Option<u32>,
    threshold: f64,
    comparison_operator: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    treat_missing_data: Option<&'static str>,
    state_transitioned_timestamp: Iso8601,
}

impl<'a> From<&'a Alarm> for MetricAlarm<'a> {
    fn from(alarm: &'a Alarm) -> Self {
        Self {
            alarm_name: &alarm.name,
            alarm_arn: &alarm.arn,
            alarm_description: alarm.description.as_deref(),
            alarm_configuration_updated_timestamp: Iso8601(alarm.configuration_updated),
            actions_enabled: alarm.actions_enabled,
            ok_actions: &alarm.ok_actions,
            alarm_actions: &alarm.alarm_actions,
            insufficient_data_actions: &alarm.insufficient_data_actions,
            state_value: alarm.state,
            state_reason: &alarm.state_reason,
            state_reason_data: alarm.state_reason_data.as_deref(),
            state_updated_timestamp: Iso8601(alarm.state_updated),
            metric_name: &alarm.metric.name,
            namespace: &alarm.metric.namespace,
            statistic: alarm.statistic.as_str(),
            dimensions: alarm.metric.dimensions(),
            period: alarm.period,
            unit: alarm.unit,
            evaluation_periods: alarm.evaluation_periods,
            datapoints_to_alarm: alarm.datapoints_to_alarm,
            threshold: alarm.threshold,
            comparison_operator: alarm.comparison.as_str(),
            treat_missing_data: alarm.treat_missing_data.map(TreatMissingData::as_str),
            state_transitioned_timestamp: Iso8601(alarm.state_transitioned),
        }
    }
}

/// Request of DescribeAlarms.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmsRequest {
    #[serde(default)]
    pub alarm_names: Vec<String>,
    #[serde(default)]
    pub alarm_name_prefix: Option<String>,
    #[serde(default)]
    pub alarm_types: Vec<String>,
    #[serde(default)]
    pub children_of_alarm_name: Option<String>,
    #[serde(default)]
    pub parents_of_alarm_name: Option<String>,
    #[serde(default)]
    pub state_value: Option<String>,
    #[serde(default)]
    pub action_prefix: Option<String>,
    #[serde(default)]
    pub max_records: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

/// Response of DescribeAlarms. Composite alarms are listed (always none)
/// only when `AlarmTypes` asks for them, as AWS returns only metric alarms
/// by default.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsResponse<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    composite_alarms: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_alarms: Option<Vec<MetricAlarm<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Request of DescribeAlarmsForMetric.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmsForMetricRequest {
    pub metric_name: String,
    pub namespace: String,
    #[serde(default)]
    pub statistic: Option<String>,
    #[serde(default)]
    pub extended_statistic: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    #[serde(default)]
    pub period: Option<i64>,
    #[serde(default)]
    pub unit: Option<String>,
}

/// Response of DescribeAlarmsForMetric.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsForMetricResponse<'a> {
    metric_alarms: Vec<MetricAlarm<'a>>,
}

/// Request of DeleteAlarms, EnableAlarmActions and DisableAlarmActions.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AlarmNamesRequest {
    pub alarm_names: Vec<String>,
}

/// Request of SetAlarmState.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetAlarmStateRequest {
    pub alarm_name: String,
    pub state_value: String,
    pub state_reason: String,
    #[serde(default)]
    pub state_reason_data: Option<String>,
}

/// At most 100 names per request.
fn check_names(names: &[String]) -> Result<(), ApiError> {
    if names.len() > 100 {
        return Err(invalid(
            "The collection AlarmNames must not have a size greater than 100.",
        ));
    }
    Ok(())
}

/// An opaque page token: the name of the first alarm of the next page.
fn page_token(name: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(name)
}

fn read_page_token(token: &str) -> Result<String, ApiError> {
    base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| ApiError::new("InvalidNextToken", "The NextToken is not valid."))
}

/// The state names for error messages.
fn state_names() -> Vec<&'static str> {
    STATES.iter().map(|s| s.as_str()).collect()
}

/// The state called `name`, or AWS's error naming `parameter`.
fn state(name: &str, parameter: &str) -> Result<AlarmState, ApiError> {
    AlarmState::parse(name).ok_or_else(|| not_in_set(parameter, &state_names()))
}

impl CloudWatch {
    /// PutMetricAlarm: creates the alarm in INSUFFICIENT_DATA, or replaces
    /// the configuration of an existing one and keeps its state (as AWS
    /// does). Its evaluations start at the next whole minute (or
    /// high-resolution period). Other services create their alarms (target
    /// tracking's `TargetTracking-…-AlarmHigh-…`) through this too.
    pub fn create_alarm(
        &mut self,
        ctx: &mut Context,
        request: PutMetricAlarmRequest,
    ) -> Result<(), ApiError> {
        let definition = define(&request)?;
        let generation = self.generation();
        let (_, region) = self.region_entry(ctx.region);
        let name = request.alarm_name;
        let now = ctx.now;
        let existing = region.alarms.remove(&name);
        let created = existing.is_none();
        let (state, state_reason, state_reason_data, state_updated, state_transitioned, last_value) =
            match existing {
                Some(old) => (
                    old.state,
                    old.state_reason,
                    old.state_reason_data,
                    old.state_updated,
                    old.state_transitioned,
                    old.last_value,
                ),
                None => (
                    AlarmState::InsufficientData,
                    "Unchecked: Initial alarm creation".to_string(),
                    None,
                    now,
                    now,
                    None,
                ),
            };
        let alarm = Alarm {
            arn: format!(
                "arn:aws:cloudwatch:{}:{ACCOUNT_ID}:alarm:{name}",
                ctx.region
            ),
            name: name.clone(),
            description: request.alarm_description,
            configuration_updated: now,
            actions_enabled: request.actions_enabled.unwrap_or(true),
            ok_actions: request.ok_actions,
            alarm_actions: request.alarm_actions,
            insufficient_data_actions: request.insufficient_data_actions,
            state,
            state_reason,
            state_reason_data,
            state_updated,
            state_transitioned,
            metric: definition.metric,
            statistic: definition.statistic,
            period: definition.period,
            unit: definition.unit,
            evaluation_periods: definition.evaluation_periods,
            datapoints_to_alarm: definition.datapoints_to_alarm,
            threshold: definition.threshold,
            comparison: definition.comparison,
            treat_missing_data: definition.treat_missing_data,
            last_value,
            generation,
        };
        let next = alarm.next_evaluation(now);
        history::record_configuration(&mut region.history, &alarm, created, now);
        region.alarms.insert(name.clone(), alarm);
        self.timers.schedule(
            next,
            Timer {
                region: ctx.region.to_string(),
                alarm: name.clone(),
                generation,
            },
        );
        if created {
            ctx.created("alarm", name);
        } else {
            ctx.changed("alarm", name);
        }
        Ok(())
    }

    /// Deletes the alarm `name` of `ctx.region` (its history stays, as in
    /// AWS); false when there is no such alarm. For other services (target
    /// tracking deletes its alarms with its policy).
    pub fn delete_alarm(&mut self, ctx: &mut Context, name: &str) -> bool {
        let removed = self
            .regions
            .iter_mut()
            .find(|r| r.name == ctx.region)
            .and_then(|region| region.alarms.remove(name))
            .is_some();
        if removed {
            ctx.deleted("alarm", name);
        }
        removed
    }

    /// DeleteAlarms. Names of alarms that do not exist are passed over
    /// without an error, as CloudWatch does (the API model lists
    /// ResourceNotFound, but the service answers success: see
    /// aws-cloudformation/cloudformation-cli#456).
    pub fn delete_alarms(
        &mut self,
        ctx: &mut Context,
        request: AlarmNamesRequest,
    ) -> Result<(), ApiError> {
        check_names(&request.alarm_names)?;
        for name in &request.alarm_names {
            self.delete_alarm(ctx, name);
        }
        Ok(())
    }

    /// DescribeAlarms.
    pub fn describe_alarms(
        &self,
        ctx: &Context,
        request: &DescribeAlarmsRequest,
    ) -> Result<DescribeAlarmsResponse<'_>, ApiError> {
        if !request.alarm_names.is_empty() && request.alarm_name_prefix.is_some() {
            return Err(combination(
                "AlarmNamePrefix and AlarmNames.member are mutually exclusive",
            ));
        }
        check_names(&request.alarm_names)?;
        let mut metric_alarms = request.alarm_types.is_empty();
        let mut composite_alarms = false;
        for (i, kind) in request.alarm_types.iter().enumerate() {
            match kind.as_str() {
                "MetricAlarm" => metric_alarms = true,
                "CompositeAlarm" => composite_alarms = true,
                _ => {
                    return Err(not_in_set(
                        &format!("AlarmTypes.member.{}", i + 1),
                        &["CompositeAlarm", "MetricAlarm"],
                    ))
                }
            }
        }
        let state = request
            .state_value
            .as_deref()
            .map(|s| state(s, "StateValue"))
            .transpose()?;
        let max = match request.max_records {
            None => usize::MAX,
            Some(n) if n < 1 => {
                return Err(invalid(
                    "The parameter MaxRecords must be greater than or equal to 1.",
                ))
            }
            Some(n) if n > 100 => {
                return Err(invalid(
                    "The parameter MaxRecords must be less than or equal to 100.",
                ))
            }
            Some(n) => usize::try_from(n).unwrap_or(100),
        };
        let after = request
            .next_token
            .as_deref()
            .map(read_page_token)
            .transpose()?;
        // Composite alarms have no metric alarms as children or parents.
        let wants_metric_alarms = metric_alarms
            && request.children_of_alarm_name.is_none()
            && request.parents_of_alarm_name.is_none();
        let mut alarms: Vec<&Alarm> = Vec::new();
        let mut next_token = None;
        if let Some(region) = self.region(ctx.region).filter(|_| wants_metric_alarms) {
            let matching = region.alarms.values().filter(|alarm| {
                (request.alarm_names.is_empty() || request.alarm_names.contains(&alarm.name))
                    && request
                        .alarm_name_prefix
                        .as_deref()
                        .is_none_or(|p| alarm.name.starts_with(p))
                    && state.is_none_or(|s| s == alarm.state)
                    && request.action_prefix.as_deref().is_none_or(|p| {
                        STATES
                            .iter()
                            .any(|&s| alarm.actions(s).iter().any(|a| a.starts_with(p)))
                    })
                    && after
                        .as_deref()
                        .is_none_or(|first| alarm.name.as_str() >= first)
            });
            for alarm in matching {
                if alarms.len() == max {
                    next_token = Some(page_token(&alarm.name));
                    break;
                }
                alarms.push(alarm);
            }
        }
        Ok(DescribeAlarmsResponse {
            composite_alarms: composite_alarms.then(Vec::new),
            metric_alarms: metric_alarms
                .then(|| alarms.into_iter().map(MetricAlarm::from).collect()),
            next_token,
        })
    }

    /// DescribeAlarmsForMetric: the alarms on exactly this metric (all its
    /// dimensions), narrowed by statistic, period and unit when given.
    pub fn describe_alarms_for_metric(
        &self,
        ctx: &Context,
        request: &DescribeAlarmsForMetricRequest,
    ) -> Result<DescribeAlarmsForMetricResponse<'_>, ApiError> {
        let key = MetricKey::new(
            request.namespace.as_str(),
            request.metric_name.as_str(),
            request.dimensions.clone(),
        );
        let unit = unit(request.unit.as_deref(), "Unit")?;
        let metric_alarms = match (self.region(ctx.region), &request.extended_statistic) {
            // No alarm has an extended statistic.
            (Some(region), None) => region
                .alarms
                .values()
                .filter(|a| {
                    a.metric == key
                        && request
                            .statistic
                            .as_deref()
                            .is_none_or(|s| s == a.statistic.as_str())
                        && request.period.is_none_or(|p| p == i64::from(a.period))
                        && unit.is_none_or(|u| a.unit == Some(u))
                })
                .map(MetricAlarm::from)
                .collect(),
            _ => Vec::new(),
        };
        Ok(DescribeAlarmsForMetricResponse { metric_alarms })
    }

    /// SetAlarmState: sets the state until the next evaluation decides
    /// otherwise; a change of state invokes the new state's actions.
    pub fn set_alarm_state(
        &mut self,
        ctx: &mut Context,
        request: SetAlarmStateRequest,
    ) -> Result<(), ApiError> {
        let new_state = state(&request.state_value, "StateValue")?;
        if request.state_reason.chars().count() > 1023 {
            return Err(invalid(
                "The parameter StateReason must be shorter than 1024 characters.",
            ));
        }
        if let Some(data) = &request.state_reason_data {
            if serde_json::from_str::<Value>(data).is_err() {
                return Err(ApiError::new(
                    "InvalidFormat",
                    "StateReasonData was not syntactically valid JSON",
                ));
            }
        }
        let Some(region) = self.regions.iter_mut().find(|r| r.name == ctx.region) else {
            return Err(alarm_not_found(&request.alarm_name));
        };
        let Some(alarm) = region.alarms.get_mut(&request.alarm_name) else {
            return Err(alarm_not_found(&request.alarm_name));
        };
        let verdict = Verdict {
            state: new_state,
            reason: request.state_reason,
            reason_data: request.state_reason_data,
            metric_value: None,
        };
        apply(alarm, &mut region.history, &mut self.actions, ctx, verdict);
        Ok(())
    }

    /// EnableAlarmActions (`enabled`) or DisableAlarmActions. Names of
    /// alarms that do not exist are passed over.
    pub fn set_actions_enabled(
        &mut self,
        ctx: &mut Context,
        request: AlarmNamesRequest,
        enabled: bool,
    ) -> Result<(), ApiError> {
        check_names(&request.alarm_names)?;
        let Some(region) = self.regions.iter_mut().find(|r| r.name == ctx.region) else {
            return Ok(());
        };
        for name in &request.alarm_names {
            if let Some(alarm) = region.alarms.get_mut(name) {
                alarm.actions_enabled = enabled;
                ctx.changed("alarm", name.as_str());
            }
        }
        Ok(())
    }
}

/// `ResourceNotFound` for an alarm name.
fn alarm_not_found(name: &str) -> ApiError {
    ApiError {
        status: 404,
        ..ApiError::new("ResourceNotFound", format!("Alarm {name} does not exist."))
    }
}

/// Records `verdict` on `alarm`: on a change of state, the new state,
/// reason and times, a history item, an `AlarmStateChanged` event and the
/// new state's actions. True when the state changed (SetAlarmState may
/// name the state the alarm is in, which changes nothing).
pub(super) fn apply(
    alarm: &mut Alarm,
    history: &mut Vec<HistoryItem>,
    actions: &mut Vec<AlarmAction>,
    ctx: &mut Context,
    verdict: Verdict,
) -> bool {
    alarm.last_value = verdict.metric_value;
    if verdict.state == alarm.state {
        return false;
    }
    let from = alarm.state;
    history::record_state_update(history, alarm, &verdict, ctx.now);
    alarm.state = verdict.state;
    alarm.state_reason = verdict.reason;
    alarm.state_reason_data = verdict.reason_data;
    alarm.state_updated = ctx.now;
    alarm.state_transitioned = ctx.now;
    ctx.events.push(DomainEvent::AlarmStateChanged {
        alarm_name: alarm.name.clone(),
        region: ctx.region.to_string(),
        from: from.as_str().to_string(),
        to: alarm.state.as_str().to_string(),
        at: crate::kernel::clock::iso8601(ctx.now),
        reason: alarm.state_reason.clone(),
    });
    queue_actions(alarm, ctx.region, actions, |_| true);
    true
}

/// Queues the actions of `alarm`'s current state that `which` selects,
/// when its actions are enabled.
pub(super) fn queue_actions(
    alarm: &Alarm,
    region: &str,
    actions: &mut Vec<AlarmAction>,
    which: impl Fn(&str) -> bool,
) {
    if !alarm.actions_enabled {
        return;
    }
    for action in alarm.actions(alarm.state).iter().filter(|a| which(a)) {
        actions.push(AlarmAction {
            region: region.to_string(),
            action: action.clone(),
            alarm_name: alarm.name.clone(),
            state: alarm.state,
            metric_value: alarm.last_value,
            threshold: alarm.threshold,
        });
    }
}
