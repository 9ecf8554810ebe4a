//! Auto Scaling and load balancers together, from the terminal: a group
//! whose instances join a target group or a Classic Load Balancer, the ELB
//! health check that replaces an instance whose web server stopped,
//! draining before termination, attaching and detaching, and AWS's
//! refusals.

mod common;

use aws_sandbox::Sandbox;
use base64::Engine;
use common::elb::web_script_and_network;
use common::{ok, AL2023};
use serde_json::Value;

const SSH: &str = "ssh -i key.pem -o StrictHostKeyChecking=no";

/// The user data of web.sh (see [`web_script_and_network`]), which a
/// launch template takes base64-encoded.
const WEB_SH: &str = "#!/bin/bash\ndnf install -y httpd\nsystemctl enable --now httpd\necho \"<h1>$(hostname)</h1>\" > /var/www/html/index.html\n";

/// Key pair `demo`, security groups $SG_LB (port 80 from anywhere) and
/// $SG_WEB (port 80 from $SG_LB, ssh from anywhere), launch template `web`
/// serving its host name, an ALB $LB with DNS name $DNS, target group $TG
/// (HTTP:80) and a listener forwarding to it. Also $VPC and $SUBNETS.
fn alb_and_template(s: &mut Sandbox) {
    web_script_and_network(s);
    let user_data = base64::engine::general_purpose::STANDARD.encode(WEB_SH);
    for line in [
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
        "chmod 400 key.pem",
        "SG_LB=$(aws ec2 create-security-group --group-name alb --description alb --query GroupId --output text)",
        "SG_WEB=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0",
        "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 80 --source-group $SG_LB",
        "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 22 --cidr 0.0.0.0/0",
        &format!("aws ec2 create-launch-template --launch-template-name web --launch-template-data '{{\"ImageId\":\"{AL2023}\",\"InstanceType\":\"t2.micro\",\"KeyName\":\"demo\",\"SecurityGroupIds\":[\"'$SG_WEB'\"],\"UserData\":\"{user_data}\"}}'"),
        "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --security-groups $SG_LB --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
        "DNS=$(aws elbv2 describe-load-balancers --load-balancer-arns $LB --query 'LoadBalancers[0].DNSName' --output text)",
        "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)",
        "aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
        "aws elbv2 wait load-balancer-available --load-balancer-arns $LB",
    ] {
        ok(s, line);
    }
}

/// Group `web` of two from template `web` over us-east-1a and 1b, with
/// `extra` options.
fn web_group(s: &mut Sandbox, extra: &str) {
    ok(
        s,
        &format!("aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 1 --max-size 4 --desired-capacity 2 --availability-zones us-east-1a us-east-1b {extra}"),
    );
}

/// The target group's targets as (id, state), in registration order.
fn targets(s: &mut Sandbox) -> Vec<(String, String)> {
    let out = ok(
        s,
        "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].[Target.Id,TargetHealth.State]' --output text",
    );
    out.lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(id, state)| (id.to_string(), state.to_string()))
        .collect()
}

/// The group's instances as (id, lifecycle, health), by id.
fn members(s: &mut Sandbox) -> Vec<(String, String, String)> {
    let out = ok(
        s,
        "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names web --query 'AutoScalingGroups[0].Instances[].[InstanceId,LifecycleState,HealthStatus]' --output text",
    );
    let mut members: Vec<(String, String, String)> = out
        .lines()
        .filter_map(|line| {
            let mut fields = line.split('\t').map(str::to_string);
            Some((fields.next()?, fields.next()?, fields.next()?))
        })
        .collect();
    members.sort();
    members
}

/// The group's activities, newest first.
fn activities(s: &mut Sandbox) -> Vec<Value> {
    let out = ok(
        s,
        "aws autoscaling describe-scaling-activities --auto-scaling-group-name web --query Activities",
    );
    serde_json::from_str(&out).unwrap_or_default()
}

