//! Throughput benchmark: 10,000 RunInstances then 100 DescribeInstances over
//! all of them, once through `Sandbox::call` and once through `exec` (the
//! terminal: parsing and output formatting included). Prints calls per
//! second. Run with `cargo bench --bench ec2_calls`.

use aws_sandbox::Sandbox;
use serde_json::json;
use std::time::Instant;

const LAUNCHES: usize = 10_000;
const DESCRIBES: usize = 100;
/// Fewer rounds where the whole response is also written out as JSON.
const JSON_DESCRIBES: usize = 5;
const ZONES: [&str; 6] = [
    "us-east-1a",
    "us-east-1b",
    "us-east-1c",
    "us-east-1d",
    "us-east-1e",
    "us-east-1f",
];

fn prepared() -> (Sandbox, String) {
    let mut s = Sandbox::new(1);
    // 10,000 instances need more than a new account's 32 vCPUs.
    s.call(
        "service-quotas",
        "RequestServiceQuotaIncrease",
        json!({"ServiceCode": "ec2", "QuotaCode": "L-1216C47A", "DesiredValue": 100000.0}),
    )
    .expect("quota increase");
    let images = s.call("ec2", "DescribeImages", json!({"Owners": ["amazon"], "Filters": [{"Name": "name", "Values": ["al2023-ami-2023*x86_64"]}]}))
        .and_then(|images| images.to_value())
        .expect("images");
    let ami = images["Images"][0]["ImageId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (s, ami)
}

fn report(what: &str, count: usize, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{what:<48} {count:>6} in {seconds:>8.3} s = {:>10.0} /s",
        count as f64 / seconds
    );
}

fn through_call() {
    let (mut s, ami) = prepared();
    let started = Instant::now();
    for n in 0..LAUNCHES {
        // A /20 default subnet holds 4,091 addresses: spread over the zones.
        let params = json!({"ImageId": ami, "InstanceType": "t2.nano", "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": ZONES[n % ZONES.len()]}});
        s.call("ec2", "RunInstances", params).expect("launch");
    }
    report("RunInstances via Sandbox::call", LAUNCHES, started);
    let started = Instant::now();
    for _ in 0..DESCRIBES {
        let response = s
            .call("ec2", "DescribeInstances", json!({}))
            .expect("describe");
        std::hint::black_box(&response);
    }
    report(
        "DescribeInstances (10,000) via Sandbox::call",
        DESCRIBES,
        started,
    );
    // What a caller that wants JSON pays on top: the typed response
    // written out as a JSON value, then as JSON text.
    let started = Instant::now();
    let mut text = 0;
    for _ in 0..JSON_DESCRIBES {
        let all = s
            .call("ec2", "DescribeInstances", json!({}))
            .expect("describe")
            .to_value()
            .expect("json");
        assert_eq!(
            all["Reservations"].as_array().map_or(0, Vec::len),
            LAUNCHES,
            "every instance is described"
        );
        text += serde_json::to_string(&all).map_or(0, |t| t.len());
    }
    report(
        "  ... then .to_value() and JSON text",
        JSON_DESCRIBES,
        started,
    );
    println!(
        "(that is {:.1} MB of compact JSON per DescribeInstances)",
        text as f64 / JSON_DESCRIBES as f64 / 1e6
    );
}

fn through_exec() {
    let (mut s, ami) = prepared();
    let started = Instant::now();
    for n in 0..LAUNCHES {
        let line = format!("aws ec2 run-instances --image-id {ami} --instance-type t2.nano --placement AvailabilityZone={} --query Instances[0].InstanceId --output text", ZONES[n % ZONES.len()]);
        let out = s.exec(&line);
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
    }
    report("run-instances via exec", LAUNCHES, started);
    let started = Instant::now();
    let mut bytes = 0;
    for _ in 0..DESCRIBES {
        let out = s.exec("aws ec2 describe-instances");
        assert_eq!(out.exit_code, 0, "{}", out.stderr);
        bytes += out.stdout.len();
    }
    report(
        "describe-instances (10,000, JSON) via exec",
        DESCRIBES,
        started,
    );
    println!(
        "(printed {:.1} MB of JSON per describe-instances)",
        bytes as f64 / DESCRIBES as f64 / 1e6
    );
}

fn main() {
    through_call();
    through_exec();
}
