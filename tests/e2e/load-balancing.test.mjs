// End to end: the Load Balancers and Target Groups views over what the
// terminal builds. Two web servers behind an Application Load Balancer
// (a listener forwarding to a target group and a fixed-response rule):
// the load balancer provisioning then active, its listener's rules in
// priority order as the console writes them; the targets initial
// (Elb.RegistrationInProgress) then healthy; the Traffic page charting
// the load balancer while its load control sends a load to its DNS name
// (requests per second and healthy hosts); a stopped instance unused with
// its reason; and a Classic Load Balancer's instance going InService.
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
const step = (page, seconds) => page.click(`#clock [data-clock=step][data-seconds='${seconds}']`);
const row = (page, view, key) => page.locator(`table[data-view=${view}] tbody tr[data-id="${key}"]`);
const select = (page, key) => page.click(`[id="select-${key}"]`);
const latest = async (page, series) => Number(await page.getAttribute(`.chart[data-series=${series}]`, "data-latest"));

/** The rows of the table in the detail pane, as text per cell. */
const paneRows = (page) => page.locator("[role=tabpanel] table tbody tr").evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));

test("load balancers, listeners, rules and live target health", async () => {
  const { page, errors } = await browser.openPage({ viewport: { width: 1400, height: 1000 } });
  for (const line of [
    "echo '#!/bin/bash' > web.sh",
    "echo 'dnf install -y httpd' >> web.sh",
    "echo 'systemctl enable --now httpd' >> web.sh",
    "echo 'echo hello > /var/www/html/index.html' >> web.sh",
    "VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query Vpcs[0].VpcId --output text)",
    "SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query Subnets[].SubnetId --output text)",
    "SG_LB=$(aws ec2 create-security-group --group-name alb --description alb --query GroupId --output text)",
    "SG_WEB=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
    "aws ec2 authorize-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0",
    "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 80 --source-group $SG_LB",
    `A=$(aws ec2 run-instances --image-id ${AL2023} --instance-type t2.micro --placement AvailabilityZone=us-east-1a --security-group-ids $SG_WEB --user-data file://web.sh --query Instances[0].InstanceId --output text)`,
    `B=$(aws ec2 run-instances --image-id ${AL2023} --instance-type t2.micro --placement AvailabilityZone=us-east-1b --security-group-ids $SG_WEB --user-data file://web.sh --query Instances[0].InstanceId --output text)`,
    "aws ec2 wait instance-running --instance-ids $A $B",
    "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --security-groups $SG_LB --query LoadBalancers[0].LoadBalancerArn --output text)",
    "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query TargetGroups[0].TargetGroupArn --output text)",
    "LISTENER=$(aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query Listeners[0].ListenerArn --output text)",
    "aws elbv2 create-rule --listener-arn $LISTENER --priority 20 --conditions Field=path-pattern,Values='/maintenance' " +
      "--actions '[{\"Type\":\"fixed-response\",\"FixedResponseConfig\":{\"StatusCode\":\"503\",\"ContentType\":\"text/plain\",\"MessageBody\":\"Back soon\"}}]'",
    "aws elbv2 create-rule --listener-arn $LISTENER --priority 10 --conditions Field=path-pattern,Values='/api/*' --actions Type=forward,TargetGroupArn=$TG",
  ]) await runOk(page, line);
  const values = [];
  for (const name of ["A", "B", "LB", "TG"]) values.push(await runOk(page, `echo $${name}`));
  const [a, b, lb, tg] = values;
  const dns = await runOk(page, "aws elbv2 describe-load-balancers --load-balancer-arns $LB --query LoadBalancers[0].DNSName --output text");

  // The load balancer: provisioning, then active.
  await openView(page, "load-balancers");
  await row(page, "load-balancers", lb).waitFor(WAIT);
  assert.match(await row(page, "load-balancers", lb).textContent(), new RegExp(`web${dns.replaceAll(".", "\\.")}provisioning`));
  await runOk(page, "aws elbv2 wait load-balancer-available --load-balancer-arns $LB");
  await row(page, "load-balancers", lb).locator("[data-state=active]").waitFor(WAIT);
  assert.match(await row(page, "load-balancers", lb).textContent(), /applicationinternet-facing/);

  // Its listener's rules, in priority order, as the console writes them.
  await select(page, lb);
  await page.click("#balancer-tab-listeners");
  assert.equal(await page.textContent("#balancer-tab-panel h4"), "HTTP:80");
  assert.deepEqual(await paneRows(page), [
    ["10", "Path is /api/*", "Forward to target group web"],
    ["20", "Path is /maintenance", "Return fixed response 503 (text/plain): Back soon"],
    ["Default", "If no other rule applies", "Forward to target group web"],
  ]);
  await page.click("#balancer-tab-details");
  assert.match(await page.textContent("#balancer-tab-panel"), /us-east-1a \(subnet-/);

  // The targets: registering, then healthy after the first passing check.
  await runOk(page, "aws elbv2 register-targets --target-group-arn $TG --targets Id=$A Id=$B");
  await openView(page, "target-groups");
  await row(page, "target-groups", tg).waitFor(WAIT);
  assert.match(await row(page, "target-groups", tg).textContent(), /2 initial/);
  await select(page, tg);
  const targets = async () => Object.fromEntries((await paneRows(page)).map(([id, , port, zone, state, details]) => [id, { port, zone, state, details }]));
  assert.deepEqual((await targets())[a], {
    port: "80", zone: "us-east-1a", state: "initial", details: "Elb.RegistrationInProgress Target registration is in progress",
  });
  await runOk(page, "aws elbv2 wait target-in-service --target-group-arn $TG");
  await row(page, "target-groups", tg).filter({ hasText: "2 healthy" }).waitFor(WAIT);
  assert.deepEqual(Object.values(await targets()).map((t) => [t.state, t.details]), [["healthy", "–"], ["healthy", "–"]]);
  await page.click("#target-group-tab-health");
  assert.match(await page.textContent("#target-group-tab-panel"), /ProtocolHTTPPath\/Port/);

  // Traffic: the load balancer's requests and healthy hosts, from a load on its DNS name.
  await openView(page, "traffic");
  await page.selectOption("#traffic-subject", `balancer:${lb}`);
  await page.selectOption("#load-url", `http://${dns}/`);
  await page.fill("#load-rps", "20");
  await page.click("button[data-action=startLoad]");
  await page.locator("table[data-view=loads] tr[data-id=load-1]").waitFor(WAIT);
  for (let i = 0; i < 5; i += 1) await step(page, 60);
  assert.equal(await page.inputValue("#traffic-subject"), `balancer:${lb}`);
  assert.ok(Math.abs((await latest(page, "requests")) - 20) < 0.01, `requests ${await latest(page, "requests")}`);
  assert.equal(await latest(page, "healthy"), 2);
  assert.match(await page.textContent(".chart[data-series=cpu]"), /No Auto Scaling group is registered with this load balancer/);
  await page.click("button[data-action=stopLoads]");

  // A stopped instance is unused, with its reason.
  await runOk(page, "aws ec2 stop-instances --instance-ids $A");
  await runOk(page, "aws ec2 wait instance-stopped --instance-ids $A");
  await openView(page, "target-groups");
  await select(page, tg);
  await page.click("#target-group-tab-targets");
  assert.deepEqual((await targets())[a], {
    port: "80", zone: "us-east-1a", state: "unused", details: "Target.InvalidState Target is in the stopped state",
  });
  assert.match(await row(page, "target-groups", tg).textContent(), /1 healthy, 1 unused/);

  // A Classic Load Balancer: its listeners, and its instance going InService.
  for (const line of [
    "aws elb create-load-balancer --load-balancer-name classic --listeners Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80 " +
      "--availability-zones us-east-1a us-east-1b --security-groups $SG_LB",
    "aws elb configure-health-check --load-balancer-name classic --health-check Target=HTTP:80/index.html,Interval=10,UnhealthyThreshold=2,HealthyThreshold=2,Timeout=5",
    "aws elb register-instances-with-load-balancer --load-balancer-name classic --instances $B",
  ]) await runOk(page, line);
  await openView(page, "load-balancers");
  await row(page, "load-balancers", "classic/classic").waitFor(WAIT);
  await select(page, "classic/classic");
  await page.click("#balancer-tab-listeners");
  assert.deepEqual(await paneRows(page), [["HTTP", "80", "HTTP", "80"]]);
  await page.click("#balancer-tab-instances");
  assert.equal((await paneRows(page))[0][0], b);
  await runOk(page, "aws elb wait instance-in-service --load-balancer-name classic");
  await page.locator("#balancer-tab-panel [data-state=InService]").waitFor(WAIT);
  assert.deepEqual((await paneRows(page))[0].slice(0, 2), [b, "InService"]);
  await page.click("#balancer-tab-details");
  assert.match(await page.textContent("#balancer-tab-panel"), /Health checkHTTP:80\/index\.html, every 10 seconds/);

  assert.deepEqual(errors, []);
});
