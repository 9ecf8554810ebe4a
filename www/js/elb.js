// How the Elastic Load Balancing console writes load balancers, listener
// actions, rule conditions and target health; pure, for the Load
// Balancers and Target Groups views.

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
