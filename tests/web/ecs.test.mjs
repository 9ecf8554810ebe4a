// How the ECS views write what the API returns (www/js/ecs.js): ARN
// names, a cluster's tasks, a service's load balancers, a task's network
// bindings and order, a container instance's resources, task definition
// revisions and port mappings, and the requests of Update, Delete service
// and Stop with their CLI lines; then the same on a sandbox's cluster (a
// container instance, a service on dynamic host ports, a stopped task
// replaced, the placement failure of a static port), with the requests
// sent to it; and the time format with seconds the events use.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cliLine } from "../../www/js/cli-equivalent.js";
import {
  arnName, attribute, availableOf, clusterTasks, deleteServiceParams, loadBalancerText, memoryLimits, networkBindings, portMappingText,
  revisionRows, stopTaskParams, tasksInOrder, updateServiceParams,
} from "../../www/js/ecs.js";
import { formatTime } from "../../www/js/format.js";
import { readChunks } from "../../www/js/reads.js";
import { Sandbox } from "./wasm.mjs";

const ECS = "arn:aws:ecs:us-east-1:123456789012";
const TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/49e3447bea8a72b5";

test("ECS ARNs end with the name the console shows", () => {
  assert.equal(arnName(`${ECS}:task-definition/web:1`), "web:1");
  assert.equal(arnName(`${ECS}:task/web/737d16e9cfb7f706fe4309eb13a7a025`), "737d16e9cfb7f706fe4309eb13a7a025");
  assert.equal(arnName(`${ECS}:container-instance/web/4f33ac7459dfc2935f5d5236757f17df`), "4f33ac7459dfc2935f5d5236757f17df");
  assert.equal(arnName(`${ECS}:cluster/web`), "web");
  assert.equal(arnName("web:2"), "web:2");
  assert.equal(arnName(undefined), "");
});

test("a cluster's tasks, a service's load balancers", () => {
  assert.equal(clusterTasks({ runningTasksCount: 0, pendingTasksCount: 0 }), "No tasks running");
  assert.equal(clusterTasks({ runningTasksCount: 2, pendingTasksCount: 0 }), "2 running");
  assert.equal(clusterTasks({ runningTasksCount: 2, pendingTasksCount: 1 }), "2 running, 1 pending");
  assert.equal(loadBalancerText({ targetGroupArn: TG, containerName: "web", containerPort: 80 }), "Target group web → container web:80");
  assert.equal(loadBalancerText({ loadBalancerName: "lb-lab-static", containerName: "hello", containerPort: 80 }),
    "Classic Load Balancer lb-lab-static → container hello:80");
});

test("a task's network bindings, host port first; tasks meant to run first, then the latest stopped", () => {
  const task = {
    containers: [
      { name: "web", networkBindings: [{ hostPort: 32768, containerPort: 80, protocol: "tcp" }] },
      { name: "dns", networkBindings: [{ hostPort: 53, containerPort: 53, protocol: "udp" }] },
      { name: "sidecar" },
    ],
  };
  assert.deepEqual(networkBindings(task), ["web: 32768 → 80", "dns: 53 → 53/udp"]);
  assert.deepEqual(networkBindings({}), []);
  const tasks = [
    { taskArn: "a", desiredStatus: "STOPPED", stoppingAt: "2025-06-02T09:01:00+00:00" },
    { taskArn: "b", desiredStatus: "RUNNING" },
    { taskArn: "c", desiredStatus: "STOPPED", stoppingAt: "2025-06-02T09:05:00+00:00" },
    { taskArn: "d", desiredStatus: "RUNNING" },
  ];
  assert.deepEqual(tasksInOrder(tasks).map((t) => t.taskArn), ["b", "d", "c", "a"]);
});

test("a container instance's resources left of those registered", () => {
  const instance = {
    registeredResources: [{ name: "CPU", integerValue: 2048 }, { name: "MEMORY", integerValue: 1925 }],
    remainingResources: [{ name: "CPU", integerValue: 2048 }, { name: "MEMORY", integerValue: 1669 }],
    attributes: [{ name: "ecs.availability-zone", value: "us-east-1a" }],
  };
  assert.equal(availableOf(instance, "CPU"), "2048 of 2048");
  assert.equal(availableOf(instance, "MEMORY", "MiB"), "1669 of 1925 MiB");
  assert.equal(availableOf({}, "CPU"), "–");
  assert.equal(attribute(instance, "ecs.availability-zone"), "us-east-1a");
  assert.equal(attribute(instance, "ecs.instance-type"), "–");
});

