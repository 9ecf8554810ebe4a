//! Turning option values into request parameters by their shape, as the
//! CLI's `argprocess.py` does: `file://`/`fileb://` values are read from the
//! home folder first; numbers are parsed; structures and lists of
//! structures take JSON or shorthand; blobs are base64 (CLI v2).

use super::argv::Given;
use super::errors::CliError;
use super::model::Shape;
use super::shorthand::{self, ShorthandError};
use crate::shell::home::Home;
use crate::shell::python;
use base64::Engine;
use serde_json::Value;

/// How blob values on the command line are read (`--cli-binary-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BinaryFormat {
    /// Values are base64 and decoded before sending (CLI v2's default).
    #[default]
    Base64,
    /// Values are raw text.
    RawInBase64Out,
}

/// An option's value after `file://` and `fileb://` were resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The value as argparse gave it, or the file's content.
    pub given: Given,
    /// True when it came from `fileb://` (raw bytes, never base64-decoded).
    pub binary: bool,
}

/// Reads `file://name` and `fileb://name` values from the home folder. Like
/// the CLI, a list option holding one such value becomes that file's text.
pub fn load_paramfile(option: &str, given: Given, home: &Home) -> Result<Loaded, CliError> {
    let single = match &given {
        Given::One(value) => Some(value.as_str()),
        Given::Many(values) if values.len() == 1 => Some(values[0].as_str()),
        _ => None,
    };
    let Some(value) = single else {
        return Ok(Loaded {
            given,
            binary: false,
        });
    };
    for (prefix, binary) in [("file://", false), ("fileb://", true)] {
        if let Some(path) = value.strip_prefix(prefix) {
            let content = home.read(path).map_err(|reason| {
                CliError::param(
                    option,
                    format!(
                        "Unable to load paramfile {value}: {}",
                        reason.errno_text(path)
                    ),
                )
            })?;
            return Ok(Loaded {
                given: Given::One(content.to_string()),
                binary,
            });
        }
    }
    Ok(Loaded {
        given,
        binary: false,
    })
}

/// The request value of an option whose member has `shape`.
pub fn unpack(
    option: &str,
    shape: &Shape,
    loaded: &Loaded,
    binary_format: BinaryFormat,
) -> Result<Value, CliError> {
    match (&loaded.given, shape) {
        // `--disable-api-termination` alone: the `{Value: true}` wrapper.
        (Given::Flag(b), Shape::Structure(_)) => Ok(serde_json::json!({"Value": b})),
        (Given::Flag(b), _) => Ok(Value::Bool(*b)),
        (Given::One(text), Shape::Blob) => blob(text, loaded.binary, binary_format),
        (Given::One(text), Shape::Structure(_)) => structure(option, shape, text),
        (Given::One(text), Shape::List(member)) => list_from_text(option, member, text),
        (Given::One(text), scalar) => scalar_value(scalar, text),
        (Given::Many(values), Shape::List(member)) => list(option, shape, member, values),
        // argparse only gives several values to list options.
        (Given::Many(values), _) => Ok(Value::Array(
            values.iter().cloned().map(Value::String).collect(),
        )),
    }
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['[', '{'])
}

fn is_complex(shape: &Shape) -> bool {
    matches!(shape, Shape::Structure(_) | Shape::List(_))
}

/// A scalar from text: Python's `int()` / `float()` for numbers.
pub fn scalar_value(shape: &Shape, text: &str) -> Result<Value, CliError> {
    match shape {
        Shape::Integer => shorthand::python_int(text).map(Value::from).ok_or_else(|| {
            CliError::general(format!(
                "invalid literal for int() with base 10: {}",
                python::repr(&Value::String(text.to_string()))
            ))
        }),
        Shape::Double => shorthand::python_float(text)
            .map(Value::from)
            .ok_or_else(|| {
                CliError::general(format!(
                    "could not convert string to float: {}",
                    python::repr(&Value::String(text.to_string()))
                ))
            }),
        Shape::Boolean => Ok(Value::Bool(
            !text.eq_ignore_ascii_case("false") && !text.is_empty(),
        )),
        _ => Ok(Value::String(text.to_string())),
    }
}

