//! Auto Scaling keeps its group whole: an instance terminated or stopped
//! by hand, or marked unhealthy, is replaced; suspended processes hold that
//! back; TerminateInstanceInAutoScalingGroup, ForceDelete, and launches EC2
//! refuses.

mod common;

use aws_sandbox::Sandbox;
use common::autoscaling::{
    activities, asg, asg_error, ec2_state, ids_in, instances, running_group, two_subnets,
};
use common::{call, call_service, ok, AL2023};
use serde_json::{json, Value};

fn descriptions(history: &[Value]) -> Vec<String> {
    history
        .iter()
        .map(|a| {
            format!(
                "{} {}",
                a["Description"].as_str().unwrap_or_default(),
                a["StatusCode"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn an_instance_terminated_by_hand_is_replaced_within_a_minute() {
    let mut s = Sandbox::new(11);
    running_group(&mut s, "web", 2);
    let before = ids_in(&mut s, "web", "InService");
    assert_eq!(before.len(), 2);
    let victim = before[0].clone();
    ok(
        &mut s,
        &format!("aws ec2 terminate-instances --instance-ids {victim}"),
    );
    s.advance(60);
    let after = ids_in(&mut s, "web", "InService");
    assert_eq!(after.len(), 2, "{:?}", instances(&mut s, "web"));
    assert!(!after.contains(&victim));
    let replacement = after
        .iter()
        .find(|id| !before.contains(id))
        .cloned()
        .unwrap_or_default();
    assert_eq!(ec2_state(&mut s, &replacement), "running");
    let history = activities(&mut s, "web");
    assert_eq!(
        descriptions(&history)[..2],
        [
            format!("Launching a new EC2 instance: {replacement} Successful"),
            format!("Terminating EC2 instance: {victim} Successful"),
        ]
    );
    let termination = history[1]["Cause"].as_str().unwrap_or_default();
    assert!(termination.ends_with(" an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped."), "{termination}");
    let launch = history[0]["Cause"].as_str().unwrap_or_default();
    assert!(launch.ends_with("an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 1 to 2."), "{launch}");
    // The replacement went to the zone that lost its instance.
    let zones: Vec<String> = instances(&mut s, "web")
        .iter()
        .map(|m| {
            m["AvailabilityZone"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_ne!(zones[0], zones[1]);
}

#[test]
fn a_stopped_instance_is_unhealthy_and_replaced() {
    let mut s = Sandbox::new(12);
    running_group(&mut s, "web", 1);
    let id = ids_in(&mut s, "web", "InService")[0].clone();
    call(&mut s, "StopInstances", json!({"InstanceIds": [id]}));
    s.advance(31);
    // Found unhealthy, terminated by the group (EC2 shows it so).
    assert!(matches!(
        ec2_state(&mut s, &id).as_str(),
        "shutting-down" | "terminated"
    ));
    s.advance(60);
    let now = ids_in(&mut s, "web", "InService");
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], id);
}

#[test]
fn set_instance_health_unhealthy_replaces_the_instance_after_its_grace_period() {
    let mut s = Sandbox::new(13);
    running_group(&mut s, "web", 1);
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --health-check-grace-period 300");
    let id = ids_in(&mut s, "web", "InService")[0].clone();
    // Within the grace period the verdict is ignored...
    ok(
        &mut s,
        &format!(
            "aws autoscaling set-instance-health --instance-id {id} --health-status Unhealthy"
        ),
    );
    s.advance(30);
    assert_eq!(
        ids_in(&mut s, "web", "InService"),
        std::slice::from_ref(&id)
    );
    assert_eq!(instances(&mut s, "web")[0]["HealthStatus"], "Healthy");
    // ...unless the call says not to respect it.
    ok(&mut s, &format!("aws autoscaling set-instance-health --instance-id {id} --health-status Unhealthy --no-should-respect-grace-period"));
    let details = asg(
        &mut s,
        "DescribeAutoScalingInstances",
        json!({"InstanceIds": [id]}),
    );
    assert_eq!(
        details["AutoScalingInstances"][0]["HealthStatus"],
        "UNHEALTHY"
    );
    assert_eq!(instances(&mut s, "web")[0]["HealthStatus"], "Unhealthy");
    s.advance(60);
    let now = ids_in(&mut s, "web", "InService");
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], id);
    let history = activities(&mut s, "web");
    let termination = history
        .iter()
        .find(|a| a["Description"] == format!("Terminating EC2 instance: {id}"))
        .cloned()
        .unwrap_or_default();
    assert!(termination["Cause"]
        .as_str()
        .unwrap_or_default()
        .ends_with("an instance was taken out of service in response to a user health-check."));
    let (code, message) = asg_error(
        &mut s,
        "SetInstanceHealth",
        json!({"InstanceId": "i-0123456789abcdef0", "HealthStatus": "Unhealthy"}),
    );
    assert_eq!((code.as_str(), message.as_str()), ("ValidationError", "Instance Id not found - No managed instance found for instance ID: i-0123456789abcdef0"));
}

#[test]
fn suspended_processes_hold_back_what_they_name() {
    let mut s = Sandbox::new(14);
    running_group(&mut s, "web", 2);
    ok(&mut s, "aws autoscaling suspend-processes --auto-scaling-group-name web --scaling-processes Launch");
    let suspended = asg(&mut s, "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"][0]
        ["SuspendedProcesses"]
        .clone();
    assert_eq!(
        suspended,
        json!([{"ProcessName": "Launch", "SuspensionReason": "User suspended at 2025-06-02T09:01:00Z"}])
    );
    let victim = ids_in(&mut s, "web", "InService")[0].clone();
    call(
        &mut s,
        "TerminateInstances",
        json!({"InstanceIds": [victim]}),
    );
    s.advance(120);
    // Terminated, not replaced.
    assert_eq!(ids_in(&mut s, "web", "InService").len(), 1);
    assert_eq!(instances(&mut s, "web").len(), 1);
    ok(
        &mut s,
        "aws autoscaling resume-processes --auto-scaling-group-name web",
    );
    s.advance(40);
    assert_eq!(ids_in(&mut s, "web", "InService").len(), 2);
    // With HealthCheck suspended an instance stopped by hand stays.
    ok(&mut s, "aws autoscaling suspend-processes --auto-scaling-group-name web --scaling-processes HealthCheck");
    let id = ids_in(&mut s, "web", "InService")[0].clone();
    call(&mut s, "StopInstances", json!({"InstanceIds": [id]}));
    s.advance(120);
    assert!(ids_in(&mut s, "web", "InService").contains(&id));
    assert_eq!(ec2_state(&mut s, &id), "stopped");
    let (code, _) = asg_error(
        &mut s,
        "SuspendProcesses",
        json!({"AutoScalingGroupName": "web", "ScalingProcesses": ["Dance"]}),
    );
    assert_eq!(code, "ValidationError");
    let types = ok(&mut s, "aws autoscaling describe-scaling-process-types --query 'Processes[].ProcessName' --output text");
    assert_eq!(types, "AZRebalance\tAddToLoadBalancer\tAlarmNotification\tHealthCheck\tInstanceRefresh\tLaunch\tReplaceUnhealthy\tScheduledActions\tTerminate\n");
}

#[test]
fn terminate_instance_in_the_group_with_and_without_a_replacement() {
    let mut s = Sandbox::new(15);
    running_group(&mut s, "web", 2);
    let ids = ids_in(&mut s, "web", "InService");
    let out: Value = serde_json::from_str(&ok(&mut s, &format!("aws autoscaling terminate-instance-in-auto-scaling-group --instance-id {} --no-should-decrement-desired-capacity", ids[0]))).unwrap();
    let activity = &out["Activity"];
    assert_eq!(
        activity["Description"],
        format!("Terminating EC2 instance: {}", ids[0])
    );
    assert_eq!(activity["Cause"], format!("At 2025-06-02T09:01:00Z instance {} was taken out of service in response to a user request.", ids[0]));
    assert_eq!(activity["StatusCode"], "InProgress");
    assert_eq!(activity["Progress"], 0);
    assert!(activity.get("EndTime").is_none());
    assert_eq!(ec2_state(&mut s, &ids[0]), "shutting-down");
    assert_eq!(
        instances(&mut s, "web")
            .iter()
            .find(|m| m["InstanceId"] == ids[0])
            .map(|m| m["LifecycleState"].clone()),
        Some(json!("Terminating"))
    );
    s.advance(60);
    let now = ids_in(&mut s, "web", "InService");
    assert_eq!(now.len(), 2, "replaced");
    // With the decrement: no replacement, the desired capacity drops.
    ok(
        &mut s,
        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 1",
    );
    let out = call_service(
        &mut s,
        "autoscaling",
        "TerminateInstanceInAutoScalingGroup",
        json!({"InstanceId": now[0], "ShouldDecrementDesiredCapacity": true}),
    );
    assert!(out["Activity"]["Cause"].as_str().unwrap_or_default().ends_with("was taken out of service in response to a user request, shrinking the capacity from 2 to 1."));
    s.advance(60);
    assert_eq!(ids_in(&mut s, "web", "InService"), [now[1].clone()]);
    assert_eq!(
        asg(&mut s, "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"][0]
            ["DesiredCapacity"],
        1
    );
    // At the minimum, decrementing is refused.
    let (code, message) = asg_error(
        &mut s,
        "TerminateInstanceInAutoScalingGroup",
        json!({"InstanceId": now[1], "ShouldDecrementDesiredCapacity": true}),
    );
    assert_eq!(code, "ValidationError");
    assert_eq!(message, "Currently, desiredSize equals minSize (1). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.");
    let stranger = call(
        &mut s,
        "RunInstances",
        json!({"ImageId": AL2023, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1}),
    )["Instances"][0]["InstanceId"]
        .clone();
    let (_, message) = asg_error(
        &mut s,
        "TerminateInstanceInAutoScalingGroup",
        json!({"InstanceId": stranger, "ShouldDecrementDesiredCapacity": false}),
    );
    assert_eq!(
        message,
        format!(
            "Instance Id not found - No managed instance found for instance ID: {}",
            stranger.as_str().unwrap_or_default()
        )
    );
}

#[test]
fn deleting_a_group_with_instances_needs_force_and_waits_for_them() {
    let mut s = Sandbox::new(16);
    running_group(&mut s, "web", 2);
    let (code, message) = asg_error(
        &mut s,
        "DeleteAutoScalingGroup",
        json!({"AutoScalingGroupName": "web"}),
    );
    assert_eq!(code, "ResourceInUse");
    assert_eq!(message, "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.");
    let ids = ids_in(&mut s, "web", "InService");
    ok(
        &mut s,
        "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web --force-delete",
    );
    let group = asg(&mut s, "DescribeAutoScalingGroups", json!({}))["AutoScalingGroups"][0].clone();
    assert_eq!(group["Status"], "Delete in progress");
    assert_eq!(group["DesiredCapacity"], 0);
    s.advance(15);
    for id in &ids {
        assert_eq!(ec2_state(&mut s, id), "shutting-down");
    }
    s.advance(45);
    assert_eq!(
        asg(&mut s, "DescribeAutoScalingGroups", json!({})),
        json!({"AutoScalingGroups": []})
    );
    for id in &ids {
        assert_eq!(ec2_state(&mut s, id), "terminated");
    }
    // The history stays for IncludeDeletedGroups.
    assert!(activities(&mut s, "web").is_empty());
    let kept = asg(
        &mut s,
        "DescribeScalingActivities",
        json!({"AutoScalingGroupName": "web", "IncludeDeletedGroups": true}),
    );
    let kept = kept["Activities"].as_array().cloned().unwrap_or_default();
    assert_eq!(kept.len(), 4);
    assert!(kept.iter().all(|a| a["AutoScalingGroupState"] == "Deleted"));
    assert!(kept[0]["Cause"].as_str().unwrap_or_default().contains(
        "a user request deleted the AutoScalingGroup changing the desired capacity from 2 to 0."
    ));
    // While scaling activities run, a plain delete is refused.
    running_group(&mut s, "api", 1);
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name api --min-size 0 --desired-capacity 0");
    s.advance(12);
    let (code, message) = asg_error(
        &mut s,
        "DeleteAutoScalingGroup",
        json!({"AutoScalingGroupName": "api"}),
    );
    assert_eq!(code, "ScalingActivityInProgress");
    assert_eq!(message, "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.");
    s.advance(60);
    ok(
        &mut s,
        "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name api",
    );
}

#[test]
fn a_launch_ec2_refuses_is_a_failed_activity_retried_with_backoff() {
    let mut s = Sandbox::new(17);
    // No G-family vCPUs on a new account.
    call(
        &mut s,
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "gpu", "LaunchTemplateData": {"ImageId": AL2023, "InstanceType": "g4dn.xlarge"}}),
    );
    let subnets = two_subnets(&mut s);
    asg(
        &mut s,
        "CreateAutoScalingGroup",
        json!({"AutoScalingGroupName": "gpu", "LaunchTemplate": {"LaunchTemplateName": "gpu"}, "MinSize": 1, "MaxSize": 1, "VPCZoneIdentifier": subnets}),
    );
    s.advance(10);
    let history = activities(&mut s, "gpu");
    assert_eq!(history.len(), 1);
    let failed = &history[0];
    assert_eq!(failed["StatusCode"], "Failed");
    assert_eq!(failed["Progress"], 100);
    let message = failed["StatusMessage"].as_str().unwrap_or_default();
    assert!(message.starts_with("Could not launch On-Demand Instances. VcpuLimitExceeded - You have requested more vCPU capacity than your current vCPU limit of 0 allows"), "{message}");
    assert!(
        message.ends_with(" Launching EC2 instance failed."),
        "{message}"
    );
    assert_eq!(
        failed["Description"],
        format!("Launching a new EC2 instance.  Status Reason: {message}")
    );
    // Retried after 10 s, then 20 s, 40 s...
    s.advance(10);
    assert_eq!(activities(&mut s, "gpu").len(), 2);
    s.advance(19);
    assert_eq!(activities(&mut s, "gpu").len(), 2);
    s.advance(1);
    assert_eq!(activities(&mut s, "gpu").len(), 3);
    // Once the quota allows it, the next retry launches.
    call_service(
        &mut s,
        "service-quotas",
        "RequestServiceQuotaIncrease",
        json!({"ServiceCode": "ec2", "QuotaCode": "L-DB2E81BA", "DesiredValue": 8.0}),
    );
    s.advance(60);
    assert_eq!(ids_in(&mut s, "gpu", "InService").len(), 1);
    assert_eq!(activities(&mut s, "gpu")[0]["StatusCode"], "Successful");
}

#[test]
fn a_load_balancer_verdict_counts_only_for_the_elb_health_check_type() {
    use aws_sandbox::api::World;
    use aws_sandbox::autoscaling::instances::UnhealthyCause;
    use common::autoscaling::{world_call as call, world_with_group};
    let mut world = world_with_group(18, 1);
    let id = world.autoscaling.group_instance_ids("us-east-1", "web")[0].clone();
    let health = |world: &mut World| {
        call(
            world,
            "autoscaling",
            "DescribeAutoScalingInstances",
            json!({}),
        )["AutoScalingInstances"][0]["HealthStatus"]
            .clone()
    };
    world
        .autoscaling
        .report_unhealthy(world.now(), "us-east-1", &id, UnhealthyCause::Elb)
        .unwrap();
    assert_eq!(health(&mut world), "HEALTHY", "EC2 health check type");
    call(
        &mut world,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": "web", "HealthCheckType": "ELB"}),
    );
    world
        .autoscaling
        .report_unhealthy(world.now(), "us-east-1", &id, UnhealthyCause::Elb)
        .unwrap();
    assert_eq!(health(&mut world), "UNHEALTHY");
    world.advance(60);
    let history = call(
        &mut world,
        "autoscaling",
        "DescribeScalingActivities",
        json!({}),
    );
    let termination = history["Activities"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|a| a["Description"] == format!("Terminating EC2 instance: {id}"))
        })
        .cloned()
        .unwrap_or_default();
    assert!(termination["Cause"].as_str().unwrap_or_default().ends_with(
        "an instance was taken out of service in response to an ELB system health check failure."
    ));
    assert_ne!(
        world.autoscaling.group_instance_ids("us-east-1", "web"),
        [id]
    );
}

