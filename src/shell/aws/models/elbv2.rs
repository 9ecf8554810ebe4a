//! Elastic Load Balancing v2 (Application and Network Load Balancers) as
//! the CLI sees it: the simulated operations with their input shapes and
//! the waiters, transcribed from the AWS API model
//! (`elbv2/2015-12-01/service-2.json` and `waiters-2.json`). Nested
//! structures keep every member the model has (maps apart, which the CLI
//! model has no shape for); top-level members are those the simulation
//! understands.

use crate::shell::aws::model::{
    opt, req, Acceptor, Expected, Matcher, Operation, Service, Shape, Waiter, WaiterState, BOOLEAN,
    INTEGER, STRING, STRING_LIST,
};

/// `aws elbv2`.
pub(crate) const SERVICE: Service = Service {
    name: "elbv2",
    summary: "Elastic Load Balancing: Application and Network Load Balancers, target groups, listeners and rules.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: WAITERS,
    unsimulated_waiters: &[],
};

const fn when(state: WaiterState, matcher: Matcher) -> Acceptor {
    Acceptor { state, matcher }
}

use Expected::Text;
use Matcher::{Error, PathAll, PathAny, Status};
use WaiterState::{Retry, Success};

const LOAD_BALANCER_STATES: &str = "LoadBalancers[].State.Code";

const TARGET_STATES: &str = "TargetHealthDescriptions[].TargetHealth.State";

/// The waiters of `aws elbv2 wait` (botocore's waiters-2.json).
const WAITERS: &[Waiter] = &[
    Waiter {
        name: "LoadBalancerAvailable",
        operation: "DescribeLoadBalancers",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(LOAD_BALANCER_STATES, Text("active"))),
            when(Retry, PathAny(LOAD_BALANCER_STATES, Text("provisioning"))),
            when(Retry, Error("LoadBalancerNotFound")),
        ],
    },
    Waiter {
        name: "LoadBalancerExists",
        operation: "DescribeLoadBalancers",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, Status(200)),
            when(Retry, Error("LoadBalancerNotFound")),
        ],
    },
    Waiter {
        name: "LoadBalancersDeleted",
        operation: "DescribeLoadBalancers",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Retry, PathAll(LOAD_BALANCER_STATES, Text("active"))),
            when(Success, Error("LoadBalancerNotFound")),
        ],
    },
    Waiter {
        name: "TargetDeregistered",
        operation: "DescribeTargetHealth",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, Error("InvalidTarget")),
            when(Success, PathAll(TARGET_STATES, Text("unused"))),
        ],
    },
    Waiter {
        name: "TargetInService",
        operation: "DescribeTargetHealth",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(TARGET_STATES, Text("healthy"))),
            when(Retry, Error("InvalidInstance")),
        ],
    },
];

const SUBNET_MAPPING: Shape = Shape::Structure(&[
    opt("SubnetId", &STRING),
    opt("AllocationId", &STRING),
    opt("PrivateIPv4Address", &STRING),
    opt("IPv6Address", &STRING),
    opt("SourceNatIpv6Prefix", &STRING),
]);

const SUBNET_MAPPINGS: Shape = Shape::List(&SUBNET_MAPPING);

const LOAD_BALANCER_ATTRIBUTE: Shape =
    Shape::Structure(&[opt("Key", &STRING), opt("Value", &STRING)]);

const LOAD_BALANCER_ATTRIBUTES: Shape = Shape::List(&LOAD_BALANCER_ATTRIBUTE);

const MATCHER: Shape = Shape::Structure(&[opt("HttpCode", &STRING), opt("GrpcCode", &STRING)]);

const TARGET_GROUP_ATTRIBUTE: Shape =
    Shape::Structure(&[opt("Key", &STRING), opt("Value", &STRING)]);

const TARGET_GROUP_ATTRIBUTES: Shape = Shape::List(&TARGET_GROUP_ATTRIBUTE);

const TARGET_DESCRIPTION: Shape = Shape::Structure(&[
    req("Id", &STRING),
    opt("Port", &INTEGER),
    opt("AvailabilityZone", &STRING),
    opt("QuicServerId", &STRING),
]);

const TARGET_DESCRIPTIONS: Shape = Shape::List(&TARGET_DESCRIPTION);

const CERTIFICATE: Shape =
    Shape::Structure(&[opt("CertificateArn", &STRING), opt("IsDefault", &BOOLEAN)]);

const CERTIFICATE_LIST: Shape = Shape::List(&CERTIFICATE);

