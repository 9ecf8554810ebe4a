// The Load Balancers and Target Groups views' actions, as the console
// offers them: Create load balancer (Application, Network or Classic,
// with a first listener), Delete load balancer (typing "confirm"), Create
// target group, Register targets, Deregister targets and Delete. Each
// sends the request the terminal would; a refusal shows AWS's error in
// the dialog.

import { cliLine } from "./cli-equivalent.js";
import { checkList, choice, commandBlock, field, input, openDialog, redrawer } from "./dialog.js";
import { h } from "./dom.js";
import {
  BALANCER_TYPES, TARGET_GROUP_PROTOCOLS, createBalancerCli, createBalancerRequest, createListenerParams, createTargetGroupParams,
  deregisterTargetsParams, forwardableGroups, healthCheckProtocols, registerTargetsParams, targetGroupName,
} from "./elb.js";
import { readAll } from "./reads.js";

const tagName = (item) => item?.Tags?.find((t) => t.Key === "Name")?.Value;
const named = (id, item) => (tagName(item) ? `${id} (${tagName(item)})` : id);

/** A toolbar button for `item` (none selected: disabled). */
function button(item, key, label, onclick, kind = "secondary-button") {
  return h("button", { type: "button", class: kind, "data-action": key, disabled: !item, onclick: () => onclick(item) }, label);
}

/** What both views' actions are given: `call` changes, `read` reads, `report(text, isError)` tells. */
class ElbActions {
  call;
  read;
  report;

  constructor({ call, read, report }) {
    this.call = call;
    this.read = read;
    this.report = report;
  }

  /** The VPCs, the default first, and their subnets and security groups. */
  network() {
    const vpcs = (this.read("ec2", "DescribeVpcs").Vpcs ?? []).sort((a, b) => Number(Boolean(b.IsDefault)) - Number(Boolean(a.IsDefault)));
    return {
      vpcs,
      subnets: (this.read("ec2", "DescribeSubnets").Subnets ?? []).sort((a, b) => a.AvailabilityZone.localeCompare(b.AvailabilityZone)),
      groups: this.read("ec2", "DescribeSecurityGroups").SecurityGroups ?? [],
    };
  }

  /** A VPC <select> over `vpcs` for `form.vpcId`; `redraw` after a change. */
  vpcField(id, vpcs, form, redraw) {
    return field(id, "VPC", choice(vpcs.map((v) => [v.VpcId, `${named(v.VpcId, v)}${v.IsDefault ? " (default)" : ""} – ${v.CidrBlock}`]), form.vpcId, (value) => {
      form.vpcId = value;
      redraw();
    }));
  }
}

