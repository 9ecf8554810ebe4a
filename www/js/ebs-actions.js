// The Volumes and Snapshots views' actions, as the console offers them:
// Create volume (also from a snapshot), Modify, Attach, Detach and Delete
// volume, Create snapshot, Delete snapshot. Each sends the request the
// terminal would; a refusal shows AWS's error in the dialog.

import { h } from "./dom.js";
import { choice, field, input, openDialog, redrawer } from "./dialog.js";
import { DEFAULT_VOLUME, VOLUME_TYPES, createVolumeParams, modifyVolumeParams, nextDeviceName, takes } from "./ebs.js";

const tag = (item, key) => item?.Tags?.find((t) => t.Key === key)?.Value ?? "";
const named = (id, item) => (tag(item, "Name") ? `${id} (${tag(item, "Name")})` : id);

const numberInput = (value, oninput) => input(value, oninput, { type: "number", min: "1", inputmode: "numeric" });

/** A toolbar button for `item` (none selected: disabled). */
function button(item, key, label, onclick, kind = "secondary-button") {
  return h("button", { type: "button", class: kind, "data-action": key, disabled: !item, onclick: () => onclick(item) }, label);
}

/**
 * Volume type, size, IOPS and throughput fields over `form` (text as
 * typed), with IOPS and throughput only where the type takes them;
 * `prefix` names their ids; changing the type redraws through `redraw`.
 */
function performanceFields(prefix, form, redraw) {
  const rules = takes(form.volumeType);
  return [
    field(`${prefix}-type`, "Volume type", choice(VOLUME_TYPES.map((t) => [t.id, t.label]), form.volumeType, (value) => {
      const type = VOLUME_TYPES.find((t) => t.id === value);
      Object.assign(form, { volumeType: value, iops: String(type.iops ?? ""), throughput: String(type.throughput ?? "") });
      redraw();
    })),
    field(`${prefix}-size`, "Size (GiB)", numberInput(form.size, (v) => (form.size = v))),
    rules.iops && field(`${prefix}-iops`, "IOPS", numberInput(form.iops, (v) => (form.iops = v))),
    rules.throughput && field(`${prefix}-throughput`, "Throughput (MiB/s)", numberInput(form.throughput, (v) => (form.throughput = v))),
  ];
}

/** What both views' actions are given: `call` changes, `read` reads, `report(text, isError)` tells. */
class EbsActions {
  call;
  read;
  report;

  constructor({ call, read, report }) {
    this.call = call;
    this.read = read;
    this.report = report;
  }

  /** The Create volume form; `snapshot` (from DescribeSnapshots) preselects it. */
  createVolume(snapshot = null) {
    const zones = (this.read("ec2", "DescribeAvailabilityZones").AvailabilityZones ?? []).map((z) => z.ZoneName);
    const snapshots = this.read("ec2", "DescribeSnapshots", { OwnerIds: ["self"] }).Snapshots ?? [];
    const form = {
      ...DEFAULT_VOLUME,
      size: snapshot ? String(snapshot.VolumeSize) : DEFAULT_VOLUME.size,
      zone: zones[0] ?? "",
      snapshotId: snapshot?.SnapshotId ?? "",
      name: "",
    };
    const body = h("div", {});
    const redraw = redrawer(body, () => [
      ...performanceFields("create-volume", form, () => redraw()),
      field("create-volume-zone", "Availability Zone", choice(zones.map((z) => [z, z]), form.zone, (v) => (form.zone = v))),
      field("create-volume-snapshot", "Snapshot ID - optional", choice([
        ["", "Don't create volume from a snapshot"],
        ...snapshots.map((s) => [s.SnapshotId, `${named(s.SnapshotId, s)} – ${s.VolumeSize} GiB`]),
      ], form.snapshotId, (value) => {
        form.snapshotId = value;
        // As the console does: a snapshot sets the size to its own.
        const picked = snapshots.find((s) => s.SnapshotId === value);
        if (picked) form.size = String(picked.VolumeSize);
        redraw();
      }), "The volume holds the snapshot's data and must be at least as large."),
      field("create-volume-name", "Name tag - optional", input(form.name, (v) => (form.name = v))),
    ]);
    redraw();
    openDialog(snapshot ? "Create volume from snapshot" : "Create volume", body, [["Create volume", (close) => {
      const { VolumeId } = this.call("ec2", "CreateVolume", createVolumeParams(form));
      close();
      this.report(`Successfully created volume ${VolumeId}.`, false);
    }, "primary"]]);
  }

  /** The Create snapshot form, of `volume` or of a volume chosen in it. */
  createSnapshot(volume = null) {
    const volumes = volume ? [volume] : this.read("ec2", "DescribeVolumes").Volumes ?? [];
    const form = { volumeId: volumes[0]?.VolumeId ?? "", description: "" };
    openDialog("Create snapshot", [
      volume
        ? h("p", {}, "Volume ID ", h("code", {}, volume.VolumeId))
        : field("create-snapshot-volume", "Volume ID", choice(volumes.map((v) => [v.VolumeId, named(v.VolumeId, v)]), form.volumeId, (v) => (form.volumeId = v))),
      field("create-snapshot-description", "Description", input(form.description, (v) => (form.description = v), { maxlength: "255" }),
        "Add a description for your snapshot"),
    ], [["Create snapshot", (close) => {
      const { SnapshotId } = this.call("ec2", "CreateSnapshot", { VolumeId: form.volumeId, Description: form.description || undefined });
      close();
      this.report(`Successfully created snapshot ${SnapshotId} from volume ${form.volumeId}.`, false);
    }, "primary"]]);
  }

