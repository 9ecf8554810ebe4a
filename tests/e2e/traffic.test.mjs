// End to end: CloudWatch's Traffic page and Alarms view. A web server
// (user data installing httpd) is launched from the terminal and an alarm
// on its CPU created with put-metric-alarm; the Traffic page charts the
// instance, idle; its load control starts a load on the instance's public
// address (the `load start` line shows in the terminal), the rate typed in
// its form survives the clock's redraws, and as the clock advances the
// chart's CPU rises to what 50 requests a second cost a t2.micro; the
// alarm turns ALARM in the Alarms view, with its condition and history;
// Stop all loads runs `load stop`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { run, useBrowser, WAIT } from "./browser.mjs";

const browser = useBrowser();

async function runOk(page, line) {
  const result = await run(page, line);
  assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  return result.stdout.trim();
}

const step = (page, seconds) => page.click(`#clock [data-clock=step][data-seconds='${seconds}']`);
const chart = (page, series) => page.locator(`.chart[data-series=${series}]`);
const latest = async (page, series) => Number(await chart(page, series).getAttribute("data-latest"));
const lastCommand = (page) => page.locator(".term-entry").last().evaluate((entry) => ({
  command: entry.querySelector(".term-command").textContent,
  stdout: entry.querySelector(".term-stdout")?.textContent ?? "",
  exitCode: Number(entry.dataset.exitCode),
}));

test("a load raises a web server's CPU on the Traffic chart and its alarm goes off", async () => {
  const { page, errors } = await browser.openPage({ viewport: { width: 1400, height: 1000 } });
  for (const line of [
    "echo '#!/bin/bash' > web.sh",
    "echo 'dnf install -y httpd' >> web.sh",
    "echo 'systemctl enable --now httpd' >> web.sh",
    "SG=$(aws ec2 create-security-group --group-name web --description 'web server' --query GroupId --output text)",
    "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0",
    "ID=$(aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 " +
      "--instance-type t2.micro --security-group-ids $SG --user-data file://web.sh " +
      "--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]' --query Instances[0].InstanceId --output text)",
    "aws cloudwatch put-metric-alarm --alarm-name web-cpu-high --namespace AWS/EC2 --metric-name CPUUtilization " +
      "--dimensions Name=InstanceId,Value=$ID --statistic Average --period 300 --evaluation-periods 1 " +
      "--threshold 40 --comparison-operator GreaterThanThreshold",
  ]) await runOk(page, line);
  const instance = await runOk(page, "echo $ID");
  const ip = await runOk(page, "aws ec2 describe-instances --instance-ids $ID --query Reservations[0].Instances[0].PublicIpAddress --output text");

  // Ten idle minutes: the chart shows the instance's CPU, low.
  await step(page, 60);
  await page.click("#console-nav a[data-view=traffic]");
  await chart(page, "cpu").waitFor(WAIT);
  assert.equal(await page.textContent(".breadcrumbs"), "CloudWatch › Traffic");
  for (let i = 0; i < 10; i += 1) await step(page, 60);
  assert.equal(await page.inputValue("#traffic-subject"), `instance:${instance}`);
  assert.equal(await page.textContent("#traffic-subject option:checked"), `Instance ${instance} (web)`);
  await page.locator(".chart[data-series=cpu][data-latest]").waitFor(WAIT);
  const idle = await latest(page, "cpu");
  assert.ok(idle < 5, `idle CPU ${idle}`);
  assert.match(await page.getAttribute(".chart[data-series=cpu] svg", "aria-label"), /^CPU utilization \(%\): [\d.]+ at \d\d:\d\d UTC/);
  assert.match(await chart(page, "requests").textContent(), /No Application or Classic Load Balancer counts these requests/);
  assert.match(await chart(page, "desired").textContent(), /No Auto Scaling group to chart here/);

  // The load control: the URL is the instance's address; the rate typed survives the clock's redraws.
  assert.equal(await page.inputValue("#load-url"), `http://${ip}/`);
  await page.fill("#load-rps", "50");
  await step(page, 60);
  assert.equal(await page.inputValue("#load-rps"), "50");
  await page.click("button[data-action=startLoad]");
  const started = await lastCommand(page);
  assert.equal(started.command.replace(/^\S+\s/, ""), `load start http://${ip}/ --rps 50 --pattern steady`);
  assert.equal(started.exitCode, 0);
  assert.match(started.stdout, /^load-1: 50 requests\/s \(steady\)/);
  await page.locator("table[data-view=loads] tr[data-id=load-1]").waitFor(WAIT);
  assert.match(await page.textContent("table[data-view=loads] tr[data-id=load-1]"), /50.*50.*steady/);

  // Twenty minutes of load: the CPU climbs to about 50% (plus the idle half percent).
  for (let i = 0; i < 20; i += 1) await step(page, 60);
  const busy = await latest(page, "cpu");
  assert.ok(Math.abs(busy - 50.5) < 0.5, `busy CPU ${busy}`);
  assert.ok(Number(await chart(page, "cpu").getAttribute("data-points")) >= 5);
  assert.match(await page.getAttribute(".chart[data-series=cpu] .chart-line", "d"), /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+$/);

  // The alarm went off: the Alarms view says so, with its condition and history.
  await page.click("#console-nav a[data-view=alarms]");
  const alarmRow = page.locator("table[data-view=alarms] tr[data-id=web-cpu-high]");
  await alarmRow.waitFor(WAIT);
  assert.equal(await alarmRow.locator("[data-state]").getAttribute("data-state"), "ALARM");
  assert.match(await alarmRow.textContent(), /In alarm/);
  assert.match(await alarmRow.textContent(), /CPUUtilization > 40 for 1 datapoints within 5 minutes/);
  await page.click("#select-web-cpu-high");
  await page.locator("#alarm-tab-panel").waitFor(WAIT);
  assert.match(await page.textContent("#alarm-tab-panel"), /Threshold Crossed/);
  await page.click("#alarm-tab-history");
  assert.match(await page.textContent("#alarm-tab-panel"), /Alarm updated from INSUFFICIENT_DATA to ALARM|from OK to ALARM/);

  // Stop all loads runs `load stop` in the terminal.
  await page.click("#console-nav a[data-view=traffic]");
  await page.click("button[data-action=stopLoads]");
  const stopped = await lastCommand(page);
  assert.equal(stopped.command.replace(/^\S+\s/, ""), "load stop");
  assert.equal(stopped.stdout, "Stopped 1 load.\n");
  await page.locator(".load-panel .empty", { hasText: "No load is running." }).waitFor(WAIT);
  assert.equal(await page.isDisabled("button[data-action=stopLoads]"), true);

  assert.deepEqual(errors, []);
});
