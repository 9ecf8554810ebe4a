//! Health checks: a target group's settings (with AWS's defaults per
//! protocol and their limits) and the checks themselves, which run on
//! simulated time. A check is a connection from a load balancer node to
//! the target through EC2's network rules, then, for HTTP checks, a GET of
//! the path answered by the instance's own web server.

use super::targets::{
    health_event, instance_of, standing_behind, target_health, Failure, Standing, Thresholds,
};
use super::{check_enum, check_range, validation, ElbRegion, Pool, Timer};
use crate::ec2::instances::{Instance, InstanceState};
use crate::ec2::reachability::{vpc_connect, Reachability, VpcSource};
use crate::ec2::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Revision, Scheduler, SimTime};
use serde::Serialize;

/// `Matcher`: the HTTP codes a healthy target answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Matcher {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<String>,
}

/// A target group's health check settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheck {
    pub enabled: bool,
    /// `HTTP`, `HTTPS` or `TCP`.
    pub protocol: String,
    /// `None`: the port each target receives traffic on (`traffic-port`).
    pub port: Option<u16>,
    pub path: Option<String>,
    pub interval: u32,
    pub timeout: u32,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    /// Success codes (`200`, `200,302`, `200-299`) of HTTP checks.
    pub matcher: Option<String>,
}

/// The health check members of CreateTargetGroup and ModifyTargetGroup.
#[derive(Debug, Default, Clone)]
pub struct HealthCheckChanges {
    pub protocol: Option<String>,
    pub port: Option<String>,
    pub path: Option<String>,
    pub enabled: Option<bool>,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub healthy_threshold: Option<i64>,
    pub unhealthy_threshold: Option<i64>,
    pub matcher: Option<Matcher>,
}

/// The protocols the API knows for target groups and health checks.
pub const PROTOCOLS: &[&str] = &["HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE"];

/// True for the protocols of Application Load Balancer target groups.
pub fn is_http(protocol: &str) -> bool {
    protocol == "HTTP" || protocol == "HTTPS"
}

impl HealthCheck {
    /// AWS's defaults for a `group_protocol` target group checked over
    /// `protocol`: HTTP(S) groups 30 s / 5 s / 5 healthy / 2 unhealthy,
    /// path `/`, code 200; TCP-family groups 30 s / 10 s (6 s for HTTP
    /// checks) and codes 200–399 when checked over HTTP.
    pub fn defaults(group_protocol: &str, protocol: &str) -> Self {
        let alb = is_http(group_protocol);
        let http = is_http(protocol);
        Self {
            enabled: true,
            protocol: protocol.to_string(),
            port: None,
            path: http.then(|| "/".to_string()),
            interval: 30,
            timeout: match (alb, protocol) {
                (true, _) => 5,
                (false, "HTTP") => 6,
                (false, _) => 10,
            },
            healthy_threshold: 5,
            unhealthy_threshold: 2,
            matcher: http.then(|| if alb { "200" } else { "200-399" }.to_string()),
        }
    }

    /// A new group's settings: the defaults of its protocol, then `changes`.
    pub fn for_new_group(
        group_protocol: &str,
        changes: &HealthCheckChanges,
    ) -> Result<Self, ApiError> {
        let protocol = match &changes.protocol {
            Some(protocol) => protocol.clone(),
            None if is_http(group_protocol) => group_protocol.to_string(),
            None => "TCP".to_string(),
        };
        check_enum(&protocol, "healthCheckProtocol", PROTOCOLS)?;
        Self::defaults(group_protocol, &protocol).changed(group_protocol, changes)
    }

