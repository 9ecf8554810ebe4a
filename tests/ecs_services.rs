//! ECS on the sandbox's EC2 instances: container instances from the
//! ECS-optimized AMI, tasks on dynamic host ports behind an Application
//! Load Balancer, and the errors learners meet.

mod common;

use aws_sandbox::Sandbox;
use common::{ok, service_error};
use serde_json::json;

const ECS_AMI: &str =
    "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

/// A cluster `web` and two container instances (us-east-1a and 1b) whose
/// group $SG_WEB admits $SG_LB on the ephemeral range when `open`; sets
/// $VPC, $SUBNETS, $SG_LB, $SG_WEB, $A and $B.
fn cluster_of_two(s: &mut Sandbox, open: bool) {
    common::elb::web_script_and_network(s);
    for line in [
        "aws ecs create-cluster --cluster-name web",
        "echo '#!/bin/bash' > ecs.sh",
        "echo 'echo ECS_CLUSTER=web >> /etc/ecs/ecs.config' >> ecs.sh",
        "SG_LB=$(aws ec2 create-security-group --group-name alb --description alb --query GroupId --output text)",
        "SG_WEB=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0",
    ] {
        ok(s, line);
    }
    if open {
        ok(s, "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 32768-61000 --source-group $SG_LB");
    }
    for (var, zone) in [("A", "us-east-1a"), ("B", "us-east-1b")] {
        ok(s, &format!("{var}=$(aws ec2 run-instances --image-id {ECS_AMI} --instance-type t3.small --placement AvailabilityZone={zone} --security-group-ids $SG_WEB --user-data file://ecs.sh --query 'Instances[0].InstanceId' --output text)"));
    }
    ok(s, "aws ec2 wait instance-running --instance-ids $A $B");
    s.advance(30);
}

/// An ALB with a target group and listener, and a task definition `web`
/// of the demo image on a dynamic host port; sets $LB, $TG, $DNS.
fn alb_and_task_definition(s: &mut Sandbox, kind: &str) {
    let (lb, tg, listener) = if kind == "network" {
        (
            "LB=$(aws elbv2 create-load-balancer --name web --type network --subnets $SUBNETS --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
            "TG=$(aws elbv2 create-target-group --name web --protocol TCP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)",
            "aws elbv2 create-listener --load-balancer-arn $LB --protocol TCP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
        )
    } else {
        (
            "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --security-groups $SG_LB --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
            "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)",
            "aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
        )
    };
    for line in [
        lb,
        tg,
        listener,
        "DNS=$(aws elbv2 describe-load-balancers --load-balancer-arns $LB --query 'LoadBalancers[0].DNSName' --output text)",
        "aws elbv2 wait load-balancer-available --load-balancer-arns $LB",
        r#"aws ecs register-task-definition --family web --container-definitions '[{"name":"web","image":"nginxdemos/hello:plain-text","memory":128,"portMappings":[{"containerPort":80,"hostPort":0}]}]'"#,
    ] {
        ok(s, line);
    }
}

#[test]
fn ecs_instances_register_with_the_cluster_their_user_data_names() {
    let mut s = Sandbox::new(7);
    cluster_of_two(&mut s, true);
    let arns = ok(
        &mut s,
        "aws ecs list-container-instances --cluster web --query 'length(containerInstanceArns)'",
    );
    assert_eq!(arns.trim(), "2");
    let out = ok(&mut s, "aws ecs describe-container-instances --cluster web --container-instances $(aws ecs list-container-instances --cluster web --query 'containerInstanceArns[0]' --output text) --query 'containerInstances[0].[agentConnected, registeredResources[0].integerValue, registeredResources[1].integerValue, status]' --output text");
    // t3.small: 2 vCPUs, 2 GiB, of which the agent reports a little less.
    let fields: Vec<&str> = out.split_whitespace().collect();
    assert_eq!(fields[0], "True");
    assert_eq!(fields[1], "2048");
    assert!(fields[2].parse::<u64>().unwrap() < 2048);
    assert_eq!(fields[3], "ACTIVE");
    // The ECS AMI's guest has Docker and the agent running.
    let out = ok(&mut s, "aws ec2 describe-images --image-ids $(aws ec2 describe-instances --instance-ids $A --query 'Reservations[0].Instances[0].ImageId' --output text) --query 'Images[0].[Description, BlockDeviceMappings[0].Ebs.VolumeSize]' --output text");
    assert_eq!(
        out.trim(),
        "Amazon Linux AMI 2023.0.20250520 x86_64 ECS HVM EBS\t30"
    );
}

