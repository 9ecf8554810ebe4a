//! Amazon ECS as the CLI sees it (`aws ecs`): the simulated operations with
//! their input shapes and the waiters, transcribed from the AWS API model
//! (`ecs/2014-11-13/service-2.json` and `waiters-2.json`). Members are
//! camelCase there, so options are `--cluster-name`, `--task-definition`,
//! `--container-definitions` and so on. The List operations page with
//! camelCase `nextToken`/`maxResults` (`paginators-1.json`), which the CLI
//! follows as it does every paginator.

use crate::shell::aws::model::{
    opt, req, Acceptor, Expected, Matcher, Member, Operation, Paginator, Service, Shape, Waiter,
    WaiterState, BOOLEAN, INTEGER, STRING, STRING_LIST,
};

/// `aws ecs`.
pub(crate) const SERVICE: Service = Service {
    name: "ecs",
    summary: "Amazon Elastic Container Service: clusters, task definitions, tasks and services on EC2 container instances.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: WAITERS,
    unsimulated_waiters: &[],
};

const fn when(state: WaiterState, matcher: Matcher) -> Acceptor {
    Acceptor { state, matcher }
}

use Expected::{Flag, Text};
use Matcher::{Path, PathAll, PathAny};
use WaiterState::{Failure, Success};

/// The waiters of `aws ecs wait` (botocore's waiters-2.json).
const WAITERS: &[Waiter] = &[
    Waiter {
        name: "ServicesInactive",
        operation: "DescribeServices",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Failure, PathAny("failures[].reason", Text("MISSING"))),
            when(Success, PathAny("services[].status", Text("INACTIVE"))),
        ],
    },
    Waiter {
        name: "ServicesStable",
        operation: "DescribeServices",
        delay: 15,
        max_attempts: 120,
        acceptors: &[
            when(Failure, PathAny("failures[].reason", Text("MISSING"))),
            when(Failure, PathAny("services[].status", Text("DRAINING"))),
            when(Failure, PathAny("services[].status", Text("INACTIVE"))),
            when(
                Success,
                Path(
                    "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
                    Flag(true),
                ),
            ),
        ],
    },
    Waiter {
        name: "TasksRunning",
        operation: "DescribeTasks",
        delay: 6,
        max_attempts: 100,
        acceptors: &[
            when(Failure, PathAny("tasks[].lastStatus", Text("STOPPED"))),
            when(Failure, PathAny("failures[].reason", Text("MISSING"))),
            when(Success, PathAll("tasks[].lastStatus", Text("RUNNING"))),
        ],
    },
    Waiter {
        name: "TasksStopped",
        operation: "DescribeTasks",
        delay: 6,
        max_attempts: 100,
        acceptors: &[when(Success, PathAll("tasks[].lastStatus", Text("STOPPED")))],
    },
];

const TAG: Shape = Shape::Structure(&[opt("key", &STRING), opt("value", &STRING)]);
const TAGS: Shape = Shape::List(&TAG);
const SETTING: Shape = Shape::Structure(&[opt("name", &STRING), opt("value", &STRING)]);
const SETTINGS: Shape = Shape::List(&SETTING);

const PORT_MAPPING: Shape = Shape::Structure(&[
    opt("containerPort", &INTEGER),
    opt("hostPort", &INTEGER),
    opt("protocol", &STRING),
]);
const PORT_MAPPINGS: Shape = Shape::List(&PORT_MAPPING);
const CONTAINER_DEFINITION: Shape = Shape::Structure(&[
    opt("name", &STRING),
    opt("image", &STRING),
    opt("cpu", &INTEGER),
    opt("memory", &INTEGER),
    opt("memoryReservation", &INTEGER),
    opt("portMappings", &PORT_MAPPINGS),
    opt("essential", &BOOLEAN),
]);
const CONTAINER_DEFINITIONS: Shape = Shape::List(&CONTAINER_DEFINITION);

