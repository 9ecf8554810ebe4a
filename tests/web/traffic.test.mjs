// The Traffic page's pure parts: GetMetricData results as chart points
// (sums, zero-filled counts, requests per second), the y axis's rounded
// top and the line's geometry (www/js/metric-chart.js); what can be
// charted and the one request that reads it, and the load control's URLs
// and command lines (www/js/traffic.js); then a load on a web server in a
// sandbox (the built wasm package), read and charted as the page does.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SIZE, chartGeometry, formatValue, niceMax, pointsOf, sumPoints, zeroFilled } from "../../www/js/metric-chart.js";
import {
  WINDOWS, balancerDimension, loadStartLine, loadStopLine, loadUrls, metricDataRequest, metricQueries, targetGroupDimension, trafficSeries, trafficSubjects,
} from "../../www/js/traffic.js";
import { Sandbox } from "./wasm.mjs";

const T0 = Date.parse("2025-06-02T09:00:00Z");
const minute = (n) => T0 + n * 60_000;
const iso = (ms) => new Date(ms).toISOString();

test("results become points, oldest first, scaled", () => {
  const result = { Id: "requests_0", Timestamps: [iso(minute(2)), iso(minute(1))], Values: [120, 60] };
  assert.deepEqual(pointsOf(result), [[minute(1), 60], [minute(2), 120]]);
  assert.deepEqual(pointsOf(result, 1 / 60), [[minute(1), 1], [minute(2), 2]]);
  assert.deepEqual(pointsOf(undefined), []);
  assert.deepEqual(pointsOf({ Timestamps: ["soon"], Values: [1] }), [], "a bad timestamp is left out");
});

test("series add up at each time, and counts are zero-filled for ended periods only", () => {
  assert.deepEqual(sumPoints([[[minute(1), 1], [minute(2), 2]], [[minute(2), 3], [minute(3), 4]]]),
    [[minute(1), 1], [minute(2), 5], [minute(3), 4]]);
  // Minutes 0 to 4 have ended at 09:05:30; minute 5 runs on: no zero for it.
  assert.deepEqual(zeroFilled([[minute(2), 7]], { start: minute(0) - 30_000, end: minute(5) + 30_000, period: 60 }),
    [[minute(0), 0], [minute(1), 0], [minute(2), 7], [minute(3), 0], [minute(4), 0]]);
});

test("the y axis tops out at 1, 2, 2.5 or 5 times a power of ten", () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(-3), 1);
  assert.equal(niceMax(0.7), 1);
  assert.equal(niceMax(1), 1);
  assert.equal(niceMax(1.2), 2);
  assert.equal(niceMax(2.2), 2.5);
  assert.equal(niceMax(37), 50);
  assert.equal(niceMax(50.5), 100);
  assert.equal(niceMax(2000), 2000);
  assert.equal(niceMax(2001), 2500);
  assert.equal(formatValue(50.549), "50.5");
  assert.equal(formatValue(1234.4), "1,234");
  assert.equal(formatValue(2), "2");
});

test("the line runs from the window's start to its end, the top at the axis's top", () => {
  const { width, height, left, right, top, bottom } = SIZE;
  const start = minute(0);
  const end = minute(60);
  const geometry = chartGeometry([[minute(0), 0], [minute(30), 50], [minute(60), 100]], { start, end, yMax: 100 });
  assert.equal(geometry.line, `M${left} ${height - bottom} L${(left + width - right) / 2} ${(top + height - bottom) / 2} L${width - right} ${top}`);
  assert.ok(geometry.area.startsWith(geometry.line) && geometry.area.endsWith("Z"));
  assert.deepEqual(geometry.yTicks.map(([, label]) => label), ["0", "50", "100"]);
  // Labels every quarter of the hour, at round minutes.
  assert.deepEqual(geometry.xTicks.map(([, label]) => label), ["09:00", "09:15", "09:30", "09:45", "10:00"]);
  // Without a fixed top, the data's rounded maximum; a single point is a dot.
  const one = chartGeometry([[minute(30), 37]], { start, end });
  assert.equal(one.max, 50);
  assert.equal(one.area, "");
  assert.equal(one.dots.length, 1);
  // Points outside the window, and values above the top, stay inside the drawing.
  const clipped = chartGeometry([[minute(-5), 10], [minute(10), 500]], { start, end, yMax: 100 });
  assert.equal(clipped.line, `M${Math.round((left + (10 / 60) * (width - left - right)) * 10) / 10} ${top}`);
});

const ALB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const NLB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/flows/1a2b3c4d5e6f7a8b";
const TG_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/6d0ecf831eec9f09";
const WORLD = {
  groups: [{ AutoScalingGroupName: "web-asg", DesiredCapacity: 2, TargetGroupARNs: [TG_ARN], LoadBalancerNames: ["classic-web"] }],
  balancers: [
    { LoadBalancerArn: ALB_ARN, LoadBalancerName: "web", Type: "application", DNSName: "web-123.us-east-1.elb.amazonaws.com" },
    { LoadBalancerArn: NLB_ARN, LoadBalancerName: "flows", Type: "network", DNSName: "flows-1a2b.elb.us-east-1.amazonaws.com" },
  ],
  classic: [{ LoadBalancerName: "classic-web", DNSName: "classic-web-99.us-east-1.elb.amazonaws.com" }],
  targetGroups: [{ TargetGroupArn: TG_ARN, LoadBalancerArns: [ALB_ARN] }],
  instances: [
    { InstanceId: "i-0aaa", State: { Name: "running" }, PublicIpAddress: "3.80.1.2", Tags: [{ Key: "Name", Value: "web" }] },
    { InstanceId: "i-0bbb", State: { Name: "stopped" } },
  ],
};

