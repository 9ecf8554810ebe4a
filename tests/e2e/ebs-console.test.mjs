// End to end: the console's EBS pages by clicks. An instance launched from
// the terminal shows its root volume in Volumes, in use and attached; a
// new 10 GiB gp3 volume is created in the instance's zone, attached, and
// refused deletion with AWS's VolumeInUse inline; a snapshot completes
// over simulated time, its storage detail shows what it stores and what a
// later snapshot references, a volume is created from it (a too-small
// size refused inline), and it is deleted. An AMI is created from an
// instance (a bad name refused inline), goes from pending to available,
// keeps its snapshot from deletion, launches an instance through the
// wizard and is deregistered.
import assert from "node:assert/strict";
import { test } from "node:test";
import { run, useBrowser, WAIT } from "./browser.mjs";

const browser = useBrowser();
const openPage = () => browser.openPage({ viewport: { width: 1400, height: 1000 } });

/** Like `run`, and the command must succeed; its output without the newline. */
async function runOk(page, line) {
  const result = await run(page, line);
  assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  return result.stdout.trim();
}

const openView = (page, id) => page.click(`#console-nav a[data-view=${id}]`);
const advanceMinute = (page) => page.click("#clock [data-clock=step]");
const row = (page, view, id) => page.locator(`table[data-view=${view}] tbody tr[data-id=${id}]`);

/** The row of `id` in `view` as text per column. */
async function cells(page, view, id) {
  const headers = await page.locator(`table[data-view=${view}] thead th`).allTextContents();
  const texts = await row(page, view, id).locator("td").allTextContents();
  return Object.fromEntries(headers.map((header, i) => [header, texts[i].trim()]));
}

/** The flash message of the last action; the first id matching `pattern` in it. */
async function reported(page, pattern) {
  const text = await page.locator(".flash").textContent();
  return text.match(pattern)?.[0];
}