#[test]
fn a_service_behind_an_alb_uses_dynamic_ports_two_tasks_per_instance() {
    let mut s = Sandbox::new(7);
    cluster_of_two(&mut s, true);
    alb_and_task_definition(&mut s, "application");
    ok(&mut s, "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 4 --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80");
    ok(
        &mut s,
        "aws ecs wait services-stable --cluster web --services web",
    );
    let health = ok(&mut s, "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].[Target.Id, Target.Port, TargetHealth.State]' --output text");
    let rows: Vec<Vec<&str>> = health.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{health}");
    for row in &rows {
        assert!(row[1].parse::<u16>().unwrap() >= 32768, "{health}");
    }
    let a = ok(&mut s, "echo $A");
    assert_eq!(
        rows.iter().filter(|r| r[0] == a.trim()).count(),
        2,
        "{health}"
    );
    s.advance(120);
    let health = ok(&mut s, "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.State' --output text");
    assert_eq!(health.trim(), "healthy\thealthy\thealthy\thealthy");
    let mut names: Vec<String> = (0..8)
        .map(|_| {
            let page = ok(&mut s, "curl -s http://$DNS/");
            assert!(page.starts_with("Server address: 172.17.0."), "{page}");
            page.lines().nth(1).unwrap_or_default().to_string()
        })
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 4, "{names:?}");
    let events = ok(&mut s, "aws ecs describe-services --cluster web --services web --query 'services[0].events[].message' --output text");
    assert!(
        events.contains("(service web) has reached a steady state."),
        "{events}"
    );
    assert!(
        events.contains(
            "(service web) registered 4 targets in (target-group arn:aws:elasticloadbalancing:"
        ),
        "{events}"
    );
    assert!(
        events.contains("(service web) has started 4 tasks: (task "),
        "{events}"
    );
}

#[test]
fn tasks_time_out_and_are_replaced_when_the_instances_group_does_not_admit_the_alb() {
    let mut s = Sandbox::new(7);
    cluster_of_two(&mut s, false);
    alb_and_task_definition(&mut s, "application");
    ok(&mut s, "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 2 --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80");
    s.advance(300);
    let health = ok(&mut s, "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.State' --output text");
    assert!(
        !health.split_whitespace().any(|state| state == "healthy"),
        "{health}"
    );
    let events = ok(&mut s, "aws ecs describe-services --cluster web --services web --query 'services[0].events[].message' --output text");
    assert!(events.contains("is unhealthy in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/"), "{events}");
    assert!(
        events.contains("due to (reason Request timed out)."),
        "{events}"
    );
}

#[test]
fn a_service_behind_an_nlb_answers_through_it() {
    let mut s = Sandbox::new(7);
    cluster_of_two(&mut s, false);
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 32768-61000 --cidr 0.0.0.0/0");
    alb_and_task_definition(&mut s, "network");
    ok(&mut s, "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 2 --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80");
    s.advance(300);
    let health = ok(&mut s, "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.State' --output text");
    assert_eq!(health.trim(), "healthy\thealthy");
    let page = ok(&mut s, "curl -s http://$DNS/");
    assert!(page.contains("Server name: "), "{page}");
}

/// A cluster `web` of one container instance ($A, us-east-1a, the default
/// security group), a Classic Load Balancer `web` on port 80, and task
/// definitions `dynamic` (nginx on a dynamic port) and `web` (on port 80).
fn classic_cluster_of_one(s: &mut Sandbox) {
    common::elb::web_script_and_network(s);
    for line in [
        "aws ecs create-cluster --cluster-name web",
        "echo '#!/bin/bash' > ecs.sh",
        "echo 'echo ECS_CLUSTER=web >> /etc/ecs/ecs.config' >> ecs.sh",
        &format!("A=$(aws ec2 run-instances --image-id {ECS_AMI} --instance-type t3.small --placement AvailabilityZone=us-east-1a --user-data file://ecs.sh --query 'Instances[0].InstanceId' --output text)"),
        "aws ec2 wait instance-running --instance-ids $A",
        "aws elb create-load-balancer --load-balancer-name web --listeners Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80 --subnets $SUBNETS",
        r#"aws ecs register-task-definition --family dynamic --container-definitions '[{"name":"web","image":"nginx","memory":128,"portMappings":[{"containerPort":80}]}]'"#,
        r#"aws ecs register-task-definition --family web --container-definitions '[{"name":"web","image":"nginx","memory":128,"portMappings":[{"containerPort":80,"hostPort":80}]}]'"#,
    ] {
        ok(s, line);
    }
    s.advance(30);
}

