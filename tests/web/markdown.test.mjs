// The lesson markdown renderer, parsed to its plain tree (no browser needed).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseMarkdown } from "../../www/js/markdown.js";

const el = (tag, children, attrs = {}) => ({ tag, attrs, children });

test("headings, paragraphs and inline code, bold, emphasis and links", () => {
  const tree = parseMarkdown(
    "# Launch\n\nRun `aws ec2 run-instances` **now**,\nthen *wait* for [the docs](https://docs.aws.amazon.com/).",
    { headingLevel: 4 },
  );
  assert.deepEqual(tree, [
    el("h4", ["Launch"]),
    el("p", [
      "Run ",
      el("code", ["aws ec2 run-instances"]),
      " ",
      el("strong", ["now"]),
      ", then ",
      el("em", ["wait"]),
      " for ",
      el("a", ["the docs"], {
        href: "https://docs.aws.amazon.com/",
        target: "_blank",
        rel: "noopener noreferrer",
      }),
      ".",
    ]),
  ]);
});

test("fenced code keeps its text verbatim", () => {
  const tree = parseMarkdown("```bash\naws ec2 describe-instances \\\n  --query '**x**'\n```\nAfter.");
  assert.deepEqual(tree, [
    el("pre", [el("code", ["aws ec2 describe-instances \\\n  --query '**x**'"], { "data-lang": "bash" })]),
    el("p", ["After."]),
  ]);
});

test("bullet and numbered lists, with continuation lines", () => {
  const tree = parseMarkdown("- one\n  more\n- two\n\n3. three\n4. four");
  assert.deepEqual(tree, [
    el("ul", [el("li", ["one more"]), el("li", ["two"])]),
    el("ol", [el("li", ["three"]), el("li", ["four"])], { start: 3 }),
  ]);
});

test("unsafe links and raw HTML stay plain text", () => {
  const tree = parseMarkdown('[click](javascript:alert) <img src=x onerror="alert(1)">');
  assert.deepEqual(tree, [el("p", ['[click](javascript:alert) <img src=x onerror="alert(1)">'])]);
  const [relative] = parseMarkdown("[next](#step-2)");
  assert.deepEqual(relative.children, [el("a", ["next"], { href: "#step-2" })]);
});
