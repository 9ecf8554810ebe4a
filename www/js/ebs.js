// The pure parts of the EBS console pages: volume types and which of IOPS
// and throughput each takes, the requests the Create volume and Modify
// volume forms send, and how the tables write attachments, block devices
// and sizes. No DOM here, so Node tests can load it.

import { withoutUndefined } from "./params.js";

/** Volume types as the console lists them, with its default IOPS and throughput (null: not taken). */
export const VOLUME_TYPES = [
  { id: "gp3", label: "General Purpose SSD (gp3)", iops: 3000, throughput: 125 },
  { id: "gp2", label: "General Purpose SSD (gp2)", iops: null, throughput: null },
  { id: "io1", label: "Provisioned IOPS SSD (io1)", iops: 3000, throughput: null },
  { id: "io2", label: "Provisioned IOPS SSD (io2)", iops: 3000, throughput: null },
  { id: "sc1", label: "Cold HDD (sc1)", iops: null, throughput: null },
  { id: "st1", label: "Throughput Optimized HDD (st1)", iops: null, throughput: null },
  { id: "standard", label: "Magnetic (standard)", iops: null, throughput: null },
];

/** The console's Create volume defaults: gp3, 100 GiB, 3,000 IOPS, 125 MiB/s. */
export const DEFAULT_VOLUME = { volumeType: "gp3", size: "100", iops: "3000", throughput: "125" };

/** What `volumeType` lets a request set: `{ iops, throughput }` as booleans. */
export function takes(volumeType) {
  const type = VOLUME_TYPES.find((t) => t.id === volumeType);
  return { iops: type?.iops != null, throughput: type?.throughput != null };
}

/** A form's text as a number, or undefined when left empty (AWS then decides). */
const number = (text) => (String(text ?? "").trim() === "" ? undefined : Number(text));

/**
 * The CreateVolume request of the Create volume form: `{ volumeType, size,
 * iops, throughput, zone, snapshotId, name }`, all text as typed. IOPS and
 * throughput go only with the types that take them; an empty size goes
 * without, so a volume from a snapshot gets the snapshot's size.
 */
export function createVolumeParams(form) {
  const rules = takes(form.volumeType);
  const params = {
    AvailabilityZone: form.zone,
    VolumeType: form.volumeType,
    Size: number(form.size),
    SnapshotId: form.snapshotId || undefined,
    Iops: rules.iops ? number(form.iops) : undefined,
    Throughput: rules.throughput ? number(form.throughput) : undefined,
  };
  if (form.name) params.TagSpecifications = [{ ResourceType: "volume", Tags: [{ Key: "Name", Value: form.name }] }];
  return withoutUndefined(params);
}

/**
 * The ModifyVolume request of the Modify volume form for `volume` (as
 * DescribeVolumes prints it): only what differs from the volume now, and
 * IOPS and throughput only where the new type takes them.
 */
export function modifyVolumeParams(volume, form) {
  const rules = takes(form.volumeType);
  const typeChanged = form.volumeType !== volume.VolumeType;
  const size = number(form.size);
  // A new type takes its IOPS and throughput from the form, not the old type's.
  const changed = (value, current) => (value !== undefined && (typeChanged || value !== current) ? value : undefined);
  return withoutUndefined({
    VolumeId: volume.VolumeId,
    VolumeType: typeChanged ? form.volumeType : undefined,
    Size: size !== volume.Size ? size : undefined,
    Iops: rules.iops ? changed(number(form.iops), volume.Iops) : undefined,
    Throughput: rules.throughput ? changed(number(form.throughput), volume.Throughput) : undefined,
  });
}

/**
 * The console's "Attached resources": `i-… (name): /dev/xvda (attached)`
 * for each attachment; `instances` (from DescribeInstances) give names.
 */
export function attachedResources(volume, instances) {
  return (volume.Attachments ?? []).map((a) => {
    const name = instances.find((i) => i.InstanceId === a.InstanceId)?.Tags?.find((t) => t.Key === "Name")?.Value;
    return `${a.InstanceId}${name ? ` (${name})` : ""}: ${a.Device} (${a.State})`;
  }).join(", ");
}

/**
 * The device name the Attach volume form suggests for `instance`: the
 * first of /dev/sdf to /dev/sdp (AWS's recommended names for data volumes)
 * that none of its devices uses, counting /dev/xvdf as /dev/sdf.
 */
export function nextDeviceName(instance) {
  const letter = (device) => device.replace(/^\/dev\/(sd|xvd)/, "").slice(0, 1);
  const used = new Set((instance?.BlockDeviceMappings ?? []).map((m) => letter(m.DeviceName)));
  const free = "fghijklmnop".split("").find((l) => !used.has(l));
  return free ? `/dev/sd${free}` : "";
}

/** An AMI's "Block devices" as the console writes them: `/dev/xvda=snap-…:8:true:gp3`. */
export function blockDevices(image) {
  return (image.BlockDeviceMappings ?? []).map((m) => m.Ebs
    ? `${m.DeviceName}=${m.Ebs.SnapshotId ?? ""}:${m.Ebs.VolumeSize}:${m.Ebs.DeleteOnTermination}:${m.Ebs.VolumeType}`
    : m.DeviceName).join(", ");
}

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** Bytes as GiB (or MiB under 1 GiB), to two decimals at most. */
export function formatBytes(bytes) {
  if (bytes === 0) return "0 GiB";
  const [unit, size] = bytes >= GIB ? ["GiB", GIB] : ["MiB", MIB];
  return `${+(bytes / size).toFixed(2)} ${unit}`;
}

/**
 * The storage of `volumeId`'s snapshots, oldest first, from
 * `Sandbox.snapshotStorage()`: each row as given, plus what they store
 * together and what full copies of each would take.
 */
export function volumeSnapshotStorage(storage, volumeId) {
  const rows = storage.filter((s) => s.volumeId === volumeId);
  return {
    rows,
    stored: rows.reduce((sum, r) => sum + r.storedBytes, 0),
    full: rows.reduce((sum, r) => sum + r.totalBytes, 0),
  };
}

/**
 * The CreateImage request of the Create image form: `{ name, description,
 * reboot }`. The console's "Reboot instance" box is ticked by default;
 * untick it and the request says NoReboot.
 */
export function createImageParams(instanceId, form) {
  return withoutUndefined({
    InstanceId: instanceId,
    Name: form.name || undefined,
    Description: form.description || undefined,
    NoReboot: !form.reboot,
  });
}
