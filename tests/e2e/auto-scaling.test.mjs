// End to end: the Auto Scaling Groups view over a group built in the
// terminal from a launch template of web servers. The template's versions;
// the group updating its capacity, then its two instances in service in
// two zones and the activities that launched them; a target tracking
// policy as the console writes it; Edit capacity refusing a desired
// capacity above the maximum with AWS's message inside the dialog, then
// setting 3 (SetDesiredCapacity, as the dialog's CLI line says) and a
// third launch; the group's instances registered with an ALB's target
// group, healthy there; the Traffic page charting the group under a load
// on the load balancer; and Delete.
import assert from "node:assert/strict";
import { test } from "node:test";
import { run, useBrowser, WAIT } from "./browser.mjs";

const browser = useBrowser();

async function runOk(page, line) {
  const result = await run(page, line);
  assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  return result.stdout.trim();
}

const AL2023 = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
const USER_DATA = Buffer.from("#!/bin/bash\ndnf install -y httpd\nsystemctl enable --now httpd\n").toString("base64");
const openView = (page, id) => page.click(`#console-nav a[data-view=${id}]`);
const step = (page, seconds) => page.click(`#clock [data-clock=step][data-seconds='${seconds}']`);
const row = (page, view, key) => page.locator(`table[data-view=${view}] tbody tr[data-id="${key}"]`);
const paneRows = (page) => page.locator("[role=tabpanel] table tbody tr").evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
const latest = async (page, series) => Number(await page.getAttribute(`.chart[data-series=${series}]`, "data-latest"));

/** The row of `key` in `view` as text per column. */
async function cells(page, view, key) {
  const headers = await page.locator(`table[data-view=${view}] thead th`).allTextContents();
  const texts = await row(page, view, key).locator("td").allTextContents();
  return Object.fromEntries(headers.map((header, i) => [header, texts[i].trim()]));
}

