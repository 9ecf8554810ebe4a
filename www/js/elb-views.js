// Load Balancing › Load Balancers and Target Groups. Load Balancers lists
// both APIs' load balancers as the console does (elbv2's Application and
// Network, elb's Classic), with the selected one's details, its listeners
// and their rules (DescribeListeners, DescribeRules) or, for a Classic
// Load Balancer, its listeners and instances' health
// (DescribeInstanceHealth). Target Groups lists the target groups with
// their targets' health (DescribeTargetHealth), which changes as health
// checks run.

import { code, detailTable, facts, stateBadge, tag } from "./cells.js";
import { h } from "./dom.js";
import { actionText, balancerRows, conditionsText, healthSummary, rulesInOrder, targetGroupName } from "./elb.js";
import { formatTime } from "./format.js";
import { readAll, readAllOrNone } from "./reads.js";
import { tabbedPanel } from "./tabs.js";

const list = (items) => (items.length ? items.join(", ") : "–");
const wrap = (text) => h("span", { class: "wrap" }, text);

/** A target's or instance's health: its state's badge, then the reason and the description. */
const healthCells = (state, reason, description) => [
  stateBadge(state),
  description || reason ? wrap([reason && h("code", {}, reason), reason && description && " ", description]) : "–",
];

/** What the selected load balancer's tabs read. */
function selectedBalancer(read, key, rows) {
  const row = rows.find((r) => r.key === key);
  if (row?.balancer) {
    const listeners = readAllOrNone(read, "elbv2", "DescribeListeners", { LoadBalancerArn: row.key }, "Listeners")
      .sort((a, b) => a.Port - b.Port)
      .map((listener) => ({
        listener,
        rules: rulesInOrder(readAllOrNone(read, "elbv2", "DescribeRules", { ListenerArn: listener.ListenerArn }, "Rules")),
      }));
    return { listeners, instanceHealth: [] };
  }
  if (row?.classic) {
    return { listeners: [], instanceHealth: readAllOrNone(read, "elb", "DescribeInstanceHealth", { LoadBalancerName: row.name }, "InstanceStates") };
  }
  return { listeners: [], instanceHealth: [] };
}

const DETAILS = (row) => {
  const b = row.balancer;
  return facts([
    ["Load balancer type", row.type[0].toUpperCase() + row.type.slice(1)],
    ["Status", row.state ? stateBadge(row.state) : undefined],
    ["Scheme", row.scheme],
    ["DNS name", code(row.dns)],
    ["VPC", code(row.vpc)],
    ["Availability Zones", b
      ? list((b.AvailabilityZones ?? []).map((z) => `${z.ZoneName} (${z.SubnetId})`))
      : list(row.zones)],
    ["Security groups", list(b?.SecurityGroups ?? row.classic?.SecurityGroups ?? [])],
    ["IP address type", b?.IpAddressType],
    ["Health check", row.classic?.HealthCheck && `${row.classic.HealthCheck.Target}, every ${row.classic.HealthCheck.Interval} seconds`],
    ["Date created (UTC)", formatTime(row.created)],
    ["ARN", b ? code(b.LoadBalancerArn) : undefined],
  ]);
};

const PANES = {
  details: DETAILS,
  listeners: (row, data) => (row.classic
    ? detailTable("Listeners", ["Load balancer protocol", "Load balancer port", "Instance protocol", "Instance port"],
      (row.classic.ListenerDescriptions ?? []).map(({ Listener: l }) => [l.Protocol, l.LoadBalancerPort, l.InstanceProtocol, l.InstancePort]),
      "No listeners.")
    : data.listeners.length === 0
      ? h("p", { class: "empty" }, "No listeners. Add one from the terminal with aws elbv2 create-listener.")
      : data.listeners.map(({ listener, rules }) => h("div", { class: "listener", "data-listener": `${listener.Protocol}:${listener.Port}` },
        h("h4", {}, `${listener.Protocol}:${listener.Port}`),
        detailTable(`Rules of ${listener.Protocol}:${listener.Port}`, ["Priority", "Conditions (If)", "Actions (Then)"],
          rules.map((rule) => [rule.IsDefault ? "Default" : rule.Priority, wrap(conditionsText(rule)), wrap((rule.Actions ?? []).map(actionText).join("; "))]),
          `Default action: ${(listener.DefaultActions ?? []).map(actionText).join("; ")}`)))),
  instances: (_row, data) => detailTable("Instance health", ["Instance ID", "Health status", "Health status details"],
    data.instanceHealth.map((i) => [h("code", {}, i.InstanceId), ...healthCells(i.State, i.ReasonCode === "N/A" ? null : i.ReasonCode, i.Description === "N/A" ? null : i.Description)]),
    "No instances are registered."),
};