const AUTHENTICATE_OIDC_ACTION_CONFIG: Shape = Shape::Structure(&[
    req("Issuer", &STRING),
    req("AuthorizationEndpoint", &STRING),
    req("TokenEndpoint", &STRING),
    req("UserInfoEndpoint", &STRING),
    req("ClientId", &STRING),
    opt("ClientSecret", &STRING),
    opt("SessionCookieName", &STRING),
    opt("Scope", &STRING),
    opt("SessionTimeout", &INTEGER),
    opt("OnUnauthenticatedRequest", &STRING),
    opt("UseExistingClientSecret", &BOOLEAN),
]);

const AUTHENTICATE_COGNITO_ACTION_CONFIG: Shape = Shape::Structure(&[
    req("UserPoolArn", &STRING),
    req("UserPoolClientId", &STRING),
    req("UserPoolDomain", &STRING),
    opt("SessionCookieName", &STRING),
    opt("Scope", &STRING),
    opt("SessionTimeout", &INTEGER),
    opt("OnUnauthenticatedRequest", &STRING),
]);

const REDIRECT_ACTION_CONFIG: Shape = Shape::Structure(&[
    opt("Protocol", &STRING),
    opt("Port", &STRING),
    opt("Host", &STRING),
    opt("Path", &STRING),
    opt("Query", &STRING),
    req("StatusCode", &STRING),
]);

const FIXED_RESPONSE_ACTION_CONFIG: Shape = Shape::Structure(&[
    opt("MessageBody", &STRING),
    req("StatusCode", &STRING),
    opt("ContentType", &STRING),
]);

const TARGET_GROUP_TUPLE: Shape =
    Shape::Structure(&[opt("TargetGroupArn", &STRING), opt("Weight", &INTEGER)]);

const TARGET_GROUP_LIST: Shape = Shape::List(&TARGET_GROUP_TUPLE);

const TARGET_GROUP_STICKINESS_CONFIG: Shape =
    Shape::Structure(&[opt("Enabled", &BOOLEAN), opt("DurationSeconds", &INTEGER)]);

const FORWARD_ACTION_CONFIG: Shape = Shape::Structure(&[
    opt("TargetGroups", &TARGET_GROUP_LIST),
    opt(
        "TargetGroupStickinessConfig",
        &TARGET_GROUP_STICKINESS_CONFIG,
    ),
]);

const JWT_VALIDATION_ACTION_ADDITIONAL_CLAIM: Shape = Shape::Structure(&[
    req("Format", &STRING),
    req("Name", &STRING),
    req("Values", &STRING_LIST),
]);

const JWT_VALIDATION_ACTION_ADDITIONAL_CLAIMS: Shape =
    Shape::List(&JWT_VALIDATION_ACTION_ADDITIONAL_CLAIM);

const JWT_VALIDATION_ACTION_CONFIG: Shape = Shape::Structure(&[
    req("JwksEndpoint", &STRING),
    req("Issuer", &STRING),
    opt("AdditionalClaims", &JWT_VALIDATION_ACTION_ADDITIONAL_CLAIMS),
]);

const ACTION: Shape = Shape::Structure(&[
    req("Type", &STRING),
    opt("TargetGroupArn", &STRING),
    opt("AuthenticateOidcConfig", &AUTHENTICATE_OIDC_ACTION_CONFIG),
    opt(
        "AuthenticateCognitoConfig",
        &AUTHENTICATE_COGNITO_ACTION_CONFIG,
    ),
    opt("Order", &INTEGER),
    opt("RedirectConfig", &REDIRECT_ACTION_CONFIG),
    opt("FixedResponseConfig", &FIXED_RESPONSE_ACTION_CONFIG),
    opt("ForwardConfig", &FORWARD_ACTION_CONFIG),
    opt("JwtValidationConfig", &JWT_VALIDATION_ACTION_CONFIG),
]);

const ACTIONS: Shape = Shape::List(&ACTION);

const HOST_HEADER_CONDITION_CONFIG: Shape = Shape::Structure(&[
    opt("Values", &STRING_LIST),
    opt("RegexValues", &STRING_LIST),
]);

const PATH_PATTERN_CONDITION_CONFIG: Shape = Shape::Structure(&[
    opt("Values", &STRING_LIST),
    opt("RegexValues", &STRING_LIST),
]);

const HTTP_HEADER_CONDITION_CONFIG: Shape = Shape::Structure(&[
    opt("HttpHeaderName", &STRING),
    opt("Values", &STRING_LIST),
    opt("RegexValues", &STRING_LIST),
]);

const QUERY_STRING_KEY_VALUE_PAIR: Shape =
    Shape::Structure(&[opt("Key", &STRING), opt("Value", &STRING)]);

const QUERY_STRING_KEY_VALUE_PAIR_LIST: Shape = Shape::List(&QUERY_STRING_KEY_VALUE_PAIR);

const QUERY_STRING_CONDITION_CONFIG: Shape =
    Shape::Structure(&[opt("Values", &QUERY_STRING_KEY_VALUE_PAIR_LIST)]);

