// The launch wizard's pure parts: kebab-case names, shell quoting, the
// requests a launch sends and their AWS CLI equivalents. The CLI lines are
// run in a fresh sandbox (the built wasm package) and must launch the same
// instance the wizard's requests launch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cliLine, kebab, quote, writeFileLines } from "../../www/js/cli-equivalent.js";
import {
  NEW_GROUP_ID, base64, createKeyPairStep, dryRunParams, ingressPermissions, launchSteps,
  nextWizardGroupName, wizardGroupDescription, withGroupId,
} from "../../www/js/launch-request.js";
import { Sandbox } from "./wasm.mjs";


test("names become the CLI's kebab-case", () => {
  assert.equal(kebab("RunInstances"), "run-instances");
  assert.equal(kebab("DisableApiTermination"), "disable-api-termination");
  assert.equal(kebab("InstanceInitiatedShutdownBehavior"), "instance-initiated-shutdown-behavior");
  assert.equal(kebab("AuthorizeSecurityGroupIngress"), "authorize-security-group-ingress");
  assert.equal(kebab("VpcId"), "vpc-id");
});

test("values are quoted only when the shell needs it", () => {
  assert.equal(quote("t2.micro"), "t2.micro");
  assert.equal(quote("launch-wizard-1 created 2025"), "'launch-wizard-1 created 2025'");
  assert.equal(quote("it's"), "'it'\\''s'");
  assert.equal(quote(""), "''");
});

test("cliLine writes lists, structures, flags and variables", () => {
  assert.equal(
    cliLine("ec2", "RunInstances", {
      ImageId: "ami-1",
      SecurityGroupIds: ["sg-new", "sg-2"],
      TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "web" }] }],
      DisableApiTermination: true,
      EbsOptimized: false,
      KeyName: undefined,
    }, { variables: { "sg-new": "SG_ID" }, options: ["--count", "1"] }),
    `aws ec2 run-instances --image-id ami-1 --security-group-ids "$SG_ID" sg-2 ` +
    `--tag-specifications '[{"ResourceType":"instance","Tags":[{"Key":"Name","Value":"web"}]}]' ` +
    "--disable-api-termination --no-ebs-optimized --count 1",
  );
  assert.equal(
    cliLine("ec2", "CreateSecurityGroup", { GroupName: "g" }, { assignTo: { name: "SG_ID", query: "GroupId" } }),
    "SG_ID=$(aws ec2 create-security-group --group-name g --query GroupId --output text)",
  );
});

test("writeFileLines writes a file one echo at a time", () => {
  assert.deepEqual(writeFileLines("u.txt", "#!/bin/bash\necho 'hi'\n"), [
    "echo '#!/bin/bash' > u.txt",
    "echo 'echo '\\''hi'\\''' >> u.txt",
  ]);
});

test("the console names new groups launch-wizard-N with the next free N", () => {
  assert.equal(nextWizardGroupName(["default"]), "launch-wizard-1");
  assert.equal(nextWizardGroupName(["launch-wizard-1", "launch-wizard-3"]), "launch-wizard-2");
  assert.equal(
    wizardGroupDescription("launch-wizard-1", "2025-06-02T09:00:00+00:00"),
    "launch-wizard-1 created 2025-06-02T09:00:00.000Z",
  );
});

test("firewall checkboxes become rules in the console's order", () => {
  assert.deepEqual(ingressPermissions({ ssh: true, sshSource: "203.0.113.25/32", https: false, http: true }), [
    { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "203.0.113.25/32" }] },
    { IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
  ]);
  assert.deepEqual(ingressPermissions({ ssh: false, https: false, http: false }), []);
});

test("user data is base64 of its UTF-8 bytes", () => {
  assert.equal(base64("echo hi\n"), "ZWNobyBoaQo=");
  assert.equal(base64("é"), "w6k=");
});

