//! `--output json`: Python's `json.dumps(response, indent=4,
//! ensure_ascii=False)`, keys in the response's order.

use crate::shell::python;
use serde_json::Value;

/// The response as the CLI prints it, with a final newline; nothing for an
/// empty object (an action without output).
pub fn format(value: &Value) -> String {
    if value.as_object().is_some_and(|map| map.is_empty()) {
        return String::new();
    }
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&python::number(n)),
        Value::String(s) => write_string(out, s),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, item, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.push_str(&" ".repeat(depth * 4));
}

/// JSON string escaping; serde_json and Python agree on it (`\n`, `\"`,
/// `\u001b`, non-ASCII kept as is).
fn write_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn indents_by_four_and_keeps_key_order() {
        let v =
            json!({"Zeta": 1, "Alpha": [{"Key": "Name", "Value": "web"}], "Empty": [], "Obj": {}});
        assert_eq!(
            format(&v),
            "{\n    \"Zeta\": 1,\n    \"Alpha\": [\n        {\n            \"Key\": \"Name\",\n            \
             \"Value\": \"web\"\n        }\n    ],\n    \"Empty\": [],\n    \"Obj\": {}\n}\n"
        );
    }

    #[test]
    fn floats_and_scalars_print_as_python_json() {
        assert_eq!(
            format(&json!({"Value": 32.0})),
            "{\n    \"Value\": 32.0\n}\n"
        );
        assert_eq!(format(&json!("i-0abc")), "\"i-0abc\"\n");
        assert_eq!(format(&json!(null)), "null\n");
        assert_eq!(format(&json!([])), "[]\n");
        assert_eq!(format(&json!("é\n")), "\"é\\n\"\n");
    }

    #[test]
    fn empty_response_prints_nothing() {
        assert_eq!(format(&json!({})), "");
    }
}