#[test]
fn a_classic_load_balancer_needs_a_static_port_and_takes_one_task_per_instance() {
    let mut s = Sandbox::new(7);
    classic_cluster_of_one(&mut s);
    let out = s.exec("aws ecs create-service --cluster web --service-name dyn --task-definition dynamic --desired-count 1 --load-balancers loadBalancerName=web,containerName=web,containerPort=80");
    assert_eq!(out.exit_code, 254);
    assert!(out.stderr.contains("(InvalidParameterException) when calling the CreateService operation: A host port mapping for the container port 80 is required."), "{}", out.stderr);
    ok(&mut s, "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 2 --load-balancers loadBalancerName=web,containerName=web,containerPort=80");
    s.advance(60);
    let counts = ok(&mut s, "aws ecs describe-services --cluster web --services web --query 'services[0].[runningCount, desiredCount]' --output text");
    assert_eq!(counts.trim(), "1\t2");
    let events = ok(&mut s, "aws ecs describe-services --cluster web --services web --query 'services[0].events[].message' --output text");
    assert!(events.contains("(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance "), "{events}");
    assert!(events.contains(") is already using a port required by your task. For more information, see the Troubleshooting section."), "{events}");
    assert!(
        events.contains("(service web) registered 1 instances in (elb web)"),
        "{events}"
    );
    // The task answers on the instance's port 80, as the CLB expects.
    let page = ok(
        &mut s,
        "aws ecs list-tasks --cluster web --query 'length(taskArns)'",
    );
    assert_eq!(page.trim(), "1");
}

#[test]
fn a_task_on_a_missing_image_stops_with_cannot_pull_container_error() {
    let mut s = Sandbox::new(7);
    cluster_of_two(&mut s, true);
    ok(
        &mut s,
        r#"aws ecs register-task-definition --family app --container-definitions '[{"name":"app","image":"my-app:v1","memory":128}]'"#,
    );
    ok(&mut s, "T=$(aws ecs run-task --cluster web --task-definition app --query 'tasks[0].taskArn' --output text)");
    let out = s.exec("aws ecs wait tasks-running --cluster web --tasks $T");
    assert_eq!(out.exit_code, 255, "{}", out.stderr);
    let out = ok(&mut s, "aws ecs describe-tasks --cluster web --tasks $T --query 'tasks[0].[lastStatus, stopCode, stoppedReason]' --output text");
    assert!(out.starts_with("STOPPED\tTaskFailedToStart\tCannotPullContainerError: Error response from daemon: pull access denied for my-app"), "{out}");
}

#[test]
fn tasks_of_a_terminated_instance_stop_and_the_service_replaces_them() {
    let mut s = Sandbox::new(7);
    cluster_of_two(&mut s, true);
    alb_and_task_definition(&mut s, "application");
    ok(&mut s, "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 2 --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80");
    ok(
        &mut s,
        "aws ecs wait services-stable --cluster web --services web",
    );
    ok(&mut s, "aws ec2 terminate-instances --instance-ids $A");
    s.advance(60);
    let stopped = ok(&mut s, "aws ecs list-tasks --cluster web --desired-status STOPPED --query 'taskArns[0]' --output text");
    let reason = ok(&mut s, &format!("aws ecs describe-tasks --cluster web --tasks {} --query 'tasks[0].stoppedReason' --output text", stopped.trim()));
    let a = ok(&mut s, "echo $A");
    assert_eq!(
        reason.trim(),
        format!("Host EC2 (instance {}) terminated.", a.trim())
    );
    ok(
        &mut s,
        "aws ecs wait services-stable --cluster web --services web",
    );
    let hosts = ok(&mut s, "aws ecs describe-container-instances --cluster web --container-instances $(aws ecs list-container-instances --cluster web --query 'containerInstanceArns' --output text) --query 'containerInstances[].[ec2InstanceId, runningTasksCount]' --output text");
    let b = ok(&mut s, "echo $B");
    assert_eq!(hosts.trim(), format!("{}\t2", b.trim()));
}