const HTTP_REQUEST_METHOD_CONDITION_CONFIG: Shape =
    Shape::Structure(&[opt("Values", &STRING_LIST)]);

const SOURCE_IP_CONDITION_CONFIG: Shape = Shape::Structure(&[opt("Values", &STRING_LIST)]);

const RULE_CONDITION: Shape = Shape::Structure(&[
    opt("Field", &STRING),
    opt("Values", &STRING_LIST),
    opt("HostHeaderConfig", &HOST_HEADER_CONDITION_CONFIG),
    opt("PathPatternConfig", &PATH_PATTERN_CONDITION_CONFIG),
    opt("HttpHeaderConfig", &HTTP_HEADER_CONDITION_CONFIG),
    opt("QueryStringConfig", &QUERY_STRING_CONDITION_CONFIG),
    opt(
        "HttpRequestMethodConfig",
        &HTTP_REQUEST_METHOD_CONDITION_CONFIG,
    ),
    opt("SourceIpConfig", &SOURCE_IP_CONDITION_CONFIG),
    opt("RegexValues", &STRING_LIST),
]);

const RULE_CONDITION_LIST: Shape = Shape::List(&RULE_CONDITION);

const RULE_PRIORITY_PAIR: Shape =
    Shape::Structure(&[opt("RuleArn", &STRING), opt("Priority", &INTEGER)]);

const RULE_PRIORITY_LIST: Shape = Shape::List(&RULE_PRIORITY_PAIR);

