// Turns the launch wizard's choices into the API requests the console
// sends (CreateKeyPair, CreateSecurityGroup, AuthorizeSecurityGroupIngress,
// RunInstances) and the AWS CLI commands that do the same. Pure: no DOM,
// no sandbox, so it is tested in Node.

import { cliLine, writeFileLines } from "./cli-equivalent.js";
import { withoutUndefined } from "./params.js";

/** Stands for the id of the security group the launch creates. */
export const NEW_GROUP_ID = "sg-(created-by-this-launch)";
const GROUP_VARIABLE = "SG_ID";
const USER_DATA_FILE = "user-data.txt";

/** The console's name for a new launch security group: `launch-wizard-N`, N the next free number. */
export function nextWizardGroupName(existingNames) {
  const taken = new Set(existingNames);
  let n = 1;
  while (taken.has(`launch-wizard-${n}`)) n += 1;
  return `launch-wizard-${n}`;
}

/** The console's description of that group, e.g. "launch-wizard-1 created 2025-06-02T09:00:00.000Z". */
export function wizardGroupDescription(name, nowIso) {
  return `${name} created ${new Date(nowIso).toISOString()}`;
}

/** `text` as base64 of its UTF-8 bytes, as RunInstances wants UserData. */
export function base64(text) {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The inbound rules the wizard's firewall checkboxes ask for, in the console's order. */
export function ingressPermissions({ ssh, sshSource, https, http }) {
  const rule = (port, cidr) => ({ IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] });
  return [
    ssh && rule(22, sshSource),
    https && rule(443, "0.0.0.0/0"),
    http && rule(80, "0.0.0.0/0"),
  ].filter(Boolean);
}

/** The file the private key of a new key pair is saved as: NAME.pem or NAME.ppk. */
export function keyFileName({ name, format }) {
  return `${name}.${format}`;
}

/**
 * Creating a key pair `{ name, type, format }` as the console does: the
 * request, and the terminal line that makes it and saves the private key
 * in the home folder (`exec`, also the CLI equivalent).
 */
export function createKeyPairStep(keyPair) {
  const params = { KeyName: keyPair.name, KeyType: keyPair.type, KeyFormat: keyPair.format };
  const file = keyFileName(keyPair);
  const exec = `${cliLine("ec2", "CreateKeyPair", params)} --query KeyMaterial --output text > ${file}`;
  return { id: "key-pair", action: "CreateKeyPair", params, exec, file, cli: [exec] };
}

/**
 * The launch as steps, in the order they run. `choices`:
 * `{ tags: [{Key, Value}], imageId, instanceType, count,
 *    keyName (null: proceed without a key pair),
 *    network: { vpcId, subnetId (null: no preference), publicIp (bool) },
 *    firewall: { mode: "new"|"existing", groupName, description, groupIds,
 *                ssh, sshSource, https, http },
 *    storage: [{ DeviceName, VolumeSize, VolumeType }] (the root first),
 *    advanced: { userData, terminationProtection, shutdownBehavior } }`.
 * Each step is `{ id, action, params, cli: [lines] }`; params hold
 * NEW_GROUP_ID until the group exists. (The console creates a new key pair
 * at once, in its own dialog: see `createKeyPairStep`.)
 */
export function launchSteps(choices) {
  const steps = [];
  const variables = { [NEW_GROUP_ID]: GROUP_VARIABLE };
  const { firewall, network } = choices;

  let groupIds = firewall.groupIds;
  if (firewall.mode === "new") {
    const params = { GroupName: firewall.groupName, Description: firewall.description, VpcId: network.vpcId };
    steps.push({
      id: "security-group",
      action: "CreateSecurityGroup",
      params,
      cli: [cliLine("ec2", "CreateSecurityGroup", params, { assignTo: { name: GROUP_VARIABLE, query: "GroupId" } })],
    });
    const permissions = ingressPermissions(firewall);
    if (permissions.length > 0) {
      const ingress = { GroupId: NEW_GROUP_ID, IpPermissions: permissions };
      steps.push({
        id: "ingress",
        action: "AuthorizeSecurityGroupIngress",
        params: ingress,
        cli: [cliLine("ec2", "AuthorizeSecurityGroupIngress", ingress, { variables })],
      });
    }
    groupIds = [NEW_GROUP_ID];
  }

  steps.push(runInstancesStep(choices, groupIds, variables));
  return steps;
}

