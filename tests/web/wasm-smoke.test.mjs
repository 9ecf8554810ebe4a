// Smoke test of the built package (www/pkg, from scripts/build-wasm.sh):
// loads the wasm-bindgen `--target web` output in Node with initSync and
// drives the JS API end to end, checking what crosses the boundary.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Sandbox } from "./wasm.mjs";


const isPlainObject = (value) => Object.getPrototypeOf(value) === Object.prototype;

/** `fn` must throw a JS Error whose `code` is `code` (a string or RegExp). */
function assertAwsError(fn, code) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Error, "an Error object");
    if (code instanceof RegExp) assert.match(error.code, code);
    else assert.equal(error.code, code);
    assert.ok(error.message.length > 0, "a message");
    return true;
  });
}

function al2023(sandbox) {
  const { Images } = sandbox.call("ec2", "DescribeImages", {
    Owners: ["amazon"],
    Filters: [{ Name: "name", Values: ["al2023-ami-2023.*-x86_64"] }],
  });
  // Several releases match, as on AWS: take the newest, as tutorials do.
  assert.ok(Images.length >= 1);
  const newest = Images.reduce((a, b) => (a.CreationDate >= b.CreationDate ? a : b));
  return newest.ImageId;
}

function launch(sandbox) {
  const { Instances } = sandbox.call("ec2", "RunInstances", {
    ImageId: al2023(sandbox),
    InstanceType: "t2.micro",
    MinCount: 1,
    MaxCount: 1,
  });
  return Instances[0].InstanceId;
}

const describe = (sandbox) => sandbox.call("ec2", "DescribeInstances", {});

test("call returns plain JS objects with AWS's shapes", () => {
  const sandbox = new Sandbox();
  const identity = sandbox.call("sts", "GetCallerIdentity");
  assert.ok(isPlainObject(identity));
  assert.equal(identity.Account, "123456789012");
  assert.deepEqual(describe(sandbox), { Reservations: [] });
  const { SecurityGroups } = sandbox.call("ec2", "DescribeSecurityGroups", {});
  assert.ok(Array.isArray(SecurityGroups));
  assert.ok(SecurityGroups.some((group) => group.GroupName === "default"));
});

test("errors are JS Errors carrying AWS's code and message", () => {
  const sandbox = new Sandbox();
  assertAwsError(() => sandbox.call("ec2", "LaunchRockets", {}), "InvalidAction");
  assertAwsError(
    () => sandbox.call("ec2", "TerminateInstances", { InstanceIds: ["i-0123456789abcdef0"] }),
    "InvalidInstanceID.NotFound",
  );
  assertAwsError(() => sandbox.call("ec2", "DescribeInstances", [1, 2]), "InvalidParameterValue");
  assertAwsError(() => new Sandbox({ seed: "one" }), "InvalidParameterValue");
});

test("numbers in params reach the core as integers", () => {
  const sandbox = new Sandbox({ seed: 7 });
  const id = launch(sandbox);
  assert.match(id, /^i-[0-9a-f]{17}$/);
});

test("advance moves simulated time and returns the events raised", () => {
  const sandbox = new Sandbox();
  const start = Date.parse(sandbox.now());
  const id = launch(sandbox);
  const events = sandbox.advance(120);
  assert.equal(Date.parse(sandbox.now()) - start, 120_000);
  assert.ok(events.some((e) => e.type === "ClockAdvanced" && e.seconds === 120));
  assert.ok(events.some((e) => e.type === "InstanceStateChanged" && e.instanceId === id && e.to === "running"));
  const [instance] = describe(sandbox).Reservations[0].Instances;
  assert.equal(instance.State.Name, "running");
  for (const bad of [-1, 1.5, Number.NaN, Infinity]) {
    assertAwsError(() => sandbox.advance(bad), "InvalidParameterValue");
  }
});

