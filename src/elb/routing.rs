//! Routing one request: a DNS name to its load balancer, the listener on
//! the port, an Application Load Balancer's rules by priority, then a
//! target by the group's algorithm (round robin; least outstanding
//! requests, which with one request at a time is round robin too), a
//! Network Load Balancer's flow hash within the client's zone, or a Classic
//! Load Balancer's round robin. [`Elb::serve`] carries a request from the
//! internet all the way to the instance's web server and back, answering
//! 502, 503 and 504 as the load balancer does.

use super::actions::{Action, RedirectConfig};
use super::load_balancers::Node;
use super::rules::RequestView;
use super::targets::{instance_of, Target, TargetKey};
use super::{Elb, ElbRegion};
use crate::ec2::guest::http::reason_phrase;
use crate::ec2::reachability::{vpc_connect, Reachability, VpcSource};
use crate::ec2::Ec2;
use crate::kernel::hash::Fnv1a;
use crate::kernel::SeededRng;
use std::fmt::Write;
use std::net::Ipv4Addr;

/// Seconds an Application Load Balancer waits for a target to accept a
/// connection before it answers 504 (AWS: 10 s).
pub const TARGET_CONNECT_TIMEOUT_SECONDS: u64 = 10;

/// A load balancer, as a DNS name points at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadBalancerRef {
    /// An Application or Network Load Balancer, by ARN.
    V2(String),
    /// A Classic Load Balancer, by name.
    Classic(String),
}

/// What a load balancer DNS name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub region: String,
    pub load_balancer: LoadBalancerRef,
    /// True for an internal load balancer: its name resolves to private
    /// addresses, unreachable from the internet.
    pub internal: bool,
}

/// One HTTP request to a load balancer.
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    /// The listener port.
    pub port: u16,
    /// The Host header (the DNS name the client used, without a port).
    pub host: &'a str,
    /// The path, with its query string if any.
    pub path: &'a str,
    pub method: &'a str,
    /// Further headers, names in lower case.
    pub headers: &'a [(String, String)],
    /// The client's address and source port: its flow.
    pub client: Ipv4Addr,
    pub client_port: u16,
}

/// Where a load balancer sends one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed {
    /// To a target: its group (none for a Classic Load Balancer), its id
    /// and port, and the instance behind it (for an IP target, the one
    /// holding the address, if any).
    Forward {
        target_group_arn: Option<String>,
        target_id: String,
        instance_id: Option<String>,
        port: u16,
    },
    /// The listener answers itself.
    FixedResponse {
        status: u16,
        content_type: Option<String>,
        body: String,
    },
    /// The listener redirects the client.
    Redirect { status: u16, location: String },
    /// No target to send it to (503).
    NoHealthyTarget,
    /// No listener on the port.
    NoListener,
}

/// An HTTP response as the client receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub reason: String,
    /// Headers before `Content-Length`, in order.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// How a request from the internet ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exchange {
    /// The connection to the load balancer got no answer.
    TimedOut,
    /// A Network (or TCP Classic) Load Balancer passed on the target's reset.
    Reset,
    /// The target answered, but not in HTTP (a TCP pass-through to sshd).
    NotHttp,
    /// An HTTP response.
    Response(HttpResponse),
}

/// The end of a request and the seconds the client waited for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub exchange: Exchange,
    pub waited: u64,
}

/// Where the requests of one client flow may go (see [`Elb::spread_flows`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spread {
    /// The target group (none behind a Classic Load Balancer).
    pub target_group_arn: Option<String>,
    /// The instances and ports the requests go round (one for a Network
    /// Load Balancer, which keeps a flow on one target).
    pub targets: Vec<(String, u16)>,
}

/// Where each of a load's client flows may go (see [`Elb::spread_flows`]):
/// flows mostly share their targets, so each distinct spread is listed
/// once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlowSpreads {
    /// The distinct spreads, in the order flows first reach them.
    pub spreads: Vec<Spread>,
    /// For each flow, the index of its spread in `spreads`; `None` where
    /// the load balancer answers it itself.
    pub flows: Vec<Option<usize>>,
}

