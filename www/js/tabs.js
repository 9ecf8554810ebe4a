// An ARIA tab list: one tab selected, the arrow keys move between tabs.

import { h } from "./dom.js";

/**
 * Tabs `[id, label]` named `label`, with `current` selected; each tab's
 * element id is `${prefix}-${id}` and it controls the element `panelId`.
 * `onSelect(id)` switches (and redraws); focus follows the new tab.
 */
export function tabList({ label, prefix, tabs, current, panelId, onSelect }) {
  const ids = tabs.map(([id]) => id);
  const select = (id) => {
    onSelect(id);
    document.getElementById(`${prefix}-${id}`)?.focus();
  };
  return h("div", { role: "tablist", class: "tabs", "aria-label": label }, tabs.map(([id, text]) => h("button", {
    type: "button",
    role: "tab",
    id: `${prefix}-${id}`,
    "aria-selected": String(id === current),
    "aria-controls": panelId,
    tabindex: id === current ? "0" : "-1",
    onclick: () => select(id),
    onkeydown: (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      select(ids[(ids.indexOf(current) + step + ids.length) % ids.length]);
    },
  }, text)));
}

/**
 * The detail pane under a table: a panel titled `title` with the tabs
 * `[id, label]` named `label` and the pane `pane(tab)` of the current one
 * (the first tab when `current` is not among them). Its elements' ids
 * start with `prefix`: `${prefix}-tab-${id}` for the tabs and
 * `${prefix}-tab-panel` for the pane.
 */
export function tabbedPanel({ prefix, title, label, tabs, current, onSelect }, pane) {
  const tab = tabs.some(([id]) => id === current) ? current : tabs[0][0];
  return h("section", { class: "panel details-panel", "aria-labelledby": `${prefix}-details-title` },
    h("header", { class: "panel-header" }, h("h3", { id: `${prefix}-details-title` }, title)),
    tabList({ label, prefix: `${prefix}-tab`, tabs, current: tab, panelId: `${prefix}-tab-panel`, onSelect }),
    h("div", { role: "tabpanel", id: `${prefix}-tab-panel`, class: "tab-panel", "aria-labelledby": `${prefix}-tab-${tab}` }, pane(tab)));
}
