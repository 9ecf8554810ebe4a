// How the Auto Scaling, Load Balancing and Launch Templates views write
// what the APIs return (www/js/autoscaling.js, elb.js, launch-templates.js):
// launch sources, group status, scaling policies, the Edit capacity
// request, load balancers of both APIs in one list, listener actions,
// rule conditions and target health; the launch template versions of a
// sandbox (the built wasm package) marked default and latest.
import assert from "node:assert/strict";
import { test } from "node:test";
import { adjustmentText, capacityRequest, groupStatus, launchSource, policySummary, policyTypeLabel } from "../../www/js/autoscaling.js";
import { actionText, balancerRows, conditionsText, healthSummary, rulesInOrder, targetGroupName } from "../../www/js/elb.js";
import { versionLabel } from "../../www/js/launch-templates.js";
import { Sandbox } from "./wasm.mjs";

const TG = (name) => `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${name}/6d0ecf831eec9f09`;

test("a group's launch source: template and version, or launch configuration", () => {
  assert.equal(launchSource({ LaunchTemplate: { LaunchTemplateId: "lt-0abc", LaunchTemplateName: "web", Version: "$Default" } }), "web | Version Default");
  assert.equal(launchSource({ LaunchTemplate: { LaunchTemplateId: "lt-0abc", LaunchTemplateName: "web", Version: "$Latest" } }), "web | Version Latest");
  assert.equal(launchSource({ LaunchTemplate: { LaunchTemplateId: "lt-0abc", Version: "3" } }), "lt-0abc | Version 3");
  assert.equal(launchSource({ MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: "mixed" } } } }),
    "mixed | Version Default");
  assert.equal(launchSource({ LaunchConfigurationName: "web-lc" }), "web-lc");
  assert.equal(launchSource({}), "–");
});

test("a group is updating its capacity until its instances are what it wants", () => {
  const inService = { LifecycleState: "InService" };
  assert.equal(groupStatus({ DesiredCapacity: 2, Instances: [inService, inService] }), null);
  assert.equal(groupStatus({ DesiredCapacity: 2, Instances: [inService, { LifecycleState: "Pending" }] }), "Updating capacity");
  assert.equal(groupStatus({ DesiredCapacity: 3, Instances: [inService, inService] }), "Updating capacity");
  assert.equal(groupStatus({ DesiredCapacity: 1, Instances: [inService, { LifecycleState: "Terminating" }] }), "Updating capacity");
  assert.equal(groupStatus({ DesiredCapacity: 0, Instances: [], Status: "Delete in progress" }), "Deleting");
});

test("policies say when they act and what they do", () => {
  assert.equal(policyTypeLabel("TargetTrackingScaling"), "Target tracking scaling");
  assert.deepEqual(policySummary({
    PolicyType: "TargetTrackingScaling",
    TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ASGAverageCPUUtilization" }, TargetValue: 50 },
  }), { when: "As required to maintain Average CPU utilization at 50", action: "Add or remove capacity units as required" });

  const high = {
    AlarmName: "cpu-high", MetricName: "CPUUtilization", ComparisonOperator: "GreaterThanOrEqualToThreshold", Threshold: 70, Period: 300, EvaluationPeriods: 1,
  };
  assert.deepEqual(policySummary({
    PolicyType: "SimpleScaling", AdjustmentType: "ChangeInCapacity", ScalingAdjustment: 2, Cooldown: 120, Alarms: [{ AlarmName: "cpu-high" }],
  }, [high]), {
    when: "cpu-high breaches the alarm threshold: CPUUtilization >= 70 for 1 datapoints within 5 minutes",
    action: "Add 2 capacity units, then wait 120 seconds before allowing another scaling activity",
  });
  assert.deepEqual(policySummary({
    PolicyType: "StepScaling", AdjustmentType: "ChangeInCapacity", Alarms: [{ AlarmName: "cpu-high" }],
    StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 20, ScalingAdjustment: 3 }],
  }, [high]).action, "Add 1 capacity units when 70 <= CPUUtilization < 90; Add 3 capacity units when 90 <= CPUUtilization < +infinity");
  assert.equal(policySummary({
    PolicyType: "StepScaling", AdjustmentType: "PercentChangeInCapacity", Alarms: [{ AlarmName: "gone" }],
    StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -10 }],
  }).action, "Remove 10 percent of group when threshold + 0 >= metric > -infinity");
  assert.equal(policySummary({ PolicyType: "SimpleScaling", AdjustmentType: "ExactCapacity", ScalingAdjustment: 1 }).when,
    "No alarm is attached: only ExecutePolicy runs it");
  assert.equal(adjustmentText("ChangeInCapacity", -1), "Remove 1 capacity units");
  assert.equal(adjustmentText("ExactCapacity", 4), "Set to 4 capacity units");
});

