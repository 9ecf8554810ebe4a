//! Amazon Elastic Container Service on the sandbox's own EC2 instances (the
//! EC2 launch type): clusters, the container instances the ECS agent of
//! the ECS-optimized AMI registers, task definitions, tasks placed on
//! container instances (bridge and host networking, dynamic host ports
//! from 32768–61000), and services whose scheduler keeps a desired count
//! of tasks running and registers them with load balancers as (instance,
//! host port) targets.
//!
//! Not simulated: Fargate and the `awsvpc` network mode (refused with a
//! "not simulated" error), capacity providers, IAM roles (real container
//! instances need the `ecsInstanceRole` instance profile; the sandbox has
//! no IAM, so the agent registers without one), service auto scaling, and
//! ECS billing (the EC2 instances are billed already).
//!
//! Each region keeps its own state; a region's agents, tasks and services
//! move on one timer, as Auto Scaling's groups do.

pub mod clusters;
pub mod container_instances;
pub mod placement;
pub mod scheduler;
pub mod services;
pub mod task_definitions;
pub mod tasks;

use crate::ec2::{self, Ec2};
use crate::elb::Elb;
use crate::kernel::{ApiError, Context, RegionTurns, SimTime, TakesTurns, TurnRequest};
use indexmap::IndexMap;

/// The account every ARN names.
pub const ACCOUNT: &str = "123456789012";

/// Everything ECS holds in one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionState {
    /// Clusters by name, in creation order (deleted ones stay `INACTIVE`).
    pub clusters: IndexMap<String, clusters::Cluster>,
    /// Container instances by ARN, in registration order.
    pub container_instances: IndexMap<String, container_instances::ContainerInstance>,
    /// Task definitions by `family:revision`, in registration order.
    pub task_definitions: IndexMap<String, task_definitions::TaskDefinition>,
    /// Tasks by ARN, in creation order; stopped ones stay an hour.
    pub tasks: IndexMap<String, tasks::Task>,
    /// Services by ARN, in creation order.
    pub services: IndexMap<String, services::Service>,
    /// When the region next takes its turn.
    turn: TurnRequest,
}

impl TakesTurns for RegionState {
    fn turn_request(&mut self) -> &mut TurnRequest {
        &mut self.turn
    }
}

impl RegionState {
    /// Asks for a turn of the region at `at` (or earlier, if another change
    /// asked for earlier).
    pub fn wake_at(&mut self, at: SimTime) {
        self.turn.wake_at(at);
    }

    /// The ACTIVE cluster `name` (a name or an ARN; `default` when absent).
    pub fn cluster(&self, name: Option<&str>) -> Result<&clusters::Cluster, ApiError> {
        let name = clusters::name_of(name);
        self.clusters
            .get(name)
            .filter(|c| c.status == "ACTIVE")
            .ok_or_else(cluster_not_found)
    }
}

/// ECS across all regions. A region's state exists from its first change
/// on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ecs {
    regions: RegionTurns<RegionState>,
}

impl Ecs {
    /// The state of `region`, if anything was ever created there.
    pub fn region(&self, region: &str) -> Option<&RegionState> {
        self.regions.region(region)
    }

    /// Mutable state of `region`, created empty on first use.
    pub fn region_mut(&mut self, region: &str) -> &mut RegionState {
        self.regions.region_mut(region)
    }

    /// Queues the turn the last changes to `region` asked for. Call after
    /// every change.
    pub fn settle(&mut self, region: &str) {
        self.regions.settle(region);
    }

    /// When the next turn is due.
    pub fn next_due(&self) -> Option<SimTime> {
        self.regions.next_due()
    }

    /// Runs every region whose turn is due at or before `ctx.now`: agents
    /// register or lose their hosts, tasks move through their lifecycle,
    /// services place and stop tasks and (de)register them with `elb`.
    pub fn fire_due(&mut self, ctx: &mut Context, ec2: &mut Ec2, elb: &mut Elb) {
        while let Some((region, state)) = self.regions.next_turn(ctx.now) {
            let (Some(info), Some((hosts, _))) =
                (ec2::regions::info(&region), ec2.region_and_timers(&region))
            else {
                continue;
            };
            let mut region_ctx = Context {
                now: ctx.now,
                region: info.name,
                ids: ctx.ids,
                events: ctx.events,
            };
            state.turn(&mut region_ctx, hosts, elb);
            self.settle(info.name);
        }
    }

