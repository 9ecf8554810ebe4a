//! Tasks: RunTask, StopTask, DescribeTasks, ListTasks, and the lifecycle
//! the agent drives on simulated time: PENDING while the images are pulled,
//! then RUNNING with Docker's containers on the instance (each published
//! port answering HTTP there), then STOPPED. A task whose image cannot be
//! pulled stops with `CannotPullContainerError`. Tasks of the EC2 launch
//! type in bridge or host mode start PENDING: AWS's PROVISIONING state
//! belongs to the `awsvpc` mode (an ENI to attach), which is not simulated.

use super::task_definitions::TaskDefinition;
use super::{arn, short_name, Failure, RegionState};
use crate::ec2::{self, guest::containers::Container};
use crate::kernel::clock::{iso8601, Iso8601};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, DomainEvent, SimTime};
use serde::Serialize;

/// Seconds the agent takes to pull a task's images and start its
/// containers (the demo images are small; AWS publishes no figure).
pub const PULL_SECONDS: u64 = 8;
/// Seconds `docker stop` takes once a stop is asked for.
pub const STOP_SECONDS: u64 = 2;
/// How long a stopped task stays visible (AWS: about an hour).
pub const STOPPED_VISIBLE_SECONDS: u64 = 3600;
/// The ephemeral range of the ECS-optimized AMI, where dynamic host ports
/// come from.
pub const DYNAMIC_PORTS: std::ops::RangeInclusive<u16> = 32768..=61000;

/// Why a task stops: its `stopCode` and `stoppedReason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopCause {
    /// StopTask, with the reason given.
    User(Option<String>),
    /// The service scheduler (scale-in, a new deployment, a deleted
    /// service).
    Scheduler(String),
    /// The instance (id) stopped.
    HostStopped(String),
    /// The instance (id) terminated.
    HostTerminated(String),
    /// An image could not be pulled (the reference).
    CannotPull(String),
}

impl StopCause {
    /// `(stopCode, stoppedReason)` as ECS words them.
    fn code_and_reason(&self) -> (&'static str, String) {
        match self {
            Self::User(reason) => (
                "UserInitiated",
                reason
                    .clone()
                    .unwrap_or_else(|| "Task stopped by user".into()),
            ),
            Self::Scheduler(reason) => ("ServiceSchedulerInitiated", reason.clone()),
            Self::HostStopped(id) => (
                "TerminationNotice",
                format!("Host EC2 (instance {id}) stopped."),
            ),
            Self::HostTerminated(id) => (
                "TerminationNotice",
                format!("Host EC2 (instance {id}) terminated."),
            ),
            Self::CannotPull(image) => ("TaskFailedToStart", pull_error(image)),
        }
    }
}

/// Docker's answer to a pull of an image the registry does not have, as
/// the agent reports it.
fn pull_error(image: &str) -> String {
    let name = image.split(':').next().unwrap_or(image);
    format!("CannotPullContainerError: Error response from daemon: pull access denied for {name}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied")
}

/// One host port binding of a running container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkBinding {
    #[serde(rename = "bindIP")]
    pub bind_ip: &'static str,
    pub container_port: u16,
    pub host_port: u16,
    pub protocol: String,
}

/// One container of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskContainer {
    pub arn: String,
    pub name: String,
    pub image: String,
    /// Its bindings, chosen at placement (dynamic ports included).
    pub bindings: Vec<NetworkBinding>,
    /// Docker's id once it runs.
    pub runtime_id: Option<String>,
    /// Why it stopped, if it failed.
    pub reason: Option<String>,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub arn: String,
    pub id: String,
    pub cluster: String,
    pub task_definition_arn: String,
    pub container_instance_arn: String,
    pub ec2_instance_id: String,
    pub availability_zone: String,
    /// `service:<name>` or `family:<family>` unless RunTask named one.
    pub group: String,
    pub started_by: Option<String>,
    /// The service that runs it, by ARN, and its deployment's id.
    pub service: Option<(String, String)>,
    pub last_status: String,
    pub desired_status: String,
    pub containers: Vec<TaskContainer>,
    /// CPU units and MiB it holds on its instance.
    pub cpu: u64,
    pub memory: u64,
    pub task_cpu: Option<String>,
    pub task_memory: Option<String>,
    pub created_at: SimTime,
    pub started_at: Option<SimTime>,
    pub stopping_at: Option<SimTime>,
    pub stopped_at: Option<SimTime>,
    pub stop_code: Option<&'static str>,
    pub stopped_reason: Option<String>,
    /// When the agent next moves it on, if it will.
    pub step_at: Option<SimTime>,
    /// True while its service has it registered with load balancers.
    pub registered: bool,
    /// True in the host network mode (no bridge address of its own).
    pub host_network: bool,
    pub version: u64,
}

