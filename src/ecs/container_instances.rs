//! Container instances: the ECS agent of each booted ECS-optimized
//! instance registers it with the cluster its `/etc/ecs/ecs.config` names
//! (`default` when none: the agent creates that cluster), reports its
//! resources, and loses its host when the instance stops or terminates.
//! ListContainerInstances, DescribeContainerInstances and
//! DeregisterContainerInstance.

use super::tasks::StopCause;
use super::{arn, short_name, Failure, RegionState};
use crate::ec2::instances::InstanceState;
use crate::ec2::{self, guest::fs::NodeKind};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde::Serialize;

/// Seconds from a change of the instance (a boot, a stop) to the agent's
/// report of it: the agent starts after Docker and registers. AWS
/// publishes no figure; a few seconds is what one sees.
pub const AGENT_SECONDS: u64 = 10;

/// Ports the ECS-optimized AMI reserves on every container instance: SSH,
/// the Docker daemon's two and the agent's introspection and metrics.
pub const RESERVED_PORTS: [u16; 5] = [22, 2375, 2376, 51678, 51679];

/// The agent and Docker versions the AMI ships.
const AGENT_VERSION: &str = "1.93.0";
const AGENT_HASH: &str = "0f1d0a3b";
const DOCKER_VERSION: &str = "DockerVersion: 25.0.8";

/// A registered container instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerInstance {
    pub arn: String,
    /// The 32-hex-digit id at the end of the ARN.
    pub id: String,
    pub cluster: String,
    pub ec2_instance_id: String,
    pub instance_type: String,
    pub image_id: String,
    pub availability_zone: String,
    /// `ACTIVE`, or `INACTIVE` once deregistered.
    pub status: String,
    pub agent_connected: bool,
    /// CPU units (1024 per vCPU) and MiB the agent registered.
    pub cpu: u64,
    pub memory: u64,
    pub registered_at: SimTime,
    /// Bumped at every change the agent reports, as ECS's `version`.
    pub version: u64,
}

/// Request of ListContainerInstances.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListContainerInstancesRequest {
    pub cluster: Option<String>,
    pub filter: Option<String>,
    pub status: Option<String>,
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

/// Request of DescribeContainerInstances.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeContainerInstancesRequest {
    pub cluster: Option<String>,
    pub container_instances: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

/// Request of DeregisterContainerInstance.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeregisterContainerInstanceRequest {
    pub cluster: Option<String>,
    pub container_instance: String,
    #[serde(default)]
    pub force: bool,
}

/// One of a container instance's resources.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    double_value: f64,
    long_value: u64,
    integer_value: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    string_set_value: Option<Vec<String>>,
}

impl Resource {
    fn integer(name: &'static str, value: u64) -> Self {
        Self {
            name,
            kind: "INTEGER",
            double_value: 0.0,
            long_value: 0,
            integer_value: value,
            string_set_value: None,
        }
    }

    fn ports(name: &'static str, ports: Vec<u16>) -> Self {
        Self {
            name,
            kind: "STRINGSET",
            double_value: 0.0,
            long_value: 0,
            integer_value: 0,
            string_set_value: Some(ports.iter().map(u16::to_string).collect()),
        }
    }
}

/// `{name, value}` of a container instance's attributes.
#[derive(Debug, Serialize)]
pub struct Attribute {
    name: &'static str,
    value: String,
}

/// The agent's versions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionInfo {
    agent_version: &'static str,
    agent_hash: &'static str,
    docker_version: &'static str,
}

/// A container instance as ECS describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstanceView {
    container_instance_arn: String,
    ec2_instance_id: String,
    version: u64,
    version_info: VersionInfo,
    remaining_resources: Vec<Resource>,
    registered_resources: Vec<Resource>,
    status: String,
    agent_connected: bool,
    running_tasks_count: usize,
    pending_tasks_count: usize,
    attributes: Vec<Attribute>,
    registered_at: Iso8601,
    attachments: Vec<()>,
    tags: Vec<()>,
}

/// Response of DescribeContainerInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeContainerInstancesResponse {
    container_instances: Vec<ContainerInstanceView>,
    failures: Vec<Failure>,
}

/// Response of ListContainerInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListContainerInstancesResponse {
    container_instance_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// `{containerInstance}` of DeregisterContainerInstance.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeregisterContainerInstanceResponse {
    container_instance: ContainerInstanceView,
}

