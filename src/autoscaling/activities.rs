//! Scaling activities: the record of every launch and termination, worded
//! as AWS words them (Description, a Cause of clauses that each start
//! "At <time>", StatusCode, Progress, Details), and DescribeScalingActivities.

use super::paging::{self, Page};
use super::RegionState;
use crate::kernel::calendar::DateTime;
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, DomainEvent, SimTime};
use indexmap::IndexMap;
use serde::Serialize;

/// How long AWS keeps activities: six weeks.
pub const RETENTION_SECONDS: u64 = 42 * 86_400;

/// Where an activity stands (`StatusCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityStatus {
    InProgress,
    /// A termination waits for the instance to drain from its load
    /// balancers.
    WaitingForElbConnectionDraining,
    Successful,
    Failed,
}

impl ActivityStatus {
    /// The name AWS prints.
    pub fn name(self) -> &'static str {
        match self {
            Self::InProgress => "InProgress",
            Self::WaitingForElbConnectionDraining => "WaitingForELBConnectionDraining",
            Self::Successful => "Successful",
            Self::Failed => "Failed",
        }
    }
}

/// One scaling activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: String,
    pub group_name: String,
    /// The group's ARN, which tells this group's history from that of a
    /// deleted group of the same name.
    pub group_arn: String,
    pub description: String,
    pub cause: String,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub status: ActivityStatus,
    pub status_message: Option<String>,
    pub progress: u8,
    /// A JSON object as text, e.g. `{"Subnet ID":"subnet-…","Availability Zone":"us-east-1a"}`.
    pub details: String,
}

/// `2025-06-02T09:00:00Z`, the form of times inside causes.
pub fn zulu(t: SimTime) -> String {
    format!("{}Z", DateTime::from_unix(t).iso_local())
}

/// One clause of a cause: `At <time> <text>`.
pub fn clause(at: SimTime, text: &str) -> String {
    format!("At {} {text}", zulu(at))
}

/// Clauses joined as AWS joins them, by two spaces.
pub fn join(clauses: &[&str]) -> String {
    clauses
        .iter()
        .filter(|c| !c.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("  ")
}

/// `Details` of an activity about an instance in `subnet` and `zone`.
pub fn details(subnet: &str, zone: &str) -> String {
    serde_json::json!({"Subnet ID": subnet, "Availability Zone": zone}).to_string()
}

/// What a new activity says.
pub struct NewActivity<'a> {
    pub group_name: &'a str,
    pub group_arn: &'a str,
    pub description: String,
    pub cause: String,
    pub details: String,
}

/// The activities of a region, by id, oldest first. Those of deleted
/// groups stay (AWS keeps six weeks of history).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Activities {
    by_id: IndexMap<String, Activity>,
}

impl Activities {
    /// Records a new activity, `InProgress`; returns its id.
    pub fn start(&mut self, ctx: &mut Context, new: NewActivity) -> String {
        let id = ctx.ids.uuid();
        let activity = Activity {
            id: id.clone(),
            group_name: new.group_name.to_string(),
            group_arn: new.group_arn.to_string(),
            description: new.description,
            cause: new.cause,
            start: ctx.now,
            end: None,
            status: ActivityStatus::InProgress,
            status_message: None,
            progress: 0,
            details: new.details,
        };
        raise(ctx, &activity);
        self.by_id.insert(id.clone(), activity);
        // Old history goes as new history comes, so a long-lived group
        // never holds more than six weeks of it.
        let horizon = ctx.now.saturating_sub(RETENTION_SECONDS);
        if self.by_id.first().is_some_and(|(_, a)| a.start < horizon) {
            self.by_id.retain(|_, a| a.start >= horizon);
        }
        id
    }

    /// Ends activity `id` with `status` (and AWS's `StatusMessage`, for a
    /// failure).
    pub fn finish(
        &mut self,
        ctx: &mut Context,
        id: &str,
        status: ActivityStatus,
        message: Option<String>,
    ) {
        let Some(activity) = self.by_id.get_mut(id) else {
            return;
        };
        activity.status = status;
        activity.status_message = message;
        activity.progress = 100;
        activity.end = Some(ctx.now);
        raise(ctx, activity);
    }

    /// Moves activity `id`, still under way, to `status`.
    pub fn set_status(&mut self, ctx: &mut Context, id: &str, status: ActivityStatus) {
        let Some(activity) = self.by_id.get_mut(id) else {
            return;
        };
        if activity.status != status {
            activity.status = status;
            raise(ctx, activity);
        }
    }

