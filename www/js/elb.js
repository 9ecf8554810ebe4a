// How the Elastic Load Balancing console writes load balancers, listener
// actions, rule conditions and target health, and the requests its create
// forms send (target groups, targets, load balancers and their first
// listener); pure, for the Load Balancers and Target Groups views.

import { cliLine } from "./cli-equivalent.js";
import { typedNumber, withoutUndefined } from "./params.js";

/** `arn:...:targetgroup/web/6d0ecf831eec9f09` → `web`. */
export function targetGroupName(arn) {
  return arn?.split(":targetgroup/")[1]?.split("/")[0] ?? arn;
}

/**
 * One row per load balancer of both APIs, as the console's single list
 * shows them: `{ key, name, type, state, dns, scheme, vpc, zones,
 * created, balancer, classic }`; `key` is the ARN, or `classic/NAME` for
 * a Classic Load Balancer (which has no ARN in its API).
 */
export function balancerRows(balancers = [], classic = []) {
  return [
    ...balancers.map((b) => ({
      key: b.LoadBalancerArn,
      name: b.LoadBalancerName,
      type: b.Type,
      state: b.State?.Code ?? null,
      dns: b.DNSName,
      scheme: b.Scheme,
      vpc: b.VpcId,
      zones: (b.AvailabilityZones ?? []).map((z) => z.ZoneName),
      created: b.CreatedTime,
      balancer: b,
      classic: null,
    })),
    ...classic.map((b) => ({
      key: `classic/${b.LoadBalancerName}`,
      name: b.LoadBalancerName,
      type: "classic",
      state: null,
      dns: b.DNSName,
      scheme: b.Scheme,
      vpc: b.VPCId,
      zones: b.AvailabilityZones ?? [],
      created: b.CreatedTime,
      balancer: null,
      classic: b,
    })),
  ].sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
}

/** `HTTP_301` → "HTTP 301". */
const statusCode = (code) => String(code ?? "").replace("_", " ");

/**
 * A listener's or rule's action as the console writes it: "Forward to
 * target group web", "Forward to web (80%), canary (20%)", "Redirect to
 * HTTPS://#{host}:443/#{path}?#{query} (HTTP 301)", "Return fixed
 * response 404 (text/plain)".
 */
export function actionText(action) {
  switch (action.Type) {
    case "forward": {
      const groups = action.ForwardConfig?.TargetGroups ?? [];
      if (groups.length <= 1) return `Forward to target group ${targetGroupName(groups[0]?.TargetGroupArn ?? action.TargetGroupArn)}`;
      const total = groups.reduce((sum, g) => sum + (g.Weight ?? 1), 0) || 1;
      return `Forward to ${groups.map((g) => `${targetGroupName(g.TargetGroupArn)} (${Math.round(((g.Weight ?? 1) / total) * 100)}%)`).join(", ")}`;
    }
    case "redirect": {
      const r = action.RedirectConfig ?? {};
      const url = `${r.Protocol ?? "#{protocol}"}://${r.Host ?? "#{host}"}:${r.Port ?? "#{port}"}${r.Path ?? "/#{path}"}?${r.Query ?? "#{query}"}`;
      return `Redirect to ${url} (${statusCode(r.StatusCode)})`;
    }
    case "fixed-response": {
      const f = action.FixedResponseConfig ?? {};
      return `Return fixed response ${f.StatusCode}${f.ContentType ? ` (${f.ContentType})` : ""}${f.MessageBody ? `: ${f.MessageBody}` : ""}`;
    }
    default:
      return action.Type;
  }
}

/** Rule condition fields as the console names them. */
const FIELDS = {
  "path-pattern": ["Path", "PathPatternConfig"],
  "host-header": ["Host header", "HostHeaderConfig"],
  "http-request-method": ["HTTP request method", "HttpRequestMethodConfig"],
  "source-ip": ["Source IP", "SourceIpConfig"],
};

/**
 * A rule's conditions: "Path is /api/* or /v2/*", joined by "AND"; the
 * default rule's "If no other rule applies".
 */