impl FlowSpreads {
    /// Adds a flow that goes to `targets` through `target_group_arn`
    /// (none: the load balancer answers it itself).
    fn push(&mut self, target_group_arn: Option<&str>, targets: Vec<(&str, u16)>) {
        if targets.is_empty() {
            self.flows.push(None);
            return;
        }
        let same = |spread: &Spread| {
            spread.target_group_arn.as_deref() == target_group_arn
                && spread.targets.len() == targets.len()
                && spread
                    .targets
                    .iter()
                    .zip(&targets)
                    .all(|((id, port), (other, other_port))| id == other && port == other_port)
        };
        let at = match self.spreads.iter().position(same) {
            Some(at) => at,
            None => {
                self.spreads.push(Spread {
                    target_group_arn: target_group_arn.map(str::to_string),
                    targets: targets
                        .into_iter()
                        .map(|(id, port)| (id.to_string(), port))
                        .collect(),
                });
                self.spreads.len() - 1
            }
        };
        self.flows.push(Some(at));
    }
}

/// How a connection from a load balancer node to a target ended.
enum Reach {
    Answered(crate::ec2::guest::http::HttpAnswer),
    /// Something accepted the connection but does not speak HTTP.
    NotHttp,
    Refused,
    TimedOut,
}

/// Sends a request from the load balancer's node in the target's zone (or,
/// keeping the client's address, from the client) to `instance_id`:`port`.
fn reach(
    ec2: &Ec2,
    resolved: &Resolved,
    front: &Front,
    request: &HttpRequest,
    instance_id: Option<&str>,
    port: u16,
) -> Reach {
    let Some(ec2_region) = ec2.region(&resolved.region) else {
        return Reach::TimedOut;
    };
    let Some(instance) = instance_id.and_then(|id| ec2_region.instances.get(id)) else {
        return Reach::TimedOut;
    };
    let Some(node) = front
        .nodes
        .iter()
        .find(|n| n.zone == instance.availability_zone)
        .or(front.nodes.first())
    else {
        return Reach::TimedOut;
    };
    let source = VpcSource {
        address: if front.keeps_client_address {
            request.client
        } else {
            node.address
        },
        subnet_id: &node.subnet_id,
        security_groups: &front.security_groups,
    };
    match vpc_connect(ec2_region, source, instance, port) {
        Reachability::Reached { .. } => {
            let path = request.path.split('?').next().unwrap_or("/");
            match ec2_region
                .guests
                .get(&instance.id)
                .and_then(|g| g.http_get(port, path))
            {
                Some(answer) => Reach::Answered(answer),
                None => Reach::NotHttp,
            }
        }
        Reachability::Refused { .. } => Reach::Refused,
        Reachability::TimedOut(_) => Reach::TimedOut,
    }
}

/// The page an Application Load Balancer writes for its own errors.
fn alb_page(status: u16, reason: &str) -> HttpResponse {
    HttpResponse {
        status,
        reason: reason.to_string(),
        headers: vec![
            ("Server".into(), "awselb/2.0".into()),
            ("Content-Type".into(), "text/html".into()),
        ],
        body: format!("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n</body>\r\n</html>\r\n"),
    }
}

/// A Classic Load Balancer's own error: a status line and no body.
fn classic_error(status: u16, reason: &str) -> HttpResponse {
    HttpResponse {
        status,
        reason: reason.to_string(),
        headers: Vec::new(),
        body: String::new(),
    }
}

