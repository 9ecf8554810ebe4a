// Modal dialogs of the console's actions: a title, a body, Cancel and the
// action buttons. When an action's request is refused, AWS's error shows
// inside the dialog, which stays open so the learner can fix the input.

import { h, replaceChildren } from "./dom.js";

/**
 * A modal <dialog> titled `title` with `body` and, besides Cancel, the
 * `actions` `[label, onclick(close), kind]`. Escape and Cancel close it.
 * An error thrown by `onclick` (AWS's `{ code, message }`) is shown in the
 * dialog as `code: message`.
 */
export function openDialog(title, body, actions) {
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
  replaceChildren(dialog,
    h("h2", { id: "dialog-title" }, title),
    h("div", { class: "dialog-body" }, body),
    error,
    h("div", { class: "button-row" },
      h("button", { type: "button", class: "link-button", onclick: close }, actions.length ? "Cancel" : "Close"),
      actions.map(([label, onclick, kind]) => h("button", { type: "button", class: `${kind}-button`, onclick: () => run(onclick) }, label))));
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
