// Writes API requests as the AWS CLI commands a learner could paste into
// the terminal: `aws ec2 kebab-case-action --kebab-case-param value`, lists
// of strings as separate words, structures as single-quoted JSON, and
// values that stand for another command's result as shell variables.

/** `DisableApiTermination` → `disable-api-termination` (botocore's xform_name). */
export function kebab(name) {
  return name
    .replace(/([a-z\d])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/** Quotes `text` for the shell when it needs it (single quotes, POSIX style). */
export function quote(text) {
  const value = String(text);
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * `{ "sg-0abc": "SG_ID" }` turns the string "sg-0abc" into `"$SG_ID"`
 * wherever it appears as a plain value; JSON values may not hold them.
 */
function word(value, variables) {
  const name = variables[value];
  return name ? `"$${name}"` : quote(value);
}

function argument(value, variables) {
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.map((item) => word(item, variables)).join(" ");
  }
  if (typeof value === "object") return quote(JSON.stringify(value));
  if (typeof value === "string") return word(value, variables);
  return String(value);
}

/**
 * The CLI command for `action` of `service` with `params` (the API's
 * names). Booleans become `--flag` / `--no-flag`; `variables` maps values
 * to shell variable names; `options` are CLI-only options appended as
 * given, e.g. `["--count", "1"]`; `assignTo` wraps the command as
 * `NAME=$(... --query QUERY --output text)`.
 */
export function cliLine(service, action, params, { variables = {}, options = [], assignTo = null } = {}) {
  const words = ["aws", service, kebab(action)];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (typeof value === "boolean") {
      words.push(`--${value ? "" : "no-"}${kebab(name)}`);
    } else {
      words.push(`--${kebab(name)}`, argument(value, variables));
    }
  }
  words.push(...options);
  if (!assignTo) return words.join(" ");
  return `${assignTo.name}=$(${words.join(" ")} --query ${assignTo.query} --output text)`;
}

/**
 * Shell lines that write `text` into the home folder file `name`, one
 * `echo` per line (the terminal takes one line at a time).
 */
export function writeFileLines(name, text) {
  const lines = text.replace(/\n$/, "").split("\n");
  return lines.map((line, index) => `echo ${quote(line)} ${index === 0 ? ">" : ">>"} ${name}`);
}
