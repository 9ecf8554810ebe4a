//! Amazon CloudWatch as the CLI sees it (`cloudwatch/2010-08-01`): the
//! metric and alarm operations the sandbox simulates, with their input
//! shapes transcribed from the AWS API model, and the waiters of
//! `waiters-2.json`. The CLI does not page these operations here: the
//! sandbox answers with every item at once (see the services' handlers).

use crate::shell::aws::model::{
    opt, req, Acceptor, Expected, Matcher, Operation, Service, Shape, Waiter, WaiterState, BOOLEAN,
    DOUBLE, INTEGER, STRING, STRING_LIST, TIMESTAMP,
};

/// `aws cloudwatch`.
pub(crate) const SERVICE: Service = Service {
    name: "cloudwatch",
    summary: "Amazon CloudWatch: metrics, their statistics, and alarms that watch them.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: WAITERS,
    unsimulated_waiters: &[("AlarmMuteRuleExists", "GetAlarmMuteRule")],
};

/// `Dimension`.
const DIMENSION: Shape = Shape::Structure(&[req("Name", &STRING), req("Value", &STRING)]);

const DIMENSIONS: Shape = Shape::List(&DIMENSION);

/// `DimensionFilter` (ListMetrics): the value is optional.
const DIMENSION_FILTER: Shape = Shape::Structure(&[req("Name", &STRING), opt("Value", &STRING)]);

const DIMENSION_FILTERS: Shape = Shape::List(&DIMENSION_FILTER);

/// `StatisticSet`.
const STATISTIC_SET: Shape = Shape::Structure(&[
    req("SampleCount", &DOUBLE),
    req("Sum", &DOUBLE),
    req("Minimum", &DOUBLE),
    req("Maximum", &DOUBLE),
]);

const DOUBLES: Shape = Shape::List(&DOUBLE);

/// `MetricDatum`.
const METRIC_DATUM: Shape = Shape::Structure(&[
    req("MetricName", &STRING),
    opt("Dimensions", &DIMENSIONS),
    opt("Timestamp", &TIMESTAMP),
    opt("Value", &DOUBLE),
    opt("StatisticValues", &STATISTIC_SET),
    opt("Values", &DOUBLES),
    opt("Counts", &DOUBLES),
    opt("Unit", &STRING),
    opt("StorageResolution", &INTEGER),
]);

const METRIC_DATA: Shape = Shape::List(&METRIC_DATUM);

/// `Metric`.
const METRIC: Shape = Shape::Structure(&[
    opt("Namespace", &STRING),
    opt("MetricName", &STRING),
    opt("Dimensions", &DIMENSIONS),
]);

/// `MetricStat`.
const METRIC_STAT: Shape = Shape::Structure(&[
    req("Metric", &METRIC),
    req("Period", &INTEGER),
    req("Stat", &STRING),
    opt("Unit", &STRING),
]);

/// `MetricDataQuery`.
const METRIC_DATA_QUERY: Shape = Shape::Structure(&[
    req("Id", &STRING),
    opt("MetricStat", &METRIC_STAT),
    opt("Expression", &STRING),
    opt("Label", &STRING),
    opt("ReturnData", &BOOLEAN),
    opt("Period", &INTEGER),
    opt("AccountId", &STRING),
]);

const METRIC_DATA_QUERIES: Shape = Shape::List(&METRIC_DATA_QUERY);

/// `LabelOptions`.
const LABEL_OPTIONS: Shape = Shape::Structure(&[opt("Timezone", &STRING)]);

/// `Tag`.
const TAG: Shape = Shape::Structure(&[req("Key", &STRING), req("Value", &STRING)]);

const TAGS: Shape = Shape::List(&TAG);

/// `EvaluationCriteria` (PromQL alarms).
const EVALUATION_CRITERIA: Shape = Shape::Structure(&[opt(
    "PromQLCriteria",
    &Shape::Structure(&[
        req("Query", &STRING),
        opt("PendingPeriod", &INTEGER),
        opt("RecoveryPeriod", &INTEGER),
    ]),
)]);

/// `AlarmNames`, alone (DeleteAlarms, Enable/DisableAlarmActions).
const ALARM_NAMES: &[crate::shell::aws::model::Member] = &[req("AlarmNames", &STRING_LIST)];

