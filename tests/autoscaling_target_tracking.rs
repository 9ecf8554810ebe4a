//! Target tracking: the policy's two CloudWatch alarms, and the group
//! growing under load and shrinking after it, driven by simulated time.

mod common;

use aws_sandbox::Sandbox;
use base64::{engine::general_purpose::STANDARD, Engine};
use common::{ok, AL2023};
use serde_json::Value;

fn json(s: &mut Sandbox, line: &str) -> Value {
    serde_json::from_str(&ok(s, line)).unwrap_or_else(|e| panic!("{line}: {e}"))
}

/// A group `web` of one detailed-monitoring t2.micro web server (min 1,
/// max 4) with a target tracking policy `cpu50` at 50% average CPU.
/// Returns the policy's response.
fn tracked_group(s: &mut Sandbox) -> Value {
    for line in [
        "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0",
    ] {
        ok(s, line);
    }
    // A launch template's user data is base64, as the console sends it.
    let data = STANDARD.encode("#!/bin/bash\ndnf install -y httpd\nsystemctl enable --now httpd\n");
    ok(s, &format!("aws ec2 create-launch-template --launch-template-name web --launch-template-data '{{\"ImageId\":\"{AL2023}\",\"InstanceType\":\"t2.micro\",\"SecurityGroupIds\":[\"'$SG'\"],\"Monitoring\":{{\"Enabled\":true}},\"UserData\":\"{data}\"}}'"));
    ok(s, "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 1 --max-size 4 --desired-capacity 1 --availability-zones us-east-1a us-east-1b");
    json(s, "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"},\"TargetValue\":50.0}'")
}

fn desired(s: &mut Sandbox) -> u64 {
    json(
        s,
        "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names web",
    )["AutoScalingGroups"][0]["DesiredCapacity"]
        .as_u64()
        .unwrap_or(0)
}

#[test]
fn a_target_tracking_policy_creates_its_two_alarms_and_deletes_them_with_it() {
    let mut s = Sandbox::new(5);
    let policy = tracked_group(&mut s);
    let names: Vec<&str> = policy["Alarms"]
        .as_array()
        .expect("alarms")
        .iter()
        .filter_map(|a| a["AlarmName"].as_str())
        .collect();
    assert_eq!(names.len(), 2, "{policy}");
    assert!(
        names[0].starts_with("TargetTracking-web-AlarmHigh-"),
        "{names:?}"
    );
    assert!(
        names[1].starts_with("TargetTracking-web-AlarmLow-"),
        "{names:?}"
    );
    let alarms = json(
        &mut s,
        "aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-web-",
    );
    let alarms = alarms["MetricAlarms"].as_array().expect("alarms").clone();
    assert_eq!(alarms.len(), 2);
    let high = alarms
        .iter()
        .find(|a| {
            a["AlarmName"]
                .as_str()
                .is_some_and(|n| n.contains("AlarmHigh"))
        })
        .expect("high");
    let low = alarms
        .iter()
        .find(|a| {
            a["AlarmName"]
                .as_str()
                .is_some_and(|n| n.contains("AlarmLow"))
        })
        .expect("low");
    assert_eq!(high["Threshold"], 50.0);
    assert_eq!(high["ComparisonOperator"], "GreaterThanThreshold");
    assert_eq!(high["EvaluationPeriods"], 3);
    assert_eq!(low["Threshold"], 45.0);
    assert_eq!(low["ComparisonOperator"], "LessThanThreshold");
    assert_eq!(low["EvaluationPeriods"], 15);
    assert_eq!(high["MetricName"], "CPUUtilization");
    assert_eq!(high["Dimensions"][0]["Value"], "web");
    let arn = policy["PolicyARN"].as_str().unwrap_or_default();
    assert_eq!(high["AlarmActions"][0], arn);
    assert_eq!(
        high["AlarmDescription"],
        format!("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {arn}.")
    );
    // Describing the policy lists the same alarms.
    let described = json(
        &mut s,
        "aws autoscaling describe-policies --auto-scaling-group-name web",
    );
    assert_eq!(described["ScalingPolicies"][0]["Alarms"], policy["Alarms"]);

    ok(
        &mut s,
        "aws autoscaling delete-policy --auto-scaling-group-name web --policy-name cpu50",
    );
    let left = json(
        &mut s,
        "aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-web-",
    );
    assert_eq!(left["MetricAlarms"], serde_json::json!([]));
}

