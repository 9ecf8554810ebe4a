//! Auto Scaling groups: validation worded as AWS words it, a group that
//! reaches its desired capacity balanced over two zones, scale-out and
//! scale-in by the Default termination policy, and the CLI's output.

mod common;

use aws_sandbox::Sandbox;
use common::autoscaling::{
    activities, asg, asg_error, ids_in, instances, running_group, two_subnets, web_template,
};
use common::{call, ok, AL2023};
use serde_json::{json, Value};

fn refused(s: &mut Sandbox, action: &str, params: Value) -> String {
    let (code, message) = asg_error(s, action, params);
    assert_eq!(code, "ValidationError", "{message}");
    message
}

#[test]
fn validation_is_worded_as_aws_words_it() {
    let mut s = Sandbox::new(1);
    web_template(&mut s);
    let subnets = two_subnets(&mut s);
    let group = |extra: Value| {
        let mut params = json!({"AutoScalingGroupName": "web", "LaunchTemplate": {"LaunchTemplateName": "web"},
                                "MinSize": 1, "MaxSize": 3, "VPCZoneIdentifier": subnets});
        for (key, value) in extra.as_object().cloned().unwrap_or_default() {
            params[key] = value;
        }
        params
    };
    assert_eq!(
        refused(
            &mut s,
            "CreateAutoScalingGroup",
            group(json!({"MinSize": 2, "MaxSize": 1}))
        ),
        "Max bound, 1, must be greater than or equal to min bound, 2"
    );
    assert_eq!(
        refused(
            &mut s,
            "CreateAutoScalingGroup",
            group(json!({"DesiredCapacity": 5}))
        ),
        "Desired capacity:5 must be between the specified min size:1 and max size:3"
    );
    let mut neither = group(json!({}));
    neither.as_object_mut().map(|p| p.remove("LaunchTemplate"));
    assert_eq!(
        refused(&mut s, "CreateAutoScalingGroup", neither),
        "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter."
    );
    assert_eq!(
        refused(&mut s, "CreateAutoScalingGroup", group(json!({"LaunchConfigurationName": "lc"}))),
        "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter."
    );
    let mut nowhere = group(json!({}));
    nowhere
        .as_object_mut()
        .map(|p| p.remove("VPCZoneIdentifier"));
    assert_eq!(
        refused(&mut s, "CreateAutoScalingGroup", nowhere),
        "At least one Availability Zone or VPC Subnet is required."
    );
    assert_eq!(
        refused(
            &mut s,
            "CreateAutoScalingGroup",
            group(json!({"VPCZoneIdentifier": "subnet-0123456789abcdef0"}))
        ),
        "The subnet ID 'subnet-0123456789abcdef0' does not exist"
    );
    let mut configuration = group(json!({"LaunchConfigurationName": "nope"}));
    configuration
        .as_object_mut()
        .map(|p| p.remove("LaunchTemplate"));
    assert_eq!(
        refused(&mut s, "CreateAutoScalingGroup", configuration),
        "Launch configuration name not found - Launch configuration nope not found"
    );
    let message = refused(
        &mut s,
        "CreateAutoScalingGroup",
        group(json!({"LaunchTemplate": {"LaunchTemplateId": "lt-0123456789abcdef0"}})),
    );
    assert_eq!(message, "You must use a valid fully-formed launch template. The specified launch template, with template ID lt-0123456789abcdef0, does not exist.");
    call(
        &mut s,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "broken", "LaunchTemplateData": {"ImageId": "ami-0123456789abcdef0", "InstanceType": "t3.micro"}}),
    );
    assert_eq!(
        refused(&mut s, "CreateAutoScalingGroup", group(json!({"LaunchTemplate": {"LaunchTemplateName": "broken"}}))),
        "You must use a valid fully-formed launch template. The image id '[ami-0123456789abcdef0]' does not exist"
    );
    assert_eq!(
        refused(
            &mut s,
            "CreateAutoScalingGroup",
            group(
                json!({"LaunchTemplate": {"LaunchTemplateName": "web", "LaunchTemplateId": "lt-1"}})
            )
        ),
        "Valid requests must contain either launchTemplateId or LaunchTemplateName"
    );
    asg(&mut s, "CreateAutoScalingGroup", group(json!({})));
    let (code, message) = asg_error(&mut s, "CreateAutoScalingGroup", group(json!({})));
    assert_eq!(code, "AlreadyExists");
    assert_eq!(
        message,
        "AutoScalingGroup by this name already exists - A group with the name web already exists"
    );
    assert_eq!(
        refused(
            &mut s,
            "SetDesiredCapacity",
            json!({"AutoScalingGroupName": "web", "DesiredCapacity": 4})
        ),
        "New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup."
    );
    assert_eq!(
        refused(
            &mut s,
            "SetDesiredCapacity",
            json!({"AutoScalingGroupName": "web", "DesiredCapacity": 0})
        ),
        "New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup."
    );
    assert_eq!(
        refused(
            &mut s,
            "UpdateAutoScalingGroup",
            json!({"AutoScalingGroupName": "nope", "MinSize": 0})
        ),
        "AutoScalingGroup name not found - AutoScalingGroup nope not found"
    );
    assert_eq!(
        refused(
            &mut s,
            "UpdateAutoScalingGroup",
            json!({"AutoScalingGroupName": "web", "DesiredCapacity": 9})
        ),
        "Desired capacity:9 must be between the specified min size:1 and max size:3"
    );
    assert_eq!(
        refused(&mut s, "CreateAutoScalingGroup", json!({"AutoScalingGroupName": "x", "MaxSize": 1})),
        "1 validation error detected: Value null at 'minSize' failed to satisfy constraint: Member must not be null"
    );
    // An unknown group describes as none.
    let none = asg(
        &mut s,
        "DescribeAutoScalingGroups",
        json!({"AutoScalingGroupNames": ["nope"]}),
    );
    assert_eq!(none, json!({"AutoScalingGroups": []}));
    // The CLI refuses a missing required option before calling.
    let out = s
        .exec("aws autoscaling create-auto-scaling-group --auto-scaling-group-name x --max-size 1");
    assert_eq!(out.exit_code, 252);
    assert!(
        out.stderr
            .contains("the following arguments are required: --min-size"),
        "{}",
        out.stderr
    );
    let out = s.exec(
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 7",
    );
    assert_eq!(out.exit_code, 254);
    assert_eq!(
        out.stderr,
        "\naws: [ERROR]: An error occurred (ValidationError) when calling the SetDesiredCapacity operation: New SetDesiredCapacity value 7 is above max value 3 for the AutoScalingGroup.\n"
    );
}

