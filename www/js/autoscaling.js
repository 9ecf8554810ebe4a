// How the EC2 Auto Scaling console writes groups and policies, and the
// request its Edit capacity form sends; pure, for the Auto Scaling view.

import { alarmActions, alarmCondition } from "./cloudwatch.js";

/** `$Default` → "Default", `$Latest` → "Latest", `3` → "3". */
const versionName = (version) => (version ?? "$Default").replace(/^\$/, "");

/**
 * The group's (or an instance's) launch source as the console's "Launch
 * template/configuration" column writes it: "web | Version Default", or
 * the launch configuration's name.
 */
export function launchSource(item) {
  const template = item.LaunchTemplate ?? item.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  if (template) return `${template.LaunchTemplateName ?? template.LaunchTemplateId} | Version ${versionName(template.Version)}`;
  return item.LaunchConfigurationName ?? "–";
}

/**
 * The console's Status column: "Deleting" while the group is deleted,
 * "Updating capacity" while its instances are not yet what it wants,
 * else nothing (null).
 */
export function groupStatus(group) {
  if (group.Status) return "Deleting";
  const live = (group.Instances ?? []).filter((i) => !/^Terminat/.test(i.LifecycleState)).length;
  const settled = (group.Instances ?? []).every((i) => i.LifecycleState === "InService" || i.LifecycleState === "Standby");
  return live !== group.DesiredCapacity || !settled ? "Updating capacity" : null;
}

/** PolicyType as the console names it. */
export function policyTypeLabel(type) {
  return {
    TargetTrackingScaling: "Target tracking scaling",
    StepScaling: "Step scaling",
    SimpleScaling: "Simple scaling",
    PredictiveScaling: "Predictive scaling",
  }[type] ?? type;
}

/** Target tracking's predefined metrics as the console names them. */
const PREDEFINED = {
  ASGAverageCPUUtilization: "Average CPU utilization",
  ASGAverageNetworkIn: "Average network in (bytes)",
  ASGAverageNetworkOut: "Average network out (bytes)",
  ALBRequestCountPerTarget: "Application Load Balancer request count per target",
};

/** "Add 2 capacity units", "Remove 10 percent of group", "Set to 3 capacity units". */
export function adjustmentText(type, amount) {
  if (type === "ExactCapacity") return `Set to ${amount} capacity units`;
  const verb = amount < 0 ? "Remove" : "Add";
  const what = type === "PercentChangeInCapacity" ? "percent of group" : "capacity units";
  return `${verb} ${Math.abs(amount)} ${what}`;
}

/** A step's bound: the alarm's threshold plus its offset ("threshold + 10" without the alarm). */
function stepBound(offset, threshold, infinity) {
  if (offset === undefined || offset === null) return infinity;
  if (threshold === undefined) return `threshold ${offset < 0 ? "-" : "+"} ${Math.abs(offset)}`;
  return String(threshold + offset);
}

/**
 * A step's range as the console writes it: "70 <= CPUUtilization <
 * +infinity" above the threshold, "30 >= CPUUtilization > -infinity"
 * below it.
 */
function stepRange(step, metric, threshold) {
  const lower = stepBound(step.MetricIntervalLowerBound, threshold, "-infinity");
  const upper = stepBound(step.MetricIntervalUpperBound, threshold, "+infinity");
  const below = step.MetricIntervalLowerBound === undefined || step.MetricIntervalLowerBound < 0;
  return below ? `${upper} >= ${metric} > ${lower}` : `${lower} <= ${metric} < ${upper}`;
}

/**
 * The alarms that invoke `policy`: those its `Alarms` name (as
 * DescribeAlarms gives them, when it does) and any other alarm of
 * `alarms` whose actions name the policy's ARN.
 */
export function policyAlarms(policy, alarms) {
  const named = (policy.Alarms ?? []).map((a) => alarms.find((x) => x.AlarmName === a.AlarmName) ?? { AlarmName: a.AlarmName });
  const invoking = alarms.filter((x) => !named.some((a) => a.AlarmName === x.AlarmName)
    && alarmActions(x).some(([, arn]) => arn === policy.PolicyARN));
  return [...named, ...invoking];
}

/**
 * When the policy acts and what it does, as the console's Automatic
 * scaling tab writes them: `{ when, action }`. `alarms` (DescribeAlarms)
 * give the alarms that invoke a step or simple policy, and their
 * conditions.
 */
export function policySummary(policy, alarms = []) {
  const own = policyAlarms(policy, alarms);
  if (policy.PolicyType === "TargetTrackingScaling") {
    const config = policy.TargetTrackingConfiguration ?? {};
    const metric = PREDEFINED[config.PredefinedMetricSpecification?.PredefinedMetricType]
      ?? config.CustomizedMetricSpecification?.MetricName ?? "the metric";
    return {
      when: `As required to maintain ${metric} at ${config.TargetValue}`,
      action: `Add or remove capacity units as required${config.DisableScaleIn ? " (scale in disabled)" : ""}`,
    };
  }
  const when = own.length === 0
    ? "No alarm is attached: only ExecutePolicy runs it"
    : own.map((a) => (a.MetricName ? `${a.AlarmName} breaches the alarm threshold: ${alarmCondition(a)}` : `${a.AlarmName} breaches the alarm threshold`)).join("; ");
  if (policy.PolicyType === "StepScaling") {
    const metric = own[0]?.MetricName ?? "metric";
    const threshold = own[0]?.Threshold;
    const steps = (policy.StepAdjustments ?? []).map((step) => `${adjustmentText(policy.AdjustmentType, step.ScalingAdjustment)} when ${stepRange(step, metric, threshold)}`);
    return { when, action: steps.join("; ") || "No steps" };
  }
  const cooldown = policy.Cooldown ?? null;
  return {
    when,
    action: `${adjustmentText(policy.AdjustmentType, policy.ScalingAdjustment)}${cooldown === null ? "" : `, then wait ${cooldown} seconds before allowing another scaling activity`}`,
  };
}

/** A whole number as typed, as a number; anything else as typed, for AWS to refuse in its own words. */
const size = (text) => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : text.trim());

/**
 * The request the Edit capacity form sends for `group` and `form`
 * (`{ desired, min, max }` as typed): SetDesiredCapacity when only the
 * desired capacity changed, else UpdateAutoScalingGroup with the sizes
 * that changed; null when nothing did. `[action, params]`.
 */
export function capacityRequest(group, form) {
  const changed = Object.fromEntries([
    ["DesiredCapacity", form.desired, group.DesiredCapacity],
    ["MinSize", form.min, group.MinSize],
    ["MaxSize", form.max, group.MaxSize],
  ].map(([name, text, was]) => [name, size(text), was]).filter(([, value, was]) => value !== was).map(([name, value]) => [name, value]));
  const names = Object.keys(changed);
  if (names.length === 0) return null;
  const AutoScalingGroupName = group.AutoScalingGroupName;
  if (names.length === 1 && names[0] === "DesiredCapacity") return ["SetDesiredCapacity", { AutoScalingGroupName, ...changed }];
  return ["UpdateAutoScalingGroup", { AutoScalingGroupName, ...changed }];
}
