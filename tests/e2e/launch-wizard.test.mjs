// End to end: launches an instance with the console's launch wizard by
// clicks (a new key pair, a new security group with SSH from My IP and
// HTTP, t2.micro, Amazon Linux 2023, a Name tag), checks the success panel
// and its CLI commands, AWS's errors shown inline, and the Instances
// view's row actions after the clock moves, while the lesson "Launch with
// the console wizard" turns its steps complete.
import assert from "node:assert/strict";
import { test } from "node:test";
import { run, useBrowser, WAIT } from "./browser.mjs";

const browser = useBrowser();
const openPage = () => browser.openPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });

async function openWizard(page) {
  await page.click("#console-nav a[data-view=instances]");
  await page.click("#console-view a.primary-button:has-text('Launch instances')");
  await page.waitForSelector("#wizard-title", WAIT);
}

/** Creates a key pair in the wizard's dialog; returns the download's file name. */
async function createKeyPair(page, name) {
  await page.click("button:has-text('Create new key pair')");
  await page.fill("#wizard-new-key-name", name);
  const download = page.waitForEvent("download", WAIT);
  await page.click("button:has-text('Create key pair')");
  return (await download).suggestedFilename();
}

/** Waits until lesson step `index` shows as complete. */
const stepDone = (page, index) => page.waitForSelector(`#lesson .step[data-step="${index}"][data-complete=true]`, WAIT);