    /// These settings with `changes` applied and checked.
    pub fn changed(
        &self,
        group_protocol: &str,
        changes: &HealthCheckChanges,
    ) -> Result<Self, ApiError> {
        let mut next = self.clone();
        if let Some(protocol) = &changes.protocol {
            check_enum(protocol, "healthCheckProtocol", PROTOCOLS)?;
            if *protocol != next.protocol {
                let defaults = Self::defaults(group_protocol, protocol);
                next.protocol = defaults.protocol;
                next.path = defaults.path;
                next.matcher = defaults.matcher;
            }
        }
        let supported: &[&str] = if is_http(group_protocol) {
            &["HTTP", "HTTPS"]
        } else {
            &["HTTP", "HTTPS", "TCP"]
        };
        if !supported.contains(&next.protocol.as_str()) {
            return Err(validation(format!(
                "Health check protocol '{}' is not supported for target groups with the '{group_protocol}' protocol",
                next.protocol
            )));
        }
        if let Some(port) = &changes.port {
            next.port = match port.as_str() {
                "traffic-port" => None,
                text => Some(
                    text.parse::<u16>()
                        .ok()
                        .filter(|p| *p > 0)
                        .ok_or_else(|| {
                            validation(format!(
                                "Health check port '{text}' must be 'traffic-port' or a port number from 1 to 65535"
                            ))
                        })?,
                ),
            };
        }
        let http = is_http(&next.protocol);
        if let Some(path) = &changes.path {
            if !http {
                return Err(validation(format!(
                    "A health check path cannot be specified for health checks with the '{}' protocol",
                    next.protocol
                )));
            }
            if !path.starts_with('/') || path.len() > 1024 {
                return Err(validation(
                    "Health check path must begin with a '/' character and be at most 1024 characters",
                ));
            }
            next.path = Some(path.clone());
        }
        if let Some(enabled) = changes.enabled {
            if !enabled {
                return Err(validation(
                    "Health checks cannot be disabled for target groups with the target type 'instance' or 'ip'",
                ));
            }
        }
        if let Some(interval) = changes.interval {
            check_range(interval, "healthCheckIntervalSeconds", 5, 300)?;
            next.interval = interval as u32;
        }
        if let Some(timeout) = changes.timeout {
            check_range(timeout, "healthCheckTimeoutSeconds", 2, 120)?;
            next.timeout = timeout as u32;
        }
        if let Some(count) = changes.healthy_threshold {
            check_range(count, "healthyThresholdCount", 2, 10)?;
            next.healthy_threshold = count as u32;
        }
        if let Some(count) = changes.unhealthy_threshold {
            check_range(count, "unhealthyThresholdCount", 2, 10)?;
            next.unhealthy_threshold = count as u32;
        }
        if next.timeout >= next.interval {
            return Err(validation(format!(
                "Health check timeout '{}' must be smaller than the interval '{}'",
                next.timeout, next.interval
            )));
        }
        if let Some(matcher) = &changes.matcher {
            if matcher.grpc_code.is_some() {
                return Err(validation(
                    "A gRPC matcher needs the protocol version GRPC, which this sandbox does not simulate",
                ));
            }
            if let Some(codes) = &matcher.http_code {
                if !http {
                    return Err(validation(format!(
                        "A health check matcher cannot be specified for health checks with the '{}' protocol",
                        next.protocol
                    )));
                }
                let highest = if is_http(group_protocol) { 499 } else { 599 };
                if parse_codes(codes).is_none_or(|ranges| {
                    ranges
                        .iter()
                        .any(|&(low, high)| low < 200 || high > highest || low > high)
                }) {
                    return Err(validation(format!(
                        "Health check matcher HTTP code '{codes}' must be codes from 200 to {highest}, separated by commas or as a range such as 200-299"
                    )));
                }
                next.matcher = Some(codes.clone());
            }
        }
        Ok(next)
    }

    /// True when `code` is among the matcher's success codes.
    pub fn accepts(&self, code: u16) -> bool {
        // Read range by range rather than collected: every health check
        // asks. A matcher with a part that does not parse accepts nothing.
        self.matcher.as_deref().is_some_and(|text| {
            code_ranges(text)
                .try_fold(false, |found, range| {
                    range.map(|(low, high)| found || (low..=high).contains(&code))
                })
                .unwrap_or(false)
        })
    }
}

