//! From an operation's model to its command-line options, and from parsed
//! options to the API request: the CLI's argument table and its
//! `_build_call_parameters`, followed by botocore's validation.

use super::argv::{ArgSpec, Arity, Given};
use super::convert::{self, BinaryFormat};
use super::customize;
use super::errors::CliError;
use super::model::{xform_name, Operation, Shape};
use super::paginator::PagingOptions;
use super::shorthand;
use super::validate;
use crate::shell::home::Home;
use serde_json::{Map, Value};

/// The options of `operation`: one per input member (two for booleans,
/// `--x` and `--no-x`), in the model's order, then the CLI's own.
pub fn arg_table(operation: &Operation) -> Vec<ArgSpec> {
    let hidden = customize::hidden_members(operation.name);
    let mut table = Vec::new();
    for member in operation.input.iter().filter(|m| !hidden.contains(&m.name)) {
        let option = format!("--{}", xform_name(member.name));
        let boolean = matches!(member.shape, Shape::Boolean);
        if boolean || member.shape.is_boolean_value() {
            // `--x` sets true (or, for a `{Value}` wrapper, also takes a
            // value); `--no-x` sets false.
            let positive = if boolean {
                Arity::Flag(true)
            } else {
                Arity::FlagOrOne
            };
            let negative = customize::negative_option(operation.name, member.name)
                .map_or_else(|| format!("--no-{}", &option[2..]), |o| format!("--{o}"));
            table.push(ArgSpec::new(option, member.name, positive, member.required));
            table.push(ArgSpec::new(
                negative,
                member.name,
                Arity::Flag(false),
                false,
            ));
            continue;
        }
        match member.shape {
            Shape::List(_) => table.push(ArgSpec::new(
                option,
                member.name,
                Arity::Many,
                member.required,
            )),
            _ => table.push(ArgSpec::new(
                option,
                member.name,
                Arity::One,
                member.required,
            )),
        }
    }
    table.extend(customize::extra_options(operation.name));
    if operation.result_key.is_some() {
        // The CLI pages through results itself (`customizations/paginate.py`).
        for option in PAGING_OPTIONS {
            table.push(ArgSpec::new(
                format!("--{option}"),
                option,
                Arity::One,
                false,
            ));
        }
    }
    table
}

/// The CLI's paging options, in the order it adds them.
const PAGING_OPTIONS: [&str; 3] = ["starting-token", "page-size", "max-items"];

/// The paging options given; a size that is not an integer is refused as
/// argparse's `type=int` refuses it.
pub fn paging_options(values: &[(String, Given)]) -> Result<PagingOptions, CliError> {
    let mut options = PagingOptions::default();
    for (dest, given) in values {
        let Given::One(text) = given else { continue };
        let int = || {
            shorthand::python_int(text).ok_or_else(|| {
                CliError::Usage(format!("argument --{dest}: invalid int value: '{text}'"))
            })
        };
        match dest.as_str() {
            "starting-token" => options.starting_token = Some(text.clone()),
            "page-size" => options.page_size = Some(int()?),
            "max-items" => options.max_items = Some(int()?),
            _ => {}
        }
    }
    Ok(options)
}

/// True when the learner pages by hand (`--max-results`, `--next-token`),
/// which turns the CLI's own paging off.
pub fn pages_by_hand(values: &[(String, Given)]) -> bool {
    values
        .iter()
        .any(|(dest, _)| dest == "MaxResults" || dest == "NextToken")
}

/// The API request for the parsed option `values`: files loaded, values
/// converted by shape, the CLI's customizations applied, then validated.
pub fn build(
    operation: &Operation,
    table: &[ArgSpec],
    values: &[(String, Given)],
    home: &Home,
    binary_format: BinaryFormat,
) -> Result<Map<String, Value>, CliError> {
    customize::check_options(operation.name, values)?;
    let mut params = Map::new();
    for (dest, given) in values {
        match operation.input.iter().find(|m| m.name == dest) {
            Some(member) => {
                let option = option_name(table, dest);
                let loaded = convert::load_paramfile(&option, given.clone(), home)?;
                let value = convert::unpack(&option, member.shape, &loaded, binary_format)?;
                params.insert(member.name.to_string(), value);
            }
            // The paginator applies these (see `paging_options`).
            None if PAGING_OPTIONS.contains(&dest.as_str()) => {}
            None => customize::add_option(dest, given, &mut params)?,
        }
    }
    customize::before_parameter_build(operation.name, &mut params);
    let errors = validate::validate(&params, operation.input);
    if !errors.is_empty() {
        return Err(CliError::Validation(errors));
    }
    Ok(params)
}