test("a learner launches an instance with the wizard and manages it", async () => {
  const { page, errors } = await openPage();
  await page.selectOption("#lesson .lesson-picker", "launch-wizard");
  await page.waitForSelector("#lesson h1:has-text('Launch with the console wizard')", WAIT);
  await openWizard(page);

  // Quick Start defaults: Amazon Linux 2023, x86, t2.micro, free tier.
  assert.equal(await page.isChecked("input[name=wizard-os][value=amazon-linux-2023]"), true);
  assert.match(await page.locator("#wizard-ami-select option:checked").textContent(), /Amazon Linux 2023 AMI \(ami-\w+\) – Free tier eligible/);
  assert.equal(await page.inputValue("#wizard-instance-type"), "t2.micro");
  assert.match(await page.locator("#wizard-instance-type option:checked").textContent(), /1 vCPU, 1 GiB memory, On-Demand Linux 0.0116 USD per Hour – Free tier eligible/);

  await page.fill("#wizard-name", "wizard-web");

  // A required field left empty: the console's own message, nothing sent.
  await page.click("button:has-text('Launch instance')");
  assert.match(await page.textContent("#wizard-key-name-error"), /Key pair name is required/);

  // The key pair: created at once, downloaded, saved in the home folder.
  assert.equal(await createKeyPair(page, "web-key"), "web-key.pem");
  assert.equal(await page.inputValue("#wizard-key-name"), "web-key");
  assert.match((await run(page, "cat web-key.pem")).stdout, /BEGIN RSA PRIVATE KEY/);

  // A name that exists already: AWS's error, inline in the dialog.
  await page.click("button:has-text('Create new key pair')");
  await page.fill("#wizard-new-key-name", "web-key");
  await page.click("button:has-text('Create key pair')");
  assert.equal(await page.textContent("#wizard-new-key-name-error"), "The keypair 'web-key' already exists.");
  await page.click(".inline-dialog button:has-text('Cancel')");

  // Firewall: SSH from anywhere warns; My IP is the learner's /32.
  assert.match(await page.textContent("text=We'll create a new security group"), /launch-wizard-1/);
  assert.equal(await page.locator(".warning").count(), 1);
  await page.selectOption("#wizard-ssh-source", "my-ip");
  assert.equal(await page.locator(".warning").count(), 0);
  await page.check("#wizard-http");

  // Storage: a root volume smaller than the AMI's snapshot is AWS's error.
  assert.equal(await page.inputValue("#wizard-volume-size-0"), "8");
  await page.fill("#wizard-volume-size-0", "4");
  await page.click("button:has-text('Launch instance')");
  assert.match(await page.textContent("#wizard-volume-size-0-error"), /^Volume of size 4GB is smaller than snapshot 'snap-\w+', expect size >= 8GB$/);
  assert.equal(await page.locator("#wizard-volume-size-0").getAttribute("aria-invalid"), "true");
  await page.fill("#wizard-volume-size-0", "10");
  await page.click("button:has-text('Launch instance')");

  // Success: the instance id and the CLI commands.
  await page.waitForSelector("#wizard-success-title", WAIT);
  const instanceId = await page.textContent(".instance-id");
  assert.match(instanceId, /^i-[0-9a-f]{17}$/);
  const cli = (await page.textContent(".cli-equivalent")).split("\n");
  assert.match(cli[0], /^aws ec2 create-key-pair --key-name web-key --key-type rsa --key-format pem --query KeyMaterial --output text > web-key.pem$/);
  assert.match(cli[1], /^SG_ID=\$\(aws ec2 create-security-group --group-name launch-wizard-1 --description 'launch-wizard-1 created [^']+' --vpc-id vpc-\w+ --query GroupId --output text\)$/);
  assert.match(cli[2], /^aws ec2 authorize-security-group-ingress --group-id "\$SG_ID" --ip-permissions '.*203\.0\.113\.25\/32.*"FromPort":80.*'$/);
  assert.match(cli[3], /^aws ec2 run-instances --image-id ami-\w+ --instance-type t2.micro --key-name web-key --security-group-ids "\$SG_ID" .*"VolumeSize":10.*"Value":"wizard-web".* --associate-public-ip-address --count 1$/);

  await stepDone(page, 0);
  await stepDone(page, 1);

  // The instance is in the table; select it and read its details.
  await page.click("text=View all instances");
  const row = page.locator(`table[data-view=instances] tbody tr[data-id=${instanceId}]`);
  await row.waitFor(WAIT);
  assert.match(await row.textContent(), /web/);
  await page.check(`#select-${instanceId}`);
  await page.click("#instance-tab-security");
  const rules = await page.locator("#instance-tab-panel table tbody tr")
    .evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent).join(" ")));
  assert.deepEqual(rules.sort(), [
    "launch-wizard-1 22 tcp 203.0.113.25/32",
    "launch-wizard-1 80 tcp 0.0.0.0/0",
  ]);
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getAttribute("#instance-tab-storage", "aria-selected"), "true");
  assert.match(await page.textContent("#instance-tab-panel"), /\/dev\/xvda/);

  // Row actions: start it, stop it, start it again, as the clock moves.
  await page.click("#clock [data-clock=step]");
  await row.locator(".state-running").waitFor(WAIT);
  await page.click("button[data-action=connect]");
  assert.match(await page.textContent("#connect-command"), /^ssh -i "web-key.pem" ec2-user@ec2-[\d-]+\.compute-1\.amazonaws\.com$/);
  await page.click("dialog button:has-text('Close')");

  // Status checks initialize once it runs, and pass two minutes later.
  // Connect as the Connect dialog says: the key must be private first.
  await page.click("button[data-action=connect]");
  const connect = (await page.textContent("#connect-command")).replace(/^ssh /, "ssh -o StrictHostKeyChecking=no ");
  await page.click("dialog button:has-text('Close')");
  const tooOpen = await run(page, connect);
  assert.equal(tooOpen.exitCode, 255);
  await run(page, "chmod 400 web-key.pem");
  assert.equal((await run(page, connect)).exitCode, 0);
  assert.match(await page.textContent("#terminal label.term-prompt"), /^\[ec2-user@ip-172-31-\d+-\d+ ~\]\$$/);
  assert.equal((await run(page, "whoami")).stdout, "ec2-user\n");
  // A web server behind the wizard's HTTP rule, fetched from the laptop.
  assert.equal((await run(page, "sudo dnf install -y httpd")).exitCode, 0);
  assert.equal((await run(page, "sudo systemctl enable --now httpd")).exitCode, 0);
  await run(page, "echo '<h1>Hello from the wizard</h1>' | sudo tee /var/www/html/index.html");
  await run(page, "exit");
  assert.equal(await page.textContent("#terminal label.term-prompt"), "learner@laptop:~$");
  const host = connect.split("@").at(-1);
  assert.equal((await run(page, `curl -s http://${host}/`)).stdout, "<h1>Hello from the wizard</h1>\n");

  await page.click("#instance-tab-status");
  assert.match(await page.textContent("#instance-tab-panel"), /Initializing/);
  await page.click("#clock [data-clock=step]");
  await page.click("#clock [data-clock=step]");
  await page.locator("#instance-tab-panel", { hasText: "3/3 checks passed" }).waitFor(WAIT);
  await stepDone(page, 2);

  assert.equal(await page.isDisabled("button[data-action=changeType]"), true, "only for stopped instances");
  await page.click("button[data-action=stop]");
  await row.locator(".state-stopping").waitFor(WAIT);
  await page.click("#clock [data-clock=step]");
  await row.locator(".state-stopped").waitFor(WAIT);

  await page.click("button[data-action=changeType]");
  await page.selectOption("#change-type-select", "t3.micro");
  await page.click("dialog button:has-text('Apply')");
  await row.locator("text=t3.micro").waitFor(WAIT);

  await page.click("button[data-action=start]");
  await row.locator(".state-pending").waitFor(WAIT);
  await page.click("#clock [data-clock=step]");
  await row.locator(".state-running").waitFor(WAIT);
  await stepDone(page, 3);

  await page.click("button[data-action=terminate]");
  await page.click("dialog button:has-text('Terminate (delete)')");
  await row.locator(".state-shutting-down").waitFor(WAIT);
  await stepDone(page, 4);
  await page.waitForSelector("#lesson .lesson-complete", WAIT);

  // The wizard's changes are in the journal: the terminal sees the same world.
  const described = await run(page, `aws ec2 describe-instances --instance-ids ${instanceId} --query Reservations[0].Instances[0].Tags[0].Value --output text`);
  assert.equal(described.stdout.trim(), "wizard-web");
  assert.deepEqual(errors, []);
});
