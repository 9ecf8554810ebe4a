//! What the traffic model needs to know of the rest of the world, rebuilt
//! whenever that world changes: the running instances, and for each load
//! the share of its requests each instance gets (or why none does).

use super::{Load, LoadTarget};
use crate::ec2::reachability::{tcp_connect, Reachability};
use crate::ec2::{regions, Ec2};
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

/// Everything the model reads, in a fixed order so that runs repeat.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    pub hosts: Vec<HostView>,
    /// One per active load, in the order of the loads.
    pub routes: Vec<RouteView>,
    pub balancers: Vec<BalancerView>,
}

/// Describes the world as the traffic model sees it: every running
/// instance, and the path of each load's requests.
pub fn build(ec2: &Ec2, loads: &[Load]) -> View {
    let mut view = View::default();
    for info in regions::REGIONS {
        let Some(region) = ec2.region(info.name) else {
            continue;
        };
        for instance in region.instances.values() {
            let Some(running_since) = instance.running_since else {
                continue;
            };
            let group = region.tags.view(&instance.id).and_then(|tags| {
                tags.to_vec()
                    .into_iter()
                    .find(|tag| tag.key == GROUP_TAG)
                    .map(|tag| tag.value)
            });
            view.hosts.push(HostView {
                region: info.name.to_string(),
                instance_id: instance.id.clone(),
                instance_type: instance.instance_type.clone(),
                detailed: instance.detailed_monitoring,
                group,
                running_since,
            });
        }
    }
    view.routes = loads
        .iter()
        .map(|load| match &load.target {
            LoadTarget::Address(ip) => direct(ec2, &view.hosts, load, *ip),
            LoadTarget::Balancer(_) => RouteView {
                refused_share: 1.0,
                ..RouteView::default()
            },
        })
        .collect();
    view
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