/// The option that writes `dest` (the positive one for booleans).
fn option_name(table: &[ArgSpec], dest: &str) -> String {
    table
        .iter()
        .find(|spec| spec.dest == dest)
        .map(|spec| spec.option.clone())
        .unwrap_or_else(|| format!("--{}", xform_name(dest)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::aws::argv::{self, Parsed};
    use crate::shell::aws::models;
    use serde_json::json;

    fn request(service: &str, operation: &str, line: &str) -> Result<Value, CliError> {
        let op = models::service(service)
            .and_then(|s| s.operation(operation))
            .expect("modeled");
        let table = arg_table(op);
        let commands = crate::shell::tokenize::parse(&format!("aws {line}")).expect("tokenizes");
        let words: Vec<String> = commands[0].1[0].words[1..]
            .iter()
            .map(|w| w.literal().expect("no expansions"))
            .collect();
        let Parsed::Values(values) = argv::parse(&table, &words)? else {
            panic!("help")
        };
        build(op, &table, &values, &Home::default(), BinaryFormat::Base64).map(Value::Object)
    }

    #[test]
    fn run_instances_options_become_the_api_request() {
        let request = request(
            "ec2",
            "run-instances",
            "--image-id ami-1 --instance-type t3.micro --count 2 --key-name demo \
             --security-group-ids sg-1 sg-2 --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]' \
             --monitoring Enabled=true --user-data 'echo hi' --disable-api-termination",
        )
        .unwrap();
        assert_eq!(
            request,
            json!({
                "ImageId": "ami-1", "InstanceType": "t3.micro", "KeyName": "demo",
                "Monitoring": {"Enabled": true}, "SecurityGroupIds": ["sg-1", "sg-2"],
                "UserData": "ZWNobyBoaQ==",
                "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}],
                "DisableApiTermination": true, "MinCount": 2, "MaxCount": 2
            })
        );
    }

    #[test]
    fn min_and_max_count_are_replaced_by_count() {
        let e = request("ec2", "run-instances", "--image-id ami-1 --min-count 1").unwrap_err();
        assert_eq!(
            e,
            CliError::UnknownOptions(vec!["--min-count".into(), "1".into()])
        );
    }

    #[test]
    fn filters_tags_and_dry_run() {
        let request = request(
            "ec2",
            "describe-instances",
            "--filters Name=instance-state-name,Values=running,stopped Name=tag:Name,Values=web --dry-run",
        )
        .unwrap();
        assert_eq!(
            request,
            json!({"DryRun": true, "Filters": [
                {"Name": "instance-state-name", "Values": ["running", "stopped"]},
                {"Name": "tag:Name", "Values": ["web"]}]})
        );
    }

    #[test]
    fn required_options_are_named_in_model_order() {
        let e = request("ec2", "create-security-group", "").unwrap_err();
        assert_eq!(
            e,
            CliError::Usage(
                "the following arguments are required: --description, --group-name".into()
            )
        );
    }

    #[test]
    fn validation_reports_nested_problems() {
        let e = request(
            "ec2",
            "run-instances",
            "--image-id ami-1 --monitoring Enabled=maybe",
        )
        .unwrap_err();
        assert_eq!(
            e.render(),
            "\naws: [ERROR]: An error occurred (ParamValidation): Parameter validation failed:\n\
             Invalid type for parameter Monitoring.Enabled, value: maybe, \
             type: <class 'str'>, valid types: <class 'bool'>\n"
        );
        let e = request("ec2", "run-instances", "--image-id ami-1 --monitoring {}").unwrap_err();
        assert_eq!(
            e,
            CliError::Validation(vec![
                "Missing required parameter in Monitoring: \"Enabled\"".into()
            ])
        );
        let e = request(
            "ec2",
            "create-tags",
            r#"--resources i-1 --tags '[{"Key": "a", "Value": 1}]'"#,
        )
        .unwrap_err();
        assert_eq!(e.exit_code(), 252);
    }

    #[test]
    fn doubles_and_security_group_options() {
        let request_value = request(
            "service-quotas",
            "request-service-quota-increase",
            "--service-code ec2 --quota-code L-1216C47A --desired-value 64",
        )
        .unwrap();
        assert_eq!(
            request_value,
            json!({"ServiceCode": "ec2", "QuotaCode": "L-1216C47A", "DesiredValue": 64.0})
        );
        let rule = request(
            "ec2",
            "authorize-security-group-ingress",
            "--group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0",
        )
        .unwrap();
        assert_eq!(
            rule,
            json!({"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]})
        );
    }
}
