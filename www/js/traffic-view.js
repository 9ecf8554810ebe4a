// CloudWatch › Traffic: a live chart of requests per second, CPU, healthy
// hosts and desired capacity over simulated time for an Auto Scaling
// group, a load balancer or an instance (one GetMetricData per redraw),
// and the load control, which runs `load start ...` and `load stop` in
// the terminal, where the learner sees the command, and lists the loads
// running. Its controls are kept across redraws (the clock redraws the
// view every tick), so that typing and open lists are not interrupted.

import { field } from "./dialog.js";
import { h, replaceChildren } from "./dom.js";
import { formatTime } from "./format.js";
import { lineChart } from "./metric-chart.js";
import { readAll, readAllOrNone } from "./reads.js";
import {
  PATTERNS, WINDOWS, loadStartLine, loadStopLine, loadUrls, metricDataRequest, trafficSeries, trafficSubjects,
} from "./traffic.js";

/** A <select> whose options are replaced only when they change (an open list stays open). */
function syncOptions(select, options, current) {
  const key = JSON.stringify(options);
  if (select.dataset.options !== key) {
    select.dataset.options = key;
    replaceChildren(select, options.map(([value, label]) => h("option", { value }, label)));
  }
  select.value = current ?? "";
}

export class TrafficPage {
  #now;
  #loads;
  #run;
  #refresh;
  #subject = null;
  #window = WINDOWS[0][0];
  #form = { url: "", rps: "100", pattern: "steady", ramp: "" };
  #root;
  #subjectSelect;
  #windowSelect;
  #urlSelect;
  #charts;
  #outcome;
  #stopAll;
  #loadList;