impl Task {
    /// The static host ports it holds (those its definition names).
    pub fn static_ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.containers
            .iter()
            .flat_map(|c| c.bindings.iter())
            .filter(|b| !DYNAMIC_PORTS.contains(&b.host_port))
            .map(|b| b.host_port)
    }

    /// The host port of `container`'s `port`, if it publishes it.
    pub fn host_port(&self, container: &str, port: u16) -> Option<u16> {
        self.containers
            .iter()
            .filter(|c| c.name == container)
            .flat_map(|c| c.bindings.iter())
            .find(|b| b.container_port == port)
            .map(|b| b.host_port)
    }
}

/// What a container instance's tasks hold.
#[derive(Debug, Default)]
pub struct Used {
    pub cpu: u64,
    pub memory: u64,
    /// Host ports named by task definitions.
    pub static_ports: Vec<u16>,
    /// Every host port in use, dynamic ones too.
    pub ports: Vec<u16>,
}

/// Request of RunTask.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RunTaskRequest {
    pub cluster: Option<String>,
    pub task_definition: String,
    pub count: Option<u32>,
    pub started_by: Option<String>,
    pub group: Option<String>,
    pub launch_type: Option<String>,
    pub overrides: Option<serde_json::Value>,
    #[serde(default)]
    pub placement_constraints: Vec<serde_json::Value>,
    #[serde(default)]
    pub placement_strategy: Vec<serde_json::Value>,
    pub network_configuration: Option<serde_json::Value>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<serde_json::Value>,
    pub enable_ecs_managed_tags: Option<bool>,
    pub enable_execute_command: Option<bool>,
    pub propagate_tags: Option<String>,
    pub reference_id: Option<String>,
    pub platform_version: Option<String>,
    pub client_token: Option<String>,
    #[serde(default)]
    pub tags: Vec<serde_json::Value>,
}

/// Request of StopTask.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StopTaskRequest {
    pub cluster: Option<String>,
    pub task: String,
    pub reason: Option<String>,
}

/// Request of DescribeTasks.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeTasksRequest {
    pub cluster: Option<String>,
    pub tasks: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

/// Request of ListTasks.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListTasksRequest {
    pub cluster: Option<String>,
    pub container_instance: Option<String>,
    pub family: Option<String>,
    pub service_name: Option<String>,
    pub desired_status: Option<String>,
    pub started_by: Option<String>,
    pub launch_type: Option<String>,
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

/// A container of a task as ECS describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ContainerView<'a> {
    container_arn: &'a str,
    task_arn: &'a str,
    name: &'a str,
    image: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    runtime_id: Option<&'a str>,
    last_status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    network_bindings: &'a [NetworkBinding],
    network_interfaces: [(); 0],
    health_status: &'static str,
}

/// `{name}` of a container override.
#[derive(Debug, Serialize)]
struct ContainerOverride<'a> {
    name: &'a str,
}

/// A task's overrides (none but the container names, as ECS echoes them).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Overrides<'a> {
    container_overrides: Vec<ContainerOverride<'a>>,
    inference_accelerator_overrides: [(); 0],
}