/// The index of a flow among `count` choices: the same flow always lands
/// on the same one.
pub fn flow_index(request: &HttpRequest, salt: &str, count: usize) -> usize {
    // The key is hashed as it is written rather than built as a string
    // first: the traffic model asks for thousands of flows a day.
    let mut key = Fnv1a::default();
    // Writing into a hasher cannot fail.
    let _ = write!(
        key,
        "{}:{}>{}:{salt}",
        request.client, request.client_port, request.port
    );
    // FNV's low bits follow the bytes' low bits too closely for a modulo;
    // one SplitMix64 step spreads them.
    let mixed = SeededRng::new(key.finish()).next_u64();
    usize::try_from(mixed % count.max(1) as u64).unwrap_or(0)
}

/// The URL a redirect sends the client to, its placeholders filled from
/// the request.
fn redirect_location(
    config: &RedirectConfig,
    request: &HttpRequest,
    listener_protocol: &str,
) -> String {
    let (path, query) = request.path.split_once('?').unwrap_or((request.path, ""));
    let fill = |text: &str| {
        text.replace("#{protocol}", &listener_protocol.to_ascii_lowercase())
            .replace("#{host}", request.host)
            .replace("#{port}", &request.port.to_string())
            .replace("#{path}", path.trim_start_matches('/'))
            .replace("#{query}", query)
    };
    let protocol = fill(config.protocol.as_deref().unwrap_or("#{protocol}")).to_ascii_lowercase();
    let host = fill(config.host.as_deref().unwrap_or("#{host}"));
    let port = fill(config.port.as_deref().unwrap_or("#{port}"));
    let path = fill(config.path.as_deref().unwrap_or("/#{path}"));
    let query = fill(config.query.as_deref().unwrap_or("#{query}"));
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{protocol}://{host}:{port}{path}{query}")
}

/// The targets a request may go to, and the zone it is confined to when
/// cross-zone load balancing is off: the healthy ones, or, when none is,
/// every routable one (AWS fails open rather than drop the traffic).
struct Candidates<'a> {
    healthy: Vec<&'a Target>,
    routable: Vec<&'a Target>,
}

impl<'a> Candidates<'a> {
    /// The targets to choose from, empty when there is none at all.
    fn pool(self) -> Vec<&'a Target> {
        if self.healthy.is_empty() {
            self.routable
        } else {
            self.healthy
        }
    }
}

/// The targets of a group behind a load balancer, each with its health
/// state and zone, and what decides a flow's zone.
struct GroupStanding<'a> {
    targets: Vec<(&'a Target, &'static str, Option<&'a str>)>,
    cross_zone: bool,
    nodes: &'a [Node],
    /// The load balancer's ARN, which salts the flow hash that picks a
    /// node.
    salt: &'a str,
}

impl<'a> GroupStanding<'a> {
    /// The targets this request may go to: the healthy ones (every
    /// routable one when none is), within the client's zone when
    /// cross-zone load balancing is off.
    fn pool(&self, request: &HttpRequest) -> Vec<&'a Target> {
        self.pool_in(self.zone(request))
    }

    /// The zone this request's targets must be in: `None` (any zone) with
    /// cross-zone load balancing on, else that of the node the flow
    /// reaches.
    fn zone(&self, request: &HttpRequest) -> Option<&'a str> {
        if self.cross_zone {
            return None;
        }
        let healthy_zones: Vec<&str> = self
            .targets
            .iter()
            .filter(|(_, state, _)| *state == "healthy")
            .filter_map(|(_, _, zone)| *zone)
            .collect();
        zone_for_flow(self.nodes, &healthy_zones, request, self.salt).map(|n| n.zone.as_str())
    }

    /// The targets a request limited to `zone` may go to.
    fn pool_in(&self, zone: Option<&str>) -> Vec<&'a Target> {
        let in_zone = |z: &Option<&str>| zone.is_none() || *z == zone;
        let candidates = Candidates {
            healthy: self
                .targets
                .iter()
                .filter(|(_, state, z)| *state == "healthy" && in_zone(z))
                .map(|(t, _, _)| *t)
                .collect(),
            routable: self
                .targets
                .iter()
                .filter(|(_, state, z)| {
                    (*state == "unhealthy" || *state == "initial") && in_zone(z)
                })
                .map(|(t, _, _)| *t)
                .collect(),
        };
        candidates.pool()
    }
}