fn public_ip(s: &mut Sandbox, id: &str) -> String {
    ok(s, &format!("aws ec2 describe-instances --instance-ids {id} --query 'Reservations[0].Instances[0].PublicIpAddress' --output text")).trim().to_string()
}

fn ec2_state(s: &mut Sandbox, id: &str) -> String {
    ok(s, &format!("aws ec2 describe-instances --instance-ids {id} --query 'Reservations[0].Instances[0].State.Name' --output text")).trim().to_string()
}

#[test]
fn a_group_with_a_target_group_puts_both_instances_behind_the_alb() {
    let mut s = Sandbox::new(51);
    alb_and_template(&mut s);
    web_group(
        &mut s,
        "--target-group-arns $TG --health-check-type ELB --health-check-grace-period 60",
    );
    // Launched 10 s after the request; registered as EC2 reports them
    // running, and in service right after.
    ok(&mut s, "sleep 20");
    assert!(targets(&mut s).is_empty());
    assert!(members(&mut s).iter().all(|m| m.1 == "Pending"));
    ok(&mut s, "sleep 10");
    let ids: Vec<String> = members(&mut s).into_iter().map(|m| m.0).collect();
    assert_eq!(ids.len(), 2);
    let mut registered: Vec<String> = targets(&mut s).into_iter().map(|t| t.0).collect();
    registered.sort();
    assert_eq!(registered, ids);
    assert!(members(&mut s).iter().all(|m| m.1 == "InService"));
    ok(&mut s, "sleep 30");
    assert!(targets(&mut s).iter().all(|t| t.1 == "healthy"));
    // Round robin: two requests, two instances.
    let first = ok(&mut s, "curl -s http://$DNS/");
    let second = ok(&mut s, "curl -s http://$DNS/");
    assert!(first.starts_with("<h1>ip-172-31-"), "{first}");
    assert_ne!(first, second);
    let tg = ok(&mut s, "echo $TG").trim().to_string();
    let attached = ok(
        &mut s,
        "aws autoscaling describe-load-balancer-target-groups --auto-scaling-group-name web",
    );
    let attached: Value = serde_json::from_str(&attached).unwrap_or_default();
    assert_eq!(
        attached,
        serde_json::json!({"LoadBalancerTargetGroups": [{"LoadBalancerTargetGroupARN": tg, "State": "InService"}]})
    );
    let group = ok(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --query 'AutoScalingGroups[0].[TargetGroupARNs,LoadBalancerNames,TrafficSources,HealthCheckType]' --output json",
    );
    let group: Value = serde_json::from_str(&group).unwrap_or_default();
    assert_eq!(
        group,
        serde_json::json!([[tg], [], [{"Identifier": tg, "Type": "elbv2"}], "ELB"])
    );
    // At rest, Auto Scaling has nothing to do however long the ALB's
    // checks go on.
    ok(&mut s, "sleep 3600");
    assert_eq!(s.world().autoscaling.next_due(), None);
    assert!(targets(&mut s).iter().all(|t| t.1 == "healthy"));
}