/** The Target Groups view's toolbar and dialogs. */
export class TargetGroupActions extends ElbActions {
  /** "Create target group", the view's primary button. */
  primary() {
    return h("button", { type: "button", class: "primary-button", "data-action": "createTargetGroup", onclick: () => this.#create() }, "Create target group");
  }

  /** The toolbar for `group` (none selected: every action disabled). */
  toolbar(group) {
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Target group actions" },
      button(group, "registerTargets", "Register targets", (g) => this.#register(g)),
      button(group, "deregisterTargets", "Deregister targets", (g) => this.#deregister(g)),
      button(group, "deleteTargetGroup", "Delete", (g) => this.#delete(g), "secondary-button danger"));
  }

  #create() {
    const { vpcs } = this.network();
    const form = {
      targetType: "instance", name: "", protocol: "HTTP", port: "80", vpcId: vpcs[0]?.VpcId ?? "",
      healthProtocol: "HTTP", healthPath: "/", healthy: "", unhealthy: "", timeout: "", interval: "", matcher: "",
    };
    const command = commandBlock();
    const showCommand = () => command.show([cliLine("elbv2", "CreateTargetGroup", createTargetGroupParams(form))]);
    const set = (key) => (value) => {
      form[key] = value;
      showCommand();
    };
    const body = h("div", {});
    const redraw = redrawer(body, () => {
      showCommand();
      const http = form.healthProtocol === "HTTP" || form.healthProtocol === "HTTPS";
      const advanced = (key, label, hint) => field(`target-group-${key}`, label, input(form[key], set(key), { inputmode: "numeric", placeholder: "AWS default" }), hint);
      return [
        h("fieldset", { class: "check-list" },
          h("legend", {}, "Choose a target type"),
          [["instance", "Instances"], ["ip", "IP addresses"]].map(([value, label]) => h("div", { class: "check-row" },
            h("input", {
              type: "radio", name: "target-group-type", id: `target-group-type-${value}`, value, checked: form.targetType === value,
              onchange: () => set("targetType")(value),
            }),
            h("label", { for: `target-group-type-${value}` }, label)))),
        field("target-group-name", "Target group name", input(form.name, set("name"), { maxlength: "32", autocomplete: "off" }),
          "Up to 32 letters, numbers and hyphens; it can't begin or end with a hyphen."),
        h("div", { class: "field-row" },
          field("target-group-protocol", "Protocol", choice(TARGET_GROUP_PROTOCOLS.map(([p]) => [p, p]), form.protocol, (value) => {
            // As the console does: the protocol brings its port and a health check protocol it allows.
            form.protocol = value;
            form.port = String(TARGET_GROUP_PROTOCOLS.find(([p]) => p === value)[1]);
            if (!healthCheckProtocols(value).includes(form.healthProtocol)) form.healthProtocol = healthCheckProtocols(value)[0];
            redraw();
          })),
          field("target-group-port", "Port", input(form.port, set("port"), { inputmode: "numeric" }))),
        this.vpcField("target-group-vpc", vpcs, form, redraw),
        h("h3", {}, "Health checks"),
        field("target-group-health-protocol", "Health check protocol", choice(healthCheckProtocols(form.protocol).map((p) => [p, p]), form.healthProtocol, (value) => {
          form.healthProtocol = value;
          redraw();
        })),
        http && field("target-group-health-path", "Health check path", input(form.healthPath, set("healthPath")),
          "The path of the page the load balancer requests from each target."),
        h("details", {},
          h("summary", {}, "Advanced health check settings"),
          advanced("healthy", "Healthy threshold", "Consecutive passing checks before an unhealthy target is healthy (2–10)."),
          advanced("unhealthy", "Unhealthy threshold", "Consecutive failed checks before a target is unhealthy (2–10)."),
          advanced("timeout", "Timeout", "Seconds without a response that fail a check."),
          advanced("interval", "Interval", "Seconds between checks of each target."),
          http && field("target-group-matcher", "Success codes", input(form.matcher, set("matcher"), { placeholder: "200" }))),
        command.element,
      ];
    });
    redraw();
    openDialog("Create target group", body, [["Create target group", (close) => {
      const { TargetGroups: [group] } = this.call("elbv2", "CreateTargetGroup", createTargetGroupParams(form));
      close();
      this.report(`Successfully created target group: ${group.TargetGroupName}`, false);
    }, "primary"]]);
  }

  #register(group) {
    const instances = readAll(this.read, "ec2", "DescribeInstances", {}, "Reservations").flatMap((r) => r.Instances ?? [])
      .filter((i) => i.State?.Name === "running" && i.VpcId === group.VpcId);
    const form = { ids: [], ips: "", port: String(group.Port ?? "") };
    const ids = () => (group.TargetType === "ip" ? form.ips.split(/[\s,]+/).filter(Boolean) : form.ids);
    const command = commandBlock();
    const showCommand = () => command.show([cliLine("elbv2", "RegisterTargets", registerTargetsParams(group, ids(), form.port))]);
    const set = (key) => (value) => {
      form[key] = value;
      showCommand();
    };
    showCommand();
    openDialog(`Register targets: ${group.TargetGroupName}`, [
      group.TargetType === "ip"
        ? field("register-ips", "IPv4 addresses", input("", set("ips")), `Private addresses in ${group.VpcId}, separated by spaces or commas.`)
        : checkList("register-instance", "Available instances", instances.map((i) => [i.InstanceId, `${named(i.InstanceId, i)} – ${i.Placement?.AvailabilityZone}`]), [], set("ids")),
      group.TargetType === "ip" || instances.length ? null : h("p", { class: "field-hint" }, `No running instances in ${group.VpcId}.`),
      field("register-port", "Ports for the selected instances", input(form.port, set("port"), { inputmode: "numeric" })),
      command.element,
    ], [["Register pending targets", (close) => {
      this.call("elbv2", "RegisterTargets", registerTargetsParams(group, ids(), form.port));
      close();
      this.report(`Successfully registered ${ids().length === 1 ? "1 target" : `${ids().length} targets`} with target group ${group.TargetGroupName}.`, false);
    }, "primary"]]);
  }

  #deregister(group) {
    const targets = readAll(this.read, "elbv2", "DescribeTargetHealth", { TargetGroupArn: group.TargetGroupArn }, "TargetHealthDescriptions")
      .map((d) => d.Target);
    const key = (t) => `${t.Id}:${t.Port}`;
    let chosen = [];
    const command = commandBlock();
    const picked = () => targets.filter((t) => chosen.includes(key(t)));
    const showCommand = () => command.show([cliLine("elbv2", "DeregisterTargets", deregisterTargetsParams(group, picked()))]);
    showCommand();
    openDialog(`Deregister targets: ${group.TargetGroupName}`, [
      checkList("deregister-target", "Registered targets", targets.map((t) => [key(t), `${t.Id} – port ${t.Port}`]), [], (values) => {
        chosen = values;
        showCommand();
      }),
      h("p", { class: "field-hint" }, "A deregistered target drains first: requests in flight finish during the deregistration delay."),
      command.element,
    ], [["Deregister", (close) => {
      this.call("elbv2", "DeregisterTargets", deregisterTargetsParams(group, picked()));
      close();
      this.report(`Deregistering ${picked().length === 1 ? "1 target" : `${picked().length} targets`} from target group ${group.TargetGroupName}.`, false);
    }, "danger"]]);
  }

  #delete(group) {
    const params = { TargetGroupArn: group.TargetGroupArn };
    openDialog("Delete target group", [
      h("p", {}, "Are you sure you want to delete the target group ", h("code", {}, group.TargetGroupName), "?"),
      h("pre", { class: "cli-equivalent" }, cliLine("elbv2", "DeleteTargetGroup", params)),
    ], [["Yes, delete", (close) => {
      this.call("elbv2", "DeleteTargetGroup", params);
      close();
      this.report(`Successfully deleted target group: ${group.TargetGroupName}`, false);
    }, "danger"]]);
  }
}

/** The Load Balancers view's toolbar and dialogs. */
export class LoadBalancerActions extends ElbActions {
  /** "Create load balancer", the view's primary button. */
  primary() {
    return h("button", { type: "button", class: "primary-button", "data-action": "createLoadBalancer", onclick: () => this.#chooseType() }, "Create load balancer");
  }

  /** The toolbar for `row` (a balancerRows row; none selected: disabled). */
  toolbar(row) {
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Load balancer actions" },
      button(row, "deleteLoadBalancer", "Delete load balancer", (r) => this.#delete(r), "secondary-button danger"));
  }

  /** The console's "Compare and select load balancer type": a Create button per type. */
  #chooseType() {
    const dialog = openDialog("Compare and select load balancer type", BALANCER_TYPES.map((type) => h("div", { class: "balancer-type" },
      h("h3", {}, type.label),
      h("p", { class: "field-hint" }, {
        application: "For HTTP and HTTPS traffic: routes each request by its path or host to target groups.",
        network: "For TCP and UDP traffic: keeps each client's flow on one target, at very low latency.",
        classic: "The previous generation: a fixed mapping of load balancer ports to instance ports.",
      }[type.id]),
      h("button", {
        type: "button", class: "primary-button", "data-type": type.id, onclick: () => {
          dialog.close();
          this.#create(type);
        },
      }, "Create"))), []);
  }

  #create(type) {
    const { vpcs, subnets, groups } = this.network();
    const targetGroups = readAll(this.read, "elbv2", "DescribeTargetGroups", {}, "TargetGroups");
    const classic = type.id === "classic";
    const defaultGroups = (vpcId) => groups.filter((g) => g.VpcId === vpcId && g.GroupName === "default").map((g) => g.GroupId);
    const form = {
      name: "", scheme: "internet-facing", vpcId: vpcs[0]?.VpcId ?? "", subnetIds: [], groupIds: defaultGroups(vpcs[0]?.VpcId),
      protocol: type.listeners[0], port: "80", instanceProtocol: type.listeners[0], instancePort: "80", targetGroupArn: "",
    };
    // Once the load balancer exists, Create again only retries its listener.
    let created = null;
    const forwardable = () => forwardableGroups(type.id, form.protocol, form.vpcId, targetGroups);
    const command = commandBlock();
    const showCommand = () => command.show(createBalancerCli(type.id, form));
    const set = (key) => (value) => {
      form[key] = value;
      showCommand();
    };
    const body = h("div", {});
    const redraw = redrawer(body, () => {
      if (!forwardable().some((g) => g.TargetGroupArn === form.targetGroupArn)) form.targetGroupArn = forwardable()[0]?.TargetGroupArn ?? "";
      showCommand();
      const vpcSubnets = subnets.filter((s) => s.VpcId === form.vpcId);
      return [
        created && h("p", { class: "warning" }, `Load balancer ${form.name} was created; its listener was not. Fix the listener and choose Create again.`),
        field("balancer-name", "Load balancer name", input(form.name, set("name"), { maxlength: "32", autocomplete: "off", disabled: Boolean(created) }),
          "Up to 32 letters, numbers and hyphens; it can't begin or end with a hyphen."),
        field("balancer-scheme", "Scheme", choice([["internet-facing", "Internet-facing"], ["internal", "Internal"]], form.scheme, set("scheme"))),
        h("h3", {}, "Network mapping"),
        this.vpcField("balancer-vpc", vpcs, form, () => {
          form.subnetIds = [];
          form.groupIds = defaultGroups(form.vpcId);
          redraw();
        }),
        checkList("balancer-subnet", type.id === "application" ? "Mappings: at least two Availability Zones, one subnet each" : "Mappings",
          vpcSubnets.map((s) => [s.SubnetId, `${s.AvailabilityZone} (${s.SubnetId})`]), form.subnetIds, set("subnetIds")),
        checkList("balancer-group", "Security groups", groups.filter((g) => g.VpcId === form.vpcId).map((g) => [g.GroupId, `${g.GroupName} (${g.GroupId})`]),
          form.groupIds, set("groupIds")),
        h("h3", {}, "Listeners and routing"),
        h("div", { class: "field-row" },
          field("balancer-protocol", classic ? "Listener protocol" : "Protocol", choice(type.listeners.map((p) => [p, p]), form.protocol, (value) => {
            form.protocol = value;
            form.instanceProtocol = value;
            redraw();
          })),
          field("balancer-port", classic ? "Listener port" : "Port", input(form.port, set("port"), { inputmode: "numeric" })),
          classic && field("balancer-instance-protocol", "Instance protocol", choice(type.listeners.map((p) => [p, p]), form.instanceProtocol, set("instanceProtocol"))),
          classic && field("balancer-instance-port", "Instance port", input(form.instancePort, set("instancePort"), { inputmode: "numeric" }))),
        !classic && field("balancer-target-group", "Default action: Forward to",
          choice(forwardable().map((g) => [g.TargetGroupArn, `${targetGroupName(g.TargetGroupArn)} (${g.Protocol}:${g.Port})`]), form.targetGroupArn, set("targetGroupArn")),
          forwardable().length ? null : `No ${(type.forwards[form.protocol] ?? []).join(" or ")} target group in this VPC: create one in Target Groups first.`),
        command.element,
      ];
    });
    redraw();
    openDialog(`Create ${type.label}`, body, [["Create load balancer", (close) => {
      if (classic) {
        this.call(...createBalancerRequest(type.id, form));
      } else {
        // The console asks for the listener's target group before it creates anything.
        if (!form.targetGroupArn) throw new Error("Choose a target group for the listener's default action.");
        if (!created) {
          created = this.call(...createBalancerRequest(type.id, form)).LoadBalancers[0].LoadBalancerArn;
          // Fixes the name and says what exists, should the listener be refused.
          redraw();
        }
        this.call("elbv2", "CreateListener", createListenerParams(form, created));
      }
      close();
      this.report(`Successfully created load balancer: ${form.name}`, false);
    }, "primary"]]);
  }

  #delete(row) {
    const [service, params] = row.classic ? ["elb", { LoadBalancerName: row.name }] : ["elbv2", { LoadBalancerArn: row.key }];
    openDialog("Delete load balancer?", [
      h("p", {}, "Are you sure you want to delete the load balancer ", h("code", {}, row.name),
        "? Its listeners are deleted with it; its targets keep running and stay registered with their target groups."),
      h("pre", { class: "cli-equivalent" }, cliLine(service, "DeleteLoadBalancer", params)),
    ], [["Delete", (close) => {
      this.call(service, "DeleteLoadBalancer", params);
      close();
      this.report(`Successfully deleted load balancer: ${row.name}`, false);
    }, "danger"]], { confirmWord: "confirm" });
  }
}