/// The memory the agent registers for an instance with `mib` MiB: what
/// the kernel reports as total, less than the instance's memory. AWS
/// publishes no formula; 94 % is close to what agents report
/// (3,843 MiB on a 4 GiB instance).
fn agent_memory(mib: u64) -> u64 {
    mib * 94 / 100
}

/// The cluster the agent's configuration names (`ECS_CLUSTER=...`, the
/// last one winning, as the file is read as environment), `default` when
/// none.
fn configured_cluster(config: &str) -> String {
    config
        .lines()
        .filter_map(|line| line.trim().strip_prefix("ECS_CLUSTER="))
        .next_back()
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| super::clusters::DEFAULT_CLUSTER.into())
}

impl RegionState {
    /// The container instance `name` (an id or an ARN) of `cluster`.
    pub fn container_instance(&self, cluster: &str, name: &str) -> Option<&ContainerInstance> {
        let id = short_name(name);
        self.container_instances
            .values()
            .find(|ci| ci.id == id && ci.cluster == cluster)
    }

    /// What the agents report at `ctx.now`: a booted ECS-optimized
    /// instance whose user data has run registers (or reconnects); one
    /// that stopped loses its agent and its tasks; one that terminated is
    /// deregistered and its tasks stop.
    pub fn sync_agents(&mut self, ctx: &mut Context, hosts: &mut ec2::RegionState) {
        let mut changes = Vec::new();
        for (id, instance) in &hosts.instances {
            let agent_up = hosts.guests.get(id).filter(|g| {
                instance.state == InstanceState::Running
                    && g.ecs_agent_running()
                    && g.boot_script.is_none()
            });
            let registered = self
                .container_instances
                .values()
                .find(|ci| &ci.ec2_instance_id == id && ci.status != "INACTIVE");
            match (registered, agent_up) {
                (None, Some(guest)) => {
                    let config = match guest.fs.get("/etc/ecs/ecs.config").map(|n| &n.kind) {
                        Some(NodeKind::File(text)) => text.as_str(),
                        _ => "",
                    };
                    changes.push((id.clone(), Change::Register(configured_cluster(config))));
                }
                (Some(ci), Some(_)) if !ci.agent_connected => {
                    changes.push((ci.arn.clone(), Change::Reconnect));
                }
                (Some(ci), None) => {
                    let cause = match instance.state {
                        InstanceState::ShuttingDown | InstanceState::Terminated => {
                            Some(StopCause::HostTerminated(id.clone()))
                        }
                        InstanceState::Stopping | InstanceState::Stopped => {
                            Some(StopCause::HostStopped(id.clone()))
                        }
                        // A running instance whose agent was stopped: its
                        // tasks go on unmanaged.
                        _ => None,
                    };
                    if ci.agent_connected || cause.is_some() {
                        changes.push((ci.arn.clone(), Change::Lost(cause)));
                    }
                }
                _ => {}
            }
        }
        // Instances gone from EC2 altogether (purged after termination).
        for ci in self.container_instances.values() {
            if ci.status != "INACTIVE" && !hosts.instances.contains_key(&ci.ec2_instance_id) {
                let cause = StopCause::HostTerminated(ci.ec2_instance_id.clone());
                changes.push((ci.arn.clone(), Change::Lost(Some(cause))));
            }
        }
        for (key, change) in changes {
            match change {
                Change::Register(cluster) => self.register_agent(ctx, hosts, &key, &cluster),
                Change::Reconnect => {
                    if let Some(ci) = self.container_instances.get_mut(&key) {
                        ci.agent_connected = true;
                        ci.version += 1;
                        ctx.changed("ecs-container-instance", key.clone());
                    }
                }
                Change::Lost(cause) => self.host_lost(ctx, hosts, &key, cause),
            }
        }
    }

