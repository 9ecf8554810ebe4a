//! Task definitions: RegisterTaskDefinition (family:revision numbering),
//! DescribeTaskDefinition, ListTaskDefinitions, ListTaskDefinitionFamilies
//! and DeregisterTaskDefinition (the revision turns `INACTIVE`).

use super::{arn, client, RegionState};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde::Serialize;

/// One port mapping of a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    pub container_port: u16,
    /// Absent or 0 in bridge mode: Docker picks a free host port from the
    /// ephemeral range when the task starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_port: Option<u16>,
    #[serde(default)]
    pub protocol: String,
}

/// One container of a task definition. Members the sandbox does not use
/// (environment, command, log configuration, ...) are accepted and not
/// kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default)]
    pub cpu: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<u32>,
    #[serde(default)]
    pub port_mappings: Vec<PortMapping>,
    pub essential: Option<bool>,
}

impl ContainerDefinition {
    /// The container's name (checked present at registration).
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }

    /// The memory it reserves on an instance: the hard limit, or the soft
    /// one when only that is given.
    pub fn reserved_memory(&self) -> u32 {
        self.memory.or(self.memory_reservation).unwrap_or(0)
    }
}

/// A registered revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDefinition {
    pub family: String,
    pub revision: u32,
    pub arn: String,
    pub containers: Vec<ContainerDefinition>,
    /// `bridge` (also when left out) or `host`.
    pub network_mode: Option<String>,
    /// Task-level CPU units and MiB, as given (text, as ECS keeps them).
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub requires_compatibilities: Vec<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub status: String,
    pub registered_at: SimTime,
    pub deregistered_at: Option<SimTime>,
}

impl TaskDefinition {
    /// True in bridge mode, where host ports may be dynamic.
    pub fn bridge(&self) -> bool {
        self.network_mode.as_deref().is_none_or(|m| m == "bridge")
    }

    /// The CPU units a task reserves: the task's, or its containers' sum.
    pub fn cpu_units(&self) -> u64 {
        self.cpu
            .as_deref()
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| self.containers.iter().map(|c| u64::from(c.cpu)).sum())
    }

    /// The MiB a task reserves: the task's, or its containers' sum.
    pub fn memory_mib(&self) -> u64 {
        self.memory
            .as_deref()
            .and_then(|m| m.parse().ok())
            .unwrap_or_else(|| {
                self.containers
                    .iter()
                    .map(|c| u64::from(c.reserved_memory()))
                    .sum()
            })
    }

    /// `family:revision`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }
}

/// Request of RegisterTaskDefinition.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterTaskDefinitionRequest {
    pub family: String,
    pub container_definitions: Vec<ContainerDefinition>,
    pub network_mode: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    #[serde(default)]
    pub requires_compatibilities: Vec<String>,
    pub task_role_arn: Option<String>,
    pub execution_role_arn: Option<String>,
    #[serde(default)]
    pub volumes: Vec<serde_json::Value>,
    #[serde(default)]
    pub placement_constraints: Vec<serde_json::Value>,
    #[serde(default)]
    pub tags: Vec<serde_json::Value>,
}

/// Request of DescribeTaskDefinition and DeregisterTaskDefinition.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskDefinitionRequest {
    pub task_definition: String,
    #[serde(default)]
    pub include: Vec<String>,
}

/// Request of ListTaskDefinitions and ListTaskDefinitionFamilies.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListTaskDefinitionsRequest {
    pub family_prefix: Option<String>,
    pub family: Option<String>,
    pub status: Option<String>,
    pub sort: Option<String>,
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

/// A task definition as ECS describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionView {
    task_definition_arn: String,
    container_definitions: Vec<ContainerView>,
    family: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_mode: Option<String>,
    revision: u32,
    volumes: Vec<()>,
    status: String,
    placement_constraints: Vec<()>,
    compatibilities: [&'static str; 2],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    requires_compatibilities: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory: Option<String>,
    registered_at: Iso8601,
    #[serde(skip_serializing_if = "Option::is_none")]
    deregistered_at: Option<Iso8601>,
    registered_by: String,
}

/// A container definition as ECS echoes it, with its defaults filled in.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ContainerView {
    #[serde(flatten)]
    definition: ContainerDefinition,
    environment: Vec<()>,
    mount_points: Vec<()>,
    volumes_from: Vec<()>,
    system_controls: Vec<()>,
}

/// `{taskDefinition}` of Register, Describe and Deregister.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinitionResponse {
    task_definition: TaskDefinitionView,
}

