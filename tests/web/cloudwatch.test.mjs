// The CloudWatch console's wording (www/js/cloudwatch.js): alarm states,
// conditions as the Alarms view's Conditions column writes them, and what
// each action ARN does; then the condition of an alarm created with
// put-metric-alarm in a sandbox (the built wasm package).
import assert from "node:assert/strict";
import { test } from "node:test";
import { actionLabel, alarmActions, alarmCondition, alarmStateLabel, duration } from "../../www/js/cloudwatch.js";
import { Sandbox } from "./wasm.mjs";

test("alarm states are written as the console writes them", () => {
  assert.equal(alarmStateLabel("OK"), "OK");
  assert.equal(alarmStateLabel("ALARM"), "In alarm");
  assert.equal(alarmStateLabel("INSUFFICIENT_DATA"), "Insufficient data");
});

test("durations take the largest whole unit", () => {
  assert.equal(duration(60), "1 minute");
  assert.equal(duration(180), "3 minutes");
  assert.equal(duration(300 * 3), "15 minutes");
  assert.equal(duration(3600), "1 hour");
  assert.equal(duration(86_400), "1 day");
  assert.equal(duration(30), "30 seconds");
  assert.equal(duration(90), "90 seconds");
  assert.equal(duration(5400), "90 minutes");
});

test("conditions: metric, operator, threshold, datapoints within the evaluated time", () => {
  const alarm = {
    MetricName: "CPUUtilization", ComparisonOperator: "GreaterThanThreshold", Threshold: 50, Period: 60, EvaluationPeriods: 3,
  };
  assert.equal(alarmCondition(alarm), "CPUUtilization > 50 for 3 datapoints within 3 minutes");
  // M of N: DatapointsToAlarm of EvaluationPeriods.
  assert.equal(alarmCondition({ ...alarm, DatapointsToAlarm: 2, Period: 300 }), "CPUUtilization > 50 for 2 datapoints within 15 minutes");
  // Target tracking's low alarm, as Auto Scaling creates it.
  assert.equal(alarmCondition({
    MetricName: "CPUUtilization", ComparisonOperator: "LessThanThreshold", Threshold: 35, Period: 60, EvaluationPeriods: 15, DatapointsToAlarm: 15,
  }), "CPUUtilization < 35 for 15 datapoints within 15 minutes");
  assert.equal(alarmCondition({ ...alarm, ComparisonOperator: "GreaterThanOrEqualToThreshold", Threshold: 0.5, EvaluationPeriods: 1 }),
    "CPUUtilization >= 0.5 for 1 datapoints within 1 minute");
  assert.equal(alarmCondition({ ...alarm, MetricName: "HealthyHostCount", ComparisonOperator: "LessThanOrEqualToThreshold", Threshold: 1, Period: 3600, EvaluationPeriods: 24 }),
    "HealthyHostCount <= 1 for 24 datapoints within 1 day");
});

test("action ARNs say what they do", () => {
  const policy = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:8e5a8b4c-1a2b-4c3d-9e8f-0a1b2c3d4e5f:autoScalingGroupName/web:policyName/scale-out";
  assert.equal(actionLabel(policy), "Auto Scaling policy scale-out of web");
  assert.equal(actionLabel("arn:aws:sns:us-east-1:123456789012:ops-alerts"), "SNS topic ops-alerts");
  assert.equal(actionLabel("arn:aws:automate:us-east-1:ec2:stop"), "Stop the instance");
  assert.equal(actionLabel("arn:aws:automate:us-east-1:ec2:reboot"), "Reboot the instance");
  assert.equal(actionLabel("arn:aws:lambda:us-east-1:123456789012:function:f"), "arn:aws:lambda:us-east-1:123456789012:function:f");
  assert.deepEqual(alarmActions({ AlarmActions: [policy], OKActions: ["arn:aws:sns:us-east-1:123456789012:t"], InsufficientDataActions: [] }),
    [["ALARM", policy], ["OK", "arn:aws:sns:us-east-1:123456789012:t"]]);
  assert.deepEqual(alarmActions({}), []);
});

test("an alarm made with put-metric-alarm reads as the console writes it", () => {
  const sandbox = new Sandbox({ seed: 7 });
  const made = sandbox.exec("aws cloudwatch put-metric-alarm --alarm-name cpu-high --namespace AWS/EC2 --metric-name CPUUtilization " +
    "--dimensions Name=InstanceId,Value=i-0123456789abcdef0 --statistic Average --period 300 --evaluation-periods 2 --datapoints-to-alarm 2 " +
    "--threshold 40 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions arn:aws:automate:us-east-1:ec2:stop");
  assert.equal(made.exitCode, 0, made.stderr);
  const [alarm] = sandbox.call("cloudwatch", "DescribeAlarms", {}).MetricAlarms;
  assert.equal(alarmCondition(alarm), "CPUUtilization >= 40 for 2 datapoints within 10 minutes");
  assert.equal(alarmStateLabel(alarm.StateValue), "Insufficient data");
  assert.deepEqual(alarmActions(alarm).map(([state, arn]) => [state, actionLabel(arn)]), [["ALARM", "Stop the instance"]]);
});
