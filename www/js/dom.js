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

/**
 * Like `replaceChildren`, but nodes of `children` that are already children
 * of `element` stay where they are instead of being taken out and put
 * back, so a control a view keeps across redraws keeps its focus, its
 * caret and an open list while the rest of the view is redrawn.
 */
export function updateChildren(element, ...children) {
  const wanted = nodes(children);
  const kept = new Set(wanted);
  for (const child of [...element.childNodes]) {
    if (!kept.has(child)) child.remove();
  }
  wanted.forEach((node, index) => {
    const current = element.childNodes[index] ?? null;
    if (current !== node) element.insertBefore(node, current);
  });
}