const LOAD_BALANCER: Shape = Shape::Structure(&[
    opt("targetGroupArn", &STRING),
    opt("loadBalancerName", &STRING),
    opt("containerName", &STRING),
    opt("containerPort", &INTEGER),
]);
const LOAD_BALANCERS: Shape = Shape::List(&LOAD_BALANCER);

const fn op(name: &'static str, summary: &'static str, input: &'static [Member]) -> Operation {
    Operation {
        name,
        summary,
        input,
        paginator: None,
    }
}

/// A List operation, which the CLI pages by `nextToken` and `maxResults`,
/// joining the `result_key` lists.
const fn list(
    name: &'static str,
    summary: &'static str,
    input: &'static [Member],
    result_key: &'static str,
) -> Operation {
    Operation {
        name,
        summary,
        input,
        paginator: Some(Paginator {
            input_token: "nextToken",
            output_token: "nextToken",
            limit_key: "maxResults",
            result_key,
        }),
    }
}

/// The operations the sandbox simulates, with their input shapes.
pub(crate) const OPERATIONS: &[Operation] = &[
    op(
        "CreateCluster",
        "Create a cluster.",
        &[
            opt("clusterName", &STRING),
            opt("tags", &TAGS),
            opt("settings", &SETTINGS),
            opt("capacityProviders", &STRING_LIST),
        ],
    ),
    op(
        "DescribeClusters",
        "Describe clusters.",
        &[opt("clusters", &STRING_LIST), opt("include", &STRING_LIST)],
    ),
    list(
        "ListClusters",
        "List the clusters.",
        &[opt("nextToken", &STRING), opt("maxResults", &INTEGER)],
        "clusterArns",
    ),
    op(
        "DeleteCluster",
        "Delete a cluster.",
        &[req("cluster", &STRING)],
    ),
    list(
        "ListContainerInstances",
        "List a cluster's container instances.",
        &[
            opt("cluster", &STRING),
            opt("filter", &STRING),
            opt("nextToken", &STRING),
            opt("maxResults", &INTEGER),
            opt("status", &STRING),
        ],
        "containerInstanceArns",
    ),
    op(
        "DescribeContainerInstances",
        "Describe container instances.",
        &[
            opt("cluster", &STRING),
            req("containerInstances", &STRING_LIST),
            opt("include", &STRING_LIST),
        ],
    ),
    op(
        "DeregisterContainerInstance",
        "Deregister a container instance.",
        &[
            opt("cluster", &STRING),
            req("containerInstance", &STRING),
            opt("force", &BOOLEAN),
        ],
    ),
    op(
        "RegisterTaskDefinition",
        "Register a task definition revision.",
        &[
            req("family", &STRING),
            opt("taskRoleArn", &STRING),
            opt("executionRoleArn", &STRING),
            opt("networkMode", &STRING),
            req("containerDefinitions", &CONTAINER_DEFINITIONS),
            opt("requiresCompatibilities", &STRING_LIST),
            opt("cpu", &STRING),
            opt("memory", &STRING),
            opt("tags", &TAGS),
        ],
    ),
    op(
        "DescribeTaskDefinition",
        "Describe a task definition.",
        &[req("taskDefinition", &STRING), opt("include", &STRING_LIST)],
    ),
    list(
        "ListTaskDefinitions",
        "List task definitions.",
        &[
            opt("familyPrefix", &STRING),
            opt("status", &STRING),
            opt("sort", &STRING),
            opt("nextToken", &STRING),
            opt("maxResults", &INTEGER),
        ],
        "taskDefinitionArns",
    ),
    list(
        "ListTaskDefinitionFamilies",
        "List task definition families.",
        &[
            opt("familyPrefix", &STRING),
            opt("status", &STRING),
            opt("nextToken", &STRING),
            opt("maxResults", &INTEGER),
        ],
        "families",
    ),
    op(
        "DeregisterTaskDefinition",
        "Deregister a task definition revision.",
        &[req("taskDefinition", &STRING)],
    ),
    op(
        "RunTask",
        "Run tasks on a cluster's container instances.",
        &[
            opt("cluster", &STRING),
            req("taskDefinition", &STRING),
            opt("count", &INTEGER),
            opt("startedBy", &STRING),
            opt("group", &STRING),
            opt("launchType", &STRING),
        ],
    ),
    op(
        "StopTask",
        "Stop a task.",
        &[
            opt("cluster", &STRING),
            req("task", &STRING),
            opt("reason", &STRING),
        ],
    ),
    op(
        "DescribeTasks",
        "Describe tasks.",
        &[
            opt("cluster", &STRING),
            req("tasks", &STRING_LIST),
            opt("include", &STRING_LIST),
        ],
    ),
    list(
        "ListTasks",
        "List tasks.",
        &[
            opt("cluster", &STRING),
            opt("containerInstance", &STRING),
            opt("family", &STRING),
            opt("nextToken", &STRING),
            opt("maxResults", &INTEGER),
            opt("startedBy", &STRING),
            opt("serviceName", &STRING),
            opt("desiredStatus", &STRING),
            opt("launchType", &STRING),
        ],
        "taskArns",
    ),
    op(
        "CreateService",
        "Create a service.",
        &[
            opt("cluster", &STRING),
            req("serviceName", &STRING),
            opt("taskDefinition", &STRING),
            opt("loadBalancers", &LOAD_BALANCERS),
            opt("desiredCount", &INTEGER),
            opt("launchType", &STRING),
            opt("role", &STRING),
            opt("healthCheckGracePeriodSeconds", &INTEGER),
            opt("schedulingStrategy", &STRING),
        ],
    ),
    op(
        "UpdateService",
        "Change a service's desired count or task definition.",
        &[
            opt("cluster", &STRING),
            req("service", &STRING),
            opt("desiredCount", &INTEGER),
            opt("taskDefinition", &STRING),
            opt("forceNewDeployment", &BOOLEAN),
            opt("healthCheckGracePeriodSeconds", &INTEGER),
        ],
    ),
    op(
        "DeleteService",
        "Delete a service.",
        &[
            opt("cluster", &STRING),
            req("service", &STRING),
            opt("force", &BOOLEAN),
        ],
    ),
    op(
        "DescribeServices",
        "Describe services.",
        &[
            opt("cluster", &STRING),
            req("services", &STRING_LIST),
            opt("include", &STRING_LIST),
        ],
    ),
    list(
        "ListServices",
        "List a cluster's services.",
        &[
            opt("cluster", &STRING),
            opt("nextToken", &STRING),
            opt("maxResults", &INTEGER),
            opt("launchType", &STRING),
            opt("schedulingStrategy", &STRING),
        ],
        "serviceArns",
    ),
];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    CreateCapacityProvider CreateCluster CreateService CreateTaskSet \
    DeleteAccountSetting DeleteAttributes DeleteCapacityProvider DeleteCluster \
    DeleteService DeleteTaskDefinitions DeleteTaskSet DeregisterContainerInstance \
    DeregisterTaskDefinition DescribeCapacityProviders DescribeClusters \
    DescribeContainerInstances DescribeServiceDeployments DescribeServiceRevisions \
    DescribeServices DescribeTaskDefinition DescribeTaskSets DescribeTasks \
    DiscoverPollEndpoint ExecuteCommand GetTaskProtection ListAccountSettings \
    ListAttributes ListClusters ListContainerInstances ListServiceDeployments \
    ListServices ListServicesByNamespace ListTagsForResource ListTaskDefinitionFamilies \
    ListTaskDefinitions ListTasks PutAccountSetting PutAccountSettingDefault \
    PutAttributes PutClusterCapacityProviders RegisterContainerInstance \
    RegisterTaskDefinition RunTask StartTask StopServiceDeployment StopTask \
    SubmitAttachmentStateChanges SubmitContainerStateChange SubmitTaskStateChange \
    TagResource UntagResource UpdateCapacityProvider UpdateCluster UpdateClusterSettings \
    UpdateContainerAgent UpdateContainerInstancesState UpdateService \
    UpdateServicePrimaryTaskSet UpdateTaskProtection UpdateTaskSet";
