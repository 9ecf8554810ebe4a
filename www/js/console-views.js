// The console frame: a service navigation like the AWS console's and the
// view it selects (by URL hash). Instances, AMIs, Volumes, Snapshots,
// Launch Templates, Security Groups, Key Pairs, Load Balancers, Target
// Groups, Auto Scaling Groups, Alarms, ECS Clusters and Task definitions
// are tables filled from Describe* calls; selecting a row offers its
// actions (where the view has any) and a detail pane (tabs, or the
// storage of a volume's snapshots), whose own tables may have rows to
// pick (a cluster's services and tasks). "Launch
// instances" opens the launch wizard's own view; Billing's home shows what
// the account costs, by service and by resource (whose ids open their
// views); CloudWatch's Traffic charts the metrics load produces and holds
// the load control; S3 arrives in a later lesson and says so.

import { AUTO_SCALING_GROUPS } from "./autoscaling-view.js";
import { billingView } from "./billing-view.js";
import { code, stateBadge, tag } from "./cells.js";
import { ALARMS } from "./cloudwatch-views.js";
import { h, replaceChildren, updateChildren } from "./dom.js";
import { attachedResources, blockDevices, formatBytes } from "./ebs.js";
import { ECS_CLUSTERS, TASK_DEFINITIONS } from "./ecs-views.js";
import { LOAD_BALANCERS, TARGET_GROUPS } from "./elb-views.js";
import { formatTime } from "./format.js";
import { instanceDetails } from "./instance-details.js";
import { LAUNCH_TEMPLATES } from "./launch-templates.js";
import { snapshotStoragePanel } from "./snapshot-storage.js";

const LAUNCH_VIEW = "launch-instance";

/** A volume's state, and its modification's while one runs. */
function volumeState(volume, modifications) {
  const m = modifications.find((x) => x.VolumeId === volume.VolumeId && x.ModificationState !== "completed");
  return stateBadge(volume.State, m && h("span", { class: "muted" }, ` – ${m.ModificationState} (${m.Progress}%)`));
}

const instancesOf = (response) => (response.Reservations ?? []).flatMap((r) => r.Instances ?? []);
const ownSnapshots = (read) => read("ec2", "DescribeSnapshots", { OwnerIds: ["self"] }).Snapshots ?? [];

/**
 * The table views: `load(read, { selected })` makes the Describe calls
 * (those of the selected row's details too) and returns `{ rows, ... }`;
 * `columns` are `[label, cell(row, data)]`. A view with `key` has
 * selectable rows, the toolbar of its `actions` (`toolbar(row)` when
 * they have one, and the `header` buttons) when it has any, and maybe
 * `details(row, data, ui)` under the table, where `ui.tab` is the detail
 * tab chosen (null: the first), `ui.onTab(id)` switches it, `ui.pick(kind)`
 * is the key of the row of kind `kind` picked in the pane (null: none)
 * and `ui.onPick(kind, key)` picks one, `ui.actions` are the view's
 * actions and `ui.storage()` reads Sandbox.snapshotStorage (only then: it
 * walks every block, and DescribeSnapshots already shows when it changes).
 */