/// The operations the sandbox simulates, with their input shapes. The
/// service pages with `Marker`/`PageSize`, which the CLI passes through as
/// plain options.
pub(crate) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "CreateLoadBalancer",
        summary: "Create an Application or Network Load Balancer.",
        input: &[
            req("Name", &STRING),
            opt("Subnets", &STRING_LIST),
            opt("SubnetMappings", &SUBNET_MAPPINGS),
            opt("SecurityGroups", &STRING_LIST),
            opt("Scheme", &STRING),
            opt("Type", &STRING),
            opt("IpAddressType", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeLoadBalancers",
        summary: "Describe load balancers.",
        input: &[
            opt("LoadBalancerArns", &STRING_LIST),
            opt("Names", &STRING_LIST),
            opt("Marker", &STRING),
            opt("PageSize", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteLoadBalancer",
        summary: "Delete a load balancer and its listeners.",
        input: &[req("LoadBalancerArn", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DescribeLoadBalancerAttributes",
        summary: "Show a load balancer's attributes.",
        input: &[req("LoadBalancerArn", &STRING)],
        paginator: None,
    },
    Operation {
        name: "ModifyLoadBalancerAttributes",
        summary: "Change a load balancer's attributes.",
        input: &[
            req("LoadBalancerArn", &STRING),
            req("Attributes", &LOAD_BALANCER_ATTRIBUTES),
        ],
        paginator: None,
    },
    Operation {
        name: "SetSecurityGroups",
        summary: "Replace a load balancer's security groups.",
        input: &[
            req("LoadBalancerArn", &STRING),
            req("SecurityGroups", &STRING_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateTargetGroup",
        summary: "Create a target group.",
        input: &[
            req("Name", &STRING),
            opt("Protocol", &STRING),
            opt("ProtocolVersion", &STRING),
            opt("Port", &INTEGER),
            opt("VpcId", &STRING),
            opt("HealthCheckProtocol", &STRING),
            opt("HealthCheckPort", &STRING),
            opt("HealthCheckEnabled", &BOOLEAN),
            opt("HealthCheckPath", &STRING),
            opt("HealthCheckIntervalSeconds", &INTEGER),
            opt("HealthCheckTimeoutSeconds", &INTEGER),
            opt("HealthyThresholdCount", &INTEGER),
            opt("UnhealthyThresholdCount", &INTEGER),
            opt("Matcher", &MATCHER),
            opt("TargetType", &STRING),
            opt("IpAddressType", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeTargetGroups",
        summary: "Describe target groups.",
        input: &[
            opt("LoadBalancerArn", &STRING),
            opt("TargetGroupArns", &STRING_LIST),
            opt("Names", &STRING_LIST),
            opt("Marker", &STRING),
            opt("PageSize", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "ModifyTargetGroup",
        summary: "Change a target group's health checks.",
        input: &[
            req("TargetGroupArn", &STRING),
            opt("HealthCheckProtocol", &STRING),
            opt("HealthCheckPort", &STRING),
            opt("HealthCheckPath", &STRING),
            opt("HealthCheckEnabled", &BOOLEAN),
            opt("HealthCheckIntervalSeconds", &INTEGER),
            opt("HealthCheckTimeoutSeconds", &INTEGER),
            opt("HealthyThresholdCount", &INTEGER),
            opt("UnhealthyThresholdCount", &INTEGER),
            opt("Matcher", &MATCHER),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteTargetGroup",
        summary: "Delete a target group.",
        input: &[req("TargetGroupArn", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DescribeTargetGroupAttributes",
        summary: "Show a target group's attributes.",
        input: &[req("TargetGroupArn", &STRING)],
        paginator: None,
    },
    Operation {
        name: "ModifyTargetGroupAttributes",
        summary: "Change a target group's attributes.",
        input: &[
            req("TargetGroupArn", &STRING),
            req("Attributes", &TARGET_GROUP_ATTRIBUTES),
        ],
        paginator: None,
    },
    Operation {
        name: "RegisterTargets",
        summary: "Register targets with a target group.",
        input: &[
            req("TargetGroupArn", &STRING),
            req("Targets", &TARGET_DESCRIPTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "DeregisterTargets",
        summary: "Deregister targets from a target group.",
        input: &[
            req("TargetGroupArn", &STRING),
            req("Targets", &TARGET_DESCRIPTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeTargetHealth",
        summary: "Show the health of a target group's targets.",
        input: &[
            req("TargetGroupArn", &STRING),
            opt("Targets", &TARGET_DESCRIPTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateListener",
        summary: "Create a listener for a load balancer.",
        input: &[
            req("LoadBalancerArn", &STRING),
            opt("Protocol", &STRING),
            opt("Port", &INTEGER),
            opt("Certificates", &CERTIFICATE_LIST),
            req("DefaultActions", &ACTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeListeners",
        summary: "Describe listeners.",
        input: &[
            opt("LoadBalancerArn", &STRING),
            opt("ListenerArns", &STRING_LIST),
            opt("Marker", &STRING),
            opt("PageSize", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "ModifyListener",
        summary: "Change a listener's port, protocol or default actions.",
        input: &[
            req("ListenerArn", &STRING),
            opt("Port", &INTEGER),
            opt("Protocol", &STRING),
            opt("Certificates", &CERTIFICATE_LIST),
            opt("DefaultActions", &ACTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteListener",
        summary: "Delete a listener and its rules.",
        input: &[req("ListenerArn", &STRING)],
        paginator: None,
    },
    Operation {
        name: "CreateRule",
        summary: "Create a listener rule.",
        input: &[
            req("ListenerArn", &STRING),
            req("Conditions", &RULE_CONDITION_LIST),
            req("Priority", &INTEGER),
            req("Actions", &ACTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeRules",
        summary: "Describe listener rules.",
        input: &[
            opt("ListenerArn", &STRING),
            opt("RuleArns", &STRING_LIST),
            opt("Marker", &STRING),
            opt("PageSize", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "ModifyRule",
        summary: "Change a rule's conditions or actions.",
        input: &[
            req("RuleArn", &STRING),
            opt("Conditions", &RULE_CONDITION_LIST),
            opt("Actions", &ACTIONS),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteRule",
        summary: "Delete a rule.",
        input: &[req("RuleArn", &STRING)],
        paginator: None,
    },
    Operation {
        name: "SetRulePriorities",
        summary: "Set the priorities of rules.",
        input: &[req("RulePriorities", &RULE_PRIORITY_LIST)],
        paginator: None,
    },
];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    AddListenerCertificates \
    AddTags \
    AddTrustStoreRevocations \
    CreateListener \
    CreateLoadBalancer \
    CreateRule \
    CreateTargetGroup \
    CreateTrustStore \
    DeleteListener \
    DeleteLoadBalancer \
    DeleteRule \
    DeleteSharedTrustStoreAssociation \
    DeleteTargetGroup \
    DeleteTrustStore \
    DeregisterTargets \
    DescribeAccountLimits \
    DescribeCapacityReservation \
    DescribeListenerAttributes \
    DescribeListenerCertificates \
    DescribeListeners \
    DescribeLoadBalancerAttributes \
    DescribeLoadBalancers \
    DescribeRules \
    DescribeSSLPolicies \
    DescribeTags \
    DescribeTargetGroupAttributes \
    DescribeTargetGroups \
    DescribeTargetHealth \
    DescribeTrustStoreAssociations \
    DescribeTrustStoreRevocations \
    DescribeTrustStores \
    GetResourcePolicy \
    GetTrustStoreCaCertificatesBundle \
    GetTrustStoreRevocationContent \
    ModifyCapacityReservation \
    ModifyIpPools \
    ModifyListener \
    ModifyListenerAttributes \
    ModifyLoadBalancerAttributes \
    ModifyRule \
    ModifyTargetGroup \
    ModifyTargetGroupAttributes \
    ModifyTrustStore \
    RegisterTargets \
    RemoveListenerCertificates \
    RemoveTags \
    RemoveTrustStoreRevocations \
    SetIpAddressType \
    SetRulePriorities \
    SetSecurityGroups \
    SetSubnets";
