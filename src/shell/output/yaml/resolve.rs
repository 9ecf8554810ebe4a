//! Which strings would read back as something else: ruamel.yaml's YAML 1.2
//! implicit resolvers (`resolver.py`, `VersionedResolver`), which the dumper
//! consults to decide whether a string may be written plain. Only the
//! resolvers registered for a string's first character are tried, so `yes`,
//! `no` and `on` (YAML 1.1 booleans) stay plain while `true`, `0400`, `1.5`,
//! `null`, `~`, `` and `2025-06-02` need quotes.

/// True when `text`, written plain, would be read back as a string.
pub fn is_plain_string(text: &str) -> bool {
    let Some(first) = text.bytes().next() else {
        // The empty string resolves as null.
        return false;
    };
    let other_type = match first {
        b't' | b'T' | b'f' | b'F' => is_bool(text),
        b'-' | b'+' | b'.' => is_float(text) || is_int(text),
        b'0'..=b'9' => is_float(text) || is_int(text) || is_timestamp(text),
        b'~' | b'n' | b'N' => matches!(text, "~" | "null" | "Null" | "NULL"),
        b'<' => text == "<<",
        b'=' => text == "=",
        b'!' | b'&' | b'*' => text.len() == 1,
        _ => false,
    };
    !other_type
}

fn is_bool(text: &str) -> bool {
    matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
}

/// A cursor over ASCII bytes, for the resolvers' regular expressions.
#[derive(Clone, Copy)]
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Takes one byte that `accept` accepts.
    fn one(&mut self, accept: impl Fn(u8) -> bool) -> bool {
        match self.peek() {
            Some(b) if accept(b) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    /// Takes between `min` and `max` bytes that `accept` accepts, greedily.
    fn run(&mut self, accept: impl Fn(u8) -> bool, min: usize, max: usize) -> bool {
        let start = self.at;
        while self.at - start < max && self.one(&accept) {}
        self.at - start >= min
    }

    fn literal(&mut self, text: &str) -> bool {
        let matched = self.bytes[self.at..].starts_with(text.as_bytes());
        if matched {
            self.at += text.len();
        }
        matched
    }

    fn sign(&mut self) {
        self.one(|b| b == b'+' || b == b'-');
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

fn digit(b: u8) -> bool {
    b.is_ascii_digit()
}

fn digit_or_underscore(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

/// `[eE][-+]?[0-9]+`, the sign optional or (`sign_required`) required.
fn exponent(scan: &mut Scan, sign_required: bool) -> bool {
    if !scan.one(|b| b == b'e' || b == b'E') {
        return false;
    }
    let signed = scan.one(|b| b == b'+' || b == b'-');
    (signed || !sign_required) && scan.run(digit, 1, usize::MAX)
}

/// `[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?`,
/// `[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+`, `[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?`,
/// `[-+]?\.(?:inf|Inf|INF)` and `\.(?:nan|NaN|NAN)`.
fn is_float(text: &str) -> bool {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let mut scan = Scan::new(text);
    scan.sign();
    if scan.one(|b| b == b'.') {
        if matches!(&text[scan.at..], "inf" | "Inf" | "INF") {
            return true;
        }
        if !scan.run(digit_or_underscore, 1, usize::MAX) {
            return false;
        }
        let mark = scan.at;
        if !exponent(&mut scan, true) {
            scan.at = mark;
        }
        return scan.done();
    }
    if !scan.one(digit) {
        return false;
    }
    scan.run(digit_or_underscore, 0, usize::MAX);
    if scan.one(|b| b == b'.') {
        scan.run(digit_or_underscore, 0, usize::MAX);
        let mark = scan.at;
        if !exponent(&mut scan, false) {
            scan.at = mark;
        }
        return scan.done();
    }
    exponent(&mut scan, false) && scan.done()
}

/// `[-+]?0b[0-1_]+`, `[-+]?0o?[0-7_]+`, `[-+]?[0-9_]+` and
/// `[-+]?0x[0-9a-fA-F_]+`.
fn is_int(text: &str) -> bool {
    let mut scan = Scan::new(text);
    scan.sign();
    let prefixed = |prefix: &str, accept: fn(u8) -> bool| {
        let mut scan = scan;
        scan.literal(prefix) && scan.run(accept, 1, usize::MAX) && scan.done()
    };
    prefixed("0b", |b| matches!(b, b'0' | b'1' | b'_'))
        || prefixed("0o", |b| matches!(b, b'0'..=b'7' | b'_'))
        || prefixed("0x", |b| b.is_ascii_hexdigit() || b == b'_')
        || prefixed("", digit_or_underscore)
}

/// `[0-9]{4}-[0-9]{2}-[0-9]{2}`, or a date with one- or two-digit month and
/// day, `T`, `t` or blanks, a time, optional fraction and optional zone.
fn is_timestamp(text: &str) -> bool {
    let mut scan = Scan::new(text);
    let dash = |b: u8| b == b'-';
    let colon = |b: u8| b == b':';
    let blank = |b: u8| b == b' ' || b == b'\t';
    if !(scan.run(digit, 4, 4) && scan.one(dash)) {
        return false;
    }
    let month = scan.at;
    if scan.run(digit, 2, 2) && scan.one(dash) && scan.run(digit, 2, 2) && scan.done() {
        return true;
    }
    scan.at = month;
    let date = scan.run(digit, 1, 2) && scan.one(dash) && scan.run(digit, 1, 2);
    let separator = scan.one(|b| b == b'T' || b == b't') || scan.run(blank, 1, usize::MAX);
    let time = scan.run(digit, 1, 2)
        && scan.one(colon)
        && scan.run(digit, 2, 2)
        && scan.one(colon)
        && scan.run(digit, 2, 2);
    if !(date && separator && time) {
        return false;
    }
    if scan.one(|b| b == b'.') {
        scan.run(digit, 0, usize::MAX);
    }
    if scan.done() {
        return true;
    }
    scan.run(blank, 0, usize::MAX);
    if !scan.one(|b| b == b'Z') {
        let offset = scan.one(|b| b == b'+' || b == b'-') && scan.run(digit, 1, 2);
        if !offset {
            return false;
        }
        let minutes = scan.at;
        if !(scan.one(colon) && scan.run(digit, 2, 2)) {
            scan.at = minutes;
        }
    }
    scan.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_2_scalars_are_not_plain_strings() {
        for text in [
            "",
            "true",
            "False",
            "0400",
            "012",
            "1_000",
            "-5",
            "+0x1F",
            "0b101",
            "0o17",
            "1.5",
            "1.",
            "-.5",
            ".5e+3",
            "1e3",
            "2E-7",
            ".inf",
            "-.Inf",
            ".nan",
            "~",
            "null",
            "NULL",
            "<<",
            "=",
            "!",
            "*",
            "2025-06-02",
            "2025-06-02T09:00:00.000Z",
            "2025-6-2 9:00:00 +05:30",
            "2025-06-02t09:00:00-7",
        ] {
            assert!(!is_plain_string(text), "{text:?}");
        }
    }

    #[test]
    fn other_text_is_a_plain_string() {
        for text in [
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "TrUe",
            "nil",
            "0x",
            "0xG",
            "1.2.3",
            "172.31.0.0",
            "1e",
            "1e+",
            ".5e3",
            "-",
            "+",
            ".",
            "inf",
            "i-0abc",
            "2025-06-02x",
            "2025-06-02T09",
            "2025-06-02T09:00:00 x",
            "2025-06-02T09:00:00+0530",
            "ami-1",
            "<",
            "==",
            "!!",
        ] {
            assert!(is_plain_string(text), "{text:?}");
        }
    }
}