const TABLES = {
  instances: {
    load: (read) => ({
      rows: instancesOf(read("ec2", "DescribeInstances")),
      groups: read("ec2", "DescribeSecurityGroups").SecurityGroups ?? [],
      statuses: read("ec2", "DescribeInstanceStatus", { IncludeAllInstances: true }).InstanceStatuses ?? [],
    }),
    empty: "No instances. Launch one with Launch instances, or from the terminal with aws ec2 run-instances.",
    key: (i) => i.InstanceId,
    header: () => [h("a", { href: `#${LAUNCH_VIEW}`, class: "primary-button" }, "Launch instances")],
    columns: [
      ["Name", (i) => tag(i, "Name") || "–"],
      ["Instance ID", (i) => h("code", {}, i.InstanceId)],
      ["Instance state", (i) => stateBadge(i.State?.Name)],
      ["Instance type", (i) => i.InstanceType],
      ["Availability Zone", (i) => i.Placement?.AvailabilityZone ?? "–"],
      ["Public IPv4 address", (i) => i.PublicIpAddress ?? "–"],
      ["Launch time (UTC)", (i) => formatTime(i.LaunchTime)],
    ],
    details: (instance, data, ui) => instanceDetails(instance, {
      tab: ui.tab,
      groups: data.groups,
      status: data.statuses.find((s) => s.InstanceId === instance.InstanceId),
      onTab: ui.onTab,
    }),
  },
  amis: {
    load: (read) => ({ rows: read("ec2", "DescribeImages", { Owners: ["self"] }).Images ?? [] }),
    empty: "You don't own any AMIs. Create one from an instance: Instances, then Image and templates › Create image.",
    key: (i) => i.ImageId,
    header: (actions, image) => [actions.primary(image)],
    columns: [
      ["Name", (i) => tag(i, "Name") || "–"],
      ["AMI name", (i) => i.Name],
      ["AMI ID", (i) => h("code", {}, i.ImageId)],
      ["Source", (i) => i.ImageLocation ?? "–"],
      ["Owner", (i) => i.OwnerId],
      ["Visibility", (i) => (i.Public ? "Public" : "Private")],
      ["Status", (i) => stateBadge(i.State)],
      ["Creation date (UTC)", (i) => formatTime(i.CreationDate)],
      ["Platform", (i) => i.PlatformDetails ?? "–"],
      ["Root device name", (i) => i.RootDeviceName ?? "–"],
      ["Block devices", (i) => blockDevices(i) || "–"],
    ],
  },
  volumes: {
    load: (read) => ({
      rows: read("ec2", "DescribeVolumes").Volumes ?? [],
      instances: instancesOf(read("ec2", "DescribeInstances")),
      modifications: read("ec2", "DescribeVolumesModifications").VolumesModifications ?? [],
      snapshots: ownSnapshots(read),
    }),
    empty: "No volumes. Create one with Create volume, or from the terminal with aws ec2 create-volume.",
    key: (v) => v.VolumeId,
    header: (actions) => [actions.primary()],
    columns: [
      ["Name", (v) => tag(v, "Name") || "–"],
      ["Volume ID", (v) => h("code", {}, v.VolumeId)],
      ["Type", (v) => v.VolumeType],
      ["Size", (v) => `${v.Size} GiB`],
      ["IOPS", (v) => v.Iops ?? "–"],
      ["Throughput", (v) => v.Throughput ?? "–"],
      ["Snapshot", (v) => code(v.SnapshotId)],
      ["Created (UTC)", (v) => formatTime(v.CreateTime)],
      ["Availability Zone", (v) => v.AvailabilityZone],
      ["Volume state", (v, data) => volumeState(v, data.modifications)],
      ["Attached resources", (v, data) => attachedResources(v, data.instances) || "–"],
    ],
    details: (volume, data, ui) => snapshotStoragePanel(volume.VolumeId, ui.storage(), data.snapshots),
  },
  snapshots: {
    load: (read) => ({ rows: ownSnapshots(read) }),
    empty: "No snapshots. Select a volume in Volumes and choose Create snapshot, or run aws ec2 create-snapshot.",
    key: (s) => s.SnapshotId,
    header: (actions) => [actions.primary()],
    columns: [
      ["Name", (s) => tag(s, "Name") || "–"],
      ["Snapshot ID", (s) => h("code", {}, s.SnapshotId)],
      ["Full snapshot size", (s) => (s.FullSnapshotSizeInBytes === undefined ? "–" : formatBytes(s.FullSnapshotSizeInBytes))],
      ["Volume size", (s) => `${s.VolumeSize} GiB`],
      ["Description", (s) => s.Description || "–"],
      ["Storage tier", (s) => s.StorageTier.charAt(0).toUpperCase() + s.StorageTier.slice(1)],
      ["Snapshot status", (s) => stateBadge(s.State)],
      ["Started (UTC)", (s) => formatTime(s.StartTime)],
      ["Progress", (s) => s.Progress],
      ["Volume ID", (s) => h("code", {}, s.VolumeId)],
    ],
    details: (snapshot, data, ui) => snapshotStoragePanel(snapshot.VolumeId, ui.storage(), data.rows),
  },
  "launch-templates": LAUNCH_TEMPLATES,
  "security-groups": {
    load: (read) => ({ rows: read("ec2", "DescribeSecurityGroups").SecurityGroups ?? [] }),
    empty: "No security groups.",
    columns: [
      ["Security group name", (g) => g.GroupName],
      ["Security group ID", (g) => h("code", {}, g.GroupId)],
      ["VPC ID", (g) => h("code", {}, g.VpcId ?? "–")],
      ["Description", (g) => g.Description],
      ["Inbound rules", (g) => permissionEntries((g.IpPermissions ?? []).length)],
    ],
  },
  "key-pairs": {
    load: (read) => ({ rows: read("ec2", "DescribeKeyPairs").KeyPairs ?? [] }),
    empty: "No key pairs. Create one from the terminal with aws ec2 create-key-pair.",
    columns: [
      ["Name", (k) => k.KeyName],
      ["Type", (k) => k.KeyType ?? "rsa"],
      ["Created (UTC)", (k) => formatTime(k.CreateTime)],
      ["Fingerprint", (k) => h("code", { class: "fingerprint" }, k.KeyFingerprint)],
      ["ID", (k) => h("code", {}, k.KeyPairId)],
    ],
  },
  "load-balancers": LOAD_BALANCERS,
  "target-groups": TARGET_GROUPS,
  "auto-scaling-groups": AUTO_SCALING_GROUPS,
  "ecs-clusters": ECS_CLUSTERS,
  "task-definitions": TASK_DEFINITIONS,
  alarms: ALARMS,
};

