// End to end: the Elastic Container Service views over a cluster built
// from the page and the terminal. Create cluster refuses a bad name
// inside the dialog, then creates "web"; a container instance from the
// ECS-optimized AMI joins it (user data ECS_CLUSTER=web); a service of two
// tasks on dynamic host ports behind a Network Load Balancer's target
// group, and one whose static host port fits only once (its placement
// failure event). The view shows the cluster's counts, the services with
// their events (newest first, to the second), the tasks with their host
// port → container port bindings and EC2 instance, and the container
// instance with what it has left. Update sets 3 desired tasks (its CLI
// line shown) and a third task starts; Stop stops one and the service
// replaces it; Delete service (after typing "delete") drains it away.
// Task definitions lists the revisions, and a revision's containers with
// the host port "dynamic".
import assert from "node:assert/strict";
import { test } from "node:test";
import { run, useBrowser, WAIT } from "./browser.mjs";

const browser = useBrowser();

async function runOk(page, line) {
  const result = await run(page, line);
  assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  return result.stdout.trim();
}

const ECS_AMI = "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
const openView = (page, id) => page.click(`#console-nav a[data-view=${id}]`);
const step = (page, seconds) => page.click(`#clock [data-clock=step][data-seconds='${seconds}']`);
const flash = (page) => page.locator(".flash").textContent();
const dialogButton = (page, label) => page.locator("dialog .button-row button", { hasText: label });
const texts = (rows) => rows.evaluateAll((trs) => trs.map((r) => [...r.cells].map((c) => c.textContent.trim())));
/** The rows of the detail pane's table of `kind` (service, task), without its Select column. */
const pickRows = async (page, kind) => (await texts(page.locator(`[role=tabpanel] table[data-table=${kind}] tbody tr`))).map((cells) => cells.slice(1));
/** The rows of the detail pane's table labelled `label`. */
const paneRows = (page, label) => texts(page.locator(`[role=tabpanel] table[aria-label="${label}"] tbody tr`));
const pick = (page, kind, arn) => page.check(`[id="${kind}-${arn}"]`);

/** The cluster row of `name` as text per column. */
async function clusterCells(page, name) {
  const headers = await page.locator("table[data-view=ecs-clusters] thead th").allTextContents();
  const cells = await page.locator(`table[data-view=ecs-clusters] tbody tr[data-id="${name}"] td`).allTextContents();
  return Object.fromEntries(headers.map((header, i) => [header, cells[i].trim()]).slice(1));
}

