//! Task placement: which container instance of a cluster takes a task.
//! An instance qualifies when its agent is connected and it has the CPU
//! units, memory and static host ports the task needs. Among those, tasks
//! spread across Availability Zones, then across instances (AWS's default
//! for services; RunTask's default is random, which the sandbox, being
//! deterministic, replaces with the same spread).

use super::container_instances::RESERVED_PORTS;
use super::task_definitions::TaskDefinition;
use super::RegionState;

/// What an instance lacks for a task, in the order ECS checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortfall {
    Cpu,
    Memory,
    Ports,
}

impl Shortfall {
    /// RunTask's failure reason.
    pub fn resource(self) -> &'static str {
        match self {
            Self::Cpu => "RESOURCE:CPU",
            Self::Memory => "RESOURCE:MEMORY",
            Self::Ports => "RESOURCE:PORTS",
        }
    }

    /// How a service event words it after "The closest matching
    /// (container-instance <id>)".
    pub fn service_words(self) -> &'static str {
        match self {
            Self::Cpu => "has insufficient CPU units available",
            Self::Memory => "has insufficient memory available",
            Self::Ports => "is already using a port required by your task",
        }
    }
}

/// Why a task could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unplaced {
    /// The cluster has no container instance with a connected agent.
    NoInstances,
    /// None has room: each instance (ARN) with what it lacks, in
    /// registration order (the first is the "closest matching").
    NoRoom(Vec<(String, Shortfall)>),
}

impl RegionState {
    /// What container instance `ci_arn` lacks for a task of `definition`.
    fn shortfall(
        &self,
        ci_arn: &str,
        cpu: u64,
        memory: u64,
        definition: &TaskDefinition,
    ) -> Option<Shortfall> {
        let used = self.used_by_tasks(ci_arn);
        if used.cpu + definition.cpu_units() > cpu {
            return Some(Shortfall::Cpu);
        }
        if used.memory + definition.memory_mib() > memory {
            return Some(Shortfall::Memory);
        }
        let wanted = definition
            .containers
            .iter()
            .flat_map(|c| c.port_mappings.iter())
            .filter_map(|m| m.host_port.filter(|p| *p != 0));
        let mut wanted_ports: Vec<u16> = Vec::new();
        for port in wanted {
            if RESERVED_PORTS.contains(&port)
                || used.static_ports.contains(&port)
                || used.ports.contains(&port)
                || wanted_ports.contains(&port)
            {
                return Some(Shortfall::Ports);
            }
            wanted_ports.push(port);
        }
        None
    }

    /// The container instance of `cluster` that takes the next task of
    /// `definition`; `group` is the service whose tasks spread (all tasks
    /// of the definition's family when `None`).
    pub fn place(
        &self,
        cluster: &str,
        definition: &TaskDefinition,
        group: Option<&str>,
    ) -> Result<String, Unplaced> {
        let candidates: Vec<_> = self
            .container_instances
            .values()
            .filter(|ci| ci.cluster == cluster && ci.status == "ACTIVE" && ci.agent_connected)
            .collect();
        if candidates.is_empty() {
            return Err(Unplaced::NoInstances);
        }
        let mut shortfalls = Vec::new();
        let mut fitting = Vec::new();
        for ci in candidates {
            match self.shortfall(&ci.arn, ci.cpu, ci.memory, definition) {
                Some(lack) => shortfalls.push((ci.arn.clone(), lack)),
                None => fitting.push(ci),
            }
        }
        let family_group = format!("family:{}", definition.family);
        let group = group.unwrap_or(&family_group);
        let in_group = |zone: Option<&str>, ci: Option<&str>| {
            self.tasks
                .values()
                .filter(|t| t.last_status != "STOPPED" && t.desired_status != "STOPPED")
                .filter(|t| t.cluster == cluster && t.group == group)
                .filter(|t| zone.is_none_or(|z| t.availability_zone == z))
                .filter(|t| ci.is_none_or(|c| t.container_instance_arn == c))
                .count()
        };
        fitting
            .into_iter()
            .min_by_key(|ci| {
                (
                    in_group(Some(&ci.availability_zone), None),
                    in_group(None, Some(&ci.arn)),
                )
            })
            .map(|ci| ci.arn.clone())
            .ok_or(Unplaced::NoRoom(shortfalls))
    }
}
