//! DescribeInstanceStatus: the status checks the console shows as
//! "Initializing" and then "3/3 checks passed".

use super::describe_instances::Operator;
use super::filters::{self, Filter, Filterable};
use super::instances::{check_instance_ids, Instance, InstanceState, StateDescription};
use super::paging;
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, SimTime};
use serde::Serialize;

/// How long after reaching `running` the status checks stay `initializing`.
/// AWS publishes no figure; a few minutes is what learners see, so two
/// minutes it is.
pub const STATUS_CHECK_SECONDS: SimTime = 120;

/// Request of DescribeInstanceStatus.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceStatusRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub include_all_instances: bool,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// One check of a summary (`reachability`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusDetail {
    pub name: &'static str,
    pub status: &'static str,
}

/// `InstanceStatus`, `SystemStatus` or `AttachedEbsStatus`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StatusSummary {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<StatusDetail>,
    pub status: &'static str,
}

/// One instance's statuses, in the model's member order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStatusEntry<'a> {
    pub availability_zone: &'a str,
    pub availability_zone_id: &'a str,
    pub operator: Operator,
    pub instance_id: &'a str,
    pub instance_state: StateDescription,
    pub instance_status: StatusSummary,
    pub system_status: StatusSummary,
    pub attached_ebs_status: StatusSummary,
}

/// Response of DescribeInstanceStatus.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceStatusResponse<'a> {
    pub instance_statuses: Vec<InstanceStatusEntry<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The (summary, detail) a check shows for `instance` at `now`.
fn check_state(instance: &Instance, now: SimTime) -> (&'static str, Option<&'static str>) {
    match instance.running_since {
        Some(since) if now >= since.saturating_add(STATUS_CHECK_SECONDS) => ("ok", Some("passed")),
        Some(_) => ("initializing", Some("initializing")),
        None => ("not-applicable", None),
    }
}

fn summary(instance: &Instance, now: SimTime) -> StatusSummary {
    let (status, detail) = check_state(instance, now);
    StatusSummary {
        details: detail
            .map(|status| StatusDetail {
                name: "reachability",
                status,
            })
            .into_iter()
            .collect(),
        status,
    }
}

/// An instance with the clock reading, for the status filters.
struct AtTime<'a>(&'a Instance, SimTime);

impl Filterable for AtTime<'_> {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let AtTime(instance, now) = *self;
        let (status, detail) = check_state(instance, now);
        let one = |v: &str| Some(vec![v.to_string()]);
        match name {
            "availability-zone" => one(&instance.availability_zone),
            "instance-state-name" => one(instance.state.name()),
            "instance-state-code" => one(&instance.state.code().to_string()),
            "instance-status.status" | "system-status.status" | "attached-ebs-status.status" => {
                one(status)
            }
            "instance-status.reachability"
            | "system-status.reachability"
            | "attached-ebs-status.reachability" => {
                Some(detail.into_iter().map(String::from).collect())
            }
            "operator.managed" => one("false"),
            _ => None,
        }
    }
}

impl RegionState {
    /// DescribeInstanceStatus at `now`: running instances only, unless
    /// `IncludeAllInstances` (the others show `not-applicable`).
    pub fn describe_instance_status(
        &self,
        now: SimTime,
        request: &DescribeInstanceStatusRequest,
    ) -> Result<DescribeInstanceStatusResponse<'_>, ApiError> {
        check_instance_ids(self, &request.instance_ids)?;
        let candidates: Vec<AtTime> = self
            .instances
            .values()
            .filter(|i| request.instance_ids.is_empty() || request.instance_ids.contains(&i.id))
            .filter(|i| request.include_all_instances || i.state == InstanceState::Running)
            .map(|i| AtTime(i, now))
            .collect();
        let (page, next_token) = paging::page(
            "instance-statuses",
            filters::select(candidates, &request.filters)?,
            request.max_results,
            request.next_token.as_deref(),
            1000,
        )?;
        Ok(DescribeInstanceStatusResponse {
            instance_statuses: page
                .into_iter()
                .map(|AtTime(instance, now)| InstanceStatusEntry {
                    availability_zone: &instance.availability_zone,
                    availability_zone_id: &instance.availability_zone_id,
                    operator: Operator { managed: false },
                    instance_id: &instance.id,
                    instance_state: instance.state.into(),
                    instance_status: summary(instance, now),
                    system_status: summary(instance, now),
                    attached_ebs_status: summary(instance, now),
                })
                .collect(),
            next_token,
        })
    }
}