    /// EC2 changed at `now` (an instance booted, stopped or terminated;
    /// user data ran): the regions with ECS agents or container instances
    /// look at their hosts once an agent would have noticed.
    pub fn ec2_changed(&mut self, ec2: &Ec2, now: SimTime) {
        for info in ec2::regions::REGIONS {
            let has_agents = ec2
                .region(info.name)
                .is_some_and(|r| r.guests.values().any(|g| g.packages.contains("ecs-init")));
            let has_instances = self
                .region(info.name)
                .is_some_and(|r| !r.container_instances.is_empty());
            if has_agents || has_instances {
                self.region_mut(info.name)
                    .wake_at(now.saturating_add(container_instances::AGENT_SECONDS));
                self.settle(info.name);
            }
        }
    }

    /// A load balancer's health check changed a target's health at `now`:
    /// the regions whose services use load balancers take a turn at once,
    /// so that a task whose target failed is replaced.
    pub fn elb_changed(&mut self, now: SimTime) {
        let regions: Vec<String> = self
            .regions
            .regions()
            .filter(|(_, state)| {
                state
                    .services
                    .values()
                    .any(|s| s.status == "ACTIVE" && !s.load_balancers.is_empty())
            })
            .map(|(region, _)| region.clone())
            .collect();
        for region in regions {
            self.region_mut(&region).wake_at(now);
            self.settle(&region);
        }
    }
}

impl RegionState {
    /// One turn of the region at `ctx.now`, in a fixed order: the agents
    /// report their hosts, due tasks move on, services reconcile, and
    /// stopped tasks older than an hour are forgotten.
    fn turn(&mut self, ctx: &mut Context, hosts: &mut ec2::RegionState, elb: &mut Elb) {
        self.sync_agents(ctx, hosts);
        self.step_tasks(ctx, hosts);
        self.reconcile_services(ctx, hosts, elb);
        // Task state changes above may have freed room or ended a task a
        // service needs replaced: one more look settles it in this turn.
        self.step_tasks(ctx, hosts);
        let now = ctx.now;
        self.tasks.retain(|_, t| {
            t.stopped_at
                .is_none_or(|at| now < at + tasks::STOPPED_VISIBLE_SECONDS)
        });
        if let Some(next) = self.tasks.values().filter_map(|t| t.step_at).min() {
            self.wake_at(next.max(now + 1));
        }
    }
}

/// `ClusterNotFoundException`.
pub fn cluster_not_found() -> ApiError {
    ApiError::new("ClusterNotFoundException", "Cluster not found.")
}

/// `InvalidParameterException` with `message`.
pub fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameterException", message)
}

/// `ClientException` with `message`.
pub fn client(message: impl Into<String>) -> ApiError {
    ApiError::new("ClientException", message)
}

/// An ARN of ECS in `region`: `arn:aws:ecs:<region>:<account>:<resource>`.
pub fn arn(region: &str, resource: &str) -> String {
    format!("arn:aws:ecs:{region}:{ACCOUNT}:{resource}")
}

/// The last `/`-separated part of an ARN, or the text itself (requests
/// name clusters, services, tasks and container instances either way).
pub fn short_name(name_or_arn: &str) -> &str {
    if name_or_arn.starts_with("arn:") {
        name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
    } else {
        name_or_arn
    }
}

/// One page of a List action: ECS takes `maxResults` 1 to 100 (100 when
/// absent) and an opaque `nextToken`.
pub fn page(
    what: &str,
    items: Vec<String>,
    max_results: Option<i64>,
    next_token: Option<&str>,
) -> Result<(Vec<String>, Option<String>), ApiError> {
    let limit = match max_results {
        None => 100,
        Some(n @ 1..=100) => usize::try_from(n).unwrap_or(100),
        Some(_) => return Err(invalid("maxResults must be between 1 and 100.")),
    };
    let start = match next_token {
        Some(token) => {
            ec2::paging::decode_token(what, token).map_err(|_| invalid("Invalid nextToken."))?
        }
        None => 0,
    };
    let rest: Vec<String> = items.into_iter().skip(start).collect();
    let next = (rest.len() > limit).then(|| ec2::paging::encode_token(what, start + limit));
    Ok((rest.into_iter().take(limit).collect(), next))
}

/// A `{arn, reason}` entry of a response's `failures`.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Failure {
    pub arn: String,
    pub reason: String,
}

impl Failure {
    /// A resource the request named that does not exist (`MISSING`).
    pub fn missing(arn: String) -> Self {
        Self {
            arn,
            reason: "MISSING".into(),
        }
    }
}