  /**
   * `now()` is the sandbox's simulated time, `loads()` its running loads
   * (Sandbox.loads()), `run(line)` runs a line in the terminal and returns
   * what it printed, `refresh()` redraws the view.
   */
  constructor({ now, loads, run, refresh }) {
    this.#now = now;
    this.#loads = loads;
    this.#run = run;
    this.#refresh = refresh;
    this.#subjectSelect = h("select", { id: "traffic-subject", onchange: (e) => this.#choose(() => (this.#subject = e.target.value)) });
    this.#windowSelect = h("select", { id: "traffic-window", onchange: (e) => this.#choose(() => (this.#window = e.target.value)) },
      WINDOWS.map(([id, label]) => h("option", { value: id }, label)));
    this.#urlSelect = h("select", { onchange: (e) => (this.#form.url = e.target.value) });
    this.#charts = h("div", { class: "chart-grid" });
    this.#outcome = h("p", { class: "load-outcome", role: "status", hidden: true });
    this.#stopAll = h("button", { type: "button", class: "secondary-button", "data-action": "stopLoads", onclick: () => this.#exec(loadStopLine()) }, "Stop all loads");
    this.#loadList = h("div", {});
    const text = (key, extra) => h("input", { type: "text", value: this.#form[key], oninput: (e) => (this.#form[key] = e.target.value), ...extra });
    this.#root = h("div", { class: "traffic" },
      h("section", { class: "panel", "aria-labelledby": "view-title" },
        h("header", { class: "panel-header" },
          h("h2", { id: "view-title" }, "Traffic"),
          h("div", { class: "panel-actions chart-controls" },
            h("label", { for: "traffic-subject" }, "Show"), this.#subjectSelect,
            h("label", { for: "traffic-window" }, "Time range"), this.#windowSelect)),
        this.#charts),
      h("section", { class: "panel load-panel", "aria-labelledby": "load-title" },
        h("header", { class: "panel-header" },
          h("h3", { id: "load-title" }, "Load"),
          h("div", { class: "panel-actions" }, this.#stopAll)),
        h("form", { class: "load-form", onsubmit: (e) => this.#start(e) },
          field("load-url", "URL", this.#urlSelect, "A load balancer's DNS name or an instance's public IPv4 address."),
          h("div", { class: "field-row" },
            field("load-rps", "Requests per second", text("rps", { type: "number", min: "1", step: "any", inputmode: "decimal" })),
            field("load-pattern", "Pattern", h("select", { onchange: (e) => (this.#form.pattern = e.target.value) },
              PATTERNS.map(([id, label]) => h("option", { value: id, selected: id === this.#form.pattern }, label)))),
            field("load-ramp", "Ramp - optional", text("ramp", { placeholder: "5m", size: "6" })),
            h("button", { type: "submit", class: "primary-button", "data-action": "startLoad" }, "Start load")),
          h("p", { class: "field-hint" }, "Runs load start in the terminal. Ramp is the time to reach the rate: 90s, 5m or 1h.")),
        this.#outcome,
        this.#loadList));
  }

  /** Reads what the page shows: the subjects, the chosen one's metrics, the URLs and the loads. */
  load(read) {
    const groups = readAllOrNone(read, "autoscaling", "DescribeAutoScalingGroups", {}, "AutoScalingGroups");
    const balancers = readAllOrNone(read, "elbv2", "DescribeLoadBalancers", {}, "LoadBalancers");
    const classic = readAllOrNone(read, "elb", "DescribeLoadBalancers", {}, "LoadBalancerDescriptions");
    const targetGroups = balancers.length ? readAllOrNone(read, "elbv2", "DescribeTargetGroups", {}, "TargetGroups") : [];
    const instances = readAll(read, "ec2", "DescribeInstances", {}, "Reservations").flatMap((r) => r.Instances ?? []);
    const subjects = trafficSubjects({ groups, balancers, classic, targetGroups, instances });
    const subject = subjects.find((s) => s.key === this.#subject) ?? subjects[0] ?? null;
    const window = WINDOWS.find(([id]) => id === this.#window);
    const now = this.#now();
    const request = subject && metricDataRequest(subject, now, window);
    const results = request ? read("cloudwatch", "GetMetricData", request).MetricDataResults ?? [] : [];
    const end = Date.parse(now);
    return {
      now,
      window: window[0],
      subjects: subjects.map((s) => [s.key, s.label]),
      subject: subject?.key ?? null,
      range: { start: end - window[2] * 1000, end },
      series: subject ? trafficSeries(subject, results, { start: end - window[2] * 1000, end, period: window[3] }) : [],
      urls: loadUrls({ balancers, classic, instances }),
      loads: this.#loads(),
    };
  }

  /** The view of `data` (from `load`): the same elements each time, brought up to date. */
  render(data) {
    syncOptions(this.#subjectSelect, data.subjects, data.subject);
    this.#subjectSelect.disabled = data.subjects.length === 0;
    this.#windowSelect.value = data.window;
    if (!data.urls.some(([url]) => url === this.#form.url)) this.#form.url = data.urls[0]?.[0] ?? "";
    syncOptions(this.#urlSelect, data.urls, this.#form.url);
    replaceChildren(this.#charts, data.series.length
      ? data.series.map((series) => lineChart({ ...series, ...data.range }))
      : h("p", { class: "empty" }, "Nothing to chart yet: launch an instance, or create a load balancer or an Auto Scaling group."));
    this.#stopAll.disabled = data.loads.length === 0;
    replaceChildren(this.#loadList, loadTable(data.loads, (id) => this.#exec(loadStopLine(id))));
    return this.#root;
  }

  #choose(change) {
    change();
    this.#refresh();
  }

  #start(event) {
    event.preventDefault();
    this.#exec(loadStartLine(this.#form));
  }

  /** Runs `line` in the terminal and shows what it printed under the form. */
  #exec(line) {
    const result = this.#run(line);
    const failed = result.exitCode !== 0;
    this.#outcome.hidden = false;
    this.#outcome.className = failed ? "load-outcome form-error" : "load-outcome flash";
    this.#outcome.setAttribute("role", failed ? "alert" : "status");
    this.#outcome.textContent = `$ ${line}\n${(failed ? result.stderr : result.stdout).trim()}`;
  }
}

/** The running loads, each with its Stop button (`stop(id)`). */
function loadTable(loads, stop) {
  if (loads.length === 0) return h("p", { class: "empty" }, "No load is running.");
  const rate = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return h("div", { class: "table-scroll" }, h("table", { "data-view": "loads", "aria-label": "Running loads" },
    h("thead", {}, h("tr", {}, ["ID", "URL", "Now (req/s)", "Peak (req/s)", "Pattern", "Clients", "Since (UTC)", ""].map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, loads.map((load) => h("tr", { "data-id": load.id },
      h("td", {}, h("code", {}, load.id)),
      h("td", {}, h("code", {}, load.url)),
      h("td", {}, rate(load.rateNow)),
      h("td", {}, rate(load.rps)),
      h("td", {}, load.pattern),
      h("td", {}, String(load.clients)),
      h("td", {}, formatTime(load.since)),
      h("td", {}, h("button", { type: "button", class: "secondary-button", "data-action": "stopLoad", onclick: () => stop(load.id) }, "Stop")))))));
}