test("Edit capacity sends SetDesiredCapacity for the desired capacity alone, else UpdateAutoScalingGroup", () => {
  const group = { AutoScalingGroupName: "web", DesiredCapacity: 2, MinSize: 1, MaxSize: 4 };
  assert.equal(capacityRequest(group, { desired: "2", min: "1", max: "4" }), null);
  assert.deepEqual(capacityRequest(group, { desired: " 3 ", min: "1", max: "4" }),
    ["SetDesiredCapacity", { AutoScalingGroupName: "web", DesiredCapacity: 3 }]);
  assert.deepEqual(capacityRequest(group, { desired: "6", min: "1", max: "6" }),
    ["UpdateAutoScalingGroup", { AutoScalingGroupName: "web", DesiredCapacity: 6, MaxSize: 6 }]);
  assert.deepEqual(capacityRequest(group, { desired: "2", min: "0", max: "4" }),
    ["UpdateAutoScalingGroup", { AutoScalingGroupName: "web", MinSize: 0 }]);
  // What is not a whole number goes as typed, for AWS to refuse in its words.
  assert.deepEqual(capacityRequest(group, { desired: "two", min: "1", max: "4" }),
    ["SetDesiredCapacity", { AutoScalingGroupName: "web", DesiredCapacity: "two" }]);
});

test("both APIs' load balancers make one list, by name", () => {
  const rows = balancerRows([{
    LoadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
    LoadBalancerName: "web", Type: "application", State: { Code: "provisioning" }, DNSName: "web-1.us-east-1.elb.amazonaws.com",
    Scheme: "internet-facing", VpcId: "vpc-1", AvailabilityZones: [{ ZoneName: "us-east-1a" }, { ZoneName: "us-east-1b" }], CreatedTime: "2025-06-02T09:00:00Z",
  }], [{
    LoadBalancerName: "classic", DNSName: "classic-2.us-east-1.elb.amazonaws.com", Scheme: "internet-facing", VPCId: "vpc-1",
    AvailabilityZones: ["us-east-1a"], CreatedTime: "2025-06-02T09:01:00Z",
  }]);
  assert.deepEqual(rows.map((r) => [r.key, r.name, r.type, r.state, r.vpc, r.zones]), [
    ["classic/classic", "classic", "classic", null, "vpc-1", ["us-east-1a"]],
    ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188", "web", "application", "provisioning", "vpc-1", ["us-east-1a", "us-east-1b"]],
  ]);
  assert.ok(rows[0].classic && !rows[0].balancer);
});

