// How the Amazon ECS console writes clusters, services, tasks, container
// instances and task definitions, and the requests its dialogs send;
// pure, for the Clusters and Task definitions views.

import { targetGroupName } from "./elb.js";
import { typedNumber, withoutUndefined } from "./params.js";

/**
 * The name an ECS ARN ends with: `…:task-definition/web:1` → `web:1`,
 * `…:task/web/0a1b…` → `0a1b…` (the task id), `…:container-instance/web/4f33…`
 * → `4f33…`; anything that is not an ARN as it is.
 */
export function arnName(arn) {
  if (!arn?.startsWith("arn:")) return arn ?? "";
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/** A cluster's tasks as the console's Clusters list writes them: "No tasks running", "2 running", "2 running, 1 pending". */
export function clusterTasks(cluster) {
  const running = cluster.runningTasksCount ?? 0;
  const pending = cluster.pendingTasksCount ?? 0;
  if (running === 0 && pending === 0) return "No tasks running";
  return pending === 0 ? `${running} running` : `${running} running, ${pending} pending`;
}

/**
 * A service's load balancer: "Target group web → container web:80", or
 * "Classic Load Balancer lb-lab-static → container hello:80".
 */
export function loadBalancerText(lb) {
  const target = lb.targetGroupArn ? `Target group ${targetGroupName(lb.targetGroupArn)}` : `Classic Load Balancer ${lb.loadBalancerName}`;
  return `${target} → container ${lb.containerName}:${lb.containerPort}`;
}

/** A port's protocol after it, unless it is tcp (which the console assumes). */
const withProtocol = (port, protocol) => (protocol && protocol !== "tcp" ? `${port}/${protocol}` : String(port));

/**
 * A task's network bindings, one per container port it publishes, as
 * `host port → container port` after the container's name:
 * "web: 32768 → 80".
 */
export function networkBindings(task) {
  return (task.containers ?? []).flatMap((c) => (c.networkBindings ?? [])
    .map((b) => `${c.name}: ${b.hostPort} → ${withProtocol(b.containerPort, b.protocol)}`));
}

/**
 * Tasks as the Tasks tab lists them: those meant to run first (in the
 * order they were created), then the stopped and stopping ones, the most
 * recently stopped first.
 */
export function tasksInOrder(tasks) {
  const running = tasks.filter((t) => t.desiredStatus !== "STOPPED");
  const stopped = tasks.filter((t) => t.desiredStatus === "STOPPED");
  const when = (t) => t.stoppingAt ?? t.stoppedAt ?? t.createdAt ?? "";
  return [...running, ...stopped.sort((a, b) => when(b).localeCompare(when(a)))];
}

/** The integer value of resource `name` (CPU, MEMORY) in a container instance's `list` of resources. */
const resourceValue = (list, name) => (list ?? []).find((r) => r.name === name)?.integerValue;

/**
 * What a container instance has left of what it registered, as the
 * Infrastructure tab writes it: "1669 of 1925 MiB" (`unit` "MiB"), "2048
 * of 2048" (CPU units).
 */
export function availableOf(instance, name, unit = "") {
  const registered = resourceValue(instance.registeredResources, name);
  if (registered === undefined) return "–";
  const remaining = resourceValue(instance.remainingResources, name) ?? registered;
  return `${remaining} of ${registered}${unit ? ` ${unit}` : ""}`;
}

/** A container instance's attribute `name` (e.g. `ecs.availability-zone`), or "–". */
export function attribute(instance, name) {
  return (instance.attributes ?? []).find((a) => a.name === name)?.value ?? "–";
}

/**
 * A port mapping of a task definition's container, host port first:
 * "dynamic → 80" when the host port is 0 or left out (ECS picks a free
 * one from 32768–61000 when the task starts), "8080 → 80" when static.
 */
export function portMappingText(mapping) {
  const host = mapping.hostPort ? String(mapping.hostPort) : "dynamic";
  return `${host} → ${withProtocol(mapping.containerPort, mapping.protocol)}`;
}

/** A container's memory as the console's "Memory hard/soft limit" writes it: "128/–", "–/64", "256/128" (MiB). */
export function memoryLimits(container) {
  return `${container.memory ?? "–"}/${container.memoryReservation ?? "–"}`;
}

/**
 * One row per revision from the ARNs ListTaskDefinitions gives for
 * status ACTIVE and for INACTIVE: `{ key, family, revision, status, arn }`,
 * by family, the newest revision first (as the console lists them).
 */
export function revisionRows(activeArns, inactiveArns) {
  const row = (status) => (arn) => {
    const key = arnName(arn);
    const at = key.lastIndexOf(":");
    return { key, family: key.slice(0, at), revision: Number(key.slice(at + 1)), status, arn };
  };
  return [...activeArns.map(row("ACTIVE")), ...inactiveArns.map(row("INACTIVE"))]
    .sort((a, b) => a.family.localeCompare(b.family) || b.revision - a.revision);
}

/**
 * The Update service dialog's request: UpdateService with the desired
 * number of tasks as typed (left out when empty, so nothing changes).
 */
export function updateServiceParams(cluster, service, desired) {
  return withoutUndefined({ cluster: cluster.clusterName, service: service.serviceName, desiredCount: typedNumber(desired) });
}

/** Delete service as the console sends it: forced, so that a service still running tasks is deleted too. */
export function deleteServiceParams(cluster, service) {
  return { cluster: cluster.clusterName, service: service.serviceName, force: true };
}

/** Stop task: the task by its id, in its cluster. */
export function stopTaskParams(cluster, task) {
  return { cluster: cluster.clusterName, task: arnName(task.taskArn) };
}