#[test]
fn an_instance_whose_web_server_stops_is_replaced_on_the_elb_health_check() {
    let mut s = Sandbox::new(52);
    alb_and_template(&mut s);
    web_group(
        &mut s,
        "--target-group-arns $TG --health-check-type ELB --health-check-grace-period 60",
    );
    ok(&mut s, "sleep 90");
    let before = members(&mut s);
    let broken = before[0].0.clone();
    let ip = public_ip(&mut s, &broken);
    ok(
        &mut s,
        &format!("{SSH} ec2-user@{ip} sudo systemctl stop httpd"),
    );
    // Two failed checks 30 s apart make the target unhealthy; the next
    // 30 s round of Auto Scaling marks the instance and replaces it. It
    // drains first: EC2 still runs it.
    ok(&mut s, "sleep 60");
    let now = members(&mut s);
    assert!(
        now.contains(&(broken.clone(), "Terminating".into(), "Unhealthy".into())),
        "{now:?}"
    );
    assert_eq!(now.len(), 3, "{now:?}");
    assert_eq!(ec2_state(&mut s, &broken), "running");
    let termination = activities(&mut s)
        .into_iter()
        .find(|a| a["Description"] == format!("Terminating EC2 instance: {broken}"))
        .unwrap_or_default();
    assert_eq!(termination["StatusCode"], "WaitingForELBConnectionDraining");
    let cause = termination["Cause"].as_str().unwrap_or_default();
    assert!(
        cause.ends_with(
            "an instance was taken out of service in response to an ELB system health check failure."
        ),
        "{cause}"
    );
    assert!(targets(&mut s).contains(&(broken.clone(), "draining".into())));
    // The replacement is registered and passes its checks.
    ok(&mut s, "sleep 30");
    let replacement = members(&mut s)
        .into_iter()
        .find(|m| !before.iter().any(|b| b.0 == m.0))
        .map(|m| m.0)
        .unwrap_or_default();
    assert!(targets(&mut s).contains(&(replacement, "healthy".into())));
    let bodies: Vec<String> = (0..4).map(|_| ok(&mut s, "curl -s http://$DNS/")).collect();
    assert!(bodies.iter().all(|b| b.starts_with("<h1>")), "{bodies:?}");
    // The deregistration delay (300 s) over, EC2 terminates it.
    ok(&mut s, "sleep 240");
    assert_eq!(ec2_state(&mut s, &broken), "running");
    ok(&mut s, "sleep 30");
    assert_ne!(ec2_state(&mut s, &broken), "running");
    ok(&mut s, "sleep 60");
    assert_eq!(ec2_state(&mut s, &broken), "terminated");
    let now = members(&mut s);
    assert!(
        now.iter().all(|m| m.1 == "InService" && m.2 == "Healthy"),
        "{now:?}"
    );
    assert_eq!(now.len(), 2);
    let termination = activities(&mut s)
        .into_iter()
        .find(|a| a["Description"] == format!("Terminating EC2 instance: {broken}"))
        .unwrap_or_default();
    assert_eq!(termination["StatusCode"], "Successful");
    assert!(!targets(&mut s).iter().any(|t| t.0 == broken));
}

#[test]
fn scale_in_deregisters_and_waits_for_draining_before_terminating() {
    let mut s = Sandbox::new(53);
    alb_and_template(&mut s);
    ok(
        &mut s,
        "aws elbv2 modify-target-group-attributes --target-group-arn $TG --attributes Key=deregistration_delay.timeout_seconds,Value=60",
    );
    web_group(&mut s, "--target-group-arns $TG");
    ok(&mut s, "sleep 90");
    assert!(targets(&mut s).iter().all(|t| t.1 == "healthy"));
    ok(
        &mut s,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 1",
    );
    ok(&mut s, "sleep 10");
    let leaving = members(&mut s)
        .into_iter()
        .find(|m| m.1 == "Terminating")
        .map(|m| m.0)
        .unwrap_or_default();
    assert!(targets(&mut s).contains(&(leaving.clone(), "draining".into())));
    assert_eq!(ec2_state(&mut s, &leaving), "running");
    let termination = &activities(&mut s)[0];
    assert_eq!(
        termination["Description"],
        format!("Terminating EC2 instance: {leaving}")
    );
    assert_eq!(termination["StatusCode"], "WaitingForELBConnectionDraining");
    assert!(termination["Cause"]
        .as_str()
        .unwrap_or_default()
        .contains("shrinking the capacity from 2 to 1."));
    // Draining, it gets no new requests.
    let one = ok(&mut s, "curl -s http://$DNS/");
    assert_eq!(one, ok(&mut s, "curl -s http://$DNS/"));
    // The group's 60 s delay over, it leaves the target group and EC2
    // terminates it.
    ok(&mut s, "sleep 50");
    assert_eq!(ec2_state(&mut s, &leaving), "running");
    ok(&mut s, "sleep 10");
    assert_eq!(targets(&mut s).len(), 1);
    assert_ne!(ec2_state(&mut s, &leaving), "running");
    assert_eq!(activities(&mut s)[0]["StatusCode"], "InProgress");
    ok(&mut s, "sleep 60");
    assert_eq!(activities(&mut s)[0]["StatusCode"], "Successful");
    assert_eq!(members(&mut s).len(), 1);
}

