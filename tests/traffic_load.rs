//! The `load` command: requests sent to an instance raise its CPU, which
//! CloudWatch reports per monitoring period.

mod common;

use aws_sandbox::Sandbox;
use common::elb::web_behind_alb;
use common::{ok, AL2023};
use serde_json::Value;

/// A t2.micro web server set up by user data (which runs at boot: nothing
/// logs in or fetches a page first); leaves `$ID` and `$IP` set.
fn web_server(s: &mut Sandbox, monitoring: bool) {
    for line in [
        "echo '#!/bin/bash' > web.sh",
        "echo 'dnf install -y httpd' >> web.sh",
        "echo 'systemctl enable --now httpd' >> web.sh",
        "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0",
    ] {
        ok(s, line);
    }
    let monitoring = if monitoring {
        " --monitoring Enabled=true"
    } else {
        ""
    };
    ok(s, &format!("ID=$(aws ec2 run-instances --image-id {AL2023} --instance-type t2.micro --security-group-ids $SG --user-data file://web.sh{monitoring} --query 'Instances[0].InstanceId' --output text)"));
    ok(s, "aws ec2 wait instance-running --instance-ids $ID");
    ok(s, "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)");
}

/// The Average of the instance `$ID`'s CPU per `period` over the last
/// `minutes`, oldest first.
fn cpu(s: &mut Sandbox, period: u64, minutes: u64) -> Vec<f64> {
    let id = ok(s, "echo $ID").trim().to_string();
    let dimension = format!("Name=InstanceId,Value={id}");
    series(
        s,
        "AWS/EC2",
        "CPUUtilization",
        &dimension,
        "Average",
        period,
        minutes,
    )
}

#[test]
fn a_load_on_a_web_server_raises_its_cpu_in_five_minute_datapoints() {
    let mut s = Sandbox::new(7);
    web_server(&mut s, false);
    let started = ok(&mut s, "load start http://$IP/ --rps 50");
    assert!(
        started.starts_with("load-1: 50 requests/s (steady) to http://"),
        "{started}"
    );
    s.advance(1_200);
    let points = cpu(&mut s, 300, 20);
    assert!(points.len() >= 3, "{points:?}");
    // 50 requests/s on a t2.micro's one vCPU (100 at full): 50% plus idle.
    let last = points.last().copied().unwrap_or_default();
    assert!((last - 50.5).abs() < 0.01, "{points:?}");
    let status = ok(&mut s, "load status");
    assert!(
        status.contains("load-1") && status.contains("steady"),
        "{status}"
    );
    assert_eq!(ok(&mut s, "load stop"), "Stopped 1 load.\n");
    s.advance(900);
    let points = cpu(&mut s, 300, 10);
    assert!(points.iter().all(|p| *p < 1.0), "idle again: {points:?}");
}

#[test]
fn detailed_monitoring_reports_every_minute() {
    let mut s = Sandbox::new(7);
    web_server(&mut s, true);
    assert_eq!(
        ok(&mut s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].Monitoring.State' --output text"),
        "enabled\n"
    );
    ok(&mut s, "load start http://$IP/ --rps 20 --ramp 5m");
    s.advance(60);
    // What the page's load control lists: a fifth of the way up the ramp.
    let [load] = s.loads().try_into().expect("one load");
    assert_eq!(
        (
            load.id.as_str(),
            load.pattern,
            load.ramp_seconds,
            load.clients
        ),
        ("load-1", "steady", 300, 10)
    );
    assert_eq!((load.rps, load.rate_now), (20.0, 4.0));
    assert!(load.url.starts_with("http://"), "{}", load.url);
    s.advance(540);
    let points = cpu(&mut s, 60, 10);
    assert!(points.len() >= 9, "{points:?}");
    // The ramp: CPU climbs minute by minute, then holds.
    assert!(points[0] < points[3], "{points:?}");
    assert!((points[points.len() - 1] - 20.5).abs() < 0.01, "{points:?}");
}

#[test]
fn requests_to_an_instance_without_a_web_server_cost_it_nothing() {
    let mut s = Sandbox::new(7);
    ok(&mut s, "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)");
    ok(&mut s, "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0");
    ok(&mut s, &format!("ID=$(aws ec2 run-instances --image-id {AL2023} --instance-type t2.micro --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)"));
    ok(&mut s, "aws ec2 wait instance-running --instance-ids $ID");
    ok(&mut s, "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)");
    ok(&mut s, "load start $IP --rps 500");
    s.advance(900);
    let points = cpu(&mut s, 300, 15);
    assert!(
        !points.is_empty() && points.iter().all(|p| *p < 1.0),
        "{points:?}"
    );
}

