//! Helpers the integration tests share: terminal lines and API calls that
//! must succeed or fail, and a launch of one Amazon Linux 2023 instance.

// Each test file compiles this module on its own and uses only some of it.
#![allow(dead_code)]

pub mod elb;

use aws_sandbox::Sandbox;
use serde_json::{json, Value};

/// The AMI alias tutorials launch.
pub const AL2023: &str =
    "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/// A terminal line that must succeed; what it printed.
pub fn ok(s: &mut Sandbox, line: &str) -> String {
    let out = s.exec(line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    out.stdout
}

/// An EC2 call that must succeed; its response as JSON.
pub fn call(s: &mut Sandbox, action: &str, params: Value) -> Value {
    call_service(s, "ec2", action, params)
}

/// An EC2 call that must fail; its error code and message.
pub fn error(s: &mut Sandbox, action: &str, params: Value) -> (String, String) {
    service_error(s, "ec2", action, params)
}

/// A call to `service` that must succeed; its response as JSON.
pub fn call_service(s: &mut Sandbox, service: &str, action: &str, params: Value) -> Value {
    s.call(service, action, params)
        .and_then(|r| r.to_value())
        .unwrap_or_else(|e| panic!("{action}: {} {}", e.code, e.message))
}

/// A call to `service` that must fail; its error code and message.
pub fn service_error(
    s: &mut Sandbox,
    service: &str,
    action: &str,
    params: Value,
) -> (String, String) {
    match s.call(service, action, params) {
        Ok(_) => panic!("{action} succeeded"),
        Err(e) => (e.code, e.message),
    }
}

/// Launches one t2.micro in `zone`; returns its id.
pub fn launch_in(s: &mut Sandbox, zone: &str) -> String {
    let out = call(
        s,
        "RunInstances",
        json!({"ImageId": AL2023, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1,
               "Placement": {"AvailabilityZone": zone}}),
    );
    out["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub mod autoscaling;