function runInstancesStep(choices, groupIds, variables) {
  const { network, advanced } = choices;
  const userData = advanced.userData ? withFinalNewline(advanced.userData) : null;
  const shutdown = advanced.shutdownBehavior === "terminate" ? "terminate" : undefined;
  const tagSpecifications = choices.tags.length > 0 ? [{ ResourceType: "instance", Tags: choices.tags }] : undefined;
  // What both the API request and the CLI command say the same way.
  const common = {
    ImageId: choices.imageId,
    InstanceType: choices.instanceType,
    KeyName: choices.keyName ?? undefined,
  };
  const tail = {
    BlockDeviceMappings: choices.storage.map(({ DeviceName, VolumeSize, VolumeType }) =>
      ({ DeviceName, Ebs: { VolumeSize, VolumeType, DeleteOnTermination: true } })),
    TagSpecifications: tagSpecifications,
    DisableApiTermination: advanced.terminationProtection || undefined,
    InstanceInitiatedShutdownBehavior: shutdown,
  };
  // The console always states the public IP choice, so EC2 wants the
  // subnet and groups inside NetworkInterfaces[0]; the CLI moves them
  // there itself for --associate-public-ip-address.
  const networkInterface = { DeviceIndex: 0, AssociatePublicIpAddress: network.publicIp, Groups: groupIds };
  if (network.subnetId) networkInterface.SubnetId = network.subnetId;
  const params = {
    ...common,
    MinCount: choices.count,
    MaxCount: choices.count,
    NetworkInterfaces: [networkInterface],
    UserData: userData === null ? undefined : base64(userData),
    ...tail,
  };
  const cli = userData === null ? [] : writeFileLines(USER_DATA_FILE, userData);
  cli.push(cliLine("ec2", "RunInstances", {
    ...common,
    SecurityGroupIds: groupIds,
    SubnetId: network.subnetId ?? undefined,
    ...tail,
    UserData: userData === null ? undefined : `file://${USER_DATA_FILE}`,
  }, {
    variables,
    options: [network.publicIp ? "--associate-public-ip-address" : "--no-associate-public-ip-address", "--count", String(choices.count)],
  }));
  return { id: "run", action: "RunInstances", params: withoutUndefined(params), cli };
}

function withFinalNewline(text) {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** `params` with every NEW_GROUP_ID replaced by `groupId` (deep). */
export function withGroupId(params, groupId) {
  return JSON.parse(JSON.stringify(params), (key, value) => (value === NEW_GROUP_ID ? groupId : value));
}

/**
 * `step`'s request for a DryRun, to check it before anything is created;
 * the group this launch creates is left out (EC2 would not find it yet).
 */
export function dryRunParams(step) {
  if (step.action !== "RunInstances") return step.params;
  const params = structuredClone(step.params);
  if (params.NetworkInterfaces[0].Groups.includes(NEW_GROUP_ID)) delete params.NetworkInterfaces[0].Groups;
  return params;
}

/**
 * The CreateLaunchTemplate request of the Create launch template form:
 * `{ name, description, imageId, instanceType, keyName, groupIds,
 * monitoring ("" | "enable" | "disable"), userData }`; an empty choice is
 * the console's "Don't include in launch template", and the user data
 * goes base64-encoded, as the console sends it.
 */
export function createLaunchTemplateParams(form) {
  const data = withoutUndefined({
    ImageId: form.imageId || undefined,
    InstanceType: form.instanceType || undefined,
    KeyName: form.keyName || undefined,
    SecurityGroupIds: form.groupIds.length ? form.groupIds : undefined,
    Monitoring: form.monitoring ? { Enabled: form.monitoring === "enable" } : undefined,
    UserData: form.userData ? base64(form.userData) : undefined,
  });
  return withoutUndefined({
    LaunchTemplateName: form.name,
    VersionDescription: form.description || undefined,
    LaunchTemplateData: data,
  });
}
