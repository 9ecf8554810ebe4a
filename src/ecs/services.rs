//! Services: CreateService, UpdateService, DeleteService, DescribeServices
//! and ListServices. What a service does over time (placing, replacing and
//! stopping tasks, registering them with load balancers, its events) is the
//! scheduler's (see [`super::scheduler`]).

use super::{arn, invalid, short_name, Failure, RegionState};
use crate::elb::Elb;
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde::Serialize;

/// Events a service keeps (AWS shows the latest 100).
const MAX_EVENTS: usize = 100;

/// A load balancer a service registers its tasks with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoadBalancer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer_name: Option<String>,
    pub container_name: String,
    pub container_port: u16,
}

/// One deployment: the tasks of one task definition revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// `ecs-svc/` and 19 digits.
    pub id: String,
    pub task_definition: String,
    pub created_at: SimTime,
    pub updated_at: SimTime,
    /// True once it reached its desired count (`COMPLETED`).
    pub completed: bool,
}

/// One entry of a service's event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: Iso8601,
    pub message: String,
}

/// A service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub arn: String,
    pub cluster: String,
    /// `ACTIVE`, `DRAINING` (deleted, tasks stopping) or `INACTIVE`.
    pub status: String,
    pub desired_count: u32,
    pub load_balancers: Vec<LoadBalancer>,
    pub health_check_grace_period: Option<u32>,
    /// The newest (PRIMARY) first.
    pub deployments: Vec<Deployment>,
    /// Newest first.
    pub events: Vec<ServiceEvent>,
    pub created_at: SimTime,
    /// True once "has reached a steady state" was said since the last
    /// change.
    pub steady: bool,
}

impl Service {
    /// Adds an event, newest first.
    pub fn event(&mut self, ctx: &mut Context, message: String) {
        self.events.insert(
            0,
            ServiceEvent {
                id: ctx.ids.uuid(),
                created_at: Iso8601(ctx.now),
                message,
            },
        );
        self.events.truncate(MAX_EVENTS);
    }

    /// The task definition its tasks now start from.
    pub fn task_definition(&self) -> &str {
        self.deployments
            .first()
            .map_or("", |d| d.task_definition.as_str())
    }
}

/// Request of CreateService.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateServiceRequest {
    pub cluster: Option<String>,
    pub service_name: String,
    pub task_definition: Option<String>,
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancer>,
    pub desired_count: Option<u32>,
    pub launch_type: Option<String>,
    pub role: Option<String>,
    pub deployment_configuration: Option<serde_json::Value>,
    #[serde(default)]
    pub placement_constraints: Vec<serde_json::Value>,
    #[serde(default)]
    pub placement_strategy: Vec<serde_json::Value>,
    pub network_configuration: Option<serde_json::Value>,
    pub health_check_grace_period_seconds: Option<u32>,
    pub scheduling_strategy: Option<String>,
    pub deployment_controller: Option<serde_json::Value>,
    #[serde(default)]
    pub tags: Vec<serde_json::Value>,
    pub enable_ecs_managed_tags: Option<bool>,
    pub propagate_tags: Option<String>,
    pub enable_execute_command: Option<bool>,
    #[serde(default)]
    pub service_registries: Vec<serde_json::Value>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<serde_json::Value>,
    pub platform_version: Option<String>,
    pub client_token: Option<String>,
}

/// Request of UpdateService.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateServiceRequest {
    pub cluster: Option<String>,
    pub service: String,
    pub desired_count: Option<u32>,
    pub task_definition: Option<String>,
    #[serde(default)]
    pub force_new_deployment: bool,
    pub deployment_configuration: Option<serde_json::Value>,
    pub health_check_grace_period_seconds: Option<u32>,
}

/// Request of DeleteService.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteServiceRequest {
    pub cluster: Option<String>,
    pub service: String,
    #[serde(default)]
    pub force: bool,
}

/// Request of DescribeServices.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeServicesRequest {
    pub cluster: Option<String>,
    pub services: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

/// Request of ListServices.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListServicesRequest {
    pub cluster: Option<String>,
    pub launch_type: Option<String>,
    pub scheduling_strategy: Option<String>,
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

