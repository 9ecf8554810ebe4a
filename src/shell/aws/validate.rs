//! botocore's client-side validation of a request against the model
//! (`botocore/validate.py`): missing required members, unknown members and
//! wrong types are reported together, before anything is sent.

use super::model::{Member, Shape};
use crate::shell::python;
use serde_json::{Map, Value};

/// The report lines, empty when the request is valid.
pub fn validate(params: &Map<String, Value>, members: &[Member]) -> Vec<String> {
    let mut errors = Vec::new();
    structure(params, members, "", &mut errors);
    errors
}

fn display_name(path: &str) -> &str {
    if path.is_empty() {
        "input"
    } else {
        path.strip_prefix('.').unwrap_or(path)
    }
}

fn structure(
    params: &Map<String, Value>,
    members: &[Member],
    path: &str,
    errors: &mut Vec<String>,
) {
    for member in members.iter().filter(|m| m.required) {
        if !params.contains_key(member.name) {
            errors.push(format!(
                "Missing required parameter in {}: \"{}\"",
                display_name(path),
                member.name
            ));
        }
    }
    let mut known = Vec::new();
    for (key, value) in params {
        match members.iter().find(|m| m.name == key) {
            Some(member) => known.push((member, value)),
            None => {
                let names: Vec<&str> = members.iter().map(|m| m.name).collect();
                errors.push(format!(
                    "Unknown parameter in {}: \"{key}\", must be one of: {}",
                    display_name(path),
                    names.join(", ")
                ));
            }
        }
    }
    for (member, value) in known {
        check(
            value,
            member.shape,
            &format!("{path}.{}", member.name),
            errors,
        );
    }
}

fn check(value: &Value, shape: &Shape, path: &str, errors: &mut Vec<String>) {
    let valid = match shape {
        Shape::String => value.is_string(),
        // Python's bool is an int, so booleans pass as integers.
        Shape::Integer => value.is_i64() || value.is_u64() || value.is_boolean(),
        Shape::Double => value.is_number() || value.is_boolean(),
        Shape::Boolean => value.is_boolean(),
        Shape::Blob => value.is_string(),
        // A datetime, a string botocore can read as one, or epoch seconds.
        Shape::Timestamp => match value {
            Value::String(text) => crate::kernel::calendar::parse_timestamp(text).is_some(),
            Value::Number(number) => number.as_f64().is_some_and(|n| n >= 0.0),
            _ => false,
        },
        Shape::List(_) => value.is_array(),
        Shape::Structure(_) => value.is_object(),
    };
    if !valid {
        errors.push(format!(
            "Invalid type for parameter {}, value: {}, type: {}, valid types: {}",
            display_name(path),
            python::str(value),
            python::type_name(value),
            valid_types(shape)
        ));
        return;
    }
    match (shape, value) {
        (Shape::Structure(members), Value::Object(map)) => structure(map, members, path, errors),
        (Shape::List(member), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check(item, member, &format!("{path}[{i}]"), errors);
            }
        }
        _ => {}
    }
}

fn valid_types(shape: &Shape) -> &'static str {
    match shape {
        Shape::String => "<class 'str'>",
        Shape::Integer => "<class 'int'>",
        Shape::Double => "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
        Shape::Boolean => "<class 'bool'>",
        Shape::Blob => "<class 'bytes'>, <class 'bytearray'>, file-like object",
        Shape::Timestamp => "<class 'datetime.datetime'>, timestamp-string",
        Shape::List(_) => "<class 'list'>, <class 'tuple'>",
        Shape::Structure(_) => "<class 'dict'>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::aws::model::{opt, req, BOOLEAN, INTEGER, STRING, TIMESTAMP};
    use serde_json::json;

    const TAG: Shape = Shape::Structure(&[req("Key", &STRING), opt("Value", &STRING)]);
    const TAGS: Shape = Shape::List(&TAG);
    const MONITORING: Shape = Shape::Structure(&[req("Enabled", &BOOLEAN)]);
    const INPUT: &[Member] = &[
        opt("Tags", &TAGS),
        opt("Monitoring", &MONITORING),
        opt("MaxCount", &INTEGER),
        opt("StartTime", &TIMESTAMP),
    ];

    fn check_params(v: Value) -> Vec<String> {
        validate(v.as_object().unwrap(), INPUT)
    }

    #[test]
    fn valid_requests_pass() {
        assert!(
            check_params(json!({"Tags": [{"Key": "a", "Value": "b"}], "MaxCount": 1})).is_empty()
        );
    }

    #[test]
    fn reports_like_botocore() {
        assert_eq!(
            check_params(json!({"Tags": [{"Value": "b", "Foo": 1}], "Monitoring": {"Enabled": "yes"}, "MaxCount": 1.5})),
            vec![
                "Missing required parameter in Tags[0]: \"Key\"".to_string(),
                "Unknown parameter in Tags[0]: \"Foo\", must be one of: Key, Value".to_string(),
                "Invalid type for parameter Monitoring.Enabled, value: yes, type: <class 'str'>, valid types: <class 'bool'>".to_string(),
                "Invalid type for parameter MaxCount, value: 1.5, type: <class 'float'>, valid types: <class 'int'>".to_string(),
            ]
        );
        assert!(check_params(json!({"StartTime": "2025-06-02T09:00:00Z"})).is_empty());
        assert!(check_params(json!({"StartTime": 1748854800})).is_empty());
        assert_eq!(
            check_params(json!({"StartTime": "yesterday"})),
            vec!["Invalid type for parameter StartTime, value: yesterday, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string".to_string()]
        );
        assert_eq!(
            check_params(json!({"Tags": {"Key": "a"}})),
            vec!["Invalid type for parameter Tags, value: {'Key': 'a'}, type: <class 'dict'>, valid types: <class 'list'>, <class 'tuple'>".to_string()]
        );
    }
}
