//! Elastic Load Balancing: Application and Network Load Balancers (the
//! `elbv2` API: load balancers, target groups, targets, listeners and
//! rules) and Classic Load Balancers (the `elb` API). Resources live per
//! region; provisioning, health checks and deregistration delays wait in
//! one scheduler that the world's clock fires. Instances, subnets and
//! security groups are EC2's: this service reads them, never changes them.

pub mod actions;
pub mod attributes;
pub mod classic;
pub mod health_checks;
pub mod hooks;
pub mod listeners;
pub mod load_balancers;
pub mod names;
pub mod routing;
pub mod rules;
pub mod target_groups;
pub mod targets;

use crate::ec2::paging::{decode_token, encode_token};
use crate::ec2::Ec2;
use crate::kernel::{ApiError, Context, Revision, Scheduler, SimTime};
use indexmap::IndexMap;
use std::collections::BTreeMap;

/// Everything Elastic Load Balancing holds in one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElbRegion {
    /// Application and Network Load Balancers by ARN, in creation order.
    pub load_balancers: IndexMap<String, load_balancers::LoadBalancer>,
    /// Target groups by ARN.
    pub target_groups: IndexMap<String, target_groups::TargetGroup>,
    /// Listeners by ARN.
    pub listeners: IndexMap<String, listeners::Listener>,
    /// The rules listeners have besides their default rule, by ARN.
    pub rules: IndexMap<String, rules::Rule>,
    /// Classic Load Balancers by name.
    pub classic: IndexMap<String, classic::ClassicLoadBalancer>,
}

/// The set of targets a health check belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pool {
    /// A target group, by ARN.
    Group(String),
    /// A Classic Load Balancer's instances, by the load balancer's name.
    Classic(String),
}

/// What a timer does when it fires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timer {
    /// A load balancer finished provisioning: `provisioning` → `active`.
    Provisioned { region: String, arn: String },
    /// One health check of one target. Stale (ignored) once the target's
    /// generation has moved on: it was deregistered, or its checks restarted.
    Check {
        region: String,
        pool: Pool,
        target: targets::TargetKey,
        generation: u64,
    },
    /// A deregistered target's delay is over: it leaves the group. Stale
    /// unless the target is still draining until this very moment.
    Drained {
        region: String,
        target_group_arn: String,
        target: targets::TargetKey,
    },
}

/// Elastic Load Balancing across all regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Elb {
    regions: BTreeMap<String, ElbRegion>,
    timers: Scheduler<Timer>,
    /// Connections the learner's machine opened to load balancers: each
    /// takes the next ephemeral source port, so each is a new flow.
    connections: u64,
}

/// A `ValidationError`, which the Query API returns for malformed requests.
pub fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message)
}

/// The Query API's wording for a value outside its model's constraint.
fn constraint(value: impl std::fmt::Display, member: &str, rule: &str) -> ApiError {
    validation(format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {rule}"
    ))
}

/// Checks that `value` is one of the model's enum names for `member`.
pub fn check_enum(value: &str, member: &str, names: &[&str]) -> Result<(), ApiError> {
    if names.contains(&value) {
        return Ok(());
    }
    Err(constraint(
        value,
        member,
        &format!("Member must satisfy enum value set: [{}]", names.join(", ")),
    ))
}

/// Checks that `value` lies in `min..=max` for `member`.
pub fn check_range(value: i64, member: &str, min: i64, max: i64) -> Result<(), ApiError> {
    if value < min {
        return Err(constraint(
            value,
            member,
            &format!("Member must have value greater than or equal to {min}"),
        ));
    }
    if value > max {
        return Err(constraint(
            value,
            member,
            &format!("Member must have value less than or equal to {max}"),
        ));
    }
    Ok(())
}

/// A port member (1–65535).
pub fn port(value: i64, member: &str) -> Result<u16, ApiError> {
    check_range(value, member, 1, 65535)?;
    u16::try_from(value).map_err(|_| constraint(value, member, "Member must be a port"))
}

