// The requests the page's create forms send (www/js/launch-request.js,
// elb.js, params.js): a launch template with user data base64-encoded
// and the console's "Don't include" left out; a target group with AWS's
// defaults where the form was left empty; targets to register and
// deregister; the three kinds of load balancer with their first listener,
// and the CLI lines that do the same; and each request accepted by a
// sandbox (the built wasm package), or refused with AWS's error.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createBalancerCli, createBalancerRequest, createListenerParams, createTargetGroupParams, deregisterTargetsParams,
  forwardableGroups, healthCheckProtocols, registerTargetsParams,
} from "../../www/js/elb.js";
import { createLaunchTemplateParams } from "../../www/js/launch-request.js";
import { typedNumber, withoutUndefined } from "../../www/js/params.js";
import { Sandbox } from "./wasm.mjs";

const TEMPLATE = { name: "web", description: "", imageId: "", instanceType: "", keyName: "", groupIds: [], monitoring: "", userData: "" };
const GROUP = {
  targetType: "instance", name: "web", protocol: "HTTP", port: "80", vpcId: "vpc-1",
  healthProtocol: "HTTP", healthPath: "/", healthy: "", unhealthy: "", timeout: "", interval: "", matcher: "",
};
const BALANCER = {
  name: "web", scheme: "internet-facing", subnetIds: ["subnet-a", "subnet-b"], groupIds: ["sg-1"],
  protocol: "HTTP", port: "80", instanceProtocol: "HTTP", instancePort: "8080", targetGroupArn: "arn:tg",
};

test("numbers as typed: whole numbers as numbers, empty left out, the rest as typed for AWS to refuse", () => {
  assert.equal(typedNumber("80"), 80);
  assert.equal(typedNumber(" 5 "), 5);
  assert.equal(typedNumber(""), undefined);
  assert.equal(typedNumber("eighty"), "eighty");
  assert.deepEqual(withoutUndefined({ a: 1, b: undefined, c: null }), { a: 1, c: null });
});

test("a launch template: only what the form includes, the user data base64-encoded", () => {
  assert.deepEqual(createLaunchTemplateParams(TEMPLATE), { LaunchTemplateName: "web", LaunchTemplateData: {} });
  assert.deepEqual(createLaunchTemplateParams({
    ...TEMPLATE, description: "first", imageId: "ami-1", instanceType: "t3.micro", keyName: "me", groupIds: ["sg-1", "sg-2"],
    monitoring: "enable", userData: "#!/bin/bash\necho hé\n",
  }), {
    LaunchTemplateName: "web",
    VersionDescription: "first",
    LaunchTemplateData: {
      ImageId: "ami-1", InstanceType: "t3.micro", KeyName: "me", SecurityGroupIds: ["sg-1", "sg-2"],
      Monitoring: { Enabled: true }, UserData: Buffer.from("#!/bin/bash\necho hé\n").toString("base64"),
    },
  });
  assert.deepEqual(createLaunchTemplateParams({ ...TEMPLATE, monitoring: "disable" }).LaunchTemplateData, { Monitoring: { Enabled: false } });
});

test("a target group: AWS's defaults where the form is empty, path and codes only for HTTP checks", () => {
  assert.deepEqual(createTargetGroupParams(GROUP), {
    Name: "web", Protocol: "HTTP", Port: 80, VpcId: "vpc-1", TargetType: "instance", HealthCheckProtocol: "HTTP", HealthCheckPath: "/",
  });
  assert.deepEqual(createTargetGroupParams({ ...GROUP, healthy: "3", unhealthy: "2", timeout: "5", interval: "10", matcher: "200-299" }), {
    Name: "web", Protocol: "HTTP", Port: 80, VpcId: "vpc-1", TargetType: "instance", HealthCheckProtocol: "HTTP", HealthCheckPath: "/",
    HealthyThresholdCount: 3, UnhealthyThresholdCount: 2, HealthCheckTimeoutSeconds: 5, HealthCheckIntervalSeconds: 10, Matcher: { HttpCode: "200-299" },
  });
  assert.deepEqual(createTargetGroupParams({ ...GROUP, targetType: "ip", protocol: "TCP", healthProtocol: "TCP", matcher: "200" }), {
    Name: "web", Protocol: "TCP", Port: 80, VpcId: "vpc-1", TargetType: "ip", HealthCheckProtocol: "TCP",
  });
  assert.deepEqual(healthCheckProtocols("HTTPS"), ["HTTP", "HTTPS"]);
  assert.deepEqual(healthCheckProtocols("UDP"), ["TCP", "HTTP", "HTTPS"]);
});

