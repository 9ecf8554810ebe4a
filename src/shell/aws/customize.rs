//! The CLI's own conveniences on top of the API for EC2
//! (`awscli/customizations/ec2/*.py` and botocore's handlers):
//! `run-instances --count 2` or `--count 1:3`, default counts of 1,
//! `--associate-public-ip-address` placed in `NetworkInterfaces[0]`, user
//! data base64-encoded; `authorize-security-group-ingress --protocol tcp
//! --port 22 --cidr 0.0.0.0/0` turned into one `IpPermissions` entry;
//! renamed flags (`create-image --reboot`, `--ingress`); a page size for
//! plain `describe-volumes` and `describe-snapshots`. CloudWatch's
//! `put-metric-data` options live in [`super::put_metric_data`].

use super::argv::{ArgSpec, Arity, Given};
use super::errors::CliError;
use super::put_metric_data;
use base64::Engine;
use serde_json::{json, Map, Value};

const SECURITY_GROUP_RULE_OPERATIONS: &[&str] = &[
    "AuthorizeSecurityGroupIngress",
    "AuthorizeSecurityGroupEgress",
    "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress",
];

/// The `--protocol` family, in the order the CLI adds them.
const RULE_OPTIONS: &[&str] = &["protocol", "port", "cidr", "source-group", "group-owner"];

const PUBLIC_IP: &str = "associate-public-ip-address";

/// The `false` options the CLI renames (`awscli/customizations/argrename.py`):
/// operation, boolean member, option. `--no-no-reboot` reads badly, and
/// `--no-egress` means ingress. The `ec2.*.no-disable-api-termination`
/// rename reaches only plain booleans: ModifyInstanceAttribute's
/// `{Value}` wrapper keeps its `--no-disable-api-termination`.
const NEGATIVE_RENAMES: &[(&str, &str, &str)] = &[
    ("CreateImage", "NoReboot", "reboot"),
    (
        "RunInstances",
        "DisableApiTermination",
        "enable-api-termination",
    ),
    ("CreateNetworkAclEntry", "Egress", "ingress"),
    ("ReplaceNetworkAclEntry", "Egress", "ingress"),
    ("DeleteNetworkAclEntry", "Egress", "ingress"),
];

/// Lists of one-member structures that the CLI still reads from plain
/// values (`awscli/argprocess.py`, `_uses_old_list_case`): operation,
/// member, the structure's member. `elb register-instances-with-load-balancer
/// --instances i-1 i-2` sends `[{"InstanceId": "i-1"}, ...]`.
const OLD_LIST_CASES: &[(&str, &str, &str)] = &[
    (
        "RegisterInstancesWithLoadBalancer",
        "Instances",
        "InstanceId",
    ),
    (
        "DeregisterInstancesFromLoadBalancer",
        "Instances",
        "InstanceId",
    ),
    ("DescribeInstanceHealth", "Instances", "InstanceId"),
];

/// The value of an old-list-case option given as shorthand: each word
/// becomes the one member of its structure, whatever it holds (as in the
/// CLI, `InstanceId=i-1` becomes an id with an `=` in it). `None` for
/// other options, and for JSON, which is read as usual.
pub fn old_list_case(operation: &str, member: &str, given: &Given) -> Option<Value> {
    let &(_, _, key) = OLD_LIST_CASES
        .iter()
        .find(|&&(op, name, _)| op == operation && name == member)?;
    let words: Vec<&String> = match given {
        Given::One(word) => vec![word],
        Given::Many(words) => words.iter().collect(),
        Given::Flag(_) => return None,
    };
    if words.first()?.trim_start().starts_with(['[', '{']) {
        return None;
    }
    Some(Value::Array(
        words.into_iter().map(|word| json!({ key: word })).collect(),
    ))
}

/// The name the CLI gives the `false` option of a boolean member, when it
/// is not `--no-<name>`.
pub fn negative_option(operation: &str, member: &str) -> Option<&'static str> {
    NEGATIVE_RENAMES
        .iter()
        .find(|&&(op, name, _)| op == operation && name == member)
        .map(|&(_, _, option)| option)
}

/// The page size the CLI gives a paged `describe-volumes` or
/// `describe-snapshots` that names no ids and no filters
/// (`awscli/customizations/ec2/paginate.py`), so that EC2 pages a large
/// account instead of answering with every item at once; `MaxResults`
/// reaches EC2 as 1000 then, as from the real CLI.
pub fn default_page_size(operation: &str, params: &Map<String, Value>) -> Option<i64> {
    let allowed: &[&str] = match operation {
        "DescribeVolumes" => &["DryRun", "NextToken"],
        "DescribeSnapshots" => &["DryRun", "NextToken", "OwnerIds", "RestorableByUserIds"],
        _ => return None,
    };
    params
        .keys()
        .all(|name| allowed.contains(&name.as_str()))
        .then_some(1000)
}

