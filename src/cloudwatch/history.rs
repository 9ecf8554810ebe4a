//! Alarm history: a ConfigurationUpdate item when an alarm is created or
//! updated and a StateUpdate item at each change of state, kept 30 days
//! (also after the alarm is deleted, as AWS keeps it), and
//! DescribeAlarmHistory to read them.

use super::alarms::Alarm;
use super::evaluation::Verdict;
use super::{invalid, not_in_set, CloudWatch, Timestamp};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use base64::Engine;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// How long history is kept: 30 days.
const RETENTION: SimTime = 30 * 86_400;

/// The kinds of history item (`HistoryItemType`), in the model's order.
const ITEM_TYPES: [&str; 5] = [
    "ConfigurationUpdate",
    "StateUpdate",
    "Action",
    "AlarmContributorStateUpdate",
    "AlarmContributorAction",
];

/// One history item.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryItem {
    pub alarm_name: String,
    pub timestamp: SimTime,
    /// `ConfigurationUpdate` or `StateUpdate`.
    pub item_type: &'static str,
    /// `Alarm updated from INSUFFICIENT_DATA to OK`.
    pub summary: String,
    /// A JSON document.
    pub data: String,
}

/// Adds `item`, dropping the items older than 30 days.
fn push(history: &mut Vec<HistoryItem>, item: HistoryItem) {
    let cut = history.partition_point(|i| i.timestamp.saturating_add(RETENTION) <= item.timestamp);
    if cut > 0 {
        history.drain(..cut);
    }
    history.push(item);
}

/// Records the creation (`created`) or update of `alarm` at `now`.
pub(super) fn record_configuration(
    history: &mut Vec<HistoryItem>,
    alarm: &Alarm,
    created: bool,
    now: SimTime,
) {
    let (kind, member, verb) = if created {
        ("Create", "createdAlarm", "created")
    } else {
        ("Update", "updatedAlarm", "updated")
    };
    let dimensions: Vec<Value> = alarm
        .metric
        .dimensions()
        .iter()
        .map(|d| json!({"name": d.name, "value": d.value}))
        .collect();
    let mut configuration = json!({
        "alarmName": alarm.name,
        "alarmArn": alarm.arn,
        "namespace": alarm.metric.namespace,
        "metricName": alarm.metric.name,
        "dimensions": dimensions,
        "statistic": alarm.statistic.as_str().to_uppercase(),
        "period": alarm.period,
        "evaluationPeriods": alarm.evaluation_periods,
        "threshold": alarm.threshold,
        "comparisonOperator": alarm.comparison.as_str(),
        "actionsEnabled": alarm.actions_enabled,
        "alarmActions": alarm.alarm_actions,
        "okactions": alarm.ok_actions,
        "insufficientDataActions": alarm.insufficient_data_actions,
    });
    if let (Some(m), Some(map)) = (alarm.datapoints_to_alarm, configuration.as_object_mut()) {
        map.insert("datapointsToAlarm".into(), json!(m));
    }
    let mut data = Map::new();
    data.insert("version".into(), json!("1.0"));
    data.insert("type".into(), json!(kind));
    data.insert(member.into(), configuration);
    push(
        history,
        HistoryItem {
            alarm_name: alarm.name.clone(),
            timestamp: now,
            item_type: "ConfigurationUpdate",
            summary: format!("Alarm \"{}\" {verb}", alarm.name),
            data: Value::Object(data).to_string(),
        },
    );
}

/// A state in history data: its value, reason and reason data (as JSON).
fn state_json(value: &str, reason: &str, reason_data: Option<&str>) -> Value {
    let mut state = Map::new();
    state.insert("stateValue".into(), json!(value));
    state.insert("stateReason".into(), json!(reason));
    if let Some(data) = reason_data.and_then(|d| serde_json::from_str::<Value>(d).ok()) {
        state.insert("stateReasonData".into(), data);
    }
    Value::Object(state)
}