test("an Auto Scaling group's instances, activity, policies and capacity, behind an ALB", async () => {
  const { page, errors } = await browser.openPage({ viewport: { width: 1400, height: 1000 } });
  for (const line of [
    "VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query Vpcs[0].VpcId --output text)",
    "SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query Subnets[].SubnetId --output text)",
    "SG_LB=$(aws ec2 create-security-group --group-name alb --description alb --query GroupId --output text)",
    "SG_WEB=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
    "aws ec2 authorize-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0",
    "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 80 --source-group $SG_LB",
    `aws ec2 create-launch-template --launch-template-name web --version-description first --launch-template-data '{"ImageId":"${AL2023}","InstanceType":"t3.micro","SecurityGroupIds":["'$SG_WEB'"],"UserData":"${USER_DATA}"}'`,
    `aws ec2 create-launch-template-version --launch-template-name web --source-version 1 --version-description small --launch-template-data '{"InstanceType":"t2.micro"}'`,
    "aws ec2 modify-launch-template --launch-template-name web --default-version 2",
    "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --security-groups $SG_LB --query LoadBalancers[0].LoadBalancerArn --output text)",
    "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query TargetGroups[0].TargetGroupArn --output text)",
    "aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
    "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web " +
      "--min-size 2 --max-size 4 --availability-zones us-east-1a us-east-1b --target-group-arns $TG",
  ]) await runOk(page, line);
  const tg = await runOk(page, "echo $TG");
  const dns = await runOk(page, "aws elbv2 describe-load-balancers --load-balancer-arns $LB --query LoadBalancers[0].DNSName --output text");

  // The template: version 2 the default, 1 the first.
  await openView(page, "launch-templates");
  await page.locator("table[data-view=launch-templates] tbody tr").first().waitFor(WAIT);
  await page.locator("table[data-view=launch-templates] input[type=radio]").first().check();
  await page.click("#template-tab-versions");
  assert.deepEqual((await paneRows(page)).map((cellsOf) => [cellsOf[0], cellsOf[1], cellsOf[3]]),
    [["2 (Default, Latest)", "small", "t2.micro"], ["1", "first", "t3.micro"]]);

  // The group: updating its capacity, then two instances in service in two zones.
  await openView(page, "auto-scaling-groups");
  await row(page, "auto-scaling-groups", "web").waitFor(WAIT);
  assert.deepEqual(await cells(page, "auto-scaling-groups", "web"), {
    Select: "", Name: "web", "Launch template/configuration": "web | Version Default", Instances: "0", Status: "Updating capacity",
    "Desired capacity": "2", Min: "2", Max: "4", "Availability Zones": "us-east-1a, us-east-1b",
  });
  await step(page, 60);
  await row(page, "auto-scaling-groups", "web").filter({ hasText: "–" }).waitFor(WAIT);
  assert.equal((await cells(page, "auto-scaling-groups", "web")).Instances, "2");
  await page.click("#select-web");
  await page.click("#group-tab-instances");
  const members = await paneRows(page);
  assert.deepEqual(members.map(([, lifecycle, type, source, zone, health]) => [lifecycle, type, source, zone, health]).sort(), [
    ["InService", "t2.micro", "web | Version Default", "us-east-1a", "Healthy"],
    ["InService", "t2.micro", "web | Version Default", "us-east-1b", "Healthy"],
  ]);
  await page.click("#group-tab-activity");
  const activities = await paneRows(page);
  assert.equal(activities.length, 2);
  for (const [status, description, cause] of activities) {
    assert.equal(status, "Successful");
    assert.match(description, /^Launching a new EC2 instance: i-[0-9a-f]{17}$/);
    assert.match(cause, /increasing the capacity from 0 to 2\.$/);
  }

  // A target tracking policy, as the console writes it.
  await runOk(page, "aws autoscaling put-scaling-policy --auto-scaling-group-name web --policy-name cpu50 --policy-type TargetTrackingScaling " +
    "--target-tracking-configuration '{\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"},\"TargetValue\":50.0}'");
  await page.click("#group-tab-scaling");
  assert.deepEqual(await paneRows(page), [["cpu50", "Target tracking scaling", "Yes",
    "As required to maintain Average CPU utilization at 50", "Add or remove capacity units as required"]]);

  // Edit capacity: above the maximum, AWS says no inside the dialog; 3 is fine.
  await page.click("button[data-action=editCapacity]");
  await page.fill("#capacity-desired", "5");
  assert.equal(await page.textContent("dialog .cli-equivalent"), "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 5");
  await page.click("dialog button:has-text('Update')");
  assert.equal(await page.textContent("#dialog-error"),
    "ValidationError: New SetDesiredCapacity value 5 is above max value 4 for the AutoScalingGroup.");
  await page.fill("#capacity-desired", "3");
  await page.click("dialog button:has-text('Update')");
  await page.locator("dialog").waitFor({ state: "detached", ...WAIT });
  assert.match(await page.textContent(".flash"), /Updated web: desired capacity 3, minimum 2, maximum 4\./);
  await step(page, 60);
  assert.equal((await cells(page, "auto-scaling-groups", "web")).Instances, "3");
  await page.click("#group-tab-activity");
  const [newest] = await paneRows(page);
  assert.equal(newest[0], "Successful");
  assert.match(newest[2], /changing the desired capacity from 2 to 3\./);

  // The group's instances behind the ALB: initial, then healthy.
  const ids = (await runOk(page, "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names web --query AutoScalingGroups[0].Instances[].InstanceId --output text")).split(/\s+/);
  await runOk(page, `aws elbv2 register-targets --target-group-arn $TG --targets ${ids.map((id) => `Id=${id}`).join(" ")}`);
  await runOk(page, "aws elbv2 wait load-balancer-available --load-balancer-arns $LB");
  await openView(page, "target-groups");
  await row(page, "target-groups", tg).waitFor(WAIT);
  await runOk(page, "aws elbv2 wait target-in-service --target-group-arn $TG");
  await row(page, "target-groups", tg).filter({ hasText: "3 healthy" }).waitFor(WAIT);
  await page.click(`[id="select-${tg}"]`);
  assert.deepEqual((await paneRows(page)).map(([id, , , , state]) => [id, state]).sort(), ids.map((id) => [id, "healthy"]).sort());

  // The Traffic page charts the group (the first subject) under a load on the ALB.
  await openView(page, "traffic");
  await page.locator(".chart[data-series=cpu]").waitFor(WAIT);
  assert.equal(await page.inputValue("#traffic-subject"), "group:web");
  await page.selectOption("#load-url", `http://${dns}/`);
  await page.fill("#load-rps", "60");
  await page.click("button[data-action=startLoad]");
  for (let i = 0; i < 10; i += 1) await step(page, 60);
  assert.ok(Math.abs((await latest(page, "requests")) - 60) < 0.01, `requests ${await latest(page, "requests")}`);
  assert.equal(await latest(page, "healthy"), 3);
  // 60 requests a second over three t2.micros: about 20% each, plus idle.
  assert.ok(Math.abs((await latest(page, "cpu")) - 20.5) < 1, `cpu ${await latest(page, "cpu")}`);
  assert.match(await page.textContent(".chart[data-series=desired]"), /Desired capacity now: 3\./);
  await page.click("button[data-action=stopLoads]");

  // Delete: the group goes with its instances.
  await openView(page, "auto-scaling-groups");
  await page.click("button[data-action=deleteGroup]");
  assert.match(await page.textContent("dialog .cli-equivalent"), /^aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web --force-delete$/);
  await page.click("dialog button:has-text('Delete')");
  assert.match(await page.textContent(".flash"), /Deleting Auto Scaling group web/);
  assert.equal((await cells(page, "auto-scaling-groups", "web")).Status, "Deleting");
  assert.equal(await page.isDisabled("button[data-action=editCapacity]"), true);
  await step(page, 3600);
  await page.locator("table[data-view=auto-scaling-groups]").waitFor({ state: "detached", ...WAIT });
  assert.match(await page.textContent("#console-view .empty"), /No Auto Scaling groups/);

  assert.deepEqual(errors, []);
});
