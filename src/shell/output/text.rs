//! `--output text`, following aws-cli's `text.py`: scalars of a structure on
//! one tab-separated line (keys sorted), nested values on following lines
//! prefixed with their upper-cased key, a list of scalars on one line.

use crate::shell::python;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The response as the CLI prints it.
pub fn format(value: &Value) -> String {
    let mut out = String::new();
    write_item(&mut out, value, None, None);
    out
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn write_item(
    out: &mut String,
    item: &Value,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) {
    match item {
        Value::Object(map) => write_dict(out, map, identifier, scalar_keys),
        Value::Array(items) => write_list(out, items, identifier),
        scalar => {
            out.push_str(&python::str(scalar));
            out.push('\n');
        }
    }
}

fn write_list(out: &mut String, items: &[Value], identifier: Option<&str>) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        // Every element gets a column for every scalar key any element has.
        let keys = all_scalar_keys(items);
        for element in items {
            write_item(out, element, identifier, Some(&keys));
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            write_scalar_list(out, &scalars, identifier);
        }
        for element in nested {
            write_item(out, element, identifier, None);
        }
    } else {
        let scalars: Vec<&Value> = items.iter().collect();
        write_scalar_list(out, &scalars, identifier);
    }
}

fn write_scalar_list(out: &mut String, items: &[&Value], identifier: Option<&str>) {
    match identifier {
        Some(id) => {
            for item in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), python::str(item)));
            }
        }
        None => {
            let line: Vec<String> = items.iter().map(|v| python::str(v)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}

fn write_dict(
    out: &mut String,
    map: &Map<String, Value>,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
) {
    let mut scalars: Vec<String> = Vec::new();
    let mut nested: Vec<(&str, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            for (key, value) in super::sorted_entries(map) {
                if is_scalar(value) {
                    scalars.push(python::str(value));
                } else {
                    nested.push((key, value));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(map.get(key).map(python::str).unwrap_or_default());
            }
            let mut rest: Vec<&String> = map.keys().filter(|k| !keys.contains(k)).collect();
            rest.sort();
            for key in rest {
                if let Some(value) = map.get(key) {
                    nested.push((key, value));
                }
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        write_item(out, value, Some(key), None);
    }
}

fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for item in items.iter().filter_map(Value::as_object) {
        for (key, value) in item {
            if is_scalar(value) {
                keys.insert(key.clone());
            }
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_string_is_printed_bare() {
        assert_eq!(
            format(&json!(
                "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----"
            )),
            "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n"
        );
        assert_eq!(format(&json!(null)), "None\n");
    }

    #[test]
    fn scalars_sorted_by_key_then_nested_rows() {
        let v = json!({
            "Reservations": [{
                "ReservationId": "r-1",
                "OwnerId": "123456789012",
                "Groups": [],
                "Instances": [{
                    "InstanceId": "i-1",
                    "State": {"Code": 16, "Name": "running"},
                    "Tags": [{"Key": "Name", "Value": "web"}],
                    "EbsOptimized": false
                }]
            }]
        });
        assert_eq!(
            format(&v),
            "RESERVATIONS\t123456789012\tr-1\n\
             INSTANCES\tFalse\ti-1\n\
             STATE\t16\trunning\n\
             TAGS\tName\tweb\n"
        );
    }

    #[test]
    fn list_of_scalars_on_one_line_or_prefixed() {
        assert_eq!(format(&json!(["i-1", "i-2"])), "i-1\ti-2\n");
        assert_eq!(
            format(&json!([["i-1", "running"], ["i-2", "stopped"]])),
            "i-1\trunning\ni-2\tstopped\n"
        );
        assert_eq!(
            format(&json!({"Values": ["a", "b"], "Name": "x"})),
            "x\nVALUES\ta\nVALUES\tb\n"
        );
    }

    #[test]
    fn list_elements_share_the_union_of_scalar_keys() {
        let v = json!({"Tags": [{"Key": "a"}, {"Key": "b", "Value": "2"}]});
        assert_eq!(format(&v), "TAGS\ta\t\nTAGS\tb\t2\n");
    }

    #[test]
    fn floats_and_empty_values() {
        assert_eq!(
            format(&json!({"Quota": {"Value": 32.0, "Adjustable": true}})),
            "QUOTA\tTrue\t32.0\n"
        );
        assert_eq!(format(&json!({})), "");
        assert_eq!(format(&json!([])), "");
    }
}