test("a cluster's services, events, tasks and container instance; Update, Stop and Delete service", async () => {
  const { page, errors } = await browser.openPage({ viewport: { width: 1500, height: 1000 } });

  // Create cluster: a bad name refused inside the dialog, then "web".
  await openView(page, "ecs-clusters");
  assert.match(await page.textContent("#console-view .empty"), /No clusters/);
  await page.click("button[data-action=createCluster]");
  await page.fill("#cluster-name", "my web");
  assert.equal(await page.textContent("dialog .cli-equivalent"), "aws ecs create-cluster --cluster-name 'my web'");
  await dialogButton(page, "Create").click();
  assert.equal(await page.textContent("#dialog-error"),
    "InvalidParameterException: Cluster name should match the pattern '^[a-zA-Z0-9_-]{1,255}$'.");
  await page.fill("#cluster-name", "web");
  await dialogButton(page, "Create").click();
  await page.locator("dialog").waitFor({ state: "detached", ...WAIT });
  assert.equal(await flash(page), "Cluster web has been created successfully.");
  assert.deepEqual(await clusterCells(page, "web"), {
    Cluster: "web", Status: "ACTIVE", Services: "0", Tasks: "No tasks running", "Container instances": "0",
  });

  // A container instance, and two services: web behind an NLB's target group, static on host port 8080.
  for (const line of [
    "VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query Vpcs[0].VpcId --output text)",
    "SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query Subnets[].SubnetId --output text)",
    "SG=$(aws ec2 create-security-group --group-name ecs --description ecs --query GroupId --output text)",
    "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 32768-61000 --cidr 0.0.0.0/0",
    "echo '#!/bin/bash' > ecs.sh",
    "echo 'echo ECS_CLUSTER=web >> /etc/ecs/ecs.config' >> ecs.sh",
    `ECS=$(aws ec2 run-instances --image-id ${ECS_AMI} --instance-type t3.small --placement AvailabilityZone=us-east-1a --security-group-ids $SG --user-data file://ecs.sh --query Instances[0].InstanceId --output text)`,
    "aws ec2 wait instance-running --instance-ids $ECS",
    "sleep 30",
    "LB=$(aws elbv2 create-load-balancer --name web --type network --subnets $SUBNETS --query LoadBalancers[0].LoadBalancerArn --output text)",
    "TG=$(aws elbv2 create-target-group --name web --protocol TCP --port 80 --vpc-id $VPC --query TargetGroups[0].TargetGroupArn --output text)",
    "aws elbv2 create-listener --load-balancer-arn $LB --protocol TCP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
    `aws ecs register-task-definition --family web --container-definitions '[{"name":"web","image":"nginxdemos/hello:plain-text","memory":128,"portMappings":[{"containerPort":80,"hostPort":0}]}]'`,
    `aws ecs register-task-definition --family static --container-definitions '[{"name":"web","image":"nginxdemos/hello:plain-text","memory":128,"portMappings":[{"containerPort":80,"hostPort":8080}]}]'`,
    "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 2 --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80",
    "aws ecs wait services-stable --cluster web --services web",
    "aws ecs create-service --cluster web --service-name static --task-definition static --desired-count 2",
    "sleep 30",
  ]) await runOk(page, line);
  const instance = await runOk(page, "echo $ECS");
  const webArn = await runOk(page, "aws ecs describe-services --cluster web --services web --query services[0].serviceArn --output text");
  const staticArn = await runOk(page, "aws ecs describe-services --cluster web --services static --query services[0].serviceArn --output text");

  await page.locator("table[data-view=ecs-clusters] tbody tr", { hasText: "3 running" }).waitFor(WAIT);
  assert.deepEqual(await clusterCells(page, "web"), {
    Cluster: "web", Status: "ACTIVE", Services: "2", Tasks: "3 running", "Container instances": "1",
  });

  // Services: web has its two tasks behind the target group; static runs one of two.
  await page.click("#select-web");
  assert.deepEqual(await pickRows(page, "service"), [
    ["web", "ACTIVE", "2", "2", "0", "web:1", "Target group web → container web:80"],
    ["static", "ACTIVE", "2", "1", "0", "static:1", "–"],
  ]);
  assert.equal(await page.isDisabled("button[data-action=updateService]"), true);
  await pick(page, "service", staticArn);
  const [newest] = await paneRows(page, "Events of static");
  assert.match(newest[0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.match(newest[1], /^\(service static\) was unable to place a task because no container instance met all of its requirements\. .*already using a port required by your task\./);
  await pick(page, "service", webArn);
  const events = (await paneRows(page, "Events of web")).map(([, message]) => message);
  assert.equal(events[0], "(service web) has reached a steady state.");
  assert.match(events.at(-1), /^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/);

  // Tasks: dynamic host ports for web, 8080 for static, all on the instance.
  await page.click("#cluster-tab-tasks");
  const tasks = await pickRows(page, "task");
  assert.equal(tasks.length, 3);
  for (const [id, last, desired, definition, , ec2, started, bindings] of tasks) {
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.deepEqual([last, desired, ec2], ["RUNNING", "RUNNING", instance]);
    assert.match(started, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    if (definition === "web:1") assert.match(bindings, /^web: (3[2-9]\d{3}|[4-5]\d{4}|6[01]\d{3}) → 80$/);
    else assert.deepEqual([definition, bindings], ["static:1", "web: 8080 → 80"]);
  }

  // Infrastructure: the container instance, with what it has left.
  await page.click("#cluster-tab-infrastructure");
  const [[, ec2, zone, status, agent, running, cpu, memory]] = await paneRows(page, "Container instances");
  assert.deepEqual([ec2, zone, status, agent, running, cpu], [instance, "us-east-1a", "ACTIVE", "Yes", "3", "2048 of 2048"]);
  const [left, , registered] = memory.split(" ");
  assert.equal(Number(registered) - Number(left), 3 * 128);

  // Update: 3 desired tasks, and a third starts.
  await page.click("#cluster-tab-services");
  await page.click("button[data-action=updateService]");
  await page.fill("#service-desired", "3");
  assert.equal(await page.textContent("dialog .cli-equivalent"), "aws ecs update-service --cluster web --service web --desired-count 3");
  await dialogButton(page, "Update").click();
  await page.locator("dialog").waitFor({ state: "detached", ...WAIT });
  assert.equal(await flash(page), "Service web updated: 3 desired tasks.");
  await step(page, 60);
  assert.deepEqual((await pickRows(page, "service"))[0].slice(0, 5), ["web", "ACTIVE", "3", "3", "0"]);

  // Stop: the service replaces the task.
  await page.click("#cluster-tab-tasks");
  const victim = await runOk(page, "aws ecs list-tasks --cluster web --service-name web --query taskArns[0] --output text");
  const victimId = victim.split("/").pop();
  assert.equal(await page.isDisabled("button[data-action=stopTask]"), true);
  await pick(page, "task", victim);
  await page.click("button[data-action=stopTask]");
  assert.equal(await page.textContent("dialog .cli-equivalent"), `aws ecs stop-task --cluster web --task ${victimId}`);
  assert.match(await page.textContent("dialog .dialog-body p"), /Its service web starts another in its place\./);
  await dialogButton(page, "Stop").click();
  await page.locator("dialog").waitFor({ state: "detached", ...WAIT });
  assert.equal(await flash(page), `Stopping task ${victimId}.`);
  await step(page, 60);
  const afterStop = await pickRows(page, "task");
  const web = afterStop.filter(([, , , definition]) => definition === "web:1");
  assert.deepEqual(web.map(([, last, desired]) => `${last.split(" – ")[0]}/${desired}`), ["RUNNING/RUNNING", "RUNNING/RUNNING", "RUNNING/RUNNING", "STOPPED/STOPPED"]);
  assert.deepEqual(web.at(-1).slice(0, 2), [victimId, "STOPPED – Task stopped by user"]);
  assert.equal(await page.isDisabled("button[data-action=stopTask]"), true);
  await page.click("#cluster-tab-services");
  await pick(page, "service", webArn);
  assert.match((await paneRows(page, "Events of web"))[0][1], /^\(service web\) has (started 1 tasks|reached a steady state)/);

  // Delete service: only once "delete" is typed; it drains, then is gone.
  await page.click("button[data-action=deleteService]");
  assert.equal(await page.textContent("dialog .cli-equivalent"), "aws ecs delete-service --cluster web --service web --force");
  assert.equal(await dialogButton(page, "Delete").isDisabled(), true);
  await page.fill("#dialog-confirm", "delete");
  await dialogButton(page, "Delete").click();
  await page.locator("dialog").waitFor({ state: "detached", ...WAIT });
  assert.match(await flash(page), /^Deleting service web/);
  assert.equal((await pickRows(page, "service"))[0][1], "DRAINING");
  assert.equal(await page.isDisabled("button[data-action=deleteService]"), true);
  await step(page, 3600);
  assert.deepEqual((await pickRows(page, "service")).map(([name]) => name), ["static"]);
  assert.equal((await clusterCells(page, "web")).Services, "1");

  // Task definitions: the revisions, and web:1's container on a dynamic host port.
  await openView(page, "task-definitions");
  assert.deepEqual((await texts(page.locator("table[data-view=task-definitions] tbody tr"))).map((cells) => cells.slice(1)), [
    ["static", "static:1", "ACTIVE"],
    ["web", "web:1", "ACTIVE"],
  ]);
  await page.click('[id="select-web:1"]');
  assert.deepEqual(await paneRows(page, "Containers"), [["web", "nginxdemos/hello:plain-text", "Yes", "0", "128/–", "dynamic → 80"]]);

  assert.deepEqual(errors, []);
});
