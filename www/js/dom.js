// Builds DOM elements from data. Text always becomes text nodes, never HTML,
// so nothing a lesson or the sandbox prints can inject markup.

/**
 * `h("a", { href, class: "x", "aria-label": "y", onclick }, child, ...)`:
 * keys starting with "on" add event listeners, `class` sets the class name,
 * others become attributes (skipped when null, undefined or false).
 * Children may be nodes, strings, numbers, arrays of those, or null.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else if (key === "class") element.className = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  element.append(...nodes(children));
  return element;
}

/** Replaces the children of `element` with `children` (as for `h`). */
export function replaceChildren(element, ...children) {
  element.replaceChildren(...nodes(children));
}

function nodes(children) {
  return children
    .flat(Infinity)
    .filter((child) => child !== null && child !== undefined && child !== false)
    .map((child) => (child instanceof Node ? child : document.createTextNode(String(child))));
}