/// The rolling-update settings every service here has (AWS's defaults).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploymentConfiguration {
    deployment_circuit_breaker: CircuitBreaker,
    maximum_percent: u32,
    minimum_healthy_percent: u32,
}

#[derive(Debug, Serialize)]
struct CircuitBreaker {
    enable: bool,
    rollback: bool,
}

/// A deployment as ECS describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeploymentView<'a> {
    id: &'a str,
    status: &'static str,
    task_definition: &'a str,
    desired_count: u32,
    pending_count: usize,
    running_count: usize,
    failed_tasks: u32,
    created_at: Iso8601,
    updated_at: Iso8601,
    launch_type: &'static str,
    rollout_state: &'static str,
    rollout_state_reason: String,
}

/// A service as ECS describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView<'a> {
    service_arn: &'a str,
    service_name: &'a str,
    cluster_arn: String,
    load_balancers: &'a [LoadBalancer],
    service_registries: [(); 0],
    status: &'a str,
    desired_count: u32,
    running_count: usize,
    pending_count: usize,
    launch_type: &'static str,
    task_definition: &'a str,
    deployment_configuration: DeploymentConfiguration,
    deployments: Vec<DeploymentView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_arn: Option<String>,
    events: &'a [ServiceEvent],
    created_at: Iso8601,
    placement_constraints: [(); 0],
    placement_strategy: [(); 0],
    #[serde(skip_serializing_if = "Option::is_none")]
    health_check_grace_period_seconds: Option<u32>,
    scheduling_strategy: &'static str,
    created_by: String,
    enable_ecs_managed_tags: bool,
    propagate_tags: &'static str,
    enable_execute_command: bool,
}

/// `{service}` of CreateService, UpdateService and DeleteService.
#[derive(Debug, Serialize)]
pub struct ServiceResponse {
    pub service: serde_json::Value,
}

/// Response of DescribeServices.
#[derive(Debug, Serialize)]
pub struct DescribeServicesResponse<'a> {
    services: Vec<ServiceView<'a>>,
    failures: Vec<Failure>,
}

/// Response of ListServices.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListServicesResponse {
    service_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// `ServiceNotFoundException`.
fn service_not_found() -> ApiError {
    ApiError::new("ServiceNotFoundException", "Service not found.")
}

impl RegionState {
    /// `(running, pending)` tasks of `service`, of deployment `deployment`
    /// only when given.
    pub fn task_counts(&self, service: &str, deployment: Option<&str>) -> (usize, usize) {
        self.tasks
            .values()
            .filter(|t| {
                t.service
                    .as_ref()
                    .is_some_and(|(s, d)| s == service && deployment.is_none_or(|id| id == d))
            })
            .fold((0, 0), |(r, p), t| match t.last_status.as_str() {
                "RUNNING" => (r + 1, p),
                "PENDING" => (r, p + 1),
                _ => (r, p),
            })
    }