fn structure(option: &str, shape: &Shape, text: &str) -> Result<Value, CliError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return parse_json(option, text);
    }
    if trimmed.starts_with('[') {
        return Err(CliError::param(option, format!("Invalid JSON:\n{text}")));
    }
    parse_shorthand(option, shape, text)
}

fn parse_shorthand(option: &str, shape: &Shape, text: &str) -> Result<Value, CliError> {
    let mut value = shorthand::parse(text).map_err(|e| shorthand_error(option, e))?;
    shorthand::apply_shape(&mut value, shape).map_err(|e| shorthand_error(option, e))?;
    Ok(value)
}

fn shorthand_error(option: &str, error: ShorthandError) -> CliError {
    match error {
        ShorthandError::Syntax(message) => CliError::param(option, message),
        ShorthandError::Conversion(message) => CliError::general(message),
    }
}

fn list(option: &str, shape: &Shape, member: &Shape, values: &[String]) -> Result<Value, CliError> {
    let first_is_json = values.first().is_some_and(|v| looks_like_json(v));
    if first_is_json {
        if values.len() == 1 && values[0].trim_start().starts_with('[') {
            return parse_json(option, &values[0]);
        }
        return values
            .iter()
            .map(|v| element(option, member, v))
            .collect::<Result<Vec<Value>, CliError>>()
            .map(Value::Array);
    }
    if is_complex(member) {
        let mut parsed = Vec::with_capacity(values.len());
        for text in values {
            parsed.push(shorthand::parse(text).map_err(|e| shorthand_error(option, e))?);
        }
        let mut value = Value::Array(parsed);
        shorthand::apply_shape(&mut value, shape).map_err(|e| shorthand_error(option, e))?;
        return Ok(value);
    }
    values
        .iter()
        .map(|v| element(option, member, v))
        .collect::<Result<Vec<Value>, CliError>>()
        .map(Value::Array)
}

fn element(option: &str, member: &Shape, text: &str) -> Result<Value, CliError> {
    match member {
        Shape::Structure(_) => structure(option, member, text),
        Shape::List(inner) => list_from_text(option, inner, text),
        scalar => scalar_value(scalar, text),
    }
}

/// A list option whose value is one string (from a file): JSON when it
/// starts with `[`, shorthand for lists of structures, and otherwise (as
/// the CLI does, surprisingly) one element per character.
fn list_from_text(option: &str, member: &Shape, text: &str) -> Result<Value, CliError> {
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(CliError::general("string index out of range"));
    }
    if trimmed.starts_with('[') {
        return parse_json(option, text);
    }
    if is_complex(member) && !trimmed.starts_with('{') {
        // Parsed as one structure; validation then reports the missing list.
        let mut value = shorthand::parse(text).map_err(|e| shorthand_error(option, e))?;
        shorthand::apply_shape(&mut value, member).map_err(|e| shorthand_error(option, e))?;
        return Ok(value);
    }
    text.chars()
        .map(|c| element(option, member, &c.to_string()))
        .collect::<Result<Vec<Value>, CliError>>()
        .map(Value::Array)
}

/// A blob as sent on the wire: base64 of its bytes.
fn blob(text: &str, binary: bool, format: BinaryFormat) -> Result<Value, CliError> {
    let engine = base64::engine::general_purpose::STANDARD;
    if binary || format == BinaryFormat::RawInBase64Out {
        return Ok(Value::String(engine.encode(text.as_bytes())));
    }
    let bytes = lenient_base64(text)
        .ok_or_else(|| CliError::general(format!("Invalid base64: \"{text}\"")))?;
    Ok(Value::String(engine.encode(bytes)))
}

/// Python's `base64.b64decode` without validation: characters outside the
/// alphabet are skipped, padding that completes a group ends the data, and
/// the rest must form whole groups.
fn lenient_base64(text: &str) -> Option<Vec<u8>> {
    let symbols: Vec<char> = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    let mut data = String::new();
    let mut padded = false;
    for (i, &c) in symbols.iter().enumerate() {
        if c != '=' {
            data.push(c);
            continue;
        }
        let completes = match data.len() % 4 {
            3 => true,
            2 => symbols.get(i + 1) == Some(&'='),
            _ => false,
        };
        if completes {
            padded = true;
            break;
        }
    }
    if !padded && data.len() % 4 != 0 {
        return None;
    }
    // Python ignores stray bits in the last symbol; the crate must be told to.
    let config = base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone);
    base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, config)
        .decode(data)
        .ok()
}