test("targets to register on a port, and to deregister as they are registered", () => {
  const group = { TargetGroupArn: "arn:tg" };
  assert.deepEqual(registerTargetsParams(group, ["i-1", "i-2"], "8080"), { TargetGroupArn: "arn:tg", Targets: [{ Id: "i-1", Port: 8080 }, { Id: "i-2", Port: 8080 }] });
  assert.deepEqual(registerTargetsParams(group, ["i-1"], ""), { TargetGroupArn: "arn:tg", Targets: [{ Id: "i-1" }] });
  assert.deepEqual(deregisterTargetsParams(group, [{ Id: "i-1", Port: 80, AvailabilityZone: "us-east-1a" }]), { TargetGroupArn: "arn:tg", Targets: [{ Id: "i-1", Port: 80 }] });
});

test("load balancers: elbv2 then its listener, or a Classic one with its listener, and their CLI lines", () => {
  assert.deepEqual(createBalancerRequest("application", BALANCER), ["elbv2", "CreateLoadBalancer", {
    Name: "web", Type: "application", Scheme: "internet-facing", Subnets: ["subnet-a", "subnet-b"], SecurityGroups: ["sg-1"],
  }]);
  assert.deepEqual(createBalancerRequest("network", { ...BALANCER, groupIds: [], scheme: "internal" })[2],
    { Name: "web", Type: "network", Scheme: "internal", Subnets: ["subnet-a", "subnet-b"] });
  assert.deepEqual(createListenerParams(BALANCER, "arn:lb"), {
    LoadBalancerArn: "arn:lb", Protocol: "HTTP", Port: 80, DefaultActions: [{ Type: "forward", TargetGroupArn: "arn:tg" }],
  });
  assert.deepEqual(createBalancerRequest("classic", BALANCER), ["elb", "CreateLoadBalancer", {
    LoadBalancerName: "web",
    Listeners: [{ Protocol: "HTTP", LoadBalancerPort: 80, InstanceProtocol: "HTTP", InstancePort: 8080 }],
    Subnets: ["subnet-a", "subnet-b"], SecurityGroups: ["sg-1"],
  }]);
  assert.equal(createBalancerRequest("classic", { ...BALANCER, scheme: "internal" })[2].Scheme, "internal");
  assert.deepEqual(createBalancerCli("application", BALANCER), [
    "LB_ARN=$(aws elbv2 create-load-balancer --name web --type application --scheme internet-facing --subnets subnet-a subnet-b --security-groups sg-1 " +
      "--query LoadBalancers[0].LoadBalancerArn --output text)",
    "aws elbv2 create-listener --load-balancer-arn \"$LB_ARN\" --protocol HTTP --port 80 --default-actions '[{\"Type\":\"forward\",\"TargetGroupArn\":\"arn:tg\"}]'",
  ]);
  assert.deepEqual(createBalancerCli("classic", BALANCER), [
    "aws elb create-load-balancer --load-balancer-name web --listeners " +
      "'[{\"Protocol\":\"HTTP\",\"LoadBalancerPort\":80,\"InstanceProtocol\":\"HTTP\",\"InstancePort\":8080}]' --subnets subnet-a subnet-b --security-groups sg-1",
  ]);
});

