// End to end: creating and deleting from the console's views, each action
// an API request through the sandbox. A launch template (AMI, type,
// security group, user data, detailed monitoring) listed with its
// version, then deleted after typing "Delete". A target group, a running
// instance registered with it (unused: no load balancer sends it traffic)
// then deregistered. An Application Load
// Balancer refused with one subnet (AWS's message inside the dialog),
// then created with two, its listener refused on a bad port and created
// on Create again with the port fixed, forwarding to the group; the
// group's Delete refused while the listener uses it (ResourceInUse in the
// dialog); the load balancer deleted after typing "confirm", then the
// group. A Classic Load Balancer created with its listener and deleted.
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
const openView = (page, id) => page.click(`#console-nav a[data-view=${id}]`);
const rows = (page, view) => page.locator(`table[data-view=${view}] tbody tr`);
const paneRows = (page) => page.locator("[role=tabpanel] table tbody tr").evaluateAll((trs) => trs.map((r) => [...r.cells].map((c) => c.textContent.trim())));
const flash = (page) => page.locator(".flash").textContent();
const dialogError = (page) => page.locator("#dialog-error").textContent();
const dialogButton = (page, label) => page.locator("dialog .button-row button", { hasText: label });
/** Checks the checkbox whose label says `text`. */
const checkLabelled = (page, text) => page.locator("dialog .check-row", { hasText: text }).locator("input").check();