    /// The agent on `instance_id` registers with `cluster`: the `default`
    /// cluster is created if missing; another missing cluster makes the
    /// agent wait (it tries again when ECS changes, e.g. at CreateCluster).
    fn register_agent(
        &mut self,
        ctx: &mut Context,
        hosts: &ec2::RegionState,
        instance_id: &str,
        cluster: &str,
    ) {
        if cluster == super::clusters::DEFAULT_CLUSTER {
            self.ensure_cluster(ctx, cluster);
        }
        if self.cluster(Some(cluster)).is_err() {
            return;
        }
        let Some(instance) = hosts.instances.get(instance_id) else {
            return;
        };
        let memory = crate::ec2::instance_types::find(&instance.instance_type)
            .map_or(0, |spec| spec.memory_mib);
        let id = ctx.ids.hex(32);
        let ci = ContainerInstance {
            arn: arn(ctx.region, &format!("container-instance/{cluster}/{id}")),
            id,
            cluster: cluster.to_string(),
            ec2_instance_id: instance_id.to_string(),
            instance_type: instance.instance_type.clone(),
            image_id: instance.image_id.clone(),
            availability_zone: instance.availability_zone.clone(),
            status: "ACTIVE".into(),
            agent_connected: true,
            cpu: u64::from(instance.vcpus) * 1024,
            memory: agent_memory(memory),
            registered_at: ctx.now,
            version: 1,
        };
        ctx.created("ecs-container-instance", ci.arn.clone());
        self.container_instances.insert(ci.arn.clone(), ci);
    }

    /// The host of container instance `arn` stopped or terminated (`cause`)
    /// or its agent stopped (`None`): the agent is disconnected, its tasks
    /// stop, and a terminated host's container instance is deregistered.
    fn host_lost(
        &mut self,
        ctx: &mut Context,
        hosts: &mut ec2::RegionState,
        arn: &str,
        cause: Option<StopCause>,
    ) {
        let Some(ci) = self.container_instances.get_mut(arn) else {
            return;
        };
        ci.agent_connected = false;
        ci.version += 1;
        if matches!(cause, Some(StopCause::HostTerminated(_))) {
            ci.status = "INACTIVE".into();
            ctx.deleted("ecs-container-instance", arn.to_string());
        } else {
            ctx.changed("ecs-container-instance", arn.to_string());
        }
        let Some(cause) = cause else {
            return;
        };
        let on_host: Vec<String> = self
            .tasks
            .values()
            .filter(|t| t.container_instance_arn == arn && t.last_status != "STOPPED")
            .map(|t| t.arn.clone())
            .collect();
        for task in on_host {
            self.stop_task_now(ctx, hosts, &task, &cause);
        }
    }

    /// The registered and remaining resources of `ci`.
    fn resources(&self, ci: &ContainerInstance) -> (Vec<Resource>, Vec<Resource>) {
        let used = self.used_by_tasks(&ci.arn);
        let registered = vec![
            Resource::integer("CPU", ci.cpu),
            Resource::integer("MEMORY", ci.memory),
            Resource::ports("PORTS", RESERVED_PORTS.to_vec()),
            Resource::ports("PORTS_UDP", Vec::new()),
        ];
        let mut ports = RESERVED_PORTS.to_vec();
        ports.extend(used.static_ports.iter().copied());
        let remaining = vec![
            Resource::integer("CPU", ci.cpu.saturating_sub(used.cpu)),
            Resource::integer("MEMORY", ci.memory.saturating_sub(used.memory)),
            Resource::ports("PORTS", ports),
            Resource::ports("PORTS_UDP", Vec::new()),
        ];
        (registered, remaining)
    }