/// Picks the node a client reaches when cross-zone load balancing is off:
/// DNS answers only with nodes whose zone has a healthy target (all of
/// them when none has), one chosen per flow.
pub fn zone_for_flow<'n>(
    nodes: &'n [Node],
    healthy_zones: &[&str],
    request: &HttpRequest,
    salt: &str,
) -> Option<&'n Node> {
    let live: Vec<&Node> = nodes
        .iter()
        .filter(|n| healthy_zones.contains(&n.zone.as_str()))
        .collect();
    let choices: Vec<&Node> = if live.is_empty() {
        nodes.iter().collect()
    } else {
        live
    };
    choices
        .get(flow_index(request, salt, choices.len()))
        .copied()
}

/// The target group of a forward action this request's flow goes to
/// (weighted groups: the flow picks a point on the weights' line).
fn group_for_flow<'a>(action: &'a Action, request: &HttpRequest) -> Option<&'a str> {
    let total: i64 = action.forwards_to().map(|(_, weight)| weight).sum();
    if total <= 0 {
        return None;
    }
    let mut groups = action.forwards_to();
    // One group takes every point on the line: no need to hash the flow.
    if action.forwards_to().nth(1).is_none() {
        return groups.next().map(|(arn, _)| arn);
    }
    let mut point = flow_index(request, "weights", total as usize) as i64;
    groups
        .find(|(_, weight)| {
            point -= weight;
            point < 0
        })
        .map(|(arn, _)| arn)
}

impl ElbRegion {
    /// The action of an Application or Network Load Balancer's listener
    /// for this request: the first rule whose conditions all match, by
    /// priority, else the default actions.
    fn action_for(&self, lb_arn: &str, request: &HttpRequest) -> Option<(&Action, String)> {
        let listener = self
            .listeners
            .values()
            .find(|l| l.load_balancer_arn == lb_arn && l.port == request.port)?;
        let (path, query) = request.path.split_once('?').unwrap_or((request.path, ""));
        let view = RequestView {
            host: request.host,
            path,
            query,
            method: request.method,
            headers: request.headers,
            source: request.client,
        };
        let actions = self
            .rules_of(&listener.arn)
            .into_iter()
            .find(|rule| rule.conditions.iter().all(|c| c.matches(&view)))
            .map_or(&listener.default_actions, |rule| &rule.actions);
        actions.first().map(|a| (a, listener.protocol.clone()))
    }

    /// Routes one request through the load balancer `lb_arn`.
    pub fn route(
        &mut self,
        ec2: &Ec2,
        region: &str,
        lb_arn: &str,
        request: &HttpRequest,
    ) -> Routed {
        let Some((action, protocol)) = self.action_for(lb_arn, request) else {
            return Routed::NoListener;
        };
        match action.kind.as_str() {
            "fixed-response" => {
                let config = action.fixed_response_config.clone();
                return Routed::FixedResponse {
                    status: config
                        .as_ref()
                        .and_then(|c| c.status_code.parse().ok())
                        .unwrap_or(200),
                    content_type: config.as_ref().and_then(|c| c.content_type.clone()),
                    body: config.and_then(|c| c.message_body).unwrap_or_default(),
                };
            }
            "redirect" => {
                let Some(config) = &action.redirect_config else {
                    return Routed::NoHealthyTarget;
                };
                return Routed::Redirect {
                    status: if config.status_code == "HTTP_302" {
                        302
                    } else {
                        301
                    },
                    location: redirect_location(config, request, &protocol),
                };
            }
            _ => {}
        }
        let Some(group_arn) = group_for_flow(action, request).map(str::to_string) else {
            return Routed::NoHealthyTarget;
        };
        self.pick_in_group(ec2, region, lb_arn, &group_arn, request)
    }

