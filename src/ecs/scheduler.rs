//! The service scheduler: at each turn of the region it keeps every
//! service's tasks at its desired count (placing new ones, replacing those
//! that stopped, stopping extras and those of older deployments), registers
//! RUNNING tasks with the service's load balancers as (instance, host
//! port) targets (a Classic Load Balancer takes the instance) and
//! deregisters (drains) them before they stop, and writes the service's
//! events in AWS's words.

use super::placement::Unplaced;
use super::services::LoadBalancer;
use super::tasks::{Launch, StopCause, STOP_SECONDS};
use super::RegionState;
use crate::ec2;
use crate::elb::hooks::TrafficSource;
use crate::elb::Elb;
use crate::kernel::{Context, SimTime};

/// How long a service that still cannot place a task waits before it
/// writes the placement failure event again. AWS publishes no interval;
/// the repeats seen in services' event logs are minutes to hours apart, and
/// five minutes lets a learner see one soon.
const PLACEMENT_EVENT_REPEAT_SECONDS: u64 = 300;

/// Where a load balancer sends a service's traffic, and how its event
/// names it.
fn source_of(lb: &LoadBalancer) -> (TrafficSource, String, &'static str) {
    match (&lb.target_group_arn, &lb.load_balancer_name) {
        (Some(arn), _) => (
            TrafficSource::TargetGroup(arn.clone()),
            format!("(target-group {arn})"),
            "targets",
        ),
        (None, name) => {
            let name = name.clone().unwrap_or_default();
            (
                TrafficSource::Classic(name.clone()),
                format!("(elb {name})"),
                "instances",
            )
        }
    }
}

/// The short id of a task ARN, as events name tasks.
fn task_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

impl RegionState {
    /// One turn of every live service.
    pub fn reconcile_services(
        &mut self,
        ctx: &mut Context,
        hosts: &mut ec2::RegionState,
        elb: &mut Elb,
    ) {
        let arns: Vec<String> = self
            .services
            .values()
            .filter(|s| s.status != "INACTIVE")
            .map(|s| s.arn.clone())
            .collect();
        for arn in arns {
            self.deregister_leaving(ctx, hosts, elb, &arn);
            self.replace_unhealthy(ctx, hosts, elb, &arn);
            self.scale(ctx, hosts, elb, &arn);
            self.register_running(ctx, hosts, elb, &arn);
            self.settle_service(ctx, &arn);
        }
    }

    /// Deregisters the service's registered tasks that stopped or are
    /// stopping.
    fn deregister_leaving(
        &mut self,
        ctx: &mut Context,
        hosts: &ec2::RegionState,
        elb: &mut Elb,
        arn: &str,
    ) {
        let leaving: Vec<String> = self
            .tasks
            .values()
            .filter(|t| t.registered && t.desired_status == "STOPPED")
            .filter(|t| t.service.as_ref().is_some_and(|(s, _)| s == arn))
            .map(|t| t.arn.clone())
            .collect();
        self.drain(ctx, hosts, elb, arn, &leaving);
    }

    /// Takes `tasks` of service `arn` out of its load balancers; returns
    /// when the last of them finishes draining, if one drains.
    fn drain(
        &mut self,
        ctx: &mut Context,
        hosts: &ec2::RegionState,
        elb: &mut Elb,
        arn: &str,
        tasks: &[String],
    ) -> Option<u64> {
        let service = self.services.get(arn)?;
        let load_balancers = service.load_balancers.clone();
        let mut drained_until = None;
        for lb in &load_balancers {
            let (source, named, unit) = source_of(lb);
            let mut count = 0;
            for task_arn in tasks {
                let Some(task) = self.tasks.get(task_arn).filter(|t| t.registered) else {
                    continue;
                };
                let instance = task.ec2_instance_id.clone();
                let port = match &source {
                    TrafficSource::TargetGroup(_) => {
                        task.host_port(&lb.container_name, lb.container_port)
                    }
                    // The instance stays in a Classic Load Balancer while
                    // another task of the service runs on it.
                    TrafficSource::Classic(_) => {
                        let shared = self.tasks.values().any(|t| {
                            &t.arn != task_arn
                                && t.registered
                                && t.desired_status == "RUNNING"
                                && t.ec2_instance_id == instance
                                && t.service.as_ref().is_some_and(|(s, _)| s == arn)
                        });
                        if shared {
                            continue;
                        }
                        None
                    }
                };
                if let Ok(until) = elb.deregister(ctx, hosts, &source, &instance, port) {
                    drained_until = drained_until.max(until);
                    count += 1;
                }
            }
            if count > 0 {
                if let Some(service) = self.services.get_mut(arn) {
                    service.event(
                        ctx,
                        format!(
                            "(service {}) deregistered {count} {unit} in {named}",
                            service.name
                        ),
                    );
                }
            }
        }
        for task_arn in tasks {
            if let Some(task) = self.tasks.get_mut(task_arn) {
                task.registered = false;
            }
        }
        drained_until
    }

