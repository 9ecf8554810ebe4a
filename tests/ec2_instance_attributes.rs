//! Instance attributes, status checks and account attributes, through the
//! API and through the terminal as a learner types them.

mod common;

use aws_sandbox::Sandbox;
use common::{call, error, ok as run, AL2023};
use serde_json::{json, Value};

fn launch(s: &mut Sandbox) -> String {
    let out = call(
        s,
        "RunInstances",
        json!({"ImageId": AL2023, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1}),
    );
    out["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string()
}

fn attribute(s: &mut Sandbox, id: &str, name: &str) -> Value {
    call(
        s,
        "DescribeInstanceAttribute",
        json!({"InstanceId": id, "Attribute": name}),
    )
}

#[test]
fn the_type_changes_only_while_stopped() {
    let mut s = Sandbox::new(1);
    let id = launch(&mut s);
    s.advance(60);
    let change = json!({"InstanceId": id, "InstanceType": {"Value": "t3.small"}});
    assert_eq!(
        error(&mut s, "ModifyInstanceAttribute", change.clone()),
        (
            "IncorrectInstanceState".into(),
            format!("The instance '{id}' is not in the 'stopped' state.")
        )
    );
    call(&mut s, "StopInstances", json!({"InstanceIds": [id]}));
    s.advance(60);
    call(&mut s, "ModifyInstanceAttribute", change);
    assert_eq!(
        attribute(&mut s, &id, "instanceType"),
        json!({"InstanceId": id, "InstanceType": {"Value": "t3.small"}})
    );
    let described = call(&mut s, "DescribeInstances", json!({"InstanceIds": [id]}));
    assert_eq!(
        described["Reservations"][0]["Instances"][0]["InstanceType"],
        "t3.small"
    );
    assert_eq!(
        error(
            &mut s,
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "InstanceType": {"Value": "t4g.small"}})
        ),
        (
            "InvalidInstanceAttributeValue".into(),
            "Modifying the instance type from t3.small to t4g.small is not allowed.".into()
        )
    );
    assert_eq!(
        error(
            &mut s,
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "Attribute": "instanceType", "Value": "t2.mirco"})
        )
        .0,
        "InvalidParameterValue"
    );
}

#[test]
fn one_attribute_per_request() {
    let mut s = Sandbox::new(2);
    let id = launch(&mut s);
    assert_eq!(
        error(&mut s, "ModifyInstanceAttribute", json!({"InstanceId": id})),
        (
            "InvalidParameterCombination".into(),
            "No attributes specified.".into()
        )
    );
    assert_eq!(
        error(
            &mut s,
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "DisableApiTermination": {"Value": true}, "SourceDestCheck": {"Value": false}})
        ),
        (
            "InvalidParameterCombination".into(),
            "Fields for multiple attribute types specified: disableApiTermination, sourceDestCheck"
                .into()
        )
    );
    assert_eq!(
        error(
            &mut s,
            "DescribeInstanceAttribute",
            json!({"InstanceId": id, "Attribute": "colour"})
        ),
        (
            "InvalidParameterValue".into(),
            "Value (colour) for parameter attribute is invalid. Unknown attribute.".into()
        )
    );
    assert_eq!(
        error(
            &mut s,
            "ModifyInstanceAttribute",
            json!({"InstanceId": "i-0123456789abcdef0", "DisableApiTermination": {"Value": true}})
        )
        .0,
        "InvalidInstanceID.NotFound"
    );
}

#[test]
fn protection_from_termination_and_from_stopping() {
    let mut s = Sandbox::new(3);
    let id = launch(&mut s);
    s.advance(60);
    // The CLI's flag form of `{Value: true}`.
    run(
        &mut s,
        &format!("aws ec2 modify-instance-attribute --instance-id {id} --disable-api-termination"),
    );
    assert_eq!(
        attribute(&mut s, &id, "disableApiTermination")["DisableApiTermination"],
        json!({"Value": true})
    );
    let out = s.exec(&format!("aws ec2 terminate-instances --instance-ids {id}"));
    assert_eq!(out.exit_code, 254);
    assert!(out.stderr.contains(&format!("(OperationNotPermitted) when calling the TerminateInstances operation: The instance '{id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.")), "{}", out.stderr);
    run(
        &mut s,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {id} --no-disable-api-termination"
        ),
    );
    run(
        &mut s,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {id} --disable-api-stop Value=true"
        ),
    );
    assert_eq!(
        error(&mut s, "StopInstances", json!({"InstanceIds": [id]})),
        (
            "OperationNotPermitted".into(),
            format!("The instance '{id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.")
        )
    );
    call(&mut s, "TerminateInstances", json!({"InstanceIds": [id]}));
}

