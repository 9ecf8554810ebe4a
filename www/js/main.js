// Starts the page: loads the wasm sandbox, restores the learner's session
// and wires the lesson panel, console views (with the launch wizard, the
// actions of instances, AMIs, volumes, snapshots, launch templates, load
// balancers, target groups, Auto Scaling groups, ECS clusters and alarms,
// and the Traffic page's load control), terminal, clock, cost meter and
// the Undo/Reset buttons to it.

import init, { Sandbox } from "../pkg/aws_sandbox.js";
import { Clock } from "./clock.js";
import { AutoScalingActions } from "./autoscaling-view.js";
import { AlarmActions } from "./cloudwatch-views.js";
import { ConsoleViews } from "./console-views.js";
import { LoadBalancerActions, TargetGroupActions } from "./elb-actions.js";
import { CostMeter } from "./cost-meter.js";
import { h } from "./dom.js";
import { SnapshotActions, VolumeActions } from "./ebs-actions.js";
import { EcsActions } from "./ecs-actions.js";
import { ImageActions } from "./image-actions.js";
import { InstanceActions } from "./instance-actions.js";
import { LaunchTemplateActions } from "./launch-templates.js";
import { LaunchWizard } from "./launch-wizard.js";
import { LessonPanel } from "./lesson-panel.js";
import { Session } from "./session.js";
import { Terminal } from "./terminal.js";
import { TrafficPage } from "./traffic-view.js";

const $ = (selector) => document.querySelector(selector);

async function main() {
  await init();
  const { session, restoreError } = Session.open(Sandbox);

  const terminal = new Terminal($("#terminal"), {
    run: (line) => session.exec(line),
    prompt: () => session.prompt(),
    history: session.commands(),
  });
  const lesson = new LessonPanel($("#lesson"), {
    onPaste: (text) => terminal.insert(text),
    onStart: (id) => session.startLesson(id),
  });
  const read = (service, action, params) => session.read(service, action, params);
  const wizard = new LaunchWizard({
    session,
    pricePerHour: (type) => Sandbox.pricePerHour(type),
    learnerIp: Sandbox.learnerPublicIp(),
    onPaste: (text) => terminal.insert(text),
  });
  const changes = {
    call: (service, action, params) => session.call(service, action, params),
    read,
    report: (text, isError) => views.report(text, isError),
  };
  const actions = {
    instances: new InstanceActions(changes),
    amis: new ImageActions({ ...changes, launch: (imageId) => views.launchFrom(imageId) }),
    volumes: new VolumeActions(changes),
    snapshots: new SnapshotActions(changes),
    "launch-templates": new LaunchTemplateActions(changes),
    "load-balancers": new LoadBalancerActions(changes),
    "target-groups": new TargetGroupActions(changes),
    "auto-scaling-groups": new AutoScalingActions(changes),
    "ecs-clusters": new EcsActions(changes),
    alarms: new AlarmActions(changes),
    billing: { setFreeTier: (on) => session.setFreeTier(on) },
    traffic: new TrafficPage({
      now: () => session.now(),
      loads: () => session.loads(),
      run: (line) => terminal.execute(line),
      refresh: () => views.refresh(),
    }),
  };
  const views = new ConsoleViews($("#console-nav"), $("#console-view"), {
    read, storage: () => session.snapshotStorage(), costs: () => session.costs(), wizard, actions,
  });
  const clock = new Clock($("#clock"), { advance: (seconds) => session.advance(seconds) });
  const meter = new CostMeter($("#cost-meter"));
  const undo = $("#undo");

  const render = () => {
    clock.show(session.now());
    meter.show(session.costs());
    lesson.show(session.lessonStatus(), session.lessons());
    views.refresh();
    undo.disabled = !session.canUndo();
  };
  session.subscribe(({ reason, events }) => {
    render();
    for (const event of events) {
      if (event.type === "StepCompleted") lesson.announce(`Step complete: ${event.title}`);
      if (event.type === "LessonCompleted") lesson.announce("Lesson complete.");
    }
    if (reason === "reset") {
      terminal.clear();
      terminal.notice("The sandbox was reset: a fresh account, and the lesson from the start.");
    }
  });
  undo.addEventListener("click", () => {
    if (session.undo()) terminal.notice("Undid the last change.");
  });
  $("#reset").addEventListener("click", () => {
    if (confirm("Reset the sandbox? Every resource and all lesson progress will be lost.")) session.reset();
  });

  render();
  terminal.notice(welcome(session));
  if (restoreError) {
    terminal.notice(`Your saved progress could not be restored (${restoreError.message}); starting afresh.`, "error");
  }
  document.body.dataset.ready = "true";
}

function welcome(session) {
  const { Account } = session.read("sts", "GetCallerIdentity");
  return `This terminal runs the AWS CLI against a simulated account (${Account}, us-east-1). ` +
    "Nothing leaves this browser tab. Paste commands from the lesson with their Paste buttons.";
}

main().catch((error) => {
  console.error(error);
  $("#console-view").replaceChildren(
    h("p", { class: "view-error", role: "alert" }, `The sandbox failed to start: ${error.message}`));
});