/// Response of ListTaskDefinitions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTaskDefinitionsResponse {
    task_definition_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Response of ListTaskDefinitionFamilies.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListFamiliesResponse {
    families: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

impl TaskDefinition {
    fn view(&self) -> TaskDefinitionView {
        TaskDefinitionView {
            task_definition_arn: self.arn.clone(),
            container_definitions: self
                .containers
                .iter()
                .map(|c| ContainerView {
                    definition: c.clone(),
                    environment: Vec::new(),
                    mount_points: Vec::new(),
                    volumes_from: Vec::new(),
                    system_controls: Vec::new(),
                })
                .collect(),
            family: self.family.clone(),
            network_mode: self.network_mode.clone(),
            revision: self.revision,
            volumes: Vec::new(),
            status: self.status.clone(),
            placement_constraints: Vec::new(),
            compatibilities: ["EXTERNAL", "EC2"],
            requires_compatibilities: self.requires_compatibilities.clone(),
            cpu: self.cpu.clone(),
            memory: self.memory.clone(),
            registered_at: Iso8601(self.registered_at),
            deregistered_at: self.deregistered_at.map(Iso8601),
            registered_by: format!("arn:aws:iam::{}:root", super::ACCOUNT),
        }
    }
}

/// What the sandbox refuses because it does not simulate it.
fn not_simulated(what: &str) -> ApiError {
    client(format!(
        "{what} is not simulated in this sandbox: use the EC2 launch type with the bridge or host network mode."
    ))
}

/// Checks one container definition as RegisterTaskDefinition does and
/// fills in ECS's defaults (essential, protocol, host mode's host ports).
fn check_container(
    container: &mut ContainerDefinition,
    host_mode: bool,
    task_memory: bool,
) -> Result<(), ApiError> {
    if container.name.as_deref().is_none_or(str::is_empty) {
        return Err(client("Container.name should not be null or empty."));
    }
    if container.image.as_deref().is_none_or(str::is_empty) {
        return Err(client("Container.image should not be null or empty."));
    }
    let name = container.name().to_string();
    if !task_memory && container.memory.is_none() && container.memory_reservation.is_none() {
        return Err(client(format!(
            "Invalid setting for container '{name}'. At least one of 'memory' or 'memoryReservation' must be specified."
        )));
    }
    if let (Some(hard), Some(soft)) = (container.memory, container.memory_reservation) {
        if soft > hard {
            return Err(client(format!(
                "Invalid setting for container '{name}'. 'memoryReservation' must be less than 'memory'."
            )));
        }
    }
    container.essential.get_or_insert(true);
    for mapping in &mut container.port_mappings {
        match mapping.protocol.as_str() {
            "" => mapping.protocol = "tcp".into(),
            "tcp" | "udp" => {}
            other => {
                return Err(client(format!(
                "Invalid protocol {other} for container '{name}'. Valid protocols are tcp and udp."
            )))
            }
        }
        if host_mode {
            // Host networking has no port mapping: the container's port is
            // the host's.
            if mapping
                .host_port
                .is_some_and(|p| p != mapping.container_port)
            {
                return Err(client(
                    "When networkMode=host, the host ports and container ports in port mappings must match.",
                ));
            }
            mapping.host_port = Some(mapping.container_port);
        }
    }
    Ok(())
}

impl RegionState {
    /// The task definition `name`: `family` (its latest ACTIVE revision),
    /// `family:revision` or an ARN.
    pub fn task_definition(&self, name: &str) -> Option<&TaskDefinition> {
        let name = super::short_name(name)
            .strip_prefix("task-definition/")
            .unwrap_or(super::short_name(name));
        if name.contains(':') {
            return self.task_definitions.get(name);
        }
        self.task_definitions
            .values()
            .filter(|d| d.family == name && d.status == "ACTIVE")
            .max_by_key(|d| d.revision)
    }

    /// RegisterTaskDefinition: the family's next revision.
    pub fn register_task_definition(
        &mut self,
        ctx: &mut Context,
        request: RegisterTaskDefinitionRequest,
    ) -> Result<TaskDefinitionResponse, ApiError> {
        let family = request.family;
        let valid_family = !family.is_empty()
            && family.len() <= 255
            && family
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_family {
            return Err(client(
                "Family must be 1 to 255 letters (uppercase and lowercase), numbers, hyphens and underscores.",
            ));
        }
        if request.requires_compatibilities.iter().any(|c| c != "EC2") {
            return Err(not_simulated("Fargate (and EXTERNAL)"));
        }
        let host_mode = match request.network_mode.as_deref() {
            None | Some("bridge") => false,
            Some("host") => true,
            Some("awsvpc") => return Err(not_simulated("The awsvpc network mode")),
            Some("none") => false,
            Some(other) => {
                return Err(client(format!(
                    "Invalid networkMode value '{other}'. Valid values are bridge, host, awsvpc and none."
                )))
            }
        };
        if request.container_definitions.is_empty() {
            return Err(client("Container list cannot be empty."));
        }
        let mut containers = request.container_definitions;
        for container in &mut containers {
            check_container(container, host_mode, request.memory.is_some())?;
        }
        for (i, container) in containers.iter().enumerate() {
            if containers[..i].iter().any(|c| c.name == container.name) {
                return Err(client("Duplicate container names are not allowed."));
            }
        }
        let revision = self
            .task_definitions
            .values()
            .filter(|d| d.family == family)
            .map(|d| d.revision)
            .max()
            .unwrap_or(0)
            + 1;
        let definition = TaskDefinition {
            arn: arn(ctx.region, &format!("task-definition/{family}:{revision}")),
            family,
            revision,
            containers,
            network_mode: request.network_mode,
            cpu: request.cpu,
            memory: request.memory,
            requires_compatibilities: request.requires_compatibilities,
            status: "ACTIVE".into(),
            registered_at: ctx.now,
            deregistered_at: None,
        };
        ctx.created("ecs-task-definition", definition.arn.clone());
        let view = definition.view();
        self.task_definitions.insert(definition.key(), definition);
        Ok(TaskDefinitionResponse {
            task_definition: view,
        })
    }

    /// DescribeTaskDefinition.
    pub fn describe_task_definition(
        &self,
        request: &TaskDefinitionRequest,
    ) -> Result<TaskDefinitionResponse, ApiError> {
        let definition = self
            .task_definition(&request.task_definition)
            .ok_or_else(|| client("Unable to describe task definition."))?;
        Ok(TaskDefinitionResponse {
            task_definition: definition.view(),
        })
    }

    /// DeregisterTaskDefinition: needs a revision; running tasks go on.
    pub fn deregister_task_definition(
        &mut self,
        ctx: &mut Context,
        request: &TaskDefinitionRequest,
    ) -> Result<TaskDefinitionResponse, ApiError> {
        let name = super::short_name(&request.task_definition);
        let key = name.strip_prefix("task-definition/").unwrap_or(name);
        if !key.contains(':') {
            return Err(client("Revision should be specified."));
        }
        let definition = self
            .task_definitions
            .get_mut(key)
            .ok_or_else(|| client("The specified task definition does not exist."))?;
        if definition.status == "ACTIVE" {
            definition.status = "INACTIVE".into();
            definition.deregistered_at = Some(ctx.now);
            ctx.changed("ecs-task-definition", definition.arn.clone());
        }
        Ok(TaskDefinitionResponse {
            task_definition: definition.view(),
        })
    }

    /// The definitions a List request selects, in its sort order.
    fn listed_definitions(
        &self,
        request: &ListTaskDefinitionsRequest,
    ) -> Result<Vec<&TaskDefinition>, ApiError> {
        let status = request.status.as_deref().unwrap_or("ACTIVE");
        if !matches!(status, "ACTIVE" | "INACTIVE" | "ALL" | "DELETE_IN_PROGRESS") {
            return Err(super::invalid(format!("Invalid status: {status}")));
        }
        let mut list: Vec<&TaskDefinition> = self
            .task_definitions
            .values()
            .filter(|d| status == "ALL" || d.status == status)
            .filter(|d| {
                request
                    .family_prefix
                    .as_ref()
                    .is_none_or(|p| d.family.starts_with(p.as_str()))
            })
            .filter(|d| {
                request
                    .family
                    .as_ref()
                    .is_none_or(|p| d.family.starts_with(p.as_str()))
            })
            .collect();
        list.sort_by(|a, b| (&a.family, a.revision).cmp(&(&b.family, b.revision)));
        if request.sort.as_deref() == Some("DESC") {
            list.reverse();
        }
        Ok(list)
    }

    /// ListTaskDefinitions: ARNs, by family then revision.
    pub fn list_task_definitions(
        &self,
        request: &ListTaskDefinitionsRequest,
    ) -> Result<ListTaskDefinitionsResponse, ApiError> {
        let arns = self
            .listed_definitions(request)?
            .into_iter()
            .map(|d| d.arn.clone())
            .collect();
        let (task_definition_arns, next_token) = super::page(
            "task-definitions",
            arns,
            request.max_results,
            request.next_token.as_deref(),
        )?;
        Ok(ListTaskDefinitionsResponse {
            task_definition_arns,
            next_token,
        })
    }

    /// ListTaskDefinitionFamilies: the families with a revision of the
    /// status asked for.
    pub fn list_task_definition_families(
        &self,
        request: &ListTaskDefinitionsRequest,
    ) -> Result<ListFamiliesResponse, ApiError> {
        let mut families: Vec<String> = self
            .listed_definitions(request)?
            .into_iter()
            .map(|d| d.family.clone())
            .collect();
        families.dedup();
        let (families, next_token) = super::page(
            "families",
            families,
            request.max_results,
            request.next_token.as_deref(),
        )?;
        Ok(ListFamiliesResponse {
            families,
            next_token,
        })
    }
}
