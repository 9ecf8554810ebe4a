// EC2 › Launch Templates: the account's templates (DescribeLaunchTemplates)
// and, for the selected one, its versions (DescribeLaunchTemplateVersions)
// with the default and the latest marked and what each launches; and the
// view's actions, Create launch template (CreateLaunchTemplate) and Delete
// template (DeleteLaunchTemplate), AWS's refusals shown in their dialogs.

import { code, detailTable, facts } from "./cells.js";
import { cliLine } from "./cli-equivalent.js";
import { checkList, choice, field, input, openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { formatTime } from "./format.js";
import { createLaunchTemplateParams } from "./launch-request.js";
import { readAll, readAllOrNone } from "./reads.js";
import { tabbedPanel } from "./tabs.js";

const TABS = [["details", "Details"], ["versions", "Versions"]];

/** "1 (Default)", "3 (Latest)", "2 (Default, Latest)" or "4". */
export function versionLabel(version, template) {
  const marks = [
    (version.DefaultVersion || version.VersionNumber === template.DefaultVersionNumber) && "Default",
    version.VersionNumber === template.LatestVersionNumber && "Latest",
  ].filter(Boolean);
  return marks.length ? `${version.VersionNumber} (${marks.join(", ")})` : String(version.VersionNumber);
}

/** The security groups a version's data names, by id or name, however it names them. */
function securityGroups(data) {
  const groups = [
    ...(data.SecurityGroupIds ?? []),
    ...(data.SecurityGroups ?? []),
    ...(data.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? []),
  ];
  return groups.join(", ") || "–";
}

const PANES = {
  details: (template) => facts([
    ["Launch template ID", code(template.LaunchTemplateId)],
    ["Launch template name", template.LaunchTemplateName],
    ["Default version", template.DefaultVersionNumber],
    ["Latest version", template.LatestVersionNumber],
    ["Owner", template.CreatedBy],
    ["Create time (UTC)", formatTime(template.CreateTime)],
  ]),
  versions: (template, versions) => detailTable("Launch template versions",
    ["Version", "Description", "AMI ID", "Instance type", "Key pair name", "Security groups", "Create time (UTC)"],
    [...versions].sort((a, b) => b.VersionNumber - a.VersionNumber).map((v) => [
      h("span", { "data-version": v.VersionNumber }, versionLabel(v, template)),
      v.VersionDescription || "–",
      code(v.LaunchTemplateData?.ImageId),
      v.LaunchTemplateData?.InstanceType ?? "–",
      v.LaunchTemplateData?.KeyName ?? "–",
      securityGroups(v.LaunchTemplateData ?? {}),
      formatTime(v.CreateTime),
    ]),
    "No versions."),
};

/** The Launch Templates table (see console-views.js for what a table view is). */
export const LAUNCH_TEMPLATES = {
  load: (read, { selected }) => ({
    rows: readAll(read, "ec2", "DescribeLaunchTemplates", {}, "LaunchTemplates"),
    // The selection may be a template deleted since: then no versions.
    versions: selected
      ? readAllOrNone(read, "ec2", "DescribeLaunchTemplateVersions", { LaunchTemplateId: selected }, "LaunchTemplateVersions")
      : [],
  }),
  empty: "No launch templates. Create one with Create launch template, or from the terminal with aws ec2 create-launch-template.",
  key: (t) => t.LaunchTemplateId,
  header: (actions) => [actions.primary()],
  columns: [
    ["Launch template ID", (t) => h("code", {}, t.LaunchTemplateId)],
    ["Launch template name", (t) => t.LaunchTemplateName],
    ["Default version", (t) => t.DefaultVersionNumber],
    ["Latest version", (t) => t.LatestVersionNumber],
    ["Create time (UTC)", (t) => formatTime(t.CreateTime)],
    ["Owner", (t) => t.CreatedBy ?? "–"],
  ],
  details: (template, data, ui) => tabbedPanel({
    prefix: "template", title: `Launch template: ${template.LaunchTemplateId} (${template.LaunchTemplateName})`,
    label: "Launch template details", tabs: TABS, current: ui.tab, onSelect: ui.onTab,
  }, (tab) => PANES[tab](template, data.versions)),
};

/** The console's choice that leaves a setting out of the template. */
const LEAVE_OUT = ["", "Don't include in launch template"];

/** The Launch Templates view's toolbar and dialogs. */
export class LaunchTemplateActions {
  #call;
  #read;
  #report;

  /** `call(service, action, params)` changes the world, `read` reads it, `report(text, isError)` tells the outcome. */
  constructor({ call, read, report }) {
    this.#call = call;
    this.#read = read;
    this.#report = report;
  }

  /** "Create launch template", the view's primary button. */
  primary() {
    return h("button", { type: "button", class: "primary-button", "data-action": "createLaunchTemplate", onclick: () => this.#create() }, "Create launch template");
  }

  /** The toolbar for `template` (none selected: disabled). */
  toolbar(template) {
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Launch template actions" },
      h("button", {
        type: "button", class: "secondary-button danger", "data-action": "deleteLaunchTemplate", disabled: !template,
        onclick: () => this.#delete(template),
      }, "Delete template"));
  }

  #create() {
    const ec2 = (action, params = {}) => this.#read("ec2", action, params);
    const images = [
      ...(ec2("DescribeImages", { Owners: ["self"] }).Images ?? []),
      ...(ec2("DescribeImages", { Owners: ["amazon", "099720109477"] }).Images ?? []),
    ];
    const types = (ec2("DescribeInstanceTypes").InstanceTypes ?? []).map((t) => t.InstanceType).sort();
    const keys = (ec2("DescribeKeyPairs").KeyPairs ?? []).map((k) => k.KeyName);
    const groups = ec2("DescribeSecurityGroups").SecurityGroups ?? [];
    const form = { name: "", description: "", imageId: "", instanceType: "", keyName: "", groupIds: [], monitoring: "", userData: "" };
    const command = h("pre", { class: "cli-equivalent", "aria-live": "polite" });
    const showCommand = () => (command.textContent = cliLine("ec2", "CreateLaunchTemplate", createLaunchTemplateParams(form)));
    const set = (key) => (value) => {
      form[key] = value;
      showCommand();
    };
    showCommand();
    openDialog("Create launch template", [
      field("template-name", "Launch template name", input("", set("name"), { maxlength: "128", autocomplete: "off" }),
        "Must be unique to this account. 3 to 128 characters: letters, numbers and ( ) . / - _ only."),
      field("template-description", "Template version description", input("", set("description"), { maxlength: "255" })),
      field("template-image", "Application and OS Images (Amazon Machine Image)",
        choice([LEAVE_OUT, ...images.map((i) => [i.ImageId, `${i.Name} (${i.ImageId})`])], "", set("imageId"))),
      field("template-type", "Instance type", choice([LEAVE_OUT, ...types.map((t) => [t, t])], "", set("instanceType"))),
      field("template-key", "Key pair name", choice([LEAVE_OUT, ...keys.map((k) => [k, k])], "", set("keyName"))),
      checkList("template-group", "Security groups", groups.map((g) => [g.GroupId, `${g.GroupName} (${g.GroupId})`]), [], set("groupIds")),
      h("details", {},
        h("summary", {}, "Advanced details"),
        field("template-monitoring", "Detailed CloudWatch monitoring",
          choice([LEAVE_OUT, ["enable", "Enable"], ["disable", "Disable"]], "", set("monitoring"))),
        field("template-user-data", "User data", h("textarea", { rows: "5", spellcheck: "false", oninput: (e) => set("userData")(e.target.value) }),
          "A script run at first boot; the console sends it base64-encoded.")),
      h("p", { class: "field-hint" }, "The same request from the terminal:"),
      command,
    ], [["Create launch template", (close) => {
      const { LaunchTemplate: t } = this.#call("ec2", "CreateLaunchTemplate", createLaunchTemplateParams(form));
      close();
      this.#report(`Successfully created ${t.LaunchTemplateName}(${t.LaunchTemplateId}).`, false);
    }, "primary"]]);
  }

  #delete(template) {
    const params = { LaunchTemplateId: template.LaunchTemplateId };
    openDialog("Delete launch template", [
      h("p", {}, "Are you sure that you want to delete launch template ", h("code", {}, template.LaunchTemplateName),
        ` (${template.LaunchTemplateId})? All of its versions are deleted. Instances launched from it are not affected.`),
      h("pre", { class: "cli-equivalent" }, cliLine("ec2", "DeleteLaunchTemplate", params)),
    ], [["Delete", (close) => {
      this.#call("ec2", "DeleteLaunchTemplate", params);
      close();
      this.#report(`Successfully deleted launch template ${template.LaunchTemplateName} (${template.LaunchTemplateId}).`, false);
    }, "danger"]], { confirmWord: "Delete" });
  }
}
