//! CloudWatch alarms: evaluations on simulated time (M of N, missing data),
//! AWS's reason texts, history, the actions alarms invoke, and the errors
//! of malformed alarms.

#[path = "common/cloudwatch.rs"]
mod cloudwatch;
mod common;

use aws_sandbox::cloudwatch::alarms::{AlarmState, PutMetricAlarmRequest};
use aws_sandbox::cloudwatch::metrics::{Aggregate, MetricKey, Unit};
use aws_sandbox::cloudwatch::CloudWatch;
use aws_sandbox::kernel::{Context, IdGenerator};
use aws_sandbox::{DomainEvent, Sandbox};
use cloudwatch::{alarm, cw, cw_error, publish, put_alarm, START};
use common::ok;
use serde_json::{json, Value};

/// Publishes `value` now, then lets a minute pass; the events of that
/// minute.
fn minute(s: &mut Sandbox, value: f64) -> Vec<DomainEvent> {
    publish(s, value);
    s.advance(60)
}

fn state(s: &mut Sandbox, name: &str) -> (String, String) {
    let a = alarm(s, name);
    (
        a["StateValue"].as_str().unwrap_or_default().to_string(),
        a["StateReason"].as_str().unwrap_or_default().to_string(),
    )
}

fn changes(events: &[DomainEvent]) -> Vec<(String, String, String)> {
    events
        .iter()
        .filter_map(|e| match e {
            DomainEvent::AlarmStateChanged {
                alarm_name,
                from,
                to,
                ..
            } => Some((alarm_name.clone(), from.clone(), to.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn an_alarm_goes_from_insufficient_data_to_alarm_and_back_to_ok() {
    let mut s = Sandbox::new(1);
    ok(
        &mut s,
        "aws cloudwatch put-metric-alarm --alarm-name high --metric-name Load --namespace App --dimensions Name=Service,Value=web --statistic Average --period 60 --evaluation-periods 3 --threshold 80 --comparison-operator GreaterThanThreshold --unit Percent --alarm-actions arn:aws:sns:us-east-1:123456789012:ops",
    );
    let created = alarm(&mut s, "high");
    assert_eq!(
        created,
        json!({
            "AlarmName": "high",
            "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:high",
            "AlarmConfigurationUpdatedTimestamp": "2025-06-02T09:00:00+00:00",
            "ActionsEnabled": true,
            "OKActions": [],
            "AlarmActions": ["arn:aws:sns:us-east-1:123456789012:ops"],
            "InsufficientDataActions": [],
            "StateValue": "INSUFFICIENT_DATA",
            "StateReason": "Unchecked: Initial alarm creation",
            "StateUpdatedTimestamp": "2025-06-02T09:00:00+00:00",
            "MetricName": "Load",
            "Namespace": "App",
            "Statistic": "Average",
            "Dimensions": [{"Name": "Service", "Value": "web"}],
            "Period": 60,
            "Unit": "Percent",
            "EvaluationPeriods": 3,
            "Threshold": 80.0,
            "ComparisonOperator": "GreaterThanThreshold",
            "StateTransitionedTimestamp": "2025-06-02T09:00:00+00:00"
        })
    );
    // Fewer datapoints than periods cannot settle the state yet.
    assert!(changes(&minute(&mut s, 90.0)).is_empty());
    assert!(changes(&minute(&mut s, 91.0)).is_empty());
    assert_eq!(state(&mut s, "high").0, "INSUFFICIENT_DATA");
    let events = minute(&mut s, 92.0);
    assert_eq!(
        changes(&events),
        [("high".into(), "INSUFFICIENT_DATA".into(), "ALARM".into())]
    );
    let high = alarm(&mut s, "high");
    assert_eq!(
        high["StateReason"],
        "Threshold Crossed: 3 datapoints [92.0 (02/06/25 09:02:00), 91.0 (02/06/25 09:01:00), 90.0 (02/06/25 09:00:00)] were greater than the threshold (80.0)."
    );
    assert_eq!(
        high["StateReasonData"],
        "{\"version\":\"1.0\",\"queryDate\":\"2025-06-02T09:03:00.000+0000\",\"startDate\":\"2025-06-02T09:00:00.000+0000\",\"statistic\":\"Average\",\"period\":60,\"recentDatapoints\":[90.0,91.0,92.0],\"threshold\":80.0,\"evaluatedDatapoints\":[{\"timestamp\":\"2025-06-02T09:02:00.000+0000\",\"sampleCount\":1.0,\"value\":92.0}]}"
    );
    assert_eq!(high["StateUpdatedTimestamp"], "2025-06-02T09:03:00+00:00");
    // Staying above the threshold changes nothing.
    assert!(changes(&minute(&mut s, 95.0)).is_empty());
    assert_eq!(state(&mut s, "high").0, "ALARM");
    let events = minute(&mut s, 10.0);
    assert_eq!(
        changes(&events),
        [("high".into(), "ALARM".into(), "OK".into())]
    );
    assert_eq!(
        state(&mut s, "high").1,
        "Threshold Crossed: 1 datapoint [10.0 (02/06/25 09:04:00)] was not greater than the threshold (80.0)."
    );
    let history = cw(
        &mut s,
        "DescribeAlarmHistory",
        json!({"AlarmName": "high", "HistoryItemType": "StateUpdate"}),
    );
    let summaries: Vec<&str> = history["AlarmHistoryItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["HistorySummary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Alarm updated from ALARM to OK",
            "Alarm updated from INSUFFICIENT_DATA to ALARM"
        ]
    );
    let newest = &history["AlarmHistoryItems"][0];
    assert_eq!(newest["AlarmType"], "MetricAlarm");
    assert_eq!(newest["Timestamp"], "2025-06-02T09:05:00+00:00");
    let data: Value = serde_json::from_str(newest["HistoryData"].as_str().unwrap()).unwrap();
    assert_eq!(data["oldState"]["stateValue"], "ALARM");
    assert_eq!(
        data["newState"]["stateReasonData"]["recentDatapoints"],
        json!([92.0, 95.0, 10.0])
    );
    let all = cw(
        &mut s,
        "DescribeAlarmHistory",
        json!({"ScanBy": "TimestampAscending"}),
    );
    assert_eq!(
        all["AlarmHistoryItems"][0]["HistorySummary"],
        "Alarm \"high\" created"
    );
    let text = ok(
        &mut s,
        "aws cloudwatch describe-alarms --state-value OK --query MetricAlarms[].AlarmName --output text",
    );
    assert_eq!(text.trim(), "high");
}

#[test]
fn m_out_of_n_datapoints_to_alarm() {
    let mut s = Sandbox::new(1);
    put_alarm(
        &mut s,
        "two-of-three",
        80.0,
        json!({"DatapointsToAlarm": 2}),
    );
    assert!(changes(&minute(&mut s, 90.0)).is_empty());
    assert!(changes(&minute(&mut s, 10.0)).is_empty());
    let events = minute(&mut s, 95.0);
    assert_eq!(changes(&events).len(), 1);
    assert_eq!(
        state(&mut s, "two-of-three"),
        (
            "ALARM".to_string(),
            "Threshold Crossed: 2 out of the last 3 datapoints [95.0 (02/06/25 09:02:00), 90.0 (02/06/25 09:00:00)] were greater than the threshold (80.0) (minimum 2 datapoints for OK -> ALARM transition).".to_string()
        )
    );
    // Leaving ALARM takes two datapoints of three under the threshold.
    assert!(changes(&minute(&mut s, 85.0)).is_empty());
    assert!(changes(&minute(&mut s, 10.0)).is_empty());
    assert_eq!(state(&mut s, "two-of-three").0, "ALARM");
    minute(&mut s, 10.0);
    assert_eq!(
        state(&mut s, "two-of-three"),
        (
            "OK".to_string(),
            "Threshold Crossed: 2 out of the last 3 datapoints [10.0 (02/06/25 09:05:00), 10.0 (02/06/25 09:04:00)] were not greater than the threshold (80.0) (minimum 2 datapoints for ALARM -> OK transition).".to_string()
        )
    );
}

#[test]
fn missing_data_is_treated_as_each_alarm_says() {
    let mut s = Sandbox::new(1);
    for (name, treat) in [
        ("b", "breaching"),
        ("nb", "notBreaching"),
        ("m", "missing"),
        ("i", "ignore"),
    ] {
        put_alarm(
            &mut s,
            name,
            80.0,
            json!({"EvaluationPeriods": 1, "TreatMissingData": treat}),
        );
    }
    s.advance(60);
    assert_eq!(
        state(&mut s, "b"),
        (
            "ALARM".to_string(),
            "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].".to_string()
        )
    );
    assert_eq!(
        alarm(&mut s, "b")["StateReasonData"],
        "{\"version\":\"1.0\",\"queryDate\":\"2025-06-02T09:01:00.000+0000\",\"statistic\":\"Average\",\"period\":60,\"recentDatapoints\":[],\"threshold\":80.0,\"evaluatedDatapoints\":[{\"timestamp\":\"2025-06-02T09:00:00.000+0000\"}]}"
    );
    assert_eq!(
        state(&mut s, "nb").1,
        "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching]."
    );
    assert_eq!(
        state(&mut s, "m"),
        (
            "INSUFFICIENT_DATA".to_string(),
            "Unchecked: Initial alarm creation".to_string()
        )
    );
    assert_eq!(state(&mut s, "i").0, "INSUFFICIENT_DATA");
    // One datapoint within the threshold: every alarm is OK.
    minute(&mut s, 10.0);
    for name in ["b", "nb", "m", "i"] {
        assert_eq!(state(&mut s, name).0, "OK", "{name}");
    }
    // The datapoint still counts while it is in the evaluation range (the
    // evaluation period and two more); after that the data is missing.
    s.advance(120);
    assert_eq!(state(&mut s, "b").0, "OK");
    s.advance(60);
    assert_eq!(state(&mut s, "b").0, "ALARM");
    assert_eq!(state(&mut s, "nb").0, "OK");
    assert_eq!(
        state(&mut s, "m"),
        (
            "INSUFFICIENT_DATA".to_string(),
            "Insufficient Data: 1 datapoint was unknown.".to_string()
        )
    );
    assert_eq!(state(&mut s, "i").0, "OK");
}

#[test]
fn updating_an_alarm_keeps_its_state() {
    let mut s = Sandbox::new(1);
    put_alarm(&mut s, "high", 80.0, json!({"EvaluationPeriods": 1}));
    minute(&mut s, 90.0);
    assert_eq!(state(&mut s, "high").0, "ALARM");
    put_alarm(&mut s, "high", 95.0, json!({"EvaluationPeriods": 1}));
    let updated = alarm(&mut s, "high");
    assert_eq!(updated["StateValue"], "ALARM");
    assert_eq!(updated["Threshold"], 95.0);
    assert_eq!(
        updated["AlarmConfigurationUpdatedTimestamp"],
        "2025-06-02T09:01:00+00:00"
    );
    assert_eq!(
        updated["StateUpdatedTimestamp"],
        "2025-06-02T09:01:00+00:00"
    );
    // The new threshold decides from the next evaluation on.
    minute(&mut s, 90.0);
    assert_eq!(state(&mut s, "high").0, "OK");
    let history = cw(
        &mut s,
        "DescribeAlarmHistory",
        json!({"AlarmName": "high", "HistoryItemType": "ConfigurationUpdate"}),
    );
    assert_eq!(
        history["AlarmHistoryItems"][0]["HistorySummary"],
        "Alarm \"high\" updated"
    );
}

#[test]
fn set_alarm_state_lasts_until_the_next_evaluation() {
    let mut s = Sandbox::new(1);
    put_alarm(&mut s, "high", 80.0, json!({"EvaluationPeriods": 1}));
    minute(&mut s, 10.0);
    ok(
        &mut s,
        "aws cloudwatch set-alarm-state --alarm-name high --state-value ALARM --state-reason testing",
    );
    assert_eq!(
        state(&mut s, "high"),
        ("ALARM".to_string(), "testing".to_string())
    );
    minute(&mut s, 10.0);
    assert_eq!(state(&mut s, "high").0, "OK");
    let cases = [
        (
            json!({"AlarmName": "nope", "StateValue": "OK", "StateReason": "r"}),
            "ResourceNotFound",
        ),
        (
            json!({"AlarmName": "high", "StateValue": "OK", "StateReason": "r", "StateReasonData": "{oops"}),
            "InvalidFormat",
        ),
        (
            json!({"AlarmName": "high", "StateValue": "RED", "StateReason": "r"}),
            "InvalidParameterValue",
        ),
    ];
    for (params, code) in cases {
        assert_eq!(cw_error(&mut s, "SetAlarmState", params).0, code);
    }
}

#[test]
fn malformed_alarms_get_aws_errors() {
    let mut s = Sandbox::new(1);
    let base = json!({"AlarmName": "a", "Namespace": "App", "MetricName": "Load",
        "Statistic": "Average", "Period": 60, "EvaluationPeriods": 3, "Threshold": 1,
        "ComparisonOperator": "GreaterThanThreshold"});
    let with = |changes: Value| {
        let mut params = base.clone();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                params.as_object_mut().unwrap().remove(k);
            } else {
                params[k] = v.clone();
            }
        }
        params
    };
    let cases = [
        (json!({"Period": 45}), "ValidationError", "Period must be 10, 20, 30 or a multiple of 60"),
        (
            json!({"DatapointsToAlarm": 4}),
            "ValidationError",
            "DatapointsToAlarm must be less than or equal to EvaluationPeriods",
        ),
        (
            json!({"TreatMissingData": "sometimes"}),
            "ValidationError",
            "Option sometimes is not supported. Supported options for parameter TreatMissingData are missing, ignore, breaching and notBreaching.",
        ),
        (
            json!({"Statistic": null}),
            "MissingParameter",
            "At least one of the parameters Statistic or ExtendedStatistic must be specified.",
        ),
        (
            json!({"ExtendedStatistic": "p90"}),
            "InvalidParameterCombination",
            "The parameters Statistic and ExtendedStatistic are mutually exclusive and you have specified both.",
        ),
        (
            json!({"ComparisonOperator": "Bigger"}),
            "InvalidParameterValue",
            "The parameter ComparisonOperator must be a value in the set [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold, LessThanLowerOrGreaterThanUpperThreshold, LessThanLowerThreshold, GreaterThanUpperThreshold].",
        ),
        (
            json!({"Statistic": "Mean"}),
            "InvalidParameterValue",
            "The parameter Statistic must be a value in the set [SampleCount, Average, Sum, Minimum, Maximum].",
        ),
        (
            json!({"EvaluationPeriods": 1441}),
            "ValidationError",
            "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be <= 86400).",
        ),
        (json!({"Threshold": null}), "MissingParameter", "The parameter Threshold is required."),
        (
            json!({"EvaluationPeriods": null}),
            "MissingParameter",
            "The parameter EvaluationPeriods is required.",
        ),
        (
            json!({"AlarmActions": ["a", "b", "c", "d", "e", "f"]}),
            "InvalidParameterValue",
            "The collection AlarmActions must not have a size greater than 5.",
        ),
    ];
    for (changes, code, message) in cases {
        assert_eq!(
            cw_error(&mut s, "PutMetricAlarm", with(changes.clone())),
            (code.to_string(), message.to_string()),
            "{changes}"
        );
    }
    assert_eq!(
        cw(&mut s, "DescribeAlarms", json!({})),
        json!({"MetricAlarms": []})
    );
    // Deleting alarms that do not exist succeeds, as in CloudWatch.
    cw(&mut s, "DeleteAlarms", json!({"AlarmNames": ["ghost"]}));
    let out = s.exec("aws cloudwatch put-metric-alarm --alarm-name a --namespace App --metric-name Load --statistic Average --period 45 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanThreshold");
    assert_eq!(out.exit_code, 254);
    assert!(
        out.stderr.contains("An error occurred (ValidationError) when calling the PutMetricAlarm operation: Period must be 10, 20, 30 or a multiple of 60"),
        "{}",
        out.stderr
    );
}

#[test]
fn describe_alarms_filters_and_pages() {
    let mut s = Sandbox::new(1);
    let asg = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web:policyName/out";
    put_alarm(&mut s, "web-high", 80.0, json!({"AlarmActions": [asg]}));
    put_alarm(
        &mut s,
        "web-low",
        20.0,
        json!({"ComparisonOperator": "LessThanThreshold"}),
    );
    put_alarm(&mut s, "db-high", 80.0, json!({}));
    let names = |out: &Value| -> Vec<String> {
        out["MetricAlarms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["AlarmName"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&cw(&mut s, "DescribeAlarms", json!({}))),
        ["db-high", "web-high", "web-low"]
    );
    assert_eq!(
        names(&cw(
            &mut s,
            "DescribeAlarms",
            json!({"AlarmNamePrefix": "web-"})
        )),
        ["web-high", "web-low"]
    );
    assert_eq!(
        names(&cw(
            &mut s,
            "DescribeAlarms",
            json!({"ActionPrefix": "arn:aws:autoscaling:"})
        )),
        ["web-high"]
    );
    let page = cw(&mut s, "DescribeAlarms", json!({"MaxRecords": 2}));
    assert_eq!(names(&page), ["db-high", "web-high"]);
    let rest = cw(
        &mut s,
        "DescribeAlarms",
        json!({"MaxRecords": 2, "NextToken": page["NextToken"]}),
    );
    assert_eq!(names(&rest), ["web-low"]);
    assert!(rest.get("NextToken").is_none());
    assert_eq!(
        cw(
            &mut s,
            "DescribeAlarms",
            json!({"AlarmTypes": ["CompositeAlarm"]})
        ),
        json!({"CompositeAlarms": []})
    );
    assert_eq!(
        cw_error(
            &mut s,
            "DescribeAlarms",
            json!({"AlarmNames": ["a"], "AlarmNamePrefix": "a"})
        )
        .0,
        "InvalidParameterCombination"
    );
    let for_metric = cw(
        &mut s,
        "DescribeAlarmsForMetric",
        json!({"Namespace": "App", "MetricName": "Load",
               "Dimensions": [{"Name": "Service", "Value": "web"}], "Statistic": "Average"}),
    );
    assert_eq!(names(&for_metric).len(), 3);
    let none = cw(
        &mut s,
        "DescribeAlarmsForMetric",
        json!({"Namespace": "App", "MetricName": "Load"}),
    );
    assert_eq!(none, json!({"MetricAlarms": []}));
    ok(
        &mut s,
        "aws cloudwatch wait alarm-exists --alarm-names web-low",
    );
    ok(
        &mut s,
        "aws cloudwatch delete-alarms --alarm-names web-low db-high",
    );
    assert_eq!(
        names(&cw(&mut s, "DescribeAlarms", json!({}))),
        ["web-high"]
    );
    let out = s.exec("aws cloudwatch wait alarm-exists --alarm-names web-low");
    assert_eq!(out.exit_code, 255);
    assert!(
        out.stderr
            .contains("Waiter AlarmExists failed: Max attempts exceeded"),
        "{}",
        out.stderr
    );
}

/// An alarm of `cpu` above 50 whose actions scale a group out and notify.
fn scaling_alarm() -> PutMetricAlarmRequest {
    PutMetricAlarmRequest {
        alarm_name: "TargetTracking-web-AlarmHigh-1".into(),
        namespace: Some("AWS/EC2".into()),
        metric_name: Some("CPUUtilization".into()),
        statistic: Some("Average".into()),
        period: Some(60),
        evaluation_periods: Some(1),
        threshold: Some(50.0),
        comparison_operator: Some("GreaterThanThreshold".into()),
        alarm_actions: vec![ASG_POLICY.into(), TOPIC.into()],
        ..PutMetricAlarmRequest::default()
    }
}

const ASG_POLICY: &str = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0a1b:autoScalingGroupName/web:policyName/out";
const TOPIC: &str = "arn:aws:sns:us-east-1:123456789012:ops";

#[test]
fn actions_are_queued_and_auto_scaling_ones_again_every_period() {
    let mut cloudwatch = CloudWatch::default();
    let mut ids = IdGenerator::new(1);
    let mut events = Vec::new();
    let mut ctx = Context {
        now: START,
        region: "us-east-1",
        ids: &mut ids,
        events: &mut events,
    };
    cloudwatch.create_alarm(&mut ctx, scaling_alarm()).unwrap();
    let cpu = cloudwatch.metric(
        "us-east-1",
        &MetricKey::new("AWS/EC2", "CPUUtilization", vec![]),
    );
    let mut per_minute = Vec::new();
    for (minute, value) in [(0, 90.0), (1, 95.0), (2, 70.0), (3, 10.0), (4, 10.0)] {
        cloudwatch.put(
            cpu,
            START + minute * 60,
            Aggregate::single(value),
            Unit::PERCENT,
        );
        ctx.now = START + (minute + 1) * 60;
        assert_eq!(cloudwatch.next_due(), Some(ctx.now));
        cloudwatch.fire_due(&mut ctx);
        let taken: Vec<(String, AlarmState, Option<f64>)> = cloudwatch
            .take_actions()
            .into_iter()
            .map(|a| (a.action, a.state, a.metric_value))
            .collect();
        per_minute.push(taken);
    }
    assert_eq!(
        per_minute,
        vec![
            // Entering ALARM invokes every action of the state...
            vec![
                (ASG_POLICY.to_string(), AlarmState::Alarm, Some(90.0)),
                (TOPIC.to_string(), AlarmState::Alarm, Some(90.0)),
            ],
            // ...staying in ALARM invokes the Auto Scaling policy again.
            vec![(ASG_POLICY.to_string(), AlarmState::Alarm, Some(95.0))],
            vec![(ASG_POLICY.to_string(), AlarmState::Alarm, Some(70.0))],
            // OK has no actions.
            vec![],
            vec![],
        ]
    );
    let action = {
        ctx.now += 60;
        cloudwatch
            .set_alarm_state(
                &mut ctx,
                aws_sandbox::cloudwatch::alarms::SetAlarmStateRequest {
                    alarm_name: "TargetTracking-web-AlarmHigh-1".into(),
                    state_value: "ALARM".into(),
                    state_reason: "testing".into(),
                    state_reason_data: None,
                },
            )
            .unwrap();
        cloudwatch.take_actions()
    };
    assert_eq!(action.len(), 2);
    assert_eq!(action[0].alarm_name, "TargetTracking-web-AlarmHigh-1");
    assert_eq!(action[0].threshold, 50.0);
    assert!(cloudwatch.delete_alarm(&mut ctx, "TargetTracking-web-AlarmHigh-1"));
    assert!(!cloudwatch.delete_alarm(&mut ctx, "TargetTracking-web-AlarmHigh-1"));
    // The deleted alarm's timer fires once more, and does nothing.
    ctx.now += 120;
    cloudwatch.fire_due(&mut ctx);
    assert_eq!(cloudwatch.next_due(), None);
    assert!(cloudwatch.take_actions().is_empty());
}

#[test]
fn disabled_actions_are_not_invoked() {
    let mut s = Sandbox::new(1);
    put_alarm(
        &mut s,
        "high",
        80.0,
        json!({"EvaluationPeriods": 1, "AlarmActions": [TOPIC]}),
    );
    ok(
        &mut s,
        "aws cloudwatch disable-alarm-actions --alarm-names high",
    );
    assert_eq!(alarm(&mut s, "high")["ActionsEnabled"], false);
    ok(
        &mut s,
        "aws cloudwatch enable-alarm-actions --alarm-names high ghost",
    );
    assert_eq!(alarm(&mut s, "high")["ActionsEnabled"], true);

    let mut cloudwatch = CloudWatch::default();
    let mut ids = IdGenerator::new(1);
    let mut events = Vec::new();
    let mut ctx = Context {
        now: START,
        region: "us-east-1",
        ids: &mut ids,
        events: &mut events,
    };
    let request = PutMetricAlarmRequest {
        actions_enabled: Some(false),
        ..scaling_alarm()
    };
    cloudwatch.create_alarm(&mut ctx, request).unwrap();
    let key = MetricKey::new("AWS/EC2", "CPUUtilization", vec![]);
    cloudwatch.put_datapoint("us-east-1", &key, START, 90.0, Unit::PERCENT);
    ctx.now = START + 60;
    cloudwatch.fire_due(&mut ctx);
    assert!(cloudwatch.take_actions().is_empty());
    assert!(matches!(
        events.last(),
        Some(DomainEvent::AlarmStateChanged { to, .. }) if to == "ALARM"
    ));
}

#[test]
fn metrics_and_alarms_replay_from_the_journal() {
    let mut s = Sandbox::new(3);
    put_alarm(&mut s, "high", 80.0, json!({"DatapointsToAlarm": 2}));
    ok(
        &mut s,
        "aws cloudwatch put-metric-data --namespace App --metric-name Load --value 95 --dimensions Service=web",
    );
    for value in [90.0, 10.0, 99.0] {
        minute(&mut s, value);
    }
    ok(
        &mut s,
        "aws cloudwatch set-alarm-state --alarm-name high --state-value OK --state-reason manual",
    );
    s.advance(300);
    let copy = Sandbox::import(&s.export()).unwrap();
    assert_eq!(copy.world(), s.world());
    assert_eq!(copy.world().cloudwatch, s.world().cloudwatch);
}
