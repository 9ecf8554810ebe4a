// A small line chart of one metric over simulated time, drawn as SVG (no
// chart library), and the pure steps that lead to it: GetMetricData
// results as points, sums of several series, counts zero-filled where a
// period passed without a datapoint, a rounded top for the y axis, the
// path of the line and the labels of both axes.

import { h } from "./dom.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** The drawing's size in SVG units; it scales with the page. */
export const SIZE = { width: 360, height: 130, left: 40, right: 10, top: 10, bottom: 22 };

/**
 * A MetricDataResult as `[milliseconds, value × scale]` pairs, oldest
 * first (GetMetricData lists newest first unless asked otherwise).
 */
export function pointsOf(result, scale = 1) {
  const times = result?.Timestamps ?? [];
  const values = result?.Values ?? [];
  return times
    .map((time, i) => [Date.parse(time), values[i] * scale])
    .filter(([time, value]) => Number.isFinite(time) && Number.isFinite(value))
    .sort((a, b) => a[0] - b[0]);
}

/** Several series added up at each time any of them has a point. */
export function sumPoints(seriesList) {
  const sums = new Map();
  for (const points of seriesList) {
    for (const [time, value] of points) sums.set(time, (sums.get(time) ?? 0) + value);
  }
  return [...sums].sort((a, b) => a[0] - b[0]);
}

/**
 * `points` of a count that CloudWatch leaves out when it is zero (ELB
 * writes no RequestCount for a minute without requests), with a zero for
 * every period from `start` to `end` (ms) that has ended without one. The
 * period still running gets none: its datapoint is written when it ends.
 */
export function zeroFilled(points, { start, end, period }) {
  const step = period * 1000;
  const filled = new Map(points);
  for (let time = Math.ceil(start / step) * step; time + step <= end; time += step) {
    if (!filled.has(time)) filled.set(time, 0);
  }
  return [...filled].sort((a, b) => a[0] - b[0]);
}

/** The top of a y axis over `value`: 1, 2, 2.5 or 5 times a power of ten (1 for nothing). */
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((top) => value <= top + 1e-9);
}

/** A value as the chart labels it: whole from 100 up, else to one decimal. */
export function formatValue(value) {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return rounded.toLocaleString("en-US");
}

/** `HH:MM` in UTC, as the clock shows simulated time. */
const clockTime = (ms) => new Date(ms).toISOString().slice(11, 16);

/**
 * Where everything goes: the line's and the area's SVG paths, the y axis's
 * top (`yMax`, or a rounded one over the data) and the time labels, for
 * `points` between `start` and `end` (ms).
 */
export function chartGeometry(points, { start, end, yMax = null }) {
  const { width, height, left, right, top, bottom } = SIZE;
  const max = yMax ?? niceMax(Math.max(0, ...points.map(([, v]) => v)));
  const span = Math.max(1, end - start);
  const x = (time) => left + ((time - start) / span) * (width - left - right);
  const y = (value) => height - bottom - (Math.min(Math.max(value, 0), max) / max) * (height - top - bottom);
  const round = (n) => Math.round(n * 10) / 10;
  const shown = points.filter(([time]) => time >= start && time <= end);
  const line = shown.map(([time, value], i) => `${i ? "L" : "M"}${round(x(time))} ${round(y(value))}`).join(" ");
  const area = shown.length > 1
    ? `${line} L${round(x(shown.at(-1)[0]))} ${height - bottom} L${round(x(shown[0][0]))} ${height - bottom} Z`
    : "";
  // Four intervals of time, labelled at round minutes.
  const step = Math.max(60_000, Math.round(span / 4 / 60_000) * 60_000);
  const times = [];
  for (let time = Math.ceil(start / step) * step; time <= end; time += step) times.push(time);
  return {
    line,
    area,
    max,
    dots: shown.length === 1 ? shown.map(([time, value]) => [round(x(time)), round(y(value))]) : [],
    yTicks: [0, max / 2, max].map((value) => [round(y(value)), formatValue(value)]),
    xTicks: times.map((time) => [round(x(time)), clockTime(time)]),
  };
}

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  element.append(...children.flat(Infinity).filter(Boolean));
  return element;
}

/**
 * A figure with the chart of `points` (see `chartGeometry`) titled
 * `title`, its latest value beside it; without points, only `note`, which
 * says why. `id` names it for styles and tests (`data-series`).
 */
export function lineChart({ id, title, points, start, end, yMax = null, note }) {
  const latest = points.at(-1);
  const figure = (...body) => h("figure", { class: "chart", "data-series": id, "data-points": points.length, "data-latest": latest?.[1] },
    h("figcaption", {},
      h("span", { class: "chart-title" }, title),
      h("span", { class: "chart-latest" }, latest ? formatValue(latest[1]) : "–")),
    body);
  if (!latest) return figure(h("p", { class: "chart-note" }, note));
  const { width, height, left, right, bottom } = SIZE;
  const geometry = chartGeometry(points, { start, end, yMax });
  const label = `${title}: ${formatValue(latest[1])} at ${clockTime(latest[0])} UTC, ${points.length} datapoints`;
  const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label },
    geometry.yTicks.map(([y, text]) => [
      svg("line", { class: "chart-rule", x1: left, x2: width - right, y1: y, y2: y }),
      svg("text", { class: "chart-axis", x: left - 4, y: y + 3, "text-anchor": "end" }, text),
    ]),
    geometry.xTicks.map(([x, text]) => svg("text", { class: "chart-axis", x, y: height - bottom + 14, "text-anchor": "middle" }, text)),
    geometry.area && svg("path", { class: "chart-area", d: geometry.area }),
    geometry.line && svg("path", { class: "chart-line", d: geometry.line }),
    geometry.dots.map(([x, y]) => svg("circle", { class: "chart-dot", cx: x, cy: y, r: 2.5 })));
  return figure(drawing);
}