test("task definition revisions, port mappings and memory limits", () => {
  const rows = revisionRows([`${ECS}:task-definition/web:3`, `${ECS}:task-definition/api:1`], [`${ECS}:task-definition/web:1`, `${ECS}:task-definition/web:2`]);
  assert.deepEqual(rows.map((r) => [r.key, r.family, r.revision, r.status]), [
    ["api:1", "api", 1, "ACTIVE"],
    ["web:3", "web", 3, "ACTIVE"],
    ["web:2", "web", 2, "INACTIVE"],
    ["web:1", "web", 1, "INACTIVE"],
  ]);
  assert.equal(portMappingText({ containerPort: 80, hostPort: 0, protocol: "tcp" }), "dynamic → 80");
  assert.equal(portMappingText({ containerPort: 80 }), "dynamic → 80");
  assert.equal(portMappingText({ containerPort: 80, hostPort: 8080, protocol: "tcp" }), "8080 → 80");
  assert.equal(portMappingText({ containerPort: 53, hostPort: 53, protocol: "udp" }), "53 → 53/udp");
  assert.equal(memoryLimits({ memory: 128 }), "128/–");
  assert.equal(memoryLimits({ memoryReservation: 64 }), "–/64");
  assert.equal(memoryLimits({ memory: 256, memoryReservation: 128 }), "256/128");
});

test("Update, Delete service and Stop: their requests and CLI lines", () => {
  const cluster = { clusterName: "web", clusterArn: `${ECS}:cluster/web` };
  const service = { serviceName: "web", serviceArn: `${ECS}:service/web/web` };
  assert.equal(cliLine("ecs", "UpdateService", updateServiceParams(cluster, service, " 3 ")), "aws ecs update-service --cluster web --service web --desired-count 3");
  assert.deepEqual(updateServiceParams(cluster, service, ""), { cluster: "web", service: "web" });
  // Anything but a whole number goes as typed, for ECS to refuse in its words.
  assert.deepEqual(updateServiceParams(cluster, service, "two"), { cluster: "web", service: "web", desiredCount: "two" });
  assert.equal(cliLine("ecs", "DeleteService", deleteServiceParams(cluster, service)), "aws ecs delete-service --cluster web --service web --force");
  assert.equal(cliLine("ecs", "StopTask", stopTaskParams(cluster, { taskArn: `${ECS}:task/web/737d16e9cfb7f706fe4309eb13a7a025` })),
    "aws ecs stop-task --cluster web --task 737d16e9cfb7f706fe4309eb13a7a025");
});

test("event times to the second", () => {
  assert.equal(formatTime("2025-06-02T09:00:54+00:00", { seconds: true }), "2025-06-02 09:00:54");
  assert.equal(formatTime("2025-06-02T09:00:54+00:00"), "2025-06-02 09:00");
});

test("describes in chunks: none asked for no ids, 10 at a time for services", () => {
  const asked = [];
  const read = (_service, _action, params) => {
    asked.push(params.services.length);
    return { services: params.services.map((name) => ({ serviceName: name })) };
  };
  const names = Array.from({ length: 23 }, (_, i) => `s${i}`);
  assert.deepEqual(readChunks(read, "ecs", "DescribeServices", { cluster: "web" }, "services", names, 10, "services").map((s) => s.serviceName), names);
  assert.deepEqual(asked, [10, 10, 3]);
  assert.deepEqual(readChunks(read, "ecs", "DescribeServices", {}, "services", [], 10, "services"), []);
});

/** Runs `lines` in `sandbox`, each of which must succeed. */
function runAll(sandbox, lines) {
  for (const line of lines) {
    const result = sandbox.exec(line);
    assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  }
}

