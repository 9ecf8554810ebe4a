//! Helpers of the CloudWatch tests: calls that must succeed or fail, and
//! reading one alarm back.

// Each test file compiles this module on its own and uses only some of it.
#![allow(dead_code)]

use aws_sandbox::Sandbox;
use serde_json::{json, Value};

/// 2025-06-02T09:00:00Z, when every sandbox starts.
pub const START: u64 = 1_748_854_800;

/// A CloudWatch call that must succeed; its response as JSON.
pub fn cw(s: &mut Sandbox, action: &str, params: Value) -> Value {
    s.call("cloudwatch", action, params)
        .and_then(|r| r.to_value())
        .unwrap_or_else(|e| panic!("{action}: {} {}", e.code, e.message))
}

/// A CloudWatch call that must fail; its error code and message.
pub fn cw_error(s: &mut Sandbox, action: &str, params: Value) -> (String, String) {
    match s.call("cloudwatch", action, params) {
        Ok(_) => panic!("{action} succeeded"),
        Err(e) => (e.code, e.message),
    }
}

/// Publishes one value of `App/Load` (dimension `Service=web`) now.
pub fn publish(s: &mut Sandbox, value: f64) {
    cw(
        s,
        "PutMetricData",
        json!({"Namespace": "App", "MetricData": [{"MetricName": "Load", "Value": value,
               "Unit": "Percent", "Dimensions": [{"Name": "Service", "Value": "web"}]}]}),
    );
}

/// The alarm `name` as DescribeAlarms prints it.
pub fn alarm(s: &mut Sandbox, name: &str) -> Value {
    let described = cw(s, "DescribeAlarms", json!({"AlarmNames": [name]}));
    described["MetricAlarms"][0].clone()
}

/// An alarm on `App/Load` above `threshold`, with `extra` members.
pub fn put_alarm(s: &mut Sandbox, name: &str, threshold: f64, extra: Value) {
    let mut params = json!({"AlarmName": name, "Namespace": "App", "MetricName": "Load",
        "Dimensions": [{"Name": "Service", "Value": "web"}], "Statistic": "Average",
        "Period": 60, "EvaluationPeriods": 3, "Threshold": threshold,
        "ComparisonOperator": "GreaterThanThreshold"});
    if let (Some(map), Some(more)) = (params.as_object_mut(), extra.as_object()) {
        for (k, v) in more {
            map.insert(k.clone(), v.clone());
        }
    }
    cw(s, "PutMetricAlarm", params);
}
