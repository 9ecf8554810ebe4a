//! One evaluation of a metric alarm: the statistic of each of its last
//! periods, M of N datapoints to alarm, missing data treated as the alarm
//! says, and the state that follows with CloudWatch's reason text and
//! reason data.
//!
//! The periods are rolling: an evaluation at `T` (a whole minute) looks at
//! `[T − P, T)`, `[T − 2P, T − P)`, … as CloudWatch's alarms do, each
//! datapoint stamped with the start of its period.
//!
//! Missing data follows AWS's documented rules. CloudWatch retrieves more
//! periods than `EvaluationPeriods` (its "evaluation range"; AWS does not
//! publish how many, the sandbox takes two more [MODEL]). When the newest N
//! periods all have data they decide; otherwise, with at least N datapoints
//! in the range, the newest N real ones decide; otherwise the real ones
//! decide together with the missing ones treated as `TreatMissingData`
//! says. For `missing` and `ignore`, which leave the missing ones out, a
//! state that the real datapoints cannot settle either way is kept
//! [MODEL]. With no data at all, `missing` means INSUFFICIENT_DATA,
//! `ignore` keeps the state, `breaching` means ALARM and `notBreaching` OK.

use super::alarms::{Alarm, AlarmState, TreatMissingData};
use super::metrics::{self, Series};
use crate::kernel::calendar::DateTime;
use crate::kernel::SimTime;
use serde::Serialize;

/// Periods retrieved beyond `EvaluationPeriods` [MODEL].
const EXTRA_PERIODS: usize = 2;

/// What an evaluation (or SetAlarmState) decides.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub state: AlarmState,
    pub reason: String,
    pub reason_data: Option<String>,
    /// The newest datapoint evaluated.
    pub metric_value: Option<f64>,
}

/// What an evaluation decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The alarm stays in its state (the same state again, or data that
    /// cannot settle it); `metric_value` is the newest datapoint evaluated.
    /// Reasons are only worded for a change, since an alarm keeps the
    /// reason of its last change.
    Stays { metric_value: Option<f64> },
    /// The alarm moves to another state.
    Changes(Verdict),
}

/// One evaluated datapoint: the start of its period, the statistic and
/// the samples behind it.
#[derive(Debug, Clone, Copy)]
struct Datapoint {
    time: SimTime,
    value: f64,
    sample_count: f64,
}

/// Evaluates `alarm` at `now` over `series` (`None` when nothing was ever
/// published to its metric).
pub fn evaluate(alarm: &Alarm, series: Option<&Series>, now: SimTime) -> Outcome {
    let period = SimTime::from(alarm.period.max(1));
    let n = usize::try_from(alarm.evaluation_periods.max(1)).unwrap_or(1);
    let m = alarm
        .datapoints_to_alarm
        .and_then(|m| usize::try_from(m).ok())
        .unwrap_or(n)
        .clamp(1, n);
    // The evaluation range, newest period first. Its datapoints are
    // found once, then each period's among them.
    let reach = period.saturating_mul((n + EXTRA_PERIODS) as SimTime);
    let range = series.map_or(&[][..], |s| s.window(now.saturating_sub(reach), now));
    let slots: Vec<(SimTime, Option<Datapoint>)> = (0..n + EXTRA_PERIODS)
        .map_while(|k| {
            let end = now.checked_sub(period * SimTime::try_from(k).ok()?)?;
            let start = end.checked_sub(period)?;
            let point =
                metrics::aggregate(range, start, end, alarm.unit).map(|(aggregate, _)| Datapoint {
                    time: start,
                    value: aggregate.statistic(alarm.statistic),
                    sample_count: aggregate.sample_count,
                });
            Some((start, point))
        })
        .collect();
    let real: Vec<Datapoint> = slots.iter().filter_map(|(_, p)| *p).collect();
    let newest_complete = slots.len() >= n && slots[..n].iter().all(|(_, p)| p.is_some());
    let evaluated: Vec<Datapoint> = if newest_complete || real.len() >= n {
        real.into_iter().take(n).collect()
    } else {
        real
    };
    let treat = alarm
        .treat_missing_data
        .unwrap_or(TreatMissingData::Missing);
    let query = QueryInfo { alarm, now, period };
    if evaluated.is_empty() {
        let periods: Vec<SimTime> = slots.iter().take(n).map(|(start, _)| *start).collect();
        return all_missing(&query, treat, &periods);
    }
    let metric_value = evaluated.first().map(|p| p.value);
    let missing = n - evaluated.len();
    let breaching_real = evaluated
        .iter()
        .filter(|p| alarm.comparison.breaches(p.value, alarm.threshold))
        .count();
    let within_real = evaluated.len() - breaching_real;
    let (breaching, within) = match treat {
        TreatMissingData::Breaching => (breaching_real + missing, within_real),
        TreatMissingData::NotBreaching => (breaching_real, within_real + missing),
        TreatMissingData::Missing | TreatMissingData::Ignore => (breaching_real, within_real),
    };
    let state = if breaching >= m {
        AlarmState::Alarm
    } else if within > n - m {
        AlarmState::Ok
    } else {
        return Outcome::Stays { metric_value };
    };
    if state == alarm.state {
        return Outcome::Stays { metric_value };
    }
    let to_alarm = state == AlarmState::Alarm;
    let matching: Vec<Datapoint> = evaluated
        .iter()
        .copied()
        .filter(|p| alarm.comparison.breaches(p.value, alarm.threshold) == to_alarm)
        .collect();
    Outcome::Changes(Verdict {
        state,
        reason: threshold_crossed(alarm, &matching, n, m, to_alarm),
        reason_data: Some(query.reason_data(&evaluated, &[])),
        metric_value,
    })
}