    fn service_view<'a>(&'a self, region: &str, service: &'a Service) -> ServiceView<'a> {
        let (running, pending) = self.task_counts(&service.arn, None);
        ServiceView {
            service_arn: &service.arn,
            service_name: &service.name,
            cluster_arn: arn(region, &format!("cluster/{}", service.cluster)),
            load_balancers: &service.load_balancers,
            service_registries: [],
            status: &service.status,
            desired_count: service.desired_count,
            running_count: running,
            pending_count: pending,
            launch_type: "EC2",
            task_definition: service.task_definition(),
            deployment_configuration: DeploymentConfiguration {
                deployment_circuit_breaker: CircuitBreaker {
                    enable: false,
                    rollback: false,
                },
                maximum_percent: 200,
                minimum_healthy_percent: 100,
            },
            deployments: service
                .deployments
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let (running, pending) = self.task_counts(&service.arn, Some(&d.id));
                    let (state, word) = if d.completed {
                        ("COMPLETED", "completed")
                    } else {
                        ("IN_PROGRESS", "in progress")
                    };
                    DeploymentView {
                        id: &d.id,
                        status: if i == 0 { "PRIMARY" } else { "ACTIVE" },
                        task_definition: &d.task_definition,
                        desired_count: if i == 0 { service.desired_count } else { 0 },
                        pending_count: pending,
                        running_count: running,
                        failed_tasks: 0,
                        created_at: Iso8601(d.created_at),
                        updated_at: Iso8601(d.updated_at),
                        launch_type: "EC2",
                        rollout_state: state,
                        rollout_state_reason: format!("ECS deployment {} {word}.", d.id),
                    }
                })
                .collect(),
            // Services with load balancers use ECS's service-linked role.
            role_arn: (!service.load_balancers.is_empty()).then(|| {
                format!(
                    "arn:aws:iam::{}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
                    super::ACCOUNT
                )
            }),
            events: &service.events,
            created_at: Iso8601(service.created_at),
            placement_constraints: [],
            placement_strategy: [],
            health_check_grace_period_seconds: service.health_check_grace_period,
            scheduling_strategy: "REPLICA",
            created_by: format!("arn:aws:iam::{}:root", super::ACCOUNT),
            enable_ecs_managed_tags: false,
            propagate_tags: "NONE",
            enable_execute_command: false,
        }
    }

    /// The service as JSON, for the answers of changes.
    fn service_json(&self, region: &str, arn: &str) -> ServiceResponse {
        let service = self
            .services
            .get(arn)
            .map(|s| serde_json::to_value(self.service_view(region, s)).unwrap_or_default());
        ServiceResponse {
            service: service.unwrap_or_default(),
        }
    }

    /// The service `name` (a name or an ARN) of `cluster`, the live one
    /// before an INACTIVE one of the same name.
    fn service_arn(&self, cluster: &str, name: &str) -> Option<String> {
        let name = short_name(name);
        let all: Vec<&Service> = self
            .services
            .values()
            .filter(|s| s.cluster == cluster && s.name == name)
            .collect();
        all.iter()
            .rev()
            .find(|s| s.status != "INACTIVE")
            .or(all.last())
            .map(|s| s.arn.clone())
    }

    /// Checks a service's load balancers against its task definition and
    /// Elastic Load Balancing, as CreateService does.
    fn check_load_balancers(
        &self,
        region: &str,
        elb: &Elb,
        definition: &super::task_definitions::TaskDefinition,
        load_balancers: &[LoadBalancer],
    ) -> Result<(), ApiError> {
        for lb in load_balancers {
            let container = definition
                .containers
                .iter()
                .find(|c| c.name() == lb.container_name)
                .ok_or_else(|| {
                    invalid(format!(
                        "The container {} does not exist in the task definition.",
                        lb.container_name
                    ))
                })?;
            let mapping = container
                .port_mappings
                .iter()
                .find(|m| m.container_port == lb.container_port)
                .ok_or_else(|| {
                    invalid(format!(
                        "The container {} did not have a container port {} defined.",
                        lb.container_name, lb.container_port
                    ))
                })?;
            match (&lb.target_group_arn, &lb.load_balancer_name) {
                (Some(group), None) => {
                    let exists = elb.region(region).and_then(|r| r.target_groups.get(group));
                    let Some(target_group) = exists else {
                        return Err(invalid(format!(
                            "The target group with targetGroupArn {group} does not exist."
                        )));
                    };
                    if target_group.target_type != "instance" {
                        return Err(invalid(format!(
                            "The provided target group {group} has target type {}, which is incompatible with the {} network mode specified in the task definition.",
                            target_group.target_type,
                            definition.network_mode.as_deref().unwrap_or("bridge")
                        )));
                    }
                    let used = elb
                        .region(region)
                        .is_some_and(|r| !r.users_of(group).is_empty());
                    if !used {
                        return Err(invalid(format!(
                            "The target group with targetGroupArn {group} does not have an associated load balancer."
                        )));
                    }
                }
                (None, Some(name)) => {
                    if !elb.classic_exists(region, name) {
                        return Err(invalid(format!(
                            "Load balancer with name {name} does not exist."
                        )));
                    }
                    // A Classic Load Balancer forwards to one fixed
                    // instance port: the task must publish a static one.
                    if mapping.host_port.is_none_or(|p| p == 0) {
                        return Err(invalid(format!(
                            "A host port mapping for the container port {} is required.",
                            lb.container_port
                        )));
                    }
                    if load_balancers.len() > 1 {
                        return Err(invalid(
                            "Only one Classic Load Balancer may be attached to a service.",
                        ));
                    }
                }
                _ => return Err(invalid(
                    "Either targetGroupArn or loadBalancerName must be specified, but not both.",
                )),
            }
        }
        Ok(())
    }

    /// A new deployment of `task_definition` at `ctx.now`.
    fn deployment(ctx: &mut Context, task_definition: String) -> Deployment {
        let digits = ctx.ids.rng().next_u64() % 10_000_000_000_000_000_000;
        Deployment {
            id: format!("ecs-svc/{digits:019}"),
            task_definition,
            created_at: ctx.now,
            updated_at: ctx.now,
            completed: false,
        }
    }

    /// CreateService: the scheduler starts its tasks at its next turn.
    pub fn create_service(
        &mut self,
        ctx: &mut Context,
        elb: &Elb,
        request: CreateServiceRequest,
    ) -> Result<ServiceResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        if request.launch_type.as_deref().is_some_and(|l| l != "EC2")
            || !request.capacity_provider_strategy.is_empty()
            || request.network_configuration.is_some()
        {
            return Err(invalid(
                "Only the EC2 launch type with the bridge or host network mode is simulated in this sandbox (no Fargate, awsvpc or capacity providers).",
            ));
        }
        if request
            .scheduling_strategy
            .as_deref()
            .is_some_and(|s| s != "REPLICA")
        {
            return Err(invalid(
                "The DAEMON scheduling strategy is not simulated in this sandbox.",
            ));
        }
        let name = request.service_name;
        let valid_name = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_name {
            return Err(invalid(
                "Service name must be 1 to 255 letters (uppercase and lowercase), numbers, hyphens and underscores.",
            ));
        }
        let Some(task_definition) = request.task_definition else {
            return Err(invalid("TaskDefinition can not be blank."));
        };
        let definition = self.runnable_definition(&task_definition)?.clone();
        if self
            .services
            .values()
            .any(|s| s.cluster == cluster && s.name == name && s.status != "INACTIVE")
        {
            return Err(invalid("Creation of service was not idempotent."));
        }
        if request.health_check_grace_period_seconds.is_some() && request.load_balancers.is_empty()
        {
            return Err(invalid(
                "Health check grace period is only valid for services configured to use load balancers",
            ));
        }
        self.check_load_balancers(ctx.region, elb, &definition, &request.load_balancers)?;
        let arn = arn(ctx.region, &format!("service/{cluster}/{name}"));
        let deployment = Self::deployment(ctx, definition.arn.clone());
        let health_check_grace_period = request
            .health_check_grace_period_seconds
            .or((!request.load_balancers.is_empty()).then_some(0));
        let service = Service {
            name,
            arn: arn.clone(),
            cluster,
            status: "ACTIVE".into(),
            desired_count: request.desired_count.unwrap_or(0),
            load_balancers: request.load_balancers,
            health_check_grace_period,
            deployments: vec![deployment],
            events: Vec::new(),
            created_at: ctx.now,
            steady: false,
        };
        // A service of the same name deleted earlier gives way.
        self.services.shift_remove(&arn);
        self.services.insert(arn.clone(), service);
        ctx.created("ecs-service", arn.clone());
        self.wake_at(ctx.now + 1);
        Ok(self.service_json(ctx.region, &arn))
    }

    /// The live service `name` of `cluster` for a change.
    fn active_service(&self, cluster: Option<&str>, name: &str) -> Result<String, ApiError> {
        let cluster = self.cluster(cluster)?.name.clone();
        let arn = self
            .service_arn(&cluster, name)
            .ok_or_else(service_not_found)?;
        if self.services.get(&arn).is_none_or(|s| s.status != "ACTIVE") {
            return Err(ApiError::new(
                "ServiceNotActiveException",
                "Service was not ACTIVE.",
            ));
        }
        Ok(arn)
    }

    /// UpdateService: a new desired count takes effect at the scheduler's
    /// next turn; a new task definition (or forceNewDeployment) starts a
    /// deployment that replaces the tasks.
    pub fn update_service(
        &mut self,
        ctx: &mut Context,
        request: UpdateServiceRequest,
    ) -> Result<ServiceResponse, ApiError> {
        let arn = self.active_service(request.cluster.as_deref(), &request.service)?;
        let new_definition = match &request.task_definition {
            Some(name) => Some(self.runnable_definition(name)?.arn.clone()),
            None => None,
        };
        let Some(service) = self.services.get_mut(&arn) else {
            return Err(service_not_found());
        };
        if let Some(count) = request.desired_count {
            service.desired_count = count;
        }
        if let Some(grace) = request.health_check_grace_period_seconds {
            if service.load_balancers.is_empty() {
                return Err(invalid(
                    "Health check grace period is only valid for services configured to use load balancers",
                ));
            }
            service.health_check_grace_period = Some(grace);
        }
        let changed_definition = new_definition
            .as_deref()
            .is_some_and(|d| d != service.task_definition());
        if changed_definition || request.force_new_deployment {
            let definition =
                new_definition.unwrap_or_else(|| service.task_definition().to_string());
            let deployment = Self::deployment(ctx, definition);
            service.deployments.insert(0, deployment);
        }
        service.steady = false;
        ctx.changed("ecs-service", arn.clone());
        self.wake_at(ctx.now + 1);
        Ok(self.service_json(ctx.region, &arn))
    }

    /// DeleteService: refused while the service is scaled above 0 unless
    /// forced; it drains (its tasks stop), then turns INACTIVE.
    pub fn delete_service(
        &mut self,
        ctx: &mut Context,
        request: &DeleteServiceRequest,
    ) -> Result<ServiceResponse, ApiError> {
        let arn = self.active_service(request.cluster.as_deref(), &request.service)?;
        let Some(service) = self.services.get_mut(&arn) else {
            return Err(service_not_found());
        };
        if service.desired_count > 0 && !request.force {
            return Err(invalid(
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        service.desired_count = 0;
        service.status = "DRAINING".into();
        service.steady = false;
        ctx.deleted("ecs-service", arn.clone());
        self.wake_at(ctx.now + 1);
        Ok(self.service_json(ctx.region, &arn))
    }

    /// DescribeServices (up to 10).
    pub fn describe_services(
        &self,
        region: &str,
        request: &DescribeServicesRequest,
    ) -> Result<DescribeServicesResponse<'_>, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        if request.services.is_empty() {
            return Err(invalid("Services cannot be empty."));
        }
        if request.services.len() > 10 {
            return Err(invalid(
                "Too many services. Up to 10 services can be described.",
            ));
        }
        let mut response = DescribeServicesResponse {
            services: Vec::new(),
            failures: Vec::new(),
        };
        for name in &request.services {
            match self
                .service_arn(&cluster, name)
                .and_then(|arn| self.services.get(&arn))
            {
                Some(service) => response.services.push(self.service_view(region, service)),
                None => response
                    .failures
                    .push(Failure::missing(if name.starts_with("arn:") {
                        name.clone()
                    } else {
                        arn(region, &format!("service/{cluster}/{name}"))
                    })),
            }
        }
        Ok(response)
    }

    /// ListServices: ACTIVE and DRAINING services; 10 a page by default.
    pub fn list_services(
        &self,
        request: &ListServicesRequest,
    ) -> Result<ListServicesResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        let arns = self
            .services
            .values()
            .filter(|s| s.cluster == cluster && s.status != "INACTIVE")
            .filter(|_| request.launch_type.as_deref().is_none_or(|l| l == "EC2"))
            .map(|s| s.arn.clone())
            .collect();
        let (service_arns, next_token) = super::page(
            "services",
            arns,
            request.max_results.or(Some(10)),
            request.next_token.as_deref(),
        )?;
        Ok(ListServicesResponse {
            service_arns,
            next_token,
        })
    }
}