/// Records `alarm` moving to `verdict`'s state at `now` (before the alarm
/// takes it).
pub(super) fn record_state_update(
    history: &mut Vec<HistoryItem>,
    alarm: &Alarm,
    verdict: &Verdict,
    now: SimTime,
) {
    let data = json!({
        "version": "1.0",
        "oldState": state_json(alarm.state.as_str(), &alarm.state_reason, alarm.state_reason_data.as_deref()),
        "newState": state_json(verdict.state.as_str(), &verdict.reason, verdict.reason_data.as_deref()),
    });
    push(
        history,
        HistoryItem {
            alarm_name: alarm.name.clone(),
            timestamp: now,
            item_type: "StateUpdate",
            summary: format!(
                "Alarm updated from {} to {}",
                alarm.state.as_str(),
                verdict.state.as_str()
            ),
            data: data.to_string(),
        },
    );
}

/// Request of DescribeAlarmHistory.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAlarmHistoryRequest {
    #[serde(default)]
    pub alarm_name: Option<String>,
    #[serde(default)]
    pub alarm_contributor_id: Option<String>,
    #[serde(default)]
    pub alarm_types: Vec<String>,
    #[serde(default)]
    pub history_item_type: Option<String>,
    #[serde(default)]
    pub start_date: Option<Timestamp>,
    #[serde(default)]
    pub end_date: Option<Timestamp>,
    #[serde(default)]
    pub max_records: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub scan_by: Option<String>,
}

/// A history item as DescribeAlarmHistory prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmHistoryItem<'a> {
    alarm_name: &'a str,
    alarm_type: &'static str,
    timestamp: Iso8601,
    history_item_type: &'static str,
    history_summary: &'a str,
    history_data: &'a str,
}

/// Response of DescribeAlarmHistory.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmHistoryResponse<'a> {
    alarm_history_items: Vec<AlarmHistoryItem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

impl CloudWatch {
    /// DescribeAlarmHistory: newest first unless `ScanBy` says
    /// `TimestampAscending`; every item when `MaxRecords` is not given.
    pub fn describe_alarm_history(
        &self,
        ctx: &Context,
        request: &DescribeAlarmHistoryRequest,
    ) -> Result<DescribeAlarmHistoryResponse<'_>, ApiError> {
        if let Some(kind) = request.history_item_type.as_deref() {
            if !ITEM_TYPES.contains(&kind) {
                return Err(not_in_set("HistoryItemType", &ITEM_TYPES));
            }
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
        let max = match request.max_records {
            None => usize::MAX,
            Some(n) if !(1..=100).contains(&n) => {
                return Err(invalid(
                    "The parameter MaxRecords must be between 1 and 100.",
                ))
            }
            Some(n) => usize::try_from(n).unwrap_or(100),
        };
        let skip = match request.next_token.as_deref() {
            None => 0,
            Some(token) => base64::engine::general_purpose::STANDARD
                .decode(token)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .and_then(|text| text.parse::<usize>().ok())
                .ok_or_else(|| ApiError::new("InvalidNextToken", "The NextToken is not valid."))?,
        };
        let metric_alarms = request.alarm_types.is_empty()
            || request.alarm_types.iter().any(|t| t == "MetricAlarm");
        let history: &[HistoryItem] = match self.region(ctx.region) {
            Some(region) if metric_alarms && request.alarm_contributor_id.is_none() => {
                &region.history
            }
            _ => &[],
        };
        let matches = |item: &&HistoryItem| {
            request
                .alarm_name
                .as_deref()
                .is_none_or(|n| n == item.alarm_name)
                && request
                    .history_item_type
                    .as_deref()
                    .is_none_or(|t| t == item.item_type)
                && request.start_date.is_none_or(|s| item.timestamp >= s.0)
                && request.end_date.is_none_or(|e| item.timestamp <= e.0)
        };
        let ordered: Box<dyn Iterator<Item = &HistoryItem>> = if ascending {
            Box::new(history.iter())
        } else {
            Box::new(history.iter().rev())
        };
        let mut items = Vec::new();
        let mut next_token = None;
        for (i, item) in ordered.filter(matches).enumerate().skip(skip) {
            if items.len() == max {
                next_token = Some(base64::engine::general_purpose::STANDARD.encode(i.to_string()));
                break;
            }
            items.push(AlarmHistoryItem {
                alarm_name: &item.alarm_name,
                alarm_type: "MetricAlarm",
                timestamp: Iso8601(item.timestamp),
                history_item_type: item.item_type,
                history_summary: &item.summary,
                history_data: &item.data,
            });
        }
        Ok(DescribeAlarmHistoryResponse {
            alarm_history_items: items,
            next_token,
        })
    }
}