/**
 * The views that are not one table: `load(read, { costs, actions })`
 * reads their data (`costs()` is Sandbox.costs(), `actions` the view's
 * own from the constructor's) and `render(data, link, actions)` draws it,
 * where `link(view, key)` is a link that opens `view` with the row `key`
 * selected. What render returns replaces the view, except elements it
 * returns again, which stay in place (see updateChildren).
 */
const PAGES = {
  billing: {
    load: (read, { costs }) => ({ costs: costs(), volumes: read("ec2", "DescribeVolumes").Volumes ?? [] }),
    render: (data, link, actions) => billingView(data.costs, data.volumes, link, actions),
  },
  traffic: {
    load: (read, { actions }) => actions.load(read),
    render: (data, _link, actions) => actions.render(data),
  },
};

/** The navigation: sections of views; a view that is neither a table nor a page is a placeholder. */
const SECTIONS = [
  ["EC2", [
    ["instances", "Instances"],
    ["amis", "AMIs"],
    ["launch-templates", "Launch Templates"],
    ["volumes", "Volumes"],
    ["snapshots", "Snapshots"],
    ["security-groups", "Security Groups"],
    ["key-pairs", "Key Pairs"],
  ]],
  ["Load Balancing", [
    ["load-balancers", "Load Balancers"],
    ["target-groups", "Target Groups"],
  ]],
  ["Auto Scaling", [["auto-scaling-groups", "Auto Scaling Groups"]]],
  ["Elastic Container Service", [
    ["ecs-clusters", "Clusters"],
    ["task-definitions", "Task definitions"],
  ]],
  ["CloudWatch", [
    ["alarms", "Alarms"],
    ["traffic", "Traffic"],
  ]],
  ["S3", [["buckets", "Buckets"]]],
  ["Billing and Cost Management", [["billing", "Home"]]],
];
const LABELS = new Map([...SECTIONS.flatMap(([, views]) => views), [LAUNCH_VIEW, "Launch an instance"]]);
const SERVICES = new Map([
  ...SECTIONS.flatMap(([service, views]) => views.map(([id]) => [id, service])),
  [LAUNCH_VIEW, "EC2 › Instances"],
]);
const DEFAULT_VIEW = "instances";