#[test]
fn scale_in_protection_holds_instances_that_termination_protection_does_not() {
    let mut s = Sandbox::new(19);
    running_group(&mut s, "web", 2);
    let ids = ids_in(&mut s, "web", "InService");
    // EC2's termination protection does not stop Auto Scaling.
    call(
        &mut s,
        "ModifyInstanceAttribute",
        json!({"InstanceId": ids[0], "DisableApiTermination": {"Value": true}}),
    );
    // Scale-in protection does.
    ok(&mut s, &format!("aws autoscaling set-instance-protection --auto-scaling-group-name web --instance-ids {} --protected-from-scale-in", ids[1]));
    assert_eq!(
        instances(&mut s, "web")
            .iter()
            .find(|m| m["InstanceId"] == ids[1].as_str())
            .map(|m| m["ProtectedFromScaleIn"].clone()),
        Some(json!(true))
    );
    ok(
        &mut s,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 1",
    );
    s.advance(60);
    assert_eq!(
        ids_in(&mut s, "web", "InService"),
        std::slice::from_ref(&ids[1])
    );
    assert_eq!(ec2_state(&mut s, &ids[0]), "terminated");
    // Protected from scale-in, the last one stays at 0...
    ok(&mut s, "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --min-size 0 --desired-capacity 0");
    s.advance(60);
    assert_eq!(
        ids_in(&mut s, "web", "InService"),
        std::slice::from_ref(&ids[1])
    );
    // ...until the protection is lifted.
    ok(&mut s, &format!("aws autoscaling set-instance-protection --auto-scaling-group-name web --instance-ids {} --no-protected-from-scale-in", ids[1]));
    s.advance(60);
    assert!(instances(&mut s, "web").is_empty());
    let (_, message) = asg_error(
        &mut s,
        "SetInstanceProtection",
        json!({"AutoScalingGroupName": "web", "InstanceIds": ["i-0123456789abcdef0"], "ProtectedFromScaleIn": true}),
    );
    assert_eq!(
        message,
        "The instance i-0123456789abcdef0 is not part of Auto Scaling group web."
    );
}