  /** A confirmation for `request` on `id`; `done` is the outcome reported. */
  confirm(title, question, id, [label, action, params], done) {
    openDialog(title, [h("p", {}, question, " ", h("code", {}, id))], [[label, (close) => {
      this.call("ec2", action, params);
      close();
      this.report(done, false);
    }, "danger"]]);
  }
}

/** The Volumes view's toolbar and dialogs. */
export class VolumeActions extends EbsActions {
  /** "Create volume", the view's primary button. */
  primary() {
    return h("button", { type: "button", class: "primary-button", "data-action": "createVolume", onclick: () => this.createVolume() }, "Create volume");
  }

  /** The toolbar for `volume` (none selected: every action disabled). */
  toolbar(volume) {
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Volume actions" },
      button(volume, "modifyVolume", "Modify volume", (v) => this.#modify(v)),
      button(volume, "createSnapshot", "Create snapshot", (v) => this.createSnapshot(v)),
      h("div", { class: "button-group", role: "group", "aria-label": "Attachment" },
        button(volume, "attachVolume", "Attach volume", (v) => this.#attach(v)),
        button(volume, "detachVolume", "Detach volume", (v) => this.confirm("Detach volume?",
          "Are you sure that you want to detach this volume?", v.VolumeId,
          ["Detach", "DetachVolume", { VolumeId: v.VolumeId }], `Detaching ${v.VolumeId}`))),
      button(volume, "deleteVolume", "Delete volume", (v) => this.confirm("Delete volume?",
        "Are you sure that you want to delete this volume? The data on it is lost.", v.VolumeId,
        ["Delete", "DeleteVolume", { VolumeId: v.VolumeId }], `Deleting ${v.VolumeId}`), "secondary-button danger"));
  }

  #modify(volume) {
    const form = {
      volumeType: volume.VolumeType,
      size: String(volume.Size),
      iops: String(volume.Iops ?? ""),
      throughput: String(volume.Throughput ?? ""),
    };
    const body = h("div", {});
    const redraw = redrawer(body, () => [
      h("p", {}, "Volume ID ", h("code", {}, volume.VolumeId)),
      ...performanceFields("modify-volume", form, () => redraw()),
      h("p", { class: "field-hint" }, "A volume can only grow. After it grows, extend its file system in the operating system."),
    ]);
    redraw();
    openDialog("Modify volume", body, [["Modify", (close) => {
      this.call("ec2", "ModifyVolume", modifyVolumeParams(volume, form));
      close();
      this.report(`Modifying volume ${volume.VolumeId}.`, false);
    }, "primary"]]);
  }

  #attach(volume) {
    const instances = (this.read("ec2", "DescribeInstances").Reservations ?? []).flatMap((r) => r.Instances ?? [])
      .filter((i) => i.Placement?.AvailabilityZone === volume.AvailabilityZone && i.State?.Name !== "terminated");
    const form = { instanceId: instances[0]?.InstanceId ?? "", device: nextDeviceName(instances[0]) };
    const body = h("div", {});
    const redraw = redrawer(body, () => [
      h("p", {}, "Volume ID ", h("code", {}, volume.VolumeId), ` (${volume.AvailabilityZone})`),
      instances.length === 0
        ? h("p", { class: "warning" }, `No instances in ${volume.AvailabilityZone}. A volume attaches only to an instance in its own Availability Zone.`)
        : field("attach-volume-instance", "Instance", choice(
          instances.map((i) => [i.InstanceId, `${named(i.InstanceId, i)} (${i.State?.Name})`]), form.instanceId, (value) => {
            form.instanceId = value;
            form.device = nextDeviceName(instances.find((i) => i.InstanceId === value));
            redraw();
          }), `Only instances in the volume's Availability Zone (${volume.AvailabilityZone}) are listed.`),
      field("attach-volume-device", "Device name", input(form.device, (v) => (form.device = v)),
        "Recommended device names for Linux: /dev/sd[f-p]."),
    ]);
    redraw();
    openDialog("Attach volume", body, [["Attach volume", (close) => {
      this.call("ec2", "AttachVolume", { VolumeId: volume.VolumeId, InstanceId: form.instanceId, Device: form.device });
      close();
      this.report(`Attaching ${volume.VolumeId} to ${form.instanceId} as ${form.device}`, false);
    }, "primary"]]);
  }
}

/** The Snapshots view's toolbar and dialogs. */
export class SnapshotActions extends EbsActions {
  /** "Create snapshot", the view's primary button. */
  primary() {
    return h("button", { type: "button", class: "primary-button", "data-action": "createSnapshot", onclick: () => this.createSnapshot() }, "Create snapshot");
  }

  /** The toolbar for `snapshot` (none selected: every action disabled). */
  toolbar(snapshot) {
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Snapshot actions" },
      button(snapshot, "createVolumeFromSnapshot", "Create volume from snapshot", (s) => this.createVolume(s)),
      button(snapshot, "deleteSnapshot", "Delete snapshot", (s) => this.confirm("Delete snapshot?",
        "Are you sure that you want to delete this snapshot? Blocks that later snapshots still need are kept for them.", s.SnapshotId,
        ["Delete", "DeleteSnapshot", { SnapshotId: s.SnapshotId }], `Deleted ${s.SnapshotId}`), "secondary-button danger"));
  }
}
