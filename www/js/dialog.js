// Modal dialogs of the console's actions: a title, a body, Cancel and the
// action buttons. When an action's request is refused, AWS's error shows
// inside the dialog, which stays open so the learner can fix the input.

import { h, replaceChildren } from "./dom.js";

/**
 * A modal <dialog> titled `title` with `body` and, besides Cancel, the
 * `actions` `[label, onclick(close), kind]`. Escape and Cancel close it.
 * An error thrown by `onclick` (AWS's `{ code, message }`) is shown in the
 * dialog as `code: message`. With `confirmWord`, the actions stay
 * disabled until the learner types that word, as the console asks before
 * some deletions.
 */
export function openDialog(title, body, actions, { confirmWord = null } = {}) {
  const dialog = h("dialog", { class: "dialog", "aria-labelledby": "dialog-title" });
  const error = h("p", { class: "field-error", id: "dialog-error", role: "alert", hidden: true });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  const run = (onclick) => {
    try {
      onclick(close);
    } catch (e) {
      error.hidden = false;
      error.textContent = `${e.code ?? "Error"}: ${e.message}`;
      for (const control of dialog.querySelectorAll("input, select")) {
        const ids = new Set((control.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean));
        control.setAttribute("aria-describedby", [...ids.add("dialog-error")].join(" "));
      }
    }
  };
  const buttons = actions.map(([label, onclick, kind]) => h("button", {
    type: "button", class: `${kind}-button`, disabled: Boolean(confirmWord), onclick: () => run(onclick),
  }, label));
  const confirmation = confirmWord && field("dialog-confirm", `To confirm deletion, type ${confirmWord} in the field.`, h("input", {
    type: "text", placeholder: confirmWord, autocomplete: "off",
    oninput: (e) => buttons.forEach((button) => (button.disabled = e.target.value !== confirmWord)),
  }));
  replaceChildren(dialog,
    h("h2", { id: "dialog-title" }, title),
    h("div", { class: "dialog-body" }, body, confirmation),
    error,
    h("div", { class: "button-row" },
      h("button", { type: "button", class: "link-button", onclick: close }, actions.length ? "Cancel" : "Close"),
      buttons));
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** A labelled form control for a dialog; `hint` is optional help text. */
export function field(id, label, control, hint) {
  control.id = id;
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "field" },
    h("label", { for: id }, label),
    hint && h("p", { class: "field-hint", id: `${id}-hint` }, hint),
    control);
}

/** A <select> of `[value, label]` options with `current` selected. */
export const choice = (options, current, onchange) => h("select", { onchange: (e) => onchange(e.target.value) },
  options.map(([value, label]) => h("option", { value, selected: value === current }, label)));

/** A text input showing `value`; `oninput(text)` as it is typed; `extra` attributes override. */
export const input = (value, oninput, extra = {}) => h("input", { type: "text", value, oninput: (e) => oninput(e.target.value), ...extra });

/**
 * A group of checkboxes, one per `[value, label]` of `options`, ids
 * `${prefix}-${value}`, checked when `chosen` (an array) holds the value;
 * `onchange(values)` gets the values checked, in the options' order.
 */
export function checkList(prefix, legend, options, chosen, onchange) {
  const picked = new Set(chosen);
  return h("fieldset", { class: "check-list" },
    h("legend", {}, legend),
    options.length === 0 && h("p", { class: "field-hint" }, "None."),
    options.map(([value, label]) => h("div", { class: "check-row" },
      h("input", {
        type: "checkbox", id: `${prefix}-${value}`, value, checked: picked.has(value), onchange: (e) => {
          if (e.target.checked) picked.add(value);
          else picked.delete(value);
          onchange(options.map(([v]) => v).filter((v) => picked.has(v)));
        },
      }),
      h("label", { for: `${prefix}-${value}` }, label))));
}

/** Redraws `container` with `build()`, keeping focus on the element that had it. */
export function redrawer(container, build) {
  const redraw = () => {
    const focused = document.activeElement?.id;
    replaceChildren(container, build());
    if (focused) document.getElementById(focused)?.focus();
  };
  return redraw;
}

/** A "The same from the terminal" block (`element`) that `show(lines)` fills as the form changes. */
export function commandBlock() {
  const pre = h("pre", { class: "cli-equivalent", "aria-live": "polite" });
  return { element: [h("p", { class: "field-hint" }, "The same from the terminal:"), pre], show: (lines) => (pre.textContent = lines.join("\n")) };
}