#[test]
fn force_delete_deregisters_and_terminates_without_waiting() {
    let mut s = Sandbox::new(54);
    alb_and_template(&mut s);
    web_group(&mut s, "--target-group-arns $TG");
    ok(&mut s, "sleep 90");
    let ids: Vec<String> = members(&mut s).into_iter().map(|m| m.0).collect();
    ok(
        &mut s,
        "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name web --force-delete",
    );
    ok(&mut s, "sleep 10");
    assert!(targets(&mut s).iter().all(|t| t.1 == "draining"));
    for id in &ids {
        assert_ne!(ec2_state(&mut s, id), "running");
    }
    ok(&mut s, "sleep 60");
    let groups = ok(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --query 'length(AutoScalingGroups)'",
    );
    assert_eq!(groups, "0\n");
}

#[test]
fn attaching_registers_the_instances_in_service_and_detaching_drains_them() {
    let mut s = Sandbox::new(55);
    alb_and_template(&mut s);
    web_group(&mut s, "");
    ok(&mut s, "sleep 60");
    assert!(targets(&mut s).is_empty());
    let states = |s: &mut Sandbox| {
        ok(
            s,
            "aws autoscaling describe-load-balancer-target-groups --auto-scaling-group-name web --query 'LoadBalancerTargetGroups[].State' --output text",
        )
    };
    ok(
        &mut s,
        "aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name web --target-group-arns $TG",
    );
    assert_eq!(states(&mut s), "Adding\n");
    ok(&mut s, "sleep 10");
    assert_eq!(states(&mut s), "Added\n");
    assert_eq!(targets(&mut s).len(), 2);
    // With the EC2 health check type it stays Added; with ELB it is in
    // service once an instance passes the checks.
    ok(&mut s, "sleep 30");
    assert!(targets(&mut s).iter().all(|t| t.1 == "healthy"));
    assert_eq!(states(&mut s), "Added\n");
    ok(
        &mut s,
        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name web --health-check-type ELB",
    );
    ok(&mut s, "sleep 10");
    assert_eq!(states(&mut s), "InService\n");
    // Attaching again changes nothing.
    ok(
        &mut s,
        "aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name web --target-group-arns $TG",
    );
    assert_eq!(states(&mut s), "InService\n");
    // While AddToLoadBalancer is suspended, a new instance stays out.
    ok(
        &mut s,
        "aws autoscaling suspend-processes --auto-scaling-group-name web --scaling-processes AddToLoadBalancer",
    );
    ok(
        &mut s,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 3",
    );
    ok(&mut s, "sleep 60");
    assert_eq!(
        members(&mut s)
            .iter()
            .filter(|m| m.1 == "InService")
            .count(),
        3
    );
    assert_eq!(targets(&mut s).len(), 2);
    ok(
        &mut s,
        "aws autoscaling resume-processes --auto-scaling-group-name web",
    );
    // Detaching deregisters every instance; the attachment goes once they
    // have drained (300 s).
    ok(
        &mut s,
        "aws autoscaling detach-load-balancer-target-groups --auto-scaling-group-name web --target-group-arns $TG",
    );
    assert_eq!(states(&mut s), "Removing\n");
    let arns = ok(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --query 'length(AutoScalingGroups[0].TargetGroupARNs)'",
    );
    assert_eq!(arns, "0\n");
    ok(&mut s, "sleep 10");
    assert!(targets(&mut s).iter().all(|t| t.1 == "draining"));
    ok(&mut s, "sleep 300");
    assert_eq!(states(&mut s), "");
    assert!(targets(&mut s).is_empty());
    // The instances stay in the group, in service.
    assert!(members(&mut s).iter().all(|m| m.1 == "InService"));
}