#[test]
fn errors_are_worded_as_ecs_words_them() {
    let mut s = Sandbox::new(7);
    let (code, message) = service_error(
        &mut s,
        "ecs",
        "DescribeServices",
        json!({"cluster": "nope", "services": ["web"]}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("ClusterNotFoundException", "Cluster not found.")
    );
    common::call_service(
        &mut s,
        "ecs",
        "CreateCluster",
        json!({"clusterName": "web"}),
    );
    common::call_service(
        &mut s,
        "ecs",
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}]}),
    );
    let (code, message) = service_error(
        &mut s,
        "ecs",
        "RegisterTaskDefinition",
        json!({"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx"}]}),
    );
    assert_eq!(code, "ClientException");
    assert_eq!(message, "Invalid setting for container 'web'. At least one of 'memory' or 'memoryReservation' must be specified.");
    common::call_service(
        &mut s,
        "ecs",
        "CreateService",
        json!({"cluster": "web", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1}),
    );
    let (code, message) = service_error(
        &mut s,
        "ecs",
        "CreateService",
        json!({"cluster": "web", "serviceName": "web", "taskDefinition": "web", "desiredCount": 1}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "InvalidParameterException",
            "Creation of service was not idempotent."
        )
    );
    let (code, message) = service_error(
        &mut s,
        "ecs",
        "DeleteService",
        json!({"cluster": "web", "service": "web"}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "InvalidParameterException",
            "The service cannot be stopped while it is scaled above 0."
        )
    );
    let (code, _) = service_error(
        &mut s,
        "ecs",
        "UpdateService",
        json!({"cluster": "web", "service": "nope", "desiredCount": 0}),
    );
    assert_eq!(code, "ServiceNotFoundException");
    let (code, _) = service_error(&mut s, "ecs", "DeleteCluster", json!({"cluster": "web"}));
    assert_eq!(code, "ClusterContainsServicesException");
    let (code, message) = service_error(
        &mut s,
        "ecs",
        "RunTask",
        json!({"cluster": "web", "taskDefinition": "web"}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "InvalidParameterException",
            "No Container Instances were found in your cluster."
        )
    );
    let (code, _) = service_error(
        &mut s,
        "ecs",
        "RegisterTaskDefinition",
        json!({"family": "f", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}]}),
    );
    assert_eq!(code, "ClientException");
    common::call_service(
        &mut s,
        "ecs",
        "DeleteService",
        json!({"cluster": "web", "service": "web", "force": true}),
    );
    s.advance(30);
    let out = ok(&mut s, "aws ecs describe-services --cluster web --services web --query 'services[0].status' --output text");
    assert_eq!(out.trim(), "INACTIVE");
}

#[test]
fn ecs_lists_page_by_camel_case_tokens_as_the_cli_pages_them() {
    let mut s = Sandbox::new(7);
    cluster_of_two(&mut s, true);
    alb_and_task_definition(&mut s, "application");
    ok(&mut s, "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 3 --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80");
    ok(
        &mut s,
        "aws ecs wait services-stable --cluster web --services web",
    );
    let all = ok(
        &mut s,
        "aws ecs list-tasks --cluster web --query taskArns --output text",
    );
    let all: Vec<&str> = all.split_whitespace().collect();
    assert_eq!(all.len(), 3);
    // `--max-items` prints the CLI's `NextToken` (base64 of the service's
    // camelCase token and the items already printed)...
    let first = ok(&mut s, "aws ecs list-tasks --cluster web --max-items 1");
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(first["taskArns"], json!([all[0]]));
    let token = first["NextToken"].as_str().unwrap();
    assert_eq!(
        token,
        "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="
    );
    // ... which `--starting-token` continues from, also across pages.
    let rest = ok(&mut s, &format!("aws ecs list-tasks --cluster web --page-size 1 --starting-token {token} --query taskArns --output text"));
    assert_eq!(rest.split_whitespace().collect::<Vec<_>>(), all[1..]);
    let text = ok(
        &mut s,
        "aws ecs list-tasks --cluster web --page-size 1 --max-items 2 --output text",
    );
    let next = text
        .lines()
        .find_map(|l| l.strip_prefix("NEXTTOKEN\t"))
        .unwrap();
    let last = ok(&mut s, &format!("aws ecs list-tasks --cluster web --starting-token {next} --query taskArns --output text"));
    assert_eq!(last.trim(), all[2]);
    // `--max-results` pages by hand: the service's own `nextToken` shows.
    let by_hand = ok(
        &mut s,
        "aws ecs list-tasks --cluster web --max-results 2 --query nextToken --output text",
    );
    assert_ne!(by_hand.trim(), "None");
}