    fn container_instance_view(&self, ci: &ContainerInstance) -> ContainerInstanceView {
        let (registered, remaining) = self.resources(ci);
        let tasks = self
            .tasks
            .values()
            .filter(|t| t.container_instance_arn == ci.arn && t.last_status != "STOPPED");
        let (running, pending) = tasks.fold((0, 0), |(r, p), t| {
            if t.last_status == "RUNNING" {
                (r + 1, p)
            } else {
                (r, p + 1)
            }
        });
        ContainerInstanceView {
            container_instance_arn: ci.arn.clone(),
            ec2_instance_id: ci.ec2_instance_id.clone(),
            version: ci.version,
            version_info: VersionInfo {
                agent_version: AGENT_VERSION,
                agent_hash: AGENT_HASH,
                docker_version: DOCKER_VERSION,
            },
            remaining_resources: remaining,
            registered_resources: registered,
            status: ci.status.clone(),
            agent_connected: ci.agent_connected,
            running_tasks_count: running,
            pending_tasks_count: pending,
            attributes: vec![
                Attribute {
                    name: "ecs.availability-zone",
                    value: ci.availability_zone.clone(),
                },
                Attribute {
                    name: "ecs.instance-type",
                    value: ci.instance_type.clone(),
                },
                Attribute {
                    name: "ecs.ami-id",
                    value: ci.image_id.clone(),
                },
                Attribute {
                    name: "ecs.os-type",
                    value: "linux".into(),
                },
                Attribute {
                    name: "ecs.os-family",
                    value: "LINUX".into(),
                },
            ],
            registered_at: Iso8601(ci.registered_at),
            attachments: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// ListContainerInstances: ACTIVE and DRAINING ones unless `status`
    /// says otherwise.
    pub fn list_container_instances(
        &self,
        request: &ListContainerInstancesRequest,
    ) -> Result<ListContainerInstancesResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        if request.filter.is_some() {
            return Err(super::invalid(
                "The cluster query language is not simulated in this sandbox.",
            ));
        }
        let arns = self
            .container_instances
            .values()
            .filter(|ci| ci.cluster == cluster)
            .filter(|ci| match request.status.as_deref() {
                Some(status) => ci.status == status,
                None => ci.status != "INACTIVE",
            })
            .map(|ci| ci.arn.clone())
            .collect();
        let (container_instance_arns, next_token) = super::page(
            "container-instances",
            arns,
            request.max_results,
            request.next_token.as_deref(),
        )?;
        Ok(ListContainerInstancesResponse {
            container_instance_arns,
            next_token,
        })
    }

    /// DescribeContainerInstances.
    pub fn describe_container_instances(
        &self,
        region: &str,
        request: &DescribeContainerInstancesRequest,
    ) -> Result<DescribeContainerInstancesResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        if request.container_instances.is_empty() {
            return Err(super::invalid("Container instances cannot be empty."));
        }
        let mut response = DescribeContainerInstancesResponse {
            container_instances: Vec::new(),
            failures: Vec::new(),
        };
        for name in &request.container_instances {
            match self.container_instance(&cluster, name) {
                Some(ci) => response
                    .container_instances
                    .push(self.container_instance_view(ci)),
                None => response
                    .failures
                    .push(Failure::missing(if name.starts_with("arn:") {
                        name.clone()
                    } else {
                        arn(region, &format!("container-instance/{cluster}/{name}"))
                    })),
            }
        }
        Ok(response)
    }

    /// DeregisterContainerInstance. With tasks on it, only with `force`:
    /// its tasks are then orphaned (ECS forgets them; their containers go
    /// on running on the instance), and services replace theirs elsewhere.
    pub fn deregister_container_instance(
        &mut self,
        ctx: &mut Context,
        request: &DeregisterContainerInstanceRequest,
    ) -> Result<DeregisterContainerInstanceResponse, ApiError> {
        let cluster = self.cluster(request.cluster.as_deref())?.name.clone();
        let arn = self
            .container_instance(&cluster, &request.container_instance)
            .filter(|ci| ci.status != "INACTIVE")
            .map(|ci| ci.arn.clone())
            .ok_or_else(|| super::invalid("Container instance not found."))?;
        let on_it =
            |t: &super::tasks::Task| t.container_instance_arn == arn && t.last_status != "STOPPED";
        if !request.force && self.tasks.values().any(on_it) {
            return Err(super::invalid(
                "Found running tasks on the instance. Use the force option to deregister it.",
            ));
        }
        self.tasks.retain(|_, t| !on_it(t));
        let Some(ci) = self.container_instances.get_mut(&arn) else {
            return Err(super::invalid("Container instance not found."));
        };
        ci.status = "INACTIVE".into();
        ci.agent_connected = false;
        ci.version += 1;
        ctx.deleted("ecs-container-instance", arn.clone());
        let ci = ci.clone();
        // Services replace what they lost.
        self.wake_at(ctx.now + 1);
        Ok(DeregisterContainerInstanceResponse {
            container_instance: self.container_instance_view(&ci),
        })
    }
}

/// What an agent reported in one look.
enum Change {
    /// A new agent registers with this cluster.
    Register(String),
    /// A known agent is back.
    Reconnect,
    /// The agent lost its host (why, if its tasks stop).
    Lost(Option<StopCause>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agent_reads_the_last_ecs_cluster_line() {
        assert_eq!(configured_cluster(""), "default");
        assert_eq!(configured_cluster("ECS_CLUSTER=web\n"), "web");
        assert_eq!(
            configured_cluster("ECS_CLUSTER=a\nECS_LOGLEVEL=debug\nECS_CLUSTER=\"b\"\n"),
            "b"
        );
    }

    #[test]
    fn the_agent_registers_less_memory_than_the_instance_has() {
        assert_eq!(agent_memory(4096), 3850);
        assert!(agent_memory(1024) < 1024);
    }
}
