//! What the traffic model needs to know of the rest of the world, rebuilt
//! whenever that world changes: the running instances, and for each load
//! the share of its requests each instance gets (or why none does).

use super::{Load, LoadTarget};
use crate::autoscaling::AutoScaling;
use crate::ec2::reachability::{tcp_connect, Reachability};
use crate::ec2::{regions, Ec2};
use crate::elb::routing::{HttpRequest, LoadBalancerRef};
use crate::elb::Elb;
use crate::kernel::clock::END_OF_TIME;
use crate::kernel::SimTime;
use std::net::Ipv4Addr;

/// A running instance that can take requests and reports CPU.
#[derive(Debug, Clone, PartialEq)]
pub struct HostView {
    pub region: String,
    pub instance_id: String,
    pub instance_type: String,
    /// Detailed monitoring: metrics every minute instead of every five.
    pub detailed: bool,
    /// The Auto Scaling group it belongs to (from its
    /// `aws:autoscaling:groupName` tag), for the group's metrics.
    pub group: Option<String>,
    /// From when its datapoints count toward the group's aggregated
    /// metrics: at once, or, when the group sets a default instance
    /// warm-up, that long after the instance entered InService (AWS leaves
    /// warming instances out of the group's metrics).
    pub counts_in_group_from: SimTime,
    /// When it started running, so that credits start at launch.
    pub running_since: SimTime,
}

/// Where one load's requests go.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RouteView {
    /// The targets and the share of requests each receives.
    pub legs: Vec<Leg>,
    /// The load balancer in front, as an index into [`View::balancers`].
    pub balancer: Option<usize>,
    /// The share of requests the load balancer answers itself with a 5XX
    /// (no healthy target in the node's zone, no listener...).
    pub refused_share: f64,
}

/// One target's part of a load.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    /// Index into [`View::hosts`].
    pub host: usize,
    /// The share of the load's requests sent to it (all legs and the
    /// refused share add up to 1).
    pub share: f64,
    /// The target group the leg goes through, as an index into the
    /// balancer's [`BalancerView::target_groups`].
    pub target_group: Option<usize>,
    /// False when nothing answers HTTP on the target's port: the load
    /// balancer answers 502 instead and the instance does no work.
    pub answers: bool,
}

/// The kinds of load balancer, by the CloudWatch namespace they report in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalancerKind {
    Application,
    Network,
    Classic,
}

/// A load balancer some load goes through.
#[derive(Debug, Clone, PartialEq)]
pub struct BalancerView {
    pub region: String,
    pub kind: BalancerKind,
    /// Its CloudWatch dimension value: `app/<name>/<id>`, `net/<name>/<id>`
    /// or, for a Classic load balancer, its name.
    pub dimension: String,
    pub target_groups: Vec<TargetGroupView>,
    /// Healthy and unhealthy registered instances of a Classic load
    /// balancer (target groups carry their own).
    pub healthy: u32,
    pub unhealthy: u32,
}

/// A target group behind a load balancer.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroupView {
    /// Its CloudWatch dimension value: `targetgroup/<name>/<id>`.
    pub dimension: String,
    pub healthy: u32,
    pub unhealthy: u32,
}

/// An Auto Scaling group that reports its metrics (EnableMetricsCollection).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupView {
    pub region: String,
    pub name: String,
    /// Each collected metric and its value.
    pub metrics: Vec<(&'static str, f64)>,
}

/// Everything the model reads, in a fixed order so that runs repeat.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    pub hosts: Vec<HostView>,
    pub groups: Vec<GroupView>,
    /// One per active load, in the order of the loads.
    pub routes: Vec<RouteView>,
    pub balancers: Vec<BalancerView>,
}