/// Options the CLI adds to `operation`, after the model's.
pub fn extra_options(operation: &str) -> Vec<ArgSpec> {
    if operation == "RunInstances" {
        return vec![
            ArgSpec::new("--count", "count", Arity::One, false),
            ArgSpec::new(
                "--associate-public-ip-address",
                PUBLIC_IP,
                Arity::Flag(true),
                false,
            ),
            ArgSpec::new(
                "--no-associate-public-ip-address",
                PUBLIC_IP,
                Arity::Flag(false),
                false,
            ),
        ];
    }
    if operation == "PutMetricData" {
        return put_metric_data::options();
    }
    if SECURITY_GROUP_RULE_OPERATIONS.contains(&operation) {
        return RULE_OPTIONS
            .iter()
            .map(|name| ArgSpec::new(format!("--{name}"), *name, Arity::One, false))
            .collect();
    }
    Vec::new()
}

/// Model members the CLI replaces with its own options.
pub fn hidden_members(operation: &str) -> &'static [&'static str] {
    match operation {
        "RunInstances" => &["MinCount", "MaxCount"],
        _ => &[],
    }
}

/// Refuses combinations the CLI refuses once the options are parsed.
pub fn check_options(operation: &str, values: &[(String, Given)]) -> Result<(), CliError> {
    let given = |dest: &str| {
        values.iter().any(|(d, g)| {
            d == dest
                && match g {
                    Given::One(v) => !v.is_empty(),
                    Given::Many(v) => !v.is_empty(),
                    Given::Flag(b) => *b,
                }
        })
    };
    if operation == "PutMetricData" {
        put_metric_data::check(values)?;
    }
    if operation == "RunInstances" && given("NetworkInterfaces") && given(PUBLIC_IP) {
        return Err(CliError::general(
            "Mixing the --network-interfaces option with the simple, scalar options is not supported.",
        ));
    }
    if SECURITY_GROUP_RULE_OPERATIONS.contains(&operation) && given("IpPermissions") {
        if let Some(option) = RULE_OPTIONS.iter().find(|o| given(o)) {
            // The CLI names the option by its Python attribute.
            return Err(CliError::general(format!(
                "The --{} option is not compatible with the --ip-permissions option ",
                option.replace('-', "_")
            )));
        }
    }
    Ok(())
}

