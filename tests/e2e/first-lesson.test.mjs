// End to end: serves www/, opens the page in headless Chromium and completes
// "Launch your first EC2 instance" as a learner would, typing in the
// terminal and using the clock, checking the lesson panel, the console's
// Instances table and that progress survives a reload. Saves the README's
// screenshot (docs/screenshot.png) with the instance running.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { run, useBrowser, WAIT } from "./browser.mjs";

const SCREENSHOT = fileURLToPath(new URL("../../docs/screenshot.png", import.meta.url));
const { openPage } = useBrowser();
const VIEWPORT = { viewport: { width: 1280, height: 800 } };

/** A fresh page with the sandbox loaded; the clock starts paused. */
async function freshPage() {
  const opened = await openPage(VIEWPORT);
  assert.equal(await opened.page.getAttribute("#clock", "data-playing"), "false");
  return opened;
}

/** Runs `navigate` and waits for the sandbox; the clock starts paused. */
async function loaded(page, navigate) {
  await navigate();
  await page.waitForSelector("body[data-ready=true]", WAIT);
  assert.equal(await page.getAttribute("#clock", "data-playing"), "false");
}

/** Like `run`, and the command must succeed. */
async function runOk(page, line) {
  const result = await run(page, line);
  assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  return result;
}

const step = (page, index) => page.locator(`#lesson .step[data-step="${index}"]`);

async function assertStepComplete(page, index) {
  await page.waitForSelector(`#lesson .step[data-step="${index}"][data-complete=true]`, WAIT);
  const goals = step(page, index).locator(".goal");
  assert.ok((await goals.count()) > 0);
  assert.equal(await step(page, index).locator(".goal:not(.is-met)").count(), 0, `step ${index}: every goal met`);
}

async function assertCurrentStep(page, index) {
  assert.equal(await page.getAttribute("#lesson .step[aria-current=step]", "data-step"), String(index));
}

/** The Instances table's row for the instance named `name`, as text per column. */
async function instanceRow(page, name) {
  await page.click("#console-nav a[data-view=instances]");
  const row = page.locator("table[data-view=instances] tbody tr", { hasText: name });
  await row.waitFor(WAIT);
  const headers = await page.locator("table[data-view=instances] th").allTextContents();
  const cells = await row.locator("td").allTextContents();
  return Object.fromEntries(headers.map((header, i) => [header, cells[i].trim()]));
}

/** Plays the clock at x60 until the web instance shows `state`, then pauses. */
async function playUntil(page, state) {
  await page.click("#console-nav a[data-view=instances]");
  await page.check("#clock input[name=speed][value='60']");
  await page.click("#clock [data-clock=toggle]");
  assert.equal(await page.getAttribute("#clock", "data-playing"), "true");
  await page.locator("table[data-view=instances] tbody tr", { hasText: "web" })
    .locator(`.state-${state}`).waitFor(WAIT);
  await page.click("#clock [data-clock=toggle]");
  assert.equal(await page.getAttribute("#clock", "data-playing"), "false");
}

