//! Elastic Load Balancing's refusals, with AWS's codes and messages, and
//! the shapes of its answers.

mod common;

use aws_sandbox::Sandbox;
use common::{call, launch_in, ok};
use serde_json::{json, Value};

fn v2(s: &mut Sandbox, action: &str, params: Value) -> Value {
    s.call("elbv2", action, params)
        .and_then(|r| r.to_value())
        .unwrap_or_else(|e| panic!("{action}: {} {}", e.code, e.message))
}

fn v2_error(s: &mut Sandbox, action: &str, params: Value) -> (String, String) {
    match s.call("elbv2", action, params) {
        Ok(_) => panic!("{action} succeeded"),
        Err(e) => (e.code, e.message),
    }
}

/// The default VPC and its subnets in us-east-1a and 1b.
fn network(s: &mut Sandbox) -> (String, Vec<String>) {
    let vpcs = call(
        s,
        "DescribeVpcs",
        json!({"Filters": [{"Name": "is-default", "Values": ["true"]}]}),
    );
    let vpc = vpcs["Vpcs"][0]["VpcId"].as_str().unwrap().to_string();
    let subnets = call(
        s,
        "DescribeSubnets",
        json!({"Filters": [{"Name": "availability-zone", "Values": ["us-east-1a", "us-east-1b"]},
                           {"Name": "vpc-id", "Values": [vpc]}]}),
    );
    let ids = subnets["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["SubnetId"].as_str().unwrap().to_string())
        .collect();
    (vpc, ids)
}

#[test]
fn load_balancers_are_checked_as_aws_checks_them() {
    let mut s = Sandbox::new(20);
    let (_, subnets) = network(&mut s);
    let one = json!([subnets[0]]);
    assert_eq!(
        v2_error(
            &mut s,
            "CreateLoadBalancer",
            json!({"Name": "web", "Subnets": one})
        ),
        (
            "ValidationError".into(),
            "At least two subnets in two different Availability Zones must be specified".into()
        )
    );
    let long = "a".repeat(33);
    assert_eq!(
        v2_error(
            &mut s,
            "CreateLoadBalancer",
            json!({"Name": long, "Subnets": subnets})
        )
        .1,
        format!("The load balancer name '{long}' cannot be longer than '32' characters")
    );
    assert_eq!(
        v2_error(&mut s, "CreateLoadBalancer", json!({"Name": "web_1", "Subnets": subnets})).1,
        "The load balancer name 'web_1' can only contain characters that are alphanumeric characters and hyphens(-)"
    );
    assert_eq!(
        v2_error(
            &mut s,
            "CreateLoadBalancer",
            json!({"Name": "web", "Subnets": ["subnet-0123456789abcdef0", subnets[0]]})
        )
        .0,
        "SubnetNotFound"
    );
    assert_eq!(
        v2_error(&mut s, "CreateLoadBalancer", json!({"Name": "web", "Subnets": subnets, "Scheme": "public"})).1,
        "1 validation error detected: Value 'public' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]"
    );
    let created = v2(
        &mut s,
        "CreateLoadBalancer",
        json!({"Name": "web", "Subnets": subnets}),
    );
    let lb = &created["LoadBalancers"][0];
    let arn = lb["LoadBalancerArn"].as_str().unwrap().to_string();
    assert!(arn
        .starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/"));
    assert_eq!(arn.rsplit('/').next().unwrap().len(), 16);
    assert_eq!(lb["State"]["Code"], "provisioning");
    assert_eq!(lb["Scheme"], "internet-facing");
    assert_eq!(lb["Type"], "application");
    assert_eq!(lb["IpAddressType"], "ipv4");
    // No group given: the VPC's default security group.
    let default_group = call(
        &mut s,
        "DescribeSecurityGroups",
        json!({"GroupNames": ["default"]}),
    );
    assert_eq!(
        lb["SecurityGroups"],
        json!([default_group["SecurityGroups"][0]["GroupId"]])
    );
    assert_eq!(lb["AvailabilityZones"].as_array().unwrap().len(), 2);
    // The same request again returns the same load balancer.
    let again = v2(
        &mut s,
        "CreateLoadBalancer",
        json!({"Name": "web", "Subnets": subnets}),
    );
    assert_eq!(again["LoadBalancers"][0]["LoadBalancerArn"], arn.as_str());
    assert_eq!(
        v2_error(
            &mut s,
            "CreateLoadBalancer",
            json!({"Name": "web", "Subnets": subnets, "Scheme": "internal"})
        ),
        (
            "DuplicateLoadBalancerName".into(),
            "A load balancer with the same name 'web' exists, but with different settings".into()
        )
    );
    assert_eq!(
        v2_error(
            &mut s,
            "DescribeLoadBalancers",
            json!({"Names": ["web", "api"]})
        ),
        (
            "LoadBalancerNotFound".into(),
            "Load balancers '[api]' not found".into()
        )
    );
    let missing = arn.replace("/web/", "/gone/");
    assert_eq!(
        v2_error(
            &mut s,
            "DescribeLoadBalancers",
            json!({"LoadBalancerArns": [missing]})
        ),
        (
            "LoadBalancerNotFound".into(),
            "One or more load balancers not found".into()
        )
    );
    // Attributes: per-type defaults, and deletion protection.
    let attributes = v2(
        &mut s,
        "DescribeLoadBalancerAttributes",
        json!({"LoadBalancerArn": arn}),
    );
    let value = |attrs: &Value, key: &str| {
        attrs["Attributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Key"] == key)
            .map(|a| a["Value"].clone())
    };
    assert_eq!(
        value(&attributes, "idle_timeout.timeout_seconds"),
        Some(json!("60"))
    );
    assert_eq!(
        value(&attributes, "load_balancing.cross_zone.enabled"),
        Some(json!("true"))
    );
    v2(
        &mut s,
        "ModifyLoadBalancerAttributes",
        json!({"LoadBalancerArn": arn, "Attributes": [{"Key": "deletion_protection.enabled", "Value": "true"}]}),
    );
    assert_eq!(
        v2_error(
            &mut s,
            "DeleteLoadBalancer",
            json!({"LoadBalancerArn": arn})
        )
        .0,
        "OperationNotPermitted"
    );
    v2(
        &mut s,
        "ModifyLoadBalancerAttributes",
        json!({"LoadBalancerArn": arn, "Attributes": [{"Key": "deletion_protection.enabled", "Value": "false"}]}),
    );
    v2(
        &mut s,
        "DeleteLoadBalancer",
        json!({"LoadBalancerArn": arn}),
    );
    // Deleting it again succeeds, as AWS's does.
    v2(
        &mut s,
        "DeleteLoadBalancer",
        json!({"LoadBalancerArn": arn}),
    );
    assert_eq!(
        v2_error(&mut s, "DescribeLoadBalancers", json!({"Names": ["web"]})).0,
        "LoadBalancerNotFound"
    );
}

#[test]
fn target_groups_listeners_and_targets_refuse_what_aws_refuses() {
    let mut s = Sandbox::new(21);
    let (vpc, subnets) = network(&mut s);
    for (params, message) in [
        (
            json!({"Name": "web", "Port": 80, "VpcId": vpc}),
            "A protocol must be specified",
        ),
        (
            json!({"Name": "web", "Protocol": "HTTP", "VpcId": vpc}),
            "A port must be specified",
        ),
        (
            json!({"Name": "web", "Protocol": "HTTP", "Port": 80}),
            "A VPC ID must be specified",
        ),
        (
            json!({"Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc, "HealthCheckIntervalSeconds": 5}),
            "Health check timeout '5' must be smaller than the interval '5'",
        ),
        (
            json!({"Name": "-web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc}),
            "Target group name '-web' cannot begin or end with '-'",
        ),
    ] {
        assert_eq!(
            v2_error(&mut s, "CreateTargetGroup", params),
            ("ValidationError".into(), message.into())
        );
    }
    let group = v2(
        &mut s,
        "CreateTargetGroup",
        json!({"Name": "web", "Protocol": "HTTP", "Port": 80, "VpcId": vpc}),
    );
    let tg = &group["TargetGroups"][0];
    assert_eq!(tg["HealthCheckProtocol"], "HTTP");
    assert_eq!(tg["HealthCheckPort"], "traffic-port");
    assert_eq!(tg["HealthCheckIntervalSeconds"], 30);
    assert_eq!(tg["HealthyThresholdCount"], 5);
    assert_eq!(tg["UnhealthyThresholdCount"], 2);
    assert_eq!(tg["Matcher"], json!({"HttpCode": "200"}));
    assert_eq!(tg["TargetType"], "instance");
    assert_eq!(tg["LoadBalancerArns"], json!([]));
    let tg_arn = tg["TargetGroupArn"].as_str().unwrap().to_string();
    assert!(
        tg_arn.starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/")
    );
    assert_eq!(
        v2_error(
            &mut s,
            "CreateTargetGroup",
            json!({"Name": "web", "Protocol": "HTTP", "Port": 8080, "VpcId": vpc})
        ),
        (
            "DuplicateTargetGroupName".into(),
            "A target group with the same name 'web' exists, but with different settings".into()
        )
    );
    let tcp = v2(
        &mut s,
        "CreateTargetGroup",
        json!({"Name": "tcp", "Protocol": "TCP", "Port": 80, "VpcId": vpc}),
    );
    assert_eq!(tcp["TargetGroups"][0]["HealthCheckProtocol"], "TCP");
    assert_eq!(tcp["TargetGroups"][0]["HealthCheckTimeoutSeconds"], 10);
    let tcp_arn = tcp["TargetGroups"][0]["TargetGroupArn"]
        .as_str()
        .unwrap()
        .to_string();
    let attributes = v2(
        &mut s,
        "DescribeTargetGroupAttributes",
        json!({"TargetGroupArn": tg_arn}),
    );
    assert!(attributes["Attributes"]
        .as_array()
        .unwrap()
        .contains(&json!({"Key": "deregistration_delay.timeout_seconds", "Value": "300"})));
    assert_eq!(
        v2_error(
            &mut s,
            "ModifyTargetGroupAttributes",
            json!({"TargetGroupArn": tg_arn, "Attributes": [{"Key": "load_balancing.algorithm.type", "Value": "fastest"}]})
        )
        .0,
        "ValidationError"
    );
    // Targets: running instances of the group's VPC only.
    let instance = launch_in(&mut s, "us-east-1a");
    let (code, message) = v2_error(
        &mut s,
        "RegisterTargets",
        json!({"TargetGroupArn": tg_arn, "Targets": [{"Id": instance}]}),
    );
    assert_eq!(code, "InvalidTarget");
    assert_eq!(
        message,
        format!("The following targets are not in a running state and cannot be registered: '{instance}'")
    );
    assert_eq!(
        v2_error(
            &mut s,
            "RegisterTargets",
            json!({"TargetGroupArn": tg_arn, "Targets": [{"Id": "i-0123456789abcdef0"}]})
        )
        .0,
        "InvalidTarget"
    );
    s.advance(60);
    v2(
        &mut s,
        "RegisterTargets",
        json!({"TargetGroupArn": tg_arn, "Targets": [{"Id": instance}]}),
    );
    let health = v2(
        &mut s,
        "DescribeTargetHealth",
        json!({"TargetGroupArn": tg_arn}),
    );
    assert_eq!(
        health["TargetHealthDescriptions"][0],
        json!({
            "Target": {"Id": instance, "Port": 80},
            "HealthCheckPort": "80",
            "TargetHealth": {
                "State": "unused",
                "Reason": "Target.NotInUse",
                "Description": "Target group is not configured to receive traffic from the load balancer"
            },
            "AdministrativeOverride": {
                "State": "no_override",
                "Reason": "AdministrativeOverride.NoOverride",
                "Description": "No override is currently active on target"
            }
        })
    );
    // Listeners.
    let lb = v2(
        &mut s,
        "CreateLoadBalancer",
        json!({"Name": "web", "Subnets": subnets}),
    );
    let lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let forward = |arn: &str| json!([{"Type": "forward", "TargetGroupArn": arn}]);
    assert_eq!(
        v2_error(
            &mut s,
            "CreateListener",
            json!({"LoadBalancerArn": lb_arn, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&tcp_arn)})
        )
        .0,
        "IncompatibleProtocols"
    );
    assert_eq!(
        v2_error(
            &mut s,
            "CreateListener",
            json!({"LoadBalancerArn": lb_arn, "Protocol": "HTTP", "Port": 80,
                   "DefaultActions": forward(&tg_arn.replace("/web/", "/gone/"))})
        ),
        (
            "TargetGroupNotFound".into(),
            "One or more target groups not found".into()
        )
    );
    assert_eq!(
        v2_error(
            &mut s,
            "CreateListener",
            json!({"LoadBalancerArn": lb_arn, "Protocol": "TCP", "Port": 80, "DefaultActions": forward(&tg_arn)})
        )
        .0,
        "UnsupportedProtocol"
    );
    let listener = v2(
        &mut s,
        "CreateListener",
        json!({"LoadBalancerArn": lb_arn, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&tg_arn)}),
    );
    let action = &listener["Listeners"][0]["DefaultActions"][0];
    assert_eq!(action["TargetGroupArn"], tg_arn.as_str());
    assert_eq!(
        action["ForwardConfig"]["TargetGroups"],
        json!([{"TargetGroupArn": tg_arn, "Weight": 1}])
    );
    assert_eq!(
        v2_error(
            &mut s,
            "CreateListener",
            json!({"LoadBalancerArn": lb_arn, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&tg_arn)})
        ),
        (
            "DuplicateListener".into(),
            format!("A listener already exists on this port for this load balancer '{lb_arn}'")
        )
    );
    // An ALB's target group serves one load balancer.
    let other = v2(
        &mut s,
        "CreateLoadBalancer",
        json!({"Name": "other", "Subnets": subnets}),
    );
    let other_arn = other["LoadBalancers"][0]["LoadBalancerArn"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        v2_error(
            &mut s,
            "CreateListener",
            json!({"LoadBalancerArn": other_arn, "Protocol": "HTTP", "Port": 80, "DefaultActions": forward(&tg_arn)})
        )
        .0,
        "TargetGroupAssociationLimit"
    );
    let group = v2(
        &mut s,
        "DescribeTargetGroups",
        json!({"TargetGroupArns": [tg_arn]}),
    );
    assert_eq!(
        group["TargetGroups"][0]["LoadBalancerArns"],
        json!([lb_arn])
    );
    let health = v2(
        &mut s,
        "DescribeTargetHealth",
        json!({"TargetGroupArn": tg_arn}),
    );
    assert_eq!(
        health["TargetHealthDescriptions"][0]["TargetHealth"]["Reason"],
        "Elb.RegistrationInProgress"
    );
    assert_eq!(
        v2_error(
            &mut s,
            "DeleteTargetGroup",
            json!({"TargetGroupArn": tg_arn})
        )
        .0,
        "ResourceInUse"
    );
    // Rules: conditions and priorities.
    let listener_arn = listener["Listeners"][0]["ListenerArn"]
        .as_str()
        .unwrap()
        .to_string();
    let rule = |priority: i64, conditions: Value| json!({"ListenerArn": listener_arn, "Priority": priority, "Conditions": conditions, "Actions": forward(&tg_arn)});
    assert_eq!(
        v2_error(&mut s, "CreateRule", rule(0, json!([{"Field": "path-pattern", "Values": ["/a"]}]))).1,
        "1 validation error detected: Value '0' at 'priority' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    assert_eq!(
        v2_error(
            &mut s,
            "CreateRule",
            rule(5, json!([{"Field": "cookie", "Values": ["a"]}]))
        )
        .0,
        "ValidationError"
    );
    v2(
        &mut s,
        "CreateRule",
        rule(5, json!([{"Field": "path-pattern", "Values": ["/a/*"]}])),
    );
    assert_eq!(
        v2_error(
            &mut s,
            "CreateRule",
            rule(5, json!([{"Field": "path-pattern", "Values": ["/b"]}]))
        ),
        (
            "PriorityInUse".into(),
            "The specified priority is in use.".into()
        )
    );
    let rules = v2(
        &mut s,
        "DescribeRules",
        json!({"ListenerArn": listener_arn}),
    );
    assert_eq!(rules["Rules"][1]["Priority"], "default");
    assert_eq!(rules["Rules"][1]["IsDefault"], true);
    assert_eq!(rules["Rules"][1]["Conditions"], json!([]));
    let default_rule = rules["Rules"][1]["RuleArn"].as_str().unwrap().to_string();
    assert_eq!(
        v2_error(&mut s, "DeleteRule", json!({"RuleArn": default_rule})).0,
        "OperationNotPermitted"
    );
    let first = rules["Rules"][0]["RuleArn"].as_str().unwrap().to_string();
    let moved = v2(
        &mut s,
        "SetRulePriorities",
        json!({"RulePriorities": [{"RuleArn": first, "Priority": 7}]}),
    );
    assert_eq!(moved["Rules"][0]["Priority"], "7");
    v2(
        &mut s,
        "DeleteListener",
        json!({"ListenerArn": listener_arn}),
    );
    assert_eq!(
        v2_error(
            &mut s,
            "DescribeRules",
            json!({"ListenerArn": listener_arn})
        )
        .0,
        "ListenerNotFound"
    );
    v2(
        &mut s,
        "DeleteTargetGroup",
        json!({"TargetGroupArn": tg_arn}),
    );
}

#[test]
fn the_cli_reads_elbv2_and_elb_commands() {
    let mut s = Sandbox::new(22);
    let out = s.exec("aws elbv2 create-load-balancer --name web");
    assert_eq!(out.exit_code, 254, "{}", out.stderr);
    assert!(
        out.stderr.contains("At least one subnet must be specified")
            || out.stderr.contains("At least two subnets"),
        "{}",
        out.stderr
    );
    let out = s.exec("aws elbv2 describe-load-balancers --names nope");
    assert_eq!(
        out.stderr,
        "\naws: [ERROR]: An error occurred (LoadBalancerNotFound) when calling the DescribeLoadBalancers operation: Load balancers '[nope]' not found\n"
    );
    let out = s.exec("aws elbv2 add-tags --resource-arns x --tags Key=a,Value=b");
    assert_ne!(out.exit_code, 0);
    assert!(ok(&mut s, "aws elbv2 help").contains("create-load-balancer"));
    let out = s.exec("aws elb describe-load-balancers --load-balancer-names nope");
    assert!(
        out.stderr
            .contains("There is no ACTIVE Load Balancer named 'nope'"),
        "{}",
        out.stderr
    );
}