/// A task as ECS describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView<'a> {
    attachments: [(); 0],
    availability_zone: &'a str,
    cluster_arn: String,
    connectivity: &'static str,
    connectivity_at: Iso8601,
    container_instance_arn: &'a str,
    containers: Vec<ContainerView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<&'a str>,
    created_at: Iso8601,
    desired_status: &'a str,
    enable_execute_command: bool,
    group: &'a str,
    health_status: &'static str,
    last_status: &'a str,
    launch_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory: Option<&'a str>,
    overrides: Overrides<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pull_started_at: Option<Iso8601>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pull_stopped_at: Option<Iso8601>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<Iso8601>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stop_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_at: Option<Iso8601>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopping_at: Option<Iso8601>,
    tags: [(); 0],
    task_arn: &'a str,
    task_definition_arn: &'a str,
    version: u64,
}

impl Task {
    /// The task as ECS describes it, in `region`.
    pub fn view(&self, region: &str) -> TaskView<'_> {
        let stopped = self.last_status == "STOPPED";
        let pulled = self.started_at.or(self
            .stopped_at
            .filter(|_| self.stop_code == Some("TaskFailedToStart")));
        TaskView {
            attachments: [],
            availability_zone: &self.availability_zone,
            cluster_arn: arn(region, &format!("cluster/{}", self.cluster)),
            connectivity: "CONNECTED",
            connectivity_at: Iso8601(self.created_at),
            container_instance_arn: &self.container_instance_arn,
            containers: self
                .containers
                .iter()
                .map(|c| ContainerView {
                    container_arn: &c.arn,
                    task_arn: &self.arn,
                    name: &c.name,
                    image: &c.image,
                    runtime_id: c.runtime_id.as_deref(),
                    last_status: if stopped {
                        "STOPPED"
                    } else if self.last_status == "RUNNING" {
                        "RUNNING"
                    } else {
                        "PENDING"
                    },
                    exit_code: (stopped && c.runtime_id.is_some()).then_some(0),
                    reason: c.reason.as_deref(),
                    network_bindings: if self.last_status == "RUNNING" {
                        &c.bindings
                    } else {
                        &[]
                    },
                    network_interfaces: [],
                    health_status: "UNKNOWN",
                })
                .collect(),
            cpu: self.task_cpu.as_deref(),
            created_at: Iso8601(self.created_at),
            desired_status: &self.desired_status,
            enable_execute_command: false,
            group: &self.group,
            health_status: "UNKNOWN",
            last_status: &self.last_status,
            launch_type: "EC2",
            memory: self.task_memory.as_deref(),
            overrides: Overrides {
                container_overrides: self
                    .containers
                    .iter()
                    .map(|c| ContainerOverride { name: &c.name })
                    .collect(),
                inference_accelerator_overrides: [],
            },
            pull_started_at: pulled.map(|_| Iso8601(self.created_at + 1)),
            pull_stopped_at: pulled.map(Iso8601),
            started_at: self.started_at.map(Iso8601),
            started_by: self.started_by.as_deref(),
            stop_code: self.stop_code,
            stopped_at: self.stopped_at.map(Iso8601),
            stopped_reason: self.stopped_reason.as_deref(),
            stopping_at: self.stopping_at.map(Iso8601),
            tags: [],
            task_arn: &self.arn,
            task_definition_arn: &self.task_definition_arn,
            version: self.version,
        }
    }
}

/// Response of RunTask.
#[derive(Debug, Serialize)]
pub struct RunTaskResponse {
    pub tasks: Vec<serde_json::Value>,
    pub failures: Vec<Failure>,
}

/// Response of DescribeTasks.
#[derive(Debug, Serialize)]
pub struct DescribeTasksResponse<'a> {
    tasks: Vec<TaskView<'a>>,
    failures: Vec<Failure>,
}

/// `{task}` of StopTask.
#[derive(Debug, Serialize)]
pub struct StopTaskResponse {
    pub task: serde_json::Value,
}

/// Response of ListTasks.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTasksResponse {
    task_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Who starts a task and for what: RunTask's `startedBy` and `group`, or
/// a service's deployment.
pub struct Launch {
    pub group: String,
    pub started_by: Option<String>,
    pub service: Option<(String, String)>,
}

/// The lowest free dynamic port, given the ports in use. Docker hands them
/// out in order from the range's start; the sandbox takes the lowest free
/// one, which is the same until ports are freed.
fn free_dynamic_port(in_use: &[u16]) -> Option<u16> {
    DYNAMIC_PORTS.clone().find(|p| !in_use.contains(p))
}