test("volumes and snapshots by clicks, with AWS's errors inline", async () => {
  const { page, errors } = await openPage();
  const instance = await runOk(page, "aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 " +
    "--instance-type t2.micro --placement AvailabilityZone=us-east-1a " +
    "--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]' --query Instances[0].InstanceId --output text");
  await advanceMinute(page);

  // The root volume: in use, attached as /dev/xvda, made from the AMI's snapshot.
  await openView(page, "volumes");
  const root = await runOk(page, `aws ec2 describe-volumes --filters Name=attachment.instance-id,Values=${instance} --query Volumes[0].VolumeId --output text`);
  await row(page, "volumes", root).waitFor(WAIT);
  const rootCells = await cells(page, "volumes", root);
  assert.equal(rootCells["Volume state"], "in-use");
  assert.equal(rootCells["Attached resources"], `${instance} (web): /dev/xvda (attached)`);
  assert.equal(rootCells.Size, "8 GiB");
  assert.match(rootCells.Snapshot, /^snap-/);
  assert.equal(rootCells["Availability Zone"], "us-east-1a");

  // A 10 GiB gp3 volume in the instance's zone: creating, then available.
  await page.click("button[data-action=createVolume]");
  assert.equal(await page.inputValue("#create-volume-type"), "gp3");
  assert.equal(await page.inputValue("#create-volume-iops"), "3000");
  assert.equal(await page.inputValue("#create-volume-throughput"), "125");
  await page.fill("#create-volume-size", "10");
  await page.selectOption("#create-volume-zone", "us-east-1a");
  await page.fill("#create-volume-name", "data");
  await page.click("dialog button:has-text('Create volume')");
  const data = await reported(page, /vol-[0-9a-f]{17}/);
  assert.ok(data, "the new volume's id is reported");
  await row(page, "volumes", data).locator(".state-creating").waitFor(WAIT);
  const dataCells = await cells(page, "volumes", data);
  assert.deepEqual([dataCells.Name, dataCells.Type, dataCells.Size, dataCells.IOPS, dataCells.Throughput, dataCells.Snapshot],
    ["data", "gp3", "10 GiB", "3000", "125", "–"]);
  await advanceMinute(page);
  await row(page, "volumes", data).locator(".state-available").waitFor(WAIT);

  // Attach it: the dialog lists the zone's instances and suggests /dev/sdf.
  await page.check(`#select-${data}`);
  await page.click("button[data-action=attachVolume]");
  assert.equal(await page.inputValue("#attach-volume-instance"), instance);
  assert.equal(await page.inputValue("#attach-volume-device"), "/dev/sdf");
  await page.click("dialog button:has-text('Attach volume')");
  await advanceMinute(page);
  await row(page, "volumes", data).locator(".state-in-use").waitFor(WAIT);
  assert.equal((await cells(page, "volumes", data))["Attached resources"], `${instance} (web): /dev/sdf (attached)`);

  // Deleting an attached volume: AWS refuses, and says why in the dialog.
  await page.click("button[data-action=deleteVolume]");
  await page.click("dialog button:has-text('Delete')");
  assert.equal(await page.textContent("#dialog-error"), `VolumeInUse: Volume ${data} is currently attached to ${instance}`);
  await page.click("dialog button:has-text('Cancel')");
  assert.equal(await page.locator("dialog").count(), 0);

  // Grow it: the state shows the modification while it runs.
  await page.click("button[data-action=modifyVolume]");
  await page.fill("#modify-volume-size", "20");
  await page.click("dialog button:has-text('Modify')");
  await row(page, "volumes", data).locator("text=modifying").waitFor(WAIT);

  // A snapshot of the root volume: pending, then completed at 100%.
  await page.check(`#select-${root}`);
  await page.click("button[data-action=createSnapshot]");
  await page.fill("#create-snapshot-description", "before changes");
  await page.click("dialog button:has-text('Create snapshot')");
  const snapshot = await reported(page, /snap-[0-9a-f]{17}/);
  assert.ok(snapshot, "the new snapshot's id is reported");
  await openView(page, "snapshots");
  await row(page, "snapshots", snapshot).locator(".state-pending").waitFor(WAIT);
  assert.equal((await cells(page, "snapshots", snapshot)).Progress, "0%");
  await advanceMinute(page);
  await row(page, "snapshots", snapshot).locator(".state-completed").waitFor(WAIT);
  const snapshotCells = await cells(page, "snapshots", snapshot);
  assert.deepEqual(
    [snapshotCells.Progress, snapshotCells["Volume size"], snapshotCells.Description, snapshotCells["Storage tier"], snapshotCells["Volume ID"], snapshotCells["Full snapshot size"]],
    ["100%", "8 GiB", "before changes", "Standard", root, "2 GiB"]);

  // The storage detail: the first snapshot stores the 2 GiB of the OS; a
  // second one of the unchanged volume stores nothing and references it.
  const later = await runOk(page, `aws ec2 create-snapshot --volume-id ${root} --query SnapshotId --output text`);
  await page.check(`#select-${snapshot}`);
  const storage = (id) => page.locator(`table[data-view=snapshot-storage] tr[data-id=${id}] td`).allTextContents();
  await page.locator(`table[data-view=snapshot-storage] tr[data-id=${later}]`).waitFor(WAIT);
  assert.deepEqual((await storage(snapshot)).slice(3, 6), ["2 GiB", "2 GiB", "0 GiB"]);
  assert.deepEqual((await storage(later)).slice(3, 6), ["2 GiB", "0 GiB", "2 GiB"]);
  assert.match(await page.textContent(".storage-summary"), /^Its 2 snapshots store 2 GiB in all; full copies would take 4 GiB\./);

  // A volume from the snapshot: too small is AWS's error; its size is the default.
  await page.click("button[data-action=createVolumeFromSnapshot]");
  assert.equal(await page.inputValue("#create-volume-snapshot"), snapshot);
  assert.equal(await page.inputValue("#create-volume-size"), "8");
  await page.fill("#create-volume-size", "4");
  await page.click("dialog button:has-text('Create volume')");
  assert.equal(await page.textContent("#dialog-error"), "InvalidParameterValue: Volume of 4GiB is smaller than snapshot size 8GiB");
  await page.fill("#create-volume-size", "8");
  await page.selectOption("#create-volume-zone", "us-east-1b");
  await page.click("dialog button:has-text('Create volume')");
  const restored = await reported(page, /vol-[0-9a-f]{17}/);
  await openView(page, "volumes");
  await row(page, "volumes", restored).waitFor(WAIT);
  const restoredCells = await cells(page, "volumes", restored);
  assert.deepEqual([restoredCells.Snapshot, restoredCells.Size, restoredCells["Availability Zone"]], [snapshot, "8 GiB", "us-east-1b"]);

  // The root volume's panel lists both snapshots too.
  await page.check(`#select-${root}`);
  await page.locator(`table[data-view=snapshot-storage] tr[data-id=${later}]`).waitFor(WAIT);

  // Delete the first snapshot: what it stored moves to the later one.
  await openView(page, "snapshots");
  await page.check(`#select-${snapshot}`);
  await page.click("button[data-action=deleteSnapshot]");
  await page.click("dialog button:has-text('Delete')");
  await row(page, "snapshots", snapshot).waitFor({ ...WAIT, state: "detached" });
  await page.check(`#select-${later}`);
  assert.deepEqual((await storage(later)).slice(3, 6), ["2 GiB", "2 GiB", "0 GiB"]);

  // Instances: Image and templates › Create image, rebooting by default.
  await openView(page, "instances");
  await page.check(`#select-${instance}`);
  await page.click("button[data-action=createImage]");
  assert.equal(await page.isChecked("#create-image-reboot"), true);
  await page.click("dialog button:has-text('Cancel')");

  // AMIs: none owned yet.
  await openView(page, "amis");
  assert.match(await page.textContent("#console-view .empty"), /You don't own any AMIs/);
  assert.deepEqual(errors, []);
});

test("an AMI by clicks: create it from an instance, launch from it, deregister it", async () => {
  const { page, errors } = await openPage();
  const instance = await runOk(page, "aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 " +
    "--instance-type t2.micro --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]' --query Instances[0].InstanceId --output text");
  await advanceMinute(page);

  // Create image: a name AWS refuses, then a good one, rebooting by default.
  await openView(page, "instances");
  await page.check(`#select-${instance}`);
  await page.click("button[data-action=createImage]");
  assert.equal(await page.isChecked("#create-image-reboot"), true);
  await page.fill("#create-image-name", "x!");
  await page.click("dialog button:has-text('Create image')");
  assert.match(await page.textContent("#dialog-error"), /^InvalidAMIName\.Malformed: AMI names must be between 3 and 128 characters long/);
  await page.fill("#create-image-name", "web-v1");
  await page.fill("#create-image-description", "my web server");
  await page.click("dialog button:has-text('Create image')");
  const image = await reported(page, /ami-[0-9a-f]{17}/);
  assert.match(await page.textContent(".flash"), /^Currently creating AMI ami-\w+ from instance i-\w+\. Check that the AMI status is 'Available'/);

  // AMIs: pending while its snapshot completes, then available.
  await openView(page, "amis");
  await row(page, "amis", image).locator(".state-pending").waitFor(WAIT);
  const imageCells = await cells(page, "amis", image);
  assert.deepEqual([imageCells["AMI name"], imageCells.Source, imageCells.Owner, imageCells.Visibility, imageCells.Platform, imageCells["Root device name"]],
    ["web-v1", "123456789012/web-v1", "123456789012", "Private", "Linux/UNIX", "/dev/xvda"]);
  assert.match(imageCells["Block devices"], /^\/dev\/xvda=snap-\w+:8:true:gp3$/);
  await advanceMinute(page);
  await row(page, "amis", image).locator(".state-available").waitFor(WAIT);

  // Its snapshot cannot go while the AMI uses it: AWS's error, inline.
  const snapshot = imageCells["Block devices"].match(/snap-\w+/)[0];
  await openView(page, "snapshots");
  await page.check(`#select-${snapshot}`);
  await page.click("button[data-action=deleteSnapshot]");
  await page.click("dialog button:has-text('Delete')");
  assert.equal(await page.textContent("#dialog-error"), `InvalidSnapshot.InUse: The snapshot ${snapshot} is currently in use by ${image}`);
  await page.click("dialog button:has-text('Cancel')");

  // Launch instance from AMI: the wizard opens on My AMIs with it chosen.
  await openView(page, "amis");
  await page.check(`#select-${image}`);
  await page.click("button[data-action=launchFromImage]");
  await page.waitForSelector("#wizard-title", WAIT);
  assert.equal(await page.getAttribute("#wizard-ami-tab-my-amis", "aria-selected"), "true");
  assert.equal(await page.inputValue("#wizard-my-ami"), image);
  await page.selectOption("#wizard-key-name", "(none)");
  await page.click("button:has-text('Launch instance')");
  await page.waitForSelector("#wizard-success-title", WAIT);
  const launched = await page.textContent(".instance-id");
  assert.equal(await runOk(page, `aws ec2 describe-instances --instance-ids ${launched} --query Reservations[0].Instances[0].ImageId --output text`), image);

  // Deregister: gone from AMIs; its snapshot stays.
  await openView(page, "amis");
  await page.check(`#select-${image}`);
  await page.click("button[data-action=deregisterImage]");
  await page.click("dialog button:has-text('Deregister AMI')");
  await row(page, "amis", image).waitFor({ ...WAIT, state: "detached" });
  await openView(page, "snapshots");
  await row(page, "snapshots", snapshot).waitFor(WAIT);
  assert.deepEqual(errors, []);
});
