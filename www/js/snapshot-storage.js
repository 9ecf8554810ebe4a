// The storage detail of a volume's snapshots: for each, oldest first, what
// it stores itself and what it references of blocks earlier snapshots
// store, so a learner sees why snapshots are incremental and what deleting
// one frees. Built from Sandbox.snapshotStorage() and DescribeSnapshots.

import { h } from "./dom.js";
import { formatBytes, volumeSnapshotStorage } from "./ebs.js";
import { formatTime } from "./format.js";

/** A bar of `row`'s full size: the part it stores, then the part it references. */
function bar(row, largest) {
  const percent = (bytes) => `${(100 * bytes) / Math.max(largest, 1)}%`;
  return h("span", { class: "storage-bar", "aria-hidden": "true" },
    h("span", { class: "storage-stored", style: `width: ${percent(row.storedBytes)}` }),
    h("span", { class: "storage-referenced", style: `width: ${percent(row.referencedBytes)}` }));
}

/**
 * The panel for `volumeId`'s snapshots: `storage` from snapshotStorage(),
 * `snapshots` from DescribeSnapshots (for their start time and state).
 */
export function snapshotStoragePanel(volumeId, storage, snapshots) {
  const { rows, stored, full } = volumeSnapshotStorage(storage, volumeId);
  const largest = Math.max(0, ...rows.map((r) => r.totalBytes));
  const snapshot = (id) => snapshots.find((s) => s.SnapshotId === id);
  return h("section", { class: "panel snapshot-storage", "aria-labelledby": "snapshot-storage-title" },
    h("header", { class: "panel-header" }, h("h3", { id: "snapshot-storage-title" }, `Snapshot storage of ${volumeId}`)),
    rows.length === 0
      ? h("p", { class: "empty" }, "This volume has no snapshots.")
      : [
        h("p", { class: "storage-summary" },
          `${rows.length === 1 ? "Its snapshot stores" : `Its ${rows.length} snapshots store`} ${formatBytes(stored)} in all; ` +
          `full copies would take ${formatBytes(full)}. Each snapshot stores only the blocks no earlier snapshot holds, ` +
          "and references the rest. Deleting a snapshot frees only blocks no other snapshot references."),
        h("p", { class: "storage-legend", "aria-hidden": "true" },
          h("span", { class: "storage-key storage-stored" }), " stored in the snapshot ",
          h("span", { class: "storage-key storage-referenced" }), " referenced from earlier snapshots"),
        h("div", { class: "table-scroll" }, h("table", { "aria-label": `Snapshot storage of ${volumeId}`, "data-view": "snapshot-storage" },
          h("thead", {}, h("tr", {}, ["Snapshot ID", "Started (UTC)", "Snapshot status", "Full snapshot size", "Stored in this snapshot", "Referenced from earlier snapshots", "Storage"]
            .map((label) => h("th", { scope: "col" }, label)))),
          h("tbody", {}, rows.map((row) => h("tr", { "data-id": row.snapshotId },
            h("td", {}, h("code", {}, row.snapshotId)),
            h("td", {}, formatTime(snapshot(row.snapshotId)?.StartTime)),
            h("td", {}, snapshot(row.snapshotId)?.State ?? "–"),
            h("td", {}, formatBytes(row.totalBytes)),
            h("td", {}, formatBytes(row.storedBytes)),
            h("td", {}, formatBytes(row.referencedBytes)),
            h("td", {}, bar(row, largest))))))),
      ]);
}