/// The outcome when no period of the range has data.
fn all_missing(query: &QueryInfo, treat: TreatMissingData, periods: &[SimTime]) -> Outcome {
    let stays = Outcome::Stays { metric_value: None };
    let state = match treat {
        TreatMissingData::Ignore => return stays,
        TreatMissingData::Missing => AlarmState::InsufficientData,
        TreatMissingData::Breaching => AlarmState::Alarm,
        TreatMissingData::NotBreaching => AlarmState::Ok,
    };
    if state == query.alarm.state {
        return stays;
    }
    let n = periods.len();
    let reason = match state {
        AlarmState::InsufficientData => {
            format!(
                "Insufficient Data: {} {} unknown.",
                count(n, "datapoint"),
                verb(n)
            )
        }
        _ => format!(
            "Threshold Crossed: no datapoints were received for {} and {} {} treated as [{}].",
            count(n, "period"),
            count(n, "missing datapoint"),
            verb(n),
            if state == AlarmState::Alarm {
                "Breaching"
            } else {
                "NonBreaching"
            }
        ),
    };
    Outcome::Changes(Verdict {
        state,
        reason,
        reason_data: Some(query.reason_data(&[], periods)),
        metric_value: None,
    })
}

/// `Threshold Crossed: 3 datapoints [92.3 (02/06/25 10:30:00), …] were
/// greater than the threshold (80.0).`, or with DatapointsToAlarm given,
/// `… 2 out of the last 3 datapoints […] were … (minimum 2 datapoints for
/// OK -> ALARM transition).` The datapoints listed are those on the side of
/// the new state, newest first.
fn threshold_crossed(
    alarm: &Alarm,
    matching: &[Datapoint],
    n: usize,
    m: usize,
    to_alarm: bool,
) -> String {
    let list: Vec<String> = matching
        .iter()
        .map(|p| format!("{} ({})", java_double(p.value), reason_time(p.time)))
        .collect();
    let relation = if to_alarm {
        alarm.comparison.words().to_string()
    } else {
        format!("not {}", alarm.comparison.words())
    };
    let k = matching.len();
    let threshold = java_double(alarm.threshold);
    match alarm.datapoints_to_alarm {
        None => format!(
            "Threshold Crossed: {} [{}] {} {relation} the threshold ({threshold}).",
            count(k, "datapoint"),
            list.join(", "),
            verb(k)
        ),
        Some(_) => {
            let (minimum, transition) = if to_alarm {
                (m, "OK -> ALARM")
            } else {
                (n - m + 1, "ALARM -> OK")
            };
            format!(
                "Threshold Crossed: {k} out of the last {n} datapoints [{}] {} {relation} the threshold ({threshold}) (minimum {} for {transition} transition).",
                list.join(", "),
                verb(k),
                count(minimum, "datapoint")
            )
        }
    }
}

