//! Helpers of the Auto Scaling tests: calls, a launch template, a group
//! over two zones, and its instances and activities.

use super::{call, call_service, service_error, AL2023};
use aws_sandbox::api::World;
use aws_sandbox::Sandbox;
use serde_json::{json, Value};

/// An Auto Scaling call that must succeed; its response as JSON.
pub fn asg(s: &mut Sandbox, action: &str, params: Value) -> Value {
    call_service(s, "autoscaling", action, params)
}

/// An Auto Scaling call that must fail; its error code and message.
pub fn asg_error(s: &mut Sandbox, action: &str, params: Value) -> (String, String) {
    service_error(s, "autoscaling", action, params)
}

/// Creates launch template `web` (Amazon Linux 2023, t3.micro).
pub fn web_template(s: &mut Sandbox) -> String {
    let created = call(
        s,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": AL2023, "InstanceType": "t3.micro"}}),
    );
    created["LaunchTemplate"]["LaunchTemplateId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The default subnets of us-east-1a and us-east-1b, as
/// `VPCZoneIdentifier` takes them.
pub fn two_subnets(s: &mut Sandbox) -> String {
    let subnets = call(
        s,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "availability-zone", "Values": ["us-east-1a", "us-east-1b"]}]}),
    );
    let mut ids: Vec<(String, String)> = subnets["Subnets"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|s| {
                    (
                        s["AvailabilityZone"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        s["SubnetId"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids.into_iter()
        .map(|(_, id)| id)
        .collect::<Vec<_>>()
        .join(",")
}

/// Template `web` and group `name` of `desired` (min 1, max 6) over two
/// zones, advanced until its instances are in service.
pub fn running_group(s: &mut Sandbox, name: &str, desired: i64) {
    if template_missing(s) {
        web_template(s);
    }
    let subnets = two_subnets(s);
    asg(
        s,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": name, "LaunchTemplate": {"LaunchTemplateName": "web"},
               "MinSize": 1, "MaxSize": 6, "DesiredCapacity": desired, "VPCZoneIdentifier": subnets}),
    );
    s.advance(60);
}

/// True when template `web` does not exist yet.
fn template_missing(s: &mut Sandbox) -> bool {
    s.call(
        "ec2",
        "DescribeLaunchTemplates",
        json!({"LaunchTemplateNames": ["web"]}),
    )
    .is_err()
}

/// The group's instances as DescribeAutoScalingGroups prints them.
pub fn instances(s: &mut Sandbox, group: &str) -> Vec<Value> {
    let described = asg(
        s,
        "DescribeAutoScalingGroups",
        json!({"AutoScalingGroupNames": [group]}),
    );
    described["AutoScalingGroups"][0]["Instances"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The ids of the group's instances in `state` (`InService`, ...).
pub fn ids_in(s: &mut Sandbox, group: &str, state: &str) -> Vec<String> {
    instances(s, group)
        .iter()
        .filter(|i| i["LifecycleState"] == state)
        .filter_map(|i| i["InstanceId"].as_str().map(str::to_string))
        .collect()
}

/// The group's activities, newest first.
pub fn activities(s: &mut Sandbox, group: &str) -> Vec<Value> {
    asg(
        s,
        "DescribeScalingActivities",
        json!({"AutoScalingGroupName": group}),
    )["Activities"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// An EC2 instance's state name.
pub fn ec2_state(s: &mut Sandbox, id: &str) -> String {
    call(s, "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0]
        ["State"]["Name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A call straight to a World (for the hooks only the world offers) that
/// must succeed; its response as JSON.
pub fn world_call(world: &mut World, service: &str, action: &str, params: Value) -> Value {
    world
        .call(None, service, action, params)
        .and_then(|r| r.to_value())
        .unwrap_or_else(|e| panic!("{action}: {e}"))
}

/// A world with template `web` and group `web` of one instance in
/// us-east-1a (min 1, max `max`), its instance in service.
pub fn world_with_group(seed: u64, max: i64) -> World {
    let mut world = World::new(seed);
    world_call(
        &mut world,
        "ec2",
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": AL2023, "InstanceType": "t3.micro"}}),
    );
    world_call(
        &mut world,
        "autoscaling",
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web", "LaunchTemplate": {"LaunchTemplateName": "web"}, "MinSize": 1, "MaxSize": max, "AvailabilityZones": ["us-east-1a"]}),
    );
    world.advance(60);
    world
}
