//! Application Load Balancers from the terminal: two web servers behind an
//! ALB, health checks on simulated time, routing and its failures.

mod common;

use aws_sandbox::Sandbox;
use common::{ok, AL2023};

/// User data that installs Apache and serves the instance's host name.
const WEB_SH: &[&str] = &[
    "echo '#!/bin/bash' > web.sh",
    "echo 'dnf install -y httpd' >> web.sh",
    "echo 'systemctl enable --now httpd' >> web.sh",
    r#"echo 'echo "<h1>$(hostname)</h1>" > /var/www/html/index.html' >> web.sh"#,
];

/// Two web servers in us-east-1a and 1b whose group admits the ALB's group
/// on port 80, an ALB admitting the world on port 80, a target group with
/// both registered and a listener forwarding to it. Sets $A, $B, $VPC,
/// $SUBNETS, $SG_WEB, $SG_LB, $LB, $TG, $LISTENER.
fn web_behind_alb(s: &mut Sandbox) {
    for line in WEB_SH {
        ok(s, line);
    }
    for line in [
        "VPC=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text)",
        "SG_LB=$(aws ec2 create-security-group --group-name alb --description alb --query GroupId --output text)",
        "SG_WEB=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0",
        "aws ec2 authorize-security-group-ingress --group-id $SG_WEB --protocol tcp --port 80 --source-group $SG_LB",
        &format!("A=$(aws ec2 run-instances --image-id {AL2023} --instance-type t2.micro --placement AvailabilityZone=us-east-1a --security-group-ids $SG_WEB --user-data file://web.sh --query 'Instances[0].InstanceId' --output text)"),
        &format!("B=$(aws ec2 run-instances --image-id {AL2023} --instance-type t2.micro --placement AvailabilityZone=us-east-1b --security-group-ids $SG_WEB --user-data file://web.sh --query 'Instances[0].InstanceId' --output text)"),
        "aws ec2 wait instance-running --instance-ids $A $B",
        "SUBNETS=$(aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC Name=availability-zone,Values=us-east-1a,us-east-1b --query 'Subnets[].SubnetId' --output text)",
        "LB=$(aws elbv2 create-load-balancer --name web --subnets $SUBNETS --security-groups $SG_LB --query 'LoadBalancers[0].LoadBalancerArn' --output text)",
        "TG=$(aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)",
        "aws elbv2 register-targets --target-group-arn $TG --targets Id=$A Id=$B",
        "LISTENER=$(aws elbv2 create-listener --load-balancer-arn $LB --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=$TG --query 'Listeners[0].ListenerArn' --output text)",
    ] {
        ok(s, line);
    }
}

fn states(s: &mut Sandbox) -> String {
    ok(
        s,
        "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.State' --output text",
    )
}

#[test]
fn two_web_servers_behind_an_alb_become_healthy_and_share_the_requests() {
    let mut s = Sandbox::new(1);
    web_behind_alb(&mut s);
    let lb = ok(&mut s, "aws elbv2 describe-load-balancers --names web");
    assert!(lb.contains("\"Code\": \"provisioning\""), "{lb}");
    assert!(
        lb.contains("\"CanonicalHostedZoneId\": \"Z35SXDOTRQ7X7K\""),
        "{lb}"
    );
    assert_eq!(states(&mut s), "initial\tinitial\n");
    ok(
        &mut s,
        "aws elbv2 wait load-balancer-available --load-balancer-arns $LB",
    );
    // Active after 150 s; the checks that fell due meanwhile waited, the
    // next one (every 30 s from registration + 10 s) passes at once.
    assert_eq!(states(&mut s), "initial\tinitial\n");
    ok(
        &mut s,
        "aws elbv2 wait target-in-service --target-group-arn $TG",
    );
    assert_eq!(states(&mut s), "healthy\thealthy\n");
    let dns = ok(
        &mut s,
        "aws elbv2 describe-load-balancers --names web --query 'LoadBalancers[0].DNSName' --output text",
    );
    let dns = dns.trim();
    assert!(
        dns.starts_with("web-") && dns.ends_with(".us-east-1.elb.amazonaws.com"),
        "{dns}"
    );
    let first = ok(&mut s, &format!("curl -s http://{dns}/"));
    let second = ok(&mut s, &format!("curl -s http://{dns}/"));
    let third = ok(&mut s, &format!("curl -s http://{dns}/"));
    assert!(first.starts_with("<h1>ip-172-31-"), "{first}");
    assert_ne!(first, second);
    assert_eq!(first, third);
}
