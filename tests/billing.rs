//! The bill: what instances, volumes, snapshots and public addresses cost
//! per simulated second, the free tier, Cost Explorer's GetCostAndUsage
//! through the API and the terminal, the cost meter, and determinism.

mod common;

use aws_sandbox::ec2::instances::BOOT_SECONDS;
use aws_sandbox::kernel::calendar::{day_number, DAY};
use aws_sandbox::kernel::clock::START;
use aws_sandbox::{DomainEvent, Sandbox};
use common::autoscaling::{asg, running_group};
use common::{call, error, launch_in};
use serde_json::{json, Value};

/// Seconds since 1970 at midnight UTC of a date.
fn midnight(year: u64, month: u32, day: u32) -> u64 {
    day_number(year, month, day).expect("a date") * DAY
}

/// Lets time pass until `at`.
fn advance_to(s: &mut Sandbox, at: u64) {
    let now = s.world().now();
    assert!(at >= now, "the clock is already past {at}");
    s.advance(at - now);
}

/// GetCostAndUsage through the API.
fn cost_and_usage(s: &mut Sandbox, params: Value) -> Value {
    s.call("ce", "GetCostAndUsage", params)
        .and_then(|r| r.to_value())
        .unwrap_or_else(|e| panic!("GetCostAndUsage: {} {}", e.code, e.message))
}

