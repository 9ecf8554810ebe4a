// Elastic Container Service › Clusters and Task definitions. Clusters
// lists the clusters (DescribeClusters) as the ECS console does; the
// selected cluster's tabs show its services (DescribeServices) with the
// picked service's events, its tasks (DescribeTasks, running and
// stopped) with their network bindings, and its container instances
// (DescribeContainerInstances). Task definitions lists every revision,
// active and inactive, and the selected one's containers.

import { code, detailTable, facts, stateBadge } from "./cells.js";
import { h } from "./dom.js";
import {
  arnName, attribute, availableOf, clusterTasks, loadBalancerText, memoryLimits, networkBindings, portMappingText, revisionRows, tasksInOrder,
} from "./ecs.js";
import { formatTime } from "./format.js";
import { readAll, readAllOrNone, readChunks } from "./reads.js";
import { tabbedPanel } from "./tabs.js";

const wrap = (text) => h("span", { class: "wrap" }, text);
const lines = (items) => (items.length ? items.map((item) => h("div", {}, item)) : "–");

/**
 * What the selected cluster's tabs read: its services, its tasks (those
 * meant to run and those stopped, which ECS shows for an hour) and its
 * container instances. A cluster deleted meanwhile has none.
 */
function selectedCluster(read, name) {
  const none = { services: [], tasks: [], instances: [] };
  if (!name) return none;
  const cluster = { cluster: name };
  const ids = (action, params, key) => readAllOrNone(read, "ecs", action, { ...cluster, ...params }, key);
  const describe = (action, member, list, size, key) => {
    try {
      return readChunks(read, "ecs", action, cluster, member, list, size, key);
    } catch {
      return [];
    }
  };
  const serviceArns = ids("ListServices", {}, "serviceArns");
  const taskArns = [
    ...ids("ListTasks", { desiredStatus: "RUNNING" }, "taskArns"),
    ...ids("ListTasks", { desiredStatus: "STOPPED" }, "taskArns"),
  ];
  const instanceArns = ids("ListContainerInstances", {}, "containerInstanceArns");
  return {
    services: describe("DescribeServices", "services", serviceArns, 10, "services"),
    tasks: tasksInOrder(describe("DescribeTasks", "tasks", taskArns, 100, "tasks")),
    instances: describe("DescribeContainerInstances", "containerInstances", instanceArns, 100, "containerInstances"),
  };
}

/** The picked service's events, newest first as DescribeServices gives them. */
function serviceEvents(service) {
  return h("div", { class: "service-events", "data-service": service.serviceName },
    h("h4", {}, `Events: ${service.serviceName}`),
    detailTable(`Events of ${service.serviceName}`, ["Started at (UTC)", "Message"],
      (service.events ?? []).map((e) => [formatTime(e.createdAt, { seconds: true }), wrap(e.message)]),
      "No events yet."));
}

const PANES = {
  services: (cluster, data, ui) => {
    const picked = data.services.find((s) => s.serviceArn === ui.pick("service")) ?? null;
    return [
      ui.actions.serviceToolbar(cluster, picked),
      detailTable("Services", ["Service name", "Status", "Desired tasks", "Running tasks", "Pending tasks", "Task definition", "Load balancers"],
        data.services.map((s) => [
          s.serviceName,
          stateBadge(s.status),
          s.desiredCount,
          s.runningCount,
          s.pendingCount,
          arnName(s.taskDefinition),
          lines((s.loadBalancers ?? []).map(loadBalancerText)),
        ]),
        "No services. Create one from the terminal with aws ecs create-service.",
        { name: "service", keys: data.services.map((s) => s.serviceArn), selected: picked?.serviceArn, onPick: (key) => ui.onPick("service", key) }),
      picked && serviceEvents(picked),
    ];
  },
  tasks: (cluster, data, ui) => {
    const picked = data.tasks.find((t) => t.taskArn === ui.pick("task")) ?? null;
    const ec2Instance = Object.fromEntries(data.instances.map((i) => [i.containerInstanceArn, i.ec2InstanceId]));
    return [
      ui.actions.taskToolbar(cluster, picked),
      detailTable("Tasks", ["Task", "Last status", "Desired status", "Task definition", "Container instance", "EC2 instance", "Started at (UTC)", "Network bindings"],
        data.tasks.map((t) => [
          h("code", {}, arnName(t.taskArn)),
          stateBadge(t.lastStatus, t.stoppedReason && h("span", { class: "muted" }, ` – ${t.stoppedReason}`)),
          t.desiredStatus,
          arnName(t.taskDefinitionArn),
          code(arnName(t.containerInstanceArn)),
          code(ec2Instance[t.containerInstanceArn]),
          t.startedAt ? formatTime(t.startedAt) : "–",
          lines(networkBindings(t)),
        ]),
        "No tasks. A service starts its tasks on the cluster's container instances; aws ecs run-task starts one by hand.",
        { name: "task", keys: data.tasks.map((t) => t.taskArn), selected: picked?.taskArn, onPick: (key) => ui.onPick("task", key) }),
    ];
  },
  infrastructure: (_cluster, data) => detailTable("Container instances",
    ["Container instance", "EC2 instance", "Availability Zone", "Status", "Agent connected", "Running tasks", "CPU available", "Memory available"],
    data.instances.map((i) => [
      code(arnName(i.containerInstanceArn)),
      h("code", { "data-instance": i.ec2InstanceId }, i.ec2InstanceId),
      attribute(i, "ecs.availability-zone"),
      stateBadge(i.status),
      i.agentConnected ? "Yes" : "No",
      i.runningTasksCount,
      availableOf(i, "CPU"),
      availableOf(i, "MEMORY", "MiB"),
    ]),
    "No container instances. An instance from the ECS-optimized AMI joins this cluster when its /etc/ecs/ecs.config says ECS_CLUSTER=<cluster name> (write it from user data)."),
};