export function conditionsText(rule) {
  if (rule.IsDefault) return "If no other rule applies";
  return (rule.Conditions ?? []).map((condition) => {
    if (condition.Field === "http-header") {
      const config = condition.HttpHeaderConfig ?? {};
      return `HTTP header ${config.HttpHeaderName} is ${(config.Values ?? []).join(" or ")}`;
    }
    if (condition.Field === "query-string") {
      const pairs = (condition.QueryStringConfig?.Values ?? []).map((p) => (p.Key ? `${p.Key}=${p.Value}` : p.Value));
      return `Query string is ${pairs.join(" or ")}`;
    }
    const [label, config] = FIELDS[condition.Field] ?? [condition.Field, null];
    const values = condition[config]?.Values ?? condition.Values ?? [];
    return `${label} is ${values.join(" or ")}`;
  }).join(" AND ");
}

/** Rules in the order the load balancer evaluates them: by priority, the default last. */
export function rulesInOrder(rules) {
  const rank = (rule) => (rule.IsDefault ? Infinity : Number(rule.Priority));
  return [...rules].sort((a, b) => rank(a) - rank(b));
}

/** Target health states in the order the summary names them. */
const HEALTH_ORDER = ["healthy", "unhealthy", "initial", "draining", "unused", "unavailable", "unhealthy.draining"];