    /// The targets of `group_arn` this request may go to: the healthy ones
    /// (every routable one when none is), within the client's zone when
    /// cross-zone load balancing is off.
    fn pool_in_group(
        &self,
        ec2: &Ec2,
        region: &str,
        lb_arn: &str,
        group_arn: &str,
        request: &HttpRequest,
    ) -> Vec<TargetKey> {
        self.group_standing(ec2, region, lb_arn, group_arn)
            .map_or_else(Vec::new, |standing| {
                standing
                    .pool(request)
                    .into_iter()
                    .map(|t| t.key.clone())
                    .collect()
            })
    }

    /// How the targets of `group_arn` stand behind `lb_arn` now: what the
    /// pool of every flow is cut from.
    fn group_standing<'a>(
        &'a self,
        ec2: &'a Ec2,
        region: &str,
        lb_arn: &str,
        group_arn: &str,
    ) -> Option<GroupStanding<'a>> {
        let ec2_region = ec2.region(region)?;
        let lb = self.load_balancers.get(lb_arn)?;
        let group = self.target_groups.get(group_arn)?;
        let targets = group
            .targets
            .iter()
            .map(|t| {
                let zone =
                    instance_of(ec2_region, group, &t.key).map(|i| i.availability_zone.as_str());
                (t, self.health_of(ec2_region, group, t).state, zone)
            })
            .collect();
        let cross_zone = match group.attributes.get("load_balancing.cross_zone.enabled") {
            Some("true") => true,
            Some("false") => false,
            _ => lb.attributes.flag("load_balancing.cross_zone.enabled"),
        };
        Some(GroupStanding {
            targets,
            cross_zone,
            nodes: &lb.nodes,
            salt: &lb.arn,
        })
    }

    fn pick_in_group(
        &mut self,
        ec2: &Ec2,
        region: &str,
        lb_arn: &str,
        group_arn: &str,
        request: &HttpRequest,
    ) -> Routed {
        let pool = self.pool_in_group(ec2, region, lb_arn, group_arn, request);
        let (Some(ec2_region), Some(lb), Some(group)) = (
            ec2.region(region),
            self.load_balancers.get(lb_arn),
            self.target_groups.get(group_arn),
        ) else {
            return Routed::NoHealthyTarget;
        };
        if pool.is_empty() {
            return Routed::NoHealthyTarget;
        }
        let index = if lb.network {
            flow_index(request, group_arn, pool.len())
        } else {
            usize::try_from(group.forwarded % pool.len() as u64).unwrap_or(0)
        };
        let key: TargetKey = pool[index].clone();
        let instance_id = instance_of(ec2_region, group, &key).map(|i| i.id.clone());
        if let Some(group) = self.target_groups.get_mut(group_arn) {
            group.forwarded += 1;
        }
        Routed::Forward {
            target_group_arn: Some(group_arn.to_string()),
            target_id: key.id,
            instance_id,
            port: key.port,
        }
    }
}

