//! CloudWatch metrics: PutMetricData, GetMetricStatistics, GetMetricData
//! and ListMetrics, from the API and from the terminal, and the store the
//! simulation publishes to.

#[path = "common/cloudwatch.rs"]
mod cloudwatch;
mod common;

use aws_sandbox::api::World;
use aws_sandbox::cloudwatch::metrics::{Aggregate, Dimension, MetricKey, Unit};
use aws_sandbox::Sandbox;
use cloudwatch::{cw, cw_error, publish, START};
use common::ok;
use serde_json::{json, Value};

fn iso(t: u64) -> String {
    aws_sandbox::kernel::clock::iso8601(t)
}

/// Samples 1, 3 at 09:00; 10 at 09:01; 4 at 09:03 (minute timestamps).
fn seed(s: &mut Sandbox) {
    cw(
        s,
        "PutMetricData",
        json!({"Namespace": "App", "MetricData": [
            {"MetricName": "Latency", "Value": 1, "Unit": "Milliseconds", "Timestamp": "2025-06-02T09:00:05Z"},
            {"MetricName": "Latency", "Value": 3, "Unit": "Milliseconds", "Timestamp": "2025-06-02T09:00:50Z"},
            {"MetricName": "Latency", "Value": 10, "Unit": "Milliseconds", "Timestamp": START + 60},
            {"MetricName": "Latency", "Values": [4], "Counts": [1], "Unit": "Milliseconds", "Timestamp": START + 180}
        ]}),
    );
}

fn statistics(s: &mut Sandbox, start: u64, end: u64, period: u64, stats: &[&str]) -> Value {
    cw(
        s,
        "GetMetricStatistics",
        json!({"Namespace": "App", "MetricName": "Latency", "StartTime": start,
               "EndTime": end, "Period": period, "Statistics": stats}),
    )
}

#[test]
fn every_statistic_over_aligned_periods() {
    let mut s = Sandbox::new(1);
    s.advance(600);
    seed(&mut s);
    let all = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
    let out = statistics(&mut s, START, START + 600, 60, &all);
    assert_eq!(out["Label"], "Latency");
    assert_eq!(
        out["Datapoints"],
        json!([
            {"Timestamp": iso(START), "SampleCount": 2.0, "Average": 2.0, "Sum": 4.0,
             "Minimum": 1.0, "Maximum": 3.0, "Unit": "Milliseconds"},
            {"Timestamp": iso(START + 60), "SampleCount": 1.0, "Average": 10.0, "Sum": 10.0,
             "Minimum": 10.0, "Maximum": 10.0, "Unit": "Milliseconds"},
            {"Timestamp": iso(START + 180), "SampleCount": 1.0, "Average": 4.0, "Sum": 4.0,
             "Minimum": 4.0, "Maximum": 4.0, "Unit": "Milliseconds"}
        ])
    );
    // Periods run from the start time rounded down to the minute: 09:00:30
    // becomes 09:00, and two-minute periods group 09:00–09:01 and 09:02–09:03.
    let out = statistics(&mut s, START + 30, START + 600, 120, &["Sum", "Maximum"]);
    assert_eq!(
        out["Datapoints"],
        json!([
            {"Timestamp": iso(START), "Sum": 14.0, "Maximum": 10.0, "Unit": "Milliseconds"},
            {"Timestamp": iso(START + 120), "Sum": 4.0, "Maximum": 4.0, "Unit": "Milliseconds"}
        ])
    );
    // A unit filter keeps only datapoints of that unit.
    let out = cw(
        &mut s,
        "GetMetricStatistics",
        json!({"Namespace": "App", "MetricName": "Latency", "StartTime": START,
               "EndTime": START + 600, "Period": 600, "Statistics": ["Sum"], "Unit": "Seconds"}),
    );
    assert_eq!(out["Datapoints"], json!([]));
}