    /// The activity `id`.
    pub fn get(&self, id: &str) -> Option<&Activity> {
        self.by_id.get(id)
    }

    /// True while the group with ARN `group_arn` has an activity in
    /// progress (or waiting for draining).
    pub fn in_progress(&self, group_arn: &str) -> bool {
        self.by_id
            .values()
            .any(|a| a.group_arn == group_arn && a.end.is_none())
    }
}

impl RegionState {
    /// DescribeScalingActivities: newest first.
    pub fn describe_scaling_activities(
        &self,
        request: &DescribeScalingActivitiesRequest,
    ) -> Result<DescribeScalingActivitiesResponse, ApiError> {
        let live = |a: &Activity| {
            self.groups
                .get(&a.group_name)
                .is_some_and(|g| g.arn == a.group_arn)
        };
        let chosen: Vec<ActivityDescription> = self
            .activities
            .by_id
            .values()
            .rev()
            .filter(|a| {
                request
                    .auto_scaling_group_name
                    .as_ref()
                    .is_none_or(|name| &a.group_name == name)
                    && (request.activity_ids.is_empty() || request.activity_ids.contains(&a.id))
                    && (request.include_deleted_groups || live(a))
            })
            .map(|a| a.describe(request.include_deleted_groups.then(|| live(a))))
            .collect();
        let (activities, next_token) = paging::page(
            "activities",
            chosen,
            Page {
                max_records: request.max_records,
                next_token: request.next_token.as_deref(),
                default: 100,
                most: 100,
            },
        )?;
        Ok(DescribeScalingActivitiesResponse {
            activities,
            next_token,
        })
    }
}

/// Tells the page an activity started or changed.
fn raise(ctx: &mut Context, activity: &Activity) {
    ctx.events.push(DomainEvent::ScalingActivity {
        group: activity.group_name.clone(),
        activity_id: activity.id.clone(),
        description: activity.description.clone(),
        status_code: activity.status.name().into(),
    });
}

impl Activity {
    /// The activity as the CLI prints it; `live` says whether its group
    /// still exists, shown only to IncludeDeletedGroups.
    pub fn describe(&self, live: Option<bool>) -> ActivityDescription {
        ActivityDescription {
            activity_id: self.id.clone(),
            auto_scaling_group_name: self.group_name.clone(),
            description: self.description.clone(),
            cause: self.cause.clone(),
            start_time: Iso8601(self.start),
            end_time: self.end.map(Iso8601),
            status_code: self.status.name(),
            status_message: self.status_message.clone(),
            progress: self.progress,
            details: self.details.clone(),
            auto_scaling_group_state: live.map(|live| if live { "InService" } else { "Deleted" }),
            auto_scaling_group_arn: self.group_arn.clone(),
        }
    }
}

/// Request of DescribeScalingActivities.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeScalingActivitiesRequest {
    #[serde(default)]
    pub activity_ids: Vec<String>,
    #[serde(default)]
    pub auto_scaling_group_name: Option<String>,
    #[serde(default)]
    pub include_deleted_groups: bool,
    #[serde(default)]
    pub max_records: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
}

/// An activity as the CLI prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityDescription {
    pub activity_id: String,
    pub auto_scaling_group_name: String,
    pub description: String,
    pub cause: String,
    pub start_time: Iso8601,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Iso8601>,
    pub status_code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    pub progress: u8,
    pub details: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group_state: Option<&'static str>,
    #[serde(rename = "AutoScalingGroupARN")]
    pub auto_scaling_group_arn: String,
}

/// Response of DescribeScalingActivities.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeScalingActivitiesResponse {
    pub activities: Vec<ActivityDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Response of TerminateInstanceInAutoScalingGroup.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityResponse {
    pub activity: ActivityDescription,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_clauses_joined_by_two_spaces() {
        let start = crate::kernel::clock::START;
        assert_eq!(zulu(start), "2025-06-02T09:00:00Z");
        let cause = join(&[
            &clause(start, "a user request created an AutoScalingGroup changing the desired capacity from 0 to 2."),
            "",
            &clause(start + 10, "an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 2."),
        ]);
        assert_eq!(cause, "At 2025-06-02T09:00:00Z a user request created an AutoScalingGroup changing the desired capacity from 0 to 2.  At 2025-06-02T09:00:10Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 2.");
        assert_eq!(
            details("subnet-1", "us-east-1a"),
            r#"{"Subnet ID":"subnet-1","Availability Zone":"us-east-1a"}"#
        );
    }
}