#[test]
fn unknown_or_unfit_load_balancers_are_refused_as_aws_refuses_them() {
    let mut s = Sandbox::new(56);
    alb_and_template(&mut s);
    let fails = |s: &mut Sandbox, line: &str| {
        let out = s.exec(line);
        assert_ne!(out.exit_code, 0, "{line}");
        out.stderr
    };
    let missing_tg =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef";
    let err = fails(&mut s, &format!("aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 1 --max-size 1 --availability-zones us-east-1a --target-group-arns {missing_tg}"));
    assert!(err.contains("An error occurred (ValidationError) when calling the CreateAutoScalingGroup operation: Provided Target Groups may not be valid. Please ensure they exist and try again."), "{err}");
    let err = fails(&mut s, "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 1 --max-size 1 --availability-zones us-east-1a --load-balancer-names nope");
    assert!(
        err.contains(
            "Provided Load Balancers may not be valid. Please ensure they exist and try again."
        ),
        "{err}"
    );
    ok(&mut s, "IP_TG=$(aws elbv2 create-target-group --name ips --protocol HTTP --port 80 --vpc-id $VPC --target-type ip --query 'TargetGroups[0].TargetGroupArn' --output text)");
    let ip_tg = ok(&mut s, "echo $IP_TG").trim().to_string();
    let err = fails(&mut s, "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=web --min-size 1 --max-size 1 --availability-zones us-east-1a --target-group-arns $IP_TG");
    assert!(err.contains(&format!("Provided Target Group '{ip_tg}' has invalid target type. Please ensure all provided Target Groups have target type of instance.")), "{err}");
    // Nothing was created by the refusals.
    let groups = ok(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --query 'length(AutoScalingGroups)'",
    );
    assert_eq!(groups, "0\n");
    web_group(&mut s, "");
    let err = fails(&mut s, "aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name web --target-group-arns $IP_TG");
    assert!(err.contains("has invalid target type"), "{err}");
    let err = fails(
        &mut s,
        "aws autoscaling attach-load-balancers --auto-scaling-group-name web --load-balancer-names nope",
    );
    assert!(
        err.contains("Provided Load Balancers may not be valid"),
        "{err}"
    );
    let err = fails(&mut s, "aws autoscaling detach-load-balancer-target-groups --auto-scaling-group-name web --target-group-arns $TG");
    assert!(
        err.contains("Trying to remove Target Groups that are not part of the group"),
        "{err}"
    );
    let err = fails(
        &mut s,
        "aws autoscaling detach-load-balancers --auto-scaling-group-name web --load-balancer-names nope",
    );
    assert!(
        err.contains("Trying to remove Load Balancers that are not part of the group"),
        "{err}"
    );
    let err = fails(
        &mut s,
        "aws autoscaling describe-load-balancers --auto-scaling-group-name nope",
    );
    assert!(
        err.contains("AutoScalingGroup name not found - AutoScalingGroup nope not found"),
        "{err}"
    );
    let err = fails(
        &mut s,
        "aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name web",
    );
    assert!(err.contains("--target-group-arns"), "{err}");
}