/// `200,202,300-399` as inclusive ranges.
fn parse_codes(text: &str) -> Option<Vec<(u16, u16)>> {
    code_ranges(text).collect()
}

/// Each comma-separated part of `200,202,300-399` as an inclusive range,
/// `None` for a part that does not parse.
fn code_ranges(text: &str) -> impl Iterator<Item = Option<(u16, u16)>> + '_ {
    text.split(',')
        .map(|part| match part.trim().split_once('-') {
            Some((low, high)) => Some((low.trim().parse().ok()?, high.trim().parse().ok()?)),
            None => {
                let code = part.trim().parse().ok()?;
                Some((code, code))
            }
        })
}

/// What one health check asks: the connection, then for HTTP checks the
/// path and the accepted codes.
pub struct Probe<'a> {
    pub source: VpcSource<'a>,
    pub port: u16,
    /// `None` for a TCP check.
    pub http: Option<&'a HealthCheck>,
}

/// Runs one check of `instance`.
pub fn probe(ec2: &RegionState, instance: &Instance, probe: &Probe) -> Result<(), Failure> {
    match vpc_connect(ec2, probe.source, instance, probe.port) {
        Reachability::TimedOut(_) => Err(Failure::Timeout),
        Reachability::Refused { .. } => Err(Failure::Failed),
        Reachability::Reached { .. } => {
            let Some(check) = probe.http else {
                return Ok(());
            };
            let path = check.path.as_deref().unwrap_or("/");
            // The web server looks files up without the query string.
            let path = path.split('?').next().unwrap_or("/");
            let status = ec2
                .guests
                .get(&instance.id)
                .and_then(|guest| guest.http_status(probe.port, path))
                .ok_or(Failure::Failed)?;
            if check.accepts(status) {
                Ok(())
            } else {
                Err(Failure::Codes(status))
            }
        }
    }
}

/// A health-check timer that fired.
pub struct CheckTimer<'a> {
    pub pool: &'a Pool,
    pub target: &'a super::targets::TargetKey,
    pub generation: u64,
    /// The world's revision: a verdict kept at it still holds.
    pub revision: Revision,
}

impl ElbRegion {
    /// Runs a due health check; returns when the next one is due (`None`:
    /// the target's checks are over).
    pub(super) fn run_check(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        ec2: &RegionState,
        timer: CheckTimer,
    ) -> Option<SimTime> {
        match timer.pool {
            Pool::Group(arn) => self.check_group_target(ctx, timers, ec2, arn, &timer),
            Pool::Classic(name) => self.check_classic_instance(ctx, ec2, name, &timer),
        }
    }