/// `1 datapoint`, `3 datapoints`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn verb(n: usize) -> &'static str {
    if n == 1 {
        "was"
    } else {
        "were"
    }
}

/// How reasons print a datapoint's time: `02/06/25 10:30:00` (day first).
fn reason_time(t: SimTime) -> String {
    let d = DateTime::from_unix(t);
    format!(
        "{:02}/{:02}/{:02} {:02}:{:02}:{:02}",
        d.day,
        d.month,
        d.year % 100,
        d.hour,
        d.minute,
        d.second
    )
}

/// How reason data prints a time: `2025-06-02T10:30:00.000+0000`.
fn reason_data_time(t: SimTime) -> String {
    format!("{}.000+0000", DateTime::from_unix(t).iso_local())
}

/// A number as Java's `Double.toString` prints it, which is how
/// CloudWatch's reasons print values and thresholds: `80.0`, `92.3`,
/// `1.0E7`, `1.0E-4`.
pub fn java_double(value: f64) -> String {
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_string();
    }
    if !value.is_finite() {
        return if value.is_nan() {
            "NaN".to_string()
        } else if value > 0.0 {
            "Infinity".to_string()
        } else {
            "-Infinity".to_string()
        };
    }
    if (1e-3..1e7).contains(&value.abs()) {
        let text = value.to_string();
        return if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        };
    }
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    if mantissa.contains('.') {
        format!("{mantissa}E{exponent}")
    } else {
        format!("{mantissa}.0E{exponent}")
    }
}

/// What the reason data says about the query behind a verdict.
struct QueryInfo<'a> {
    alarm: &'a Alarm,
    now: SimTime,
    period: SimTime,
}

/// `StateReasonData`, with the members in CloudWatch's order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReasonData {
    version: &'static str,
    query_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    statistic: &'static str,
    period: SimTime,
    recent_datapoints: Vec<f64>,
    threshold: f64,
    evaluated_datapoints: Vec<EvaluatedDatapoint>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EvaluatedDatapoint {
    timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sample_count: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
}

impl QueryInfo<'_> {
    /// The reason data of a verdict on `evaluated` (newest first), or on
    /// the `missing_periods` when nothing was received. As in AWS's, the
    /// recent datapoints run oldest first and only the newest evaluated
    /// datapoint is detailed.
    fn reason_data(&self, evaluated: &[Datapoint], missing_periods: &[SimTime]) -> String {
        let evaluated_datapoints = match evaluated.first() {
            Some(newest) => vec![EvaluatedDatapoint {
                timestamp: reason_data_time(newest.time),
                sample_count: Some(newest.sample_count),
                value: Some(newest.value),
            }],
            None => missing_periods
                .iter()
                .map(|&t| EvaluatedDatapoint {
                    timestamp: reason_data_time(t),
                    sample_count: None,
                    value: None,
                })
                .collect(),
        };
        let data = ReasonData {
            version: "1.0",
            query_date: reason_data_time(self.now),
            start_date: evaluated.last().map(|p| reason_data_time(p.time)),
            statistic: self.alarm.statistic.as_str(),
            period: self.period,
            recent_datapoints: evaluated.iter().rev().map(|p| p.value).collect(),
            threshold: self.alarm.threshold,
            evaluated_datapoints,
        };
        serde_json::to_string(&data).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_java_prints_doubles() {
        for (value, text) in [
            (80.0, "80.0"),
            (92.3, "92.3"),
            (0.0, "0.0"),
            (-1.5, "-1.5"),
            (1.0166666666666666, "1.0166666666666666"),
            (1e7, "1.0E7"),
            (12345678.9, "1.23456789E7"),
            (0.0001, "1.0E-4"),
            (0.001, "0.001"),
        ] {
            assert_eq!(java_double(value), text);
        }
    }

    #[test]
    fn reason_times_put_the_day_first() {
        assert_eq!(reason_time(1_748_860_200), "02/06/25 10:30:00");
        assert_eq!(
            reason_data_time(1_748_860_200),
            "2025-06-02T10:30:00.000+0000"
        );
    }
}
