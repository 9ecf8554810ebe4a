// The EBS console pages' pure parts (www/js/ebs.js): the requests the
// Create volume, Modify volume and Create image forms send, and how the
// tables write attachments, device names, block devices and sizes. The
// requests are sent to a sandbox (the built wasm package), whose
// snapshotStorage() feeds the storage detail.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DEFAULT_VOLUME, attachedResources, blockDevices, createImageParams, createVolumeParams, formatBytes,
  modifyVolumeParams, nextDeviceName, takes, volumeSnapshotStorage,
} from "../../www/js/ebs.js";
import { Sandbox } from "./wasm.mjs";


const form = (overrides) => ({ ...DEFAULT_VOLUME, zone: "us-east-1a", snapshotId: "", name: "", ...overrides });

test("each volume type takes IOPS and throughput as AWS allows", () => {
  assert.deepEqual(takes("gp3"), { iops: true, throughput: true });
  assert.deepEqual(takes("io2"), { iops: true, throughput: false });
  assert.deepEqual(takes("gp2"), { iops: false, throughput: false });
  assert.deepEqual(takes("st1"), { iops: false, throughput: false });
});

test("the Create volume form sends only what applies", () => {
  assert.deepEqual(createVolumeParams(form({ size: "10" })), {
    AvailabilityZone: "us-east-1a", VolumeType: "gp3", Size: 10, Iops: 3000, Throughput: 125,
  });
  assert.deepEqual(createVolumeParams(form({ volumeType: "gp2", size: "10", iops: "3000", name: "data" })), {
    AvailabilityZone: "us-east-1a", VolumeType: "gp2", Size: 10,
    TagSpecifications: [{ ResourceType: "volume", Tags: [{ Key: "Name", Value: "data" }] }],
  });
  // From a snapshot with the size left empty: the snapshot's size.
  assert.deepEqual(createVolumeParams(form({ volumeType: "st1", size: " ", snapshotId: "snap-1" })), {
    AvailabilityZone: "us-east-1a", VolumeType: "st1", SnapshotId: "snap-1",
  });
});

test("the Modify volume form sends only what changed", () => {
  const volume = { VolumeId: "vol-1", VolumeType: "gp3", Size: 10, Iops: 3000, Throughput: 125 };
  const same = { volumeType: "gp3", size: "10", iops: "3000", throughput: "125" };
  assert.deepEqual(modifyVolumeParams(volume, same), { VolumeId: "vol-1" });
  assert.deepEqual(modifyVolumeParams(volume, { ...same, size: "20" }), { VolumeId: "vol-1", Size: 20 });
  assert.deepEqual(modifyVolumeParams(volume, { ...same, volumeType: "gp2", iops: "", throughput: "" }),
    { VolumeId: "vol-1", VolumeType: "gp2" });
  assert.deepEqual(modifyVolumeParams(volume, { ...same, volumeType: "io1", iops: "500", throughput: "" }),
    { VolumeId: "vol-1", VolumeType: "io1", Iops: 500 });
});

test("Create image reboots unless the box is unticked", () => {
  assert.deepEqual(createImageParams("i-1", { name: "web", description: "", reboot: true }),
    { InstanceId: "i-1", Name: "web", NoReboot: false });
  assert.deepEqual(createImageParams("i-1", { name: "web", description: "v2", reboot: false }),
    { InstanceId: "i-1", Name: "web", Description: "v2", NoReboot: true });
});

