// How the console writes times: in UTC, to the minute (or the second).

/**
 * `2025-06-02T09:00:54+00:00` → `2025-06-02 09:00` (UTC, as the columns
 * say), or `2025-06-02 09:00:54` with `seconds` (for events that come
 * seconds apart).
 */
export function formatTime(iso, { seconds = false } = {}) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? (iso ?? "–") : date.toISOString().slice(0, seconds ? 19 : 16).replace("T", " ");
}
