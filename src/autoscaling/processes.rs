//! Scaling processes, and SuspendProcesses / ResumeProcesses: a suspended
//! process stops the part of reconciliation it names.

use super::activities::zulu;
use super::{validation, RegionState};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use serde::Serialize;

/// A scaling process (`describe-scaling-process-types` lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Process {
    Launch,
    Terminate,
    AddToLoadBalancer,
    AlarmNotification,
    AzRebalance,
    HealthCheck,
    InstanceRefresh,
    ReplaceUnhealthy,
    ScheduledActions,
}

impl Process {
    /// Every process, in AWS's order.
    pub const ALL: [Process; 9] = [
        Self::Launch,
        Self::Terminate,
        Self::AddToLoadBalancer,
        Self::AlarmNotification,
        Self::AzRebalance,
        Self::HealthCheck,
        Self::InstanceRefresh,
        Self::ReplaceUnhealthy,
        Self::ScheduledActions,
    ];

    /// The name AWS uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::Launch => "Launch",
            Self::Terminate => "Terminate",
            Self::AddToLoadBalancer => "AddToLoadBalancer",
            Self::AlarmNotification => "AlarmNotification",
            Self::AzRebalance => "AZRebalance",
            Self::HealthCheck => "HealthCheck",
            Self::InstanceRefresh => "InstanceRefresh",
            Self::ReplaceUnhealthy => "ReplaceUnhealthy",
            Self::ScheduledActions => "ScheduledActions",
        }
    }

    fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// A suspended process and since when.
#[derive(Debug, Clone, PartialEq)]
pub struct Suspension {
    pub process: Process,
    pub since: SimTime,
}

/// Request of SuspendProcesses and ResumeProcesses.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ScalingProcessQuery {
    pub auto_scaling_group_name: String,
    /// None means all of them.
    #[serde(default)]
    pub scaling_processes: Vec<String>,
}

/// `SuspendedProcesses[]` of a group.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SuspendedProcess {
    pub process_name: &'static str,
    pub suspension_reason: String,
}

/// `{ProcessName}` of DescribeScalingProcessTypes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessType {
    pub process_name: &'static str,
}

/// Response of DescribeScalingProcessTypes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessesResponse {
    pub processes: Vec<ProcessType>,
}

/// DescribeScalingProcessTypes: the nine processes, alphabetically as AWS
/// lists them.
pub fn describe_scaling_process_types() -> ProcessesResponse {
    let mut names: Vec<&'static str> = Process::ALL.iter().map(|p| p.name()).collect();
    names.sort_unstable();
    ProcessesResponse {
        processes: names
            .into_iter()
            .map(|process_name| ProcessType { process_name })
            .collect(),
    }
}

impl Suspension {
    /// As DescribeAutoScalingGroups prints it.
    pub fn describe(&self) -> SuspendedProcess {
        SuspendedProcess {
            process_name: self.process.name(),
            suspension_reason: format!("User suspended at {}", zulu(self.since)),
        }
    }
}

/// The processes a request names (every one when it names none).
fn named(names: &[String]) -> Result<Vec<Process>, ApiError> {
    if names.is_empty() {
        return Ok(Process::ALL.to_vec());
    }
    names
        .iter()
        .map(|name| {
            Process::named(name).ok_or_else(|| {
                validation(format!(
                    "Process {name} is not a valid scaling process. Valid processes are: {}.",
                    Process::ALL.map(Process::name).join(", ")
                ))
            })
        })
        .collect()
}

impl RegionState {
    /// SuspendProcesses.
    pub fn suspend_processes(
        &mut self,
        ctx: &mut Context,
        request: ScalingProcessQuery,
    ) -> Result<(), ApiError> {
        let processes = named(&request.scaling_processes)?;
        let group = self.group_mut(&request.auto_scaling_group_name)?;
        for process in processes {
            if !group.suspended.iter().any(|s| s.process == process) {
                group.suspended.push(Suspension {
                    process,
                    since: ctx.now,
                });
            }
        }
        group.suspended.sort_by_key(|s| s.process);
        ctx.changed("auto-scaling-group", request.auto_scaling_group_name);
        Ok(())
    }

    /// ResumeProcesses: what was held back happens at the next
    /// reconciliation.
    pub fn resume_processes(
        &mut self,
        ctx: &mut Context,
        request: ScalingProcessQuery,
    ) -> Result<(), ApiError> {
        let processes = named(&request.scaling_processes)?;
        let group = self.group_mut(&request.auto_scaling_group_name)?;
        group.suspended.retain(|s| !processes.contains(&s.process));
        ctx.changed("auto-scaling-group", request.auto_scaling_group_name);
        self.wake_at(ctx.now + super::reconcile::START_SECONDS);
        Ok(())
    }
}
