// A tiny, safe markdown renderer for lesson instructions: headings,
// paragraphs, bullet and numbered lists, fenced code blocks, `code`,
// **bold**, *emphasis* and [links](https://...). It parses to a plain tree first
// (testable without a browser), then builds DOM with text nodes only; links
// other than http(s), mailto and relative ones render as plain text.

import { h } from "./dom.js";

const FENCE = /^```\s*([\w+-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*(\S(?:.*?\S)?)\*|\[([^\]]+)\]\(([^()\s]+)\)/g;
const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * Parses `text` into a tree of `{ tag, attrs, children }` nodes and strings.
 * `headingLevel` is the HTML level a `#` heading gets (deeper ones follow).
 */
export function parseMarkdown(text, { headingLevel = 1 } = {}) {
  const lines = String(text).replace(/\r\n?/g, "\n").split("\n");
  const blocks = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    let match;
    if (!line.trim()) {
      i += 1;
    } else if ((match = line.match(FENCE))) {
      const code = [];
      for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i]); i += 1) code.push(lines[i]);
      i += 1;
      const attrs = match[1] ? { "data-lang": match[1] } : {};
      blocks.push(node("pre", {}, [node("code", attrs, [code.join("\n")])]));
    } else if ((match = line.match(HEADING))) {
      const level = Math.min(6, headingLevel + match[1].length - 1);
      blocks.push(node(`h${level}`, {}, parseInline(match[2])));
      i += 1;
    } else if (LIST_ITEM.test(line)) {
      const ordered = /\d/.test(line.match(LIST_ITEM)[1]);
      const items = [];
      while (i < lines.length) {
        const item = lines[i].match(LIST_ITEM);
        if (item && /\d/.test(item[1]) === ordered) {
          items.push([item[2]]);
        } else if (items.length && /^\s+\S/.test(lines[i]) && !item) {
          items.at(-1).push(lines[i].trim());
        } else {
          break;
        }
        i += 1;
      }
      const start = ordered ? parseInt(line.match(LIST_ITEM)[1], 10) : 1;
      const attrs = start !== 1 ? { start } : {};
      const children = items.map((item) => node("li", {}, parseInline(item.join(" "))));
      blocks.push(node(ordered ? "ol" : "ul", attrs, children));
    } else {
      const paragraph = [];
      while (i < lines.length && lines[i].trim() && !startsBlock(lines[i])) {
        paragraph.push(lines[i].trim());
        i += 1;
      }
      blocks.push(node("p", {}, parseInline(paragraph.join(" "))));
    }
  }
  return blocks;
}

/** Renders `text` as a DocumentFragment (see `parseMarkdown` for options). */
export function renderMarkdown(text, options) {
  const fragment = document.createDocumentFragment();
  fragment.append(...parseMarkdown(text, options).map(toDom));
  return fragment;
}

function startsBlock(line) {
  return FENCE.test(line) || HEADING.test(line) || LIST_ITEM.test(line);
}

function parseInline(text) {
  const out = [];
  const pushText = (string) => {
    if (typeof out.at(-1) === "string") out[out.length - 1] += string;
    else if (string) out.push(string);
  };
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    pushText(text.slice(last, match.index));
    const [whole, code, bold, emphasis, label, href] = match;
    if (code !== undefined) out.push(node("code", {}, [code]));
    else if (bold !== undefined) out.push(node("strong", {}, parseInline(bold)));
    else if (emphasis !== undefined) out.push(node("em", {}, parseInline(emphasis)));
    else if (isSafeHref(href)) out.push(node("a", linkAttrs(href), parseInline(label)));
    else pushText(whole);
    last = match.index + whole.length;
  }
  pushText(text.slice(last));
  return out;
}

function isSafeHref(href) {
  const scheme = href.match(/^([a-z][a-z\d+.-]*):/i);
  return !scheme || SAFE_SCHEMES.has(scheme[1].toLowerCase());
}

function linkAttrs(href) {
  return /^https?:/i.test(href)
    ? { href, target: "_blank", rel: "noopener noreferrer" }
    : { href };
}

function node(tag, attrs, children) {
  return { tag, attrs, children };
}

function toDom(tree) {
  return typeof tree === "string" ? tree : h(tree.tag, tree.attrs, tree.children.map(toDom));
}