test("a listener forwards only to target groups of its protocol family in the load balancer's VPC", () => {
  const groups = [
    { TargetGroupArn: "http", Protocol: "HTTP", VpcId: "vpc-1" },
    { TargetGroupArn: "tcp", Protocol: "TCP", VpcId: "vpc-1" },
    { TargetGroupArn: "both", Protocol: "TCP_UDP", VpcId: "vpc-1" },
    { TargetGroupArn: "other-vpc", Protocol: "HTTP", VpcId: "vpc-2" },
  ];
  const arns = (type, protocol) => forwardableGroups(type, protocol, "vpc-1", groups).map((g) => g.TargetGroupArn);
  assert.deepEqual(arns("application", "HTTP"), ["http"]);
  assert.deepEqual(arns("network", "TCP"), ["tcp", "both"]);
  assert.deepEqual(arns("network", "UDP"), ["both"]);
  assert.deepEqual(arns("classic", "HTTP"), []);
});

test("a sandbox accepts what the forms send, and refuses with AWS's errors", () => {
  const sandbox = new Sandbox({ seed: 7 });
  const vpcId = sandbox.call("ec2", "DescribeVpcs", {}).Vpcs[0].VpcId;
  const subnets = sandbox.call("ec2", "DescribeSubnets", {}).Subnets.sort((a, b) => a.AvailabilityZone.localeCompare(b.AvailabilityZone));
  const groupId = sandbox.call("ec2", "DescribeSecurityGroups", {}).SecurityGroups[0].GroupId;
  const imageId = sandbox.call("ec2", "DescribeImages", { Owners: ["amazon"] }).Images[0].ImageId;

  const { LaunchTemplate } = sandbox.call("ec2", "CreateLaunchTemplate", createLaunchTemplateParams({
    ...TEMPLATE, imageId, instanceType: "t2.micro", groupIds: [groupId], monitoring: "enable", userData: "#!/bin/bash\n",
  }));
  const [version] = sandbox.call("ec2", "DescribeLaunchTemplateVersions", { LaunchTemplateId: LaunchTemplate.LaunchTemplateId }).LaunchTemplateVersions;
  assert.equal(Buffer.from(version.LaunchTemplateData.UserData, "base64").toString(), "#!/bin/bash\n");
  assert.deepEqual(version.LaunchTemplateData.Monitoring, { Enabled: true });
  assert.throws(() => sandbox.call("ec2", "CreateLaunchTemplate", createLaunchTemplateParams({ ...TEMPLATE, name: "x" })),
    { code: "InvalidLaunchTemplateName.MalformedException" });

  const [tg] = sandbox.call("elbv2", "CreateTargetGroup", createTargetGroupParams({ ...GROUP, vpcId, healthy: "3" })).TargetGroups;
  assert.equal(tg.HealthyThresholdCount, 3);
  assert.equal(tg.UnhealthyThresholdCount, 2, "AWS's default where the form was empty");
  assert.throws(() => sandbox.call("elbv2", "CreateTargetGroup", createTargetGroupParams({ ...GROUP, name: "other", vpcId, port: "99999" })),
    { code: "ValidationError" });

  const form = { ...BALANCER, subnetIds: [subnets[0].SubnetId], groupIds: [groupId], targetGroupArn: tg.TargetGroupArn };
  assert.throws(() => sandbox.call(...createBalancerRequest("application", form)), {
    code: "ValidationError", message: "At least two subnets in two different Availability Zones must be specified",
  });
  const two = { ...form, subnetIds: [subnets[0].SubnetId, subnets[1].SubnetId] };
  const [lb] = sandbox.call(...createBalancerRequest("application", two)).LoadBalancers;
  sandbox.call("elbv2", "CreateListener", createListenerParams(two, lb.LoadBalancerArn));
  assert.throws(() => sandbox.call("elbv2", "DeleteTargetGroup", { TargetGroupArn: tg.TargetGroupArn }), { code: "ResourceInUse" });
  assert.ok(sandbox.call(...createBalancerRequest("classic", two)).DNSName.startsWith("web-"));
});