test("launch templates, target groups and load balancers created and deleted from the page", async () => {
  const { page, errors } = await browser.openPage({ viewport: { width: 1400, height: 1000 } });
  const instance = await runOk(page, `aws ec2 run-instances --image-id ${AL2023} --instance-type t2.micro --placement AvailabilityZone=us-east-1a --query Instances[0].InstanceId --output text`);
  await runOk(page, `aws ec2 wait instance-running --instance-ids ${instance}`);
  const imageId = await runOk(page, `aws ec2 describe-instances --instance-ids ${instance} --query Reservations[0].Instances[0].ImageId --output text`);

  // A launch template: created, listed with what it launches, deleted.
  await openView(page, "launch-templates");
  await page.click("button[data-action=createLaunchTemplate]");
  await page.fill("#template-name", "web");
  await page.fill("#template-description", "from the page");
  await page.selectOption("#template-image", imageId);
  await page.selectOption("#template-type", "t3.micro");
  await checkLabelled(page, "default (");
  await page.click("dialog summary");
  await page.selectOption("#template-monitoring", "enable");
  await page.fill("#template-user-data", "#!/bin/bash\ndnf install -y httpd\n");
  assert.match(await page.textContent("dialog .cli-equivalent"), /^aws ec2 create-launch-template --launch-template-name web --version-description 'from the page' --launch-template-data '\{"ImageId":"ami-/);
  await dialogButton(page, "Create launch template").click();
  assert.match(await flash(page), /^Successfully created web\(lt-[0-9a-f]{17}\)\.$/);
  assert.equal(await rows(page, "launch-templates").count(), 1);
  await rows(page, "launch-templates").locator("input[type=radio]").check();
  await page.click("#template-tab-versions");
  const [[version, description, ami, type]] = await paneRows(page);
  assert.deepEqual([version, description, ami, type], ["1 (Default, Latest)", "from the page", imageId, "t3.micro"]);
  const userData = await runOk(page, "aws ec2 describe-launch-template-versions --launch-template-name web --query LaunchTemplateVersions[0].LaunchTemplateData.UserData --output text");
  assert.equal(Buffer.from(userData, "base64").toString(), "#!/bin/bash\ndnf install -y httpd\n");
  await page.click("button[data-action=deleteLaunchTemplate]");
  assert.ok(await dialogButton(page, "Delete").isDisabled(), "Delete waits for the word");
  await page.fill("#dialog-confirm", "Delete");
  await dialogButton(page, "Delete").click();
  assert.match(await flash(page), /^Successfully deleted launch template web/);
  await page.locator("#console-view .empty", { hasText: "No launch templates" }).waitFor(WAIT);

  // A target group: created, an instance registered, then deregistered.
  await openView(page, "target-groups");
  await page.click("button[data-action=createTargetGroup]");
  await page.fill("#target-group-name", "web");
  await page.click("dialog summary");
  await page.fill("#target-group-healthy", "2");
  assert.equal(await page.textContent("dialog .cli-equivalent"),
    `aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id ${await page.inputValue("#target-group-vpc")} --target-type instance ` +
    "--health-check-protocol HTTP --health-check-path / --healthy-threshold-count 2");
  await dialogButton(page, "Create target group").click();
  assert.equal(await flash(page), "Successfully created target group: web");
  const tg = await rows(page, "target-groups").getAttribute("data-id");
  await page.click(`[id="select-${tg}"]`);
  await page.click("button[data-action=registerTargets]");
  await checkLabelled(page, instance);
  await dialogButton(page, "Register pending targets").click();
  assert.equal(await flash(page), "Successfully registered 1 target with target group web.");
  await rows(page, "target-groups").filter({ hasText: "1 unused" }).waitFor(WAIT);
  assert.equal((await paneRows(page))[0][0], instance);
  await page.click("button[data-action=deregisterTargets]");
  await checkLabelled(page, instance);
  await dialogButton(page, "Deregister").click();
  assert.equal(await flash(page), "Deregistering 1 target from target group web.");
  // Not in use by a load balancer, it has nothing to drain: gone at once.
  await rows(page, "target-groups").filter({ hasText: "No targets" }).waitFor(WAIT);

  // An Application Load Balancer: one subnet is refused in the dialog; two, with a listener to the group.
  await openView(page, "load-balancers");
  await page.click("button[data-action=createLoadBalancer]");
  await page.click("dialog button[data-type=application]");
  await page.fill("#balancer-name", "web");
  await checkLabelled(page, "us-east-1a (");
  assert.equal(await page.inputValue("#balancer-target-group"), tg);
  await dialogButton(page, "Create load balancer").click();
  assert.equal(await dialogError(page), "ValidationError: At least two subnets in two different Availability Zones must be specified");
  await checkLabelled(page, "us-east-1b (");
  // A listener port AWS refuses: the load balancer exists, its listener does not until the port is fixed.
  await page.fill("#balancer-port", "eighty");
  await dialogButton(page, "Create load balancer").click();
  assert.match(await dialogError(page), /^ValidationError: /);
  assert.match(await page.textContent("dialog .warning"), /^Load balancer web was created; its listener was not\./);
  assert.ok(await page.isDisabled("#balancer-name"));
  await page.fill("#balancer-port", "80");
  const cli = (await page.textContent("dialog .cli-equivalent")).split("\n");
  assert.match(cli[0], /^LB_ARN=\$\(aws elbv2 create-load-balancer --name web --type application --scheme internet-facing --subnets subnet-\w+ subnet-\w+ --security-groups sg-\w+ --query/);
  assert.equal(cli[1], `aws elbv2 create-listener --load-balancer-arn "$LB_ARN" --protocol HTTP --port 80 --default-actions '[{"Type":"forward","TargetGroupArn":"${tg}"}]'`);
  await dialogButton(page, "Create load balancer").click();
  assert.equal(await flash(page), "Successfully created load balancer: web");
  const lb = await rows(page, "load-balancers").getAttribute("data-id");
  assert.match(await rows(page, "load-balancers").textContent(), /provisioning.*application.*internet-facing/);
  await page.click(`[id="select-${lb}"]`);
  await page.click("#balancer-tab-listeners");
  assert.deepEqual(await paneRows(page), [["Default", "If no other rule applies", "Forward to target group web"]]);

  // The group is in use by the listener: AWS's ResourceInUse, in the dialog.
  await openView(page, "target-groups");
  await page.click(`[id="select-${tg}"]`);
  await page.click("button[data-action=deleteTargetGroup]");
  await dialogButton(page, "Yes, delete").click();
  assert.match(await dialogError(page), /^ResourceInUse: Target group '.+' is currently in use by a listener or a rule$/);
  await page.click("dialog .link-button");

  // Deleting the load balancer, after typing "confirm"; then the group.
  await openView(page, "load-balancers");
  await page.click(`[id="select-${lb}"]`);
  await page.click("button[data-action=deleteLoadBalancer]");
  await page.fill("#dialog-confirm", "confirm");
  await dialogButton(page, "Delete").click();
  assert.equal(await flash(page), "Successfully deleted load balancer: web");
  await page.locator("#console-view .empty", { hasText: "No load balancers" }).waitFor(WAIT);
  await openView(page, "target-groups");
  await page.click(`[id="select-${tg}"]`);
  await page.click("button[data-action=deleteTargetGroup]");
  await dialogButton(page, "Yes, delete").click();
  assert.equal(await flash(page), "Successfully deleted target group: web");
  await page.locator("#console-view .empty", { hasText: "No target groups" }).waitFor(WAIT);

  // A Classic Load Balancer: its listener maps port 80 to the instances' 8080.
  await openView(page, "load-balancers");
  await page.click("button[data-action=createLoadBalancer]");
  await page.click("dialog button[data-type=classic]");
  await page.fill("#balancer-name", "classic");
  await checkLabelled(page, "us-east-1a (");
  await checkLabelled(page, "us-east-1b (");
  await page.fill("#balancer-instance-port", "8080");
  await dialogButton(page, "Create load balancer").click();
  assert.equal(await flash(page), "Successfully created load balancer: classic");
  await page.click('[id="select-classic/classic"]');
  await page.click("#balancer-tab-listeners");
  assert.deepEqual(await paneRows(page), [["HTTP", "80", "HTTP", "8080"]]);
  await page.click("button[data-action=deleteLoadBalancer]");
  await page.fill("#dialog-confirm", "confirm");
  await dialogButton(page, "Delete").click();
  assert.equal(await flash(page), "Successfully deleted load balancer: classic");
  assert.equal(await runOk(page, "aws elb describe-load-balancers --query 'length(LoadBalancerDescriptions)'"), "0");

  assert.deepEqual(errors, []);
});
