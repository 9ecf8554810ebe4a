// The detail pane under the Instances table: tabs for the selected
// instance (Details, Networking, Security, Storage, Tags, Status checks),
// built from DescribeInstances and DescribeSecurityGroups.

import { detailTable as table, facts } from "./cells.js";
import { h } from "./dom.js";
import { tabbedPanel } from "./tabs.js";

export const TABS = [
  ["details", "Details"],
  ["networking", "Networking"],
  ["security", "Security"],
  ["storage", "Storage"],
  ["tags", "Tags"],
  ["status", "Status checks"],
];

/** Inbound rule source as the console shows it: CIDRs, then groups. */
function sources(permission) {
  return [
    ...(permission.IpRanges ?? []).map((r) => r.CidrIp),
    ...(permission.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
    ...(permission.UserIdGroupPairs ?? []).map((p) => p.GroupId),
  ].join(", ");
}

function portRange(permission) {
  if (permission.IpProtocol === "-1") return "All";
  return permission.FromPort === permission.ToPort ? String(permission.FromPort) : `${permission.FromPort} - ${permission.ToPort}`;
}

/** The console's summary of the checks of DescribeInstanceStatus. */
function statusChecks(status) {
  const checks = [status?.SystemStatus, status?.InstanceStatus, status?.AttachedEbsStatus].filter(Boolean);
  if (checks.length === 0 || checks.every((c) => c.Status === "not-applicable")) return "–";
  if (checks.some((c) => c.Status === "initializing")) return "Initializing";
  const passed = checks.filter((c) => c.Status === "ok").length;
  return `${passed}/${checks.length} checks passed`;
}

const PANES = {
  details: (i) => facts([
    ["Instance ID", h("code", {}, i.InstanceId)],
    ["Instance state", i.State?.Name],
    ["Instance type", i.InstanceType],
    ["AMI ID", h("code", {}, i.ImageId)],
    ["Key pair assigned at launch", i.KeyName],
    ["Launch time", i.LaunchTime],
    ["Platform details", i.PlatformDetails],
    ["Termination protection", i.DisableApiTermination === undefined ? undefined : String(i.DisableApiTermination)],
  ]),
  networking: (i) => facts([
    ["Public IPv4 address", i.PublicIpAddress],
    ["Public DNS", i.PublicDnsName || undefined],
    ["Private IPv4 address", i.PrivateIpAddress],
    ["Private IP DNS name", i.PrivateDnsName],
    ["VPC ID", i.VpcId],
    ["Subnet ID", i.SubnetId],
    ["Availability Zone", i.Placement?.AvailabilityZone],
  ]),
  security: (i, groups) => {
    const attached = (i.SecurityGroups ?? []).map((ref) => groups.find((g) => g.GroupId === ref.GroupId) ?? { ...ref, IpPermissions: [] });
    return [
      facts([["Security groups", attached.map((g) => `${g.GroupId} (${g.GroupName})`).join(", ")]]),
      h("h4", {}, "Inbound rules"),
      table("Inbound rules", ["Security group", "Port range", "Protocol", "Source"],
        attached.flatMap((g) => (g.IpPermissions ?? []).map((p) => [g.GroupName, portRange(p), p.IpProtocol === "-1" ? "All" : p.IpProtocol, sources(p)])),
        "No inbound rules."),
    ];
  },
  storage: (i) => [
    facts([["Root device name", i.RootDeviceName], ["Root device type", i.RootDeviceType]]),
    table("Block devices", ["Volume ID", "Device name", "Attachment status", "Delete on termination"],
      (i.BlockDeviceMappings ?? []).map((m) => [h("code", {}, m.Ebs?.VolumeId), m.DeviceName, m.Ebs?.Status, String(m.Ebs?.DeleteOnTermination)]),
      "No block devices."),
  ],
  tags: (i) => table("Tags", ["Key", "Value"], (i.Tags ?? []).map((t) => [t.Key, t.Value]), "No tags."),
  status: (i, _groups, status) => facts([
    ["Status checks", statusChecks(status)],
    ["System reachability", status?.SystemStatus?.Details?.[0]?.Status],
    ["Instance reachability", status?.InstanceStatus?.Details?.[0]?.Status],
    ["Attached EBS reachability", status?.AttachedEbsStatus?.Details?.[0]?.Status],
    ["Instance state", i.State?.Name],
  ]),
};

/**
 * The pane for `instance` with `tab` open; `groups` are the account's
 * security groups, `status` its DescribeInstanceStatus entry; `onTab(id)`
 * switches tabs.
 */
export function instanceDetails(instance, { tab, groups, status, onTab }) {
  return tabbedPanel({
    prefix: "instance", title: `Instance: ${instance.InstanceId}`, label: "Instance details", tabs: TABS, current: tab, onSelect: onTab,
  }, (current) => PANES[current](instance, groups, status));
}
