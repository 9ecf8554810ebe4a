//! Domain events: what changed, for the page to animate and the lesson engine
//! to watch. The core never calls the UI; it returns these instead.

use serde::{Deserialize, Serialize};

/// Something that happened in the simulated account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "type")]
pub enum DomainEvent {
    /// An instance moved from one state to another.
    InstanceStateChanged {
        #[serde(rename = "instanceId")]
        instance_id: String,
        from: String,
        to: String,
        at: String,
    },
    /// A resource was created (key pair, security group, ...).
    ResourceCreated {
        #[serde(rename = "resourceType")]
        resource_type: String,
        #[serde(rename = "resourceId")]
        resource_id: String,
    },
    /// A resource was deleted.
    ResourceDeleted {
        #[serde(rename = "resourceType")]
        resource_type: String,
        #[serde(rename = "resourceId")]
        resource_id: String,
    },
    /// A resource's attributes changed (tags, rules, ...).
    ResourceChanged {
        #[serde(rename = "resourceType")]
        resource_type: String,
        #[serde(rename = "resourceId")]
        resource_id: String,
    },
    /// A CloudWatch alarm moved from one state to another (`OK`, `ALARM`,
    /// `INSUFFICIENT_DATA`), with the reason CloudWatch gives.
    AlarmStateChanged {
        #[serde(rename = "alarmName")]
        alarm_name: String,
        region: String,
        from: String,
        to: String,
        at: String,
        reason: String,
    },
    /// A load balancer's view of one target changed (`healthy`,
    /// `unhealthy`, ...; a classic load balancer's `InService` and
    /// `OutOfService`). `group` is the target group's ARN or the classic
    /// load balancer's name.
    TargetHealthChanged {
        group: String,
        #[serde(rename = "targetId")]
        target_id: String,
        port: u16,
        from: String,
        to: String,
        /// AWS's reason code for the new state, if it has one.
        reason: Option<String>,
        at: String,
    },
    /// An Auto Scaling activity started or changed status (`InProgress`,
    /// `Successful`, `Failed`).
    ScalingActivity {
        #[serde(rename = "autoScalingGroupName")]
        group: String,
        #[serde(rename = "activityId")]
        activity_id: String,
        description: String,
        #[serde(rename = "statusCode")]
        status_code: String,
    },
    /// An ECS task's last status changed (`PENDING`, `RUNNING`,
    /// `STOPPED`), with its stopped reason once it stopped.
    TaskStateChanged {
        #[serde(rename = "taskArn")]
        task_arn: String,
        cluster: String,
        from: String,
        to: String,
        reason: Option<String>,
        at: String,
    },
    /// The simulated clock moved.
    ClockAdvanced { now: String, seconds: u64 },
    /// The account was charged (at most one per advance): `amount` since
    /// the last such event and the `total` so far, in US dollars as
    /// decimals (`"0.0116"`).
    CostAccrued { amount: String, total: String },
    /// A lesson step's goals all hold.
    StepCompleted {
        lesson: String,
        step: usize,
        title: String,
    },
    /// Every step of a lesson is complete.
    LessonCompleted { lesson: String },
}