test("listener actions and rule conditions as the console writes them", () => {
  assert.equal(targetGroupName(TG("web-tg")), "web-tg");
  assert.equal(actionText({ Type: "forward", TargetGroupArn: TG("web-tg") }), "Forward to target group web-tg");
  assert.equal(actionText({ Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG("blue"), Weight: 3 }, { TargetGroupArn: TG("green"), Weight: 1 }] } }),
    "Forward to blue (75%), green (25%)");
  assert.equal(actionText({ Type: "redirect", RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } }),
    "Redirect to HTTPS://#{host}:443/#{path}?#{query} (HTTP 301)");
  assert.equal(actionText({ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404", ContentType: "text/plain", MessageBody: "Not here" } }),
    "Return fixed response 404 (text/plain): Not here");
  assert.equal(conditionsText({ IsDefault: true, Conditions: [] }), "If no other rule applies");
  assert.equal(conditionsText({
    IsDefault: false,
    Conditions: [
      { Field: "path-pattern", PathPatternConfig: { Values: ["/api/*", "/v2/*"] } },
      { Field: "host-header", Values: ["api.example.com"] },
    ],
  }), "Path is /api/* or /v2/* AND Host header is api.example.com");
  const rules = [{ Priority: "default", IsDefault: true }, { Priority: "10" }, { Priority: "2" }];
  assert.deepEqual(rulesInOrder(rules).map((r) => r.Priority), ["2", "10", "default"]);
});

test("target health sums up by state", () => {
  const target = (State) => ({ Target: { Id: "i-1", Port: 80 }, TargetHealth: { State } });
  assert.equal(healthSummary([]), "No targets");
  assert.equal(healthSummary([target("initial"), target("healthy"), target("unhealthy"), target("healthy")]), "2 healthy, 1 unhealthy, 1 initial");
  assert.equal(healthSummary([target("draining")]), "1 draining");
});

test("launch template versions are marked default and latest", () => {
  const sandbox = new Sandbox({ seed: 7 });
  const run = (line) => {
    const out = sandbox.exec(line);
    assert.equal(out.exitCode, 0, `${line}: ${out.stderr}`);
    return out.stdout.trim();
  };
  const id = run("aws ec2 create-launch-template --launch-template-name web --launch-template-data '{\"InstanceType\":\"t2.micro\"}' " +
    "--query LaunchTemplate.LaunchTemplateId --output text");
  run(`aws ec2 create-launch-template-version --launch-template-id ${id} --source-version 1 --launch-template-data '{"InstanceType":"t3.micro"}'`);
  run(`aws ec2 create-launch-template-version --launch-template-id ${id} --source-version 1 --launch-template-data '{"InstanceType":"t3.small"}'`);
  run(`aws ec2 modify-launch-template --launch-template-id ${id} --default-version 2`);
  const [template] = sandbox.call("ec2", "DescribeLaunchTemplates", {}).LaunchTemplates;
  const versions = sandbox.call("ec2", "DescribeLaunchTemplateVersions", { LaunchTemplateId: id }).LaunchTemplateVersions;
  assert.deepEqual(versions.map((v) => versionLabel(v, template)).sort(), ["1", "2 (Default)", "3 (Latest)"]);
  assert.equal(versionLabel({ VersionNumber: 1, DefaultVersion: true }, { DefaultVersionNumber: 1, LatestVersionNumber: 1 }), "1 (Default, Latest)");
});

