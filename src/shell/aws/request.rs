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
    if operation.paginator.is_some() {
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

/// True when the learner pages by hand (the paginator's token or limit
/// member, e.g. `--next-token`, `--max-results`), which turns the CLI's own
/// paging off (`check_should_enable_pagination`).
pub fn pages_by_hand(operation: &Operation, values: &[(String, Given)]) -> bool {
    operation.paginator.is_some_and(|p| {
        values
            .iter()
            .any(|(dest, _)| [p.input_token, p.limit_key].contains(&dest.as_str()))
    })
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
                if let Some(value) = customize::old_list_case(operation.name, member.name, given) {
                    params.insert(member.name.to_string(), value);
                    continue;
                }
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
    fn ebs_volume_options_become_the_api_request() {
        let volume = request(
            "ec2",
            "create-volume",
            "--size 80 --availability-zone us-east-1a --volume-type gp2",
        )
        .unwrap();
        assert_eq!(
            volume,
            json!({"Size": 80, "AvailabilityZone": "us-east-1a", "VolumeType": "gp2"})
        );
        let e = request("ec2", "create-volume", "--size eighty").unwrap_err();
        assert_eq!(
            e,
            CliError::General("invalid literal for int() with base 10: 'eighty'".into())
        );
        let attach = request(
            "ec2",
            "attach-volume",
            "--volume-id vol-1 --instance-id i-1 --device /dev/sdf",
        )
        .unwrap();
        assert_eq!(
            attach,
            json!({"VolumeId": "vol-1", "InstanceId": "i-1", "Device": "/dev/sdf"})
        );
        let detach = request("ec2", "detach-volume", "--volume-id vol-1 --force").unwrap();
        assert_eq!(detach, json!({"VolumeId": "vol-1", "Force": true}));
        let e = request("ec2", "attach-volume", "--volume-id vol-1").unwrap_err();
        assert_eq!(
            e,
            CliError::Usage("the following arguments are required: --device, --instance-id".into())
        );
        let grow = request("ec2", "modify-volume", "--volume-id vol-1 --size 150").unwrap();
        assert_eq!(grow, json!({"VolumeId": "vol-1", "Size": 150}));
    }

    #[test]
    fn snapshot_options_become_the_api_request() {
        let listing = request(
            "ec2",
            "describe-snapshots",
            "--owner-ids self --filters Name=status,Values=pending",
        )
        .unwrap();
        assert_eq!(
            listing,
            json!({"OwnerIds": ["self"], "Filters": [{"Name": "status", "Values": ["pending"]}]})
        );
        let snapshots = request(
            "ec2",
            "create-snapshots",
            "--instance-specification InstanceId=i-1,ExcludeBootVolume=true \
             --copy-tags-from-source volume",
        )
        .unwrap();
        assert_eq!(
            snapshots,
            json!({"InstanceSpecification": {"InstanceId": "i-1", "ExcludeBootVolume": true},
                "CopyTagsFromSource": "volume"})
        );
        let e = request(
            "ec2",
            "create-snapshots",
            "--instance-specification ExcludeBootVolume=true",
        )
        .unwrap_err();
        assert_eq!(
            e,
            CliError::Validation(vec![
                "Missing required parameter in InstanceSpecification: \"InstanceId\"".into()
            ])
        );
        let snapshot = request(
            "ec2",
            "create-snapshot",
            "--volume-id vol-1 --description nightly \
             --tag-specifications 'ResourceType=snapshot,Tags=[{Key=Name,Value=db}]'",
        )
        .unwrap();
        assert_eq!(
            snapshot,
            json!({"VolumeId": "vol-1", "Description": "nightly", "TagSpecifications":
                [{"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "db"}]}]})
        );
        let e = request("ec2", "copy-snapshot", "--source-snapshot-id snap-1").unwrap_err();
        assert_eq!(
            e,
            CliError::Usage("the following arguments are required: --source-region".into())
        );
    }

    #[test]
    fn image_options_and_the_renamed_reboot_flag() {
        let image = request(
            "ec2",
            "create-image",
            "--instance-id i-1 --name web-v1 --no-reboot",
        )
        .unwrap();
        assert_eq!(
            image,
            json!({"InstanceId": "i-1", "Name": "web-v1", "NoReboot": true})
        );
        let image = request(
            "ec2",
            "create-image",
            "--instance-id i-1 --name web-v1 --reboot",
        )
        .unwrap();
        assert_eq!(image["NoReboot"], json!(false));
        let e = request(
            "ec2",
            "create-image",
            "--instance-id i-1 --name web-v1 --no-no-reboot",
        )
        .unwrap_err();
        assert_eq!(e, CliError::UnknownOptions(vec!["--no-no-reboot".into()]));
        let registered = request(
            "ec2",
            "register-image",
            "--name web-v2 --root-device-name /dev/xvda \
             --block-device-mappings DeviceName=/dev/xvda,Ebs={SnapshotId=snap-1}",
        )
        .unwrap();
        assert_eq!(
            registered,
            json!({"Name": "web-v2", "RootDeviceName": "/dev/xvda", "BlockDeviceMappings":
                [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1"}}]})
        );
        // `ec2.*.no-disable-api-termination` is renamed where it is a plain boolean.
        let launch = request(
            "ec2",
            "run-instances",
            "--image-id ami-1 --enable-api-termination",
        )
        .unwrap();
        assert_eq!(launch["DisableApiTermination"], json!(false));
        let e = request(
            "ec2",
            "run-instances",
            "--image-id ami-1 --no-disable-api-termination",
        )
        .unwrap_err();
        assert_eq!(
            e,
            CliError::UnknownOptions(vec!["--no-disable-api-termination".into()])
        );
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

    #[test]
    fn launch_template_options_become_the_api_request() {
        let data = json!({"ImageId": "ami-1", "InstanceType": "t2.micro"});
        let created = request(
            "ec2",
            "create-launch-template",
            r#"--launch-template-name web --version-description v1 --launch-template-data '{"ImageId":"ami-1","InstanceType":"t2.micro"}'"#,
        )
        .unwrap();
        assert_eq!(
            created,
            json!({"LaunchTemplateName": "web", "VersionDescription": "v1", "LaunchTemplateData": data})
        );
        let shorthand = request(
            "ec2",
            "create-launch-template-version",
            "--launch-template-name web --source-version 1 \
             --launch-template-data ImageId=ami-1,InstanceType=t2.micro",
        )
        .unwrap();
        assert_eq!(
            shorthand,
            json!({"LaunchTemplateName": "web", "SourceVersion": "1", "LaunchTemplateData": data})
        );
        // The nested settings take the shapes RunInstances takes them in.
        let nested = request(
            "ec2",
            "create-launch-template",
            r#"--launch-template-name web --launch-template-data '{"SecurityGroupIds":["sg-1"],"Monitoring":{"Enabled":true},"BlockDeviceMappings":[{"DeviceName":"/dev/xvda","Ebs":{"VolumeSize":8}}],"TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"Name","Value":"web"}]}],"MetadataOptions":{"HttpTokens":"required"}}'"#,
        )
        .unwrap();
        assert_eq!(
            nested["LaunchTemplateData"]["Monitoring"],
            json!({"Enabled": true})
        );
        let e = request(
            "ec2",
            "create-launch-template",
            "--launch-template-name web --launch-template-data ImageId=ami-1,Colour=blue",
        )
        .unwrap_err();
        assert!(
            matches!(&e, CliError::Validation(errors) if errors[0].starts_with("Unknown parameter in LaunchTemplateData: \"Colour\", must be one of: KernelId, EbsOptimized,")),
            "{e:?}"
        );
        let e = request(
            "ec2",
            "create-launch-template",
            "--launch-template-name web",
        )
        .unwrap_err();
        assert_eq!(
            e,
            CliError::Usage("the following arguments are required: --launch-template-data".into())
        );
        // The member is `DefaultVersion` (sent as `SetDefaultVersion`).
        let modified = request(
            "ec2",
            "modify-launch-template",
            "--launch-template-name web --default-version 2",
        )
        .unwrap();
        assert_eq!(
            modified,
            json!({"LaunchTemplateName": "web", "DefaultVersion": "2"})
        );
        let versions = request(
            "ec2",
            "describe-launch-template-versions",
            "--launch-template-name web --versions '$Latest' '$Default'",
        )
        .unwrap();
        assert_eq!(
            versions,
            json!({"LaunchTemplateName": "web", "Versions": ["$Latest", "$Default"]})
        );
        let e = request(
            "ec2",
            "delete-launch-template-versions",
            "--launch-template-name web",
        )
        .unwrap_err();
        assert_eq!(
            e,
            CliError::Usage("the following arguments are required: --versions".into())
        );
        let launch = request(
            "ec2",
            "run-instances",
            "--launch-template LaunchTemplateName=web,Version=2",
        )
        .unwrap();
        assert_eq!(
            launch,
            json!({"LaunchTemplate": {"LaunchTemplateName": "web", "Version": "2"},
                "MaxCount": 1, "MinCount": 1})
        );
    }
}