impl RegionState {
    /// What the unstopped tasks on container instance `arn` hold.
    pub fn used_by_tasks(&self, arn: &str) -> Used {
        let mut used = Used::default();
        for task in self
            .tasks
            .values()
            .filter(|t| t.container_instance_arn == arn && t.last_status != "STOPPED")
        {
            used.cpu += task.cpu;
            used.memory += task.memory;
            used.static_ports.extend(task.static_ports());
            used.ports.extend(
                task.containers
                    .iter()
                    .flat_map(|c| c.bindings.iter().map(|b| b.host_port)),
            );
        }
        used
    }

    /// Creates a task of `definition` on container instance `ci_arn` (which
    /// has room: see [`RegionState::place`]), PENDING while its images
    /// pull. Returns its ARN.
    pub fn create_task(
        &mut self,
        ctx: &mut Context,
        definition: &TaskDefinition,
        ci_arn: &str,
        launch: Launch,
    ) -> Option<String> {
        let ci = self.container_instances.get(ci_arn)?.clone();
        let mut in_use = self.used_by_tasks(ci_arn).ports;
        in_use.extend(super::container_instances::RESERVED_PORTS);
        let id = ctx.ids.hex(32);
        let task_arn = arn(ctx.region, &format!("task/{}/{id}", ci.cluster));
        let mut containers = Vec::new();
        for c in &definition.containers {
            let mut bindings = Vec::new();
            if definition.network_mode.as_deref() != Some("none") {
                for m in &c.port_mappings {
                    let host_port = match m.host_port.filter(|p| *p != 0) {
                        Some(port) => port,
                        None => free_dynamic_port(&in_use)?,
                    };
                    in_use.push(host_port);
                    bindings.push(NetworkBinding {
                        bind_ip: "0.0.0.0",
                        container_port: m.container_port,
                        host_port,
                        protocol: m.protocol.clone(),
                    });
                }
            }
            containers.push(TaskContainer {
                arn: arn(
                    ctx.region,
                    &format!("container/{}/{id}/{}", ci.cluster, ctx.ids.uuid()),
                ),
                name: c.name().to_string(),
                image: c.image.clone().unwrap_or_default(),
                bindings,
                runtime_id: None,
                reason: None,
            });
        }
        let task = Task {
            arn: task_arn.clone(),
            id,
            cluster: ci.cluster.clone(),
            task_definition_arn: definition.arn.clone(),
            container_instance_arn: ci.arn.clone(),
            ec2_instance_id: ci.ec2_instance_id.clone(),
            availability_zone: ci.availability_zone.clone(),
            group: launch.group,
            started_by: launch.started_by,
            service: launch.service,
            last_status: "PENDING".into(),
            desired_status: "RUNNING".into(),
            containers,
            cpu: definition.cpu_units(),
            memory: definition.memory_mib(),
            task_cpu: definition.cpu.clone(),
            task_memory: definition.memory.clone(),
            created_at: ctx.now,
            started_at: None,
            stopping_at: None,
            stopped_at: None,
            stop_code: None,
            stopped_reason: None,
            step_at: Some(ctx.now + PULL_SECONDS),
            registered: false,
            host_network: definition.network_mode.as_deref() == Some("host"),
            version: 1,
        };
        ctx.created("ecs-task", task_arn.clone());
        ctx.events.push(DomainEvent::TaskStateChanged {
            task_arn: task_arn.clone(),
            cluster: ci.cluster,
            from: "NONE".into(),
            to: "PENDING".into(),
            reason: None,
            at: iso8601(ctx.now),
        });
        self.tasks.insert(task_arn.clone(), task);
        self.wake_at(ctx.now + PULL_SECONDS);
        Some(task_arn)
    }

    /// Asks task `arn` to stop for `cause`: it stops `delay` seconds from
    /// now (after its load balancers drained it, for a service's task).
    pub fn request_stop(&mut self, ctx: &mut Context, arn: &str, cause: &StopCause, delay: u64) {
        let Some(task) = self.tasks.get_mut(arn) else {
            return;
        };
        if task.desired_status == "STOPPED" {
            return;
        }
        let (code, reason) = cause.code_and_reason();
        task.desired_status = "STOPPED".into();
        task.stopping_at = Some(ctx.now);
        task.stop_code = Some(code);
        task.stopped_reason = Some(reason);
        task.step_at = Some(ctx.now + delay);
        task.version += 1;
        self.wake_at(ctx.now + delay);
    }