#[test]
fn groups_and_delete_on_termination_change_while_running() {
    let mut s = Sandbox::new(4);
    let id = launch(&mut s);
    s.advance(60);
    let group = call(
        &mut s,
        "CreateSecurityGroup",
        json!({"GroupName": "web", "Description": "web servers"}),
    )["GroupId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        error(
            &mut s,
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "Groups": ["sg-0123456789abcdef0"]})
        )
        .0,
        "InvalidGroup.NotFound"
    );
    call(
        &mut s,
        "ModifyInstanceAttribute",
        json!({"InstanceId": id, "Groups": [group]}),
    );
    let groups = attribute(&mut s, &id, "groupSet");
    assert_eq!(
        groups["Groups"],
        json!([{"GroupId": group, "GroupName": "web"}])
    );
    let root = attribute(&mut s, &id, "rootDeviceName")["RootDeviceName"]["Value"]
        .as_str()
        .unwrap()
        .to_string();
    call(
        &mut s,
        "ModifyInstanceAttribute",
        json!({"InstanceId": id, "BlockDeviceMappings": [{"DeviceName": root, "Ebs": {"DeleteOnTermination": false}}]}),
    );
    let devices = attribute(&mut s, &id, "blockDeviceMapping");
    assert_eq!(
        devices["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"],
        false
    );
    assert_eq!(
        error(
            &mut s,
            "ModifyInstanceAttribute",
            json!({"InstanceId": id, "BlockDeviceMappings": [{"DeviceName": "/dev/sdz", "Ebs": {"DeleteOnTermination": false}}]})
        ),
        (
            "InvalidInstanceAttributeValue".into(),
            "No device is currently mapped at /dev/sdz".into()
        )
    );
}

#[test]
fn status_checks_initialize_then_pass() {
    let mut s = Sandbox::new(5);
    let id = launch(&mut s);
    let statuses = |s: &mut Sandbox, params: Value| {
        call(s, "DescribeInstanceStatus", params)["InstanceStatuses"].clone()
    };
    assert_eq!(
        statuses(&mut s, json!({})),
        json!([]),
        "a pending instance has no status yet"
    );
    s.advance(15);
    let first = statuses(&mut s, json!({"InstanceIds": [id]}));
    assert_eq!(
        first[0]["InstanceState"],
        json!({"Code": 16, "Name": "running"})
    );
    assert_eq!(
        first[0]["InstanceStatus"],
        json!({"Details": [{"Name": "reachability", "Status": "initializing"}], "Status": "initializing"})
    );
    s.advance(120);
    let later = statuses(&mut s, json!({}));
    for check in ["InstanceStatus", "SystemStatus", "AttachedEbsStatus"] {
        assert_eq!(
            later[0][check],
            json!({"Details": [{"Name": "reachability", "Status": "passed"}], "Status": "ok"})
        );
    }
    let ok = statuses(
        &mut s,
        json!({"Filters": [{"Name": "instance-status.status", "Values": ["ok"]}]}),
    );
    assert_eq!(ok.as_array().map(Vec::len), Some(1));
    call(&mut s, "StopInstances", json!({"InstanceIds": [id]}));
    s.advance(60);
    assert_eq!(statuses(&mut s, json!({})), json!([]));
    let all = statuses(&mut s, json!({"IncludeAllInstances": true}));
    assert_eq!(
        all[0]["InstanceStatus"],
        json!({"Status": "not-applicable"})
    );
    assert_eq!(
        error(&mut s, "DescribeInstanceStatus", json!({"MaxResults": 2})).1,
        "Value ( 2 ) for parameter maxResults is invalid. Expecting a value between 5 and 1000."
    );
}

#[test]
fn the_status_waiter_lets_the_checks_pass() {
    let mut s = Sandbox::new(6);
    let id = launch(&mut s);
    let before = s.now();
    run(
        &mut s,
        &format!("aws ec2 wait instance-status-ok --instance-ids {id}"),
    );
    assert_ne!(s.now(), before, "waiting lets simulated time pass");
    let out = run(
        &mut s,
        &format!("aws ec2 describe-instance-status --instance-ids {id} --query 'InstanceStatuses[0].InstanceStatus.Status' --output text"),
    );
    assert_eq!(out.trim(), "ok");
}

#[test]
fn account_attributes_name_the_default_vpc() {
    let mut s = Sandbox::new(7);
    let vpcs = call(
        &mut s,
        "DescribeVpcs",
        json!({"Filters": [{"Name": "isDefault", "Values": ["true"]}]}),
    );
    let out = run(
        &mut s,
        "aws ec2 describe-account-attributes --attribute-names default-vpc --query 'AccountAttributes[0].AttributeValues[0].AttributeValue' --output text",
    );
    assert_eq!(out.trim(), vpcs["Vpcs"][0]["VpcId"].as_str().unwrap());
    let all = call(&mut s, "DescribeAccountAttributes", json!({}));
    let names: Vec<&str> = all["AccountAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["AttributeName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "supported-platforms",
            "vpc-max-security-groups-per-interface",
            "max-elastic-ips",
            "max-instances",
            "vpc-max-elastic-ips",
            "default-vpc"
        ]
    );
    assert_eq!(
        error(
            &mut s,
            "DescribeAccountAttributes",
            json!({"AttributeNames": ["colour"]})
        )
        .0,
        "InvalidParameterValue"
    );
}
