//! The CLI's shorthand syntax (`Key=Name,Value=web`,
//! `Name=instance-state-name,Values=running,stopped`,
//! `ResourceType=instance,Tags=[{Key=Name,Value=web}]`), parsed as
//! aws-cli's `shorthand.py` grammar does, then typed by the model as its
//! `BackCompatVisitor` does. Errors carry the CLI's wording.

use super::model::{Member, Shape};
use crate::shell::python;
use serde_json::{Map, Value};

/// Deepest `[`/`{` nesting accepted, so that hostile input cannot exhaust
/// the stack.
const MAX_DEPTH: usize = 32;

/// Why a shorthand value was refused: a syntax error (exit 252, reported as
/// a parameter error) or a failed number conversion (exit 255, as Python's
/// `int()` raises it).
#[derive(Debug, Clone, PartialEq)]
pub enum ShorthandError {
    /// The text after `Error parsing parameter '--x': `.
    Syntax(String),
    /// Python's conversion error, e.g. `invalid literal for int() with base 10: 'x'`.
    Conversion(String),
}

/// Parses one shorthand value into a JSON object of strings, lists and
/// objects (untyped).
pub fn parse(input: &str) -> Result<Value, ShorthandError> {
    let mut parser = Parser {
        chars: input.chars().collect(),
        index: 0,
        depth: 0,
    };
    parser.parameter().map_err(ShorthandError::Syntax)
}

