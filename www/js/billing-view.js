// The Billing view, laid out like the console's Billing and Cost
// Management home: the cost summary (month to date, the month's forecast,
// the rate now and the total since the account opened), whether the free
// tier applies, and what each service and each resource has cost and costs
// per hour, highest rate first. Built from Sandbox.costs().

import { byRate, formatMoney, formatRate, monthName, resourceView, resourceWhat } from "./billing.js";
import { h } from "./dom.js";

/** The free tier's allowances, as the note states them (src/billing/usage.rs, Pool). */
const FREE_TIER_ON = "Free tier: on. Each month of the account's first 12, it covers 750 hours of t2.micro, " +
  "30 GB of EBS storage, 1 GB of snapshots and 750 hours of public IPv4 addresses; what it covers costs $0.00 an hour " +
  "until the month's allowance is used up.";
const FREE_TIER_OFF = "Free tier: off. Every resource is charged at us-east-1 On-Demand prices, as for accounts opened " +
  "since 15 July 2025, which get credits instead of the 12-month free tier.";

const table = (id, label, headers, rows) => h("div", { class: "table-scroll" },
  h("table", { "data-view": id, "aria-label": label },
    h("thead", {}, h("tr", {}, headers.map((header) => h("th", { scope: "col" }, header)))),
    h("tbody", {}, rows)));

const panel = (id, title, body) => h("section", { class: "panel billing-panel", "aria-labelledby": id },
  h("header", { class: "panel-header" }, h("h3", { id }, title)), body);

/**
 * The view of `costs` (Sandbox.costs()); `volumes` (DescribeVolumes) give
 * volume sizes; `link(view, id)` is a link that opens `view` with the row
 * `id` selected; `actions.setFreeTier(on)` switches the free tier.
 */
export function billingView(costs, volumes, link, actions) {
  const month = monthName(costs.month);
  const services = byRate(costs.services);
  const resources = byRate(costs.resources);
  const empty = "Nothing has been billed yet. Launch an instance and let the clock run.";
  const idCell = (resource) => {
    const view = resourceView(resource);
    return view ? link(view, resource.id) : h("code", {}, resource.id);
  };
  return [
    h("section", { class: "panel", "aria-labelledby": "view-title" },
      h("header", { class: "panel-header" }, h("h2", { id: "view-title" }, "Billing and Cost Management home")),
      h("dl", { class: "cost-summary" },
        summary("cost-month-to-date", `Month-to-date cost (${month})`, formatMoney(costs.monthToDate)),
        summary("cost-forecast", `Total forecasted cost for ${month}`, formatMoney(costs.forecast)),
        summary("cost-rate", "Current rate", formatRate(costs.ratePerHour)),
        summary("cost-total", "Total since the account opened", formatMoney(costs.total))),
      h("p", { class: costs.freeTier ? "billing-note free-tier-on" : "billing-note", id: "free-tier-note" },
        costs.freeTier ? FREE_TIER_ON : FREE_TIER_OFF, " ",
        actions && h("button", {
          type: "button", class: "link-button", id: "free-tier-toggle",
          onclick: () => actions.setFreeTier(!costs.freeTier),
        }, costs.freeTier ? "Turn the free tier off" : "Turn the free tier on (recomputes the bill)")),
      h("p", { class: "billing-note muted" },
        "The forecast is the month so far plus the current rates until the month ends. ",
        "In the terminal, ", h("code", {}, "aws ce get-cost-and-usage"), " reads the same ledger.")),
    panel("billing-services-title", "Costs by service", services.length === 0
      ? h("p", { class: "empty" }, empty)
      : table("billing-services", "Costs by service", ["Service", "Total so far", "Rate"],
        services.map((s) => h("tr", { "data-id": s.service },
          h("td", {}, s.service), h("td", {}, formatMoney(s.total)), h("td", {}, formatRate(s.ratePerHour)))))),
    panel("billing-resources-title", "Costs by resource", resources.length === 0
      ? h("p", { class: "empty" }, empty)
      : table("billing-resources", "Costs by resource", ["Resource", "What", "Region", "Total so far", "Rate"],
        resources.map((r) => h("tr", { "data-id": r.id },
          h("td", {}, idCell(r)), h("td", { class: "what" }, resourceWhat(r, volumes)), h("td", {}, r.region),
          h("td", {}, formatMoney(r.total)), h("td", {}, formatRate(r.ratePerHour)))))),
  ];
}

function summary(id, label, value) {
  return h("div", { class: "cost-card" }, h("dt", {}, label), h("dd", { id }, value));
}