/// Describes the world as the traffic model sees it: every running
/// instance, the groups that report metrics, and the path of each load's
/// requests.
pub fn build(ec2: &Ec2, elb: &Elb, autoscaling: &AutoScaling, loads: &[Load]) -> View {
    let mut view = View::default();
    for info in regions::REGIONS {
        let Some(region) = autoscaling.region(info.name) else {
            continue;
        };
        for group in region
            .groups
            .values()
            .filter(|g| !g.collected_metrics.is_empty())
        {
            view.groups.push(GroupView {
                region: info.name.to_string(),
                name: group.name.clone(),
                metrics: group
                    .collected_metrics
                    .iter()
                    .map(|&metric| (metric, group.metric_value(metric)))
                    .collect(),
            });
        }
    }
    for info in regions::REGIONS {
        let Some(region) = ec2.region(info.name) else {
            continue;
        };
        for instance in region.instances.values() {
            let Some(running_since) = instance.running_since else {
                continue;
            };
            let group = region
                .tags
                .view(&instance.id)
                .and_then(|tags| tags.value(GROUP_TAG))
                .map(str::to_string);
            let counts_in_group_from = group.as_deref().map_or(0, |group| {
                warmed_up_at(autoscaling, info.name, group, &instance.id)
            });
            view.hosts.push(HostView {
                region: info.name.to_string(),
                instance_id: instance.id.clone(),
                instance_type: instance.instance_type.clone(),
                detailed: instance.detailed_monitoring,
                group,
                counts_in_group_from,
                running_since,
            });
        }
    }
    for load in loads {
        let route = match &load.target {
            LoadTarget::Address(ip) => direct(ec2, &view.hosts, load, *ip),
            LoadTarget::Balancer(host) => balanced(ec2, elb, &mut view, load, host),
        };
        view.routes.push(route);
    }
    view
}

/// How many client flows a load's routing is worked out for: enough for a
/// Network Load Balancer's flow hash to spread as it would.
const MAX_FLOWS: u32 = 64;

/// A load sent to a load balancer's DNS name: each client flow goes where
/// the load balancer sends it (round robin over the flow's targets, or
/// the one target a flow hash keeps it on); what no target answers, the
/// load balancer answers with a 5XX.
fn balanced(ec2: &Ec2, elb: &Elb, view: &mut View, load: &Load, host: &str) -> RouteView {
    let refused = RouteView {
        refused_share: 1.0,
        ..RouteView::default()
    };
    let Some(resolved) = elb.resolve(host) else {
        return refused;
    };
    let (kind, dimension) = match &resolved.load_balancer {
        LoadBalancerRef::V2(arn) => {
            let dimension = arn.split_once(":loadbalancer/").map_or("", |(_, d)| d);
            let kind = if dimension.starts_with("net/") {
                BalancerKind::Network
            } else {
                BalancerKind::Application
            };
            (kind, dimension.to_string())
        }
        LoadBalancerRef::Classic(name) => (BalancerKind::Classic, name.clone()),
    };
    let balancer = match view.balancers.iter().position(|b| b.dimension == dimension) {
        Some(index) => index,
        None => {
            view.balancers.push(BalancerView {
                region: resolved.region.clone(),
                kind,
                dimension,
                target_groups: Vec::new(),
                healthy: 0,
                unhealthy: 0,
            });
            view.balancers.len() - 1
        }
    };
    let flows = load.clients.clamp(1, MAX_FLOWS);
    let flow_share = 1.0 / f64::from(flows);
    let mut route = RouteView {
        balancer: Some(balancer),
        ..RouteView::default()
    };
    let request = HttpRequest {
        port: load.port,
        host,
        path: &load.path,
        method: "GET",
        headers: &[],
        client: load.client_ip,
        client_port: 40_000,
    };
    // At most MAX_FLOWS: the cast keeps the value.
    let spreads = elb.spread_flows(ec2, &resolved, &request, flows as u16);
    // What each distinct spread's targets come to, worked out when a flow
    // first reaches it: per target, the leg it adds to (none: a target
    // that is no running instance, whose share is refused).
    let mut spread_legs: Vec<Option<Vec<Option<usize>>>> = vec![None; spreads.spreads.len()];
    let mut answering: Vec<(&(String, u16), bool)> = Vec::new();
    for flow in spreads.flows {
        let Some(index) = flow else {
            route.refused_share += flow_share;
            continue;
        };
        let spread = &spreads.spreads[index];
        let legs = spread_legs[index].get_or_insert_with(|| {
            let group = spread.target_group_arn.as_deref().map(|arn| {
                target_group_index(
                    ec2,
                    elb,
                    &mut view.balancers[balancer],
                    &resolved.region,
                    arn,
                )
            });
            spread
                .targets
                .iter()
                .map(|target| {
                    let answers = match answering.iter().find(|(t, _)| *t == target) {
                        Some((_, answers)) => *answers,
                        None => {
                            let answers =
                                elb.answers(ec2, &resolved, &request, &target.0, target.1);
                            answering.push((target, answers));
                            answers
                        }
                    };
                    let host = view.hosts.iter().position(|h| h.instance_id == target.0)?;
                    let leg = route
                        .legs
                        .iter()
                        .position(|leg| leg.host == host && leg.target_group == group);
                    Some(leg.unwrap_or_else(|| {
                        route.legs.push(Leg {
                            host,
                            share: 0.0,
                            target_group: group,
                            answers,
                        });
                        route.legs.len() - 1
                    }))
                })
                .collect()
        });
        // Shares add up flow by flow, as requests arrive.
        let share = flow_share / spread.targets.len() as f64;
        for leg in legs.iter() {
            match leg {
                Some(leg) => route.legs[*leg].share += share,
                None => route.refused_share += share,
            }
        }
    }
    if kind == BalancerKind::Classic {
        let balancer = &mut view.balancers[balancer];
        balancer.healthy = answering.len() as u32;
    }
    route
}