test("a sandbox's group, policies, rules and target health read as the console writes them", () => {
  const sandbox = new Sandbox({ seed: 7 });
  const run = (line) => {
    const out = sandbox.exec(line);
    assert.equal(out.exitCode, 0, `${line}: ${out.stderr}`);
    return out.stdout.trim();
  };
  for (const line of [
    "VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query Vpcs[0].VpcId --output text)",
    "SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query Subnets[].SubnetId --output text)",
    "aws ec2 create-launch-template --launch-template-name web --launch-template-data " +
      "'{\"ImageId\":\"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\",\"InstanceType\":\"t2.micro\"}'",
    "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web,Version='$Latest' " +
      "--min-size 1 --max-size 3 --desired-capacity 2 --availability-zones us-east-1a us-east-1b",
    "aws cloudwatch put-metric-alarm --alarm-name web-high --namespace AWS/EC2 --metric-name CPUUtilization " +
      "--dimensions Name=AutoScalingGroupName,Value=web --statistic Average --period 60 --evaluation-periods 3 --threshold 70 --comparison-operator GreaterThanThreshold",
    "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name out --policy-type StepScaling --adjustment-type ChangeInCapacity " +
      "--step-adjustments MetricIntervalLowerBound=0,MetricIntervalUpperBound=15,ScalingAdjustment=1 MetricIntervalLowerBound=15,ScalingAdjustment=2",
    "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --query LoadBalancers[0].LoadBalancerArn --output text)",
    "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query TargetGroups[0].TargetGroupArn --output text)",
    "L=$(aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query Listeners[0].ListenerArn --output text)",
    "aws elbv2 create-rule --listener-arn $L --priority 5 --conditions Field=host-header,Values=old.example.com " +
      "--actions '[{\"Type\":\"redirect\",\"RedirectConfig\":{\"Host\":\"new.example.com\",\"StatusCode\":\"HTTP_302\"}}]'",
  ]) run(line);
  const policyArn = run("aws autoscaling describe-policies --auto-scaling-group-name web --query ScalingPolicies[0].PolicyARN --output text");
  run(`aws cloudwatch put-metric-alarm --alarm-name web-high --namespace AWS/EC2 --metric-name CPUUtilization --dimensions Name=AutoScalingGroupName,Value=web ` +
    `--statistic Average --period 60 --evaluation-periods 3 --threshold 70 --comparison-operator GreaterThanThreshold --alarm-actions ${policyArn}`);

  let [group] = sandbox.call("autoscaling", "DescribeAutoScalingGroups", {}).AutoScalingGroups;
  assert.equal(launchSource(group), "web | Version Latest");
  assert.equal(groupStatus(group), "Updating capacity");
  sandbox.advance(120);
  [group] = sandbox.call("autoscaling", "DescribeAutoScalingGroups", {}).AutoScalingGroups;
  assert.equal(groupStatus(group), null);
  assert.deepEqual(group.Instances.map((i) => launchSource(i)), ["web | Version Latest", "web | Version Latest"]);
  assert.deepEqual(capacityRequest(group, { desired: "3", min: "1", max: "3" }), ["SetDesiredCapacity", { AutoScalingGroupName: "web", DesiredCapacity: 3 }]);

  const [policy] = sandbox.call("autoscaling", "DescribePolicies", { AutoScalingGroupName: "web" }).ScalingPolicies;
  const alarms = sandbox.call("cloudwatch", "DescribeAlarms", { AlarmNames: ["web-high"] }).MetricAlarms;
  assert.deepEqual(policySummary(policy, alarms), {
    when: "web-high breaches the alarm threshold: CPUUtilization > 70 for 3 datapoints within 3 minutes",
    action: "Add 1 capacity units when 70 <= CPUUtilization < 85; Add 2 capacity units when 85 <= CPUUtilization < +infinity",
  });

  const listener = run("echo $L");
  const rules = rulesInOrder(sandbox.call("elbv2", "DescribeRules", { ListenerArn: listener }).Rules);
  assert.deepEqual(rules.map((r) => [conditionsText(r), r.Actions.map(actionText).join("; ")]), [
    ["Host header is old.example.com", "Redirect to #{protocol}://new.example.com:#{port}/#{path}?#{query} (HTTP 302)"],
    ["If no other rule applies", "Forward to target group web"],
  ]);
  const balancers = sandbox.call("elbv2", "DescribeLoadBalancers", {}).LoadBalancers;
  assert.deepEqual(balancerRows(balancers, []).map((r) => [r.name, r.type, r.state]), [["web", "application", "provisioning"]]);
  run(`aws elbv2 register-targets --target-group-arn $TG --targets ${group.Instances.map((i) => `Id=${i.InstanceId}`).join(" ")}`);
  const health = sandbox.call("elbv2", "DescribeTargetHealth", { TargetGroupArn: run("echo $TG") }).TargetHealthDescriptions;
  assert.equal(healthSummary(health), "2 initial");
});