    /// Registers the service's RUNNING tasks not yet registered.
    fn register_running(
        &mut self,
        ctx: &mut Context,
        hosts: &ec2::RegionState,
        elb: &mut Elb,
        arn: &str,
    ) {
        let Some(service) = self.services.get(arn) else {
            return;
        };
        let load_balancers = service.load_balancers.clone();
        let arriving: Vec<String> = self
            .tasks
            .values()
            .filter(|t| {
                !t.registered && t.last_status == "RUNNING" && t.desired_status == "RUNNING"
            })
            .filter(|t| t.service.as_ref().is_some_and(|(s, _)| s == arn))
            .map(|t| t.arn.clone())
            .collect();
        for lb in &load_balancers {
            let (source, named, unit) = source_of(lb);
            let mut count = 0;
            for task_arn in &arriving {
                let Some(task) = self.tasks.get(task_arn) else {
                    continue;
                };
                let port = match &source {
                    TrafficSource::TargetGroup(_) => {
                        task.host_port(&lb.container_name, lb.container_port)
                    }
                    TrafficSource::Classic(_) => None,
                };
                if elb
                    .register(ctx, hosts, &source, &task.ec2_instance_id, port)
                    .is_ok()
                {
                    count += 1;
                }
            }
            if count > 0 {
                if let Some(service) = self.services.get_mut(arn) {
                    service.event(
                        ctx,
                        format!(
                            "(service {}) registered {count} {unit} in {named}",
                            service.name
                        ),
                    );
                }
            }
        }
        for task_arn in &arriving {
            if let Some(task) = self.tasks.get_mut(task_arn) {
                task.registered = true;
            }
        }
    }

