//! How Python prints values. The AWS CLI is a Python program: its text and
//! table output use `str()` on scalars (`True`, `None`, `32.0`) and its error
//! messages use `repr()` of lists and dicts, so the terminal does the same.

use serde_json::{Number, Value};

/// Python's `repr(float)`: the shortest round-trip digits, in positional
/// notation for exponents -4..16 (`32.0`, `0.0001`) and scientific
/// otherwise (`1e+16`, `1.5e-07`).
pub fn float_repr(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if !(-4..16).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs());
    }
    // Position of the decimal point relative to the digit string.
    let point = exponent + 1;
    let len = digits.len() as i32;
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point >= len {
        format!("{digits}{}.0", "0".repeat((point - len) as usize))
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    };
    format!("{sign}{body}")
}

/// A JSON number as Python prints it (integers exactly, floats by `repr`).
pub fn number(n: &Number) -> String {
    if n.is_f64() {
        float_repr(n.as_f64().unwrap_or_default())
    } else {
        n.to_string()
    }
}

/// Python's `str()`: strings bare, everything else as `repr()`.
pub fn str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// Python's `repr()` of the value json.loads would have made.
pub fn repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => string_repr(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", string_repr(k), repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's `json.dumps(value)` with its defaults: `", "` and `": "`
/// between items, non-ASCII characters escaped.
pub fn json_dumps(value: &Value) -> String {
    match value {
        Value::String(s) => json_string(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(json_dumps).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", json_string(k), json_dumps(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Number(n) => number(n),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
    }
}

/// A JSON string as `json.dumps` writes it (`ensure_ascii`).
fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// The name of the Python type json.loads gives for the value, as
/// `type(x)` prints it (botocore puts it in validation messages).
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

/// Python's quoting of a string: single quotes unless the text holds a
/// single quote and no double quote.
fn string_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_print_like_python() {
        assert_eq!(float_repr(32.0), "32.0");
        assert_eq!(float_repr(0.5), "0.5");
        assert_eq!(float_repr(-2.25), "-2.25");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(0.00001), "1e-05");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(1.5e-7), "1.5e-07");
        assert_eq!(float_repr(123456.789), "123456.789");
        assert_eq!(float_repr(0.0), "0.0");
    }

    #[test]
    fn json_dumps_uses_python_separators_and_ascii() {
        assert_eq!(
            json_dumps(&json!({"NextToken": null, "boto_truncate_amount": 2})),
            r#"{"NextToken": null, "boto_truncate_amount": 2}"#
        );
        assert_eq!(
            json_dumps(&json!(["\u{e9}\u{1F600}", "a\"b\\\n", 1.5, true, 1e17])),
            r#"["\u00e9\ud83d\ude00", "a\"b\\\n", 1.5, true, 1e+17]"#
        );
    }

    #[test]
    fn str_and_repr_follow_python() {
        assert_eq!(str(&json!("web")), "web");
        assert_eq!(str(&json!(true)), "True");
        assert_eq!(str(&json!(null)), "None");
        assert_eq!(str(&json!(5)), "5");
        assert_eq!(str(&json!(5.0)), "5.0");
        assert_eq!(repr(&json!(["a", 1, false, null])), "['a', 1, False, None]");
        assert_eq!(repr(&json!({"Key": "it's"})), "{'Key': \"it's\"}");
        assert_eq!(type_name(&json!(1.5)), "<class 'float'>");
        assert_eq!(type_name(&json!([1])), "<class 'list'>");
    }
}
