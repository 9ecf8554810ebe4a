// The Traffic page's pure parts: what can be charted (an Auto Scaling
// group, a load balancer or an instance, with the metrics each has), the
// one GetMetricData request that reads them, the four series drawn from
// its answer, and the load control's URLs and `load start` line.

import { quote } from "./cli-equivalent.js";
import { pointsOf, sumPoints, zeroFilled } from "./metric-chart.js";

/** The chart's time windows: [id, label, seconds shown, period of the datapoints]. */
export const WINDOWS = [
  ["1h", "1 hour", 3_600, 60],
  ["3h", "3 hours", 10_800, 60],
  ["12h", "12 hours", 43_200, 300],
  ["1d", "1 day", 86_400, 300],
];

/** The load command's patterns, as `load start --pattern` takes them. */
export const PATTERNS = [
  ["steady", "Steady"],
  ["spike", "Spike"],
  ["daily", "Daily"],
];

/** The CloudWatch namespace of each elbv2 load balancer type. */
const ELB_NAMESPACES = { application: "AWS/ApplicationELB", network: "AWS/NetworkELB" };

/** `arn:...:loadbalancer/app/web/50dc6c495c0c9188` → `app/web/50dc6c495c0c9188` (the LoadBalancer dimension). */
export function balancerDimension(arn) {
  return arn.split(":loadbalancer/")[1] ?? arn;
}

/** `arn:...:targetgroup/web/6d0ecf831eec9f09` → `targetgroup/web/6d0ecf831eec9f09` (the TargetGroup dimension). */
export function targetGroupDimension(arn) {
  return arn.slice(arn.lastIndexOf(":") + 1);
}

const metric = (namespace, name, dimensions) => ({
  Namespace: namespace,
  MetricName: name,
  Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
});

/**
 * What a target group's requests and healthy hosts are read from: one
 * metric pair per load balancer it is behind (ALB and NLB; only an ALB
 * counts requests).
 */
function targetGroupMetrics(group, balancers) {
  return (group.LoadBalancerArns ?? []).flatMap((arn) => {
    const balancer = balancers.find((b) => b.LoadBalancerArn === arn);
    const namespace = ELB_NAMESPACES[balancer?.Type];
    if (!namespace) return [];
    const dimensions = { TargetGroup: targetGroupDimension(group.TargetGroupArn), LoadBalancer: balancerDimension(arn) };
    return [{
      requests: balancer.Type === "application" ? metric(namespace, "RequestCount", dimensions) : null,
      healthy: metric(namespace, "HealthyHostCount", dimensions),
    }];
  });
}

/** A Classic load balancer's metric pair. */
const classicMetrics = (name) => ({
  requests: metric("AWS/ELB", "RequestCount", { LoadBalancerName: name }),
  healthy: metric("AWS/ELB", "HealthyHostCount", { LoadBalancerName: name }),
});

/**
 * An Auto Scaling group's own metrics: its instances' average CPU and its
 * desired capacity (and the capacity it wants now, for when the group's
 * metrics are not collected).
 */
const groupMetrics = (group) => ({
  group: group.AutoScalingGroupName,
  desiredNow: group.DesiredCapacity,
  cpu: metric("AWS/EC2", "CPUUtilization", { AutoScalingGroupName: group.AutoScalingGroupName }),
  desired: metric("AWS/AutoScaling", "GroupDesiredCapacity", { AutoScalingGroupName: group.AutoScalingGroupName }),
});

/** A subject without an Auto Scaling group. */
const NO_GROUP = { group: null, desiredNow: null, cpu: null, desired: null };

/**
 * What the page can chart, from the Describe calls' lists: each Auto
 * Scaling group (its CPU and desired capacity, and the requests and
 * healthy hosts of the load balancers it is registered with), each load
 * balancer (its requests and healthy hosts, and the group behind it) and
 * each running instance (its CPU). Each subject is `{ key, label, group,
 * desiredNow, cpu, desired, requests: [metric], healthy: [metric] }`.
 */
export function trafficSubjects({ groups = [], balancers = [], classic = [], targetGroups = [], instances = [] }) {
  const groupOf = (inFront) => groups.find(inFront);
  const subjects = [];
  for (const group of groups) {
    const pairs = [
      ...targetGroups.filter((tg) => (group.TargetGroupARNs ?? []).includes(tg.TargetGroupArn)).flatMap((tg) => targetGroupMetrics(tg, balancers)),
      ...(group.LoadBalancerNames ?? []).map(classicMetrics),
    ];
    subjects.push({
      key: `group:${group.AutoScalingGroupName}`,
      label: `Auto Scaling group ${group.AutoScalingGroupName}`,
      ...groupMetrics(group),
      requests: pairs.map((p) => p.requests).filter(Boolean),
      healthy: pairs.map((p) => p.healthy),
    });
  }
  for (const balancer of balancers) {
    const namespace = ELB_NAMESPACES[balancer.Type];
    if (!namespace) continue;
    const behind = targetGroups.filter((tg) => (tg.LoadBalancerArns ?? []).includes(balancer.LoadBalancerArn));
    const group = groupOf((g) => behind.some((tg) => (g.TargetGroupARNs ?? []).includes(tg.TargetGroupArn)));
    subjects.push({
      key: `balancer:${balancer.LoadBalancerArn}`,
      label: `Load balancer ${balancer.LoadBalancerName} (${balancer.Type})`,
      ...(group ? groupMetrics(group) : NO_GROUP),
      requests: balancer.Type === "application"
        ? [metric(namespace, "RequestCount", { LoadBalancer: balancerDimension(balancer.LoadBalancerArn) })]
        : [],
      healthy: behind.flatMap((tg) => targetGroupMetrics(tg, [balancer]).map((p) => p.healthy)),
    });
  }
  for (const balancer of classic) {
    const name = balancer.LoadBalancerName;
    const group = groupOf((g) => (g.LoadBalancerNames ?? []).includes(name));
    const pair = classicMetrics(name);
    subjects.push({
      key: `classic:${name}`,
      label: `Load balancer ${name} (classic)`,
      ...(group ? groupMetrics(group) : NO_GROUP),
      requests: [pair.requests],
      healthy: [pair.healthy],
    });
  }
  for (const instance of instances.filter((i) => i.State?.Name === "running")) {
    const name = instance.Tags?.find((t) => t.Key === "Name")?.Value;
    subjects.push({
      key: `instance:${instance.InstanceId}`,
      label: `Instance ${instance.InstanceId}${name ? ` (${name})` : ""}`,
      ...NO_GROUP,
      cpu: metric("AWS/EC2", "CPUUtilization", { InstanceId: instance.InstanceId }),
      requests: [],
      healthy: [],
    });
  }
  return subjects;
}

