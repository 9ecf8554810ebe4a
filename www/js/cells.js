// How the console's tables and detail panes write common things: a state
// with its coloured dot, a tag, an id, label/value facts and small tables.

import { h } from "./dom.js";

/** The value of `item`'s tag `key` ("" when it has none). */
export const tag = (item, key) => item?.Tags?.find((t) => t.Key === key)?.Value ?? "";

/** An id in code type, or "–" when there is none. */
export const code = (text) => (text ? h("code", {}, text) : "–");

/**
 * A state with its coloured dot, e.g. `running`, `in-use`, `ALARM`; the
 * class is `state-${state}` (styles.css colours them) and `label`, when
 * given, is the text shown instead of the state's own name.
 */
export function stateBadge(state = "unknown", extra = null, label = state) {
  return h("span", { class: `state state-${state}`, "data-state": state },
    h("span", { class: "state-dot", "aria-hidden": "true" }), label, extra);
}

/** Label/value pairs as a definition list ("–" for a missing value). */
export const facts = (pairs) => h("dl", { class: "facts" },
  pairs.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value ?? "–")]));

/**
 * A small table of `rows` (arrays of cells) under `headers`, or `empty`
 * when there are none. With `pick` (`{ name, keys, selected, onPick }`,
 * `keys[i]` the key of `rows[i]`) each row starts with a radio button
 * (id `${name}-${key}`) that picks it, as the console's tables inside a
 * detail pane do; the picked row is marked.
 */
export const detailTable = (label, headers, rows, empty, pick = null) => (rows.length === 0
  ? h("p", { class: "empty" }, empty)
  : h("div", { class: "table-scroll" }, h("table", { "aria-label": label, "data-table": pick?.name },
    h("thead", {}, h("tr", {},
      pick && h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Select")),
      headers.map((header) => h("th", { scope: "col" }, header)))),
    h("tbody", {}, rows.map((cells, i) => {
      const key = pick?.keys[i];
      return h("tr", { class: pick && key === pick.selected ? "is-selected" : null, "data-id": key },
        pick && h("td", { class: "select-cell" }, h("input", {
          type: "radio", name: pick.name, id: `${pick.name}-${key}`, value: key, checked: key === pick.selected,
          "aria-label": `Select ${key}`, onchange: () => pick.onPick(key),
        })),
        cells.map((cell) => h("td", {}, cell)));
    })))));
