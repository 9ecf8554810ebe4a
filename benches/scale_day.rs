//! Scaling benchmark: 24 simulated hours of a daily load peaking at 2,000
//! requests/s through an ALB to an Auto Scaling group of 2 to 20 instances
//! under target tracking, simulated second by second. The set-up is
//! benches/scale-day.sh, shared with the WebAssembly run
//! (scripts/bench-wasm.mjs). Prints the wall time of the day (the set-up
//! not included) and what the group did. Goal: under 100 ms natively.
//! Run with `cargo bench --bench scale_day`.

use aws_sandbox::Sandbox;
use serde_json::Value;
use std::time::Instant;

const SETUP: &str = include_str!("scale-day.sh");
const DAY: u64 = 86_400;

fn main() {
    let mut sandbox = Sandbox::new(2026);
    for line in SETUP
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let out = sandbox.exec(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    }
    let started = Instant::now();
    sandbox.advance(DAY);
    let elapsed = started.elapsed();
    let activities = sandbox.exec(
        "aws autoscaling describe-scaling-activities --auto-scaling-group-name web --max-items 1000",
    );
    let activities: Value = serde_json::from_str(&activities.stdout).unwrap_or_default();
    let launches = activities["Activities"].as_array().map_or(0, |a| {
        a.iter()
            .filter(|x| {
                x["Description"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("Launching"))
            })
            .count()
    });
    let desired = sandbox.exec("aws autoscaling describe-auto-scaling-groups --query 'AutoScalingGroups[0].DesiredCapacity' --output text");
    println!(
        "scale_day: 24 simulated hours in {:.1} ms natively ({} launches; desired capacity at the end {})",
        elapsed.as_secs_f64() * 1_000.0,
        launches,
        desired.stdout.trim()
    );
}
