//! Application Load Balancers from the terminal: two web servers behind an
//! ALB, health checks on simulated time, routing and its failures.

mod common;

use aws_sandbox::elb::hooks::{TrafficSource, Verdict};
use aws_sandbox::kernel::{Context, IdGenerator};
use aws_sandbox::{DomainEvent, Sandbox};
use common::elb::web_behind_alb;
use common::ok;

const SSH: &str = "ssh -i key.pem -o StrictHostKeyChecking=no";

/// The targets' states, in registration order.
fn states(s: &mut Sandbox) -> String {
    ok(
        s,
        "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].TargetHealth.[State,Reason]' --output text",
    )
}

fn public_ip(s: &mut Sandbox, var: &str) -> String {
    ok(s, &format!("aws ec2 describe-instances --instance-ids ${var} --query 'Reservations[0].Instances[0].PublicIpAddress' --output text")).trim().to_string()
}

#[test]
fn two_web_servers_behind_an_alb_become_healthy_and_share_the_requests() {
    let mut s = Sandbox::new(1);
    web_behind_alb(&mut s);
    let lb = ok(&mut s, "aws elbv2 describe-load-balancers --names web");
    assert!(lb.contains("\"Code\": \"active\""), "{lb}");
    assert!(
        lb.contains("\"CanonicalHostedZoneId\": \"Z35SXDOTRQ7X7K\""),
        "{lb}"
    );
    let dns = ok(&mut s, "echo $DNS");
    let dns = dns.trim();
    assert!(
        dns.starts_with("web-") && dns.ends_with(".us-east-1.elb.amazonaws.com"),
        "{dns}"
    );
    // Registration takes 10 s, then the first passing check makes a
    // target healthy.
    assert_eq!(
        states(&mut s),
        "initial\tElb.RegistrationInProgress\ninitial\tElb.RegistrationInProgress\n"
    );
    ok(&mut s, "sleep 9");
    assert!(states(&mut s).starts_with("initial"));
    let out = s.exec("sleep 1");
    let changes: Vec<(String, String)> = out
        .events
        .iter()
        .filter_map(|e| match e {
            DomainEvent::TargetHealthChanged { from, to, .. } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .collect();
    let became_healthy = ("initial".to_string(), "healthy".to_string());
    assert_eq!(changes, [became_healthy.clone(), became_healthy]);
    assert_eq!(states(&mut s), "healthy\tNone\nhealthy\tNone\n");
    let first = ok(&mut s, "curl -s http://$DNS/");
    let second = ok(&mut s, "curl -s http://$DNS/");
    let third = ok(&mut s, "curl -s http://$DNS/");
    assert!(first.starts_with("<h1>ip-172-31-"), "{first}");
    assert_ne!(first, second);
    assert_eq!(first, third);
    let group = ok(
        &mut s,
        "aws elbv2 describe-target-groups --names web --query 'TargetGroups[0].[LoadBalancerArns[0],HealthCheckPath,Matcher.HttpCode,HealthCheckTimeoutSeconds]' --output text",
    );
    let lb_arn = ok(&mut s, "echo $LB");
    assert_eq!(group, format!("{}\t/\t200\t5\n", lb_arn.trim()));
    // A replay of the journal builds the same world, round robin included.
    let copy = Sandbox::import(&s.export()).expect("imports");
    assert!(copy.world() == s.world());
    ok(
        &mut s,
        "aws elbv2 delete-load-balancer --load-balancer-arn $LB",
    );
    ok(
        &mut s,
        "aws elbv2 wait load-balancers-deleted --load-balancer-arns $LB",
    );
    // Its targets stay registered, unused now.
    assert_eq!(
        states(&mut s),
        "unused\tTarget.NotInUse\nunused\tTarget.NotInUse\n"
    );
    let out = s.exec("curl -sS http://$DNS/");
    assert_eq!(out.exit_code, 6, "{}", out.stderr);
}

/// Two healthy web servers behind an ALB, 10 seconds later, and the
/// public address of the first.
fn ten_seconds_after_registration() -> (Sandbox, String) {
    let mut s = Sandbox::new(2);
    web_behind_alb(&mut s);
    ok(&mut s, "sleep 10");
    let ip = public_ip(&mut s, "A");
    (s, ip)
}

#[test]
fn a_stopped_web_server_goes_unhealthy_after_two_failed_checks() {
    let (mut s, ip) = ten_seconds_after_registration();
    ok(
        &mut s,
        &format!("{SSH} ec2-user@{ip} sudo systemctl stop httpd"),
    );
    // Checks at +40 and +70 after registration fail.
    ok(&mut s, "sleep 59");
    assert_eq!(states(&mut s), "healthy\tNone\nhealthy\tNone\n");
    ok(&mut s, "sleep 1");
    assert_eq!(
        states(&mut s),
        "unhealthy\tTarget.FailedHealthChecks\nhealthy\tNone\n"
    );
    // Only the healthy one gets requests now.
    let b = ok(&mut s, "curl -s http://$DNS/");
    assert_eq!(b, ok(&mut s, "curl -s http://$DNS/"));
    // Back on: five passes in a row make it healthy again.
    ok(
        &mut s,
        &format!("{SSH} ec2-user@{ip} sudo systemctl start httpd"),
    );
    ok(&mut s, "sleep 120");
    assert!(states(&mut s).starts_with("unhealthy"));
    ok(&mut s, "sleep 30");
    assert_eq!(states(&mut s), "healthy\tNone\nhealthy\tNone\n");
}

#[test]
fn a_web_server_stopped_in_the_line_that_waits_fails_its_checks_meanwhile() {
    let (mut s, ip) = ten_seconds_after_registration();
    // Time passes inside the line: the check at +40 passes, and those at
    // +70 and +100 must see the server the line stopped in between, not
    // the verdict kept from +40.
    ok(
        &mut s,
        &format!("{SSH} ec2-user@{ip} 'sleep 35; sudo systemctl stop httpd; sleep 60'"),
    );
    assert_eq!(
        states(&mut s),
        "unhealthy\tTarget.FailedHealthChecks\nhealthy\tNone\n"
    );
}

#[test]
fn a_missing_page_fails_with_its_code_and_all_unhealthy_fails_open() {
    let mut s = Sandbox::new(3);
    web_behind_alb(&mut s);
    let out = ok(
        &mut s,
        "aws elbv2 modify-target-group --target-group-arn $TG --health-check-path /health --query 'TargetGroups[0].HealthCheckPath' --output text",
    );
    assert_eq!(out, "/health\n");
    ok(&mut s, "sleep 40");
    assert_eq!(
        states(&mut s),
        "unhealthy\tTarget.ResponseCodeMismatch\nunhealthy\tTarget.ResponseCodeMismatch\n"
    );
    let description = ok(
        &mut s,
        "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[0].TargetHealth.Description' --output text",
    );
    assert_eq!(
        description,
        "Health checks failed with these codes: [404]\n"
    );
    // With every target unhealthy the ALB routes to all of them anyway.
    assert!(ok(&mut s, "curl -s http://$DNS/").starts_with("<h1>ip-172-31-"));
}

#[test]
fn a_security_group_that_drops_the_checks_times_them_out() {
    let mut s = Sandbox::new(4);
    web_behind_alb(&mut s);
    ok(&mut s, "sleep 10");
    ok(
        &mut s,
        "aws ec2 revoke-security-group-ingress --group-id $SG_WEB --protocol tcp --port 80 --source-group $SG_LB",
    );
    ok(&mut s, "sleep 60");
    assert_eq!(
        states(&mut s),
        "unhealthy\tTarget.Timeout\nunhealthy\tTarget.Timeout\n"
    );
    let out = s.exec("curl -i http://$DNS/");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("HTTP/1.1 504 Gateway Time-out\r\nServer: awselb/2.0\r\n"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("<center><h1>504 Gateway Time-out</h1></center>"));
    // The ALB's own group must admit the client too.
    ok(
        &mut s,
        "aws ec2 revoke-security-group-ingress --group-id $SG_LB --protocol tcp --port 80 --cidr 0.0.0.0/0",
    );
    let out = s.exec("curl -s -S --connect-timeout 5 http://$DNS/");
    assert_eq!(out.exit_code, 28);
    assert!(out.stderr.contains("Timeout was reached"), "{}", out.stderr);
}

#[test]
fn nothing_listening_is_a_502_and_no_targets_a_503() {
    let mut s = Sandbox::new(5);
    web_behind_alb(&mut s);
    ok(&mut s, "sleep 10");
    for var in ["A", "B"] {
        let ip = public_ip(&mut s, var);
        ok(
            &mut s,
            &format!("{SSH} ec2-user@{ip} sudo systemctl stop httpd"),
        );
    }
    let out = ok(&mut s, "curl -i http://$DNS/");
    assert!(out.starts_with("HTTP/1.1 502 Bad Gateway\r\n"), "{out}");
    ok(
        &mut s,
        "aws elbv2 modify-target-group-attributes --target-group-arn $TG --attributes Key=deregistration_delay.timeout_seconds,Value=30",
    );
    ok(
        &mut s,
        "aws elbv2 deregister-targets --target-group-arn $TG --targets Id=$A Id=$B",
    );
    assert_eq!(
        states(&mut s),
        "draining\tTarget.DeregistrationInProgress\ndraining\tTarget.DeregistrationInProgress\n"
    );
    let out = ok(&mut s, "curl -i http://$DNS/");
    assert!(
        out.starts_with("HTTP/1.1 503 Service Temporarily Unavailable\r\nServer: awselb/2.0\r\nContent-Type: text/html\r\n"),
        "{out}"
    );
    assert!(out.ends_with("<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n"), "{out}");
    ok(&mut s, "sleep 29");
    assert!(states(&mut s).starts_with("draining"));
    ok(&mut s, "sleep 1");
    assert_eq!(states(&mut s), "");
    let gone = ok(
        &mut s,
        "aws elbv2 describe-target-health --target-group-arn $TG --targets Id=$A --query 'TargetHealthDescriptions[0].TargetHealth.Reason' --output text",
    );
    assert_eq!(gone, "Target.NotRegistered\n");
    ok(
        &mut s,
        "aws elbv2 wait target-deregistered --target-group-arn $TG --targets Id=$A",
    );
}

#[test]
fn path_rules_fixed_responses_and_redirects() {
    let mut s = Sandbox::new(6);
    web_behind_alb(&mut s);
    ok(&mut s, "sleep 10");
    // A second group holds only B, and serves /api/*.
    ok(&mut s, "API=$(aws elbv2 create-target-group --name api --protocol HTTP --port 80 --vpc-id $VPC --query 'TargetGroups[0].TargetGroupArn' --output text)");
    ok(
        &mut s,
        "aws elbv2 register-targets --target-group-arn $API --targets Id=$B",
    );
    let ip = public_ip(&mut s, "B");
    ok(
        &mut s,
        &format!("{SSH} ec2-user@{ip} \"sudo mkdir -p /var/www/html/api && echo api-on-b | sudo tee /var/www/html/api/v1\""),
    );
    let rule = ok(
        &mut s,
        "aws elbv2 create-rule --listener-arn $LISTENER --priority 10 --conditions Field=path-pattern,Values='/api/*' --actions Type=forward,TargetGroupArn=$API",
    );
    assert!(rule.contains("\"Priority\": \"10\""), "{rule}");
    assert!(rule.contains("\"PathPatternConfig\""), "{rule}");
    let out = s.exec(
        "aws elbv2 create-rule --listener-arn $LISTENER --priority 10 --conditions Field=path-pattern,Values='/x' --actions Type=forward,TargetGroupArn=$API",
    );
    assert_eq!(out.exit_code, 254);
    assert!(out.stderr.contains("(PriorityInUse) when calling the CreateRule operation: The specified priority is in use."), "{}", out.stderr);
    ok(
        &mut s,
        r#"aws elbv2 create-rule --listener-arn $LISTENER --priority 20 --conditions Field=path-pattern,Values='/maintenance' --actions '[{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"503","ContentType":"text/plain","MessageBody":"Back soon"}}]'"#,
    );
    ok(
        &mut s,
        r#"aws elbv2 create-rule --listener-arn $LISTENER --priority 30 --conditions Field=host-header,Values='old.example.com' --actions '[{"Type":"redirect","RedirectConfig":{"Host":"new.example.com","StatusCode":"HTTP_301"}}]'"#,
    );
    ok(&mut s, "sleep 10");
    assert_eq!(
        ok(
            &mut s,
            "aws elbv2 describe-target-health --target-group-arn $API --query 'TargetHealthDescriptions[].TargetHealth.State' --output text"
        ),
        "healthy\n"
    );
    for _ in 0..3 {
        assert_eq!(ok(&mut s, "curl -s http://$DNS/api/v1"), "api-on-b\n");
    }
    let out = ok(&mut s, "curl -i http://$DNS/maintenance");
    assert!(
        out.starts_with("HTTP/1.1 503 Service Unavailable\r\nServer: awselb/2.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n\r\nBack soon"),
        "{out}"
    );
    let out = ok(
        &mut s,
        "curl -i -H 'Host: old.example.com' http://$DNS/page?x=1",
    );
    assert!(
        out.contains("Location: http://new.example.com:80/page?x=1\r\n"),
        "{out}"
    );
    assert!(
        out.starts_with("HTTP/1.1 301 Moved Permanently\r\n"),
        "{out}"
    );
    let rules = ok(
        &mut s,
        "aws elbv2 describe-rules --listener-arn $LISTENER --query 'Rules[].[Priority,IsDefault]' --output text",
    );
    assert_eq!(rules, "10\tFalse\n20\tFalse\n30\tFalse\ndefault\tTrue\n");
    // The group is in use: it cannot go before the rule.
    let out = s.exec("aws elbv2 delete-target-group --target-group-arn $API");
    assert!(out.stderr.contains("(ResourceInUse)"), "{}", out.stderr);
    assert!(out
        .stderr
        .contains("is currently in use by a listener or a rule"));
    ok(&mut s, "R=$(aws elbv2 describe-rules --listener-arn $LISTENER --query 'Rules[0].RuleArn' --output text)");
    ok(&mut s, "aws elbv2 delete-rule --rule-arn $R");
    ok(
        &mut s,
        "aws elbv2 delete-target-group --target-group-arn $API",
    );
}

#[test]
fn a_stopped_instance_is_unused_and_a_terminated_one_leaves() {
    let mut s = Sandbox::new(8);
    web_behind_alb(&mut s);
    ok(&mut s, "sleep 10");
    ok(&mut s, "aws ec2 stop-instances --instance-ids $A");
    ok(&mut s, "aws ec2 wait instance-stopped --instance-ids $A");
    let out = ok(
        &mut s,
        "aws elbv2 describe-target-health --target-group-arn $TG --targets Id=$A --query 'TargetHealthDescriptions[0].TargetHealth.[State,Reason,Description]' --output text",
    );
    assert_eq!(
        out,
        "unused\tTarget.InvalidState\tTarget is in the stopped state\n"
    );
    ok(&mut s, "aws ec2 terminate-instances --instance-ids $B");
    ok(&mut s, "sleep 60");
    let out = ok(
        &mut s,
        "aws elbv2 describe-target-health --target-group-arn $TG --query 'TargetHealthDescriptions[].[Target.Id,TargetHealth.State]' --output text",
    );
    let b = ok(&mut s, "echo $B");
    assert!(out.contains(&format!("{}\tdraining", b.trim())), "{out}");
}

#[test]
fn health_checks_go_on_for_days() {
    let mut s = Sandbox::new(9);
    web_behind_alb(&mut s);
    s.advance(2 * 86_400);
    assert_eq!(states(&mut s), "healthy\tNone\nhealthy\tNone\n");
}

#[test]
fn the_hooks_for_auto_scaling_and_the_traffic_model() {
    let mut s = Sandbox::new(10);
    web_behind_alb(&mut s);
    ok(&mut s, "sleep 10");
    let tg = ok(&mut s, "echo $TG").trim().to_string();
    let a = ok(&mut s, "echo $A").trim().to_string();
    let mut world = s.world().clone();
    assert_eq!(world.elb.target_type("us-east-1", &tg), Some("instance"));
    assert_eq!(world.elb.target_type("eu-west-1", &tg), None);
    assert!(!world.elb.classic_exists("us-east-1", "web"));
    let targets = world.elb.group_targets(&world.ec2, "us-east-1", &tg);
    let view: Vec<(&str, Option<&str>, u16, &str)> = targets
        .iter()
        .map(|t| {
            (
                t.state,
                t.availability_zone.as_deref(),
                t.port,
                t.id.as_str(),
            )
        })
        .collect();
    assert_eq!(view[0], ("healthy", Some("us-east-1a"), 80, a.as_str()));
    assert_eq!(view[1].1, Some("us-east-1b"));
    let source = TrafficSource::TargetGroup(tg.clone());
    let Some(ec2) = world.ec2.region("us-east-1").cloned() else {
        panic!("no us-east-1");
    };
    assert_eq!(world.elb.verdict(&ec2, &source, &a), Verdict::Healthy);
    let mut ids = IdGenerator::new(0);
    let mut events = Vec::new();
    let mut ctx = Context {
        now: world.now(),
        region: "us-east-1",
        ids: &mut ids,
        events: &mut events,
    };
    let drained = world
        .elb
        .deregister(&mut ctx, &ec2, &source, &a, None)
        .expect("deregisters");
    // The target group's default deregistration delay: 300 s.
    assert_eq!(drained, Some(world.now() + 300));
    assert_eq!(
        world.elb.group_targets(&world.ec2, "us-east-1", &tg)[0].state,
        "draining"
    );
    assert_eq!(world.elb.verdict(&ec2, &source, &a), Verdict::Undecided);
    world
        .elb
        .register(&mut ctx, &ec2, &source, &a, None)
        .expect("registers again");
    assert_eq!(
        world.elb.group_targets(&world.ec2, "us-east-1", &tg)[0].state,
        "initial"
    );
    let error = world
        .elb
        .register(&mut ctx, &ec2, &source, "i-0123456789abcdef0", None)
        .unwrap_err();
    assert_eq!(error.code, "InvalidTarget");
    // A failing health check path: unhealthy for Auto Scaling's ELB check.
    ok(
        &mut s,
        "aws elbv2 modify-target-group --target-group-arn $TG --health-check-path /missing",
    );
    ok(&mut s, "sleep 60");
    let world = s.world();
    let Some(ec2) = world.ec2.region("us-east-1") else {
        panic!("no us-east-1");
    };
    assert_eq!(world.elb.verdict(ec2, &source, &a), Verdict::Unhealthy);
}
