// How the CloudWatch console writes alarms: the state as a word, the
// condition ("CPUUtilization > 50 for 3 datapoints within 3 minutes") and
// what each action ARN does.

/** The console's words for StateValue. */
const STATES = { OK: "OK", ALARM: "In alarm", INSUFFICIENT_DATA: "Insufficient data" };

/** ComparisonOperator as the console writes it. */
const OPERATORS = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: ">=",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
  LessThanLowerOrGreaterThanUpperThreshold: "outside the band",
  GreaterThanUpperThreshold: "above the band",
  LessThanLowerThreshold: "below the band",
};

/** EC2 alarm actions by the last part of their ARN. */
const EC2_ACTIONS = { stop: "Stop the instance", terminate: "Terminate the instance", reboot: "Reboot the instance", recover: "Recover the instance" };

/** `OK` → "OK", `ALARM` → "In alarm", `INSUFFICIENT_DATA` → "Insufficient data". */
export function alarmStateLabel(state) {
  return STATES[state] ?? state ?? "–";
}

/** 180 → "3 minutes", 3600 → "1 hour", 30 → "30 seconds". */
export function duration(seconds) {
  const units = [[86_400, "day"], [3_600, "hour"], [60, "minute"], [1, "second"]];
  const [size, unit] = units.find(([step]) => seconds % step === 0 && seconds >= step) ?? [1, "second"];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/**
 * The alarm's condition as the console's Conditions column writes it:
 * "CPUUtilization > 50 for 3 datapoints within 3 minutes" (DatapointsToAlarm
 * of EvaluationPeriods periods; the console writes "datapoints" even for one).
 */
export function alarmCondition(alarm) {
  const metric = alarm.MetricName ?? alarm.Metrics?.find((m) => m.ReturnData !== false)?.Id ?? "expression";
  const operator = OPERATORS[alarm.ComparisonOperator] ?? alarm.ComparisonOperator;
  const threshold = alarm.Threshold === undefined ? "" : ` ${alarm.Threshold}`;
  const datapoints = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
  const within = duration((alarm.EvaluationPeriods ?? 1) * (alarm.Period ?? 60));
  return `${metric} ${operator}${threshold} for ${datapoints} datapoints within ${within}`;
}

/**
 * What an alarm action ARN does: an Auto Scaling policy (with its group),
 * an SNS topic, an EC2 instance action, or the ARN itself.
 */
export function actionLabel(arn) {
  const parts = arn.split(":");
  const service = parts[2];
  if (service === "autoscaling") {
    const field = (name) => parts.find((p) => p.startsWith(`${name}/`))?.slice(name.length + 1);
    const policy = field("policyName");
    const group = field("autoScalingGroupName");
    if (policy) return `Auto Scaling policy ${policy}${group ? ` of ${group}` : ""}`;
  }
  if (service === "sns" && parts[5]) return `SNS topic ${parts[5]}`;
  if (service === "automate" && EC2_ACTIONS[parts[5]]) return EC2_ACTIONS[parts[5]];
  return arn;
}

/** Every action of `alarm` with the state that triggers it: `[state, ARN]`. */
export function alarmActions(alarm) {
  return [
    ...(alarm.AlarmActions ?? []).map((arn) => ["ALARM", arn]),
    ...(alarm.OKActions ?? []).map((arn) => ["OK", arn]),
    ...(alarm.InsufficientDataActions ?? []).map((arn) => ["INSUFFICIENT_DATA", arn]),
  ];
}
