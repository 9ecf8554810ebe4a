// The lesson panel: the lesson's title and progress, its steps (the current
// one highlighted and open), each with markdown instructions whose code
// blocks can be pasted into the terminal, a checklist of goals that ticks
// as they are met, hints revealed one at a time and an optional quiz.

import { h, replaceChildren } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { renderQuiz } from "./quiz.js";

export class LessonPanel {
  #root;
  #announcer;
  #onPaste;
  #onStart;
  #rendered = "";
  #lessonId = null;
  #current = -1;
  #open = new Set();
  #hintsShown = new Map();
  #quizAnswers = new Map();

  /**
   * `root` is emptied and filled; `onPaste(text)` receives a code block's
   * text; `onStart(id)` starts another lesson.
   */
  constructor(root, { onPaste, onStart }) {
    this.#root = root;
    this.#onPaste = onPaste;
    this.#onStart = onStart;
    this.#announcer = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  }

  /** Shows `status` (lessonStatus()) with the course's `lessons`. */
  show(status, lessons) {
    const rendered = JSON.stringify([status, lessons]);
    if (rendered === this.#rendered) return;
    this.#rendered = rendered;
    if (status.id !== this.#lessonId) {
      this.#lessonId = status.id;
      this.#hintsShown.clear();
      this.#quizAnswers.clear();
      this.#current = -1;
    }
    if (status.currentStep !== this.#current) {
      // Progress moves the focus: the new current step opens, others close.
      this.#current = status.currentStep;
      this.#open = new Set([status.currentStep]);
    }
    replaceChildren(this.#root, this.#header(status, lessons), this.#announcer,
      h("ol", { class: "steps" }, status.steps.map((step, index) => this.#step(step, index, status))),
      status.complete && h("p", { class: "lesson-complete" }, "Lesson complete. Well done!"));
  }

  /** Reads `text` out to screen readers (step and lesson completions). */
  announce(text) {
    this.#announcer.textContent = text;
  }

  #header(status, lessons) {
    const done = status.steps.filter((step) => step.complete).length;
    const total = status.steps.length;
    return h("header", { class: "lesson-header" },
      lessons.length > 1
        ? h("select", { class: "lesson-picker", "aria-label": "Lesson", onchange: (e) => this.#onStart(e.target.value) },
          lessons.map((lesson) => h("option", { value: lesson.id, selected: lesson.id === status.id }, lesson.title)))
        : h("p", { class: "eyebrow" }, "Lesson"),
      h("h1", { id: "lesson-title" }, status.title),
      h("p", { class: "lesson-summary" }, status.summary),
      h("div", {
        class: "progress",
        role: "progressbar",
        "aria-label": "Steps complete",
        "aria-valuemin": 0,
        "aria-valuemax": total,
        "aria-valuenow": done,
      }, h("span", { style: `width: ${total ? (100 * done) / total : 0}%` })),
      h("p", { class: "progress-label" }, `${done} of ${total} steps complete`));
  }

  #step(step, index, status) {
    const current = index === status.currentStep && !status.complete;
    const details = h("details", { open: this.#open.has(index) },
      h("summary", {},
        h("span", { class: "step-marker", "aria-hidden": "true" }, step.complete ? "✓" : index + 1),
        h("span", { class: "step-title" }, step.title),
        h("span", { class: "visually-hidden" }, step.complete ? " (complete)" : current ? " (current step)" : "")),
      h("div", { class: "step-body" },
        this.#instructions(step.instructions),
        h("h3", { class: "goals-title" }, "Goals"),
        h("ul", { class: "goals" }, step.goals.map((goal) =>
          h("li", { class: goal.met ? "goal is-met" : "goal", "data-met": String(goal.met) },
            h("span", { class: "goal-check", "aria-hidden": "true" }, goal.met ? "✓" : ""),
            goal.label,
            h("span", { class: "visually-hidden" }, goal.met ? " (done)" : " (not yet)")))),
        step.hints.length > 0 && this.#hints(step.hints, index),
        step.quiz && renderQuiz(step.quiz, {
          name: `quiz-${index}`,
          chosen: this.#quizAnswers.get(index),
          onChoose: (choice) => this.#quizAnswers.set(index, choice),
        })));
    details.addEventListener("toggle", () => {
      if (details.open) this.#open.add(index);
      else this.#open.delete(index);
    });
    return h("li", {
      class: ["step", step.complete && "is-complete", current && "is-current"].filter(Boolean).join(" "),
      "data-step": index,
      "data-complete": String(step.complete),
      "aria-current": current && "step",
    }, details);
  }

  #instructions(markdown) {
    const body = h("div", { class: "instructions" }, renderMarkdown(markdown, { headingLevel: 4 }));
    for (const pre of body.querySelectorAll("pre")) {
      const code = pre.textContent;
      pre.append(h("button", {
        type: "button",
        class: "paste-button",
        "aria-label": "Paste this command into the terminal",
        title: "Paste into the terminal",
        onclick: () => this.#onPaste(code),
      }, "Paste"));
    }
    return body;
  }

  #hints(hints, index) {
    const list = h("ol", { class: "hints" });
    const button = h("button", { type: "button", class: "hint-button" });
    const showNext = (count) => {
      this.#hintsShown.set(index, count);
      replaceChildren(list, hints.slice(0, count).map((hint) => h("li", {}, renderMarkdown(hint))));
      button.textContent = `Show hint ${count + 1} of ${hints.length}`;
      button.hidden = count >= hints.length;
    };
    button.addEventListener("click", () => showNext(this.#hintsShown.get(index) + 1));
    showNext(this.#hintsShown.get(index) ?? 0);
    return h("div", { class: "hints-box" }, list, button);
  }
}
