// The Clusters view's actions, as the ECS console offers them: Create
// cluster; on a service, Update (its desired tasks) and Delete service
// (forced, after typing "delete"); on a task, Stop. Each dialog shows the
// AWS CLI line of its request, and AWS's refusal inside it.

import { cliLine } from "./cli-equivalent.js";
import { commandBlock, field, input, openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { arnName, deleteServiceParams, stopTaskParams, updateServiceParams } from "./ecs.js";

/** A toolbar of `buttons` `[key, label, enabled, onclick, kind]`, named `label`. */
function toolbar(label, buttons) {
  return h("div", { class: "toolbar", role: "toolbar", "aria-label": label }, buttons.map(([key, text, enabled, onclick, kind = "secondary-button"]) => h("button", {
    type: "button", class: kind, "data-action": key, disabled: !enabled, onclick,
  }, text)));
}

/** The Clusters view's Create cluster button, and the toolbars of its Services and Tasks tabs. */
export class EcsActions {
  #call;
  #report;

  /** `call(service, action, params)` changes the world; `report(text, isError)` tells the outcome. */
  constructor({ call, report }) {
    this.#call = call;
    this.#report = report;
  }

  /** "Create cluster", the view's primary button. */
  primary() {
    return h("button", { type: "button", class: "primary-button", "data-action": "createCluster", onclick: () => this.#createCluster() }, "Create cluster");
  }

  /** The Services tab's toolbar for `service` of `cluster` (none picked, or not ACTIVE: disabled). */
  serviceToolbar(cluster, service) {
    const active = service?.status === "ACTIVE";
    return toolbar("Service actions", [
      ["updateService", "Update", active, () => this.#update(cluster, service)],
      ["deleteService", "Delete service", active, () => this.#delete(cluster, service), "secondary-button danger"],
    ]);
  }

  /** The Tasks tab's toolbar for `task` of `cluster` (none picked, or already stopping: disabled). */
  taskToolbar(cluster, task) {
    return toolbar("Task actions", [
      ["stopTask", "Stop", Boolean(task) && task.desiredStatus !== "STOPPED", () => this.#stop(cluster, task), "secondary-button danger"],
    ]);
  }

  #createCluster() {
    const form = { name: "" };
    const command = commandBlock();
    const params = () => ({ clusterName: form.name });
    const showCommand = () => command.show([cliLine("ecs", "CreateCluster", params())]);
    showCommand();
    openDialog("Create cluster", [
      field("cluster-name", "Cluster name", input("", (value) => {
        form.name = value;
        showCommand();
      }, { maxlength: "255", autocomplete: "off" }), "Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores."),
      h("p", { class: "field-hint" }, "Its infrastructure is EC2 instances: an instance from the ECS-optimized AMI joins the cluster whose name its /etc/ecs/ecs.config gives as ECS_CLUSTER (user data can write it)."),
      command.element,
    ], [["Create", (close) => {
      // The console asks for a name; without one, CreateCluster would make the cluster "default".
      if (!form.name) throw new Error("Enter a cluster name.");
      const { cluster } = this.#call("ecs", "CreateCluster", params());
      close();
      this.#report(`Cluster ${cluster.clusterName} has been created successfully.`, false);
    }, "primary"]]);
  }

  #update(cluster, service) {
    const form = { desired: String(service.desiredCount) };
    const command = commandBlock();
    const showCommand = () => command.show([cliLine("ecs", "UpdateService", updateServiceParams(cluster, service, form.desired))]);
    showCommand();
    openDialog(`Update service: ${service.serviceName}`, [
      field("service-desired", "Desired tasks", h("input", {
        type: "number", min: "0", inputmode: "numeric", value: form.desired, oninput: (e) => {
          form.desired = e.target.value;
          showCommand();
        },
      }), "The number of tasks the service keeps running: it starts or stops tasks to match."),
      command.element,
    ], [["Update", (close) => {
      const params = updateServiceParams(cluster, service, form.desired);
      this.#call("ecs", "UpdateService", params);
      close();
      this.#report(`Service ${service.serviceName} updated: ${params.desiredCount ?? service.desiredCount} desired tasks.`, false);
    }, "primary"]]);
  }

  #delete(cluster, service) {
    const params = deleteServiceParams(cluster, service);
    openDialog(`Delete ${service.serviceName}?`, [
      h("p", {}, "Delete the service ", h("code", {}, service.serviceName), "? Force delete stops its ",
        service.runningCount === 1 ? "running task" : `${service.runningCount} running tasks`,
        " without scaling it to 0 first, and deregisters them from its load balancers."),
      h("pre", { class: "cli-equivalent" }, cliLine("ecs", "DeleteService", params)),
    ], [["Delete", (close) => {
      this.#call("ecs", "DeleteService", params);
      close();
      this.#report(`Deleting service ${service.serviceName}: it drains, its tasks stop, then it is gone.`, false);
    }, "danger"]], { confirmWord: "delete" });
  }

  #stop(cluster, task) {
    const params = stopTaskParams(cluster, task);
    openDialog("Stop task?", [
      h("p", {}, "Stop the task ", h("code", {}, arnName(task.taskArn)), "? ",
        task.group?.startsWith("service:") ? `Its service ${task.group.slice("service:".length)} starts another in its place.` : "Nothing starts another in its place."),
      h("pre", { class: "cli-equivalent" }, cliLine("ecs", "StopTask", params)),
    ], [["Stop", (close) => {
      this.#call("ecs", "StopTask", params);
      close();
      this.#report(`Stopping task ${params.task}.`, false);
    }, "danger"]]);
  }
}
