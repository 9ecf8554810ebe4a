//! Scaling policies: simple scaling with its cooldown, percent changes
//! rounded as AWS rounds them, step scaling, target tracking kept for the
//! alarms of phase 2, and the alarm hook's wording.

mod common;

use aws_sandbox::api::World;
use aws_sandbox::autoscaling::policies::Execution;
use aws_sandbox::kernel::{Context, IdGenerator};
use aws_sandbox::Sandbox;
use common::autoscaling::{
    activities, asg, asg_error, ids_in, running_group, two_subnets, web_template,
    world_call as call, world_with_group,
};
use common::ok;
use serde_json::{json, Value};

fn desired(s: &mut Sandbox) -> i64 {
    asg(s, "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"][0]["DesiredCapacity"]
        .as_i64()
        .unwrap_or(-1)
}

#[test]
fn a_simple_policy_changes_the_desired_capacity_and_honours_its_cooldown() {
    let mut s = Sandbox::new(31);
    running_group(&mut s, "web", 1);
    let out: Value = serde_json::from_str(&ok(&mut s, "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name out --scaling-adjustment 2 --adjustment-type ChangeInCapacity --cooldown 120")).unwrap();
    let arn = out["PolicyARN"].as_str().unwrap_or_default().to_string();
    assert!(
        arn.starts_with("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:")
            && arn.ends_with(":autoScalingGroupName/web:policyName/out"),
        "{arn}"
    );
    assert_eq!(
        out.as_object().map(|o| o.len()),
        Some(1),
        "no Alarms for a simple policy: {out}"
    );
    ok(
        &mut s,
        "aws autoscaling execute-policy --auto-scaling-group-name web --policy-name out",
    );
    assert_eq!(desired(&mut s), 3);
    // Within the change and its cooldown, honouring it is refused.
    let (code, _) = asg_error(
        &mut s,
        "ExecutePolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "out", "HonorCooldown": true}),
    );
    assert_eq!(code, "ScalingActivityInProgress");
    s.advance(60);
    assert_eq!(ids_in(&mut s, "web", "InService").len(), 3);
    let history = activities(&mut s, "web");
    let cause = history[0]["Cause"].as_str().unwrap_or_default();
    assert!(cause.starts_with("At 2025-06-02T09:01:00Z a user request executed policy out changing the desired capacity from 1 to 3.  At 2025-06-02T09:01:10Z an instance was started"), "{cause}");
    // The cooldown (120 s) started when the launches completed.
    let (code, _) = asg_error(
        &mut s,
        "ExecutePolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "out", "HonorCooldown": true}),
    );
    assert_eq!(code, "ScalingActivityInProgress");
    s.advance(120);
    // By ARN, without the group; capped at the maximum (6).
    asg(
        &mut s,
        "ExecutePolicy",
        json!({"PolicyName": arn, "HonorCooldown": true}),
    );
    assert_eq!(desired(&mut s), 5);
    asg(&mut s, "ExecutePolicy", json!({"PolicyName": arn}));
    assert_eq!(desired(&mut s), 6);
    let described = asg(
        &mut s,
        "DescribePolicies",
        json!({"AutoScalingGroupName": "web"}),
    );
    let policy = &described["ScalingPolicies"][0];
    let keys: Vec<&str> = policy
        .as_object()
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "AutoScalingGroupName",
            "PolicyName",
            "PolicyARN",
            "PolicyType",
            "AdjustmentType",
            "ScalingAdjustment",
            "Cooldown",
            "StepAdjustments",
            "Alarms",
            "Enabled"
        ]
    );
    assert_eq!(policy["PolicyType"], "SimpleScaling");
    assert_eq!(policy["Cooldown"], 120);
    // PutScalingPolicy again replaces it under the same ARN.
    let again = asg(
        &mut s,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "out", "AdjustmentType": "ExactCapacity", "ScalingAdjustment": 2}),
    );
    assert_eq!(again["PolicyARN"], arn);
    asg(
        &mut s,
        "ExecutePolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "out"}),
    );
    assert_eq!(desired(&mut s), 2);
    ok(
        &mut s,
        "aws autoscaling delete-policy --auto-scaling-group-name web --policy-name out",
    );
    assert_eq!(
        asg(&mut s, "DescribePolicies", json!({})),
        json!({"ScalingPolicies": []})
    );
    let (code, message) = asg_error(
        &mut s,
        "ExecutePolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "out"}),
    );
    assert_eq!(code, "ValidationError", "{message}");
}