test("attachments, device names, block devices and sizes as the console writes them", () => {
  const instances = [{ InstanceId: "i-1", Tags: [{ Key: "Name", Value: "web" }] }, { InstanceId: "i-2" }];
  assert.equal(attachedResources({ Attachments: [{ InstanceId: "i-1", Device: "/dev/xvda", State: "attached" }] }, instances),
    "i-1 (web): /dev/xvda (attached)");
  assert.equal(attachedResources({ Attachments: [{ InstanceId: "i-2", Device: "/dev/sdf", State: "attaching" }] }, instances),
    "i-2: /dev/sdf (attaching)");
  assert.equal(attachedResources({ Attachments: [] }, instances), "");

  const mapped = (...names) => ({ BlockDeviceMappings: names.map((DeviceName) => ({ DeviceName })) });
  assert.equal(nextDeviceName(mapped("/dev/xvda")), "/dev/sdf");
  assert.equal(nextDeviceName(mapped("/dev/xvda", "/dev/sdf", "/dev/xvdg")), "/dev/sdh");
  assert.equal(nextDeviceName(undefined), "/dev/sdf");

  assert.equal(blockDevices({ BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: "snap-1", VolumeSize: 8, DeleteOnTermination: true, VolumeType: "gp3" } }] }),
    "/dev/xvda=snap-1:8:true:gp3");

  assert.equal(formatBytes(0), "0 GiB");
  assert.equal(formatBytes(2 * 2 ** 30), "2 GiB");
  assert.equal(formatBytes(512 * 2 ** 10), "0.5 MiB");
  assert.equal(formatBytes(1.5 * 2 ** 30), "1.5 GiB");
});

test("the forms' requests work in a sandbox, and snapshotStorage splits what snapshots store", () => {
  const sandbox = new Sandbox({ seed: 5 });
  const { Instances } = sandbox.call("ec2", "RunInstances", {
    ImageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    InstanceType: "t2.micro", MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: "us-east-1a" },
  });
  sandbox.advance(60);
  const { Volumes: [root] } = sandbox.call("ec2", "DescribeVolumes", {
    Filters: [{ Name: "attachment.instance-id", Values: [Instances[0].InstanceId] }],
  });
  assert.equal(attachedResources(root, Instances), `${Instances[0].InstanceId}: /dev/xvda (attached)`);

  const data = sandbox.call("ec2", "CreateVolume", createVolumeParams(form({ size: "10", name: "data" })));
  assert.equal(data.Size, 10);
  assert.equal(data.Throughput, 125);
  sandbox.advance(10);
  assert.throws(() => sandbox.call("ec2", "ModifyVolume", modifyVolumeParams(data, { volumeType: "gp3", size: "10", iops: "3000", throughput: "125" })),
    (e) => e.code === "InvalidParameterValue" && /must differ/.test(e.message));
  assert.equal(sandbox.call("ec2", "ModifyVolume", modifyVolumeParams(data, { volumeType: "gp3", size: "20", iops: "3000", throughput: "125" }))
    .VolumeModification.TargetSize, 20);

  const first = sandbox.call("ec2", "CreateSnapshot", { VolumeId: root.VolumeId }).SnapshotId;
  const second = sandbox.call("ec2", "CreateSnapshot", { VolumeId: root.VolumeId }).SnapshotId;
  sandbox.call("ec2", "CreateSnapshot", { VolumeId: data.VolumeId });
  const storage = sandbox.snapshotStorage();
  assert.equal(storage.length, 3);
  const { rows, stored, full } = volumeSnapshotStorage(storage, root.VolumeId);
  assert.deepEqual(rows.map((r) => r.snapshotId), [first, second]);
  assert.deepEqual(rows.map((r) => [r.storedBytes, r.referencedBytes, r.totalBytes]), [[2 ** 31, 0, 2 ** 31], [0, 2 ** 31, 2 ** 31]]);
  assert.equal(stored, 2 ** 31);
  assert.equal(full, 2 ** 32);
  assert.deepEqual(sandbox.snapshotStorage("eu-west-1"), []);
  assert.throws(() => sandbox.snapshotStorage("mars-1"), (e) => e.code === "EndpointConnectionError");

  const fromSnapshot = sandbox.call("ec2", "CreateVolume", createVolumeParams(form({ size: "", snapshotId: first })));
  assert.equal(fromSnapshot.Size, 8);
});
