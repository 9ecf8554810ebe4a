//! Amazon EC2 Auto Scaling as the CLI sees it: the simulated operations
//! with their input shapes, transcribed from the AWS API model
//! (`autoscaling/2011-01-01/service-2.json`, and `paginators-1.json` for the
//! result keys). Nested structures keep every member the model has;
//! top-level members are those the simulation understands. Auto Scaling
//! has no waiters.

use crate::shell::aws::model::{
    opt, req, Operation, Paginator, Service, Shape, BOOLEAN, DOUBLE, INTEGER, STRING, STRING_LIST,
};

/// `aws autoscaling`.
pub(crate) const SERVICE: Service = Service {
    name: "autoscaling",
    summary: "Amazon EC2 Auto Scaling: groups that launch, replace and scale instances.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: &[],
    unsimulated_waiters: &[],
};

const EBS: Shape = Shape::Structure(&[
    opt("SnapshotId", &STRING),
    opt("VolumeSize", &INTEGER),
    opt("VolumeType", &STRING),
    opt("DeleteOnTermination", &BOOLEAN),
    opt("Iops", &INTEGER),
    opt("Encrypted", &BOOLEAN),
    opt("Throughput", &INTEGER),
]);
const BLOCK_DEVICE_MAPPING: Shape = Shape::Structure(&[
    opt("VirtualName", &STRING),
    req("DeviceName", &STRING),
    opt("Ebs", &EBS),
    opt("NoDevice", &BOOLEAN),
]);
const BLOCK_DEVICE_MAPPINGS: Shape = Shape::List(&BLOCK_DEVICE_MAPPING);
const INSTANCE_MONITORING: Shape = Shape::Structure(&[opt("Enabled", &BOOLEAN)]);
const INSTANCE_METADATA_OPTIONS: Shape = Shape::Structure(&[
    opt("HttpTokens", &STRING),
    opt("HttpPutResponseHopLimit", &INTEGER),
    opt("HttpEndpoint", &STRING),
]);
const LAUNCH_TEMPLATE_SPECIFICATION: Shape = Shape::Structure(&[
    opt("LaunchTemplateId", &STRING),
    opt("LaunchTemplateName", &STRING),
    opt("Version", &STRING),
]);
const TAG: Shape = Shape::Structure(&[
    opt("ResourceId", &STRING),
    opt("ResourceType", &STRING),
    req("Key", &STRING),
    opt("Value", &STRING),
    opt("PropagateAtLaunch", &BOOLEAN),
]);
const TAGS: Shape = Shape::List(&TAG);
const FILTER: Shape = Shape::Structure(&[opt("Name", &STRING), opt("Values", &STRING_LIST)]);
const FILTERS: Shape = Shape::List(&FILTER);
const STEP_ADJUSTMENT: Shape = Shape::Structure(&[
    opt("MetricIntervalLowerBound", &DOUBLE),
    opt("MetricIntervalUpperBound", &DOUBLE),
    req("ScalingAdjustment", &INTEGER),
]);
const STEP_ADJUSTMENTS: Shape = Shape::List(&STEP_ADJUSTMENT);
const PREDEFINED_METRIC_SPECIFICATION: Shape = Shape::Structure(&[
    req("PredefinedMetricType", &STRING),
    opt("ResourceLabel", &STRING),
]);
const METRIC_DIMENSION: Shape = Shape::Structure(&[req("Name", &STRING), req("Value", &STRING)]);
const METRIC_DIMENSIONS: Shape = Shape::List(&METRIC_DIMENSION);
const METRIC: Shape = Shape::Structure(&[
    req("Namespace", &STRING),
    req("MetricName", &STRING),
    opt("Dimensions", &METRIC_DIMENSIONS),
]);
const TARGET_TRACKING_METRIC_STAT: Shape = Shape::Structure(&[
    req("Metric", &METRIC),
    req("Stat", &STRING),
    opt("Unit", &STRING),
    opt("Period", &INTEGER),
]);
const TARGET_TRACKING_METRIC_DATA_QUERY: Shape = Shape::Structure(&[
    req("Id", &STRING),
    opt("Expression", &STRING),
    opt("MetricStat", &TARGET_TRACKING_METRIC_STAT),
    opt("Label", &STRING),
    opt("Period", &INTEGER),
    opt("ReturnData", &BOOLEAN),
]);
const TARGET_TRACKING_METRIC_DATA_QUERIES: Shape = Shape::List(&TARGET_TRACKING_METRIC_DATA_QUERY);
const CUSTOMIZED_METRIC_SPECIFICATION: Shape = Shape::Structure(&[
    opt("MetricName", &STRING),
    opt("Namespace", &STRING),
    opt("Dimensions", &METRIC_DIMENSIONS),
    opt("Statistic", &STRING),
    opt("Unit", &STRING),
    opt("Period", &INTEGER),
    opt("Metrics", &TARGET_TRACKING_METRIC_DATA_QUERIES),
]);
const TARGET_TRACKING_CONFIGURATION: Shape = Shape::Structure(&[
    opt(
        "PredefinedMetricSpecification",
        &PREDEFINED_METRIC_SPECIFICATION,
    ),
    opt(
        "CustomizedMetricSpecification",
        &CUSTOMIZED_METRIC_SPECIFICATION,
    ),
    req("TargetValue", &DOUBLE),
    opt("DisableScaleIn", &BOOLEAN),
]);