/// The index of target group `arn` in the balancer's list, added with its
/// healthy and unhealthy counts when new.
fn target_group_index(
    ec2: &Ec2,
    elb: &Elb,
    balancer: &mut BalancerView,
    region: &str,
    arn: &str,
) -> usize {
    let dimension = arn.rsplit_once(':').map_or(arn, |(_, d)| d);
    if let Some(index) = balancer
        .target_groups
        .iter()
        .position(|g| g.dimension == dimension)
    {
        return index;
    }
    let targets = elb.group_targets(ec2, region, arn);
    let count = |state: &str| targets.iter().filter(|t| t.state == state).count() as u32;
    balancer.target_groups.push(TargetGroupView {
        dimension: dimension.to_string(),
        healthy: count("healthy"),
        unhealthy: count("unhealthy"),
    });
    balancer.target_groups.len() - 1
}

/// When instance `instance_id` of `group` has warmed up by the group's
/// DefaultInstanceWarmup (never while it is not in service); 0 when the
/// group sets none.
fn warmed_up_at(
    autoscaling: &AutoScaling,
    region: &str,
    group: &str,
    instance_id: &str,
) -> SimTime {
    let Some(group) = autoscaling.region(region).and_then(|r| r.groups.get(group)) else {
        return 0;
    };
    let Some(warm_up) = group.default_instance_warmup else {
        return 0;
    };
    group
        .instances
        .iter()
        .find(|m| m.instance_id == instance_id)
        .and_then(|m| m.in_service_since)
        .map_or(END_OF_TIME, |since| {
            since.saturating_add(warm_up.unsigned_abs())
        })
}

/// The tag Auto Scaling puts on the instances of a group.
const GROUP_TAG: &str = "aws:autoscaling:groupName";

/// A load sent straight to an instance's public address: every request
/// goes there if the connection gets through, none otherwise.
fn direct(ec2: &Ec2, hosts: &[HostView], load: &Load, ip: Ipv4Addr) -> RouteView {
    let reached = match tcp_connect(ec2, load.client_ip, ip, load.port) {
        Reachability::Reached { instance_id } => Some((instance_id, true)),
        Reachability::Refused { instance_id } => Some((instance_id, false)),
        Reachability::TimedOut(_) => None,
    };
    let leg = reached.and_then(|(instance_id, listening)| {
        let host = hosts.iter().position(|h| h.instance_id == instance_id)?;
        let region = ec2.region(&hosts[host].region)?;
        let answers = listening
            && region
                .guests
                .get(&instance_id)
                .is_some_and(|guest| guest.http_index(load.port).is_some());
        Some(Leg {
            host,
            share: 1.0,
            target_group: None,
            answers,
        })
    });
    RouteView {
        refused_share: if leg.is_some() { 0.0 } else { 1.0 },
        legs: leg.into_iter().collect(),
        balancer: None,
    }
}