#[test]
fn a_classic_load_balancer_named_at_creation_gets_the_instances_in_service() {
    let mut s = Sandbox::new(57);
    alb_and_template(&mut s);
    for line in [
        "aws elb create-load-balancer --load-balancer-name classic --listeners Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80 --availability-zones us-east-1a us-east-1b --security-groups $SG_LB",
        "aws elb configure-health-check --load-balancer-name classic --health-check Target=HTTP:80/index.html,Interval=10,UnhealthyThreshold=2,HealthyThreshold=2,Timeout=5",
        "CLASSIC=$(aws elb describe-load-balancers --load-balancer-names classic --query 'LoadBalancerDescriptions[0].DNSName' --output text)",
    ] {
        ok(&mut s, line);
    }
    web_group(
        &mut s,
        "--load-balancer-names classic --health-check-type ELB --health-check-grace-period 60",
    );
    ok(&mut s, "sleep 90");
    let health = |s: &mut Sandbox| {
        ok(
            s,
            "aws elb describe-instance-health --load-balancer-name classic --query 'InstanceStates[].[InstanceId,State]' --output text",
        )
    };
    let ids: Vec<String> = members(&mut s).into_iter().map(|m| m.0).collect();
    let mut in_service: Vec<String> = health(&mut s)
        .lines()
        .filter_map(|l| l.strip_suffix("\tInService"))
        .map(str::to_string)
        .collect();
    in_service.sort();
    assert_eq!(in_service, ids);
    let attached = ok(
        &mut s,
        "aws autoscaling describe-load-balancers --auto-scaling-group-name web --query 'LoadBalancers[].[LoadBalancerName,State]' --output text",
    );
    assert_eq!(attached, "classic\tInService\n");
    let traffic = ok(
        &mut s,
        "aws autoscaling describe-auto-scaling-groups --query 'AutoScalingGroups[0].[LoadBalancerNames[0],TrafficSources[0].Type]' --output text",
    );
    assert_eq!(traffic, "classic\telb\n");
    // Each zone's node sends to its own zone's instance (cross-zone load
    // balancing is off by default through the API): the answers come from
    // both.
    let mut answers: Vec<String> = (0..6)
        .map(|_| ok(&mut s, "curl -s http://$CLASSIC/"))
        .collect();
    answers.sort();
    answers.dedup();
    assert_eq!(answers.len(), 2, "{answers:?}");
    // A web server stopped: OutOfService after two failed checks, then
    // replaced; a Classic Load Balancer lets it go at once.
    let broken = ids[0].clone();
    let ip = public_ip(&mut s, &broken);
    ok(
        &mut s,
        &format!("{SSH} ec2-user@{ip} sudo systemctl stop httpd"),
    );
    ok(&mut s, "sleep 60");
    assert_ne!(ec2_state(&mut s, &broken), "running");
    assert!(!health(&mut s).contains(&broken));
    let termination = activities(&mut s)
        .into_iter()
        .find(|a| a["Description"] == format!("Terminating EC2 instance: {broken}"))
        .unwrap_or_default();
    assert!(termination["Cause"]
        .as_str()
        .unwrap_or_default()
        .contains("ELB system health check failure"));
    ok(&mut s, "sleep 60");
    let now = health(&mut s);
    assert_eq!(now.matches("InService").count(), 2, "{now}");
}

#[test]
fn failed_checks_within_the_grace_period_wait_for_its_end() {
    let mut s = Sandbox::new(58);
    alb_and_template(&mut s);
    // A template whose instances serve nothing: every check fails.
    ok(&mut s, &format!("aws ec2 create-launch-template --launch-template-name bare --launch-template-data '{{\"ImageId\":\"{AL2023}\",\"InstanceType\":\"t2.micro\",\"SecurityGroupIds\":[\"'$SG_WEB'\"]}}'"));
    ok(
        &mut s,
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name web --launch-template LaunchTemplateName=bare --min-size 1 --max-size 1 --availability-zones us-east-1a --target-group-arns $TG --health-check-type ELB --health-check-grace-period 300",
    );
    ok(&mut s, "sleep 120");
    let first = members(&mut s);
    assert_eq!(targets(&mut s)[0].1, "unhealthy");
    assert_eq!(first[0].1, "InService");
    // Launched 10 s after the request: its grace ends at 310 s.
    ok(&mut s, "sleep 185");
    assert_eq!(members(&mut s), first);
    ok(&mut s, "sleep 10");
    let now = members(&mut s);
    assert!(
        now.contains(&(first[0].0.clone(), "Terminating".into(), "Unhealthy".into())),
        "{now:?}"
    );
    // A replay of the journal builds the same world.
    let copy = Sandbox::import(&s.export()).expect("imports");
    assert!(copy.world() == s.world());
}
