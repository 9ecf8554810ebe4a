//! Classic Load Balancers as the CLI sees them (`aws elb`): the simulated
//! operations with their input shapes and the waiters, transcribed from
//! the AWS API model (`elb/2012-06-01/service-2.json` and
//! `waiters-2.json`).

use crate::shell::aws::model::{
    opt, req, Acceptor, Expected, Matcher, Operation, Service, Shape, Waiter, WaiterState, BOOLEAN,
    INTEGER, STRING, STRING_LIST,
};

/// `aws elb`.
pub(crate) const SERVICE: Service = Service {
    name: "elb",
    summary: "Elastic Load Balancing: Classic Load Balancers.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: WAITERS,
    unsimulated_waiters: &[],
};

const fn when(state: WaiterState, matcher: Matcher) -> Acceptor {
    Acceptor { state, matcher }
}

use Expected::Text;
use Matcher::{Error, PathAll, PathAny};
use WaiterState::{Retry, Success};

const INSTANCE_STATES: &str = "InstanceStates[].State";

/// The waiters of `aws elb wait` (botocore's waiters-2.json).
const WAITERS: &[Waiter] = &[
    Waiter {
        name: "AnyInstanceInService",
        operation: "DescribeInstanceHealth",
        delay: 15,
        max_attempts: 40,
        acceptors: &[when(Success, PathAny(INSTANCE_STATES, Text("InService")))],
    },
    Waiter {
        name: "InstanceDeregistered",
        operation: "DescribeInstanceHealth",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(INSTANCE_STATES, Text("OutOfService"))),
            when(Success, Error("InvalidInstance")),
        ],
    },
    Waiter {
        name: "InstanceInService",
        operation: "DescribeInstanceHealth",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(INSTANCE_STATES, Text("InService"))),
            when(Retry, Error("InvalidInstance")),
        ],
    },
];

const LISTENER: Shape = Shape::Structure(&[
    req("Protocol", &STRING),
    req("LoadBalancerPort", &INTEGER),
    opt("InstanceProtocol", &STRING),
    req("InstancePort", &INTEGER),
    opt("SSLCertificateId", &STRING),
]);

const LISTENERS: Shape = Shape::List(&LISTENER);

const INSTANCE: Shape = Shape::Structure(&[opt("InstanceId", &STRING)]);

const INSTANCES: Shape = Shape::List(&INSTANCE);

const HEALTH_CHECK: Shape = Shape::Structure(&[
    req("Target", &STRING),
    req("Interval", &INTEGER),
    req("Timeout", &INTEGER),
    req("UnhealthyThreshold", &INTEGER),
    req("HealthyThreshold", &INTEGER),
]);

const PORTS: Shape = Shape::List(&INTEGER);

const CROSS_ZONE_LOAD_BALANCING: Shape = Shape::Structure(&[req("Enabled", &BOOLEAN)]);

const ACCESS_LOG: Shape = Shape::Structure(&[
    req("Enabled", &BOOLEAN),
    opt("S3BucketName", &STRING),
    opt("EmitInterval", &INTEGER),
    opt("S3BucketPrefix", &STRING),
]);

const CONNECTION_DRAINING: Shape =
    Shape::Structure(&[req("Enabled", &BOOLEAN), opt("Timeout", &INTEGER)]);

const CONNECTION_SETTINGS: Shape = Shape::Structure(&[req("IdleTimeout", &INTEGER)]);

const ADDITIONAL_ATTRIBUTE: Shape = Shape::Structure(&[opt("Key", &STRING), opt("Value", &STRING)]);

const ADDITIONAL_ATTRIBUTES: Shape = Shape::List(&ADDITIONAL_ATTRIBUTE);

const LOAD_BALANCER_ATTRIBUTES: Shape = Shape::Structure(&[
    opt("CrossZoneLoadBalancing", &CROSS_ZONE_LOAD_BALANCING),
    opt("AccessLog", &ACCESS_LOG),
    opt("ConnectionDraining", &CONNECTION_DRAINING),
    opt("ConnectionSettings", &CONNECTION_SETTINGS),
    opt("AdditionalAttributes", &ADDITIONAL_ATTRIBUTES),
]);