    /// Task `arn` stops at once (its host went away, or its pull failed):
    /// its containers are gone.
    pub fn stop_task_now(
        &mut self,
        ctx: &mut Context,
        hosts: &mut ec2::RegionState,
        arn: &str,
        cause: &StopCause,
    ) {
        let Some(task) = self.tasks.get_mut(arn) else {
            return;
        };
        if task.last_status == "STOPPED" {
            return;
        }
        if task.desired_status != "STOPPED"
            || matches!(
                cause,
                StopCause::HostStopped(_) | StopCause::HostTerminated(_)
            )
        {
            let (code, reason) = cause.code_and_reason();
            task.stop_code = Some(code);
            task.stopped_reason = Some(reason);
        }
        if let StopCause::CannotPull(image) = cause {
            for c in task.containers.iter_mut().filter(|c| &c.image == image) {
                c.reason = Some(pull_error(image));
            }
        }
        let from = std::mem::replace(&mut task.last_status, "STOPPED".into());
        task.desired_status = "STOPPED".into();
        task.stopping_at.get_or_insert(ctx.now);
        task.stopped_at = Some(ctx.now);
        task.step_at = None;
        task.version += 1;
        if let Some(guest) = hosts.guests.get_mut(&task.ec2_instance_id) {
            guest.containers.retain(|_, c| c.task_arn != arn);
        }
        ctx.events.push(DomainEvent::TaskStateChanged {
            task_arn: arn.to_string(),
            cluster: task.cluster.clone(),
            from,
            to: "STOPPED".into(),
            reason: task.stopped_reason.clone(),
            at: iso8601(ctx.now),
        });
        // Its service may replace it.
        self.wake_at(ctx.now + 1);
    }

    /// Moves on every task whose step is due: a pull finishes (RUNNING, or
    /// STOPPED when an image cannot be pulled), a stop completes.
    pub fn step_tasks(&mut self, ctx: &mut Context, hosts: &mut ec2::RegionState) {
        let due: Vec<String> = self
            .tasks
            .values()
            .filter(|t| t.step_at.is_some_and(|at| at <= ctx.now))
            .map(|t| t.arn.clone())
            .collect();
        for arn in due {
            let Some(task) = self.tasks.get(&arn) else {
                continue;
            };
            if task.desired_status == "STOPPED" {
                let cause = StopCause::User(None);
                self.stop_task_now(ctx, hosts, &arn, &cause);
                continue;
            }
            match task
                .containers
                .iter()
                .find(|c| !ec2::guest::containers::can_pull(&c.image))
            {
                Some(c) => {
                    let cause = StopCause::CannotPull(c.image.clone());
                    self.stop_task_now(ctx, hosts, &arn, &cause);
                }
                None => self.start_containers(ctx, hosts, &arn),
            }
        }
    }

    /// The pull of task `arn` finished: Docker starts its containers on
    /// the instance and the task is RUNNING.
    fn start_containers(&mut self, ctx: &mut Context, hosts: &mut ec2::RegionState, arn: &str) {
        let Some(task) = self.tasks.get_mut(arn) else {
            return;
        };
        let Some(guest) = hosts.guests.get_mut(&task.ec2_instance_id) else {
            return;
        };
        let private_ip = hosts
            .instances
            .get(&task.ec2_instance_id)
            .map(|i| i.private_ip.to_string())
            .unwrap_or_default();
        let family_revision = task
            .task_definition_arn
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .replace(':', "-");
        for c in &mut task.containers {
            let id = ctx.ids.hex(64);
            let binding = c.bindings.first();
            let container = Container {
                name: format!("ecs-{family_revision}-{}-{}", c.name, ctx.ids.hex(20)),
                image: c.image.clone(),
                task_arn: arn.to_string(),
                container_port: binding.map(|b| b.container_port),
                host_port: binding.map(|b| b.host_port),
                address: if task.host_network {
                    private_ip.clone()
                } else {
                    guest.free_bridge_address()
                },
                started_at: ctx.now,
                id: id.clone(),
            };
            guest.containers.insert(id.clone(), container);
            c.runtime_id = Some(id);
        }
        task.last_status = "RUNNING".into();
        task.started_at = Some(ctx.now);
        task.step_at = None;
        task.version += 1;
        ctx.events.push(DomainEvent::TaskStateChanged {
            task_arn: arn.to_string(),
            cluster: task.cluster.clone(),
            from: "PENDING".into(),
            to: "RUNNING".into(),
            reason: None,
            at: iso8601(ctx.now),
        });
        // Its service registers it with its load balancers.
        self.wake_at(ctx.now + 1);
    }