#[test]
fn a_group_of_two_runs_two_instances_balanced_over_two_zones() {
    let mut s = Sandbox::new(2);
    web_template(&mut s);
    let subnets = two_subnets(&mut s);
    ok(&mut s, &format!("aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web,Version='$Latest' --min-size 2 --max-size 4 --vpc-zone-identifier {subnets} --tags Key=Name,Value=web-asg,PropagateAtLaunch=true Key=team,Value=blue,PropagateAtLaunch=false"));
    // Nothing is launched before the group's first activity.
    assert!(instances(&mut s, "web").is_empty());
    s.advance(12);
    assert_eq!(ids_in(&mut s, "web", "Pending").len(), 2);
    s.advance(30);
    let members = instances(&mut s, "web");
    assert_eq!(members.len(), 2);
    let mut zones: Vec<&str> = members
        .iter()
        .map(|m| m["AvailabilityZone"].as_str().unwrap_or_default())
        .collect();
    zones.sort_unstable();
    assert_eq!(zones, ["us-east-1a", "us-east-1b"]);
    for member in &members {
        assert_eq!(member["LifecycleState"], "InService");
        assert_eq!(member["HealthStatus"], "Healthy");
        assert_eq!(member["LaunchTemplate"]["Version"], "$Latest");
        let id = member["InstanceId"].as_str().unwrap_or_default();
        let described = call(&mut s, "DescribeInstances", json!({"InstanceIds": [id]}));
        let instance = &described["Reservations"][0]["Instances"][0];
        assert_eq!(instance["State"]["Name"], "running");
        let tags: Vec<(String, String)> = instance["Tags"]
            .as_array()
            .map(|t| {
                t.iter()
                    .map(|t| {
                        (
                            t["Key"].as_str().unwrap_or_default().into(),
                            t["Value"].as_str().unwrap_or_default().into(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            tags.contains(&("Name".into(), "web-asg".into())),
            "{tags:?}"
        );
        assert!(tags.contains(&("aws:autoscaling:groupName".into(), "web".into())));
        assert!(!tags.iter().any(|(k, _)| k == "team"), "not propagated");
    }
    // DescribeAutoScalingInstances prints the health in capitals.
    let details = asg(&mut s, "DescribeAutoScalingInstances", json!({}));
    let listed = details["AutoScalingInstances"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(listed.len(), 2);
    assert!(listed
        .iter()
        .all(|i| i["HealthStatus"] == "HEALTHY" && i["AutoScalingGroupName"] == "web"));
    // The launches are billed as EC2 instances.
    let costs = s.costs();
    for member in &members {
        let id = member["InstanceId"].as_str().unwrap_or_default();
        let row = costs
            .resources
            .iter()
            .find(|r| r.id == id)
            .expect("metered");
        assert_ne!(row.rate_per_hour.to_string(), "0");
    }
}

/// The template version each of the group's instances was launched from.
fn versions(s: &mut Sandbox, group: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for member in instances(s, group) {
        let id = member["InstanceId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let described = call(s, "DescribeInstances", json!({"InstanceIds": [id]}));
        let tags = described["Reservations"][0]["Instances"][0]["Tags"].clone();
        let version = tags
            .as_array()
            .and_then(|t| {
                t.iter()
                    .find(|t| t["Key"] == "aws:ec2launchtemplate:version")
            })
            .and_then(|t| t["Value"].as_str())
            .unwrap_or_default()
            .to_string();
        let zone = member["AvailabilityZone"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        out.push((id, zone, version));
    }
    out
}

#[test]
fn scale_out_then_in_terminates_the_oldest_template_version_keeping_zones_balanced() {
    let mut s = Sandbox::new(3);
    running_group(&mut s, "web", 2);
    // A new template version; the group launches $Latest from now on.
    call(
        &mut s,
        "CreateLaunchTemplateVersion",
        json!({"LaunchTemplateName": "web", "SourceVersion": "1", "LaunchTemplateData": {"InstanceType": "t3.small"}}),
    );
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web,Version='$Latest'");
    ok(
        &mut s,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 4",
    );
    s.advance(60);
    let all = versions(&mut s, "web");
    assert_eq!(all.len(), 4);
    let per_zone = |zone: &str| all.iter().filter(|(_, z, _)| z == zone).count();
    assert_eq!((per_zone("us-east-1a"), per_zone("us-east-1b")), (2, 2));
    assert_eq!(all.iter().filter(|(_, _, v)| v == "2").count(), 2);
    let newest: Vec<String> = all
        .iter()
        .filter(|(_, _, v)| v == "2")
        .map(|(id, _, _)| id.clone())
        .collect();
    // Back to 2: the version-1 instances go, one from each zone.
    ok(
        &mut s,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 2",
    );
    s.advance(60);
    let left = versions(&mut s, "web");
    let mut kept: Vec<String> = left.iter().map(|(id, _, _)| id.clone()).collect();
    kept.sort();
    let mut expected = newest.clone();
    expected.sort();
    assert_eq!(kept, expected, "{left:?}");
    assert_eq!(ids_in(&mut s, "web", "InService").len(), 2);
    let history = activities(&mut s, "web");
    let terminations: Vec<&Value> = history
        .iter()
        .filter(|a| {
            a["Description"]
                .as_str()
                .is_some_and(|d| d.starts_with("Terminating EC2 instance: "))
        })
        .collect();
    assert_eq!(terminations.len(), 2);
    for termination in &terminations {
        let cause = termination["Cause"].as_str().unwrap_or_default();
        assert!(cause.contains("a user request explicitly set group desired capacity changing the desired capacity from 4 to 2.  At "), "{cause}");
        assert!(cause.contains("an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 4 to 2.  At "), "{cause}");
        let id = termination["Description"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("Terminating EC2 instance: ");
        assert!(
            cause.ends_with(&format!("instance {id} was selected for termination.")),
            "{cause}"
        );
        assert_eq!(termination["StatusCode"], "Successful");
    }
    // Down to 1: the zones tie, so the policy decides across both: the
    // instance closest to its next billing hour (both launched together),
    // then the lowest id (AWS: at random).
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 1 --desired-capacity 1");
    s.advance(60);
    let mut two = newest;
    two.sort();
    assert_eq!(ids_in(&mut s, "web", "InService"), [two[1].clone()]);
    let latest = &activities(&mut s, "web")[0];
    assert!(latest["Cause"].as_str().unwrap_or_default().starts_with(&format!(
        "At {} a user request update of AutoScalingGroup constraints to min: 1, max: 6, desired: 1 changing the desired capacity from 2 to 1.",
        "2025-06-02T09:03:00Z"
    )), "{latest}");
}

#[test]
fn the_cli_prints_groups_and_activities_as_aws_does() {
    let mut s = Sandbox::new(4);
    running_group(&mut s, "web", 1);
    let described: Value = serde_json::from_str(&ok(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names web",
    ))
    .unwrap();
    let group = &described["AutoScalingGroups"][0];
    let keys: Vec<&str> = group
        .as_object()
        .map(|g| g.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "AutoScalingGroupName",
            "AutoScalingGroupARN",
            "LaunchTemplate",
            "MinSize",
            "MaxSize",
            "DesiredCapacity",
            "DefaultCooldown",
            "AvailabilityZones",
            "LoadBalancerNames",
            "TargetGroupARNs",
            "HealthCheckType",
            "HealthCheckGracePeriod",
            "Instances",
            "CreatedTime",
            "SuspendedProcesses",
            "VPCZoneIdentifier",
            "EnabledMetrics",
            "Tags",
            "TerminationPolicies",
            "NewInstancesProtectedFromScaleIn",
            "ServiceLinkedRoleARN",
            "CapacityRebalance",
            "TrafficSources",
            "AvailabilityZoneDistribution"
        ]
    );
    let arn = group["AutoScalingGroupARN"].as_str().unwrap_or_default();
    assert!(
        arn.starts_with("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"),
        "{arn}"
    );
    assert!(arn.ends_with(":autoScalingGroupName/web"));
    assert_eq!(arn.split(':').nth(6).map(str::len), Some(36), "a uuid");
    assert_eq!(group["LaunchTemplate"]["Version"], "$Default");
    assert_eq!(group["CreatedTime"], "2025-06-02T09:00:00+00:00");
    assert_eq!(group["HealthCheckGracePeriod"], 0);
    let instance_keys: Vec<&str> = group["Instances"][0]
        .as_object()
        .map(|i| i.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        instance_keys,
        [
            "InstanceId",
            "InstanceType",
            "AvailabilityZone",
            "LifecycleState",
            "HealthStatus",
            "LaunchTemplate",
            "ProtectedFromScaleIn"
        ]
    );
    let text = ok(&mut s, "aws autoscaling describe-auto-scaling-groups --query 'AutoScalingGroups[].[AutoScalingGroupName,MinSize,DesiredCapacity,MaxSize]' --output text");
    assert_eq!(text, "web\t1\t1\t6\n");
    let activity: Value = serde_json::from_str(&ok(
        &mut s,
        "aws autoscaling describe-scaling-activities --auto-scaling-group-name web --max-items 1",
    ))
    .unwrap();
    let first = &activity["Activities"][0];
    let keys: Vec<&str> = first
        .as_object()
        .map(|a| a.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "ActivityId",
            "AutoScalingGroupName",
            "Description",
            "Cause",
            "StartTime",
            "EndTime",
            "StatusCode",
            "Progress",
            "Details",
            "AutoScalingGroupARN"
        ]
    );
    assert_eq!(first["StartTime"], "2025-06-02T09:00:10+00:00");
    assert_eq!(first["EndTime"], "2025-06-02T09:00:25+00:00");
    assert_eq!(first["Progress"], 100);
    let details: Value =
        serde_json::from_str(first["Details"].as_str().unwrap_or_default()).unwrap();
    assert_eq!(details["Availability Zone"], "us-east-1a");
    assert!(details["Subnet ID"]
        .as_str()
        .unwrap_or_default()
        .starts_with("subnet-"));
    let table = ok(&mut s, "aws autoscaling describe-scaling-activities --query 'Activities[].StatusCode' --output text");
    assert_eq!(table, "Successful\n");
    // Paging: one group to a page, the CLI follows the tokens.
    running_group(&mut s, "api", 1);
    let names = ok(&mut s, "aws autoscaling describe-auto-scaling-groups --page-size 1 --query 'AutoScalingGroups[].AutoScalingGroupName' --output text");
    // Text prints each page on its own line, as the CLI does.
    assert_eq!(names, "web\napi\n");
    let page: Value = serde_json::from_str(&ok(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --max-records 1",
    ))
    .unwrap();
    assert!(page["NextToken"].is_string());
    assert_eq!(page["AutoScalingGroups"].as_array().map(Vec::len), Some(1));
    let (code, _) = asg_error(
        &mut s,
        "DescribeAutoScalingGroups",
        json!({"NextToken": "garbage"}),
    );
    assert_eq!(code, "InvalidNextToken");
    // Filters by tag.
    ok(&mut s, "aws autoscaling describe-scaling-process-types");
    let unknown = s.exec("aws autoscaling describe-auto-scaling-group");
    assert_eq!(unknown.exit_code, 252);
    let unsimulated = s.exec("aws autoscaling enter-standby --auto-scaling-group-name web --instance-ids i-1 --should-decrement-desired-capacity");
    assert!(
        unsimulated.stderr.contains("does not simulate"),
        "{}",
        unsimulated.stderr
    );
}

#[test]
fn groups_filter_by_tag() {
    let mut s = Sandbox::new(5);
    web_template(&mut s);
    let subnets = two_subnets(&mut s);
    for (name, team) in [("a", "blue"), ("b", "green")] {
        asg(
            &mut s,
            "CreateAutoScalingGroup",
            json!({"AutoScalingGroupName": name, "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 0, "MaxSize": 1,
                   "VPCZoneIdentifier": subnets, "Tags": [{"Key": "team", "Value": team}]}),
        );
    }
    let names = |s: &mut Sandbox, filters: Value| -> Vec<String> {
        asg(s, "DescribeAutoScalingGroups", json!({"Filters": filters}))["AutoScalingGroups"]
            .as_array()
            .map(|g| {
                g.iter()
                    .filter_map(|g| g["AutoScalingGroupName"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        names(&mut s, json!([{"Name": "tag:team", "Values": ["green"]}])),
        ["b"]
    );
    assert_eq!(
        names(&mut s, json!([{"Name": "tag-key", "Values": ["team"]}])),
        ["a", "b"]
    );
    assert_eq!(
        names(&mut s, json!([{"Name": "tag-value", "Values": ["blue"]}])),
        ["a"]
    );
    let (code, _) = asg_error(
        &mut s,
        "DescribeAutoScalingGroups",
        json!({"Filters": [{"Name": "color", "Values": ["x"]}]}),
    );
    assert_eq!(code, "ValidationError");
    // Groups of zero launch nothing and can be deleted at once.
    ok(
        &mut s,
        "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name a",
    );
    assert_eq!(names(&mut s, json!([])), ["b"]);
}

fn session(seed: u64) -> (Vec<String>, String) {
    let mut s = Sandbox::new(seed);
    let mut outputs = Vec::new();
    for line in [
        "aws ec2 create-launch-template --launch-template-name web --launch-template-data '{\"ImageId\":\"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\",\"InstanceType\":\"t3.micro\"}'",
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 1 --max-size 5 --desired-capacity 3 --availability-zones us-east-1a us-east-1b us-east-1c",
    ] {
        outputs.push(ok(&mut s, line));
    }
    s.advance(90);
    outputs.push(ok(
        &mut s,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 1",
    ));
    s.advance(90);
    for line in [
        "aws autoscaling describe-auto-scaling-groups",
        "aws autoscaling describe-scaling-activities",
        "aws autoscaling describe-auto-scaling-instances",
    ] {
        outputs.push(ok(&mut s, line));
    }
    (outputs, s.export())
}

#[test]
fn the_same_calls_in_two_fresh_sandboxes_print_the_same() {
    let (a, export_a) = session(9);
    let (b, export_b) = session(9);
    assert_eq!(a, b);
    assert_eq!(export_a, export_b);
    let restored = Sandbox::import(&export_a).unwrap();
    let mut original = Sandbox::import(&export_b).unwrap();
    assert_eq!(restored.world(), original.world());
    assert!(
        ok(&mut original, "aws autoscaling describe-scaling-activities").contains(AL2023_SHRINK)
    );
    let (other, _) = session(10);
    assert_ne!(a, other, "another seed draws other ids");
}

const AL2023_SHRINK: &str = "shrinking the capacity from 3 to 1.";

#[test]
fn the_group_uses_the_template_data_it_names() {
    let mut s = Sandbox::new(6);
    call(
        &mut s,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": AL2023, "InstanceType": "t3.small",
               "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}]}}),
    );
    let subnets = two_subnets(&mut s);
    asg(
        &mut s,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web", "LaunchTemplate": {"LaunchTemplateName": "web", "Version": "1"},
               "MinSize": 1, "MaxSize": 1, "VPCZoneIdentifier": subnets, "Tags": [{"Key": "Name", "Value": "w", "PropagateAtLaunch": true}]}),
    );
    s.advance(30);
    let member = &instances(&mut s, "web")[0];
    assert_eq!(member["InstanceType"], "t3.small");
    let id = member["InstanceId"].as_str().unwrap_or_default();
    let tags = call(
        &mut s,
        "DescribeTags",
        json!({"Filters": [{"Name": "resource-id", "Values": [id]}]}),
    );
    let keys: Vec<&str> = tags["Tags"]
        .as_array()
        .map(|t| t.iter().filter_map(|t| t["Key"].as_str()).collect())
        .unwrap_or_default();
    for key in [
        "role",
        "Name",
        "aws:autoscaling:groupName",
        "aws:ec2launchtemplate:id",
    ] {
        assert!(keys.contains(&key), "{keys:?}");
    }
}