/** The Clusters table (see console-views.js for what a table view is). */
export const ECS_CLUSTERS = {
  load: (read, { selected }) => {
    const arns = readAll(read, "ecs", "ListClusters", {}, "clusterArns");
    return {
      rows: readChunks(read, "ecs", "DescribeClusters", {}, "clusters", arns, 100, "clusters"),
      ...selectedCluster(read, selected),
    };
  },
  empty: "No clusters. Create one with Create cluster, or from the terminal with aws ecs create-cluster.",
  key: (c) => c.clusterName,
  header: (actions) => [actions.primary()],
  columns: [
    ["Cluster", (c) => c.clusterName],
    ["Status", (c) => stateBadge(c.status)],
    ["Services", (c) => c.activeServicesCount],
    ["Tasks", clusterTasks],
    ["Container instances", (c) => c.registeredContainerInstancesCount],
  ],
  details: (cluster, data, ui) => tabbedPanel({
    prefix: "cluster", title: `Cluster: ${cluster.clusterName}`, label: "Cluster details",
    tabs: [["services", "Services"], ["tasks", "Tasks"], ["infrastructure", "Infrastructure"]],
    current: ui.tab, onSelect: ui.onTab,
  }, (tab) => PANES[tab](cluster, data, ui)),
};

const DEFINITION_PANES = {
  containers: (definition) => detailTable("Containers", ["Container name", "Image", "Essential", "CPU", "Memory hard/soft limit (MiB)", "Port mappings (host → container)"],
    (definition.containerDefinitions ?? []).map((c) => [
      c.name,
      h("code", {}, c.image),
      c.essential === false ? "No" : "Yes",
      c.cpu ?? 0,
      memoryLimits(c),
      lines((c.portMappings ?? []).map(portMappingText)),
    ]),
    "No containers."),
  details: (definition) => facts([
    ["Task definition", `${definition.family}:${definition.revision}`],
    ["Status", stateBadge(definition.status)],
    ["Network mode", definition.networkMode ?? "bridge"],
    ["Task size: CPU", definition.cpu],
    ["Task size: memory", definition.memory],
    ["Compatibilities", (definition.compatibilities ?? []).join(", ") || undefined],
    ["Registered at (UTC)", formatTime(definition.registeredAt)],
    ["ARN", code(definition.taskDefinitionArn)],
  ]),
  json: (definition) => h("pre", { class: "json" }, JSON.stringify(definition, null, 2)),
};

/** The Task definitions table: one row per revision (see console-views.js for what a table view is). */
export const TASK_DEFINITIONS = {
  load: (read, { selected }) => {
    const list = (status) => readAll(read, "ecs", "ListTaskDefinitions", { status }, "taskDefinitionArns");
    const rows = revisionRows(list("ACTIVE"), list("INACTIVE"));
    let definition = null;
    if (rows.some((r) => r.key === selected)) {
      try {
        definition = read("ecs", "DescribeTaskDefinition", { taskDefinition: selected }).taskDefinition;
      } catch {
        // Deleted since it was listed.
      }
    }
    return { rows, definition };
  },
  empty: "No task definitions. Register one from the terminal with aws ecs register-task-definition.",
  key: (r) => r.key,
  columns: [
    ["Task definition", (r) => r.family],
    ["Revision", (r) => r.key],
    ["Status", (r) => stateBadge(r.status)],
  ],
  details: (_row, data, ui) => data.definition && tabbedPanel({
    prefix: "definition", title: `Task definition: ${data.definition.family}:${data.definition.revision}`, label: "Task definition details",
    tabs: [["containers", "Containers"], ["details", "Details"], ["json", "JSON"]],
    current: ui.tab, onSelect: ui.onTab,
  }, (tab) => DEFINITION_PANES[tab](data.definition)),
};