#[test]
fn the_group_grows_under_load_and_shrinks_after_it() {
    let mut s = Sandbox::new(5);
    tracked_group(&mut s);
    s.advance(120);
    ok(&mut s, "ID=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names web --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)");
    ok(&mut s, "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)");
    // 80 requests/s on one t2.micro: 80% CPU, above the 50% target.
    ok(&mut s, "load start http://$IP/ --rps 80");
    s.advance(600);
    assert_eq!(
        desired(&mut s),
        2,
        "one breach asks for ceil(1 × 80.5 / 50) = 2"
    );
    let activities = json(
        &mut s,
        "aws autoscaling describe-scaling-activities --auto-scaling-group-name web",
    );
    let causes: Vec<&str> = activities["Activities"]
        .as_array()
        .expect("activities")
        .iter()
        .filter_map(|a| a["Cause"].as_str())
        .collect();
    assert!(
        causes.iter().any(|c| c.contains("a monitor alarm TargetTracking-web-AlarmHigh-")
            && c.contains("in state ALARM triggered policy cpu50 changing the desired capacity from 1 to 2.")),
        "{causes:#?}"
    );
    // Two instances share the load now: back under the target.
    let high = json(&mut s, "aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-web-AlarmHigh --query 'MetricAlarms[0].StateValue'");
    assert_eq!(high, "OK");

    // The load stops: average CPU falls below 45% for 15 minutes, and the
    // low alarm brings the group back to its minimum.
    ok(&mut s, "load stop");
    s.advance(1_800);
    assert_eq!(desired(&mut s), 1);
    let low = json(&mut s, "aws cloudwatch describe-alarms --alarm-name-prefix TargetTracking-web-AlarmLow --query 'MetricAlarms[0].StateValue'");
    assert_eq!(low, "ALARM");
}

#[test]
fn a_group_with_metrics_collection_reports_its_capacity_every_minute() {
    let mut s = Sandbox::new(5);
    tracked_group(&mut s);
    ok(&mut s, "aws autoscaling enable-metrics-collection --auto-scaling-group-name web --metrics GroupDesiredCapacity GroupInServiceInstances --granularity 1Minute");
    let group = json(&mut s, "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names web --query 'AutoScalingGroups[0].EnabledMetrics'");
    assert_eq!(
        group,
        serde_json::json!([
            {"Metric": "GroupDesiredCapacity", "Granularity": "1Minute"},
            {"Metric": "GroupInServiceInstances", "Granularity": "1Minute"}
        ])
    );
    ok(
        &mut s,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 2",
    );
    s.advance(600);
    let end = s.world().now();
    let start = end - 300;
    let points = json(&mut s, &format!("aws cloudwatch get-metric-statistics --namespace AWS/AutoScaling --metric-name GroupInServiceInstances --dimensions Name=AutoScalingGroupName,Value=web --statistics Maximum --period 60 --start-time {start} --end-time {end} --query 'Datapoints[].Maximum'"));
    assert_eq!(points, serde_json::json!([2.0, 2.0, 2.0, 2.0, 2.0]));
    let bad = s.exec("aws autoscaling enable-metrics-collection --auto-scaling-group-name web --metrics GroupSize --granularity 1Minute");
    assert_eq!(bad.exit_code, 254);
    assert!(
        bad.stderr.contains("ValidationError") && bad.stderr.contains("Unknown metric GroupSize."),
        "{}",
        bad.stderr
    );
    ok(
        &mut s,
        "aws autoscaling disable-metrics-collection --auto-scaling-group-name web",
    );
    let group = json(&mut s, "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names web --query 'AutoScalingGroups[0].EnabledMetrics'");
    assert_eq!(group, serde_json::json!([]));
}
