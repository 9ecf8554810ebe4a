// How the console writes times: in UTC, to the minute.

/** `2025-06-02T09:00:00+00:00` → `2025-06-02 09:00` (UTC, as the columns say). */
export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? (iso ?? "–") : date.toISOString().slice(0, 16).replace("T", " ");
}
