//! How libyaml's emitter (`yaml_emitter_analyze_scalar` and
//! `yaml_emitter_select_scalar_style`) chooses between a plain, a
//! single-quoted and a double-quoted scalar. ruamel.yaml's representer asks
//! for no style, so the emitter takes plain when the text allows it and reads
//! back as a string, else single quotes, else double quotes.

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As is: `name: web`.
    Plain,
    /// In single quotes, `'` doubled, line breaks as blank lines: `'0400'`.
    SingleQuoted,
    /// In double quotes with escapes: `"a\tb"`.
    DoubleQuoted,
}

/// libyaml's `IS_PRINTABLE` (with `allow_unicode`): characters outside the
/// Basic Multilingual Plane are not, so they are escaped.
pub fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

/// libyaml's `IS_BREAK`.
pub fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's `IS_BLANKZ`; the end of the text counts as blank.
fn is_blankz(c: Option<&char>) -> bool {
    c.is_none_or(|&c| c == ' ' || c == '\t' || c == '\0' || is_break(c))
}

/// Whether `text` contains a line break, which also makes a key complex.
pub fn is_multiline(text: &str) -> bool {
    text.chars().any(is_break)
}

/// The style libyaml picks for the text `chars` in block context.
/// `plain_implicit` is false when the text would read back as another type
/// (see `resolve`); `simple_key` when it is written as a mapping key.
pub fn select_style(chars: &[char], plain_implicit: bool, simple_key: bool) -> Style {
    if chars.is_empty() {
        // Plain is allowed, but reads back as null.
        return Style::SingleQuoted;
    }
    let mut indicators = chars.starts_with(&['-'; 3]) || chars.starts_with(&['.'; 3]);
    let mut special = false;
    let mut line_breaks = false;
    let (mut leading_or_trailing, mut break_space, mut space_break) = (false, false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blankz(chars.get(i + 1));
        // Only the block indicators matter: there is no flow context here.
        indicators |= if i == 0 {
            "#,[]{}&*!|>'\"%@`".contains(c)
                || (matches!(c, '?' | ':' | '-') && followed_by_whitespace)
        } else {
            (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace)
        };
        special |= !is_printable(c);
        let edge = i == 0 || i + 1 == chars.len();
        if c == ' ' {
            leading_or_trailing |= edge;
            break_space |= previous_break;
            (previous_space, previous_break) = (true, false);
        } else if is_break(c) {
            line_breaks = true;
            leading_or_trailing |= edge;
            space_break |= previous_space;
            (previous_space, previous_break) = (false, true);
        } else {
            (previous_space, previous_break) = (false, false);
        }
        preceded_by_whitespace = is_blankz(Some(&c));
    }
    let single_allowed = !(break_space || space_break || special);
    let plain_allowed = single_allowed && !(leading_or_trailing || line_breaks || indicators);
    if simple_key && line_breaks {
        return Style::DoubleQuoted;
    }
    if plain_allowed && plain_implicit {
        Style::Plain
    } else if single_allowed {
        Style::SingleQuoted
    } else {
        Style::DoubleQuoted
    }
}