#[test]
fn statistic_sets_and_value_lists_combine() {
    let mut s = Sandbox::new(1);
    cw(
        &mut s,
        "PutMetricData",
        json!({"Namespace": "App", "MetricData": [
            {"MetricName": "Size", "StatisticValues": {"SampleCount": 4, "Sum": 20, "Minimum": 2, "Maximum": 9}},
            {"MetricName": "Size", "Values": [1, 100], "Counts": [2, 1]}
        ]}),
    );
    let out = cw(
        &mut s,
        "GetMetricStatistics",
        json!({"Namespace": "App", "MetricName": "Size", "StartTime": START,
               "EndTime": START + 60, "Period": 60,
               "Statistics": ["SampleCount", "Sum", "Minimum", "Maximum", "Average"]}),
    );
    assert_eq!(
        out["Datapoints"],
        json!([{"Timestamp": iso(START), "SampleCount": 7.0, "Average": 122.0 / 7.0,
                "Sum": 122.0, "Minimum": 1.0, "Maximum": 100.0, "Unit": "None"}])
    );
}

#[test]
fn get_metric_data_returns_series_newest_first() {
    let mut s = Sandbox::new(1);
    s.advance(600);
    seed(&mut s);
    let queries = json!([
        {"Id": "sum", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Latency"},
            "Period": 60, "Stat": "Sum"}},
        {"Id": "max", "Label": "Worst", "MetricStat": {"Metric": {"Namespace": "App",
            "MetricName": "Latency"}, "Period": 300, "Stat": "Maximum"}},
        {"Id": "hidden", "ReturnData": false, "MetricStat": {"Metric": {"Namespace": "App",
            "MetricName": "Latency"}, "Period": 60, "Stat": "Minimum"}},
        {"Id": "none", "MetricStat": {"Metric": {"Namespace": "App", "MetricName": "Nothing"},
            "Period": 60, "Stat": "Sum"}}
    ]);
    let out = cw(
        &mut s,
        "GetMetricData",
        json!({"MetricDataQueries": queries, "StartTime": "2025-06-02T09:00:00Z",
               "EndTime": "2025-06-02T09:10:00Z"}),
    );
    assert_eq!(
        out,
        json!({"MetricDataResults": [
            {"Id": "sum", "Label": "Latency",
             "Timestamps": [iso(START + 180), iso(START + 60), iso(START)],
             "Values": [4.0, 10.0, 4.0], "StatusCode": "Complete"},
            {"Id": "max", "Label": "Worst", "Timestamps": [iso(START)], "Values": [10.0],
             "StatusCode": "Complete"},
            {"Id": "none", "Label": "Nothing", "Timestamps": [], "Values": [],
             "StatusCode": "Complete"}
        ], "Messages": []})
    );
    let ascending = cw(
        &mut s,
        "GetMetricData",
        json!({"MetricDataQueries": [queries[0].clone()], "StartTime": START,
               "EndTime": START + 600, "ScanBy": "TimestampAscending"}),
    );
    assert_eq!(
        ascending["MetricDataResults"][0]["Values"],
        json!([4.0, 10.0, 4.0])
    );
    let (code, message) = cw_error(
        &mut s,
        "GetMetricData",
        json!({"MetricDataQueries": [{"Id": "m1"}], "StartTime": START, "EndTime": START + 60}),
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        (
            "ValidationError",
            "The parameter MetricDataQueries.member.1.MetricStat is required."
        )
    );
    let (code, _) = cw_error(
        &mut s,
        "GetMetricData",
        json!({"MetricDataQueries": [{"Id": "M1", "MetricStat": queries[0]["MetricStat"].clone()}],
               "StartTime": START, "EndTime": START + 60}),
    );
    assert_eq!(code, "ValidationError");
}