test("a learner completes 'Launch your first EC2 instance'", async () => {
  const { context, page, errors } = await freshPage();

  assert.equal(await page.textContent("#lesson h1"), "Launch your first EC2 instance");
  await assertCurrentStep(page, 0);
  const startTime = await page.getAttribute("#clock time", "datetime");

  // Step 1: the command comes from the instructions' Paste button.
  await step(page, 0).locator(".paste-button").first().click();
  assert.equal(
    await page.inputValue("#terminal-command"),
    "aws ec2 create-key-pair --key-name my-key --query KeyMaterial --output text > my-key.pem",
  );
  await page.press("#terminal-command", "Enter");
  await runOk(page, "chmod 400 my-key.pem");
  await assertStepComplete(page, 0);
  await page.click("#console-nav a[data-view=key-pairs]");
  await page.locator("table[data-view=key-pairs] tbody tr", { hasText: "my-key" }).waitFor(WAIT);

  // Step 2: a security group that allows SSH.
  await assertCurrentStep(page, 1);
  await runOk(page, 'aws ec2 create-security-group --group-name web-sg --description "Allow SSH"');
  await runOk(page, "aws ec2 authorize-security-group-ingress --group-name web-sg --protocol tcp --port 22 --cidr 0.0.0.0/0");
  await assertStepComplete(page, 1);
  await page.click("#console-nav a[data-view=security-groups]");
  const group = page.locator("table[data-view=security-groups] tbody tr", { hasText: "web-sg" });
  await group.waitFor(WAIT);
  assert.match(await group.textContent(), /1 permission entry/);

  // Step 3: launch a t2.micro from the Amazon Linux 2023 AMI.
  const { stdout: ami } = await runOk(page,
    "aws ec2 describe-images --owners amazon --filters Name=name,Values=al2023-ami-2023.*-x86_64 --query 'sort_by(Images, &CreationDate)[-1].ImageId' --output text");
  assert.match(ami.trim(), /^ami-[0-9a-f]{17}$/);
  const launched = await runOk(page,
    `aws ec2 run-instances --image-id ${ami.trim()} --instance-type t2.micro --key-name my-key --security-groups web-sg --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]'`);
  const instanceId = JSON.parse(launched.stdout).Instances[0].InstanceId;
  assert.match(instanceId, /^i-[0-9a-f]{17}$/);
  await assertStepComplete(page, 2);
  let row = await instanceRow(page, "web");
  assert.equal(row["Instance ID"], instanceId);
  assert.equal(row["Instance state"], "pending");
  assert.equal(row["Instance type"], "t2.micro");

  // Step 4: a minute on the clock boots it; then look up its public IP.
  await page.click("#clock [data-clock=step]");
  assert.equal(
    Date.parse(await page.getAttribute("#clock time", "datetime")) - Date.parse(startTime),
    60_000,
  );
  row = await instanceRow(page, "web");
  assert.equal(row["Instance state"], "running");
  assert.match(row["Availability Zone"], /^us-east-1[a-f]$/);
  const { stdout: ip } = await runOk(page,
    "aws ec2 describe-instances --filters Name=tag:Name,Values=web --query 'Reservations[].Instances[].PublicIpAddress'");
  const [firstIp] = JSON.parse(ip);
  assert.match(firstIp, /^\d+\.\d+\.\d+\.\d+$/);
  assert.equal(row["Public IPv4 address"], firstIp);
  await assertStepComplete(page, 3);
  await page.screenshot({ path: SCREENSHOT });

  // Step 5: stop, let the clock run until stopped; start, until running.
  await runOk(page, `aws ec2 stop-instances --instance-ids ${instanceId}`);
  await playUntil(page, "stopped");
  assert.equal((await instanceRow(page, "web"))["Public IPv4 address"], "–");
  await runOk(page, `aws ec2 start-instances --instance-ids ${instanceId}`);
  await playUntil(page, "running");
  await assertStepComplete(page, 4);
  const secondIp = (await instanceRow(page, "web"))["Public IPv4 address"];
  assert.match(secondIp, /^\d+\.\d+\.\d+\.\d+$/);
  assert.notEqual(secondIp, firstIp);

  // Step 6: terminate.
  await runOk(page, `aws ec2 terminate-instances --instance-ids ${instanceId}`);
  await assertStepComplete(page, 5);
  await page.waitForSelector("#lesson .lesson-complete", WAIT);
  assert.equal(await page.locator("#lesson .step:not([data-complete=true])").count(), 0);
  assert.match(await page.textContent("#lesson .progress-label"), /^6 of 6 steps complete$/);

  // Progress survives a reload: lesson, instance and command history.
  await loaded(page, () => page.reload());
  await page.waitForSelector("#lesson .lesson-complete", WAIT);
  assert.equal((await instanceRow(page, "web"))["Instance ID"], instanceId);
  await page.press("#terminal-command", "ArrowUp");
  assert.equal(await page.inputValue("#terminal-command"), `aws ec2 terminate-instances --instance-ids ${instanceId}`);

  assert.deepEqual(errors, []);
  await context.close();
});

test("Undo takes back the last command; Reset and unreadable saves start over", async () => {
  const { context, page, errors } = await freshPage();
  assert.equal(await page.isDisabled("#undo"), true);

  await runOk(page, "aws ec2 create-key-pair --key-name my-key --query KeyMaterial --output text > my-key.pem");
  await runOk(page, "aws ec2 create-key-pair --key-name spare-key --query KeyMaterial --output text > spare-key.pem");
  await page.click("#console-nav a[data-view=key-pairs]");
  await page.locator("table[data-view=key-pairs] tbody tr", { hasText: "spare-key" }).waitFor(WAIT);

  await page.click("#undo");
  await page.locator("table[data-view=key-pairs] tbody tr", { hasText: "spare-key" }).waitFor({ state: "detached", ...WAIT });
  assert.equal(await page.locator("table[data-view=key-pairs] tbody tr").count(), 1);
  assert.equal((await run(page, "ls")).stdout.trim(), "my-key.pem");

  page.once("dialog", (dialog) => dialog.accept());
  await page.click("#reset");
  await page.locator("#console-view .empty").waitFor(WAIT);
  await assertCurrentStep(page, 0);
  assert.equal(await page.isDisabled("#undo"), true);
  await loaded(page, () => page.reload());
  await page.click("#console-nav a[data-view=key-pairs]");
  await page.locator("#console-view .empty").waitFor(WAIT);

  // Saved progress that cannot be read is reported and replaced.
  await page.evaluate(() => localStorage.setItem("aws-sandbox/state", "{not a sandbox"));
  await loaded(page, () => page.reload());
  assert.match(await page.textContent("#terminal .term-error"), /saved progress could not be restored/);
  await assertCurrentStep(page, 0);

  assert.deepEqual(errors, []);
  await context.close();
});
