// The terminal: a prompt, an output log, command history on the arrow keys,
// and a queue for pasting several commands at once. It runs each line
// through the `run` callback (the sandbox's exec) and prints the result.

import { h, replaceChildren } from "./dom.js";

const MAX_ENTRIES = 500;

export class Terminal {
  #output;
  #input;
  #run;
  #prompt;
  #promptLabel;
  #history;
  #historyIndex;
  #draft = "";
  #queued = [];

  /**
   * `root` holds an element with role="log" (the output) and a form with an
   * input; `run(line)` returns `{ stdout, stderr, exitCode, clear }`;
   * `prompt()` gives the current prompt (it changes inside an ssh
   * session); `history` is the commands to recall with ↑, oldest first.
   */
  constructor(root, { run, prompt, history = [] }) {
    this.#output = root.querySelector("[role=log]");
    this.#input = root.querySelector("input");
    this.#promptLabel = root.querySelector(".term-prompt");
    this.#run = run;
    this.#prompt = prompt;
    this.#showPrompt();
    this.#history = [...history];
    this.#historyIndex = this.#history.length;
    root.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.#input.addEventListener("keydown", (event) => this.#onKey(event));
    this.#output.addEventListener("click", () => {
      if (!window.getSelection()?.toString()) this.#input.focus();
    });
  }

  /**
   * Puts `text` at the prompt for the learner to check and run; when it has
   * several lines, the next one comes up after each Enter.
   */
  insert(text) {
    const [first = "", ...rest] = text.split("\n").filter((line) => line.trim());
    this.#queued = rest;
    this.#setInput(first);
    this.#input.focus();
  }

  /** Prints a message from the page (not from a command). */
  notice(text, kind = "notice") {
    this.#append(h("p", { class: `term-${kind}` }, text));
  }

  /** Empties the output. */
  clear() {
    replaceChildren(this.#output);
  }

  /**
   * Runs `line` as if it had been typed: it shows in the output with what
   * it printed and joins the history. For the page's own controls that
   * stand for a command (the load control), so that the learner sees it.
   * Returns what `run` returned.
   */
  execute(line) {
    if (line.trim() && line !== this.#history.at(-1)) this.#history.push(line);
    this.#historyIndex = this.#history.length;
    this.#draft = "";
    const entry = h("div", { class: "term-entry" },
      h("div", { class: "term-command" }, h("span", { class: "term-prompt" }, this.#promptLabel.textContent), " ", line));
    this.#append(entry);
    if (!line.trim()) return null;
    let result;
    try {
      result = this.#run(line);
    } catch (error) {
      result = { stdout: "", stderr: `${error.message}\n`, exitCode: 255, clear: false };
    }
    this.#showPrompt();
    if (result.clear) {
      this.clear();
      return result;
    }
    entry.dataset.exitCode = result.exitCode;
    if (result.stdout) entry.append(h("pre", { class: "term-stdout" }, result.stdout));
    if (result.stderr) entry.append(h("pre", { class: "term-stderr" }, result.stderr));
    this.#output.scrollTop = this.#output.scrollHeight;
    return result;
  }

  #submit() {
    const line = this.#input.value;
    this.#setInput(this.#queued.shift() ?? "");
    this.execute(line);
  }

  #onKey(event) {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    event.preventDefault();
    if (this.#historyIndex === this.#history.length) this.#draft = this.#input.value;
    const step = event.key === "ArrowUp" ? -1 : 1;
    this.#historyIndex = Math.min(this.#history.length, Math.max(0, this.#historyIndex + step));
    this.#setInput(this.#history[this.#historyIndex] ?? this.#draft);
  }

  /** Shows the current prompt (trailing space trimmed) next to the input. */
  #showPrompt() {
    this.#promptLabel.textContent = this.#prompt().trimEnd();
  }

  #setInput(value) {
    this.#input.value = value;
    this.#input.setSelectionRange(value.length, value.length);
  }

  #append(element) {
    this.#output.append(element);
    while (this.#output.childElementCount > MAX_ENTRIES) this.#output.firstElementChild.remove();
    this.#output.scrollTop = this.#output.scrollHeight;
  }
}