    /// Starts the tasks the service lacks and stops those it has too many
    /// of, or that belong to a deployment it moved on from.
    fn scale(&mut self, ctx: &mut Context, hosts: &ec2::RegionState, elb: &mut Elb, arn: &str) {
        let Some(service) = self.services.get(arn) else {
            return;
        };
        let desired = if service.status == "ACTIVE" {
            service.desired_count as usize
        } else {
            0
        };
        let (name, cluster) = (service.name.clone(), service.cluster.clone());
        let Some(primary) = service.deployments.first().cloned() else {
            return;
        };
        let old: Vec<String> = service.deployments[1..]
            .iter()
            .map(|d| d.id.clone())
            .collect();
        let live = |state: &RegionState, deployment: Option<&str>| -> Vec<String> {
            state
                .tasks
                .values()
                .filter(|t| t.desired_status == "RUNNING")
                .filter(|t| {
                    t.service
                        .as_ref()
                        .is_some_and(|(s, d)| s == arn && deployment.is_none_or(|id| id == d))
                })
                .map(|t| t.arn.clone())
                .collect()
        };
        let current = live(self, Some(&primary.id));
        let mut to_stop = Vec::new();
        if current.len() < desired {
            let Ok(definition) = self.runnable_definition(&primary.task_definition).cloned() else {
                return;
            };
            let group = format!("service:{name}");
            let mut started = Vec::new();
            let mut failure = None;
            for _ in current.len()..desired {
                match self.place(&cluster, &definition, Some(&group)) {
                    Ok(ci) => {
                        let launch = Launch {
                            group: group.clone(),
                            started_by: Some(primary.id.clone()),
                            service: Some((arn.to_string(), primary.id.clone())),
                        };
                        started.extend(self.create_task(ctx, &definition, &ci, launch));
                    }
                    Err(unplaced) => {
                        failure = Some(unplaced);
                        break;
                    }
                }
            }
            let Some(service) = self.services.get_mut(arn) else {
                return;
            };
            if !started.is_empty() {
                let ids: Vec<String> = started
                    .iter()
                    .map(|t| format!("(task {})", task_id(t)))
                    .collect();
                service.event(
                    ctx,
                    format!(
                        "(service {name}) has started {} tasks: {}.",
                        started.len(),
                        ids.join(" ")
                    ),
                );
                service.steady = false;
            }
            if let Some(unplaced) = failure {
                let why = match unplaced {
                    Unplaced::NoInstances => {
                        "Reason: No Container Instances were found in your cluster.".to_string()
                    }
                    Unplaced::NoRoom(shortfalls) => match shortfalls.first() {
                        Some((ci, lack)) => format!(
                            "The closest matching (container-instance {}) {}.",
                            task_id(ci),
                            lack.service_words()
                        ),
                        None => {
                            "Reason: No Container Instances were found in your cluster.".to_string()
                        }
                    },
                };
                let message = format!("(service {name}) was unable to place a task because no container instance met all of its requirements. {why} For more information, see the Troubleshooting section.");
                // AWS writes this again while the service still cannot
                // place, not at every attempt.
                let said = service
                    .events
                    .iter()
                    .find(|e| e.message == message)
                    .map(|e| e.created_at.0);
                let due = said.map_or(ctx.now, |at| at + PLACEMENT_EVENT_REPEAT_SECONDS);
                if ctx.now >= due {
                    service.event(ctx, message);
                }
                service.steady = false;
                // The scheduler tries again (and says so again) then, if
                // nothing else gave it room before.
                let again = if ctx.now >= due {
                    ctx.now + PLACEMENT_EVENT_REPEAT_SECONDS
                } else {
                    due
                };
                self.wake_at(again);
            }
        } else if current.len() > desired {
            // Scale-in: the newest tasks in the zone with the most go first.
            let mut ranked: Vec<(usize, u64, String)> = current
                .iter()
                .filter_map(|t| self.tasks.get(t))
                .map(|t| {
                    let in_zone = current
                        .iter()
                        .filter_map(|o| self.tasks.get(o))
                        .filter(|o| o.availability_zone == t.availability_zone)
                        .count();
                    (in_zone, t.created_at, t.arn.clone())
                })
                .collect();
            ranked.sort_by_key(|r| std::cmp::Reverse((r.0, r.1)));
            to_stop.extend(
                ranked
                    .into_iter()
                    .take(current.len() - desired)
                    .map(|(_, _, a)| a),
            );
        }
        // Older deployments' tasks go once the primary one is complete.
        let (running, _) = self.task_counts(arn, Some(&primary.id));
        if !old.is_empty() && running >= desired {
            for id in &old {
                to_stop.extend(live(self, Some(id)));
            }
        }
        let reason = format!("Scaling activity initiated by (deployment {})", primary.id);
        self.stop_tasks(ctx, hosts, elb, arn, &to_stop, &reason);
    }

    /// Stops the service's running tasks whose target a load balancer
    /// finds unhealthy, once their health check grace period is over, as
    /// the ECS scheduler does; [`RegionState::scale`] then starts their
    /// replacements. (ECS's throttling of tasks that keep failing is not
    /// simulated: a task that never passes is replaced again and again.)
    fn replace_unhealthy(
        &mut self,
        ctx: &mut Context,
        hosts: &ec2::RegionState,
        elb: &mut Elb,
        arn: &str,
    ) {
        let Some(service) = self.services.get(arn) else {
            return;
        };
        let grace = u64::from(service.health_check_grace_period.unwrap_or(0));
        let (name, load_balancers) = (service.name.clone(), service.load_balancers.clone());
        let mut look_again = None;
        for lb in &load_balancers {
            let (source, named, _) = source_of(lb);
            let mut failed = Vec::new();
            for task in self.tasks.values() {
                let ours = task.service.as_ref().is_some_and(|(s, _)| s == arn);
                let Some(started) = task.started_at else {
                    continue;
                };
                if !ours || !task.registered || task.desired_status != "RUNNING" {
                    continue;
                }
                let port = task.host_port(&lb.container_name, lb.container_port);
                let target_port = match source {
                    TrafficSource::TargetGroup(_) => port,
                    TrafficSource::Classic(_) => None,
                };
                let Some(why) =
                    elb.unhealthy_reason(hosts, &source, &task.ec2_instance_id, target_port)
                else {
                    continue;
                };
                // ECS ignores the load balancer's verdict for the grace
                // period after the task started; it looks again then.
                let grace_ends = started + grace;
                if ctx.now < grace_ends {
                    look_again =
                        Some(look_again.map_or(grace_ends, |at: SimTime| at.min(grace_ends)));
                    continue;
                }
                // AWS's documented form (the port is the host port; a
                // Classic Load Balancer's events name it too).
                let port = port.map(|p| format!(" (port {p})")).unwrap_or_default();
                let message = format!(
                    "(service {name}) (task {}) (instance {}){port} is unhealthy in {named} due to (reason {}).",
                    task.id,
                    task.ec2_instance_id,
                    why.trim_end_matches('.')
                );
                failed.push((task.arn.clone(), message));
            }
            if failed.is_empty() {
                continue;
            }
            if let Some(service) = self.services.get_mut(arn) {
                for (_, message) in &failed {
                    service.event(ctx, message.clone());
                }
            }
            let tasks: Vec<String> = failed.into_iter().map(|(task, _)| task).collect();
            let reason = format!("Task failed ELB health checks in {named}");
            self.stop_tasks(ctx, hosts, elb, arn, &tasks, &reason);
        }
        if let Some(at) = look_again {
            self.wake_at(at);
        }
    }