/// One page of a Describe action's `items` (`Marker`/`PageSize` paging,
/// 1 to 400 a page); the marker of the next page, if any.
pub fn page<T>(
    what: &str,
    items: Vec<T>,
    marker: Option<&str>,
    page_size: Option<i64>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    if let Some(size) = page_size {
        check_range(size, "pageSize", 1, 400)?;
    }
    let start = match marker {
        Some(marker) => decode_token(what, marker)
            .map_err(|_| validation(format!("Invalid value '{marker}' for marker")))?,
        None => 0,
    };
    let size = page_size
        .and_then(|s| usize::try_from(s).ok())
        .unwrap_or(usize::MAX);
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(start).take(size).collect();
    let end = start.saturating_add(page.len());
    let next = (end < total).then(|| encode_token(what, end));
    Ok((page, next))
}

/// Every simulated region exists from the start, so that a read (which is
/// not journaled) never adds one and a replay builds the same state.
impl Default for Elb {
    fn default() -> Self {
        Self {
            regions: crate::ec2::regions::REGIONS
                .iter()
                .map(|info| (info.name.to_string(), ElbRegion::default()))
                .collect(),
            timers: Scheduler::default(),
            connections: 0,
        }
    }
}

impl Elb {
    /// The state of `region`.
    pub fn region(&self, region: &str) -> Option<&ElbRegion> {
        self.regions.get(region)
    }

    /// The state of `region` with the timer queue (World refuses unknown
    /// regions before this).
    pub fn region_mut(&mut self, region: &str) -> (&mut ElbRegion, &mut Scheduler<Timer>) {
        (
            self.regions.entry(region.to_string()).or_default(),
            &mut self.timers,
        )
    }

    /// The source port of the learner's next connection to a load
    /// balancer (Linux's ephemeral range, 32768–60999, in turn).
    pub fn next_client_port(&mut self) -> u16 {
        let (low, high) = crate::ec2::reachability::CLIENT_EPHEMERAL_PORTS;
        let span = u64::from(high - low) + 1;
        let port = u64::from(low) + self.connections % span;
        self.connections += 1;
        u16::try_from(port).unwrap_or(low)
    }

    /// When the next timed effect is due.
    pub fn next_due(&self) -> Option<SimTime> {
        self.timers.next_due()
    }

    /// Fires every timer due at or before `ctx.now`: provisioning ends,
    /// health checks run against EC2's instances and guests (reusing a
    /// target's last verdict while the world is still at `revision`),
    /// drained targets leave their groups.
    pub fn fire_due(&mut self, ctx: &mut Context, ec2: &Ec2, revision: Revision) {
        while let Some((at, timer)) = self.timers.pop_due(ctx.now) {
            match timer {
                Timer::Provisioned { region, arn } => {
                    if let Some(state) = self.regions.get_mut(&region) {
                        state.provisioned(ctx, &arn);
                    }
                }
                Timer::Check {
                    region,
                    pool,
                    target,
                    generation,
                } => {
                    let (Some(state), Some(ec2_region)) =
                        (self.regions.get_mut(&region), ec2.region(&region))
                    else {
                        continue;
                    };
                    let check = health_checks::CheckTimer {
                        pool: &pool,
                        target: &target,
                        generation,
                        revision,
                    };
                    // The timer that fired comes back for the next check.
                    if let Some(next) = state.run_check(ctx, &mut self.timers, ec2_region, check) {
                        let timer = Timer::Check {
                            region,
                            pool,
                            target,
                            generation,
                        };
                        self.timers.schedule(next, timer);
                    }
                }
                Timer::Drained {
                    region,
                    target_group_arn,
                    target,
                } => {
                    if let Some(state) = self.regions.get_mut(&region) {
                        state.drained(ctx, &target_group_arn, &target, at);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_messages_are_worded_as_the_query_api_words_them() {
        assert_eq!(
            check_range(0, "port", 1, 65535).unwrap_err().message,
            "1 validation error detected: Value '0' at 'port' failed to satisfy constraint: Member must have value greater than or equal to 1"
        );
        assert_eq!(
            check_enum("FTP", "protocol", &["HTTP", "TCP"]).unwrap_err().message,
            "1 validation error detected: Value 'FTP' at 'protocol' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, TCP]"
        );
    }

    #[test]
    fn pages_follow_their_markers() {
        let (first, next) = page("lb", vec![1, 2, 3], None, Some(2)).unwrap();
        assert_eq!(first, vec![1, 2]);
        let (rest, end) = page("lb", vec![1, 2, 3], next.as_deref(), Some(2)).unwrap();
        assert_eq!((rest, end), (vec![3], None));
        assert_eq!(
            page("lb", vec![1], Some("junk"), None).unwrap_err().code,
            "ValidationError"
        );
    }
}
