// End to end: the lesson "Connect with SSH, and fix what stops you" starts
// with a prepared instance (its setup), which the console lists; the
// learner's first fix completes the first step, and a reload keeps both.
import assert from "node:assert/strict";
import { test } from "node:test";
import { run, useBrowser, WAIT } from "./browser.mjs";

const { openPage } = useBrowser();

const step = (page, index) => page.locator(`#lesson .step[data-step="${index}"]`);

test("the ssh lesson starts with its prepared instance and survives a reload", async () => {
  const { context, page, errors } = await openPage({ viewport: { width: 1400, height: 1000 } });
  await page.selectOption("#lesson .lesson-picker", "ssh-troubleshooting");
  await page.waitForSelector("#lesson h1:has-text('Connect with SSH, and fix what stops you')", WAIT);
  assert.equal(await step(page, 0).getAttribute("data-complete"), "false");

  // The setup's instance is in the console; its lines are not in the terminal.
  await page.click("#console-nav a[data-view=instances]");
  await page.waitForSelector("#console-view :text('ssh-lab')", WAIT);
  assert.equal(await page.locator(".term-entry").count(), 0);

  for (const line of [
    "ID=$(aws ec2 describe-instances --filters Name=tag:Name,Values=ssh-lab --query 'Reservations[0].Instances[0].InstanceId' --output text)",
    "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
    "aws ec2 authorize-security-group-ingress --group-name ssh-lab --protocol tcp --port 22 --cidr 203.0.113.25/32",
    "ssh -i lab-key.pem ec2-user@$IP",
    "yes",
  ]) {
    await run(page, line);
  }
  await page.waitForSelector(`#lesson .step[data-step="0"][data-complete=true]`, WAIT);

  await page.reload();
  await page.waitForSelector("body[data-ready=true]", WAIT);
  await page.waitForSelector(`#lesson .step[data-step="0"][data-complete=true]`, WAIT);
  assert.equal(await step(page, 1).getAttribute("data-complete"), "false");
  await page.click("#console-nav a[data-view=instances]");
  await page.waitForSelector("#console-view :text('ssh-lab')", WAIT);
  assert.deepEqual(errors, []);
  await context.close();
});