/**
 * The MetricDataQueries that read `subject` at `period` seconds: request
 * counts summed, CPU and desired capacity averaged, healthy hosts
 * averaged per target group (ids `requests_N`, `cpu`, `healthy_N`,
 * `desired`).
 */
export function metricQueries(subject, period) {
  const query = (id, metricOf, stat) => ({ Id: id, MetricStat: { Metric: metricOf, Period: period, Stat: stat } });
  return [
    ...subject.requests.map((m, i) => query(`requests_${i}`, m, "Sum")),
    subject.cpu && query("cpu", subject.cpu, "Average"),
    ...subject.healthy.map((m, i) => query(`healthy_${i}`, m, "Average")),
    subject.desired && query("desired", subject.desired, "Average"),
  ].filter(Boolean);
}

/**
 * The GetMetricData request for `subject` over the window that ends at
 * `now` (ISO 8601), oldest datapoints first; null when it has no metric.
 */
export function metricDataRequest(subject, now, [, , seconds, period]) {
  const queries = metricQueries(subject, period);
  if (queries.length === 0) return null;
  const end = Date.parse(now);
  return {
    MetricDataQueries: queries,
    StartTime: new Date(end - seconds * 1000).toISOString(),
    EndTime: new Date(end).toISOString(),
    ScanBy: "TimestampAscending",
  };
}

/**
 * The four series of the chart from GetMetricData's `results` for
 * `subject`: `{ id, title, points, yMax, note }`, where `note` says why a
 * series has no points. Requests become requests per second (the Sum of
 * a period over its seconds) and are zero-filled: ELB reports no count
 * for a minute without requests. `start` and `end` are ms.
 */
export function trafficSeries(subject, results, { start, end, period }) {
  const of = (prefix) => results.filter((r) => r.Id === prefix || r.Id.startsWith(`${prefix}_`));
  const requests = sumPoints(of("requests").map((r) => pointsOf(r, 1 / period)));
  const healthy = sumPoints(of("healthy").map((r) => pointsOf(r)));
  const noData = "No datapoints in this time range yet.";
  const groupMetricsOff = "No GroupDesiredCapacity datapoints: Auto Scaling publishes a group's metrics only while their " +
    `collection is enabled. Desired capacity now: ${subject.desiredNow}.`;
  return [
    {
      id: "requests",
      title: "Requests per second",
      points: subject.requests.length && requests.length ? zeroFilled(requests, { start, end, period }) : [],
      note: subject.requests.length ? noData : "No Application or Classic Load Balancer counts these requests.",
    },
    {
      id: "cpu",
      title: subject.group ? "Average CPU utilization (%)" : "CPU utilization (%)",
      points: pointsOf(of("cpu")[0]),
      yMax: 100,
      note: subject.cpu ? noData : "No Auto Scaling group is registered with this load balancer.",
    },
    {
      id: "healthy",
      title: "Healthy hosts",
      points: healthy,
      note: subject.healthy.length ? noData : "Not behind a load balancer.",
    },
    {
      id: "desired",
      title: "Desired capacity",
      points: pointsOf(of("desired")[0]),
      note: subject.desired ? groupMetricsOff : "No Auto Scaling group to chart here.",
    },
  ];
}

/**
 * The URLs the load control offers, `[url, label]`: each load balancer's
 * DNS name and each running instance's public IPv4 address.
 */
export function loadUrls({ balancers = [], classic = [], instances = [] }) {
  return [
    ...balancers.map((b) => [`http://${b.DNSName}/`, `${b.LoadBalancerName} (${b.Type}) – ${b.DNSName}`]),
    ...classic.map((b) => [`http://${b.DNSName}/`, `${b.LoadBalancerName} (classic) – ${b.DNSName}`]),
    ...instances
      .filter((i) => i.State?.Name === "running" && i.PublicIpAddress)
      .map((i) => [`http://${i.PublicIpAddress}/`, `${i.InstanceId} – ${i.PublicIpAddress}`]),
  ];
}

/**
 * The terminal line the load control runs: `load start URL --rps N
 * --pattern P [--ramp R]`, values as typed (the command checks them and
 * says what is wrong; an empty rate is left out for it to ask for).
 */
export function loadStartLine({ url, rps, pattern, ramp }) {
  const words = ["load", "start", quote(url.trim())];
  if (String(rps).trim()) words.push("--rps", quote(String(rps).trim()));
  words.push("--pattern", quote(pattern));
  if (ramp.trim()) words.push("--ramp", quote(ramp.trim()));
  return words.join(" ");
}

/** The line that stops load `id`, or every load. */
export function loadStopLine(id = null) {
  return id ? `load stop ${quote(id)}` : "load stop";
}