/** "2 healthy, 1 unhealthy" (states in a fixed order), or "No targets". */
export function healthSummary(descriptions) {
  const counts = new Map();
  for (const d of descriptions) {
    const state = d.TargetHealth?.State ?? "unknown";
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  if (counts.size === 0) return "No targets";
  const states = [...counts.keys()].sort((a, b) => {
    const rank = (s) => (HEALTH_ORDER.includes(s) ? HEALTH_ORDER.indexOf(s) : HEALTH_ORDER.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  return states.map((state) => `${counts.get(state)} ${state}`).join(", ");
}

/** Target group protocols as the console offers them, with the port it fills in for each. */
export const TARGET_GROUP_PROTOCOLS = [["HTTP", 80], ["HTTPS", 443], ["TCP", 80], ["TLS", 443], ["UDP", 80], ["TCP_UDP", 80]];

/** Whether `protocol` is an Application Load Balancer's (layer 7) rather than a Network Load Balancer's. */
const isHttp = (protocol) => protocol === "HTTP" || protocol === "HTTPS";

/**
 * The health check protocols a target group of `protocol` may use: an
 * Application Load Balancer's groups check with HTTP or HTTPS, a Network
 * Load Balancer's with TCP, HTTP or HTTPS (the console's choices; TCP
 * first, its default there).
 */
export function healthCheckProtocols(protocol) {
  return isHttp(protocol) ? ["HTTP", "HTTPS"] : ["TCP", "HTTP", "HTTPS"];
}

/**
 * The CreateTargetGroup request of the Create target group form:
 * `{ targetType, name, protocol, port, vpcId, healthProtocol, healthPath,
 * healthy, unhealthy, timeout, interval, matcher }`, text as typed. The
 * path and success codes go only with an HTTP or HTTPS health check; an
 * advanced setting left empty goes without, so AWS's per-protocol
 * default applies.
 */
export function createTargetGroupParams(form) {
  const http = isHttp(form.healthProtocol);
  return withoutUndefined({
    Name: form.name,
    Protocol: form.protocol,
    Port: typedNumber(form.port),
    VpcId: form.vpcId || undefined,
    TargetType: form.targetType,
    HealthCheckProtocol: form.healthProtocol,
    HealthCheckPath: http ? form.healthPath || undefined : undefined,
    HealthyThresholdCount: typedNumber(form.healthy),
    UnhealthyThresholdCount: typedNumber(form.unhealthy),
    HealthCheckTimeoutSeconds: typedNumber(form.timeout),
    HealthCheckIntervalSeconds: typedNumber(form.interval),
    Matcher: http && form.matcher ? { HttpCode: form.matcher } : undefined,
  });
}

/** RegisterTargets for the target ids `ids` of `group` on `port` (as typed). */
export function registerTargetsParams(group, ids, port) {
  return { TargetGroupArn: group.TargetGroupArn, Targets: ids.map((Id) => withoutUndefined({ Id, Port: typedNumber(port) })) };
}

/** DeregisterTargets for `targets` (DescribeTargetHealth's `Target`s) of `group`. */
export function deregisterTargetsParams(group, targets) {
  return { TargetGroupArn: group.TargetGroupArn, Targets: targets.map(({ Id, Port }) => withoutUndefined({ Id, Port })) };
}

/**
 * The load balancer types of the console's "Compare and select load
 * balancer type", with the listener protocols its form offers here (those
 * that need no certificate) and, for elbv2, the target group protocols
 * each listener protocol can forward to.
 */
export const BALANCER_TYPES = [
  { id: "application", label: "Application Load Balancer", listeners: ["HTTP"], forwards: { HTTP: ["HTTP", "HTTPS"] } },
  { id: "network", label: "Network Load Balancer", listeners: ["TCP", "UDP", "TCP_UDP"], forwards: { TCP: ["TCP", "TCP_UDP"], UDP: ["UDP", "TCP_UDP"], TCP_UDP: ["TCP_UDP"] } },
  { id: "classic", label: "Classic Load Balancer", listeners: ["HTTP", "TCP"], forwards: {} },
];

/** The target groups (DescribeTargetGroups) a `type` load balancer's `protocol` listener in `vpcId` can forward to. */
export function forwardableGroups(type, protocol, vpcId, groups) {
  const protocols = BALANCER_TYPES.find((t) => t.id === type)?.forwards[protocol] ?? [];
  return groups.filter((g) => protocols.includes(g.Protocol) && g.VpcId === vpcId);
}

/** Stands for the ARN of the load balancer the form creates, until it exists. */
const NEW_BALANCER_ARN = "arn:(created-by-this-form)";

/**
 * The Create load balancer form's first request, `[service, action,
 * params]`, for `type` and `form` (`{ name, scheme, subnetIds, groupIds,
 * protocol, port, instanceProtocol, instancePort }`, text as typed): an
 * Application or Network Load Balancer's elbv2 CreateLoadBalancer (its
 * listener follows, see `createListenerParams`), or a Classic Load
 * Balancer's elb CreateLoadBalancer with its listener.
 */
export function createBalancerRequest(type, form) {
  const groups = form.groupIds.length ? form.groupIds : undefined;
  if (type === "classic") {
    return ["elb", "CreateLoadBalancer", withoutUndefined({
      LoadBalancerName: form.name,
      Listeners: [{
        Protocol: form.protocol, LoadBalancerPort: typedNumber(form.port),
        InstanceProtocol: form.instanceProtocol, InstancePort: typedNumber(form.instancePort),
      }],
      Subnets: form.subnetIds,
      SecurityGroups: groups,
      // The Classic API's only scheme value: without it the load balancer is internet-facing.
      Scheme: form.scheme === "internal" ? "internal" : undefined,
    })];
  }
  return ["elbv2", "CreateLoadBalancer", withoutUndefined({
    Name: form.name, Type: type, Scheme: form.scheme, Subnets: form.subnetIds, SecurityGroups: groups,
  })];
}

/** The CreateListener request that forwards `form`'s listener to its target group on the load balancer `arn`. */
export function createListenerParams(form, arn) {
  return {
    LoadBalancerArn: arn,
    Protocol: form.protocol,
    Port: typedNumber(form.port),
    DefaultActions: [withoutUndefined({ Type: "forward", TargetGroupArn: form.targetGroupArn || undefined })],
  };
}

/** The form's requests as AWS CLI lines: the load balancer, then an elbv2 one's listener. */
export function createBalancerCli(type, form) {
  const [service, action, params] = createBalancerRequest(type, form);
  if (service === "elb") return [cliLine(service, action, params)];
  return [
    cliLine(service, action, params, { assignTo: { name: "LB_ARN", query: "LoadBalancers[0].LoadBalancerArn" } }),
    cliLine("elbv2", "CreateListener", createListenerParams(form, NEW_BALANCER_ARN), { variables: { [NEW_BALANCER_ARN]: "LB_ARN" } }),
  ];
}
