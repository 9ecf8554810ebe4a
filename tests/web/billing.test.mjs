// The cost meter's and the Billing view's pure parts (www/js/billing.js):
// how money and rates are written, the month's name, the tables' order and
// which view lists a billed resource; then the same helpers over what a
// sandbox (the built wasm package) bills for an hour of a t2.micro.
import assert from "node:assert/strict";
import { test } from "node:test";
import { byRate, formatMoney, formatRate, monthName, resourceView, resourceWhat } from "../../www/js/billing.js";
import { Sandbox } from "./wasm.mjs";


test("money has four decimals under a dollar and two from a dollar up", () => {
  assert.equal(formatMoney(0.0116), "$0.0116");
  assert.equal(formatMoney(0.00089), "$0.0009");
  assert.equal(formatMoney(0.5), "$0.5000");
  assert.equal(formatMoney(1.24), "$1.24");
  assert.equal(formatMoney(1.235), "$1.24");
  assert.equal(formatMoney(1234.5), "$1,234.50");
  // The rule is decided on the rounded amount: never "$1.0000".
  assert.equal(formatMoney(0.99994), "$0.9999");
  assert.equal(formatMoney(0.99996), "$1.00");
});

test("nothing is $0.00, and a sliver is not shown as nothing", () => {
  assert.equal(formatMoney(0), "$0.00");
  assert.equal(formatMoney(Number.NaN), "$0.00");
  // A second of a t2.micro: $0.0116 / 3,600.
  assert.equal(formatMoney(0.0116 / 3600), "<$0.0001");
  assert.equal(formatMoney(0.00005), "$0.0001");
});

test("a single t2.micro's cost visibly moves minute by minute", () => {
  const perMinute = 0.0116 / 60;
  const shown = [1, 2, 3].map((minutes) => formatMoney(minutes * perMinute));
  assert.deepEqual(shown, ["$0.0002", "$0.0004", "$0.0006"]);
});

test("rates are per hour", () => {
  assert.equal(formatRate(0.0166), "$0.0166/h");
  assert.equal(formatRate(0), "$0.00/h");
  assert.equal(formatRate(2.5), "$2.50/h");
});

test("the month is named", () => {
  assert.equal(monthName("2025-06"), "June 2025");
  assert.equal(monthName("2026-01"), "January 2026");
  assert.equal(monthName("soon"), "soon");
});

test("rows go by rate, then total, then name", () => {
  const rows = [
    { id: "vol-b", total: 0.001, ratePerHour: 0.0009 },
    { id: "i-a", total: 0.0166, ratePerHour: 0 },
    { id: "vol-a", total: 0.001, ratePerHour: 0.0009 },
    { id: "i-b", total: 0.0166, ratePerHour: 0.0166 },
    { id: "snap-a", total: 0.02, ratePerHour: 0 },
  ];
  assert.deepEqual(byRate(rows).map((r) => r.id), ["i-b", "vol-a", "vol-b", "snap-a", "i-a"]);
  assert.equal(rows[0].id, "vol-b", "the rows given stay as they were");
  const services = [{ service: "EC2 - Other", total: 1, ratePerHour: 0.1 }, { service: "Amazon Virtual Private Cloud", total: 1, ratePerHour: 0.1 }];
  assert.deepEqual(byRate(services).map((s) => s.service), ["Amazon Virtual Private Cloud", "EC2 - Other"]);
});

test("instances, volumes and snapshots of us-east-1 open their views", () => {
  const view = (id, region = "us-east-1") => resourceView({ id, region });
  assert.equal(view("i-0123456789abcdef0"), "instances");
  assert.equal(view("vol-0123456789abcdef0"), "volumes");
  assert.equal(view("snap-0123456789abcdef0"), "snapshots");
  assert.equal(view("eipalloc-0123456789abcdef0"), null);
  assert.equal(view("vol-0123456789abcdef0", "eu-west-1"), null);
});

test("a volume that still exists says its size", () => {
  const volumes = [{ VolumeId: "vol-1", Size: 8 }];
  assert.equal(resourceWhat({ id: "vol-1", region: "us-east-1", what: "gp3 volume storage" }, volumes), "gp3 volume storage, 8 GiB");
  assert.equal(resourceWhat({ id: "vol-2", region: "us-east-1", what: "gp3 volume storage" }, volumes), "gp3 volume storage");
  assert.equal(resourceWhat({ id: "i-1", region: "us-east-1", what: "t2.micro instance" }, volumes), "t2.micro instance");
});

test("an hour of a t2.micro, as the meter and the Billing view write it", () => {
  const sandbox = new Sandbox({ seed: 7 });
  const launched = sandbox.exec("aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 " +
    "--instance-type t2.micro --query Instances[0].InstanceId --output text");
  assert.equal(launched.exitCode, 0, launched.stderr);
  const instance = launched.stdout.trim();
  sandbox.advance(3600);
  const costs = sandbox.costs();
  assert.equal(costs.freeTier, false);
  assert.equal(monthName(costs.month), "June 2025");
  // The instance (with its public IPv4 address) costs most, then its root volume.
  const [first, second] = byRate(costs.resources);
  assert.equal(first.id, instance);
  assert.equal(first.what, "t2.micro instance, public IPv4 address");
  assert.equal(formatRate(first.ratePerHour), "$0.0166/h");
  assert.equal(resourceView(second), "volumes");
  const volumes = sandbox.call("ec2", "DescribeVolumes", {}).Volumes;
  assert.equal(resourceWhat(second, volumes), "gp3 volume storage, 8 GiB");
  // 8 GiB of gp3 at $0.08 per GB-month, in June's 720 hours.
  assert.equal(formatRate(second.ratePerHour), "$0.0009/h");
  assert.equal(formatRate(costs.ratePerHour), formatRate(0.0166 + 0.64 / 720));
  // An hour of it all, less the instance's 15 s boot, which is not billed.
  const expected = (0.0116 * 3585) / 3600 + 0.005 + 0.64 / 720;
  assert.ok(Math.abs(costs.total - expected) < 1e-9, `total ${costs.total}, expected ${expected}`);
  assert.equal(formatMoney(costs.total), "$0.0174");
});
