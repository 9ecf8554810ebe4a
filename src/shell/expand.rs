//! Turning a word's parts into the words a command receives, as bash does
//! after `$NAME` and `$(...)` are replaced: unquoted expansions are split
//! on whitespace (so `$IDS` can hold several instance ids), quoted ones are
//! kept whole, and a word that expands to nothing unquoted disappears.

/// Builds the fields of one word.
#[derive(Debug, Default)]
pub struct Fields {
    done: Vec<String>,
    current: String,
    /// The current field exists even if empty (it had quotes or text).
    started: bool,
}

impl Fields {
    /// Literal text of the word.
    pub fn text(&mut self, text: &str, quoted: bool) {
        self.current.push_str(text);
        self.started |= quoted || !text.is_empty();
    }

    /// The value of `$NAME` or `$(...)`; split on whitespace unless quoted.
    pub fn expansion(&mut self, value: &str, quoted: bool) {
        if quoted {
            self.text(value, true);
            return;
        }
        let mut pieces = value.split(is_ifs).peekable();
        let mut first = true;
        while let Some(piece) = pieces.next() {
            if !first {
                self.finish_field();
            }
            first = false;
            self.current.push_str(piece);
            self.started |= !piece.is_empty();
            if pieces.peek().is_none() && piece.is_empty() && !value.is_empty() {
                // Trailing whitespace ends the field.
                self.finish_field();
            }
        }
    }

    fn finish_field(&mut self) {
        if self.started {
            self.done.push(std::mem::take(&mut self.current));
        }
        self.current.clear();
        self.started = false;
    }

    /// The finished words.
    pub fn finish(mut self) -> Vec<String> {
        self.finish_field();
        self.done
    }

    /// The word as one string, for words expanded with every expansion
    /// quoted (assignments and redirection targets are never split).
    pub fn whole(self) -> String {
        let mut words = self.done;
        words.push(self.current);
        words.concat()
    }
}

/// bash's default `IFS`: space, tab, newline.
fn is_ifs(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(parts: &[(&str, bool, bool)]) -> Vec<String> {
        let mut fields = Fields::default();
        for &(text, is_expansion, quoted) in parts {
            if is_expansion {
                fields.expansion(text, quoted);
            } else {
                fields.text(text, quoted);
            }
        }
        fields.finish()
    }

    #[test]
    fn unquoted_expansions_split_quoted_ones_do_not() {
        assert_eq!(expand(&[("i-1 i-2", true, false)]), ["i-1", "i-2"]);
        assert_eq!(expand(&[("i-1 i-2", true, true)]), ["i-1 i-2"]);
        assert_eq!(
            expand(&[("--ids=", false, false), ("a b", true, false)]),
            ["--ids=a", "b"]
        );
        assert_eq!(
            expand(&[(" a ", true, false), ("x", false, false)]),
            ["a", "x"]
        );
        assert_eq!(expand(&[("a\n", true, false)]), ["a"]);
    }

    #[test]
    fn empty_expansions_vanish_unless_quoted() {
        assert!(expand(&[("", true, false)]).is_empty());
        assert_eq!(expand(&[("", true, true)]), [""]);
        assert_eq!(expand(&[("", false, true)]), [""]);
    }
}