    /// Drains `to_stop`, tasks of service `arn`, from its load balancers
    /// and stops them for `reason` once drained, with the service's events.
    fn stop_tasks(
        &mut self,
        ctx: &mut Context,
        hosts: &ec2::RegionState,
        elb: &mut Elb,
        arn: &str,
        to_stop: &[String],
        reason: &str,
    ) {
        if to_stop.is_empty() {
            return;
        }
        let registered = to_stop
            .iter()
            .any(|t| self.tasks.get(t).is_some_and(|t| t.registered));
        let until = self.drain(ctx, hosts, elb, arn, to_stop);
        let delay = until.map_or(0, |u| u.saturating_sub(ctx.now)) + STOP_SECONDS;
        let cause = StopCause::Scheduler(reason.to_string());
        for task in to_stop {
            self.request_stop(ctx, task, &cause, delay);
        }
        let Some(service) = self.services.get_mut(arn) else {
            return;
        };
        let name = service.name.clone();
        if registered {
            service.event(
                ctx,
                format!(
                    "(service {name}) has begun draining connections on {} tasks.",
                    to_stop.len()
                ),
            );
        }
        let ids: Vec<String> = to_stop
            .iter()
            .map(|t| format!("(task {})", task_id(t)))
            .collect();
        service.event(
            ctx,
            format!(
                "(service {name}) has stopped {} running tasks: {}.",
                to_stop.len(),
                ids.join(" ")
            ),
        );
        service.steady = false;
    }

    /// Deployments that finished, old deployments with no task left, a
    /// deleted service that drained, and the steady-state event.
    fn settle_service(&mut self, ctx: &mut Context, arn: &str) {
        let (running, pending) = self.task_counts(arn, None);
        let live_tasks = || {
            self.tasks
                .values()
                .filter(|t| t.last_status != "STOPPED")
                .filter(|t| t.service.as_ref().is_some_and(|(s, _)| s == arn))
        };
        let live: Vec<String> = live_tasks()
            .filter_map(|t| t.service.as_ref().map(|(_, d)| d.clone()))
            .collect();
        // A task still draining or stopping counts as running, but the
        // service is not steady until it is gone.
        let stopping = live_tasks().any(|t| t.desired_status == "STOPPED");
        let primary_running = self
            .services
            .get(arn)
            .and_then(|s| s.deployments.first())
            .map(|d| self.task_counts(arn, Some(&d.id)).0);
        let Some(service) = self.services.get_mut(arn) else {
            return;
        };
        let desired = service.desired_count as usize;
        if let Some(primary) = service.deployments.first_mut() {
            if !primary.completed && primary_running == Some(desired) {
                primary.completed = true;
                primary.updated_at = ctx.now;
            }
        }
        let mut first = true;
        service
            .deployments
            .retain(|d| std::mem::take(&mut first) || live.contains(&d.id));
        if service.status == "DRAINING" && live.is_empty() {
            service.status = "INACTIVE".into();
            return;
        }
        let steady = service.status == "ACTIVE"
            && service.deployments.len() == 1
            && running == desired
            && pending == 0
            && !stopping;
        if steady && !service.steady {
            service.steady = true;
            let name = service.name.clone();
            service.event(ctx, format!("(service {name}) has reached a steady state."));
        }
    }
}
