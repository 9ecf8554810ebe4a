// AMIs: the AMIs view's actions (Launch instance from AMI, which opens the
// launch form with the AMI chosen; Deregister AMI) and the Instances
// view's "Image and templates › Create image" form. A refusal shows AWS's
// error in the dialog.

import { h } from "./dom.js";
import { field, openDialog } from "./dialog.js";
import { createImageParams } from "./ebs.js";

/**
 * The Create image form for `instance`; `call` sends CreateImage and
 * `report(text, isError)` tells the outcome.
 */
export function openCreateImage(instance, { call, report }) {
  const form = { name: "", description: "", reboot: true };
  const reboot = h("input", { type: "checkbox", id: "create-image-reboot", checked: true, onchange: (e) => (form.reboot = e.target.checked) });
  openDialog("Create image", [
    h("p", {}, "Instance ID ", h("code", {}, instance.InstanceId)),
    field("create-image-name", "Image name", h("input", { type: "text", maxlength: "128", oninput: (e) => (form.name = e.target.value) }),
      "3 to 128 characters: letters, numbers, spaces and ( ) [ ] . / - ' @ _. It can't be changed later."),
    field("create-image-description", "Image description - optional", h("input", {
      type: "text", maxlength: "255", oninput: (e) => (form.description = e.target.value),
    })),
    h("div", { class: "check-row" },
      reboot, h("label", { for: "create-image-reboot" }, "Reboot instance")),
    h("p", { class: "field-hint" }, "When selected, Amazon EC2 reboots the instance so that data is at rest when snapshots of the attached volumes are taken. This ensures data consistency."),
  ], [["Create image", (close) => {
    const { ImageId } = call("ec2", "CreateImage", createImageParams(instance.InstanceId, form));
    close();
    report(`Currently creating AMI ${ImageId} from instance ${instance.InstanceId}. ` +
      "Check that the AMI status is 'Available' before deleting the instance or carrying out other actions related to this AMI.", false);
  }, "primary"]]);
}

/** The AMIs view's toolbar and dialogs. */
export class ImageActions {
  #call;
  #report;
  #launch;

  /**
   * `call(service, action, params)` changes the world, `report(text,
   * isError)` tells the outcome, `launch(imageId)` opens the launch form
   * with that AMI.
   */
  constructor({ call, report, launch }) {
    this.#call = call;
    this.#report = report;
    this.#launch = launch;
  }

  /** "Launch instance from AMI", the view's primary button, for `image`. */
  primary(image) {
    return h("button", {
      type: "button", class: "primary-button", "data-action": "launchFromImage", disabled: !image,
      onclick: () => this.#launch(image.ImageId),
    }, "Launch instance from AMI");
  }

  /** The toolbar for `image` (none selected: every action disabled). */
  toolbar(image) {
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "AMI actions" },
      h("button", {
        type: "button", class: "secondary-button danger", "data-action": "deregisterImage", disabled: !image,
        onclick: () => this.#deregister(image),
      }, "Deregister AMI"));
  }

  #deregister(image) {
    openDialog("Deregister AMI?", [
      h("p", {}, "Are you sure that you want to deregister this AMI? ", h("code", {}, image.ImageId), ` (${image.Name})`),
      h("p", { class: "warning" }, "Its snapshots are not deleted: they remain in Snapshots, and their storage is billed until you delete them. Instances launched from it keep running."),
    ], [["Deregister AMI", (close) => {
      this.#call("ec2", "DeregisterImage", { ImageId: image.ImageId });
      close();
      this.#report(`Deregistered ${image.ImageId}`, false);
    }, "danger"]]);
  }
}