#[test]
fn list_metrics_filters_by_namespace_name_and_dimensions() {
    let mut s = Sandbox::new(1);
    let datum =
        |name: &str, dims: Value| json!({"MetricName": name, "Value": 1, "Dimensions": dims});
    cw(
        &mut s,
        "PutMetricData",
        json!({"Namespace": "App", "MetricData": [
            datum("Load", json!([{"Name": "Service", "Value": "web"}, {"Name": "Az", "Value": "a"}])),
            datum("Load", json!([{"Name": "Service", "Value": "api"}])),
            datum("Errors", json!([])),
        ]}),
    );
    cw(
        &mut s,
        "PutMetricData",
        json!({"Namespace": "Other", "MetricData": [datum("Load", json!([]))]}),
    );
    let names = |out: &Value| -> Vec<String> {
        out["Metrics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let dims: Vec<String> = m["Dimensions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| {
                        format!(
                            "{}={}",
                            d["Name"].as_str().unwrap(),
                            d["Value"].as_str().unwrap()
                        )
                    })
                    .collect();
                format!(
                    "{}/{}[{}]",
                    m["Namespace"].as_str().unwrap(),
                    m["MetricName"].as_str().unwrap(),
                    dims.join(",")
                )
            })
            .collect()
    };
    let all = cw(&mut s, "ListMetrics", json!({}));
    assert_eq!(
        names(&all),
        [
            "App/Errors[]",
            "App/Load[Az=a,Service=web]",
            "App/Load[Service=api]",
            "Other/Load[]"
        ]
    );
    let app_load = cw(
        &mut s,
        "ListMetrics",
        json!({"Namespace": "App", "MetricName": "Load"}),
    );
    assert_eq!(names(&app_load).len(), 2);
    let with_service = cw(
        &mut s,
        "ListMetrics",
        json!({"Dimensions": [{"Name": "Service"}]}),
    );
    assert_eq!(names(&with_service).len(), 2);
    let web = cw(
        &mut s,
        "ListMetrics",
        json!({"Dimensions": [{"Name": "Service", "Value": "web"}]}),
    );
    assert_eq!(names(&web), ["App/Load[Az=a,Service=web]"]);
    // Three hours later nothing is recently active, but all is still listed.
    s.advance(3 * 3600 + 60);
    let recent = cw(&mut s, "ListMetrics", json!({"RecentlyActive": "PT3H"}));
    assert_eq!(recent["Metrics"], json!([]));
    assert_eq!(names(&cw(&mut s, "ListMetrics", json!({}))).len(), 4);
    // Two weeks without data and a metric is no longer listed.
    s.advance(14 * 86_400);
    assert_eq!(cw(&mut s, "ListMetrics", json!({}))["Metrics"], json!([]));
}

