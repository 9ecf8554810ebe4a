//! Network Load Balancers (flow hashing, client addresses kept) and
//! Classic Load Balancers (instances, DescribeInstanceHealth), from the
//! terminal and through the routing hook.

mod common;

use aws_sandbox::elb::routing::{HttpRequest, LoadBalancerRef, Routed};
use aws_sandbox::Sandbox;
use common::elb::{web_script_and_network, web_server};
use common::ok;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

/// Three web servers serving their host name (two in us-east-1a, one in
/// 1b), in a group open on port 80 to the world. Sets $VPC, $SUBNETS,
/// $SG, $A, $B, $C.
fn web_servers(s: &mut Sandbox) {
    web_script_and_network(s);
    ok(s, "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)");
    ok(s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    web_server(s, "A", "us-east-1a", "SG", "");
    web_server(s, "B", "us-east-1b", "SG", "");
    web_server(s, "C", "us-east-1a", "SG", "");
    ok(s, "aws ec2 wait instance-running --instance-ids $A $B $C");
}

fn request(client_port: u16) -> HttpRequest<'static> {
    HttpRequest {
        port: 80,
        host: "nlb",
        path: "/",
        method: "GET",
        headers: &[],
        client: Ipv4Addr::new(198, 51, 100, 7),
        client_port,
    }
}

#[test]
fn a_network_load_balancer_keeps_each_flow_on_one_target() {
    let mut s = Sandbox::new(30);
    web_servers(&mut s);
    for line in [
        "LB=$(aws elbv2 create-load-balancer --name nlb --type network --subnets $SUBNETS --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
        "TG=$(aws elbv2 create-target-group --name tcp --protocol TCP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)",
        "aws elbv2 register-targets --target-group-arn $TG --targets Id=$A Id=$B Id=$C",
        "aws elbv2 create-listener --load-balancer-arn $LB --protocol TCP --port 80 --default-actions Type=forward,TargetGroupArn=$TG",
        "aws elbv2 wait load-balancer-available --load-balancer-arns $LB",
        "aws elbv2 wait target-in-service --target-group-arn $TG",
    ] {
        ok(&mut s, line);
    }
    let lb = ok(
        &mut s,
        "aws elbv2 describe-load-balancers --names nlb --query 'LoadBalancers[0].[DNSName,CanonicalHostedZoneId,Type]' --output text",
    );
    let fields: Vec<&str> = lb.split_whitespace().collect();
    let arn = ok(&mut s, "echo $LB");
    let id = arn
        .trim()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        fields,
        [
            format!("nlb-{id}.elb.us-east-1.amazonaws.com").as_str(),
            "Z26RNL4JYFTOTI",
            "network"
        ]
    );
    let attributes = ok(
        &mut s,
        "aws elbv2 describe-load-balancer-attributes --load-balancer-arn $LB --query \"Attributes[?Key=='load_balancing.cross_zone.enabled'].Value\" --output text",
    );
    assert_eq!(attributes, "false\n");
    // Through the hook: one flow, one target, request after request.
    let mut world = s.world().clone();
    let resolved = world.elb.resolve(fields[0]).expect("resolves");
    assert!(matches!(resolved.load_balancer, LoadBalancerRef::V2(_)));
    let target = |routed: Routed| match routed {
        Routed::Forward { target_id, .. } => target_id,
        other => panic!("{other:?}"),
    };
    let first = target(world.elb.route(&world.ec2, &resolved, &request(40000)));
    for _ in 0..5 {
        assert_eq!(
            target(world.elb.route(&world.ec2, &resolved, &request(40000))),
            first
        );
    }
    let spread: BTreeSet<String> = (40000..40040)
        .map(|port| target(world.elb.route(&world.ec2, &resolved, &request(port))))
        .collect();
    assert_eq!(spread.len(), 3, "{spread:?}");
    // The targets see the client's own address: their group must admit it.
    assert!(ok(&mut s, &format!("curl -s http://{}/", fields[0])).starts_with("<h1>ip-172-31-"));
    ok(&mut s, "aws ec2 revoke-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 172.31.0.0/16");
    ok(&mut s, "sleep 60");
    let health = ok(
        &mut s,
        "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.State' --output text",
    );
    assert_eq!(health, "healthy\thealthy\thealthy\n");
    let out = s.exec(&format!(
        "curl -sS --connect-timeout 3 http://{}/",
        fields[0]
    ));
    assert_eq!(out.exit_code, 28, "{}", out.stdout);
}

