// A step's quiz: a question with choices as radio buttons. Choosing one
// says whether it is right; the right one also shows why.

import { h } from "./dom.js";

/**
 * Renders `quiz` ({ question, choices, answer, explanation }) as a fieldset
 * named `name`, with `chosen` (an index, or undefined) already picked;
 * `onChoose(index)` hears each new choice.
 */
export function renderQuiz(quiz, { name, chosen, onChoose }) {
  const feedback = h("p", { class: "quiz-feedback", role: "status" });
  const fieldset = h("fieldset", { class: "quiz" },
    h("legend", {}, "Check your understanding"),
    h("p", { class: "quiz-question" }, quiz.question),
    quiz.choices.map((choice, index) => h("label", { class: "quiz-choice" },
      h("input", {
        type: "radio",
        name,
        value: index,
        checked: index === chosen,
        onchange: () => {
          show(index);
          onChoose(index);
        },
      }),
      h("span", {}, choice))),
    feedback);

  function show(index) {
    const right = index === quiz.answer;
    fieldset.dataset.answered = right ? "right" : "wrong";
    feedback.textContent = right ? `Right. ${quiz.explanation}` : "Not quite. Try another answer.";
  }
  if (chosen !== undefined) show(chosen);
  return fieldset;
}