test("a sandbox's cluster as the views write it, and the dialogs' requests sent to it", () => {
  const s = new Sandbox({ seed: 7 });
  runAll(s, [
    "aws ecs create-cluster --cluster-name web",
    "echo '#!/bin/bash' > ecs.sh",
    "echo 'echo ECS_CLUSTER=web >> /etc/ecs/ecs.config' >> ecs.sh",
    "aws ec2 run-instances --image-id resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id --instance-type t3.small --placement AvailabilityZone=us-east-1a --user-data file://ecs.sh",
    "sleep 60",
    `aws ecs register-task-definition --family web --container-definitions '[{"name":"web","image":"nginxdemos/hello:plain-text","memory":128,"portMappings":[{"containerPort":80,"hostPort":0}]}]'`,
    `aws ecs register-task-definition --family static --container-definitions '[{"name":"web","image":"nginxdemos/hello:plain-text","memory":128,"portMappings":[{"containerPort":80,"hostPort":8080}]}]'`,
    "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 2",
    "aws ecs create-service --cluster web --service-name static --task-definition static --desired-count 2",
    "sleep 60",
  ]);
  const [cluster] = s.call("ecs", "DescribeClusters", { clusters: ["web"] }).clusters;
  assert.equal(clusterTasks(cluster), "3 running");
  const [instance] = s.call("ecs", "DescribeContainerInstances", {
    cluster: "web", containerInstances: s.call("ecs", "ListContainerInstances", { cluster: "web" }).containerInstanceArns,
  }).containerInstances;
  assert.equal(attribute(instance, "ecs.availability-zone"), "us-east-1a");
  // Three tasks of 128 MiB run on it.
  const registered = instance.registeredResources.find((r) => r.name === "MEMORY").integerValue;
  assert.equal(availableOf(instance, "MEMORY", "MiB"), `${registered - 3 * 128} of ${registered} MiB`);

  // Two tasks of web on dynamic host ports; one of static, the second refused its port.
  const tasksOf = () => tasksInOrder(s.call("ecs", "DescribeTasks", {
    cluster: "web",
    tasks: [
      ...s.call("ecs", "ListTasks", { cluster: "web", desiredStatus: "RUNNING" }).taskArns,
      ...s.call("ecs", "ListTasks", { cluster: "web", desiredStatus: "STOPPED" }).taskArns,
    ],
  }).tasks);
  const web = tasksOf().filter((t) => t.group === "service:web");
  assert.equal(web.length, 2);
  for (const task of web) assert.match(networkBindings(task)[0], /^web: (3[2-9]\d{3}|[45]\d{4}|6[01]\d{3}) → 80$/);
  const [staticService] = s.call("ecs", "DescribeServices", { cluster: "web", services: ["static"] }).services;
  assert.equal(staticService.runningCount, 1);
  assert.match(staticService.events[0].message,
    /^\(service static\) was unable to place a task because no container instance met all of its requirements\. .*already using a port required by your task/);

  // Stop: the service starts another in its place; the stopped one is listed last.
  s.call("ecs", "StopTask", stopTaskParams(cluster, web[0]));
  s.advance(60);
  const after = tasksOf().filter((t) => t.group === "service:web");
  assert.deepEqual(after.map((t) => t.desiredStatus), ["RUNNING", "RUNNING", "STOPPED"]);
  assert.equal(after[2].taskArn, web[0].taskArn);
  assert.equal(after[2].stoppedReason, "Task stopped by user");

  // Update: a bad count refused, 3 accepted; Delete service, forced.
  const service = { serviceName: "web" };
  assert.throws(() => s.call("ecs", "UpdateService", updateServiceParams(cluster, service, "two")), (e) => e.code !== undefined);
  s.call("ecs", "UpdateService", updateServiceParams(cluster, service, "3"));
  s.advance(60);
  assert.equal(s.call("ecs", "DescribeServices", { cluster: "web", services: ["web"] }).services[0].runningCount, 3);
  assert.equal(s.call("ecs", "DeleteService", deleteServiceParams(cluster, service)).service.status, "DRAINING");

  // Task definitions: web:1 deregistered next to web:2.
  runAll(s, [
    `aws ecs register-task-definition --family web --container-definitions '[{"name":"web","image":"nginx","memory":256,"memoryReservation":128,"portMappings":[{"containerPort":80}]}]'`,
    "aws ecs deregister-task-definition --task-definition web:1",
  ]);
  const list = (status) => s.call("ecs", "ListTaskDefinitions", { status }).taskDefinitionArns;
  assert.deepEqual(revisionRows(list("ACTIVE"), list("INACTIVE")).map((r) => `${r.key} ${r.status}`), ["static:1 ACTIVE", "web:2 ACTIVE", "web:1 INACTIVE"]);
  const [container] = s.call("ecs", "DescribeTaskDefinition", { taskDefinition: "web:2" }).taskDefinition.containerDefinitions;
  assert.deepEqual([memoryLimits(container), container.portMappings.map(portMappingText)], ["256/128", ["dynamic → 80"]]);
});