export class ConsoleViews {
  #nav;
  #view;
  #read;
  #storage;
  #costs;
  #wizard;
  #actions;
  #shown = "";
  #selected = new Map();
  #detailTabs = new Map();
  #picks = new Map();
  #notice = null;

  /**
   * Fills `nav` with the service navigation and `view` with the selected
   * view; `read(service, action, params)` makes read-only API calls,
   * `storage()` returns Sandbox.snapshotStorage() and `costs()`
   * Sandbox.costs(); `wizard` (a LaunchWizard) draws the launch view;
   * `actions` holds each view's actions by view id (`instances`, `amis`,
   * `volumes`, `snapshots`, `launch-templates`, `load-balancers`,
   * `target-groups`, `auto-scaling-groups`, `ecs-clusters`, `alarms`,
   * `billing`, `traffic`).
   */
  constructor(nav, view, { read, storage, costs, wizard, actions }) {
    this.#nav = nav;
    this.#view = view;
    this.#read = read;
    this.#storage = storage;
    this.#costs = costs;
    this.#wizard = wizard;
    this.#actions = actions;
    replaceChildren(nav, SECTIONS.map(([service, views]) => h("div", { class: "nav-section" },
      h("h2", {}, service),
      h("ul", {}, views.map(([id, label]) => h("li", {}, h("a", { href: `#${id}`, "data-view": id }, label)))))));
    window.addEventListener("hashchange", () => this.refresh());
  }

  /** Shows `text` above the current view's table (an action's outcome). */
  report(text, isError) {
    this.#notice = { view: this.#current(), text, isError };
    this.#shown = "";
    this.refresh();
  }

  /** Opens the launch form with `imageId` chosen (Launch instance from AMI). */
  launchFrom(imageId) {
    this.#wizard.choose(imageId);
    location.hash = `#${LAUNCH_VIEW}`;
  }

