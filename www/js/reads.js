// Reading lists that AWS pages: every page of a Describe call, describes
// of many ids a few at a time, and reads of services a view can do
// without.

/** Each service's pagination tokens: [request member, response member]. */
const TOKENS = { elbv2: ["Marker", "NextMarker"], elb: ["Marker", "NextMarker"], ecs: ["nextToken", "nextToken"] };

/** More pages than a view ever needs: a guard against a token that never ends. */
const MAX_PAGES = 50;

/**
 * The items under `key` of every page of `action`, following the
 * service's next-page token; `read(service, action, params)` is one call.
 */
export function readAll(read, service, action, params, key) {
  const [input, output] = TOKENS[service] ?? ["NextToken", "NextToken"];
  const items = [];
  let token = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = read(service, action, token ? { ...params, [input]: token } : params);
    items.push(...(response[key] ?? []));
    token = response[output];
    if (!token) break;
  }
  return items;
}

/**
 * The items under `key` of `action` for every one of `ids`, asked `size`
 * at a time in the request member `member` (ECS describes at most 10
 * services or 100 tasks a call); none asked when there are no ids.
 */
export function readChunks(read, service, action, params, member, ids, size, key) {
  const items = [];
  for (let start = 0; start < ids.length; start += size) {
    items.push(...(read(service, action, { ...params, [member]: ids.slice(start, start + size) })[key] ?? []));
  }
  return items;
}

/** Like `readAll`, but an error (a service not there, a resource gone) reads as no items. */
export function readAllOrNone(read, service, action, params, key) {
  try {
    return readAll(read, service, action, params, key);
  } catch {
    return [];
  }
}