/** The Load Balancers table (see console-views.js for what a table view is). */
export const LOAD_BALANCERS = {
  load: (read, { selected }) => {
    const rows = balancerRows(
      readAll(read, "elbv2", "DescribeLoadBalancers", {}, "LoadBalancers"),
      readAll(read, "elb", "DescribeLoadBalancers", {}, "LoadBalancerDescriptions"),
    );
    return { rows, ...selectedBalancer(read, selected, rows) };
  },
  empty: "No load balancers. Create one with Create load balancer, or from the terminal with aws elbv2 create-load-balancer (Application or Network) or aws elb create-load-balancer (Classic).",
  key: (row) => row.key,
  header: (actions) => [actions.primary()],
  columns: [
    ["Name", (row) => row.name],
    ["DNS name", (row) => h("code", {}, row.dns)],
    ["State", (row) => (row.state ? stateBadge(row.state) : "–")],
    ["VPC ID", (row) => code(row.vpc)],
    ["Availability Zones", (row) => list(row.zones)],
    ["Type", (row) => row.type],
    ["Scheme", (row) => row.scheme],
    ["Date created (UTC)", (row) => formatTime(row.created)],
  ],
  details: (row, data, ui) => tabbedPanel({
    prefix: "balancer", title: `Load balancer: ${row.name}`, label: "Load balancer details",
    tabs: row.classic
      ? [["details", "Details"], ["listeners", "Listeners"], ["instances", "Target instances"]]
      : [["details", "Details"], ["listeners", "Listeners and rules"]],
    current: ui.tab, onSelect: ui.onTab,
  }, (tab) => PANES[tab](row, data)),
};

const TARGET_PANES = {
  // DescribeTargetHealth names an instance target's zone only when it was
  // registered with one; the console shows the instance's own.
  targets: (_group, health, instances) => detailTable("Registered targets", ["Instance ID", "Name", "Port", "Zone", "Health status", "Health status details"],
    health.map((d) => [
      h("code", { "data-target": d.Target?.Id }, d.Target?.Id),
      tag(instances[d.Target?.Id], "Name") || "–",
      d.Target?.Port ?? "–",
      d.Target?.AvailabilityZone ?? instances[d.Target?.Id]?.Placement?.AvailabilityZone ?? "–",
      ...healthCells(d.TargetHealth?.State, d.TargetHealth?.Reason, d.TargetHealth?.Description),
    ]),
    "No targets are registered. Register some with Register targets or aws elbv2 register-targets, or attach the group to an Auto Scaling group."),
  health: (g) => facts([
    ["Protocol", g.HealthCheckProtocol],
    ["Path", g.HealthCheckPath],
    ["Port", g.HealthCheckPort],
    ["Healthy threshold", g.HealthyThresholdCount],
    ["Unhealthy threshold", g.UnhealthyThresholdCount],
    ["Timeout", g.HealthCheckTimeoutSeconds === undefined ? undefined : `${g.HealthCheckTimeoutSeconds} seconds`],
    ["Interval", g.HealthCheckIntervalSeconds === undefined ? undefined : `${g.HealthCheckIntervalSeconds} seconds`],
    ["Success codes", g.Matcher?.HttpCode ?? g.Matcher?.GrpcCode],
  ]),
  details: (g) => facts([
    ["Target type", g.TargetType],
    ["Protocol : Port", `${g.Protocol}: ${g.Port}`],
    ["Protocol version", g.ProtocolVersion],
    ["VPC", code(g.VpcId)],
    ["IP address type", g.IpAddressType],
    ["ARN", code(g.TargetGroupArn)],
  ]),
};

/** The Target Groups table (see console-views.js for what a table view is). */
export const TARGET_GROUPS = {
  load: (read, { selected }) => {
    const rows = readAll(read, "elbv2", "DescribeTargetGroups", {}, "TargetGroups");
    const balancers = rows.some((g) => (g.LoadBalancerArns ?? []).length) ? readAll(read, "elbv2", "DescribeLoadBalancers", {}, "LoadBalancers") : [];
    return {
      rows,
      balancerNames: Object.fromEntries(balancers.map((b) => [b.LoadBalancerArn, b.LoadBalancerName])),
      // Every group's, for the Health column; a group deleted meanwhile has none.
      health: Object.fromEntries(rows.map((g) => [g.TargetGroupArn,
        readAllOrNone(read, "elbv2", "DescribeTargetHealth", { TargetGroupArn: g.TargetGroupArn }, "TargetHealthDescriptions")])),
      // The selected group's instance targets, for their names and zones.
      instances: selected
        ? Object.fromEntries(readAll(read, "ec2", "DescribeInstances", {}, "Reservations").flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i]))
        : {},
    };
  },
  empty: "No target groups. Create one with Create target group, or from the terminal with aws elbv2 create-target-group.",
  key: (g) => g.TargetGroupArn,
  header: (actions) => [actions.primary()],
  columns: [
    ["Name", (g) => g.TargetGroupName ?? targetGroupName(g.TargetGroupArn)],
    ["Port", (g) => g.Port ?? "–"],
    ["Protocol", (g) => g.Protocol ?? "–"],
    ["Target type", (g) => g.TargetType],
    ["Load balancer", (g, data) => list((g.LoadBalancerArns ?? []).map((arn) => data.balancerNames[arn] ?? arn))],
    ["Targets", (g, data) => healthSummary(data.health[g.TargetGroupArn] ?? [])],
    ["VPC ID", (g) => code(g.VpcId)],
  ],
  details: (group, data, ui) => tabbedPanel({
    prefix: "target-group", title: `Target group: ${group.TargetGroupName}`, label: "Target group details",
    tabs: [["targets", "Targets"], ["health", "Health checks"], ["details", "Details"]],
    current: ui.tab, onSelect: ui.onTab,
  }, (tab) => TARGET_PANES[tab](group, data.health[group.TargetGroupArn] ?? [], data.instances)),
};