impl Elb {
    /// The active load balancer whose DNS name is `host`, in any region
    /// (names are case-insensitive; a trailing dot is allowed).
    pub fn resolve(&self, host: &str) -> Option<Resolved> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.regions.iter().find_map(|(region, state)| {
            let v2 = state
                .load_balancers
                .values()
                .find(|lb| lb.is_active() && lb.dns_name.to_ascii_lowercase() == host)
                .map(|lb| (LoadBalancerRef::V2(lb.arn.clone()), lb.internal));
            let classic = || {
                state
                    .classic
                    .values()
                    .find(|lb| lb.dns_name.to_ascii_lowercase() == host)
                    .map(|lb| (LoadBalancerRef::Classic(lb.name.clone()), lb.internal))
            };
            v2.or_else(classic)
                .map(|(load_balancer, internal)| Resolved {
                    region: region.clone(),
                    load_balancer,
                    internal,
                })
        })
    }

    /// Where the load balancer sends one request (the round robin moves
    /// on). `Routed::NoListener` when the load balancer is gone.
    pub fn route(&mut self, ec2: &Ec2, resolved: &Resolved, request: &HttpRequest) -> Routed {
        let (state, _) = self.region_mut(&resolved.region);
        match &resolved.load_balancer {
            LoadBalancerRef::V2(arn) => state.route(ec2, &resolved.region, arn, request),
            LoadBalancerRef::Classic(name) => {
                state.route_classic(ec2, &resolved.region, name, request)
            }
        }
    }

    /// A request from the internet (`request.client`) through the load
    /// balancer to the target's web server: the load balancer's security
    /// groups must admit the client on the listener's port, then the
    /// target's must admit the load balancer (or, through a Network Load
    /// Balancer, which keeps the client's address, the client).
    pub fn serve(&mut self, ec2: &Ec2, resolved: &Resolved, request: &HttpRequest) -> Served {
        let timed_out = Served {
            exchange: Exchange::TimedOut,
            waited: 0,
        };
        let Some(front) = self.front(ec2, resolved, request) else {
            return timed_out;
        };
        let routed = self.route(ec2, resolved, request);
        let (http, classic) = (front.http, front.classic);
        let response = |page: HttpResponse| Served {
            exchange: Exchange::Response(page),
            waited: 0,
        };
        let error = |status: u16| {
            let reason = match status {
                503 if classic => "Service Unavailable: Back-end server is at capacity",
                503 => "Service Temporarily Unavailable",
                504 if classic => "GATEWAY_TIMEOUT",
                504 => "Gateway Time-out",
                _ => "Bad Gateway",
            };
            if classic {
                classic_error(status, reason)
            } else {
                alb_page(status, reason)
            }
        };
        match routed {
            Routed::NoListener => timed_out,
            Routed::NoHealthyTarget if http => response(error(503)),
            Routed::NoHealthyTarget => Served {
                exchange: Exchange::Reset,
                waited: 0,
            },
            Routed::FixedResponse {
                status,
                content_type,
                body,
            } => response(HttpResponse {
                status,
                reason: reason_phrase(status).to_string(),
                headers: vec![
                    ("Server".into(), "awselb/2.0".into()),
                    (
                        "Content-Type".into(),
                        format!(
                            "{}; charset=utf-8",
                            content_type.as_deref().unwrap_or("text/plain")
                        ),
                    ),
                ],
                body,
            }),
            Routed::Redirect { status, location } => {
                let reason = if status == 302 {
                    "Found"
                } else {
                    "Moved Permanently"
                };
                let mut page = alb_page(status, reason);
                page.headers.push(("Location".into(), location));
                response(page)
            }
            Routed::Forward {
                instance_id, port, ..
            } => match reach(ec2, resolved, &front, request, instance_id.as_deref(), port) {
                Reach::Answered(answer) => response(HttpResponse {
                    status: answer.status,
                    reason: reason_phrase(answer.status).to_string(),
                    headers: vec![("Content-Type".into(), "text/html; charset=UTF-8".into())],
                    body: answer.body,
                }),
                Reach::NotHttp | Reach::Refused if http => response(error(502)),
                Reach::NotHttp => Served {
                    exchange: Exchange::NotHttp,
                    waited: 0,
                },
                Reach::Refused => Served {
                    exchange: Exchange::Reset,
                    waited: 0,
                },
                Reach::TimedOut if http => Served {
                    exchange: Exchange::Response(error(504)),
                    waited: TARGET_CONNECT_TIMEOUT_SECONDS,
                },
                Reach::TimedOut => timed_out,
            },
        }
    }

    /// Whether the web server of `instance_id` answers on `port` when this
    /// request reaches the load balancer and is sent there (the client
    /// admitted, the target's security group admitting the load balancer,
    /// something serving HTTP).
    pub fn answers(
        &self,
        ec2: &Ec2,
        resolved: &Resolved,
        request: &HttpRequest,
        instance_id: &str,
        port: u16,
    ) -> bool {
        self.front(ec2, resolved, request).is_some_and(|front| {
            matches!(
                reach(ec2, resolved, &front, request, Some(instance_id), port),
                Reach::Answered(_)
            )
        })
    }

    /// Where the requests of `flows` client flows may go, flow `i` coming
    /// from `request`'s client port plus `i`. A flow gets `None` where the
    /// load balancer answers it itself (no listener, a fixed response or a
    /// redirect, no target at all). The listener's action and each target
    /// group's health are worked out once for all the flows: only the
    /// choices a flow hash makes (weighted group, zone, a Network Load
    /// Balancer's target) differ between them.
    pub fn spread_flows(
        &self,
        ec2: &Ec2,
        resolved: &Resolved,
        request: &HttpRequest,
        flows: u16,
    ) -> FlowSpreads {
        let mut out = FlowSpreads::default();
        let (Some(state), Some(ec2_region)) = (
            self.regions.get(&resolved.region),
            ec2.region(&resolved.region),
        ) else {
            out.flows = vec![None; usize::from(flows)];
            return out;
        };
        let requests = (0..flows).map(|flow| HttpRequest {
            client_port: request.client_port.wrapping_add(flow),
            ..*request
        });
        match &resolved.load_balancer {
            LoadBalancerRef::V2(arn) => {
                // Rules match on what all the flows share (host, path,
                // headers, source address), never on the client's port.
                let action = state
                    .action_for(arn, request)
                    .map(|(action, _)| action)
                    .filter(|action| action.kind == "forward");
                let network = state.load_balancers.get(arn).is_some_and(|lb| lb.network);
                let mut standings: Vec<(&str, Option<GroupStanding>)> = Vec::new();
                // Where an Application Load Balancer's flows went, by target
                // group (index into `standings`) and zone: its flows differ
                // only in those, so later flows reuse the first one's spread.
                let mut spread_of: Vec<(usize, Option<&str>, Option<usize>)> = Vec::new();
                for request in requests {
                    let Some(group_arn) = action.and_then(|a| group_for_flow(a, &request)) else {
                        out.flows.push(None);
                        continue;
                    };
                    let at = match standings.iter().position(|(g, _)| *g == group_arn) {
                        Some(at) => at,
                        None => {
                            let standing =
                                state.group_standing(ec2, &resolved.region, arn, group_arn);
                            standings.push((group_arn, standing));
                            standings.len() - 1
                        }
                    };
                    let (group_arn, standing) = &standings[at];
                    let zone = standing.as_ref().and_then(|s| s.zone(&request));
                    if !network {
                        if let Some((.., spread)) =
                            spread_of.iter().find(|(g, z, _)| (*g, *z) == (at, zone))
                        {
                            out.flows.push(*spread);
                            continue;
                        }
                    }
                    let mut pool = standing
                        .as_ref()
                        .map_or_else(Vec::new, |standing| standing.pool_in(zone));
                    // A Network Load Balancer keeps a flow on one target.
                    if network && !pool.is_empty() {
                        let pinned = pool.swap_remove(flow_index(&request, group_arn, pool.len()));
                        pool = vec![pinned];
                    }
                    let targets = state.target_groups.get(*group_arn).map(|g| {
                        pool.iter()
                            .filter_map(|t| {
                                Some((instance_of(ec2_region, g, &t.key)?.id.as_str(), t.key.port))
                            })
                            .collect()
                    });
                    out.push(Some(group_arn), targets.unwrap_or_default());
                    if !network {
                        spread_of.push((at, zone, out.flows.last().copied().flatten()));
                    }
                }
            }
            LoadBalancerRef::Classic(name) => {
                for request in requests {
                    let Some((listener, keys)) =
                        state.classic_pool(ec2, &resolved.region, name, &request)
                    else {
                        out.flows.push(None);
                        continue;
                    };
                    let targets = keys
                        .iter()
                        .map(|k| (k.id.as_str(), listener.instance_port))
                        .collect();
                    out.push(None, targets);
                }
            }
        }
        out
    }

    /// The load balancer's side of a request from the internet, if the
    /// client gets through to a listener.
    fn front(&self, ec2: &Ec2, resolved: &Resolved, request: &HttpRequest) -> Option<Front> {
        if resolved.internal {
            return None;
        }
        let state = self.regions.get(&resolved.region)?;
        let ec2_region = ec2.region(&resolved.region)?;
        let front = match &resolved.load_balancer {
            LoadBalancerRef::V2(arn) => {
                let lb = state.load_balancers.get(arn)?;
                let listener = state
                    .listeners
                    .values()
                    .find(|l| &l.load_balancer_arn == arn && l.port == request.port)?;
                let keeps_client_address = lb.network
                    && listener
                        .default_actions
                        .first()
                        .and_then(|a| a.forwards_to().next().map(|(g, _)| g.to_string()))
                        .and_then(|g| state.target_groups.get(&g))
                        .is_some_and(|g| g.attributes.flag("preserve_client_ip.enabled"));
                Front {
                    http: !lb.network,
                    classic: false,
                    keeps_client_address,
                    nodes: lb.nodes.clone(),
                    security_groups: lb.security_groups.clone(),
                }
            }
            LoadBalancerRef::Classic(name) => {
                let lb = state.classic.get(name)?;
                let listener = lb
                    .listeners
                    .iter()
                    .find(|l| l.load_balancer_port == request.port)?;
                let http = listener.is_http();
                Front {
                    http,
                    classic: true,
                    keeps_client_address: false,
                    nodes: lb.nodes.clone(),
                    security_groups: lb.security_groups.clone(),
                }
            }
        };
        // A load balancer without security groups (a Network Load Balancer
        // made without them) lets every client in.
        let admitted = front.security_groups.is_empty()
            || front
                .security_groups
                .iter()
                .filter_map(|id| ec2_region.security_groups.get(id))
                .flat_map(|g| &g.ingress)
                .any(|rule| rule.allows_tcp(request.port, request.client));
        admitted.then_some(front)
    }
}

