// The Instances view's actions on the selected instance, as the console
// offers them: Connect (the SSH command), Instance state (Stop, Start,
// Reboot, Terminate with a confirmation), Change instance type and Image
// and templates › Create image. Each sends the API request the terminal
// would; errors show in AWS's words.

import { familyOf } from "./ami-families.js";
import { field, openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { openCreateImage } from "./image-actions.js";

/** Which states each action is offered in (the console disables the rest). */
const OFFERED = {
  stop: ["running", "pending"],
  start: ["stopped"],
  reboot: ["running"],
  terminate: ["pending", "running", "stopping", "stopped"],
  changeType: ["stopped"],
  connect: ["running"],
  createImage: ["running", "stopping", "stopped"],
};

export class InstanceActions {
  #call;
  #read;
  #report;

  /**
   * `call(service, action, params)` changes the world, `read(...)` only
   * reads; `report(text, isError)` shows the outcome in the view.
   */
  constructor({ call, read, report }) {
    this.#call = call;
    this.#read = read;
    this.#report = report;
  }

  /** The toolbar for `instance` (none selected: every action disabled). */
  toolbar(instance) {
    const state = instance?.State?.Name;
    const button = (key, label, onclick, extra = {}) => h("button", {
      type: "button",
      class: "secondary-button",
      "data-action": key,
      disabled: !instance || !OFFERED[key].includes(state),
      onclick: () => onclick(instance),
      ...extra,
    }, label);
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Instance actions" },
      button("connect", "Connect", (i) => this.#connect(i)),
      h("div", { class: "button-group", role: "group", "aria-label": "Instance state" },
        h("span", { class: "group-label", "aria-hidden": "true" }, "Instance state:"),
        button("stop", "Stop", (i) => this.#stateChange(i, "StopInstances", "Stopping")),
        button("start", "Start", (i) => this.#stateChange(i, "StartInstances", "Starting")),
        button("reboot", "Reboot", (i) => this.#stateChange(i, "RebootInstances", "Rebooting")),
        button("terminate", "Terminate (delete)", (i) => this.#confirmTerminate(i), { class: "secondary-button danger" })),
      button("changeType", "Change instance type", (i) => this.#changeType(i)),
      h("div", { class: "button-group", role: "group", "aria-label": "Image and templates" },
        h("span", { class: "group-label", "aria-hidden": "true" }, "Image and templates:"),
        button("createImage", "Create image", (i) => openCreateImage(i, { call: this.#call, report: this.#report }))));
  }

  #send(action, params, success) {
    try {
      this.#call("ec2", action, params);
      this.#report(success, false);
      return null;
    } catch (error) {
      this.#report(`${error.code}: ${error.message}`, true);
      return error;
    }
  }

  #stateChange(instance, action, verb) {
    this.#send(action, { InstanceIds: [instance.InstanceId] }, `${verb} ${instance.InstanceId}`);
  }

  #confirmTerminate(instance) {
    openDialog("Terminate (delete) instance?", [
      h("p", {}, "On an EBS-backed instance, the default action is for the root EBS volume to be deleted when the instance is terminated. Storage on any local drives will be lost."),
      h("p", {}, "Are you sure you want to terminate this instance? ", h("code", {}, instance.InstanceId)),
    ], [["Terminate (delete)", (close) => {
      close();
      this.#send("TerminateInstances", { InstanceIds: [instance.InstanceId] }, `Terminating ${instance.InstanceId}`);
    }, "danger"]]);
  }

  #changeType(instance) {
    const types = this.#read("ec2", "DescribeInstanceTypes").InstanceTypes ?? [];
    const architecture = instance.Architecture;
    const select = h("select", {}, types
      .filter((t) => t.ProcessorInfo?.SupportedArchitectures?.includes(architecture))
      .map((t) => h("option", { value: t.InstanceType, selected: t.InstanceType === instance.InstanceType }, t.InstanceType)));
    openDialog("Change instance type", [
      h("p", {}, "Instance ID ", h("code", {}, instance.InstanceId)),
      h("p", {}, `Current instance type: ${instance.InstanceType}`),
      field("change-type-select", "New instance type", select),
    ], [["Apply", (close) => {
      this.#call("ec2", "ModifyInstanceAttribute", { InstanceId: instance.InstanceId, InstanceType: { Value: select.value } });
      close();
      this.#report(`Changed the instance type of ${instance.InstanceId} to ${select.value}`, false);
    }, "primary"]]);
  }

  #connect(instance) {
    const image = (this.#read("ec2", "DescribeImages", { ImageIds: [instance.ImageId] }).Images ?? [])[0];
    const family = familyOf(image);
    const host = instance.PublicDnsName || instance.PublicIpAddress;
    const key = instance.KeyName;
    const body = family.id === "windows-2022"
      ? [h("p", {}, `Connect with an RDP client to ${host ?? "the instance"} as ${family.user}.`)]
      : !host
        ? [h("p", {}, "This instance has no public IPv4 address or DNS name, so SSH from the internet cannot reach it.")]
        : [
          h("p", {}, "Open an SSH client. Locate your private key file. Run this command, if necessary, to ensure your key is not publicly viewable:"),
          key && h("pre", { class: "cli-equivalent" }, `chmod 400 "${key}.pem"`),
          h("p", {}, "Connect to your instance using its Public DNS:"),
          h("pre", { class: "cli-equivalent", id: "connect-command" },
            key ? `ssh -i "${key}.pem" ${family.user}@${host}` : `ssh ${family.user}@${host}`),
          !key && h("p", { class: "warning" }, "This instance was launched without a key pair."),
        ];
    openDialog(`Connect to instance ${instance.InstanceId}`, body, []);
  }
}
