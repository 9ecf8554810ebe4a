//! The block layout and scalar writers of libyaml's emitter (`emitter.c`),
//! which aws-cli's ruamel.yaml uses through its C extension: two-space
//! indentation, sequences in a mapping not indented (`key:\n- item`), empty
//! collections as `[]` and `{}`, keys sorted (the safe representer sorts
//! plain dicts), and long scalars folded at the first space past column 80.

use super::analysis::{is_break, is_multiline, is_printable, select_style, Style};
use super::resolve::is_plain_string;
use crate::shell::output::sorted_entries;
use crate::shell::python;
use serde_json::{Map, Value};

/// libyaml's `best_indent`.
const INDENT: i32 = 2;
/// libyaml's `best_width`: lines are folded at the first space past it.
const WIDTH: usize = 80;
/// Longer keys (in bytes) are written as complex keys (`? key`).
const MAX_SIMPLE_KEY: usize = 128;

/// Where a node is written (libyaml's emitter contexts).
#[derive(Clone, Copy)]
struct Context {
    /// A mapping value or key: a block sequence there is not indented.
    mapping: bool,
    /// A simple key: no line folding, and a line break forces double quotes.
    simple_key: bool,
}

/// The emitter state that decides spacing and line breaks.
pub struct Emitter {
    out: String,
    column: usize,
    indent: i32,
    indents: Vec<i32>,
    /// The last character written was whitespace (or nothing was).
    whitespace: bool,
    /// Only indentation has been written on the current line.
    indention: bool,
}

impl Emitter {
    /// One YAML document holding `root` (a list or an object), implicit
    /// start and end, ending with a line break.
    pub fn document(root: &Value) -> String {
        let mut emitter = Self {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
        };
        emitter.node(
            root,
            Context {
                mapping: false,
                simple_key: false,
            },
        );
        emitter.write_indent();
        emitter.out
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: char,
        need_space: bool,
        is_space: bool,
        is_indention: bool,
    ) {
        if need_space && !self.whitespace {
            self.put(' ');
        }
        self.put(indicator);
        self.whitespace = is_space;
        self.indention &= is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { INDENT } else { 0 };
        } else if !indentless {
            self.indent += INDENT;
        }
    }

    fn decrease_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn node(&mut self, value: &Value, context: Context) {
        match value {
            Value::Array(items) if items.is_empty() => self.empty_collection('[', ']'),
            Value::Object(map) if map.is_empty() => self.empty_collection('{', '}'),
            Value::Array(items) => self.block_sequence(items, context),
            Value::Object(map) => self.block_mapping(map),
            Value::String(text) => self.scalar(text, is_plain_string(text), context),
            Value::Number(n) => self.scalar(&python::number(n), true, context),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, true, context),
            Value::Null => self.scalar("null", true, context),
        }
    }

    fn empty_collection(&mut self, open: char, close: char) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn block_sequence(&mut self, items: &[Value], context: Context) {
        self.increase_indent(false, context.mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator('-', true, false, true);
            self.node(
                item,
                Context {
                    mapping: false,
                    simple_key: false,
                },
            );
        }
        self.decrease_indent();
    }

    fn block_mapping(&mut self, map: &Map<String, Value>) {
        let value_context = Context {
            mapping: true,
            simple_key: false,
        };
        self.increase_indent(false, false);
        for (key, value) in sorted_entries(map) {
            self.write_indent();
            let plain_implicit = is_plain_string(key);
            if is_simple_key(key) {
                let key_context = Context {
                    mapping: true,
                    simple_key: true,
                };
                self.scalar(key, plain_implicit, key_context);
                self.write_indicator(':', false, false, false);
            } else {
                self.write_indicator('?', true, false, true);
                self.scalar(key, plain_implicit, value_context);
                self.write_indent();
                self.write_indicator(':', true, false, true);
            }
            self.node(value, value_context);
        }
        self.decrease_indent();
    }

    fn scalar(&mut self, text: &str, plain_implicit: bool, context: Context) {
        let chars: Vec<char> = text.chars().collect();
        let style = select_style(&chars, plain_implicit, context.simple_key);
        let breaks = !context.simple_key;
        self.increase_indent(true, false);
        match style {
            Style::Plain => self.write_plain(&chars, breaks),
            Style::SingleQuoted => self.write_single_quoted(&chars, breaks),
            Style::DoubleQuoted => self.write_double_quoted(&chars, breaks),
        }
        self.decrease_indent();
        self.whitespace = false;
        self.indention = false;
    }

    /// A space is replaced by a line break when it comes past the width,
    /// unless it follows another space; `inner` also excludes the first and
    /// last characters (quoted styles).
    fn folds_at(&self, chars: &[char], i: usize, spaces: bool, inner: bool) -> bool {
        let edge = inner && (i == 0 || i + 1 == chars.len());
        !spaces && self.column > WIDTH && !edge
    }

    fn write_plain(&mut self, chars: &[char], breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if breaks
                    && self.folds_at(chars, i, spaces, false)
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
    }

    fn write_single_quoted(&mut self, chars: &[char], breaks: bool) {
        self.write_indicator('\'', true, false, false);
        let (mut spaces, mut in_breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if breaks && self.folds_at(chars, i, spaces, true) && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                // A line break is written as an empty line, so it reads back.
                if !in_breaks && c == '\n' {
                    self.put_break();
                }
                if c == '\n' {
                    self.put_break();
                } else {
                    self.out.push(c);
                    self.column = 0;
                }
                self.indention = true;
                in_breaks = true;
            } else {
                if in_breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                in_breaks = false;
            }
        }
        if in_breaks {
            self.write_indent();
        }
        self.write_indicator('\'', false, false, false);
    }

    fn write_double_quoted(&mut self, chars: &[char], breaks: bool) {
        self.write_indicator('"', true, false, false);
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                for e in escape(c).chars() {
                    self.put(e);
                }
                spaces = false;
            } else if c == ' ' {
                if breaks && self.folds_at(chars, i, spaces, true) {
                    self.write_indent();
                    // A second space would be lost at the start of the line.
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator('"', false, false, false);
    }
}

/// libyaml's `check_simple_key` for a scalar key.
fn is_simple_key(key: &str) -> bool {
    key.len() <= MAX_SIMPLE_KEY && !is_multiline(key)
}

/// A double-quoted escape (libyaml's table, then `\x`, `\u` or `\U` with
/// upper-case hex digits).
fn escape(c: char) -> String {
    let short = match c {
        '\0' => '0',
        '\u{7}' => 'a',
        '\u{8}' => 'b',
        '\t' => 't',
        '\n' => 'n',
        '\u{b}' => 'v',
        '\u{c}' => 'f',
        '\r' => 'r',
        '\u{1b}' => 'e',
        '"' => '"',
        '\\' => '\\',
        '\u{85}' => 'N',
        '\u{a0}' => '_',
        '\u{2028}' => 'L',
        '\u{2029}' => 'P',
        _ => {
            let code = u32::from(c);
            return match code {
                0..=0xFF => format!("\\x{code:02X}"),
                0x100..=0xFFFF => format!("\\u{code:04X}"),
                _ => format!("\\U{code:08X}"),
            };
        }
    };
    format!("\\{short}")
}