test("dimensions come from the ARNs", () => {
  assert.equal(balancerDimension(ALB_ARN), "app/web/50dc6c495c0c9188");
  assert.equal(targetGroupDimension(TG_ARN), "targetgroup/web-tg/6d0ecf831eec9f09");
});

test("groups, load balancers and running instances can be charted, each with its metrics", () => {
  const subjects = trafficSubjects(WORLD);
  assert.deepEqual(subjects.map((s) => [s.key, s.label]), [
    ["group:web-asg", "Auto Scaling group web-asg"],
    [`balancer:${ALB_ARN}`, "Load balancer web (application)"],
    [`balancer:${NLB_ARN}`, "Load balancer flows (network)"],
    ["classic:classic-web", "Load balancer classic-web (classic)"],
    ["instance:i-0aaa", "Instance i-0aaa (web)"],
  ]);
  const [group, alb, nlb, classic, instance] = subjects;
  const dims = (m) => Object.fromEntries(m.Dimensions.map((d) => [d.Name, d.Value]));
  // The group: its target group's requests through the ALB and the Classic LB's, both healthy counts.
  assert.deepEqual(group.requests.map((m) => [m.Namespace, m.MetricName, dims(m)]), [
    ["AWS/ApplicationELB", "RequestCount", { TargetGroup: "targetgroup/web-tg/6d0ecf831eec9f09", LoadBalancer: "app/web/50dc6c495c0c9188" }],
    ["AWS/ELB", "RequestCount", { LoadBalancerName: "classic-web" }],
  ]);
  assert.equal(group.healthy.length, 2);
  assert.deepEqual(dims(group.cpu), { AutoScalingGroupName: "web-asg" });
  assert.deepEqual([group.desired.Namespace, group.desired.MetricName], ["AWS/AutoScaling", "GroupDesiredCapacity"]);
  // The ALB: all its requests; the group behind it gives CPU and capacity.
  assert.deepEqual(dims(alb.requests[0]), { LoadBalancer: "app/web/50dc6c495c0c9188" });
  assert.equal(alb.group, "web-asg");
  assert.deepEqual(dims(alb.healthy[0]), { TargetGroup: "targetgroup/web-tg/6d0ecf831eec9f09", LoadBalancer: "app/web/50dc6c495c0c9188" });
  // An NLB counts no requests; nothing is behind this one.
  assert.deepEqual([nlb.requests, nlb.healthy, nlb.cpu], [[], [], null]);
  assert.equal(classic.group, "web-asg");
  assert.deepEqual([instance.requests, instance.desired, dims(instance.cpu)], [[], null, { InstanceId: "i-0aaa" }]);

  assert.deepEqual(metricQueries(group, 60).map((q) => [q.Id, q.MetricStat.Stat, q.MetricStat.Period]), [
    ["requests_0", "Sum", 60], ["requests_1", "Sum", 60], ["cpu", "Average", 60], ["healthy_0", "Average", 60], ["healthy_1", "Average", 60], ["desired", "Average", 60],
  ]);
  assert.equal(metricDataRequest(nlb, iso(minute(60)), WINDOWS[0]), null, "nothing to read");
  assert.deepEqual(metricDataRequest(instance, iso(minute(60)), WINDOWS[2]), {
    MetricDataQueries: [{ Id: "cpu", MetricStat: { Metric: instance.cpu, Period: 300, Stat: "Average" } }],
    StartTime: iso(minute(60 - 720)),
    EndTime: iso(minute(60)),
    ScanBy: "TimestampAscending",
  });
});