#[test]
fn a_classic_load_balancer_reports_instance_health_and_balances() {
    let mut s = Sandbox::new(31);
    web_servers(&mut s);
    let out = ok(
        &mut s,
        "aws elb create-load-balancer --load-balancer-name classic --listeners Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80 --availability-zones us-east-1a us-east-1b --security-groups $SG",
    );
    assert!(out.contains("\"DNSName\": \"classic-"), "{out}");
    let dns = ok(
        &mut s,
        "aws elb describe-load-balancers --load-balancer-names classic --query 'LoadBalancerDescriptions[0].DNSName' --output text",
    );
    let dns = dns.trim().to_string();
    assert!(dns.ends_with(".us-east-1.elb.amazonaws.com"), "{dns}");
    let check = ok(
        &mut s,
        "aws elb describe-load-balancers --load-balancer-names classic --query 'LoadBalancerDescriptions[0].HealthCheck.[Target,Interval,Timeout,UnhealthyThreshold,HealthyThreshold]' --output text",
    );
    assert_eq!(check, "TCP:80\t30\t5\t2\t10\n");
    let out = ok(
        &mut s,
        "aws elb configure-health-check --load-balancer-name classic --health-check Target=HTTP:80/index.html,Interval=10,UnhealthyThreshold=2,HealthyThreshold=2,Timeout=5",
    );
    assert!(out.contains("\"Target\": \"HTTP:80/index.html\""), "{out}");
    let out = ok(
        &mut s,
        "aws elb register-instances-with-load-balancer --load-balancer-name classic --instances $A $C --query 'Instances[].InstanceId' --output text",
    );
    assert_eq!(out.split_whitespace().count(), 2, "{out}");
    let health = |s: &mut Sandbox| {
        ok(
            s,
            "aws elb describe-instance-health --load-balancer-name classic --query 'InstanceStates[].[State,ReasonCode,Description]' --output text",
        )
    };
    assert_eq!(
        health(&mut s),
        "OutOfService\tELB\tInstance registration is still in progress.\n".repeat(2)
    );
    // Two passing checks, 10 s apart, after the 10 s of registration.
    ok(&mut s, "sleep 19");
    assert!(health(&mut s).starts_with("OutOfService"));
    ok(&mut s, "sleep 1");
    assert_eq!(health(&mut s), "InService\tN/A\tN/A\n".repeat(2));
    ok(
        &mut s,
        "aws elb wait instance-in-service --load-balancer-name classic",
    );
    ok(
        &mut s,
        "aws elb wait any-instance-in-service --load-balancer-name classic",
    );
    let source = ok(
        &mut s,
        "aws elb describe-load-balancers --query 'LoadBalancerDescriptions[0].SourceSecurityGroup.GroupName' --output text",
    );
    assert_eq!(source, "web\n");
    // Both instances sit in us-east-1a: the 1b node has nobody to send
    // to, so DNS gives out the 1a node only, which alternates.
    let first = ok(&mut s, &format!("curl -s http://{dns}/"));
    let second = ok(&mut s, &format!("curl -s http://{dns}/"));
    assert!(first.starts_with("<h1>ip-172-31-"), "{first}");
    assert_ne!(first, second);
    let out = ok(
        &mut s,
        "aws elb deregister-instances-from-load-balancer --load-balancer-name classic --instances $A $C --query 'Instances' --output json",
    );
    assert_eq!(out, "[]\n");
    let out = ok(&mut s, &format!("curl -i http://{dns}/"));
    assert!(
        out.starts_with("HTTP/1.1 503 Service Unavailable: Back-end server is at capacity\r\n"),
        "{out}"
    );
    ok(
        &mut s,
        "aws elb delete-load-balancer --load-balancer-name classic",
    );
    let out = s.exec("aws elb describe-load-balancers --load-balancer-names classic");
    assert!(out
        .stderr
        .contains("There is no ACTIVE Load Balancer named 'classic'"));
}