/// The operations the sandbox simulates, with their input shapes. The
/// service pages with `Marker`/`PageSize`, which the CLI passes through as
/// plain options.
pub(crate) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "CreateLoadBalancer",
        summary: "Create a Classic Load Balancer.",
        input: &[
            req("LoadBalancerName", &STRING),
            req("Listeners", &LISTENERS),
            opt("AvailabilityZones", &STRING_LIST),
            opt("Subnets", &STRING_LIST),
            opt("SecurityGroups", &STRING_LIST),
            opt("Scheme", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeLoadBalancers",
        summary: "Describe Classic Load Balancers.",
        input: &[
            opt("LoadBalancerNames", &STRING_LIST),
            opt("Marker", &STRING),
            opt("PageSize", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteLoadBalancer",
        summary: "Delete a Classic Load Balancer.",
        input: &[req("LoadBalancerName", &STRING)],
        paginator: None,
    },
    Operation {
        name: "RegisterInstancesWithLoadBalancer",
        summary: "Register instances with a Classic Load Balancer.",
        input: &[
            req("LoadBalancerName", &STRING),
            req("Instances", &INSTANCES),
        ],
        paginator: None,
    },
    Operation {
        name: "DeregisterInstancesFromLoadBalancer",
        summary: "Deregister instances from a Classic Load Balancer.",
        input: &[
            req("LoadBalancerName", &STRING),
            req("Instances", &INSTANCES),
        ],
        paginator: None,
    },
    Operation {
        name: "ConfigureHealthCheck",
        summary: "Set the health check of a Classic Load Balancer.",
        input: &[
            req("LoadBalancerName", &STRING),
            req("HealthCheck", &HEALTH_CHECK),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeInstanceHealth",
        summary: "Show the state of registered instances.",
        input: &[
            req("LoadBalancerName", &STRING),
            opt("Instances", &INSTANCES),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateLoadBalancerListeners",
        summary: "Add listeners to a Classic Load Balancer.",
        input: &[
            req("LoadBalancerName", &STRING),
            req("Listeners", &LISTENERS),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteLoadBalancerListeners",
        summary: "Remove listeners from a Classic Load Balancer.",
        input: &[
            req("LoadBalancerName", &STRING),
            req("LoadBalancerPorts", &PORTS),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeLoadBalancerAttributes",
        summary: "Show a Classic Load Balancer's attributes.",
        input: &[req("LoadBalancerName", &STRING)],
        paginator: None,
    },
    Operation {
        name: "ModifyLoadBalancerAttributes",
        summary: "Change a Classic Load Balancer's attributes.",
        input: &[
            req("LoadBalancerName", &STRING),
            req("LoadBalancerAttributes", &LOAD_BALANCER_ATTRIBUTES),
        ],
        paginator: None,
    },
];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    AddTags \
    ApplySecurityGroupsToLoadBalancer \
    AttachLoadBalancerToSubnets \
    ConfigureHealthCheck \
    CreateAppCookieStickinessPolicy \
    CreateLBCookieStickinessPolicy \
    CreateLoadBalancer \
    CreateLoadBalancerListeners \
    CreateLoadBalancerPolicy \
    DeleteLoadBalancer \
    DeleteLoadBalancerListeners \
    DeleteLoadBalancerPolicy \
    DeregisterInstancesFromLoadBalancer \
    DescribeAccountLimits \
    DescribeInstanceHealth \
    DescribeLoadBalancerAttributes \
    DescribeLoadBalancerPolicies \
    DescribeLoadBalancerPolicyTypes \
    DescribeLoadBalancers \
    DescribeTags \
    DetachLoadBalancerFromSubnets \
    DisableAvailabilityZonesForLoadBalancer \
    EnableAvailabilityZonesForLoadBalancer \
    ModifyLoadBalancerAttributes \
    RegisterInstancesWithLoadBalancer \
    RemoveTags \
    SetLoadBalancerListenerSSLCertificate \
    SetLoadBalancerPoliciesForBackendServer \
    SetLoadBalancerPoliciesOfListener";
