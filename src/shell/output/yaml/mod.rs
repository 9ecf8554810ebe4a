//! `--output yaml` and `--output yaml-stream`, as aws-cli v2's `YAMLDumper`
//! (`awscli/formatter.py`) prints them: ruamel.yaml's safe dumper in block
//! style (`YAML(typ='safe')`, `default_flow_style = False`) on its C
//! emitter, except that a lone scalar is dumped as JSON (so `"web"`, not
//! `web` followed by a `...` document end marker).

mod analysis;
mod emitter;
mod resolve;

use super::json;
use emitter::Emitter;
use serde_json::Value;

/// `--output yaml`: the response as one document; nothing for an empty
/// object (an action without output), as with JSON.
pub fn format(value: &Value) -> String {
    match value {
        Value::Object(map) if map.is_empty() => String::new(),
        Value::Object(_) | Value::Array(_) => Emitter::document(value),
        scalar => json::format(scalar),
    }
}

/// One page of `--output yaml-stream`: the page as an item of a list, so
/// that the pages printed one after the other form one valid document.
pub fn format_stream_item(page: &Value) -> String {
    Emitter::document(&Value::Array(vec![page.clone()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_material_is_single_quoted_with_blank_lines_for_line_breaks() {
        let response = json!({
            "KeyFingerprint": "1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f",
            "KeyMaterial": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAuX4Jp1vX6yqk1yX0E2dM0Xn0u3XxkL6yZcYbG8pH9y4y2Qk3Fh1a\n\
                            2jCw7tH0pB5e9kL3mN8qR4sT6uV1wX2yZ3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3\n-----END RSA PRIVATE KEY-----",
            "KeyName": "demo",
            "KeyPairId": "key-0123456789abcdef0"
        });
        assert_eq!(
            format(&response),
            "KeyFingerprint: 1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f\n\
             KeyMaterial: '-----BEGIN RSA PRIVATE KEY-----\n\n  \
             MIIEowIBAAKCAQEAuX4Jp1vX6yqk1yX0E2dM0Xn0u3XxkL6yZcYbG8pH9y4y2Qk3Fh1a\n\n  \
             2jCw7tH0pB5e9kL3mN8qR4sT6uV1wX2yZ3aB4cD5eF6gH7iJ8kL9mN0oP1qR2sT3\n\n  \
             -----END RSA PRIVATE KEY-----'\n\
             KeyName: demo\nKeyPairId: key-0123456789abcdef0\n"
        );
    }

    #[test]
    fn strings_that_read_back_as_other_types_are_quoted_and_keys_sorted() {
        let response = json!({
            "Zeros": "0400", "Yes": "yes", "True": "true", "Empty": "", "Null": "null",
            "Launch": "2025-06-02T09:00:00+00:00", "Date": "2025-06-02", "Owner": "123456789012",
            "Version": "2.0", "Cidr": "0.0.0.0/0", "Colon": "a: b", "Dash": "- x",
            "Quote": "it's", "Lead": "'q"
        });
        assert_eq!(
            format(&response),
            "Cidr: 0.0.0.0/0\nColon: 'a: b'\nDash: '- x'\nDate: '2025-06-02'\nEmpty: ''\n\
             Launch: '2025-06-02T09:00:00+00:00'\nLead: '''q'\n'Null': 'null'\n\
             Owner: '123456789012'\nQuote: it's\n'True': 'true'\nVersion: '2.0'\nYes: yes\n\
             Zeros: '0400'\n"
        );
    }

    #[test]
    fn nested_lists_of_maps_and_empty_collections() {
        let response = json!({"Reservations": [{
            "Groups": [],
            "Instances": [{
                "InstanceId": "i-0abc", "Monitoring": {"State": "disabled"},
                "SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default"}],
                "State": {"Code": 16, "Name": "running"},
                "Tags": [{"Key": "Name", "Value": "web"}],
                "EbsOptimized": false, "CpuOptions": {}
            }],
            "OwnerId": "123456789012", "ReservationId": "r-1"
        }], "NextToken": "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="});
        assert_eq!(
            format(&response),
            "NextToken: eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==\n\
             Reservations:\n- Groups: []\n  Instances:\n  - CpuOptions: {}\n    EbsOptimized: false\n\
             \x20   InstanceId: i-0abc\n    Monitoring:\n      State: disabled\n    SecurityGroups:\n\
             \x20   - GroupId: sg-1\n      GroupName: default\n    State:\n      Code: 16\n\
             \x20     Name: running\n    Tags:\n    - Key: Name\n      Value: web\n\
             \x20 OwnerId: '123456789012'\n  ReservationId: r-1\n"
        );
        assert_eq!(
            format(&json!([["a", "b"], [], {"Value": 32.0}, null, true])),
            "- - a\n  - b\n- []\n- Value: 32.0\n- null\n- true\n"
        );
    }

    #[test]
    fn escapes_folding_and_complex_keys() {
        let long_key = "k".repeat(130);
        let response = json!({
            "Description": "tab\there and a very long line that goes on and on and on past the eighty column limit \u{1F600}",
            long_key.clone(): 1,
            "multi\nline": "x"
        });
        assert_eq!(
            format(&response),
            format!(
                "Description: \"tab\\there and a very long line that goes on and on and on past \
                 the eighty\n  column limit \\U0001F600\"\n? {long_key}\n: 1\n? 'multi\n\n  line'\n: x\n"
            )
        );
    }

    #[test]
    fn scalars_print_as_json_and_empty_objects_print_nothing() {
        assert_eq!(format(&json!("web")), "\"web\"\n");
        assert_eq!(format(&json!("")), "\"\"\n");
        assert_eq!(format(&json!(1)), "1\n");
        assert_eq!(format(&json!(0.5)), "0.5\n");
        assert_eq!(format(&json!(null)), "null\n");
        assert_eq!(format(&json!(false)), "false\n");
        assert_eq!(format(&json!({})), "");
        assert_eq!(format(&json!([])), "[]\n");
    }

    #[test]
    fn stream_items_are_list_entries() {
        assert_eq!(
            format_stream_item(&json!({"TableNames": ["MyTable"]})),
            "- TableNames:\n  - MyTable\n"
        );
        assert_eq!(format_stream_item(&json!({})), "- {}\n");
        assert_eq!(format_stream_item(&json!("i-1")), "- i-1\n");
    }
}