/// The operations the sandbox simulates, with their input shapes.
pub(crate) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "DeleteAlarms",
        summary: "Delete alarms (their history stays).",
        input: ALARM_NAMES,
        paginator: None,
    },
    Operation {
        name: "DescribeAlarmHistory",
        summary: "Show alarms' configuration changes and state changes.",
        input: &[
            opt("AlarmName", &STRING),
            opt("AlarmContributorId", &STRING),
            opt("AlarmTypes", &STRING_LIST),
            opt("HistoryItemType", &STRING),
            opt("StartDate", &TIMESTAMP),
            opt("EndDate", &TIMESTAMP),
            opt("MaxRecords", &INTEGER),
            opt("NextToken", &STRING),
            opt("ScanBy", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeAlarms",
        summary: "List alarms with their state, by name, prefix, state or action.",
        input: &[
            opt("AlarmNames", &STRING_LIST),
            opt("AlarmNamePrefix", &STRING),
            opt("AlarmTypes", &STRING_LIST),
            opt("ChildrenOfAlarmName", &STRING),
            opt("ParentsOfAlarmName", &STRING),
            opt("StateValue", &STRING),
            opt("ActionPrefix", &STRING),
            opt("MaxRecords", &INTEGER),
            opt("NextToken", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeAlarmsForMetric",
        summary: "List the alarms that watch one metric.",
        input: &[
            req("MetricName", &STRING),
            req("Namespace", &STRING),
            opt("Statistic", &STRING),
            opt("ExtendedStatistic", &STRING),
            opt("Dimensions", &DIMENSIONS),
            opt("Period", &INTEGER),
            opt("Unit", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DisableAlarmActions",
        summary: "Stop alarms from invoking their actions.",
        input: ALARM_NAMES,
        paginator: None,
    },
    Operation {
        name: "EnableAlarmActions",
        summary: "Let alarms invoke their actions again.",
        input: ALARM_NAMES,
        paginator: None,
    },
    Operation {
        name: "GetMetricData",
        summary: "Read several metrics' statistics as time series.",
        input: &[
            req("MetricDataQueries", &METRIC_DATA_QUERIES),
            req("StartTime", &TIMESTAMP),
            req("EndTime", &TIMESTAMP),
            opt("NextToken", &STRING),
            opt("ScanBy", &STRING),
            opt("MaxDatapoints", &INTEGER),
            opt("LabelOptions", &LABEL_OPTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "GetMetricStatistics",
        summary: "Read one metric's statistics, period by period.",
        input: &[
            req("Namespace", &STRING),
            req("MetricName", &STRING),
            opt("Dimensions", &DIMENSIONS),
            req("StartTime", &TIMESTAMP),
            req("EndTime", &TIMESTAMP),
            req("Period", &INTEGER),
            opt("Statistics", &STRING_LIST),
            opt("ExtendedStatistics", &STRING_LIST),
            opt("Unit", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "ListMetrics",
        summary: "List the metrics that have data, by namespace, name or dimension.",
        input: &[
            opt("Namespace", &STRING),
            opt("MetricName", &STRING),
            opt("Dimensions", &DIMENSION_FILTERS),
            opt("NextToken", &STRING),
            opt("RecentlyActive", &STRING),
            opt("IncludeLinkedAccounts", &BOOLEAN),
            opt("OwningAccount", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "PutMetricAlarm",
        summary: "Create or update an alarm on a metric.",
        input: &[
            req("AlarmName", &STRING),
            opt("AlarmDescription", &STRING),
            opt("ActionsEnabled", &BOOLEAN),
            opt("OKActions", &STRING_LIST),
            opt("AlarmActions", &STRING_LIST),
            opt("InsufficientDataActions", &STRING_LIST),
            opt("MetricName", &STRING),
            opt("Namespace", &STRING),
            opt("Statistic", &STRING),
            opt("ExtendedStatistic", &STRING),
            opt("Dimensions", &DIMENSIONS),
            opt("Period", &INTEGER),
            opt("Unit", &STRING),
            opt("EvaluationPeriods", &INTEGER),
            opt("DatapointsToAlarm", &INTEGER),
            opt("Threshold", &DOUBLE),
            opt("ComparisonOperator", &STRING),
            opt("TreatMissingData", &STRING),
            opt("EvaluateLowSampleCountPercentile", &STRING),
            opt("Metrics", &METRIC_DATA_QUERIES),
            opt("Tags", &TAGS),
            opt("ThresholdMetricId", &STRING),
            opt("EvaluationCriteria", &EVALUATION_CRITERIA),
            opt("EvaluationInterval", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "PutMetricData",
        summary: "Publish datapoints of custom metrics.",
        input: &[
            req("Namespace", &STRING),
            opt("MetricData", &METRIC_DATA),
            opt("StrictEntityValidation", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "SetAlarmState",
        summary: "Set an alarm's state until its next evaluation (for testing actions).",
        input: &[
            req("AlarmName", &STRING),
            req("StateValue", &STRING),
            req("StateReason", &STRING),
            opt("StateReasonData", &STRING),
        ],
        paginator: None,
    },
];

/// `aws cloudwatch wait alarm-exists` and `composite-alarm-exists`: every
/// 5 seconds, 40 times at most.
const WAITERS: &[Waiter] = &[
    Waiter {
        name: "AlarmExists",
        operation: "DescribeAlarms",
        delay: 5,
        max_attempts: 40,
        acceptors: &[Acceptor {
            state: WaiterState::Success,
            matcher: Matcher::Path("length(MetricAlarms[]) > `0`", Expected::Flag(true)),
        }],
    },
    Waiter {
        name: "CompositeAlarmExists",
        operation: "DescribeAlarms",
        delay: 5,
        max_attempts: 40,
        acceptors: &[Acceptor {
            state: WaiterState::Success,
            matcher: Matcher::Path("length(CompositeAlarms[]) > `0`", Expected::Flag(true)),
        }],
    },
];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    DeleteAlarmMuteRule \
    DeleteAlarms \
    DeleteAnomalyDetector \
    DeleteDashboards \
    DeleteInsightRules \
    DeleteMetricStream \
    DescribeAlarmContributors \
    DescribeAlarmHistory \
    DescribeAlarms \
    DescribeAlarmsForMetric \
    DescribeAnomalyDetectors \
    DescribeInsightRules \
    DisableAlarmActions \
    DisableInsightRules \
    EnableAlarmActions \
    EnableInsightRules \
    GetAlarmMuteRule \
    GetDashboard \
    GetInsightRuleReport \
    GetMetricData \
    GetMetricStatistics \
    GetMetricStream \
    GetMetricWidgetImage \
    GetOTelEnrichment \
    ListAlarmMuteRules \
    ListDashboards \
    ListManagedInsightRules \
    ListMetricStreams \
    ListMetrics \
    ListTagsForResource \
    PutAlarmMuteRule \
    PutAnomalyDetector \
    PutCompositeAlarm \
    PutDashboard \
    PutInsightRule \
    PutManagedInsightRules \
    PutMetricAlarm \
    PutMetricData \
    PutMetricStream \
    SetAlarmState \
    StartMetricStreams \
    StartOTelEnrichment \
    StopMetricStreams \
    StopOTelEnrichment \
    TagResource \
    UntagResource";