#[test]
fn bad_requests_get_aws_errors() {
    let mut s = Sandbox::new(1);
    let put = |data: Value| json!({"Namespace": "App", "MetricData": [data]});
    let cases = [
        (
            json!({"Namespace": "AWS/EC2", "MetricData": [{"MetricName": "CPUUtilization", "Value": 1}]}),
            "InvalidParameterValue",
            "The value AWS/ for parameter Namespace is invalid.",
        ),
        (
            put(json!({"MetricName": "M", "Value": 1, "StatisticValues": {"SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1}})),
            "InvalidParameterCombination",
            "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
        ),
        (
            put(json!({"MetricName": "M"})),
            "MissingParameter",
            "At least one of the parameters MetricData.member.1.Value or MetricData.member.1.StatisticValues must be specified.",
        ),
        (
            put(json!({"MetricName": "M", "Values": [1, 2], "Counts": [1]})),
            "InvalidParameterValue",
            "The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.",
        ),
        (
            put(json!({"MetricName": "M", "Value": 1, "Unit": "Parsecs"})),
            "InvalidParameterValue",
            "The parameter MetricData.member.1.Unit must be a value in the set [Seconds, Microseconds, Milliseconds, Bytes, Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits, Megabits, Gigabits, Terabits, Percent, Count, Bytes/Second, Kilobytes/Second, Megabytes/Second, Gigabytes/Second, Terabytes/Second, Bits/Second, Kilobits/Second, Megabits/Second, Gigabits/Second, Terabits/Second, Count/Second, None].",
        ),
        (
            put(json!({"MetricName": "M", "Value": 1, "Timestamp": START + 3 * 3600})),
            "InvalidParameterValue",
            "The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the future.",
        ),
        (
            put(json!({"MetricName": "M", "Value": 1, "Timestamp": START - 15 * 86_400})),
            "InvalidParameterValue",
            "The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.",
        ),
        (
            json!({"MetricData": [{"MetricName": "M", "Value": 1}]}),
            "MissingParameter",
            "The parameter Namespace is required.",
        ),
    ];
    for (params, code, message) in cases {
        assert_eq!(
            cw_error(&mut s, "PutMetricData", params),
            (code.to_string(), message.to_string())
        );
    }
    let too_many: Vec<Value> = (0..1001)
        .map(|_| json!({"MetricName": "M", "Value": 1}))
        .collect();
    assert_eq!(
        cw_error(
            &mut s,
            "PutMetricData",
            json!({"Namespace": "App", "MetricData": too_many})
        )
        .1,
        "The collection MetricData must not have a size greater than 1000."
    );
    // Nothing of a refused request was stored.
    assert_eq!(cw(&mut s, "ListMetrics", json!({}))["Metrics"], json!([]));

    let stats = |start: u64, end: u64, period: u64| {
        json!({"Namespace": "App", "MetricName": "M", "StartTime": start, "EndTime": end,
               "Period": period, "Statistics": ["Sum"]})
    };
    let cases = [
        (
            stats(START, START + 86_400 + 60, 60),
            "InvalidParameterCombination",
            "You have requested up to 1,441 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.",
        ),
        (
            stats(START, START + 600, 90),
            "InvalidParameterValue",
            "The parameter Period must be a multiple of 60.",
        ),
        (
            stats(START + 60, START, 60),
            "InvalidParameterValue",
            "The parameter EndTime must be greater than StartTime.",
        ),
        (
            stats(START, START, 60),
            "InvalidParameterValue",
            "The parameter StartTime must not equal parameter EndTime.",
        ),
        (
            json!({"Namespace": "App", "MetricName": "M", "StartTime": START, "EndTime": START + 60, "Period": 60}),
            "InvalidParameterCombination",
            "Must specify either Statistics or ExtendedStatistics",
        ),
        (
            json!({"Namespace": "App", "MetricName": "M", "StartTime": START, "EndTime": START + 60, "Period": 60, "Statistics": ["Median"]}),
            "InvalidParameterValue",
            "The parameter Statistics.member.1 must be a value in the set [SampleCount, Average, Sum, Minimum, Maximum].",
        ),
        (
            json!({"Namespace": "App", "MetricName": "M", "EndTime": START + 60, "Period": 60, "Statistics": ["Sum"]}),
            "MissingParameter",
            "The parameter StartTime is required.",
        ),
    ];
    for (params, code, message) in cases {
        assert_eq!(
            cw_error(&mut s, "GetMetricStatistics", params),
            (code.to_string(), message.to_string())
        );
    }
}

#[test]
fn the_terminal_publishes_and_reads_metrics() {
    let mut s = Sandbox::new(1);
    ok(
        &mut s,
        "aws cloudwatch put-metric-data --namespace Shop --metric-name Orders --value 3 --unit Count --dimensions Store=paris,Channel=web",
    );
    ok(
        &mut s,
        "aws cloudwatch put-metric-data --namespace Shop --metric-name Orders --statistic-values Sum=7,Minimum=1,Maximum=4,SampleCount=3 --unit Count --dimensions Channel=web,Store=paris",
    );
    s.advance(120);
    let out = ok(
        &mut s,
        "aws cloudwatch get-metric-statistics --namespace Shop --metric-name Orders --dimensions Name=Store,Value=paris Name=Channel,Value=web --start-time 2025-06-02T09:00:00Z --end-time 1748855100 --period 300 --statistics Sum SampleCount",
    );
    let out: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        out,
        json!({"Label": "Orders", "Datapoints": [{"Timestamp": "2025-06-02T09:00:00+00:00",
            "SampleCount": 4.0, "Sum": 10.0, "Unit": "Count"}]})
    );
    let listed = ok(&mut s, "aws cloudwatch list-metrics --namespace Shop --query Metrics[0].Dimensions[].Name --output text");
    assert_eq!(listed.trim(), "Channel\tStore");
    let out = s.exec("aws cloudwatch get-metric-statistics --namespace Shop --metric-name Orders --start-time yesterday --end-time 2025-06-02T10:00:00 --period 60 --statistics Sum");
    assert_eq!(out.exit_code, 252);
    assert!(
        out.stderr.contains("Invalid type for parameter StartTime, value: yesterday, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string"),
        "{}",
        out.stderr
    );
    let out = s.exec("aws cloudwatch put-metric-data --namespace Shop --metric-data '[{\"MetricName\":\"A\",\"Value\":1}]' --value 2");
    assert_eq!(out.exit_code, 255);
    assert!(out.stderr.contains("The key \"value\" cannot be specified when one of the following keys are also specified: metric_data"), "{}", out.stderr);
    let out = s.exec(
        "aws cloudwatch put-metric-data --namespace AWS/EC2 --metric-name CPUUtilization --value 5",
    );
    assert_eq!(out.exit_code, 254);
    assert!(out.stderr.contains("An error occurred (InvalidParameterValue) when calling the PutMetricData operation: The value AWS/ for parameter Namespace is invalid."), "{}", out.stderr);
}

#[test]
fn the_simulation_publishes_through_handles() {
    let mut world = World::new(1);
    let key = MetricKey::new(
        "AWS/EC2",
        "CPUUtilization",
        vec![Dimension {
            name: "AutoScalingGroupName".into(),
            value: "web".into(),
        }],
    );
    let cpu = world.cloudwatch.metric("us-east-1", &key);
    assert_eq!(world.cloudwatch.metric("us-east-1", &key), cpu);
    // One sample a second for ten minutes, each minute averaging its second.
    for second in 0..600 {
        let value = (second / 60) as f64 * 10.0;
        world
            .cloudwatch
            .put(cpu, START + second, Aggregate::single(value), Unit::PERCENT);
    }
    world
        .cloudwatch
        .put_datapoint("us-east-1", &key, START + 600, 500.0, Unit::PERCENT);
    let out = world
        .call(
            None,
            "cloudwatch",
            "GetMetricStatistics",
            json!({"Namespace": "AWS/EC2", "MetricName": "CPUUtilization",
                   "Dimensions": [{"Name": "AutoScalingGroupName", "Value": "web"}],
                   "StartTime": START, "EndTime": START + 660, "Period": 300,
                   "Statistics": ["Average", "SampleCount"]}),
        )
        .and_then(|r| r.to_value())
        .unwrap();
    assert_eq!(
        out["Datapoints"],
        json!([
            {"Timestamp": iso(START), "SampleCount": 300.0, "Average": 20.0, "Unit": "Percent"},
            {"Timestamp": iso(START + 300), "SampleCount": 300.0, "Average": 70.0, "Unit": "Percent"},
            {"Timestamp": iso(START + 600), "SampleCount": 1.0, "Average": 500.0, "Unit": "Percent"}
        ])
    );
    // Another region keeps its own metrics.
    let elsewhere = world
        .call(Some("eu-west-1"), "cloudwatch", "ListMetrics", json!({}))
        .and_then(|r| r.to_value())
        .unwrap();
    assert_eq!(elsewhere["Metrics"], json!([]));
}

#[test]
fn publishing_twice_an_hour_for_a_day_lists_one_metric() {
    let mut s = Sandbox::new(1);
    for _ in 0..48 {
        publish(&mut s, 42.0);
        s.advance(1800);
    }
    let out = cw(
        &mut s,
        "GetMetricStatistics",
        json!({"Namespace": "App", "MetricName": "Load",
               "Dimensions": [{"Name": "Service", "Value": "web"}],
               "StartTime": START, "EndTime": START + 86_400, "Period": 3600,
               "Statistics": ["SampleCount"]}),
    );
    assert_eq!(out["Datapoints"].as_array().map(Vec::len), Some(24));
    assert_eq!(
        cw(&mut s, "ListMetrics", json!({}))["Metrics"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}