#[test]
fn percent_changes_round_and_clamp() {
    let mut s = Sandbox::new(32);
    web_template(&mut s);
    let subnets = two_subnets(&mut s);
    asg(
        &mut s,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 0, "MaxSize": 20, "DesiredCapacity": 3, "VPCZoneIdentifier": subnets}),
    );
    let policy = |s: &mut Sandbox, name: &str, adjustment: i64, magnitude: Option<i64>| {
        let mut params = json!({"AutoScalingGroupName": "web", "PolicyName": name, "AdjustmentType": "PercentChangeInCapacity", "ScalingAdjustment": adjustment});
        if let Some(m) = magnitude {
            params["MinAdjustmentMagnitude"] = json!(m);
        }
        asg(s, "PutScalingPolicy", params);
        asg(
            s,
            "ExecutePolicy",
            json!({"AutoScalingGroupName": "web", "PolicyName": name}),
        );
        desired(s)
    };
    // 3 × 10% = 0.3 → 1.
    assert_eq!(policy(&mut s, "up10", 10, None), 4);
    // 4 × 50% = 2.
    assert_eq!(policy(&mut s, "up50", 50, None), 6);
    // 6 × -10% = -0.6 → -1.
    assert_eq!(policy(&mut s, "down10", -10, None), 5);
    // 5 × -30% = -1.5 → -1 (toward zero).
    assert_eq!(policy(&mut s, "down30", -30, None), 4);
    // 4 × 25% = 1, at least 3.
    assert_eq!(policy(&mut s, "up25", 25, Some(3)), 7);
    // Clamped at the maximum.
    assert_eq!(policy(&mut s, "double", 500, None), 20);
    let (_, message) = asg_error(
        &mut s,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "x", "AdjustmentType": "ChangeInCapacity"}),
    );
    assert_eq!(
        message,
        "Scaling increment must be specified for a SimpleScaling policy"
    );
    let (_, message) = asg_error(
        &mut s,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "x", "AdjustmentType": "ChangeInCapacity", "ScalingAdjustment": 1, "MinAdjustmentMagnitude": 2}),
    );
    assert!(message.contains("PercentChangeInCapacity"), "{message}");
    let (code, message) = asg_error(
        &mut s,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "nope", "PolicyName": "x", "AdjustmentType": "ChangeInCapacity", "ScalingAdjustment": 1}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "ValidationError",
            "AutoScalingGroup name not found - AutoScalingGroup nope not found"
        )
    );
}

#[test]
fn a_step_policy_picks_the_step_the_breach_falls_in() {
    let mut s = Sandbox::new(33);
    web_template(&mut s);
    let subnets = two_subnets(&mut s);
    asg(
        &mut s,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 0, "MaxSize": 10, "DesiredCapacity": 2, "VPCZoneIdentifier": subnets}),
    );
    ok(&mut s, "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name steps --policy-type StepScaling --adjustment-type ChangeInCapacity --step-adjustments MetricIntervalLowerBound=0,MetricIntervalUpperBound=15,ScalingAdjustment=1 MetricIntervalLowerBound=15,ScalingAdjustment=3");
    let described = asg(
        &mut s,
        "DescribePolicies",
        json!({"PolicyTypes": ["StepScaling"]}),
    );
    let policy = &described["ScalingPolicies"][0];
    assert_eq!(policy["MetricAggregationType"], "Average");
    assert_eq!(
        policy["StepAdjustments"],
        json!([
            {"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 15.0, "ScalingAdjustment": 1},
            {"MetricIntervalLowerBound": 15.0, "ScalingAdjustment": 3}
        ])
    );
    ok(&mut s, "aws autoscaling execute-policy --auto-scaling-group-name web --policy-name steps --metric-value 85 --breach-threshold 80");
    assert_eq!(desired(&mut s), 3);
    ok(&mut s, "aws autoscaling execute-policy --auto-scaling-group-name web --policy-name steps --metric-value 95 --breach-threshold 80");
    assert_eq!(desired(&mut s), 6);
    let (_, message) = asg_error(
        &mut s,
        "ExecutePolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "steps"}),
    );
    assert!(message.contains("MetricValue"), "{message}");
    // Steps must not leave gaps, nor overlap.
    let (code, _) = asg_error(
        &mut s,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "gap", "PolicyType": "StepScaling", "AdjustmentType": "ChangeInCapacity",
        "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "MetricIntervalUpperBound": 10.0, "ScalingAdjustment": 1}, {"MetricIntervalLowerBound": 20.0, "ScalingAdjustment": 2}]}),
    );
    assert_eq!(code, "ValidationError");
    let (_, message) = asg_error(
        &mut s,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "none", "PolicyType": "StepScaling", "AdjustmentType": "ChangeInCapacity"}),
    );
    assert_eq!(
        message,
        "You must specify at least one step adjustment for a StepScaling policy."
    );
}