    /// RunTask: `count` tasks placed on the cluster's container instances;
    /// the instances without room are listed as failures.
    pub fn run_task(
        &mut self,
        ctx: &mut Context,
        request: RunTaskRequest,
    ) -> Result<RunTaskResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        if request.launch_type.as_deref().is_some_and(|l| l != "EC2")
            || !request.capacity_provider_strategy.is_empty()
        {
            return Err(super::invalid(
                "Only the EC2 launch type is simulated in this sandbox (no Fargate, no capacity providers).",
            ));
        }
        let count = request.count.unwrap_or(1);
        if !(1..=10).contains(&count) {
            return Err(super::invalid("Count must be between 1 and 10."));
        }
        let definition = self.runnable_definition(&request.task_definition)?.clone();
        let launch = || Launch {
            group: request
                .group
                .clone()
                .unwrap_or_else(|| format!("family:{}", definition.family)),
            started_by: request.started_by.clone(),
            service: None,
        };
        let mut response = RunTaskResponse {
            tasks: Vec::new(),
            failures: Vec::new(),
        };
        let mut created = Vec::new();
        for _ in 0..count {
            match self.place(&cluster, &definition, None) {
                Ok(ci) => created.extend(self.create_task(ctx, &definition, &ci, launch())),
                Err(super::placement::Unplaced::NoInstances) => {
                    if created.is_empty() {
                        return Err(super::invalid(
                            "No Container Instances were found in your cluster.",
                        ));
                    }
                    break;
                }
                Err(super::placement::Unplaced::NoRoom(shortfalls)) => {
                    response.failures = shortfalls
                        .into_iter()
                        .map(|(arn, shortfall)| Failure {
                            arn,
                            reason: shortfall.resource().into(),
                        })
                        .collect();
                    break;
                }
            }
        }
        for arn in created {
            if let Some(task) = self.tasks.get(&arn) {
                response
                    .tasks
                    .push(serde_json::to_value(task.view(ctx.region)).unwrap_or_default());
            }
        }
        Ok(response)
    }

    /// The ACTIVE task definition `name` a task or service may use.
    pub fn runnable_definition(&self, name: &str) -> Result<&TaskDefinition, ApiError> {
        let definition = self
            .task_definition(name)
            .ok_or_else(|| super::invalid("TaskDefinition not found."))?;
        if definition.status != "ACTIVE" {
            return Err(super::invalid("TaskDefinition is inactive"));
        }
        Ok(definition)
    }

    /// The task `name` (an id or an ARN) of `cluster`.
    fn task_of(&self, cluster: &str, name: &str) -> Option<&Task> {
        let id = short_name(name);
        self.tasks
            .values()
            .find(|t| t.id == id && t.cluster == cluster)
    }

    /// StopTask: the task stops once Docker has stopped its containers.
    pub fn stop_task(
        &mut self,
        ctx: &mut Context,
        request: &StopTaskRequest,
    ) -> Result<StopTaskResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        let arn = self
            .task_of(&cluster, &request.task)
            .map(|t| t.arn.clone())
            .ok_or_else(|| super::invalid("The referenced task was not found."))?;
        self.request_stop(
            ctx,
            &arn,
            &StopCause::User(request.reason.clone()),
            STOP_SECONDS,
        );
        let task = self
            .tasks
            .get(&arn)
            .map(|t| serde_json::to_value(t.view(ctx.region)).unwrap_or_default());
        Ok(StopTaskResponse {
            task: task.unwrap_or_default(),
        })
    }

    /// DescribeTasks.
    pub fn describe_tasks(
        &self,
        region: &str,
        request: &DescribeTasksRequest,
    ) -> Result<DescribeTasksResponse<'_>, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        if request.tasks.is_empty() {
            return Err(super::invalid("Tasks cannot be empty."));
        }
        if request.tasks.len() > 100 {
            return Err(super::invalid(
                "Too many tasks. Up to 100 tasks can be described.",
            ));
        }
        let mut response = DescribeTasksResponse {
            tasks: Vec::new(),
            failures: Vec::new(),
        };
        for name in &request.tasks {
            match self.task_of(&cluster, name) {
                Some(task) => response.tasks.push(task.view(region)),
                None => response
                    .failures
                    .push(Failure::missing(if name.starts_with("arn:") {
                        name.clone()
                    } else {
                        arn(region, &format!("task/{cluster}/{name}"))
                    })),
            }
        }
        Ok(response)
    }

    /// ListTasks: by default the tasks whose desired status is RUNNING.
    pub fn list_tasks(&self, request: &ListTasksRequest) -> Result<ListTasksResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        let desired = request.desired_status.as_deref().unwrap_or("RUNNING");
        if !matches!(desired, "RUNNING" | "PENDING" | "STOPPED") {
            return Err(super::invalid(format!("Invalid desiredStatus: {desired}")));
        }
        let service = request
            .service_name
            .as_deref()
            .map(|s| arn_of_service(self, &cluster, s));
        let arns =
            self.tasks
                .values()
                .filter(|t| t.cluster == cluster)
                .filter(|t| match desired {
                    "PENDING" => t.desired_status == "RUNNING" && t.last_status == "PENDING",
                    other => t.desired_status == other,
                })
                .filter(|t| {
                    request
                        .container_instance
                        .as_deref()
                        .is_none_or(|ci| short_name(ci) == short_name(&t.container_instance_arn))
                })
                .filter(|t| {
                    request.family.as_deref().is_none_or(|f| {
                        short_name(&t.task_definition_arn).split(':').next() == Some(f)
                    })
                })
                .filter(|t| {
                    service
                        .as_ref()
                        .is_none_or(|s| t.service.as_ref().is_some_and(|(arn, _)| arn == s))
                })
                .filter(|t| {
                    request
                        .started_by
                        .as_deref()
                        .is_none_or(|s| t.started_by.as_deref() == Some(s))
                })
                .map(|t| t.arn.clone())
                .collect();
        let (task_arns, next_token) = super::page(
            "tasks",
            arns,
            request.max_results,
            request.next_token.as_deref(),
        )?;
        Ok(ListTasksResponse {
            task_arns,
            next_token,
        })
    }
}