/// The service of `alb_and_task_definition` on nginx (which answers 404
/// off its index page), `desired` tasks, healthy; `options` go to
/// create-service.
fn healthy_nginx_service(s: &mut Sandbox, desired: u32, options: &str) {
    cluster_of_two(s, true);
    alb_and_task_definition(s, "application");
    ok(
        s,
        r#"aws ecs register-task-definition --family nginx --container-definitions '[{"name":"web","image":"nginx","memory":128,"portMappings":[{"containerPort":80,"hostPort":0}]}]'"#,
    );
    ok(s, &format!("aws ecs create-service --cluster web --service-name web --task-definition nginx --desired-count {desired} --load-balancers targetGroupArn=$TG,containerName=web,containerPort=80 {options}"));
    ok(
        s,
        "aws ecs wait services-stable --cluster web --services web",
    );
    s.advance(60);
    let health = ok(s, "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.State' --output text");
    assert_eq!(
        health.split_whitespace().collect::<Vec<_>>(),
        vec!["healthy"; desired as usize]
    );
}

/// Messages of the service's events, newest first.
fn events(s: &mut Sandbox) -> String {
    ok(s, "aws ecs describe-services --cluster web --services web --query 'services[0].events[].message' --output text")
}

#[test]
fn tasks_failing_elb_health_checks_are_replaced() {
    let mut s = Sandbox::new(7);
    healthy_nginx_service(&mut s, 2, "");
    let first = ok(
        &mut s,
        "aws ecs list-tasks --cluster web --query taskArns --output text",
    );
    ok(
        &mut s,
        "aws elbv2 modify-target-group --target-group-arn $TG --health-check-path /health",
    );
    // Two failed checks 30 s apart make a target unhealthy.
    s.advance(90);
    let tg = ok(&mut s, "echo $TG");
    let tg = tg.trim();
    let events = events(&mut s);
    for task in first.split_whitespace() {
        let id = task.rsplit('/').next().unwrap();
        let reason = ok(&mut s, &format!("aws ecs describe-tasks --cluster web --tasks {task} --query 'tasks[0].[desiredStatus, stopCode, stoppedReason]' --output text"));
        assert_eq!(reason.trim(), format!("STOPPED\tServiceSchedulerInitiated\tTask failed ELB health checks in (target-group {tg})"));
        let unhealthy = format!("(service web) (task {id}) (instance i-");
        let line = events
            .split('\t')
            .find(|e| e.starts_with(&unhealthy))
            .unwrap_or_else(|| panic!("{events}"));
        assert!(line.ends_with(&format!(" is unhealthy in (target-group {tg}) due to (reason Health checks failed with these codes: [404]).")), "{line}");
        assert!(
            events
                .split('\t')
                .any(|e| e.starts_with("(service web) has stopped ")
                    && e.contains(&format!("(task {id})"))),
            "{events}"
        );
    }
    assert!(
        events.contains("(service web) has begun draining connections on"),
        "{events}"
    );
    // Replacements started, on new dynamic ports.
    let running = ok(
        &mut s,
        "aws ecs list-tasks --cluster web --desired-status RUNNING --query taskArns --output text",
    );
    assert_eq!(running.split_whitespace().count(), 2);
    assert!(
        running.split_whitespace().all(|t| !first.contains(t)),
        "{running}"
    );
    let started = events.matches("(service web) has started ").count();
    assert!(started >= 2, "{events}");
    // The stopped tasks' containers go once their targets drained (300 s).
    s.advance(300);
    let stopped = ok(&mut s, &format!("aws ecs describe-tasks --cluster web --tasks {} --query 'tasks[].lastStatus' --output text", first.trim()));
    assert_eq!(stopped.trim(), "STOPPED\tSTOPPED");
    // Healthy again once the path answers: the service settles.
    ok(
        &mut s,
        "aws elbv2 modify-target-group --target-group-arn $TG --health-check-path /",
    );
    s.advance(400);
    let health = ok(&mut s, "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[?TargetHealth.State!=`draining`].TargetHealth.State' --output text");
    assert_eq!(health.trim(), "healthy\thealthy");
}

