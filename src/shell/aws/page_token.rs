//! The CLI's own pagination tokens (botocore's `TokenEncoder` and
//! `TokenDecoder` in `paginate.py`): `--max-items` prints, and
//! `--starting-token` takes, the base64 of a JSON object holding the
//! service's token and, when the cut fell inside a page,
//! `boto_truncate_amount`, the number of that page's items already printed.
//! A token that is not such an object is taken the old way
//! (`<service token>___<items>`) or passed to the service as it is.

use super::errors::CliError;
use super::shorthand::python_int;
use crate::shell::python;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};

/// How many items of the resumed page were already printed.
const TRUNCATE_AMOUNT: &str = "boto_truncate_amount";

/// Where a `--starting-token` resumes.
#[derive(Debug, Clone, PartialEq)]
pub struct StartingToken {
    /// The request members to set (a decoded object may hold anything; the
    /// request validation reports what does not belong).
    pub members: Map<String, Value>,
    /// Items of the first page to leave out, or `None` when the amount is
    /// not a number Python can slice with.
    pub skip: Option<i64>,
}

/// The token to print for resuming at `next` (the service token under the
/// operation's `input_token` and, if the cut fell inside a page,
/// `boto_truncate_amount`).
pub fn encode(next: &Map<String, Value>, input_token: &str) -> Result<String, CliError> {
    // botocore's `resume_token` setter accepts exactly the input tokens,
    // plus the truncation amount.
    let expected = 1 + usize::from(next.contains_key(TRUNCATE_AMOUNT));
    if next.len() != expected || !next.contains_key(input_token) {
        return Err(CliError::general(format!(
            "Bad starting token: {}",
            python::repr(&Value::Object(next.clone()))
        )));
    }
    Ok(STANDARD.encode(python::json_dumps(&Value::Object(next.clone()))))
}

/// What `--starting-token` asks for; an old-style or opaque token resumes
/// the operation's `input_token`.
pub fn decode(token: &str, input_token: &str) -> Result<StartingToken, CliError> {
    match decode_object(token) {
        Some(Value::Object(mut members)) => {
            let skip = match members.shift_remove(TRUNCATE_AMOUNT) {
                None | Some(Value::Null) => Some(0),
                Some(Value::Bool(b)) => Some(i64::from(b)),
                Some(Value::Number(n)) => n.as_i64(),
                Some(_) => None,
            };
            Ok(StartingToken { members, skip })
        }
        // A list fails botocore's decoder with a TypeError, which sends it
        // down the old-style path.
        Some(Value::Array(_)) | None => deprecated(token, input_token),
        // Anything else fails it with an AttributeError nobody catches.
        Some(other) => Err(CliError::general(format!(
            "'{}' object has no attribute 'pop'",
            python_type(&other)
        ))),
    }
}

/// base64 (characters outside the alphabet are dropped, as Python's
/// decoder does), UTF-8, then JSON.
fn decode_object(token: &str) -> Option<Value> {
    let alphabet: String = token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    let bytes = STANDARD.decode(alphabet).ok()?;
    serde_json::from_str(&String::from_utf8(bytes).ok()?).ok()
}

fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        _ => "str",
    }
}

/// botocore's `_parse_starting_token_deprecated`: `token___items`, or the
/// whole text as the service token.
fn deprecated(token: &str, input_token: &str) -> Result<StartingToken, CliError> {
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut skip = 0;
    if parts.len() == 2 {
        match python_int(parts[1]) {
            Some(items) => {
                skip = items;
                parts.pop();
            }
            None => parts = vec![token],
        }
    }
    let [service_token] = parts[..] else {
        return Err(CliError::general(format!("Bad starting token: {token}")));
    };
    let value = if service_token == "None" {
        Value::Null
    } else {
        Value::String(service_token.to_string())
    };
    let mut members = Map::new();
    members.insert(input_token.to_string(), value);
    Ok(StartingToken {
        members,
        skip: Some(skip),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn tokens_are_base64_of_python_json() {
        let token = encode(
            &map(json!({"NextToken": null, "boto_truncate_amount": 2})),
            "NextToken",
        )
        .unwrap();
        assert_eq!(
            token,
            "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="
        );
        assert_eq!(
            decode(&token, "NextToken").unwrap(),
            StartingToken {
                members: map(json!({"NextToken": null})),
                skip: Some(2)
            }
        );
        let page_boundary = encode(&map(json!({"NextToken": "abc"})), "NextToken").unwrap();
        assert_eq!(page_boundary, "eyJOZXh0VG9rZW4iOiAiYWJjIn0=");
        // Characters outside the base64 alphabet are ignored.
        assert_eq!(
            decode(&format!("\"{page_boundary}\""), "NextToken")
                .unwrap()
                .skip,
            Some(0)
        );
    }

    #[test]
    fn other_tokens_follow_botocores_fallbacks() {
        let raw = decode("not-a-token", "NextToken").unwrap();
        assert_eq!(raw.members, map(json!({"NextToken": "not-a-token"})));
        let old = decode("abc___3", "NextToken").unwrap();
        assert_eq!(
            (old.members, old.skip),
            (map(json!({"NextToken": "abc"})), Some(3))
        );
        assert_eq!(
            decode("abc___x", "NextToken").unwrap().members,
            map(json!({"NextToken": "abc___x"}))
        );
        assert_eq!(
            decode("None", "NextToken").unwrap().members,
            map(json!({"NextToken": null}))
        );
        let e = decode("a___b___c", "NextToken").unwrap_err();
        assert_eq!(
            (e.exit_code(), e.render()),
            (
                255,
                "\naws: [ERROR]: Bad starting token: a___b___c\n".into()
            )
        );
        // base64 of `5`, of `"x"`, of `[1]`.
        assert_eq!(
            decode("NQ==", "NextToken").unwrap_err(),
            CliError::general("'int' object has no attribute 'pop'")
        );
        assert_eq!(
            decode("Ingi", "NextToken").unwrap_err(),
            CliError::general("'str' object has no attribute 'pop'")
        );
        assert_eq!(
            decode("WzFd", "NextToken").unwrap().members,
            map(json!({"NextToken": "WzFd"}))
        );
        assert_eq!(
            decode(
                &STANDARD.encode(r#"{"boto_truncate_amount": "2"}"#),
                "NextToken"
            )
            .unwrap()
            .skip,
            None
        );
    }

    #[test]
    fn tokens_name_the_operations_own_input_token() {
        // ECS pages by camelCase `nextToken`.
        let token = encode(&map(json!({"nextToken": "abc"})), "nextToken").unwrap();
        assert_eq!(
            decode(&token, "nextToken").unwrap().members,
            map(json!({"nextToken": "abc"}))
        );
        assert!(encode(&map(json!({"NextToken": "abc"})), "nextToken").is_err());
        assert_eq!(
            decode("abc___1", "nextToken").unwrap().members,
            map(json!({"nextToken": "abc"}))
        );
    }

    #[test]
    fn resume_tokens_hold_only_the_input_token_and_the_amount() {
        let e = encode(
            &map(json!({"Foo": 1, "boto_truncate_amount": 3})),
            "NextToken",
        )
        .unwrap_err();
        assert_eq!(
            e,
            CliError::general("Bad starting token: {'Foo': 1, 'boto_truncate_amount': 3}")
        );
    }
}