/// Types the parsed value by `shape` as the CLI does: numbers and booleans
/// converted, a single value where a list belongs wrapped in a list.
pub fn apply_shape(value: &mut Value, shape: &Shape) -> Result<(), ShorthandError> {
    match shape {
        Shape::Structure(members) => visit_structure(value, members),
        Shape::List(member) => match value {
            Value::Array(items) => items
                .iter_mut()
                .try_for_each(|item| apply_shape(item, member)),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

fn visit_structure(value: &mut Value, members: &[Member]) -> Result<(), ShorthandError> {
    let Value::Object(map) = value else {
        return Ok(());
    };
    for member in members {
        let Some(field) = map.get_mut(member.name) else {
            continue;
        };
        match member.shape {
            Shape::List(inner) => {
                if !field.is_array() {
                    *field = Value::Array(vec![field.take()]);
                }
                apply_shape(field, &Shape::List(inner))?;
            }
            Shape::Structure(_) => apply_shape(field, member.shape)?,
            Shape::Integer => *field = to_int(field)?,
            Shape::Double => *field = to_float(field)?,
            Shape::Boolean => {
                if let Some(text) = field.as_str() {
                    match text.to_ascii_lowercase().as_str() {
                        "true" => *field = Value::Bool(true),
                        "false" => *field = Value::Bool(false),
                        _ => {}
                    }
                }
            }
            Shape::String | Shape::Blob | Shape::Timestamp => {}
        }
    }
    Ok(())
}

fn to_int(field: &Value) -> Result<Value, ShorthandError> {
    match field {
        Value::String(text) => python_int(text).map(Value::from).ok_or_else(|| {
            ShorthandError::Conversion(format!(
                "invalid literal for int() with base 10: {}",
                python::repr(field)
            ))
        }),
        other => Err(ShorthandError::Conversion(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            python_type_word(other)
        ))),
    }
}

fn to_float(field: &Value) -> Result<Value, ShorthandError> {
    match field {
        Value::String(text) => python_float(text).map(Value::from).ok_or_else(|| {
            ShorthandError::Conversion(format!(
                "could not convert string to float: {}",
                python::repr(field)
            ))
        }),
        other => Err(ShorthandError::Conversion(format!(
            "float() argument must be a string or a real number, not '{}'",
            python_type_word(other)
        ))),
    }
}

fn python_type_word(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
        _ => "NoneType",
    }
}

/// Python's `int(text)`: surrounding whitespace, a sign, digits with single
/// underscores between them.
pub fn python_int(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let magnitude: i64 = clean.parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// Python's `float(text)` for finite values.
pub fn python_float(text: &str) -> Option<f64> {
    let clean = text.trim().replace('_', "");
    clean.parse::<f64>().ok().filter(|f| f.is_finite())
}

struct Parser {
    chars: Vec<char>,
    index: usize,
    depth: usize,
}

type Parsed<T> = Result<T, String>;

/// Python's `string.whitespace`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Characters a value may start with (`_START_WORD` in shorthand.py).
fn starts_word(c: char) -> bool {
    matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z' | '|'..='\u{ffff}')
}

/// Characters that may follow in a first value: `=`, `[` and `{` are
/// allowed, `,`, `]`, `}` and quotes end it.
fn follows_first(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|' | '~'..='\u{ffff}')
}

/// Characters that may follow in a later list value: `=` ends it.
fn follows_second(c: char) -> bool {
    c.is_whitespace() || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='\u{ffff}')
}

impl Parser {
    fn current(&self) -> Option<char> {
        self.chars.get(self.index).copied()
    }

    fn at_eof(&self) -> bool {
        self.index >= self.chars.len()
    }

    fn input(&self) -> String {
        self.chars.iter().collect()
    }

    /// `Expected: '=', received: 'EOF' for input:` with the caret under the
    /// failing position.
    fn syntax_error(&self, expected: &str, actual: &str, index: usize) -> String {
        format!(
            "Expected: '{expected}', received: '{actual}' for input:\n{}",
            self.error_location(index)
        )
    }

    fn error_location(&self, index: usize) -> String {
        let consumed_until = index.min(self.chars.len());
        let before: String = self.chars[..consumed_until].iter().collect();
        let after: String = self.chars[consumed_until..].iter().collect();
        let spaces = match before.rfind('\n') {
            Some(newline) => before[newline + 1..].chars().count(),
            None => index,
        };
        let (consumed, remaining) = match after.find('\n') {
            Some(newline) => (
                format!("{before}{}", &after[..newline]),
                after[newline..].to_string(),
            ),
            None => (self.input(), String::new()),
        };
        format!("{consumed}\n{}^{remaining}", " ".repeat(spaces))
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(is_space) {
            self.index += 1;
        }
    }

    fn expect(&mut self, wanted: char, whitespace: bool) -> Parsed<()> {
        if whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(self.syntax_error(&wanted.to_string(), "EOF", self.index)),
            Some(actual) if actual != wanted => {
                return Err(self.syntax_error(&wanted.to_string(), &actual.to_string(), self.index))
            }
            Some(_) => self.index += 1,
        }
        if whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    /// `parameter = keyval *("," keyval)`; a repeated key is refused.
    fn parameter(&mut self) -> Parsed<Value> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last_index = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if params.contains_key(&key) {
                return Err(format!(
                    "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often because there is a preceding \",\" instead of a space.",
                    self.error_location(last_index + 1)
                ));
            }
            params.insert(key, value);
            last_index = self.index;
        }
        Ok(Value::Object(params))
    }

    fn keyval(&mut self) -> Parsed<(String, Value)> {
        let key = self.key();
        self.expect('=', true)?;
        let values = self.values()?;
        Ok((key, values))
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self.current().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
        }) {
            self.index += 1;
        }
        self.chars[start..self.index].iter().collect()
    }

    fn values(&mut self) -> Parsed<Value> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// `foo=bar` gives a string, `foo=bar,baz` a list; a following
    /// `key=` ends the list (the parser backtracks to the comma).
    fn csv_value(&mut self) -> Parsed<Value> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.current() != Some(',') {
            return Ok(Value::String(first));
        }
        self.expect(',', true)?;
        let mut list = vec![Value::String(first.clone())];
        loop {
            let attempt = self.second_value().and_then(|value| {
                self.consume_whitespace();
                if self.at_eof() {
                    return Ok((value, true));
                }
                self.expect(',', true)?;
                Ok((value, false))
            });
            match attempt {
                Ok((value, done)) => {
                    list.push(Value::String(value));
                    if done {
                        break;
                    }
                }
                Err(error) => {
                    if self.at_eof() {
                        return Err(error);
                    }
                    self.backtrack_to_comma();
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(Value::String(first));
        }
        Ok(Value::Array(list))
    }

    fn backtrack_to_comma(&mut self) {
        while self.index > 0 && self.chars.get(self.index) != Some(&',') {
            self.index -= 1;
        }
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!(
                "Shorthand nested deeper than {MAX_DEPTH} levels is not accepted"
            ));
        }
        Ok(())
    }

    fn explicit_list(&mut self) -> Parsed<Value> {
        self.enter()?;
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        self.depth -= 1;
        Ok(Value::Array(values))
    }

    fn explicit_value(&mut self) -> Parsed<Value> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value().map(Value::String),
        }
    }

    fn hash_literal(&mut self) -> Parsed<Value> {
        self.enter()?;
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.expect('=', true)?;
            let value = self.explicit_value()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            map.insert(key, value);
        }
        self.expect('}', false)?;
        self.depth -= 1;
        Ok(Value::Object(map))
    }

    fn first_value(&mut self) -> Parsed<String> {
        match self.current() {
            Some('\'') => self.quoted('\'', "singled quoted"),
            Some('"') => self.quoted('"', "double quoted"),
            _ => Ok(self.unquoted(follows_first).unwrap_or_default()),
        }
    }

    fn second_value(&mut self) -> Parsed<String> {
        match self.current() {
            Some('\'') => self.quoted('\'', "singled quoted"),
            Some('"') => self.quoted('"', "double quoted"),
            _ => self
                .unquoted(follows_second)
                .ok_or_else(|| self.syntax_error("<second>", "<none>", self.index)),
        }
    }

    /// A word: a start character, then allowed characters; `\,` is a
    /// literal comma. Trailing whitespace is dropped.
    fn unquoted(&mut self, follows: fn(char) -> bool) -> Option<String> {
        let start = self.index;
        let mut i = start;
        let escaped_comma =
            |i: usize| self.chars.get(i) == Some(&'\\') && self.chars.get(i + 1) == Some(&',');
        if escaped_comma(i) {
            i += 2;
        } else if self.chars.get(i).is_some_and(|&c| starts_word(c)) {
            i += 1;
        } else {
            return None;
        }
        loop {
            if escaped_comma(i) {
                i += 2;
            } else if self.chars.get(i).is_some_and(|&c| follows(c)) {
                i += 1;
            } else {
                break;
            }
        }
        self.index = i;
        let word: String = self.chars[start..i].iter().collect();
        Some(word.replace("\\,", ",").trim_end().to_string())
    }

    /// A quoted value; `\'` (or `\"`) and `\\` are unescaped. Like the
    /// regular expression it replaces, an unterminated quote still matches
    /// up to the last escaped quote.
    fn quoted(&mut self, quote: char, name: &str) -> Parsed<String> {
        let start = self.index;
        let mut i = start + 1;
        let mut last_escape = None;
        let end = loop {
            match self.chars.get(i) {
                None => match last_escape {
                    Some(escape_at) => break escape_at + 1,
                    None => return Err(self.syntax_error(&format!("<{name}>"), "<none>", start)),
                },
                Some('\\') if self.chars.get(i + 1) == Some(&quote) => {
                    last_escape = Some(i);
                    i += 2;
                }
                Some(&c) if c == quote => break i,
                Some(_) => i += 1,
            }
        };
        self.index = end + 1;
        let inner: String = self.chars[start + 1..end].iter().collect();
        Ok(inner
            .replace(&format!("\\{quote}"), &quote.to_string())
            .replace("\\\\", "\\"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::aws::model::{opt, BOOLEAN, INTEGER, STRING, STRING_LIST};
    use serde_json::json;

    #[test]
    fn key_value_pairs_and_csv_lists() {
        assert_eq!(
            parse("Key=Name,Value=web").unwrap(),
            json!({"Key": "Name", "Value": "web"})
        );
        assert_eq!(
            parse("Name=instance-state-name,Values=running,stopped").unwrap(),
            json!({"Name": "instance-state-name", "Values": ["running", "stopped"]})
        );
        assert_eq!(
            parse("Name=tag:Name,Values=web server").unwrap(),
            json!({"Name": "tag:Name", "Values": "web server"})
        );
        assert_eq!(parse("a=b=c").unwrap(), json!({"a": "b=c"}));
        assert_eq!(parse("Key=").unwrap(), json!({"Key": ""}));
    }

    #[test]
    fn nested_lists_and_hashes() {
        assert_eq!(
            parse("ResourceType=instance,Tags=[{Key=Name,Value=web},{Key=env,Value=dev}]").unwrap(),
            json!({"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "dev"}]})
        );
        assert_eq!(
            parse("IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0,Description='SSH from anywhere'}]").unwrap(),
            json!({"IpProtocol": "tcp", "FromPort": "22", "ToPort": "22",
                   "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "SSH from anywhere"}]})
        );
        assert_eq!(
            parse("Values=[a, b]").unwrap(),
            json!({"Values": ["a", "b"]})
        );
    }

    #[test]
    fn quotes_and_escaped_commas() {
        assert_eq!(parse("Value='a,b'").unwrap(), json!({"Value": "a,b"}));
        assert_eq!(parse(r#"Value="it's""#).unwrap(), json!({"Value": "it's"}));
        assert_eq!(parse(r"Value=a\,b").unwrap(), json!({"Value": "a,b"}));
        assert_eq!(parse(r"Value='it\'s'").unwrap(), json!({"Value": "it's"}));
    }

    #[test]
    fn errors_show_where_parsing_stopped() {
        assert_eq!(
            parse("Key").unwrap_err(),
            ShorthandError::Syntax("Expected: '=', received: 'EOF' for input:\nKey\n   ^".into())
        );
        assert_eq!(
            parse("Key=a,Key=b").unwrap_err(),
            ShorthandError::Syntax(
                "Second instance of key \"Key\" encountered for input:\nKey=a,Key=b\n      ^\n\
                 This is often because there is a preceding \",\" instead of a space."
                    .into()
            )
        );
        assert_eq!(
            parse("Tags=[{Key=a").unwrap_err(),
            ShorthandError::Syntax(
                "Expected: ',', received: 'EOF' for input:\nTags=[{Key=a\n            ^".into()
            )
        );
        assert!(
            matches!(parse("Values=a,").unwrap_err(), ShorthandError::Syntax(m) if m.starts_with("Expected: '<second>'"))
        );
        let deep = format!("a={}", "[".repeat(100));
        assert!(
            matches!(parse(&deep).unwrap_err(), ShorthandError::Syntax(m) if m.contains("nested deeper"))
        );
    }

    #[test]
    fn shape_types_values() {
        const S: Shape = Shape::Structure(&[
            opt("Name", &STRING),
            opt("Values", &STRING_LIST),
            opt("Count", &INTEGER),
            opt("Enabled", &BOOLEAN),
        ]);
        let mut v = parse("Name=x,Values=one,Count=3,Enabled=TRUE").unwrap();
        apply_shape(&mut v, &S).unwrap();
        assert_eq!(
            v,
            json!({"Name": "x", "Values": ["one"], "Count": 3, "Enabled": true})
        );
        let mut v = parse("Count=three").unwrap();
        assert_eq!(
            apply_shape(&mut v, &S).unwrap_err(),
            ShorthandError::Conversion("invalid literal for int() with base 10: 'three'".into())
        );
        let mut v = parse("Enabled=yes").unwrap();
        apply_shape(&mut v, &S).unwrap();
        assert_eq!(v, json!({"Enabled": "yes"}));
    }

    #[test]
    fn python_numbers() {
        assert_eq!(python_int(" 42 "), Some(42));
        assert_eq!(python_int("-1"), Some(-1));
        assert_eq!(python_int("1_000"), Some(1000));
        assert_eq!(python_int("1.0"), None);
        assert_eq!(python_int(""), None);
        assert_eq!(python_float("2.5"), Some(2.5));
        assert_eq!(python_float("x"), None);
    }
    #[test]
    fn agrees_with_aws_cli_shorthand_parser() {
        // Inputs and results of aws-cli's own ShorthandParser ("ERR": it refuses).
        let cases = [
            (
                r#"Key=Name,Value=web"#,
                r#"{"Key": "Name", "Value": "web"}"#,
            ),
            (
                r#"Name=instance-state-name,Values=running,stopped"#,
                r#"{"Name": "instance-state-name", "Values": ["running", "stopped"]}"#,
            ),
            (
                r#"ResourceType=instance,Tags=[{Key=Name,Value=My Server},{Key=env,Value=dev}]"#,
                r#"{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "My Server"}, {"Key": "env", "Value": "dev"}]}"#,
            ),
            (r#"a=b=c"#, r#"{"a": "b=c"}"#),
            (r#"Key=,Value=x"#, r#"{"Key": "", "Value": "x"}"#),
            (r#"Values=[a, b ,c]"#, r#"{"Values": ["a", "b", "c"]}"#),
            (
                r#"Value='a,b',Other="x y""#,
                r#"{"Value": "a,b", "Other": "x y"}"#,
            ),
            (r#"Value=a\,b,c=d"#, r#"{"Value": "a,b", "c": "d"}"#),
            (
                r#"IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0,Description='SSH access'}],UserIdGroupPairs=[{GroupId=sg-1}]"#,
                r#"{"IpProtocol": "tcp", "FromPort": "22", "ToPort": "22", "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "SSH access"}], "UserIdGroupPairs": [{"GroupId": "sg-1"}]}"#,
            ),
            (
                r#"DeviceName=/dev/xvda,Ebs={VolumeSize=20,VolumeType=gp3}"#,
                r#"{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": "20", "VolumeType": "gp3"}}"#,
            ),
            (
                r#"Name=tag:Name,Values=web*,*api*"#,
                r#"{"Name": "tag:Name", "Values": ["web*", "*api*"]}"#,
            ),
            (r#"k=[[a,b],[c]]"#, r#"{"k": [["a", "b"], ["c"]]}"#),
            (r#"k={a={b=c}}"#, r#"{"k": {"a": {"b": "c"}}}"#),
            (r#"  Key = Name , Value = web "#, r#"ERR"#),
            (
                r#"Name=x,Values=a,b,Other=c"#,
                r#"{"Name": "x", "Values": ["a", "b"], "Other": "c"}"#,
            ),
        ];
        for (input, expected) in cases {
            match parse(input) {
                Ok(value) => assert_eq!(
                    value,
                    serde_json::from_str::<Value>(expected).unwrap(),
                    "{input}"
                ),
                Err(_) => assert_eq!(expected, "ERR", "{input}"),
            }
        }
    }
}