/// Adds the value of one of the CLI's own options to the request.
pub fn add_option(
    dest: &str,
    given: &Given,
    params: &mut Map<String, Value>,
) -> Result<(), CliError> {
    if put_metric_data::is_option(dest) {
        return put_metric_data::add(dest, given, params);
    }
    match (dest, given) {
        ("count", Given::One(value)) => count(value, params),
        (PUBLIC_IP, Given::Flag(value)) => {
            edit_network_interface(params, |n| {
                n.insert("AssociatePublicIpAddress".into(), Value::Bool(*value));
            });
            Ok(())
        }
        (_, Given::One(value)) if value.is_empty() => Ok(()),
        ("protocol", Given::One(value)) => {
            let protocol = protocol(value)?;
            edit_rule(params, |r| {
                r.insert("IpProtocol".into(), Value::String(protocol));
            });
            Ok(())
        }
        ("port", Given::One(value)) => {
            let (from, to) = port_range(value)?;
            edit_rule(params, |r| {
                r.insert("FromPort".into(), json!(from));
                r.insert("ToPort".into(), json!(to));
            });
            Ok(())
        }
        ("cidr", Given::One(value)) => {
            edit_rule(params, |r| {
                r.insert("IpRanges".into(), json!([{"CidrIp": value}]));
            });
            Ok(())
        }
        ("source-group", Given::One(value)) => {
            let key = if value.starts_with("sg-") {
                "GroupId"
            } else {
                "GroupName"
            };
            edit_group_pair(params, |g| {
                g.insert(key.into(), Value::String(value.clone()));
            });
            Ok(())
        }
        ("group-owner", Given::One(value)) => {
            edit_group_pair(params, |g| {
                g.insert("UserId".into(), Value::String(value.clone()));
            });
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The CLI's last touches before the request is validated and sent.
pub fn before_parameter_build(operation: &str, params: &mut Map<String, Value>) {
    if operation != "RunInstances" {
        return;
    }
    params.entry("MaxCount").or_insert(json!(1));
    params.entry("MinCount").or_insert(json!(1));
    move_into_network_interface(params);
    if let Some(Value::String(user_data)) = params.get("UserData") {
        let encoded = base64::engine::general_purpose::STANDARD.encode(user_data.as_bytes());
        params.insert("UserData".into(), Value::String(encoded));
    }
}

/// `--count N` or `--count MIN:MAX`.
fn count(value: &str, params: &mut Map<String, Value>) -> Result<(), CliError> {
    let parse = |s: &str| s.trim().parse::<i64>().ok();
    let parsed = match value.split(':').collect::<Vec<_>>().as_slice() {
        [single] => parse(single).map(|n| (n, n)),
        [min, max] => parse(min).zip(parse(max)),
        _ => None,
    };
    let (min, max) = parsed.ok_or_else(|| {
        CliError::general("count parameter should be of form min[:max] (e.g. 1 or 1:10)")
    })?;
    params.insert("MinCount".into(), json!(min));
    params.insert("MaxCount".into(), json!(max));
    Ok(())
}

/// `tcp`, `udp`, `icmp`, `all` (sent as `-1`) or a protocol number.
fn protocol(value: &str) -> Result<String, CliError> {
    let in_range = value
        .parse::<i64>()
        .is_ok_and(|n| (0..=255).contains(&n) || n == -1);
    match value {
        _ if in_range => Ok(value.to_string()),
        "all" => Ok("-1".to_string()),
        "tcp" | "udp" | "icmp" => Ok(value.to_string()),
        _ => Err(CliError::general(
            "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.",
        )),
    }
}

/// `22`, `8000-8010`, `-1` or `all`.
fn port_range(value: &str) -> Result<(i64, i64), CliError> {
    let error =
        || CliError::general("port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)");
    if value == "-1" || value == "all" {
        return Ok((-1, -1));
    }
    let (from, to) = value.split_once('-').unwrap_or((value, value));
    let from = from.trim().parse().map_err(|_| error())?;
    let to = to.trim().parse().map_err(|_| error())?;
    Ok((from, to))
}

/// Edits the first object of the list `list` in `params`, creating the
/// list as `[seed]` when it is missing.
fn edit_first(
    params: &mut Map<String, Value>,
    list: &str,
    seed: Value,
    edit: impl FnOnce(&mut Map<String, Value>),
) {
    let entry = params.entry(list.to_string()).or_insert(Value::Null);
    if !entry
        .as_array()
        .is_some_and(|a| a.first().is_some_and(Value::is_object))
    {
        *entry = Value::Array(vec![seed]);
    }
    if let Some(first) = entry
        .as_array_mut()
        .and_then(|a| a.first_mut())
        .and_then(Value::as_object_mut)
    {
        edit(first);
    }
}

fn edit_rule(params: &mut Map<String, Value>, edit: impl FnOnce(&mut Map<String, Value>)) {
    edit_first(params, "IpPermissions", json!({}), edit);
}

fn edit_group_pair(params: &mut Map<String, Value>, edit: impl FnOnce(&mut Map<String, Value>)) {
    edit_rule(params, |rule| {
        edit_first(rule, "UserIdGroupPairs", json!({}), edit)
    });
}

fn edit_network_interface(
    params: &mut Map<String, Value>,
    edit: impl FnOnce(&mut Map<String, Value>),
) {
    edit_first(params, "NetworkInterfaces", json!({"DeviceIndex": 0}), edit);
}

/// When `NetworkInterfaces[0]` carries a public-IP choice, EC2 wants the
/// subnet, security groups and private address inside it, so the CLI
/// moves them there.
fn move_into_network_interface(params: &mut Map<String, Value>) {
    let needs_move = params
        .get("NetworkInterfaces")
        .and_then(|n| n.get(0))
        .and_then(Value::as_object)
        .is_some_and(|first| {
            [
                "PrivateIpAddresses",
                "SecondaryPrivateIpAddressCount",
                "AssociatePublicIpAddress",
            ]
            .iter()
            .any(|k| first.contains_key(*k))
        });
    if !needs_move {
        return;
    }
    let subnet = params.remove("SubnetId");
    let groups = params.remove("SecurityGroupIds");
    let address = params.remove("PrivateIpAddress");
    edit_network_interface(params, |interface| {
        if let Some(subnet) = subnet {
            interface.insert("SubnetId".into(), subnet);
        }
        if let Some(groups) = groups {
            interface.insert("Groups".into(), groups);
        }
        if let Some(address) = address {
            interface.insert(
                "PrivateIpAddresses".into(),
                json!([{"PrivateIpAddress": address, "Primary": true}]),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(dest: &str, given: Given) -> Result<Map<String, Value>, CliError> {
        let mut params = Map::new();
        add_option(dest, &given, &mut params)?;
        Ok(params)
    }

    #[test]
    fn count_sets_min_and_max() {
        assert_eq!(
            Value::Object(apply("count", Given::One("3".into())).unwrap()),
            json!({"MinCount": 3, "MaxCount": 3})
        );
        assert_eq!(
            Value::Object(apply("count", Given::One("1:4".into())).unwrap()),
            json!({"MinCount": 1, "MaxCount": 4})
        );
        let e = apply("count", Given::One("x".into())).unwrap_err();
        assert_eq!(
            e,
            CliError::General(
                "count parameter should be of form min[:max] (e.g. 1 or 1:10)".into()
            )
        );
        let mut params = Map::new();
        before_parameter_build("RunInstances", &mut params);
        assert_eq!(Value::Object(params), json!({"MaxCount": 1, "MinCount": 1}));
    }

    #[test]
    fn rule_options_build_one_permission() {
        let mut params = Map::new();
        for (dest, value) in [
            ("protocol", "tcp"),
            ("port", "8000-8010"),
            ("cidr", "203.0.113.0/24"),
        ] {
            add_option(dest, &Given::One(value.into()), &mut params).unwrap();
        }
        assert_eq!(
            Value::Object(params),
            json!({"IpPermissions": [{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8010, "IpRanges": [{"CidrIp": "203.0.113.0/24"}]}]})
        );
        let mut params = Map::new();
        add_option("protocol", &Given::One("all".into()), &mut params).unwrap();
        add_option("port", &Given::One("-1".into()), &mut params).unwrap();
        add_option("source-group", &Given::One("sg-123".into()), &mut params).unwrap();
        add_option(
            "group-owner",
            &Given::One("123456789012".into()),
            &mut params,
        )
        .unwrap();
        assert_eq!(
            Value::Object(params),
            json!({"IpPermissions": [{"IpProtocol": "-1", "FromPort": -1, "ToPort": -1,
                "UserIdGroupPairs": [{"GroupId": "sg-123", "UserId": "123456789012"}]}]})
        );
        assert!(apply("protocol", Given::One("300".into())).is_err());
        assert!(apply("port", Given::One("ssh".into())).is_err());
    }

    #[test]
    fn public_ip_moves_subnet_and_groups_into_the_interface() {
        let mut params = Map::new();
        params.insert("SubnetId".into(), json!("subnet-1"));
        params.insert("SecurityGroupIds".into(), json!(["sg-1"]));
        params.insert("UserData".into(), json!("#!/bin/bash\necho hi\n"));
        add_option(PUBLIC_IP, &Given::Flag(true), &mut params).unwrap();
        before_parameter_build("RunInstances", &mut params);
        assert_eq!(
            Value::Object(params),
            json!({"UserData": "IyEvYmluL2Jhc2gKZWNobyBoaQo=",
                "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": true,
                    "SubnetId": "subnet-1", "Groups": ["sg-1"]}],
                "MaxCount": 1, "MinCount": 1})
        );
    }

    #[test]
    fn plain_volume_and_snapshot_listings_get_a_page_size() {
        let params = |value: Value| value.as_object().cloned().unwrap_or_default();
        assert_eq!(
            default_page_size("DescribeVolumes", &Map::new()),
            Some(1000)
        );
        assert_eq!(
            default_page_size(
                "DescribeSnapshots",
                &params(json!({"OwnerIds": ["self"], "DryRun": true}))
            ),
            Some(1000)
        );
        for (operation, request) in [
            ("DescribeVolumes", json!({"VolumeIds": ["vol-1"]})),
            ("DescribeVolumes", json!({"OwnerIds": ["self"]})),
            (
                "DescribeSnapshots",
                json!({"Filters": [{"Name": "status", "Values": ["pending"]}]}),
            ),
            ("DescribeImages", json!({})),
        ] {
            assert_eq!(
                default_page_size(operation, &params(request)),
                None,
                "{operation}"
            );
        }
    }

    #[test]
    fn mixing_options_is_refused() {
        let values = vec![
            ("IpPermissions".to_string(), Given::Many(vec!["x".into()])),
            ("source-group".to_string(), Given::One("sg-1".into())),
        ];
        assert_eq!(
            check_options("AuthorizeSecurityGroupIngress", &values).unwrap_err(),
            CliError::General(
                "The --source_group option is not compatible with the --ip-permissions option "
                    .into()
            )
        );
    }
}