#[test]
fn a_target_tracking_policy_is_kept_for_its_alarms() {
    let mut s = Sandbox::new(34);
    running_group(&mut s, "web", 1);
    let out: Value = serde_json::from_str(&ok(&mut s, "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"},\"TargetValue\":50.0}'")).unwrap();
    assert!(out["PolicyARN"]
        .as_str()
        .unwrap_or_default()
        .ends_with(":policyName/cpu50"));
    let described = asg(
        &mut s,
        "DescribePolicies",
        json!({"PolicyNames": ["cpu50"]}),
    );
    let policy = &described["ScalingPolicies"][0];
    assert_eq!(policy["PolicyType"], "TargetTrackingScaling");
    assert_eq!(
        policy["TargetTrackingConfiguration"],
        json!({"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0, "DisableScaleIn": false})
    );
    assert_eq!(policy["Enabled"], true);
    let (code, _) = asg_error(
        &mut s,
        "ExecutePolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "cpu50"}),
    );
    assert_eq!(code, "ValidationError");
    let (code, _) = asg_error(
        &mut s,
        "PutScalingPolicy",
        json!({"AutoScalingGroupName": "web", "PolicyName": "alb", "PolicyType": "TargetTrackingScaling",
        "TargetTrackingConfiguration": {"PredefinedMetricSpecification": {"PredefinedMetricType": "ALBRequestCountPerTarget"}, "TargetValue": 100.0}}),
    );
    assert_eq!(code, "ValidationError");
}

#[test]
fn an_alarm_executing_a_policy_is_worded_as_aws_words_it() {
    let mut world = world_with_group(35, 4);
    let arn = call(&mut world, "autoscaling", "PutScalingPolicy", json!({"AutoScalingGroupName": "web", "PolicyName": "up", "AdjustmentType": "ChangeInCapacity", "ScalingAdjustment": 1}))["PolicyARN"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut ids = IdGenerator::new(1);
    let mut events = Vec::new();
    let mut ctx = Context {
        now: world.now(),
        region: "us-east-1",
        ids: &mut ids,
        events: &mut events,
    };
    let alarm = Execution {
        alarm: Some("TargetTracking-web-AlarmHigh-1"),
        honor_cooldown: true,
        metric_value: None,
        breach_threshold: None,
    };
    world
        .autoscaling
        .execute_policy(&mut ctx, "us-east-1", None, &arn, alarm)
        .unwrap();
    world.advance(30);
    let history = call(
        &mut world,
        "autoscaling",
        "DescribeScalingActivities",
        json!({}),
    );
    let cause = history["Activities"][0]["Cause"]
        .as_str()
        .unwrap_or_default();
    assert!(cause.starts_with("At 2025-06-02T09:01:00Z a monitor alarm TargetTracking-web-AlarmHigh-1 in state ALARM triggered policy up changing the desired capacity from 1 to 2."), "{cause}");
    // A second alarm during the change and its cooldown does nothing.
    let mut ctx = Context {
        now: world.now(),
        region: "us-east-1",
        ids: &mut ids,
        events: &mut events,
    };
    world
        .autoscaling
        .execute_policy(&mut ctx, "us-east-1", None, &arn, alarm)
        .unwrap();
    assert_eq!(
        world
            .autoscaling
            .group_instance_ids("us-east-1", "web")
            .len(),
        2
    );
    let group = call(
        &mut world,
        "autoscaling",
        "DescribeAutoScalingGroups",
        json!({}),
    );
    assert_eq!(group["AutoScalingGroups"][0]["DesiredCapacity"], 2);
}

#[test]
fn step_scaling_waits_for_new_instances_to_warm_up() {
    let mut s = Sandbox::new(36);
    running_group(&mut s, "web", 2);
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --default-instance-warmup 300");
    ok(&mut s, "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name steps --policy-type StepScaling --adjustment-type ChangeInCapacity --step-adjustments MetricIntervalLowerBound=0,MetricIntervalUpperBound=15,ScalingAdjustment=1 MetricIntervalLowerBound=15,ScalingAdjustment=3 MetricIntervalUpperBound=0,ScalingAdjustment=-1");
    s.advance(300);
    let step = |s: &mut Sandbox, value: u32| {
        ok(s, &format!("aws autoscaling execute-policy --auto-scaling-group-name web --policy-name steps --metric-value {value} --breach-threshold 80"));
        desired(s)
    };
    assert_eq!(step(&mut s, 85), 3, "the first breach adds one");
    s.advance(120);
    assert_eq!(
        step(&mut s, 85),
        3,
        "the same step again while the new instance warms up adds nothing"
    );
    assert_eq!(
        step(&mut s, 99),
        5,
        "a larger step adds from the two warmed-up instances"
    );
    assert_eq!(step(&mut s, 70), 5, "no scale-in while instances warm up");
    s.advance(400);
    assert_eq!(step(&mut s, 85), 6, "once warmed up, all five count");
    s.advance(400);
    assert_eq!(step(&mut s, 70), 5, "and scale-in resumes");
}

#[test]
fn a_default_instance_warmup_of_minus_one_removes_it() {
    let mut s = Sandbox::new(37);
    running_group(&mut s, "web", 1);
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --default-instance-warmup 120");
    let group = |s: &mut Sandbox| {
        asg(s, "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"][0].clone()
    };
    assert_eq!(group(&mut s)["DefaultInstanceWarmup"], 120);
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --default-instance-warmup -1");
    assert_eq!(group(&mut s).get("DefaultInstanceWarmup"), None);
}

#[test]
fn target_tracking_counts_only_warmed_up_instances() {
    let mut world = world_with_group(38, 10);
    call(
        &mut world,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web", "DesiredCapacity": 2, "DefaultInstanceWarmup": 180}),
    );
    world.advance(240);
    let arn = call(&mut world, "autoscaling", "PutScalingPolicy", json!({"AutoScalingGroupName": "web", "PolicyName": "cpu50", "PolicyType": "TargetTrackingScaling",
        "TargetTrackingConfiguration": {"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0}}))["PolicyARN"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut ids = IdGenerator::new(1);
    let mut alarm = |world: &mut World, value: f64| {
        let mut events = Vec::new();
        let mut ctx = Context {
            now: world.now(),
            region: "us-east-1",
            ids: &mut ids,
            events: &mut events,
        };
        let execution = Execution {
            alarm: Some("TargetTracking-web-AlarmHigh"),
            honor_cooldown: true,
            metric_value: Some(value),
            breach_threshold: Some(50.0),
        };
        world
            .autoscaling
            .execute_policy(&mut ctx, "us-east-1", None, &arn, execution)
            .unwrap();
        call(world, "autoscaling", "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"][0]
            ["DesiredCapacity"]
            .as_i64()
            .unwrap_or(-1)
    };
    assert_eq!(alarm(&mut world, 80.0), 4, "ceil(2 × 80 / 50)");
    world.advance(90);
    let described = call(
        &mut world,
        "autoscaling",
        "DescribeAutoScalingInstances",
        json!({}),
    );
    let in_service = described["AutoScalingInstances"].as_array().map(|all| {
        all.iter()
            .filter(|i| i["LifecycleState"] == "InService")
            .count()
    });
    assert_eq!(in_service, Some(4), "the two new instances are in service");
    assert_eq!(
        alarm(&mut world, 80.0),
        4,
        "but still warming up: the two warmed-up ones ask for no more"
    );
    assert_eq!(alarm(&mut world, 20.0), 4, "nor scale in");
    world.advance(180);
    assert_eq!(alarm(&mut world, 20.0), 2, "once warmed up, all four count");
}
