// EC2 › Launch Templates: the account's templates (DescribeLaunchTemplates)
// and, for the selected one, its versions (DescribeLaunchTemplateVersions)
// with the default and the latest marked and what each launches.

import { code, detailTable, facts } from "./cells.js";
import { h } from "./dom.js";
import { formatTime } from "./format.js";
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
  empty: "No launch templates. Create one from the terminal with aws ec2 create-launch-template.",
  key: (t) => t.LaunchTemplateId,
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