/// Parses a JSON option value, wording failures as Python's `json` module.
fn parse_json(option: &str, text: &str) -> Result<Value, CliError> {
    serde_json::from_str(text).map_err(|e| {
        CliError::param(
            option,
            format!(
                "Invalid JSON: {}\nJSON received: {text}",
                python_json_error(&e, text)
            ),
        )
    })
}

/// serde_json's error in the words of Python's `json.loads`, with
/// Python's position (the end of the text for a premature end, the opening
/// quote for an unterminated string).
fn python_json_error(error: &serde_json::Error, text: &str) -> String {
    let message = error.to_string();
    let reason = message.split(" at line ").next().unwrap_or(&message);
    let chars: Vec<char> = text.chars().collect();
    let serde_index = text
        .split('\n')
        .take(error.line().saturating_sub(1))
        .map(|l| l.chars().count() + 1)
        .sum::<usize>()
        + error.column().saturating_sub(1);
    let (what, index) = if reason.starts_with("EOF while parsing a string") {
        let start = chars.iter().rposition(|&c| c == '"').unwrap_or(0);
        ("Unterminated string starting at", start)
    } else if reason.starts_with("EOF while parsing a list")
        || reason.starts_with("EOF while parsing an object")
    {
        ("Expecting ',' delimiter", chars.len())
    } else if error.classify() == serde_json::error::Category::Eof {
        ("Expecting value", chars.len())
    } else if reason.starts_with("trailing comma") {
        match chars.get(serde_index) {
            Some('}') => (
                "Expecting property name enclosed in double quotes",
                serde_index,
            ),
            _ => ("Expecting value", serde_index),
        }
    } else if reason.contains("expected `,` or") {
        ("Expecting ',' delimiter", serde_index)
    } else if reason.contains("expected `:`") {
        ("Expecting ':' delimiter", serde_index)
    } else if reason.contains("key must be a string") {
        (
            "Expecting property name enclosed in double quotes",
            serde_index,
        )
    } else if reason.starts_with("control character") {
        ("Invalid control character at", serde_index)
    } else if reason.starts_with("trailing characters") {
        ("Extra data", serde_index)
    } else if reason.starts_with("invalid escape") {
        ("Invalid \\escape", serde_index)
    } else if reason.starts_with("recursion limit") {
        return "maximum recursion depth exceeded while decoding a JSON array from a unicode string".to_string();
    } else {
        ("Expecting value", serde_index)
    };
    let before = &chars[..index.min(chars.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = index - before.iter().rposition(|&c| c == '\n').map_or(0, |p| p + 1) + 1;
    format!("{what}: line {line} column {column} (char {index})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::aws::model::{opt, INTEGER, STRING, STRING_LIST};
    use serde_json::json;

    const TAG: Shape = Shape::Structure(&[opt("Key", &STRING), opt("Value", &STRING)]);
    const TAGS: Shape = Shape::List(&TAG);
    const INTS: Shape = Shape::List(&INTEGER);

    fn one(text: &str) -> Loaded {
        Loaded {
            given: Given::One(text.into()),
            binary: false,
        }
    }

    fn many(values: &[&str]) -> Loaded {
        Loaded {
            given: Given::Many(values.iter().map(|s| s.to_string()).collect()),
            binary: false,
        }
    }

    #[test]
    fn scalars_by_type() {
        assert_eq!(
            unpack("--max-results", &INTEGER, &one("5"), BinaryFormat::Base64).unwrap(),
            json!(5)
        );
        let e = unpack("--max-results", &INTEGER, &one("x"), BinaryFormat::Base64).unwrap_err();
        assert_eq!(
            e,
            CliError::General("invalid literal for int() with base 10: 'x'".into())
        );
        assert_eq!(e.exit_code(), 255);
        assert_eq!(
            unpack("--image-id", &STRING, &one("ami-1"), BinaryFormat::Base64).unwrap(),
            json!("ami-1")
        );
        assert_eq!(
            unpack("--ids", &INTS, &many(&["1", "2"]), BinaryFormat::Base64).unwrap(),
            json!([1, 2])
        );
        assert_eq!(
            unpack("--ids", &STRING_LIST, &many(&[]), BinaryFormat::Base64).unwrap(),
            json!([])
        );
    }

    #[test]
    fn lists_of_structures_take_shorthand_or_json() {
        assert_eq!(
            unpack(
                "--tags",
                &TAGS,
                &many(&["Key=Name,Value=web", "Key=env,Value=dev"]),
                BinaryFormat::Base64
            )
            .unwrap(),
            json!([{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "dev"}])
        );
        assert_eq!(
            unpack(
                "--tags",
                &TAGS,
                &many(&[r#"[{"Key":"Name","Value":"web"}]"#]),
                BinaryFormat::Base64
            )
            .unwrap(),
            json!([{"Key": "Name", "Value": "web"}])
        );
        assert_eq!(
            unpack(
                "--tags",
                &TAGS,
                &many(&[r#"{"Key":"a"}"#, r#"{"Key":"b"}"#]),
                BinaryFormat::Base64
            )
            .unwrap(),
            json!([{"Key": "a"}, {"Key": "b"}])
        );
    }

    #[test]
    fn json_errors_are_worded_like_python() {
        let e = unpack(
            "--tags",
            &TAGS,
            &many(&[r#"[{"Key": "a",}]"#]),
            BinaryFormat::Base64,
        )
        .unwrap_err();
        assert_eq!(
            e,
            CliError::param(
                "--tags",
                "Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 14 (char 13)\nJSON received: [{\"Key\": \"a\",}]"
            )
        );
        assert_eq!(e.exit_code(), 252);
        for (text, expected) in [
            ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
            ("[1", "Expecting ',' delimiter: line 1 column 3 (char 2)"),
            ("[1] x", "Extra data: line 1 column 5 (char 4)"),
            (
                "[\"a",
                "Unterminated string starting at: line 1 column 2 (char 1)",
            ),
            (
                "[{\"a\" 1}]",
                "Expecting ':' delimiter: line 1 column 7 (char 6)",
            ),
        ] {
            let e = unpack("--tags", &TAGS, &many(&[text]), BinaryFormat::Base64).unwrap_err();
            assert_eq!(
                e,
                CliError::param(
                    "--tags",
                    format!("Invalid JSON: {expected}\nJSON received: {text}")
                )
            );
        }
        let deep = format!("[{}", "[".repeat(5000));
        assert!(unpack("--tags", &TAGS, &many(&[&deep]), BinaryFormat::Base64).is_err());
    }

    #[test]
    fn shorthand_errors_are_parameter_errors() {
        let e = unpack("--tags", &TAGS, &many(&["Key"]), BinaryFormat::Base64).unwrap_err();
        assert_eq!(
            e.render(),
            "\naws: [ERROR]: An error occurred (ParamValidation): Error parsing parameter '--tags': \
             Expected: '=', received: 'EOF' for input:\nKey\n   ^\n"
        );
    }

    #[test]
    fn blobs_are_base64_unless_from_fileb() {
        assert_eq!(
            blob("c3NoLXJzYSBBQUFB", false, BinaryFormat::Base64).unwrap(),
            json!("c3NoLXJzYSBBQUFB")
        );
        assert_eq!(
            blob("ssh-rsa AAAA", true, BinaryFormat::Base64).unwrap(),
            json!("c3NoLXJzYSBBQUFB")
        );
        assert_eq!(
            blob("abcde", false, BinaryFormat::Base64).unwrap_err(),
            CliError::General("Invalid base64: \"abcde\"".into())
        );
        // Python skips what is not base64, as long as whole groups remain.
        assert_eq!(lenient_base64("ssh-rsa AAAA me").unwrap().len(), 9);
        assert_eq!(lenient_base64("ab=cd").unwrap(), vec![0x69, 0xb7, 0x1d]);
        assert_eq!(lenient_base64("ab==cd").unwrap(), vec![0x69]);
        assert_eq!(lenient_base64("abc=").unwrap(), vec![0x69, 0xb7]);
        assert!(lenient_base64("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHJlYWxseSBhIHB1YmxpYyBrZXkgZm9yIHRoZSBzYW5kYm94 learner@laptop\n").is_none());
    }
}