#[test]
fn the_health_check_grace_period_holds_the_replacement_off() {
    let mut s = Sandbox::new(7);
    healthy_nginx_service(&mut s, 1, "--health-check-grace-period-seconds 600");
    let task = ok(
        &mut s,
        "aws ecs list-tasks --cluster web --query 'taskArns[0]' --output text",
    );
    ok(
        &mut s,
        "aws elbv2 modify-target-group --target-group-arn $TG --health-check-path /health",
    );
    s.advance(120);
    let health = ok(&mut s, "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.State' --output text");
    assert_eq!(health.trim(), "unhealthy");
    assert!(!events(&mut s).contains("is unhealthy in"));
    // The grace period counts from the task's start; past it, the task
    // is replaced without another health change.
    s.advance(600);
    let status = ok(&mut s, &format!("aws ecs describe-tasks --cluster web --tasks {} --query 'tasks[0].stoppedReason' --output text", task.trim()));
    assert!(
        status.starts_with("Task failed ELB health checks in (target-group "),
        "{status}"
    );
    // A grace period set by UpdateService applies to the replacements.
    ok(
        &mut s,
        "aws ecs update-service --cluster web --service web --health-check-grace-period-seconds 0",
    );
    let grace = ok(&mut s, "aws ecs describe-services --cluster web --services web --query 'services[0].healthCheckGracePeriodSeconds'");
    assert_eq!(grace.trim(), "0");
}

#[test]
fn placement_failures_are_said_again_until_the_service_can_place() {
    let mut s = Sandbox::new(7);
    classic_cluster_of_one(&mut s);
    ok(&mut s, "aws ecs create-service --cluster web --service-name web --task-definition web --desired-count 2 --load-balancers loadBalancerName=web,containerName=web,containerPort=80");
    let unable = "(service web) was unable to place a task because no container instance met all of its requirements.";
    s.advance(60);
    assert_eq!(events(&mut s).matches(unable).count(), 1);
    // Not at every attempt: once every five minutes while it still cannot.
    s.advance(200);
    assert_eq!(events(&mut s).matches(unable).count(), 1);
    s.advance(100);
    assert_eq!(events(&mut s).matches(unable).count(), 2);
    s.advance(300);
    assert_eq!(events(&mut s).matches(unable).count(), 3);
    // A second instance gives it room: the task starts, then the service
    // is steady, and the failure is not said again.
    ok(&mut s, &format!("B=$(aws ec2 run-instances --image-id {ECS_AMI} --instance-type t3.small --placement AvailabilityZone=us-east-1b --user-data file://ecs.sh --query 'Instances[0].InstanceId' --output text)"));
    ok(
        &mut s,
        "aws ecs wait services-stable --cluster web --services web",
    );
    s.advance(600);
    let events = events(&mut s);
    let newest: Vec<&str> = events.split('\t').collect();
    assert_eq!(
        newest[0], "(service web) has reached a steady state.",
        "{events}"
    );
    assert_eq!(
        newest[1], "(service web) registered 1 instances in (elb web)",
        "{events}"
    );
    assert!(
        newest[2].starts_with("(service web) has started 1 tasks: (task "),
        "{events}"
    );
    assert!(newest[3].starts_with(unable), "{events}");
    assert_eq!(events.matches(unable).count(), 3);
}

/// A cluster `web` of one container instance $A (key pair `demo` in
/// key.pem, its group $SG open for ssh) running two tasks of the demo
/// image on dynamic ports; sets $IP, its public address.
fn one_instance_two_tasks(s: &mut Sandbox) {
    for line in [
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
        "chmod 400 key.pem",
        "aws ecs create-cluster --cluster-name web",
        "echo '#!/bin/bash' > ecs.sh",
        "echo 'echo ECS_CLUSTER=web >> /etc/ecs/ecs.config' >> ecs.sh",
        "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 0.0.0.0/0",
        &format!("A=$(aws ec2 run-instances --image-id {ECS_AMI} --instance-type t3.small --key-name demo --security-group-ids $SG --user-data file://ecs.sh --query 'Instances[0].InstanceId' --output text)"),
        "aws ec2 wait instance-running --instance-ids $A",
        r#"aws ecs register-task-definition --family web --container-definitions '[{"name":"web","image":"nginxdemos/hello:plain-text","memory":128,"portMappings":[{"containerPort":80,"hostPort":0}]}]'"#,
        "sleep 30",
        "aws ecs run-task --cluster web --task-definition web --count 2",
        "sleep 60",
        "IP=$(aws ec2 describe-instances --instance-ids $A --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
    ] {
        ok(s, line);
    }
}