test("the four series from GetMetricData: requests per second summed and zero-filled, hosts summed", () => {
  const [group] = trafficSubjects(WORLD);
  const at = (...minutes) => minutes.map((m) => iso(minute(m)));
  const results = [
    { Id: "requests_0", Timestamps: at(1, 2), Values: [600, 1200] },
    { Id: "requests_1", Timestamps: at(2), Values: [60] },
    { Id: "cpu", Timestamps: at(0, 5), Values: [10, 42.5] },
    { Id: "healthy_0", Timestamps: at(1, 2), Values: [1, 2] },
    { Id: "healthy_1", Timestamps: at(2), Values: [1] },
    { Id: "desired", Timestamps: [], Values: [] },
  ];
  const series = trafficSeries(group, results, { start: minute(0), end: minute(4), period: 60 });
  assert.deepEqual(series.map((s) => s.id), ["requests", "cpu", "healthy", "desired"]);
  assert.deepEqual(series[0].points, [[minute(0), 0], [minute(1), 10], [minute(2), 21], [minute(3), 0]]);
  assert.equal(series[0].title, "Requests per second");
  assert.deepEqual(series[1].points, [[minute(0), 10], [minute(5), 42.5]]);
  assert.equal(series[1].yMax, 100);
  assert.equal(series[1].title, "Average CPU utilization (%)");
  assert.deepEqual(series[2].points, [[minute(1), 1], [minute(2), 3]]);
  assert.deepEqual(series[3].points, []);
  assert.match(series[3].note, /only while their collection is enabled\. Desired capacity now: 2\.$/);
  // An instance alone: CPU only, each other series saying why it is empty.
  const instance = trafficSubjects(WORLD).at(-1);
  const alone = trafficSeries(instance, [{ Id: "cpu", Timestamps: [], Values: [] }], { start: minute(0), end: minute(4), period: 60 });
  assert.deepEqual(alone.map((s) => s.points.length), [0, 0, 0, 0]);
  assert.deepEqual(alone.map((s) => s.note), [
    "No Application or Classic Load Balancer counts these requests.",
    "No datapoints in this time range yet.",
    "Not behind a load balancer.",
    "No Auto Scaling group to chart here.",
  ]);
  assert.equal(alone[1].title, "CPU utilization (%)");
});

test("the load control offers load balancers and running instances, and writes the commands", () => {
  assert.deepEqual(loadUrls(WORLD), [
    ["http://web-123.us-east-1.elb.amazonaws.com/", "web (application) – web-123.us-east-1.elb.amazonaws.com"],
    ["http://flows-1a2b.elb.us-east-1.amazonaws.com/", "flows (network) – flows-1a2b.elb.us-east-1.amazonaws.com"],
    ["http://classic-web-99.us-east-1.elb.amazonaws.com/", "classic-web (classic) – classic-web-99.us-east-1.elb.amazonaws.com"],
    ["http://3.80.1.2/", "i-0aaa – 3.80.1.2"],
  ]);
  assert.equal(loadStartLine({ url: "http://3.80.1.2/", rps: "100", pattern: "steady", ramp: "" }),
    "load start http://3.80.1.2/ --rps 100 --pattern steady");
  assert.equal(loadStartLine({ url: " http://web-123.us-east-1.elb.amazonaws.com/ ", rps: 250.5, pattern: "spike", ramp: " 5m " }),
    "load start http://web-123.us-east-1.elb.amazonaws.com/ --rps 250.5 --pattern spike --ramp 5m");
  // As typed: the command says what is wrong.
  assert.equal(loadStartLine({ url: "http://3.80.1.2/", rps: "", pattern: "daily", ramp: "five minutes" }),
    "load start http://3.80.1.2/ --pattern daily --ramp 'five minutes'");
  assert.equal(loadStopLine(), "load stop");
  assert.equal(loadStopLine("load-2"), "load stop load-2");
});

test("a load on a web server, read and charted as the Traffic page does", () => {
  const sandbox = new Sandbox({ seed: 7 });
  const run = (line) => {
    const out = sandbox.exec(line);
    assert.equal(out.exitCode, 0, `${line}: ${out.stderr}`);
    return out.stdout.trim();
  };
  run("echo '#!/bin/bash' > web.sh");
  run("echo 'dnf install -y httpd' >> web.sh");
  run("echo 'systemctl enable --now httpd' >> web.sh");
  run("SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)");
  run("aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
  const id = run("aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 " +
    "--instance-type t2.micro --security-group-ids $SG --user-data file://web.sh --query Instances[0].InstanceId --output text");
  sandbox.advance(60);
  const instances = sandbox.call("ec2", "DescribeInstances", {}).Reservations.flatMap((r) => r.Instances);
  const [[url]] = loadUrls({ instances });
  assert.equal(url, `http://${instances[0].PublicIpAddress}/`);
  run(loadStartLine({ url, rps: "50", pattern: "steady", ramp: "" }));
  assert.deepEqual(sandbox.loads().map((l) => [l.id, l.url, l.rps, l.pattern]), [["load-1", url, 50, "steady"]]);
  sandbox.advance(1200);

  const [subject] = trafficSubjects({ instances });
  assert.equal(subject.key, `instance:${id}`);
  const window = WINDOWS[0];
  const request = metricDataRequest(subject, sandbox.now(), window);
  const { MetricDataResults } = sandbox.call("cloudwatch", "GetMetricData", request);
  const end = Date.parse(sandbox.now());
  const [, cpu] = trafficSeries(subject, MetricDataResults, { start: end - window[2] * 1000, end, period: window[3] });
  // Basic monitoring: a datapoint every five minutes, 50 requests/s on one vCPU ≈ 50%.
  assert.ok(cpu.points.length >= 3, JSON.stringify(cpu.points));
  assert.ok(cpu.points.every(([time], i) => i === 0 || time - cpu.points[i - 1][0] === 300_000));
  assert.ok(Math.abs(cpu.points.at(-1)[1] - 50.5) < 0.01, JSON.stringify(cpu.points));

  run(loadStopLine());
  assert.deepEqual(sandbox.loads(), []);
});