    fn check_group_target(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        ec2: &RegionState,
        arn: &str,
        timer: &CheckTimer,
    ) -> Option<SimTime> {
        let (group_index, _, group) = self.target_groups.get_full(arn)?;
        // The generation first: a number, which nearly always tells the
        // targets apart without comparing their ids.
        let index = group
            .targets
            .iter()
            .position(|t| t.generation == timer.generation && &t.key == timer.target)?;
        let target = &group.targets[index];
        let next = ctx.now + u64::from(group.health_check.interval);
        let thresholds = Thresholds {
            healthy: group.health_check.healthy_threshold,
            unhealthy: group.health_check.unhealthy_threshold,
            first_pass: true,
        };
        // Settled: a check in this same state of the world (the verdict is
        // kept only for a target that was checked) found what this one
        // would, and the target's health stays as it is. Most checks are
        // such; they need not look up the load balancer or the instance.
        // Draining is the one change the world's revision does not see.
        let settled = target.draining_until.is_none()
            && target
                .last_probe
                .at(timer.revision)
                .is_some_and(|kept| target.health.after(kept, thresholds) == target.health);
        if settled {
            return Some(next);
        }
        let load_balancer = self.first_user_of(arn)?;
        if !load_balancer.is_active() {
            return Some(next);
        }
        let instance = instance_of(ec2, group, &target.key);
        let gone = instance.is_none_or(|i| {
            matches!(
                i.state,
                InstanceState::ShuttingDown | InstanceState::Terminated
            )
        });
        if gone && group.target_type == "instance" {
            // A terminated instance is deregistered for you.
            let key = target.key.clone();
            self.start_draining(ctx, timers, ec2, arn, &key);
            return None;
        }
        let standing = standing_behind(Some(load_balancer), instance, target);
        let before = target_health(standing, target.health);
        let kept = target.last_probe.at(timer.revision);
        let result = match (standing, instance) {
            (Standing::Checked, Some(_)) if kept.is_some() => kept,
            (Standing::Checked, Some(instance)) => {
                let node = load_balancer.node_for(&instance.availability_zone)?;
                let port = group.health_check.port.unwrap_or(target.key.port);
                let check = &group.health_check;
                let probe_spec = Probe {
                    source: VpcSource {
                        address: node.address,
                        subnet_id: &node.subnet_id,
                        security_groups: &load_balancer.security_groups,
                    },
                    port,
                    http: is_http(&check.protocol).then_some(check),
                };
                Some(probe(ec2, instance, &probe_spec))
            }
            (Standing::Checked, None) => Some(Err(Failure::Timeout)),
            _ => None,
        };
        let (_, group) = self.target_groups.get_index_mut(group_index)?;
        let target = group.targets.get_mut(index)?;
        target.health = match result {
            Some(result) => {
                target.last_probe.keep(timer.revision, result);
                target.health.after(result, thresholds)
            }
            // Not checked (stopped, zone not served): it starts over.
            None => super::targets::Health::NEW,
        };
        let after = target_health(standing, target.health);
        if after != before {
            health_event(ctx, arn, timer.target, before.state, &after);
        }
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes() -> HealthCheckChanges {
        HealthCheckChanges::default()
    }

    #[test]
    fn defaults_follow_the_group_protocol() {
        let http = HealthCheck::for_new_group("HTTP", &changes()).unwrap();
        assert_eq!(
            (
                http.interval,
                http.timeout,
                http.healthy_threshold,
                http.unhealthy_threshold
            ),
            (30, 5, 5, 2)
        );
        assert_eq!(http.matcher.as_deref(), Some("200"));
        let tcp = HealthCheck::for_new_group("TCP", &changes()).unwrap();
        assert_eq!(
            (tcp.protocol.as_str(), tcp.timeout, tcp.path),
            ("TCP", 10, None)
        );
        let tcp_http = HealthCheck::for_new_group(
            "TCP",
            &HealthCheckChanges {
                protocol: Some("HTTP".into()),
                ..changes()
            },
        )
        .unwrap();
        assert_eq!(tcp_http.matcher.as_deref(), Some("200-399"));
    }

    #[test]
    fn limits_are_checked() {
        let base = HealthCheck::defaults("HTTP", "HTTP");
        let e = base
            .changed(
                "HTTP",
                &HealthCheckChanges {
                    interval: Some(5),
                    ..changes()
                },
            )
            .unwrap_err();
        assert_eq!(
            e.message,
            "Health check timeout '5' must be smaller than the interval '5'"
        );
        assert!(base
            .changed(
                "HTTP",
                &HealthCheckChanges {
                    protocol: Some("TCP".into()),
                    ..changes()
                }
            )
            .is_err());
        let codes = base
            .changed(
                "HTTP",
                &HealthCheckChanges {
                    matcher: Some(Matcher {
                        http_code: Some("200-299,302".into()),
                        grpc_code: None,
                    }),
                    ..changes()
                },
            )
            .unwrap();
        assert!(codes.accepts(204) && codes.accepts(302) && !codes.accepts(404));
    }
}