/// The load balancer's side of a request from the internet.
struct Front {
    /// An HTTP listener: the load balancer answers errors itself.
    http: bool,
    /// A Classic Load Balancer, whose own errors have no page.
    classic: bool,
    /// The target sees the client's address (an NLB with client IP
    /// preservation), not the node's.
    keeps_client_address: bool,
    nodes: Vec<Node>,
    security_groups: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(port: u16) -> HttpRequest<'static> {
        HttpRequest {
            port: 80,
            host: "web-1.us-east-1.elb.amazonaws.com",
            path: "/old/page?x=1",
            method: "GET",
            headers: &[],
            client: Ipv4Addr::new(203, 0, 113, 25),
            client_port: port,
        }
    }

    #[test]
    fn flows_keep_their_choice() {
        let a = flow_index(&request(40000), "tg", 3);
        assert_eq!(a, flow_index(&request(40000), "tg", 3));
        let spread: std::collections::BTreeSet<usize> = (40000..40020)
            .map(|p| flow_index(&request(p), "tg", 3))
            .collect();
        assert!(spread.len() > 1);
    }

    #[test]
    fn redirects_fill_their_placeholders() {
        let config = RedirectConfig {
            protocol: Some("HTTPS".into()),
            port: Some("443".into()),
            host: Some("#{host}".into()),
            path: Some("/new/#{path}".into()),
            query: Some("#{query}".into()),
            status_code: "HTTP_301".into(),
        };
        assert_eq!(
            redirect_location(&config, &request(1), "HTTP"),
            "https://web-1.us-east-1.elb.amazonaws.com:443/new/old/page?x=1"
        );
    }
}