/// (UnblendedCost, UsageQuantity) of one usage type from `start` to `end`.
fn usage_type(s: &mut Sandbox, start: &str, end: &str, usage_type: &str) -> (String, String) {
    let out = cost_and_usage(
        s,
        json!({"TimePeriod": {"Start": start, "End": end}, "Granularity": "MONTHLY",
               "Metrics": ["UnblendedCost", "UsageQuantity"],
               "Filter": {"Dimensions": {"Key": "USAGE_TYPE", "Values": [usage_type]}}}),
    );
    let total = &out["ResultsByTime"][0]["Total"];
    (
        total["UnblendedCost"]["Amount"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        total["UsageQuantity"]["Amount"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

/// The June bill of one usage type.
fn june(s: &mut Sandbox, usage: &str) -> (String, String) {
    usage_type(s, "2025-06-01", "2025-07-01", usage)
}

fn state(s: &mut Sandbox, id: &str) -> String {
    call(s, "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0]
        ["State"]["Name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Launches a t2.micro and lets it boot; its id.
fn running_t2_micro(s: &mut Sandbox) -> String {
    let id = launch_in(s, "us-east-1a");
    s.advance(BOOT_SECONDS);
    assert_eq!(state(s, &id), "running");
    id
}

#[test]
fn an_instance_running_an_hour_costs_its_hourly_price() {
    let mut s = Sandbox::new(1);
    let id = running_t2_micro(&mut s);
    s.advance(3600);
    call(&mut s, "StopInstances", json!({"InstanceIds": [id]}));
    s.advance(3600);
    assert_eq!(
        june(&mut s, "BoxUsage:t2.micro"),
        ("0.0116".into(), "1".into())
    );
}

#[test]
fn stopped_instances_cost_nothing_but_their_volumes_do() {
    let mut s = Sandbox::new(1);
    let id = running_t2_micro(&mut s);
    s.advance(600);
    call(&mut s, "StopInstances", json!({"InstanceIds": [id]}));
    s.advance(60);
    assert_eq!(state(&mut s, &id), "stopped");
    let compute = june(&mut s, "BoxUsage:t2.micro");
    let storage = june(&mut s, "EBS:VolumeUsage.gp3");
    s.advance(10 * 3600);
    assert_eq!(june(&mut s, "BoxUsage:t2.micro"), compute);
    let later = june(&mut s, "EBS:VolumeUsage.gp3");
    assert!(
        later.0.parse::<f64>().unwrap() > storage.0.parse::<f64>().unwrap(),
        "{later:?} after {storage:?}"
    );
    // Its auto-assigned address went with the stop.
    let costs = s.costs();
    let row = costs.resources.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row.rate_per_hour.to_string(), "0");
}

#[test]
fn ten_seconds_of_running_cost_a_minute() {
    let mut s = Sandbox::new(1);
    let id = running_t2_micro(&mut s);
    s.advance(10);
    call(&mut s, "TerminateInstances", json!({"InstanceIds": [id]}));
    // Charged at once, before any more time passes.
    assert_eq!(
        june(&mut s, "BoxUsage:t2.micro"),
        ("0.0001933333".into(), "0.0166666667".into())
    );
    s.advance(7200);
    let (code, _) = error(&mut s, "StartInstances", json!({"InstanceIds": [id]}));
    assert_eq!(code, "InvalidInstanceID.NotFound", "gone an hour after");
    assert_eq!(
        june(&mut s, "BoxUsage:t2.micro").1,
        "0.0166666667",
        "nothing more once terminated"
    );
}

#[test]
fn a_volume_kept_a_whole_month_costs_its_monthly_price() {
    let mut s = Sandbox::new(1);
    for (kind, iops, throughput) in [("gp3", 3000, 125), ("gp3", 4000, 250), ("io2", 40_000, 0)] {
        let mut params = json!({"AvailabilityZone": "us-east-1a", "Size": 100, "VolumeType": kind, "Iops": iops});
        if kind == "gp3" {
            params["Throughput"] = json!(throughput);
        }
        call(&mut s, "CreateVolume", params);
    }
    call(
        &mut s,
        "CreateVolume",
        json!({"AvailabilityZone": "us-east-1a", "Size": 8, "VolumeType": "gp3"}),
    );
    advance_to(&mut s, midnight(2025, 8, 1));
    let july = |s: &mut Sandbox, usage: &str| usage_type(s, "2025-07-01", "2025-08-01", usage);
    // 8 + 2 × 100 GiB of gp3 at $0.08, whatever the month's length.
    assert_eq!(
        july(&mut s, "EBS:VolumeUsage.gp3"),
        ("16.64".into(), "208".into())
    );
    // 1,000 IOPS above 3,000 at $0.005 and 125 MiB/s above 125 at $0.04.
    assert_eq!(
        july(&mut s, "EBS:VolumeP-IOPS.gp3"),
        ("5".into(), "1000".into())
    );
    assert_eq!(
        july(&mut s, "EBS:VolumeP-Throughput.gp3"),
        ("5".into(), "0.1220703125".into())
    );
    // io2: 32,000 IOPS at $0.065, the next 8,000 at $0.0455.
    assert_eq!(
        july(&mut s, "EBS:VolumeP-IOPS.io2"),
        ("2080".into(), "32000".into())
    );
    assert_eq!(
        july(&mut s, "EBS:VolumeP-IOPS.io2.tier2"),
        ("364".into(), "8000".into())
    );
    assert_eq!(
        july(&mut s, "EBS:VolumeUsage.io2"),
        ("12.5".into(), "100".into())
    );
}

fn create_snapshot(s: &mut Sandbox, volume: &str) -> String {
    call(s, "CreateSnapshot", json!({"VolumeId": volume}))["SnapshotId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The cost meter's snapshot rate per hour, in all and per snapshot.
fn snapshot_rates(s: &Sandbox) -> (f64, Vec<(String, String)>) {
    let costs = s.costs();
    let rows: Vec<(String, String)> = costs
        .resources
        .iter()
        .filter(|r| r.id.starts_with("snap-"))
        .map(|r| (r.id.clone(), r.rate_per_hour.to_string()))
        .collect();
    let total = costs
        .resources
        .iter()
        .filter(|r| r.id.starts_with("snap-"))
        .map(|r| r.rate_per_hour.dollars())
        .sum();
    (total, rows)
}

#[test]
fn snapshots_are_billed_on_the_blocks_they_store() {
    let mut s = Sandbox::new(1);
    let instance = running_t2_micro(&mut s);
    let root = call(
        &mut s,
        "DescribeVolumes",
        json!({"Filters": [{"Name": "attachment.instance-id", "Values": [instance]}]}),
    )["Volumes"][0]["VolumeId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let first = create_snapshot(&mut s, &root);
    s.advance(600);
    let (one, _) = snapshot_rates(&s);
    let blocks = s
        .world()
        .ec2
        .region("us-east-1")
        .unwrap()
        .stored_snapshot_blocks();
    assert!(blocks > 0, "the root volume holds the OS");
    // GB-months of a 30-day June, at $0.05.
    let expected = blocks as f64 / 2048.0 * 0.05 / (30.0 * 24.0);
    assert!((one - expected).abs() < 1e-12, "{one} vs {expected}");
    // A second snapshot of the unchanged volume stores nothing new.
    let second = create_snapshot(&mut s, &root);
    s.advance(600);
    let (two, rows) = snapshot_rates(&s);
    assert_eq!(two, one);
    assert!(
        rows.iter().all(|(id, rate)| id != &second || rate == "0"),
        "{rows:?}"
    );
    // Deleting the first moves its blocks to the second: the same rate.
    call(&mut s, "DeleteSnapshot", json!({"SnapshotId": first}));
    let (after, rows) = snapshot_rates(&s);
    assert_eq!(after, one);
    let first_row = rows.iter().find(|(id, _)| *id == first).unwrap();
    assert_eq!(first_row.1, "0", "a deleted snapshot costs nothing more");
    // And Cost Explorer shows what the blocks cost so far.
    let (cost, quantity) = june(&mut s, "EBS:SnapshotUsage");
    let gb_months = blocks as f64 / 2048.0 * 1200.0 / (30.0 * DAY as f64);
    assert!((quantity.parse::<f64>().unwrap() - gb_months).abs() < 1e-9);
    assert!((cost.parse::<f64>().unwrap() - gb_months * 0.05).abs() < 1e-9);
}

#[test]
fn an_idle_elastic_ip_costs_half_a_cent_an_hour() {
    let mut s = Sandbox::new(1);
    call(&mut s, "AllocateAddress", json!({}));
    s.advance(3600);
    assert_eq!(
        june(&mut s, "USE1-PublicIPv4:IdleAddress"),
        ("0.005".into(), "1".into())
    );
    let costs = s.costs();
    assert_eq!(costs.rate_per_hour.to_string(), "0.005");
    assert_eq!(costs.services[0].service, "Amazon Virtual Private Cloud");
}

#[test]
fn the_free_tier_covers_750_hours_of_t2_micro_a_month() {
    let mut s = Sandbox::with_free_tier(1, true);
    let id = running_t2_micro(&mut s);
    advance_to(&mut s, midnight(2025, 7, 1));
    // Under 750 hours of instance and address, under 30 GB of storage.
    let (cost, hours) = june(&mut s, "BoxUsage:t2.micro");
    assert_eq!(cost, "0");
    assert!(hours.parse::<f64>().unwrap() > 686.0);
    assert_eq!(s.costs().total.to_string(), "0");
    // Two instances for all of July: 1,488 hours, 738 of them billed.
    let other = running_t2_micro(&mut s);
    assert_ne!(other, id);
    let started = s.world().now();
    advance_to(&mut s, midnight(2025, 8, 1));
    let july = usage_type(&mut s, "2025-07-01", "2025-08-01", "BoxUsage:t2.micro");
    let hours = 744.0 + (midnight(2025, 8, 1) - started) as f64 / 3600.0;
    assert!((july.1.parse::<f64>().unwrap() - hours).abs() < 1e-9);
    let billed = (hours - 750.0) * 0.0116;
    assert!(
        (july.0.parse::<f64>().unwrap() - billed).abs() < 1e-9,
        "{july:?}"
    );
    // Without the tier, the same month costs every hour.
    let mut paid = Sandbox::new(1);
    running_t2_micro(&mut paid);
    advance_to(&mut paid, midnight(2025, 7, 1));
    let (cost, hours) = june(&mut paid, "BoxUsage:t2.micro");
    let expected = hours.parse::<f64>().unwrap() * 0.0116;
    assert!((cost.parse::<f64>().unwrap() - expected).abs() < 1e-9);
}

#[test]
fn the_free_tier_ends_after_twelve_months() {
    let mut s = Sandbox::with_free_tier(1, true);
    call(&mut s, "AllocateAddress", json!({}));
    let volume = json!({"AvailabilityZone": "us-east-1a", "Size": 10, "VolumeType": "gp2"});
    call(&mut s, "CreateVolume", volume);
    advance_to(&mut s, midnight(2026, 6, 1));
    assert_eq!(
        s.costs().rate_per_hour.to_string(),
        "0.005",
        "idle addresses are never free"
    );
    advance_to(&mut s, START + 365 * DAY + 3600);
    // The gp2 volume's storage is billed once the tier is over.
    let rate = s.costs().rate_per_hour.dollars();
    let volume_rate = 10.0 * 0.10 / (30.0 * 24.0);
    assert!((rate - 0.005 - volume_rate).abs() < 1e-12, "{rate}");
}

#[test]
fn cost_explorer_through_the_terminal_has_aws_shape() {
    let mut s = Sandbox::new(1);
    running_t2_micro(&mut s);
    call(&mut s, "AllocateAddress", json!({}));
    advance_to(&mut s, midnight(2025, 6, 3) + 3 * 3600);
    let out = s.exec(
        "aws ce get-cost-and-usage --time-period Start=2025-06-01,End=2025-06-04 \
         --granularity DAILY --metrics UnblendedCost --group-by Type=DIMENSION,Key=SERVICE",
    );
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let body: Value = serde_json::from_str(&out.stdout).unwrap();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "GroupDefinitions",
            "ResultsByTime",
            "DimensionValueAttributes"
        ]
    );
    assert_eq!(
        body["GroupDefinitions"],
        json!([{"Type": "DIMENSION", "Key": "SERVICE"}])
    );
    assert_eq!(body["DimensionValueAttributes"], json!([]));
    let days = body["ResultsByTime"].as_array().unwrap();
    assert_eq!(days.len(), 3);
    let day = days[1].as_object().unwrap();
    let keys: Vec<&String> = day.keys().collect();
    assert_eq!(keys, ["TimePeriod", "Total", "Groups", "Estimated"]);
    assert_eq!(
        day["TimePeriod"],
        json!({"Start": "2025-06-02", "End": "2025-06-03"})
    );
    assert_eq!(day["Total"], json!({}));
    assert_eq!(day["Estimated"], json!(true));
    assert_eq!(days[0]["Groups"], json!([]), "nothing before the account");
    // 15 hours on 2 June: the instance from 09:00:15, its address from
    // 09:00:00, the Elastic IP from 09:00:15.
    let groups = &day["Groups"];
    let service = |name: &str| {
        groups
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["Keys"] == json!([name]))
            .map(|g| g["Metrics"]["UnblendedCost"].clone())
            .unwrap_or_else(|| panic!("no {name} in {groups}"))
    };
    let compute = 0.0116 * (15.0 * 3600.0 - 15.0) / 3600.0;
    assert_eq!(
        service("Amazon Elastic Compute Cloud - Compute"),
        json!({"Amount": format!("{compute:.10}").trim_end_matches('0'), "Unit": "USD"})
    );
    let addresses = 0.005 * (30.0 * 3600.0 - 15.0) / 3600.0;
    assert_eq!(
        service("Amazon Virtual Private Cloud"),
        json!({"Amount": format!("{addresses:.10}"), "Unit": "USD"})
    );
    assert!(service("EC2 - Other")["Amount"].as_str().is_some());
    // The ungrouped total of the three days is the meter's total so far.
    let out = s.exec(
        "aws ce get-cost-and-usage --time-period Start=2025-06-01,End=2025-06-04 \
         --granularity MONTHLY --metrics UnblendedCost",
    );
    let body: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(body.get("GroupDefinitions").is_none());
    let total = &body["ResultsByTime"][0]["Total"]["UnblendedCost"];
    assert_eq!(total["Amount"], s.costs().total.to_string());
    assert_eq!(total["Unit"], "USD");
}

#[test]
fn cost_explorer_refuses_bad_requests_as_aws_does() {
    let mut s = Sandbox::new(1);
    let cases = [
        (
            json!({"Start": "2025-06-03", "End": "2025-06-01"}),
            "DAILY",
            "Start date (and hour) should be before end date (and hour)",
        ),
        (
            json!({"Start": "2025-06-01", "End": "2025-08-02"}),
            "DAILY",
            "end date past the beginning of next month",
        ),
        (
            json!({"Start": "2025-6-1", "End": "2025-06-02"}),
            "DAILY",
            "1 validation error detected: Value '2025-6-1' at 'timePeriod.start' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2}:\\d{2}Z)?",
        ),
        (
            json!({"Start": "2025-06-01", "End": "2025-06-02"}),
            "WEEKLY",
            "1 validation error detected: Value 'WEEKLY' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [DAILY, MONTHLY, HOURLY]",
        ),
    ];
    for (period, granularity, message) in cases {
        let error = s
            .call(
                "ce",
                "GetCostAndUsage",
                json!({"TimePeriod": period, "Granularity": granularity, "Metrics": ["UnblendedCost"]}),
            )
            .unwrap_err();
        assert_eq!(
            (error.code.as_str(), error.message.as_str()),
            ("ValidationException", message)
        );
    }
    let out = s.exec(
        "aws ce get-cost-and-usage --time-period Start=2025-06-01,End=2025-06-02 \
         --granularity DAILY --metrics UnblendedCost --group-by Type=DIMENSION,Key=NOPE",
    );
    assert_eq!(out.exit_code, 254);
    assert!(out.stderr.contains(
        "An error occurred (ValidationException) when calling the GetCostAndUsage operation: Group Definition dimension is invalid."
    ), "{}", out.stderr);
    let out = s.exec(
        "aws ce get-cost-and-usage --time-period Start=2025-06-01,End=2025-06-02 --granularity DAILY \
         --metrics UnblendedCost --filter '{\"Dimensions\":{\"Key\":\"SERVICE\",\"Values\":[\"x\"]},\"Not\":{}}'",
    );
    assert!(
        out.stderr.contains("Expression has more than one roots."),
        "{}",
        out.stderr
    );
}

#[test]
fn the_meter_forecasts_the_month() {
    let mut s = Sandbox::new(1);
    running_t2_micro(&mut s);
    s.advance(3600);
    let costs = s.costs();
    assert_eq!(costs.month, "2025-06");
    assert_eq!(costs.month_to_date, costs.total);
    let hours_left = (midnight(2025, 7, 1) - s.world().now()) as f64 / 3600.0;
    let expected = costs.month_to_date.dollars() + costs.rate_per_hour.dollars() * hours_left;
    assert!((costs.forecast.dollars() - expected).abs() < 1e-9);
    // t2.micro, 8 GiB of gp3 for a 30-day month, one address.
    let rate = 0.0116 + 8.0 * 0.08 / 720.0 + 0.005;
    assert!((costs.rate_per_hour.dollars() - rate).abs() < 1e-12);
    let services: Vec<&str> = costs.services.iter().map(|c| c.service).collect();
    assert_eq!(
        services,
        [
            "Amazon Elastic Compute Cloud - Compute",
            "Amazon Virtual Private Cloud",
            "EC2 - Other"
        ]
    );
    let instance = costs
        .resources
        .iter()
        .find(|r| r.id.starts_with("i-"))
        .unwrap();
    assert_eq!(instance.what, "t2.micro instance, public IPv4 address");
    assert_eq!(instance.region, "us-east-1");
}

#[test]
fn each_advance_reports_what_it_cost() {
    let mut s = Sandbox::new(1);
    running_t2_micro(&mut s);
    let events = s.advance(3600);
    let accrued: Vec<&DomainEvent> = events
        .iter()
        .filter(|e| matches!(e, DomainEvent::CostAccrued { .. }))
        .collect();
    assert_eq!(accrued.len(), 1);
    let DomainEvent::CostAccrued { amount, total } = accrued[0] else {
        unreachable!()
    };
    assert_eq!(*total, s.costs().total.to_string());
    assert!(amount.parse::<f64>().unwrap() > 0.0116);
    // Nothing billed, nothing reported.
    let mut empty = Sandbox::new(1);
    assert!(!empty
        .advance(3600)
        .iter()
        .any(|e| matches!(e, DomainEvent::CostAccrued { .. })));
}

/// A session that bills a bit of everything, with reads in between (which
/// are not journaled and must change nothing).
fn session(seed: u64, free_tier: bool) -> Sandbox {
    let mut s = Sandbox::with_free_tier(seed, free_tier);
    let a = running_t2_micro(&mut s);
    s.advance(5);
    call(&mut s, "StopInstances", json!({"InstanceIds": [a]}));
    cost_and_usage(
        &mut s,
        json!({"TimePeriod": {"Start": "2025-06-01", "End": "2025-06-03"}, "Granularity": "DAILY", "Metrics": ["UnblendedCost"]}),
    );
    s.costs();
    s.advance(90);
    call(&mut s, "StartInstances", json!({"InstanceIds": [a]}));
    call(&mut s, "AllocateAddress", json!({}));
    s.exec("sleep 2d");
    s.exec("aws ce get-cost-and-usage --time-period Start=2025-06-01,End=2025-06-05 --granularity DAILY --metrics UnblendedCost");
    s
}

#[test]
fn the_same_journal_gives_the_same_bill() {
    for free_tier in [false, true] {
        let a = session(3, free_tier);
        let b = session(3, free_tier);
        assert_eq!(a.world(), b.world());
        assert_eq!(a.costs(), b.costs());
        let restored = Sandbox::import(&a.export()).unwrap();
        assert_eq!(restored.world(), a.world());
        assert_eq!(restored.costs(), a.costs());
        assert_eq!(restored.free_tier(), free_tier);
        let mut undone = a.clone();
        assert!(undone.undo());
        assert_ne!(undone.costs(), a.costs(), "undo takes back the last change");
    }
    assert!(!session(3, false).export().contains("freeTier"));
}

#[test]
fn switching_the_free_tier_recomputes_the_bill_from_the_start() {
    let mut without = session(9, false);
    let mut with = session(9, true);
    assert_ne!(without.costs(), with.costs());
    let journal = without.journal().clone();
    without.set_free_tier(true);
    assert!(without.free_tier());
    assert_eq!(without.journal(), &journal, "the same history");
    assert_eq!(without.costs(), with.costs());
    assert_eq!(without.export(), with.export());
    with.set_free_tier(false);
    assert_eq!(with.costs(), session(9, false).costs());
}

/// An Auto Scaling group that grows, loses an instance terminated by hand
/// (and replaces it) and shrinks, over two hours that pass `step` seconds
/// at a time.
fn changing_group(free_tier: bool, step: u64) -> Sandbox {
    let mut s = Sandbox::with_free_tier(5, free_tier);
    running_group(&mut s, "web", 2);
    let pass = |s: &mut Sandbox, seconds: u64| {
        let mut left = seconds;
        while left > 0 {
            let now = left.min(step);
            s.advance(now);
            left -= now;
        }
    };
    let desired = |s: &mut Sandbox, capacity: i64| {
        asg(
            s,
            "SetDesiredCapacity",
            json!({"AutoScalingGroupName": "web", "DesiredCapacity": capacity}),
        );
    };
    pass(&mut s, 1_800);
    desired(&mut s, 4);
    pass(&mut s, 1_800);
    let members = asg(
        &mut s,
        "DescribeAutoScalingGroups",
        json!({"AutoScalingGroupNames": ["web"]}),
    );
    let victim = members["AutoScalingGroups"][0]["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    call(
        &mut s,
        "TerminateInstances",
        json!({"InstanceIds": [victim]}),
    );
    pass(&mut s, 1_800);
    desired(&mut s, 1);
    pass(&mut s, 1_800);
    s
}

#[test]
fn a_changing_group_costs_the_same_however_the_time_passes() {
    // Within one advance the bill holds time at unchanged rates back from
    // the ledger until they change; short advances write it out each time.
    for free_tier in [false, true] {
        let at_once = changing_group(free_tier, u64::MAX);
        assert!(
            at_once.costs().resources.len() >= 10,
            "{:?}",
            at_once.costs()
        );
        for step in [47, 600] {
            let mut in_steps = changing_group(free_tier, step);
            assert_eq!(in_steps.costs(), at_once.costs(), "steps of {step} s");
            let mut at_once = at_once.clone();
            let daily = json!({"TimePeriod": {"Start": "2025-06-01", "End": "2025-06-03"},
                               "Granularity": "DAILY", "Metrics": ["UnblendedCost", "UsageQuantity"],
                               "GroupBy": [{"Type": "DIMENSION", "Key": "USAGE_TYPE"}]});
            assert_eq!(
                cost_and_usage(&mut in_steps, daily.clone()),
                cost_and_usage(&mut at_once, daily)
            );
        }
    }
}
