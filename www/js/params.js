// What the forms' request builders share: numbers as typed and requests
// without the members a form left out. Pure, for Node tests.

/** `object` without its undefined members (a request sends only what the form set). */
export function withoutUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/**
 * A form's text as a whole number; empty: undefined (AWS's default
 * applies); anything else as typed, for AWS to refuse in its own words.
 */
export function typedNumber(text) {
  const value = String(text ?? "").trim();
  if (value === "") return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}