test("takeEvents drains the events of calls", () => {
  const sandbox = new Sandbox();
  sandbox.call("ec2", "CreateKeyPair", { KeyName: "my-key" });
  const events = sandbox.takeEvents();
  assert.ok(events.some((e) => e.type === "ResourceCreated"));
  assert.deepEqual(sandbox.takeEvents(), []);
});

test("exec runs a CLI line and reports it in JS spelling", () => {
  const sandbox = new Sandbox();
  const ok = sandbox.exec("aws sts get-caller-identity");
  assert.deepEqual(Object.keys(ok).sort(), ["clear", "events", "exitCode", "stderr", "stdout"]);
  assert.equal(ok.exitCode, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).Account, "123456789012");
  const bad = sandbox.exec("aws ec2 describe-instances --instance-ids i-0123456789abcdef0");
  assert.notEqual(bad.exitCode, 0);
  assert.match(bad.stderr, /InvalidInstanceID/);
  assert.equal(sandbox.exec("clear").clear, true);
});

test("history, undo and reset", () => {
  const sandbox = new Sandbox();
  assert.deepEqual(sandbox.history(), []);
  assert.equal(sandbox.undo(), false);
  launch(sandbox);
  sandbox.advance(60);
  assert.deepEqual(sandbox.history().map((entry) => entry.kind), ["call", "advance"]);
  assert.equal(sandbox.undo(), true);
  assert.equal(sandbox.undo(), true);
  assert.deepEqual(describe(sandbox), { Reservations: [] });
  launch(sandbox);
  sandbox.reset();
  assert.deepEqual(sandbox.history(), []);
  assert.deepEqual(describe(sandbox), { Reservations: [] });
});

test("exportState and importState round-trip exactly", () => {
  const sandbox = new Sandbox({ seed: 42 });
  const id = launch(sandbox);
  sandbox.advance(90);
  const saved = sandbox.exportState();
  const restored = Sandbox.importState(saved);
  assert.equal(restored.exportState(), saved);
  assert.equal(restored.now(), sandbox.now());
  assert.deepEqual(describe(restored), describe(sandbox));
  assert.equal(describe(restored).Reservations[0].Instances[0].InstanceId, id);
  for (const bad of ["", "not json", '{"version":999,"seed":1,"journal":{"entries":[]}}']) {
    assertAwsError(() => Sandbox.importState(bad), "InvalidSavedState");
  }
});

test("lessons: catalog, start and status", () => {
  const sandbox = new Sandbox();
  const lessons = sandbox.lessons();
  assert.ok(lessons.length >= 1);
  for (const lesson of lessons) {
    assert.deepEqual(Object.keys(lesson).sort(), ["id", "stepCount", "summary", "title"]);
  }
  const [first] = lessons;
  assertAwsError(() => sandbox.startLesson("no-such-lesson"), /^\S+$/);
  const status = sandbox.startLesson(first.id);
  assert.equal(status.id, first.id);
  assert.equal(status.steps.length, first.stepCount);
  assert.equal(status.currentStep, 0);
  assert.equal(status.complete, false);
  const [step] = status.steps;
  assert.equal(typeof step.instructions, "string");
  assert.ok(Array.isArray(step.hints));
  assert.ok(step.goals.every((goal) => typeof goal.label === "string" && goal.met === false));
  assert.deepEqual(sandbox.lessonStatus(), status);
  assert.deepEqual(Sandbox.importState(sandbox.exportState()).lessonStatus(), status);
});

test("check evaluates a goal against the world now", () => {
  const sandbox = new Sandbox();
  const goal = {
    label: "A key pair exists",
    reads: { keys: { service: "ec2", action: "DescribeKeyPairs", params: {} } },
    expect: "length(keys.KeyPairs) > `0`",
  };
  assert.equal(sandbox.check(goal), false);
  sandbox.call("ec2", "CreateKeyPair", { KeyName: "my-key" });
  assert.equal(sandbox.check(goal), true);
  assertAwsError(() => sandbox.check({ label: "no expect", reads: {} }), "InvalidParameterValue");
});