function choices(sandbox, overrides = {}) {
  const { Images } = sandbox.call("ec2", "DescribeImages", {
    Owners: ["amazon"], Filters: [{ Name: "name", Values: ["al2023-ami-2023.*-kernel-6.1-x86_64"] }],
  });
  const image = Images.sort((a, b) => b.CreationDate.localeCompare(a.CreationDate))[0];
  const vpc = sandbox.call("ec2", "DescribeVpcs", {}).Vpcs.find((v) => v.IsDefault);
  return {
    tags: [{ Key: "Name", Value: "web" }, { Key: "team", Value: "it's us" }],
    imageId: image.ImageId,
    instanceType: "t2.micro",
    count: 1,
    keyName: "my-key",
    network: { vpcId: vpc.VpcId, subnetId: null, publicIp: true },
    firewall: {
      mode: "new", groupName: "launch-wizard-1", description: "launch-wizard-1 created 2025-06-02T09:00:00.000Z",
      groupIds: [], ssh: true, sshSource: "203.0.113.25/32", https: false, http: true,
    },
    storage: [{ DeviceName: "/dev/xvda", VolumeSize: 12, VolumeType: "gp3" }, { DeviceName: "/dev/sdb", VolumeSize: 8, VolumeType: "gp2" }],
    advanced: { userData: "#!/bin/bash\necho 'hello' > /tmp/x", terminationProtection: true, shutdownBehavior: "terminate" },
    ...overrides,
  };
}

/** What a user would see of the launched instance, without ids that differ. */
function launched(sandbox) {
  const [instance] = sandbox.call("ec2", "DescribeInstances", {}).Reservations.flatMap((r) => r.Instances);
  const [group] = sandbox.call("ec2", "DescribeSecurityGroups", { GroupNames: ["launch-wizard-1"] }).SecurityGroups;
  return {
    type: instance.InstanceType,
    image: instance.ImageId,
    key: instance.KeyName,
    tags: instance.Tags,
    groups: instance.SecurityGroups.map((g) => g.GroupName),
    publicIp: Boolean(instance.PublicIpAddress),
    volumes: instance.BlockDeviceMappings.map((m) => m.DeviceName),
    rules: group.IpPermissions,
    description: group.Description,
  };
}

test("the wizard's requests and its CLI equivalent launch the same instance", () => {
  const viaApi = new Sandbox({ seed: 7 });
  viaApi.call("ec2", "CreateKeyPair", { KeyName: "my-key" });
  const steps = launchSteps(choices(viaApi));
  assert.deepEqual(steps.map((s) => s.action), ["CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "RunInstances"]);
  let groupId = null;
  for (const step of steps) {
    const response = viaApi.call("ec2", step.action, groupId ? withGroupId(step.params, groupId) : step.params);
    groupId ??= response.GroupId;
  }

  const viaCli = new Sandbox({ seed: 7 });
  const lines = [createKeyPairStep({ name: "my-key", type: "rsa", format: "pem" }), ...steps].flatMap((s) => s.cli);
  for (const line of lines) {
    const result = viaCli.exec(line);
    assert.equal(result.exitCode, 0, `${line}\n${result.stderr}`);
  }
  assert.match(viaCli.exec("cat my-key.pem").stdout, /^-----BEGIN RSA PRIVATE KEY-----/);
  // The CLI sends the file's text base64-encoded, as the wizard does.
  const userData = "#!/bin/bash\necho 'hello' > /tmp/x\n";
  assert.equal(viaCli.exec("cat user-data.txt").stdout, userData);
  assert.equal(steps.at(-1).params.UserData, base64(userData));
  const expected = launched(viaApi);
  assert.deepEqual(launched(viaCli), expected);
  assert.equal(expected.type, "t2.micro");
  assert.deepEqual(expected.volumes, ["/dev/xvda", "/dev/sdb"]);
  assert.equal(expected.rules.length, 2);
});

test("a DryRun of the launch leaves out the group it has not created yet", () => {
  const sandbox = new Sandbox({ seed: 3 });
  const run = launchSteps(choices(sandbox, { keyName: null })).at(-1);
  assert.ok(run.params.NetworkInterfaces[0].Groups.includes(NEW_GROUP_ID));
  assert.throws(() => sandbox.call("ec2", "RunInstances", { ...dryRunParams(run), DryRun: true }),
    (error) => error.code === "DryRunOperation");
  const tooSmall = launchSteps(choices(sandbox, {
    keyName: null, storage: [{ DeviceName: "/dev/xvda", VolumeSize: 4, VolumeType: "gp3" }],
  })).at(-1);
  assert.throws(() => sandbox.call("ec2", "RunInstances", { ...dryRunParams(tooSmall), DryRun: true }),
    (error) => error.code === "InvalidBlockDeviceMapping" && /smaller than snapshot/.test(error.message));
});

test("the console's On-Demand price comes from the catalog", () => {
  assert.equal(Sandbox.pricePerHour("t2.micro"), 0.0116);
  assert.equal(Sandbox.pricePerHour("t9.huge"), undefined);
});