  #current() {
    return LABELS.has(location.hash.slice(1)) ? location.hash.slice(1) : DEFAULT_VIEW;
  }

  /** Re-reads the selected view's data and redraws it if it changed. */
  refresh() {
    const id = this.#current();
    for (const link of this.#nav.querySelectorAll("a")) {
      const current = link.dataset.view === id || (id === LAUNCH_VIEW && link.dataset.view === DEFAULT_VIEW);
      if (current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (id === LAUNCH_VIEW) {
      // The form keeps its own state: drawn once each time it is opened.
      if (this.#shown === LAUNCH_VIEW) return;
      this.#shown = LAUNCH_VIEW;
      const form = h("div", {});
      replaceChildren(this.#view, breadcrumbs(id), form);
      this.#wizard.open(form);
      return;
    }
    const table = TABLES[id];
    const page = PAGES[id];
    let data = null;
    let error = null;
    if (table || page) {
      try {
        data = (table ?? page).load(this.#read, { costs: this.#costs, selected: this.#selected.get(id), actions: this.#actions[id] });
      } catch (e) {
        error = e;
      }
    }
    const notice = this.#notice?.view === id ? this.#notice : null;
    const shown = JSON.stringify([id, data, this.#selected.get(id), this.#detailTabs.get(id), this.#picks.get(id), notice, error && `${error.code}: ${error.message}`]);
    if (shown === this.#shown) return;
    this.#shown = shown;
    const title = LABELS.get(id);
    let body;
    if (error) body = h("p", { class: "view-error", role: "alert" }, `Could not load ${title}: ${error.code ?? "Error"}: ${error.message}`);
    else if (table?.key) body = this.#selectableView(id, table, title, data, notice);
    else if (table) body = tableView(id, table, title, data);
    else if (page) body = page.render(data, (view, key) => this.#link(view, key), this.#actions[id]);
    else body = placeholder(title);
    const focused = document.activeElement?.id;
    updateChildren(this.#view, breadcrumbs(id), body);
    if (focused) document.getElementById(focused)?.focus();
  }

  /**
   * A link to `view` with the row `key` selected (set as the link is
   * followed); its id keeps it focused when the view is redrawn.
   */
  #link(view, key) {
    return h("a", {
      href: `#${view}`,
      id: `show-${key}`,
      title: `Show in ${LABELS.get(view)}`,
      onclick: () => this.#selected.set(view, key),
    }, h("code", {}, key));
  }

  #selectableView(id, table, title, data, notice) {
    const selected = data.rows.find((row) => table.key(row) === this.#selected.get(id)) ?? null;
    const select = (key) => {
      this.#selected.set(id, key);
      this.#notice = null;
      this.refresh();
    };
    const actions = this.#actions[id];
    const view = tableView(id, table, title, data, {
      selection: { selected: this.#selected.get(id), select },
      actions: actions ? [actions.toolbar?.(selected), ...(table.header?.(actions, selected) ?? [])] : [],
    });
    const ui = {
      storage: this.#storage,
      actions,
      tab: this.#detailTabs.get(id) ?? null,
      onTab: (tab) => {
        this.#detailTabs.set(id, tab);
        this.refresh();
      },
      pick: (kind) => this.#picks.get(id)?.[kind] ?? null,
      onPick: (kind, key) => {
        this.#picks.set(id, { ...this.#picks.get(id), [kind]: key });
        this.#notice = null;
        this.refresh();
      },
    };
    return [
      notice && h("p", { class: notice.isError ? "flash flash-error" : "flash", role: notice.isError ? "alert" : "status" }, notice.text),
      view,
      selected && table.details?.(selected, data, ui),
    ];
  }
}

function breadcrumbs(id) {
  return h("p", { class: "breadcrumbs" }, `${SERVICES.get(id)} › ${LABELS.get(id)}`);
}

/**
 * A table panel of `data.rows`; with `selection` ({ selected, select(key) }) each row
 * starts with a radio button that selects it; `actions` go in the header.
 */
function tableView(id, table, title, data, { selection = null, actions = [] } = {}) {
  const { rows } = data;
  const selectCell = (row) => {
    const key = table.key(row);
    return h("td", { class: "select-cell" }, h("input", {
      type: "radio",
      name: `${id}-selected`,
      id: `select-${key}`,
      value: key,
      checked: key === selection.selected,
      "aria-label": `Select ${key}`,
      onchange: () => selection.select(key),
    }));
  };
  return h("section", { class: "panel", "aria-labelledby": "view-title" },
    h("header", { class: "panel-header" },
      h("h2", { id: "view-title" }, title, h("span", { class: "count" }, ` (${rows.length})`)),
      actions.length > 0 && h("div", { class: "panel-actions" }, actions)),
    rows.length === 0
      ? h("p", { class: "empty" }, table.empty)
      : h("div", { class: "table-scroll" }, h("table", { "data-view": id },
        h("thead", {}, h("tr", {},
          selection && h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Select")),
          table.columns.map(([label]) => h("th", { scope: "col" }, label)))),
        h("tbody", {}, rows.map((row) => h("tr", {
          class: selection && table.key(row) === selection.selected ? "is-selected" : null,
          "data-id": selection ? table.key(row) : null,
        },
        selection && selectCell(row),
        table.columns.map(([, cell]) => h("td", {}, cell(row, data)))))))));
}

function placeholder(title) {
  return h("section", { class: "panel placeholder", "aria-labelledby": "view-title" },
    h("h2", { id: "view-title" }, title),
    h("p", {}, `${title} arrive in a later lesson.`));
}

function permissionEntries(count) {
  return count === 1 ? "1 permission entry" : `${count} permission entries`;
}