#[test]
fn an_instance_shut_down_from_its_own_shell_is_replaced() {
    let mut s = Sandbox::new(20);
    ok(
        &mut s,
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
    );
    ok(&mut s, "chmod 400 key.pem");
    ok(&mut s, "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)");
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 0.0.0.0/0");
    ok(&mut s, &format!("aws ec2 create-launch-template --launch-template-name web --launch-template-data '{{\"ImageId\":\"{AL2023}\",\"InstanceType\":\"t3.micro\",\"KeyName\":\"demo\",\"SecurityGroupIds\":[\"'$SG'\"]}}'"));
    ok(&mut s, "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 1 --max-size 1 --availability-zones us-east-1a");
    ok(&mut s, "sleep 60");
    let id = ids_in(&mut s, "web", "InService")[0].clone();
    let ip = ok(&mut s, &format!("aws ec2 describe-instances --instance-ids {id} --query 'Reservations[0].Instances[0].PublicIpAddress' --output text"));
    ok(
        &mut s,
        &format!(
            "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@{}",
            ip.trim()
        ),
    );
    assert_eq!(s.exec("sudo shutdown -h now").exit_code, 255);
    ok(&mut s, "sleep 60");
    let now = ids_in(&mut s, "web", "InService");
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], id);
    let termination = activities(&mut s, "web")
        .into_iter()
        .find(|a| a["Description"] == format!("Terminating EC2 instance: {id}"))
        .unwrap_or_default();
    assert!(termination["Cause"]
        .as_str()
        .unwrap_or_default()
        .contains("EC2 health check"));
}