#[test]
fn load_refuses_what_it_cannot_do() {
    let mut s = Sandbox::new(7);
    let out = s.exec("load start http://example.invalid/ --rps 10");
    assert_eq!(out.exit_code, 6);
    assert_eq!(
        out.stderr,
        "load: could not resolve host: example.invalid\n"
    );
    let out = s.exec("load start http://203.0.113.9/");
    assert_eq!(out.exit_code, 2);
    assert!(
        out.stderr
            .starts_with("load: --rps is needed\nusage: load start URL"),
        "{}",
        out.stderr
    );
    let out = s.exec("load start http://203.0.113.9/ --rps 10 --pattern wave");
    assert!(
        out.stderr
            .starts_with("load: --pattern is steady, spike or daily"),
        "{}",
        out.stderr
    );
    let out = s.exec("load stop load-9");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (1, "load: no load load-9 is running\n")
    );
    assert!(ok(&mut s, "load").starts_with("No load is running."));
}

/// The `statistic` of `metric` in `namespace` with `dimension` per
/// `period` over the last `minutes`, oldest first.
fn series(
    s: &mut Sandbox,
    namespace: &str,
    metric: &str,
    dimension: &str,
    statistic: &str,
    period: u64,
    minutes: u64,
) -> Vec<f64> {
    let end = s.world().now();
    let start = end - minutes * 60;
    let out = ok(s, &format!(
        "aws cloudwatch get-metric-statistics --namespace {namespace} --metric-name {metric} --dimensions {dimension} --statistics {statistic} --period {period} --start-time {start} --end-time {end}"
    ));
    let json: Value = serde_json::from_str(&out).expect("json");
    json["Datapoints"]
        .as_array()
        .expect("datapoints")
        .iter()
        .map(|d| d[statistic].as_f64().unwrap_or(-1.0))
        .collect()
}

#[test]
fn a_load_through_an_alb_is_shared_by_its_healthy_targets() {
    let mut s = Sandbox::new(3);
    web_behind_alb(&mut s);
    s.advance(60);
    ok(&mut s, "load start http://$DNS/ --rps 80 --clients 20");
    s.advance(600);
    let lb = ok(&mut s, "echo $LB")
        .trim()
        .rsplit_once(":loadbalancer/")
        .map(|(_, d)| d.to_string())
        .unwrap_or_default();
    let tg = ok(&mut s, "echo $TG")
        .trim()
        .rsplit_once(':')
        .map(|(_, d)| d.to_string())
        .unwrap_or_default();
    let requests = series(
        &mut s,
        "AWS/ApplicationELB",
        "RequestCount",
        &format!("Name=LoadBalancer,Value={lb}"),
        "Sum",
        60,
        5,
    );
    assert_eq!(requests, vec![4_800.0; 5]);
    let healthy = series(
        &mut s,
        "AWS/ApplicationELB",
        "HealthyHostCount",
        &format!("Name=TargetGroup,Value={tg} Name=LoadBalancer,Value={lb}"),
        "Minimum",
        60,
        5,
    );
    assert_eq!(healthy, vec![2.0; 5]);
    let per_target = series(
        &mut s,
        "AWS/ApplicationELB",
        "RequestCountPerTarget",
        &format!("Name=TargetGroup,Value={tg}"),
        "Sum",
        60,
        5,
    );
    assert_eq!(per_target, vec![2_400.0; 5]);
    // Round robin: 40 requests/s each, 40% of a t2.micro.
    for var in ["A", "B"] {
        let id = ok(&mut s, &format!("echo ${var}")).trim().to_string();
        let cpu = series(
            &mut s,
            "AWS/EC2",
            "CPUUtilization",
            &format!("Name=InstanceId,Value={id}"),
            "Average",
            60,
            15,
        );
        assert!(
            cpu.last().is_some_and(|c| (c - 40.5).abs() < 0.01),
            "{var}: {cpu:?}"
        );
    }

    // B stops serving: once the ALB marks it unhealthy, A takes everything;
    // until then B's share fails with 502s.
    ok(&mut s, "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@$(aws ec2 describe-instances --instance-ids $B --query 'Reservations[0].Instances[0].PublicIpAddress' --output text) sudo systemctl stop httpd");
    s.advance(600);
    let errors = series(
        &mut s,
        "AWS/ApplicationELB",
        "HTTPCode_ELB_5XX_Count",
        &format!("Name=LoadBalancer,Value={lb}"),
        "Sum",
        60,
        10,
    );
    assert!(
        !errors.is_empty() && errors.len() < 5,
        "502s only until B is unhealthy: {errors:?}"
    );
    let healthy = series(
        &mut s,
        "AWS/ApplicationELB",
        "HealthyHostCount",
        &format!("Name=TargetGroup,Value={tg} Name=LoadBalancer,Value={lb}"),
        "Minimum",
        60,
        3,
    );
    assert_eq!(healthy, vec![1.0; 3]);
    let a = ok(&mut s, "echo $A").trim().to_string();
    let cpu = series(
        &mut s,
        "AWS/EC2",
        "CPUUtilization",
        &format!("Name=InstanceId,Value={a}"),
        "Average",
        60,
        12,
    );
    // Basic monitoring: one datapoint per five minutes.
    assert!(
        cpu.last().is_some_and(|c| (c - 80.5).abs() < 0.01),
        "A takes it all: {cpu:?}"
    );
}
