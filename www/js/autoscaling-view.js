// EC2 Auto Scaling › Auto Scaling Groups: the groups
// (DescribeAutoScalingGroups) as the console lists them; the selected
// group's details, activity history (DescribeScalingActivities),
// automatic scaling policies (DescribePolicies, with their alarms'
// conditions) and instances; and its actions, Edit capacity
// (SetDesiredCapacity or UpdateAutoScalingGroup, AWS's refusals shown in
// the dialog) and Delete.

import { capacityRequest, groupStatus, launchSource, policyAlarms, policySummary, policyTypeLabel } from "./autoscaling.js";
import { code, detailTable, facts, stateBadge } from "./cells.js";
import { cliLine } from "./cli-equivalent.js";
import { field, openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { formatTime } from "./format.js";
import { readAll, readAllOrNone } from "./reads.js";
import { tabbedPanel } from "./tabs.js";

const TABS = [
  ["details", "Details"],
  ["activity", "Activity"],
  ["scaling", "Automatic scaling"],
  ["instances", "Instance management"],
];

/** The newest activities the Activity tab shows (the console pages by 100 too). */
const ACTIVITIES = 100;

const list = (items) => (items.length ? items.join(", ") : "–");

const PANES = {
  details: (g) => facts([
    ["Auto Scaling group name", g.AutoScalingGroupName],
    ["Desired capacity", g.DesiredCapacity],
    ["Minimum capacity", g.MinSize],
    ["Maximum capacity", g.MaxSize],
    ["Launch template/configuration", launchSource(g)],
    ["Availability Zones", list(g.AvailabilityZones ?? [])],
    ["Subnets", list((g.VPCZoneIdentifier ?? "").split(",").filter(Boolean))],
    ["Load balancer target groups", list((g.TargetGroupARNs ?? []).map((arn) => arn.slice(arn.lastIndexOf(":") + 1)))],
    ["Classic Load Balancers", list(g.LoadBalancerNames ?? [])],
    ["Health check type", g.HealthCheckType],
    ["Health check grace period", g.HealthCheckGracePeriod === undefined ? undefined : `${g.HealthCheckGracePeriod} seconds`],
    ["Default cooldown", g.DefaultCooldown === undefined ? undefined : `${g.DefaultCooldown} seconds`],
    ["Termination policies", list(g.TerminationPolicies ?? [])],
    ["Suspended processes", list((g.SuspendedProcesses ?? []).map((p) => p.ProcessName))],
    ["Date created (UTC)", formatTime(g.CreatedTime)],
    ["ARN", code(g.AutoScalingGroupARN)],
  ]),
  activity: (_g, data) => detailTable("Activity history", ["Status", "Description", "Cause", "Start time (UTC)", "End time (UTC)"],
    data.activities.map((a) => [
      stateBadge(a.StatusCode, a.StatusMessage && h("span", { class: "muted" }, ` – ${a.StatusMessage}`)),
      h("span", { class: "wrap" }, a.Description),
      h("span", { class: "wrap" }, a.Cause),
      formatTime(a.StartTime),
      a.EndTime ? formatTime(a.EndTime) : "–",
    ]),
    "No activity yet."),
  scaling: (_g, data) => detailTable("Scaling policies", ["Policy name", "Policy type", "Enabled", "Execute policy when", "Take the action"],
    data.policies.map((p) => {
      const summary = policySummary(p, data.alarms);
      return [p.PolicyName, policyTypeLabel(p.PolicyType), p.Enabled === false ? "No" : "Yes",
        h("span", { class: "wrap" }, summary.when), h("span", { class: "wrap" }, summary.action)];
    }),
    "No scaling policies. Add one from the terminal with aws autoscaling put-scaling-policy."),
  instances: (g) => detailTable("Instances", ["Instance ID", "Lifecycle", "Instance type", "Launch template/configuration", "Availability Zone", "Health status", "Protected from scale in"],
    (g.Instances ?? []).map((i) => [
      h("code", { "data-instance": i.InstanceId }, i.InstanceId),
      stateBadge(i.LifecycleState),
      i.InstanceType ?? "–",
      launchSource(i),
      i.AvailabilityZone,
      stateBadge(i.HealthStatus),
      i.ProtectedFromScaleIn ? "Yes" : "No",
    ]),
    "No instances."),
};

/** What the selected group's tabs read (nothing when none is selected, or it is gone). */
function selectedGroup(read, name) {
  if (!name) return { activities: [], policies: [], alarms: [] };
  let activities = [];
  try {
    activities = read("autoscaling", "DescribeScalingActivities", { AutoScalingGroupName: name, MaxRecords: ACTIVITIES }).Activities ?? [];
  } catch {
    // The group was deleted since it was selected.
  }
  const policies = readAllOrNone(read, "autoscaling", "DescribePolicies", { AutoScalingGroupName: name }, "ScalingPolicies");
  // The alarms that invoke its policies (see policyAlarms), with their conditions.
  const alarms = policies.length
    ? readAllOrNone(read, "cloudwatch", "DescribeAlarms", {}, "MetricAlarms").filter((alarm) => policies.some((p) => policyAlarms(p, [alarm]).some((a) => a === alarm)))
    : [];
  return { activities, policies, alarms };
}

/** The Auto Scaling Groups table (see console-views.js for what a table view is). */
export const AUTO_SCALING_GROUPS = {
  load: (read, { selected }) => ({
    rows: readAll(read, "autoscaling", "DescribeAutoScalingGroups", {}, "AutoScalingGroups"),
    ...selectedGroup(read, selected),
  }),
  empty: "No Auto Scaling groups. Create one from the terminal with aws autoscaling create-auto-scaling-group.",
  key: (g) => g.AutoScalingGroupName,
  columns: [
    ["Name", (g) => g.AutoScalingGroupName],
    ["Launch template/configuration", launchSource],
    ["Instances", (g) => (g.Instances ?? []).length],
    ["Status", (g) => {
      const status = groupStatus(g);
      return status ? stateBadge(status === "Deleting" ? "deleting" : "updating", null, status) : "–";
    }],
    ["Desired capacity", (g) => g.DesiredCapacity],
    ["Min", (g) => g.MinSize],
    ["Max", (g) => g.MaxSize],
    ["Availability Zones", (g) => list(g.AvailabilityZones ?? [])],
  ],
  details: (group, data, ui) => tabbedPanel({
    prefix: "group", title: `Auto Scaling group: ${group.AutoScalingGroupName}`, label: "Auto Scaling group details",
    tabs: TABS, current: ui.tab, onSelect: ui.onTab,
  }, (tab) => PANES[tab](group, data)),
};

/** The Auto Scaling Groups view's toolbar and dialogs. */
export class AutoScalingActions {
  #call;
  #report;

  /** `call(service, action, params)` changes the world; `report(text, isError)` tells the outcome. */
  constructor({ call, report }) {
    this.#call = call;
    this.#report = report;
  }

  /** The toolbar for `group` (none selected: disabled). */
  toolbar(group) {
    const button = (key, label, onclick, kind = "secondary-button") => h("button", {
      type: "button", class: kind, "data-action": key, disabled: !group || Boolean(group.Status), onclick: () => onclick(group),
    }, label);
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Auto Scaling group actions" },
      button("editCapacity", "Edit capacity", (g) => this.#editCapacity(g)),
      button("deleteGroup", "Delete", (g) => this.#delete(g), "secondary-button danger"));
  }

  #editCapacity(group) {
    const form = { desired: String(group.DesiredCapacity), min: String(group.MinSize), max: String(group.MaxSize) };
    const command = h("pre", { class: "cli-equivalent", "aria-live": "polite" });
    const showCommand = () => {
      const request = capacityRequest(group, form);
      command.textContent = request ? cliLine("autoscaling", ...request) : "No change.";
    };
    const size = (key, label) => field(`capacity-${key}`, label, h("input", {
      type: "number", min: "0", inputmode: "numeric", value: form[key], oninput: (e) => {
        form[key] = e.target.value;
        showCommand();
      },
    }));
    showCommand();
    openDialog(`Edit capacity: ${group.AutoScalingGroupName}`, [
      h("div", { class: "field-row" }, size("desired", "Desired capacity"), size("min", "Min desired capacity"), size("max", "Max desired capacity")),
      h("p", { class: "field-hint" }, "The desired capacity must be within the minimum and maximum. The same change from the terminal:"),
      command,
    ], [["Update", (close) => {
      const request = capacityRequest(group, form);
      if (request) this.#call("autoscaling", ...request);
      close();
      if (request) {
        this.#report(`Updated ${group.AutoScalingGroupName}: desired capacity ${form.desired}, minimum ${form.min}, maximum ${form.max}.`, false);
      }
    }, "primary"]]);
  }

  #delete(group) {
    openDialog("Delete Auto Scaling group?", [
      h("p", {}, "Delete ", h("code", {}, group.AutoScalingGroupName), "? Its instances are terminated too."),
      h("pre", { class: "cli-equivalent" }, cliLine("autoscaling", "DeleteAutoScalingGroup", { AutoScalingGroupName: group.AutoScalingGroupName, ForceDelete: true })),
    ], [["Delete", (close) => {
      this.#call("autoscaling", "DeleteAutoScalingGroup", { AutoScalingGroupName: group.AutoScalingGroupName, ForceDelete: true });
      close();
      this.#report(`Deleting Auto Scaling group ${group.AutoScalingGroupName} and terminating its instances.`, false);
    }, "danger"]]);
  }
}