/// The operations the sandbox simulates, with their input shapes.
pub(crate) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "CreateLaunchConfiguration",
        summary: "Create a launch configuration (legacy; launch templates are recommended).",
        input: &[
            req("LaunchConfigurationName", &STRING),
            opt("ImageId", &STRING),
            opt("KeyName", &STRING),
            opt("SecurityGroups", &STRING_LIST),
            opt("UserData", &STRING),
            opt("InstanceType", &STRING),
            opt("BlockDeviceMappings", &BLOCK_DEVICE_MAPPINGS),
            opt("InstanceMonitoring", &INSTANCE_MONITORING),
            opt("EbsOptimized", &BOOLEAN),
            opt("AssociatePublicIpAddress", &BOOLEAN),
            opt("MetadataOptions", &INSTANCE_METADATA_OPTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeLaunchConfigurations",
        summary: "Describe launch configurations.",
        input: &[
            opt("LaunchConfigurationNames", &STRING_LIST),
            opt("NextToken", &STRING),
            opt("MaxRecords", &INTEGER),
        ],
        paginator: Paginator::max_records("LaunchConfigurations"),
    },
    Operation {
        name: "DeleteLaunchConfiguration",
        summary: "Delete a launch configuration no group uses.",
        input: &[req("LaunchConfigurationName", &STRING)],
        paginator: None,
    },
    Operation {
        name: "CreateAutoScalingGroup",
        summary: "Create a group that keeps a desired number of instances running.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("LaunchConfigurationName", &STRING),
            opt("LaunchTemplate", &LAUNCH_TEMPLATE_SPECIFICATION),
            req("MinSize", &INTEGER),
            req("MaxSize", &INTEGER),
            opt("DesiredCapacity", &INTEGER),
            opt("DefaultCooldown", &INTEGER),
            opt("AvailabilityZones", &STRING_LIST),
            opt("LoadBalancerNames", &STRING_LIST),
            opt("TargetGroupARNs", &STRING_LIST),
            opt("HealthCheckType", &STRING),
            opt("HealthCheckGracePeriod", &INTEGER),
            opt("VPCZoneIdentifier", &STRING),
            opt("TerminationPolicies", &STRING_LIST),
            opt("NewInstancesProtectedFromScaleIn", &BOOLEAN),
            opt("CapacityRebalance", &BOOLEAN),
            opt("Tags", &TAGS),
            opt("MaxInstanceLifetime", &INTEGER),
            opt("DefaultInstanceWarmup", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "UpdateAutoScalingGroup",
        summary: "Change a group: sizes, launch source, subnets, health checks.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("LaunchConfigurationName", &STRING),
            opt("LaunchTemplate", &LAUNCH_TEMPLATE_SPECIFICATION),
            opt("MinSize", &INTEGER),
            opt("MaxSize", &INTEGER),
            opt("DesiredCapacity", &INTEGER),
            opt("DefaultCooldown", &INTEGER),
            opt("AvailabilityZones", &STRING_LIST),
            opt("HealthCheckType", &STRING),
            opt("HealthCheckGracePeriod", &INTEGER),
            opt("VPCZoneIdentifier", &STRING),
            opt("TerminationPolicies", &STRING_LIST),
            opt("NewInstancesProtectedFromScaleIn", &BOOLEAN),
            opt("MaxInstanceLifetime", &INTEGER),
            opt("CapacityRebalance", &BOOLEAN),
            opt("DefaultInstanceWarmup", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteAutoScalingGroup",
        summary: "Delete a group (--force-delete terminates its instances).",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("ForceDelete", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeAutoScalingGroups",
        summary: "Describe groups and their instances.",
        input: &[
            opt("AutoScalingGroupNames", &STRING_LIST),
            opt("NextToken", &STRING),
            opt("MaxRecords", &INTEGER),
            opt("Filters", &FILTERS),
        ],
        paginator: Paginator::max_records("AutoScalingGroups"),
    },
    Operation {
        name: "DescribeAutoScalingInstances",
        summary: "Describe the instances of groups.",
        input: &[
            opt("InstanceIds", &STRING_LIST),
            opt("MaxRecords", &INTEGER),
            opt("NextToken", &STRING),
        ],
        paginator: Paginator::max_records("AutoScalingInstances"),
    },
    Operation {
        name: "SetDesiredCapacity",
        summary: "Set how many instances a group should run.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            req("DesiredCapacity", &INTEGER),
            opt("HonorCooldown", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "TerminateInstanceInAutoScalingGroup",
        summary: "Terminate one instance of a group, with or without a replacement.",
        input: &[
            req("InstanceId", &STRING),
            req("ShouldDecrementDesiredCapacity", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "SetInstanceHealth",
        summary: "Mark an instance Healthy or Unhealthy (an unhealthy one is replaced).",
        input: &[
            req("InstanceId", &STRING),
            req("HealthStatus", &STRING),
            opt("ShouldRespectGracePeriod", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "SetInstanceProtection",
        summary: "Protect instances from scale-in, or stop protecting them.",
        input: &[
            req("InstanceIds", &STRING_LIST),
            req("AutoScalingGroupName", &STRING),
            req("ProtectedFromScaleIn", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "EnableMetricsCollection",
        summary:
            "Report the group's metrics (GroupDesiredCapacity, ...) to CloudWatch every minute.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("Metrics", &STRING_LIST),
            req("Granularity", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DisableMetricsCollection",
        summary: "Stop reporting the group's metrics.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("Metrics", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "SuspendProcesses",
        summary: "Suspend scaling processes (Launch, Terminate, HealthCheck, ...).",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("ScalingProcesses", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "ResumeProcesses",
        summary: "Resume suspended scaling processes.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("ScalingProcesses", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeScalingActivities",
        summary: "Describe the activities of groups: launches and terminations, and why.",
        input: &[
            opt("ActivityIds", &STRING_LIST),
            opt("AutoScalingGroupName", &STRING),
            opt("IncludeDeletedGroups", &BOOLEAN),
            opt("MaxRecords", &INTEGER),
            opt("NextToken", &STRING),
        ],
        paginator: Paginator::max_records("Activities"),
    },
    Operation {
        name: "PutScalingPolicy",
        summary: "Create or update a simple, step or target tracking scaling policy.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            req("PolicyName", &STRING),
            opt("PolicyType", &STRING),
            opt("AdjustmentType", &STRING),
            opt("MinAdjustmentMagnitude", &INTEGER),
            opt("ScalingAdjustment", &INTEGER),
            opt("Cooldown", &INTEGER),
            opt("MetricAggregationType", &STRING),
            opt("StepAdjustments", &STEP_ADJUSTMENTS),
            opt("EstimatedInstanceWarmup", &INTEGER),
            opt(
                "TargetTrackingConfiguration",
                &TARGET_TRACKING_CONFIGURATION,
            ),
            opt("Enabled", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribePolicies",
        summary: "Describe scaling policies.",
        input: &[
            opt("AutoScalingGroupName", &STRING),
            opt("PolicyNames", &STRING_LIST),
            opt("PolicyTypes", &STRING_LIST),
            opt("NextToken", &STRING),
            opt("MaxRecords", &INTEGER),
        ],
        paginator: Paginator::max_records("ScalingPolicies"),
    },
    Operation {
        name: "DeletePolicy",
        summary: "Delete a scaling policy.",
        input: &[
            opt("AutoScalingGroupName", &STRING),
            req("PolicyName", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "ExecutePolicy",
        summary: "Execute a scaling policy now.",
        input: &[
            opt("AutoScalingGroupName", &STRING),
            req("PolicyName", &STRING),
            opt("HonorCooldown", &BOOLEAN),
            opt("MetricValue", &DOUBLE),
            opt("BreachThreshold", &DOUBLE),
        ],
        paginator: None,
    },
    Operation {
        name: "AttachLoadBalancerTargetGroups",
        summary: "Attach target groups: the group's instances are registered with them.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            req("TargetGroupARNs", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DetachLoadBalancerTargetGroups",
        summary: "Detach target groups: the group's instances are deregistered.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            req("TargetGroupARNs", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeLoadBalancerTargetGroups",
        summary: "Describe the target groups attached to a group.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("NextToken", &STRING),
            opt("MaxRecords", &INTEGER),
        ],
        paginator: Paginator::max_records("LoadBalancerTargetGroups"),
    },
    Operation {
        name: "AttachLoadBalancers",
        summary: "Attach Classic Load Balancers: the group's instances are registered with them.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            req("LoadBalancerNames", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DetachLoadBalancers",
        summary: "Detach Classic Load Balancers: the group's instances are deregistered.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            req("LoadBalancerNames", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeLoadBalancers",
        summary: "Describe the Classic Load Balancers attached to a group.",
        input: &[
            req("AutoScalingGroupName", &STRING),
            opt("NextToken", &STRING),
            opt("MaxRecords", &INTEGER),
        ],
        paginator: Paginator::max_records("LoadBalancers"),
    },
    Operation {
        name: "DescribeScalingProcessTypes",
        summary: "List the scaling processes.",
        input: &[],
        paginator: None,
    },
    Operation {
        name: "DescribeTerminationPolicyTypes",
        summary: "List the termination policies.",
        input: &[],
        paginator: None,
    },
    Operation {
        name: "DescribeAdjustmentTypes",
        summary: "List the adjustment types of scaling policies.",
        input: &[],
        paginator: None,
    },
];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    AttachInstances \
    AttachLoadBalancerTargetGroups \
    AttachLoadBalancers \
    AttachTrafficSources \
    BatchDeleteScheduledAction \
    BatchPutScheduledUpdateGroupAction \
    CancelInstanceRefresh \
    CompleteLifecycleAction \
    CreateAutoScalingGroup \
    CreateLaunchConfiguration \
    CreateOrUpdateTags \
    DeleteAutoScalingGroup \
    DeleteLaunchConfiguration \
    DeleteLifecycleHook \
    DeleteNotificationConfiguration \
    DeletePolicy \
    DeleteScheduledAction \
    DeleteTags \
    DeleteWarmPool \
    DescribeAccountLimits \
    DescribeAdjustmentTypes \
    DescribeAutoScalingGroups \
    DescribeAutoScalingInstances \
    DescribeAutoScalingNotificationTypes \
    DescribeInstanceRefreshes \
    DescribeLaunchConfigurations \
    DescribeLifecycleHookTypes \
    DescribeLifecycleHooks \
    DescribeLoadBalancerTargetGroups \
    DescribeLoadBalancers \
    DescribeMetricCollectionTypes \
    DescribeNotificationConfigurations \
    DescribePolicies \
    DescribeScalingActivities \
    DescribeScalingProcessTypes \
    DescribeScheduledActions \
    DescribeTags \
    DescribeTerminationPolicyTypes \
    DescribeTrafficSources \
    DescribeWarmPool \
    DetachInstances \
    DetachLoadBalancerTargetGroups \
    DetachLoadBalancers \
    DetachTrafficSources \
    DisableMetricsCollection \
    EnableMetricsCollection \
    EnterStandby \
    ExecutePolicy \
    ExitStandby \
    GetPredictiveScalingForecast \
    LaunchInstances \
    PutLifecycleHook \
    PutNotificationConfiguration \
    PutScalingPolicy \
    PutScheduledUpdateGroupAction \
    PutWarmPool \
    RecordLifecycleActionHeartbeat \
    ResumeProcesses \
    RollbackInstanceRefresh \
    SetDesiredCapacity \
    SetInstanceHealth \
    SetInstanceProtection \
    StartInstanceRefresh \
    SuspendProcesses \
    TerminateInstanceInAutoScalingGroup \
    UpdateAutoScalingGroup";