/// The ARN of service `name` (a name or an ARN) in `cluster`, whether or
/// not it exists (a filter on a missing service matches nothing).
fn arn_of_service(state: &RegionState, cluster: &str, name: &str) -> String {
    let short = short_name(name);
    state
        .services
        .values()
        .find(|s| s.cluster == cluster && s.name == short)
        .map_or_else(|| name.to_string(), |s| s.arn.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_ports_come_from_the_ephemeral_range_in_order() {
        assert_eq!(free_dynamic_port(&[]), Some(32768));
        assert_eq!(free_dynamic_port(&[32768, 32770]), Some(32769));
        let all: Vec<u16> = DYNAMIC_PORTS.collect();
        assert_eq!(free_dynamic_port(&all), None);
    }

    #[test]
    fn stop_reasons_are_worded_as_ecs_words_them() {
        assert_eq!(
            StopCause::HostTerminated("i-1".into()).code_and_reason(),
            (
                "TerminationNotice",
                "Host EC2 (instance i-1) terminated.".into()
            )
        );
        let (code, reason) = StopCause::CannotPull("my-app:v1".into()).code_and_reason();
        assert_eq!(code, "TaskFailedToStart");
        assert!(reason.starts_with(
            "CannotPullContainerError: Error response from daemon: pull access denied for my-app,"
        ));
    }
}