#[test]
fn a_tasks_dynamic_port_answers_from_the_learners_terminal_once_the_group_admits_it() {
    let mut s = Sandbox::new(7);
    one_instance_two_tasks(&mut s);
    ok(&mut s, "PORT=$(aws ecs describe-tasks --cluster web --tasks $(aws ecs list-tasks --cluster web --query 'taskArns[0]' --output text) --query 'tasks[0].containers[0].networkBindings[0].hostPort' --output text)");
    let port = ok(&mut s, "echo $PORT");
    assert!(port.trim().parse::<u16>().unwrap() >= 32768, "{port}");
    // The group admits ssh only: the connection times out.
    let out = s.exec("curl -s -m 5 http://$IP:$PORT/");
    assert_eq!(out.exit_code, 28, "{}", out.stdout);
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 32768-61000 --cidr 0.0.0.0/0");
    let page = ok(&mut s, "curl -s http://$IP:$PORT/");
    assert!(page.starts_with("Server address: 172.17.0."), "{page}");
    assert!(page.contains("\nServer name: "), "{page}");
}

#[test]
fn docker_ps_on_a_container_instance_shows_the_tasks_containers_and_the_agent() {
    let mut s = Sandbox::new(7);
    one_instance_two_tasks(&mut s);
    ok(&mut s, "ssh -i key.pem ec2-user@$IP");
    ok(&mut s, "yes");
    // ec2-user is not in the docker group on the ECS AMI.
    let out = s.exec("docker ps");
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr.starts_with("permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock"), "{}", out.stderr);
    let ps = ok(&mut s, "sudo docker ps");
    let lines: Vec<&str> = ps.lines().collect();
    assert_eq!(lines.len(), 4, "{ps}");
    let header: Vec<&str> = lines[0]
        .split("   ")
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    assert_eq!(
        header,
        [
            "CONTAINER ID",
            "IMAGE",
            "COMMAND",
            "CREATED",
            "STATUS",
            "PORTS",
            "NAMES"
        ]
    );
    // Columns line up under their headings.
    let column = |line: &str, text: &str| line.find(text).map(|at| line[..at].chars().count());
    for task in &lines[1..3] {
        let fields: Vec<&str> = task
            .split("   ")
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        assert_eq!(fields[0].len(), 12, "{task}");
        assert_eq!(
            &fields[1..5],
            [
                "nginxdemos/hello:plain-text",
                "\"/docker-entrypoint.…\"",
                "52 seconds ago",
                "Up 52 seconds"
            ],
            "{task}"
        );
        assert!(
            fields[5].starts_with("0.0.0.0:3276") && fields[5].ends_with("->80/tcp"),
            "{task}"
        );
        assert!(fields[6].starts_with("ecs-web-1-web-"), "{task}");
        assert_eq!(column(task, "0.0.0.0"), column(lines[0], "PORTS"), "{ps}");
        assert_eq!(column(task, "ecs-web"), column(lines[0], "NAMES"), "{ps}");
    }
    assert!(
        lines[3].contains("   amazon/amazon-ecs-agent:latest   \"/agent\"   "),
        "{ps}"
    );
    assert!(lines[3].ends_with("   ecs-agent"), "{ps}");
    let status = ok(&mut s, "systemctl status docker ecs");
    assert!(status.starts_with("● docker.service - Docker Application Container Engine\n     Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; preset: disabled)\n     Active: active (running) since "), "{status}");
    assert!(
        status.contains("● ecs.service - Amazon Elastic Container Service - container agent\n"),
        "{status}"
    );
    // Stopping the agent takes its container away, not the tasks'.
    ok(&mut s, "sudo systemctl stop ecs");
    let ps = ok(&mut s, "sudo docker ps");
    assert_eq!(ps.lines().count(), 3, "{ps}");
    assert!(!ps.contains("ecs-agent"), "{ps}");
}
