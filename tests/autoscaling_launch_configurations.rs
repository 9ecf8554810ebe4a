//! Launch configurations: created, described with AWS's defaults, refused
//! as AWS refuses them, and launched from by a group.

mod common;

use aws_sandbox::Sandbox;
use common::autoscaling::{asg, asg_error, ids_in, two_subnets};
use common::{call, ok, AL2023};
use serde_json::{json, Value};

#[test]
fn a_launch_configuration_is_described_with_aws_defaults() {
    let mut s = Sandbox::new(21);
    ok(
        &mut s,
        "aws ec2 create-key-pair --key-name k --query KeyName",
    );
    let group = call(
        &mut s,
        "CreateSecurityGroup",
        json!({"GroupName": "web", "Description": "web"}),
    )["GroupId"]
        .clone();
    let group = group.as_str().unwrap_or_default();
    ok(&mut s, &format!("aws autoscaling create-launch-configuration --launch-configuration-name lc --image-id {AL2023} --instance-type t3.micro --key-name k --security-groups {group} --user-data IyEvYmluL2Jhc2gKZWNobyBoaQo="));
    let described: Value = serde_json::from_str(&ok(
        &mut s,
        "aws autoscaling describe-launch-configurations",
    ))
    .unwrap();
    let lc = &described["LaunchConfigurations"][0];
    let keys: Vec<&str> = lc
        .as_object()
        .map(|c| c.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "LaunchConfigurationName",
            "LaunchConfigurationARN",
            "ImageId",
            "KeyName",
            "SecurityGroups",
            "ClassicLinkVPCSecurityGroups",
            "UserData",
            "InstanceType",
            "KernelId",
            "RamdiskId",
            "BlockDeviceMappings",
            "InstanceMonitoring",
            "CreatedTime",
            "EbsOptimized"
        ]
    );
    assert_eq!(
        lc["InstanceMonitoring"],
        json!({"Enabled": true}),
        "detailed monitoring by default"
    );
    assert_eq!(lc["KeyName"], "k");
    assert_eq!(lc["SecurityGroups"], json!([group]));
    assert_eq!(lc["UserData"], "IyEvYmluL2Jhc2gKZWNobyBoaQo=");
    let arn = lc["LaunchConfigurationARN"].as_str().unwrap_or_default();
    assert!(
        arn.starts_with("arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:")
            && arn.ends_with(":launchConfigurationName/lc"),
        "{arn}"
    );
    let (code, message) = asg_error(
        &mut s,
        "CreateLaunchConfiguration",
        json!({"LaunchConfigurationName": "lc", "ImageId": AL2023, "InstanceType": "t3.micro"}),
    );
    assert_eq!(code, "AlreadyExists");
    assert_eq!(message, "Launch Configuration by this name already exists - A launch configuration already exists with the name lc");
    let (code, message) = asg_error(
        &mut s,
        "CreateLaunchConfiguration",
        json!({"LaunchConfigurationName": "bad", "ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro"}),
    );
    assert_eq!(code, "ValidationError");
    assert_eq!(message, "AMI ami-0123456789abcdef0 is invalid: The image id '[ami-0123456789abcdef0]' does not exist");
    let (_, message) = asg_error(
        &mut s,
        "CreateLaunchConfiguration",
        json!({"LaunchConfigurationName": "half", "ImageId": AL2023}),
    );
    assert_eq!(message, "Valid requests must contain either the InstanceID parameter or both the ImageId and InstanceType parameters.");
    let (_, message) = asg_error(
        &mut s,
        "CreateLaunchConfiguration",
        json!({"LaunchConfigurationName": "nokey", "ImageId": AL2023, "InstanceType": "t3.micro", "KeyName": "nope"}),
    );
    assert_eq!(message, "The key pair 'nope' does not exist");
    // Monitoring off, a public address asked for.
    asg(
        &mut s,
        "CreateLaunchConfiguration",
        json!({"LaunchConfigurationName": "basic", "ImageId": AL2023, "InstanceType": "t3.micro",
               "InstanceMonitoring": {"Enabled": false}, "AssociatePublicIpAddress": false}),
    );
    let only = asg(
        &mut s,
        "DescribeLaunchConfigurations",
        json!({"LaunchConfigurationNames": ["basic", "unknown"]}),
    );
    let configurations = only["LaunchConfigurations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(configurations.len(), 1);
    assert_eq!(configurations[0]["InstanceMonitoring"]["Enabled"], false);
    assert_eq!(configurations[0]["AssociatePublicIpAddress"], false);
}

#[test]
fn a_group_launches_from_its_configuration_and_keeps_it_in_use() {
    let mut s = Sandbox::new(22);
    ok(
        &mut s,
        "aws ec2 create-key-pair --key-name k --query KeyName",
    );
    // Plain text user data, as `--user-data file://...` sends it.
    asg(
        &mut s,
        "CreateLaunchConfiguration",
        json!({"LaunchConfigurationName": "lc", "ImageId": AL2023, "InstanceType": "t3.micro", "KeyName": "k",
               "UserData": "#!/bin/bash\necho hello\n", "AssociatePublicIpAddress": true,
               "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3"}}]}),
    );
    let subnets = two_subnets(&mut s);
    ok(&mut s, &format!("aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-configuration-name lc --min-size 1 --max-size 2 --vpc-zone-identifier {subnets}"));
    s.advance(40);
    let ids = ids_in(&mut s, "web", "InService");
    assert_eq!(ids.len(), 1);
    let group = asg(&mut s, "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"][0].clone();
    assert_eq!(group["LaunchConfigurationName"], "lc");
    assert_eq!(group["Instances"][0]["LaunchConfigurationName"], "lc");
    assert!(group.get("LaunchTemplate").is_none());
    let instance = call(&mut s, "DescribeInstances", json!({"InstanceIds": ids}))["Reservations"]
        [0]["Instances"][0]
        .clone();
    assert_eq!(instance["KeyName"], "k");
    assert!(instance["PublicIpAddress"].is_string());
    let volumes = call(
        &mut s,
        "DescribeVolumes",
        json!({"Filters": [{"Name": "attachment.instance-id", "Values": [ids[0]]}]}),
    );
    assert_eq!(volumes["Volumes"][0]["Size"], 20);
    let data = call(
        &mut s,
        "DescribeInstanceAttribute",
        json!({"InstanceId": ids[0], "Attribute": "userData"}),
    );
    assert_eq!(
        data["UserData"]["Value"],
        "IyEvYmluL2Jhc2gKZWNobyBoZWxsbwo="
    );
    let (code, message) = asg_error(
        &mut s,
        "DeleteLaunchConfiguration",
        json!({"LaunchConfigurationName": "lc"}),
    );
    assert_eq!(code, "ResourceInUse");
    assert_eq!(
        message,
        "Cannot delete launch configuration lc because it is attached to AutoScalingGroup web"
    );
    let (code, message) = asg_error(
        &mut s,
        "DeleteLaunchConfiguration",
        json!({"LaunchConfigurationName": "nope"}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "ValidationError",
            "Launch configuration name not found - Launch configuration nope not found"
        )
    );
    ok(
        &mut s,
        "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web --force-delete",
    );
    s.advance(60);
    ok(
        &mut s,
        "aws autoscaling delete-launch-configuration --launch-configuration-name lc",
    );
    assert_eq!(
        asg(&mut s, "DescribeLaunchConfigurations", json!({})),
        json!({"LaunchConfigurations": []})
    );
}
