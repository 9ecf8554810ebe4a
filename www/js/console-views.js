// The console frame: a service navigation like the AWS console's and the
// view it selects (by URL hash). Instances, Security Groups and Key Pairs
// are tables filled from Describe* calls; Instances also has row actions,
// a detail pane and "Launch instances" (the launch wizard's own view); the
// other views arrive in later lessons and say so.

import { h, replaceChildren } from "./dom.js";
import { instanceDetails } from "./instance-details.js";

const tag = (item, key) => item.Tags?.find((t) => t.Key === key)?.Value ?? "";

/** `2025-06-02T09:00:00+00:00` → `2025-06-02 09:00` (UTC, as the columns say). */
function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? (iso ?? "–") : date.toISOString().slice(0, 16).replace("T", " ");
}

function stateCell(instance) {
  const state = instance.State?.Name ?? "unknown";
  return h("span", { class: `state state-${state}` }, h("span", { class: "state-dot", "aria-hidden": "true" }), state);
}

/** Views backed by a Describe call: what to ask, which rows, which columns. */
const TABLES = {
  instances: {
    request: ["ec2", "DescribeInstances"],
    rows: (response) => (response.Reservations ?? []).flatMap((r) => r.Instances ?? []),
    empty: "No instances. Launch one with Launch instances, or from the terminal with aws ec2 run-instances.",
    selectable: (i) => i.InstanceId,
    columns: [
      ["Name", (i) => tag(i, "Name") || "–"],
      ["Instance ID", (i) => h("code", {}, i.InstanceId)],
      ["Instance state", stateCell],
      ["Instance type", (i) => i.InstanceType],
      ["Availability Zone", (i) => i.Placement?.AvailabilityZone ?? "–"],
      ["Public IPv4 address", (i) => i.PublicIpAddress ?? "–"],
      ["Launch time (UTC)", (i) => formatTime(i.LaunchTime)],
    ],
  },
  "security-groups": {
    request: ["ec2", "DescribeSecurityGroups"],
    rows: (response) => response.SecurityGroups ?? [],
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
    request: ["ec2", "DescribeKeyPairs"],
    rows: (response) => response.KeyPairs ?? [],
    empty: "No key pairs. Create one from the terminal with aws ec2 create-key-pair.",
    columns: [
      ["Name", (k) => k.KeyName],
      ["Type", (k) => k.KeyType ?? "rsa"],
      ["Created (UTC)", (k) => formatTime(k.CreateTime)],
      ["Fingerprint", (k) => h("code", { class: "fingerprint" }, k.KeyFingerprint)],
      ["ID", (k) => h("code", {}, k.KeyPairId)],
    ],
  },
};

/** The navigation: sections of views; a view without a table is a placeholder. */
const SECTIONS = [
  ["EC2", [
    ["instances", "Instances"],
    ["amis", "AMIs"],
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
  ["S3", [["buckets", "Buckets"]]],
  ["Billing", [["bills", "Bills"]]],
];
const LAUNCH_VIEW = "launch-instance";
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
  #wizard;
  #actions;
  #shown = "";
  #selected = null;
  #detailTab = "details";
  #notice = null;

  /**
   * Fills `nav` with the service navigation and `view` with the selected
   * view; `read(service, action, params)` makes read-only API calls;
   * `wizard` (a LaunchWizard) draws the launch view; `actions` (an
   * InstanceActions) gives the Instances toolbar.
   */
  constructor(nav, view, { read, wizard, actions }) {
    this.#nav = nav;
    this.#view = view;
    this.#read = read;
    this.#wizard = wizard;
    this.#actions = actions;
    replaceChildren(nav, SECTIONS.map(([service, views]) => h("div", { class: "nav-section" },
      h("h2", {}, service),
      h("ul", {}, views.map(([id, label]) => h("li", {}, h("a", { href: `#${id}`, "data-view": id }, label)))))));
    window.addEventListener("hashchange", () => this.refresh());
  }

  /** Shows `text` above the Instances table (an action's outcome). */
  report(text, isError) {
    this.#notice = { text, isError };
    this.#shown = "";
    this.refresh();
  }

  /** Re-reads the selected view's data and redraws it if it changed. */
  refresh() {
    const id = LABELS.has(location.hash.slice(1)) ? location.hash.slice(1) : DEFAULT_VIEW;
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
    let data = null;
    let error = null;
    let groups = [];
    let statuses = [];
    if (table) {
      try {
        data = this.#read(...table.request, {});
        if (table.selectable) {
          groups = this.#read("ec2", "DescribeSecurityGroups", {}).SecurityGroups ?? [];
          statuses = this.#read("ec2", "DescribeInstanceStatus", { IncludeAllInstances: true }).InstanceStatuses ?? [];
        }
      } catch (e) {
        error = e;
      }
    }
    const shown = JSON.stringify([id, data, groups, statuses, this.#selected, this.#detailTab, error && `${error.code}: ${error.message}`]);
    if (shown === this.#shown) return;
    this.#shown = shown;
    const title = LABELS.get(id);
    let body;
    if (error) body = h("p", { class: "view-error", role: "alert" }, `Could not load ${title}: ${error.code ?? "Error"}: ${error.message}`);
    else if (table?.selectable) body = this.#instancesView(id, table, title, table.rows(data), groups, statuses);
    else if (table) body = tableView(id, table, title, table.rows(data));
    else body = placeholder(title);
    const focused = document.activeElement?.id;
    replaceChildren(this.#view, breadcrumbs(id), body);
    if (focused) document.getElementById(focused)?.focus();
  }

  #instancesView(id, table, title, rows, groups, statuses) {
    const selected = rows.find((row) => table.selectable(row) === this.#selected) ?? null;
    const select = (key) => {
      this.#selected = key;
      this.#notice = null;
      this.refresh();
    };
    const notice = this.#notice;
    const view = tableView(id, table, title, rows, {
      selection: { selected: this.#selected, select },
      actions: [
        this.#actions.toolbar(selected),
        h("a", { href: `#${LAUNCH_VIEW}`, class: "primary-button" }, "Launch instances"),
      ],
    });
    return [
      notice && h("p", { class: notice.isError ? "flash flash-error" : "flash", role: notice.isError ? "alert" : "status" }, notice.text),
      view,
      selected && instanceDetails(selected, {
        tab: this.#detailTab,
        groups,
        status: statuses.find((s) => s.InstanceId === selected.InstanceId),
        onTab: (tab) => {
          this.#detailTab = tab;
          this.refresh();
        },
      }),
    ];
  }

}

function breadcrumbs(id) {
  return h("p", { class: "breadcrumbs" }, `${SERVICES.get(id)} › ${LABELS.get(id)}`);
}

/**
 * A table panel; with `selection` ({ selected, select(key) }) each row
 * starts with a radio button that selects it; `actions` go in the header.
 */
function tableView(id, table, title, rows, { selection = null, actions = [] } = {}) {
  const selectCell = (row) => {
    const key = table.selectable(row);
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
          class: selection && table.selectable(row) === selection.selected ? "is-selected" : null,
          "data-id": selection ? table.selectable(row) : null,
        },
        selection && selectCell(row),
        table.columns.map(([, cell]) => h("td", {}, cell(row)))))))));
}

function placeholder(title) {
  return h("section", { class: "panel placeholder", "aria-labelledby": "view-title" },
    h("h2", { id: "view-title" }, title),
    h("p", {}, `${title} arrive in a later lesson.`));
}

function permissionEntries(count) {
  return count === 1 ? "1 permission entry" : `${count} permission entries`;
}
