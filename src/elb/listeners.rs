//! Listeners: CreateListener (HTTP/HTTPS on an Application Load Balancer,
//! TCP/TLS/UDP/TCP_UDP on a Network Load Balancer, one per port),
//! DescribeListeners, ModifyListener and DeleteListener. Each listener has
//! a default rule that holds its default actions.

use super::actions::Action;
use super::health_checks::PROTOCOLS;
use super::load_balancers::LoadBalancer;
use super::{check_enum, names, page, port, validation, ElbRegion, Timer};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler};
use serde::Serialize;

/// Listeners a load balancer takes at most.
const MAX_LISTENERS: usize = 50;

/// A listener: a port and protocol the load balancer accepts requests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    pub arn: String,
    pub load_balancer_arn: String,
    pub port: u16,
    pub protocol: String,
    pub default_actions: Vec<Action>,
    /// The ARN of its default rule (DescribeRules shows it last).
    pub default_rule_arn: String,
}

/// `Certificate`.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Certificate {
    #[serde(default)]
    pub certificate_arn: Option<String>,
    #[serde(default)]
    pub is_default: Option<bool>,
}

/// Request of CreateListener.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateListenerRequest {
    pub load_balancer_arn: String,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub port: Option<i64>,
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    pub default_actions: Vec<Action>,
}

/// Request of ModifyListener.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyListenerRequest {
    pub listener_arn: String,
    #[serde(default)]
    pub port: Option<i64>,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    #[serde(default)]
    pub default_actions: Option<Vec<Action>>,
}

/// Request of DescribeListeners.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeListenersRequest {
    #[serde(default)]
    pub load_balancer_arn: Option<String>,
    #[serde(default)]
    pub listener_arns: Vec<String>,
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

/// Request of DeleteListener.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListenerRequest {
    pub listener_arn: String,
}

/// A listener as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerView<'a> {
    pub listener_arn: &'a str,
    pub load_balancer_arn: &'a str,
    pub port: u16,
    pub protocol: &'a str,
    pub default_actions: &'a [Action],
}

/// Response of CreateListener, ModifyListener and DescribeListeners.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenersResponse<'a> {
    pub listeners: Vec<ListenerView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

impl Listener {
    fn view(&self) -> ListenerView<'_> {
        ListenerView {
            listener_arn: &self.arn,
            load_balancer_arn: &self.load_balancer_arn,
            port: self.port,
            protocol: &self.protocol,
            default_actions: &self.default_actions,
        }
    }
}

/// `ListenerNotFound`.
pub fn listener_not_found() -> ApiError {
    ApiError::new("ListenerNotFound", "One or more listeners not found")
}

/// Checks a listener's protocol for the kind of load balancer, and refuses
/// TLS ones: the sandbox has no certificates to give them.
fn check_protocol(
    lb: &LoadBalancer,
    protocol: &str,
    certificates: &[Certificate],
) -> Result<(), ApiError> {
    check_enum(protocol, "protocol", PROTOCOLS)?;
    let supported: &[&str] = if lb.network {
        &["TCP", "TLS", "UDP", "TCP_UDP"]
    } else {
        &["HTTP", "HTTPS"]
    };
    if !supported.contains(&protocol) {
        return Err(ApiError::new(
            "UnsupportedProtocol",
            format!(
                "Protocol '{protocol}' is not supported for load balancers of the type '{}'",
                lb.type_name()
            ),
        ));
    }
    if protocol == "HTTPS" || protocol == "TLS" {
        return match certificates
            .iter()
            .find_map(|c| c.certificate_arn.as_deref())
        {
            None => Err(validation(format!(
                "A certificate must be specified for {protocol} listeners"
            ))),
            Some(arn) => Err(ApiError::new(
                "CertificateNotFound",
                format!("Certificate '{arn}' not found"),
            )),
        };
    }
    Ok(())
}

impl ElbRegion {
    /// The ARNs of the load balancers whose listeners or rules forward to
    /// the target group `arn` (an ALB's group serves one at most).
    pub fn users_of<'a>(&'a self, arn: &'a str) -> Vec<&'a str> {
        let mut users: Vec<&str> = Vec::new();
        for user in self.forwarding_to(arn) {
            if !users.contains(&user) {
                users.push(user);
            }
        }
        users
    }

    /// The load balancer that uses the target group `arn`, if any (the
    /// first of [`ElbRegion::users_of`], without collecting them all:
    /// every health check asks).
    pub fn first_user_of(&self, arn: &str) -> Option<&LoadBalancer> {
        self.forwarding_to(arn)
            .next()
            .and_then(|user| self.load_balancers.get(user))
    }

    /// The load balancer ARN of each listener and rule forwarding to the
    /// target group `arn`: default actions first, then rules.
    fn forwarding_to<'a>(&'a self, arn: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let forwards = move |actions: &[Action]| {
            actions
                .iter()
                .any(|a| a.forwards_to().any(|(group, _)| group == arn))
        };
        let by_default = self
            .listeners
            .values()
            .filter(move |l| forwards(&l.default_actions));
        let by_rule = self
            .rules
            .values()
            .filter(move |r| forwards(&r.actions))
            .filter_map(|r| self.listeners.get(&r.listener_arn));
        by_default
            .chain(by_rule)
            .map(|listener| listener.load_balancer_arn.as_str())
    }

    /// The listener `arn`, or `ListenerNotFound`.
    pub fn listener(&self, arn: &str) -> Result<&Listener, ApiError> {
        self.listeners.get(arn).ok_or_else(listener_not_found)
    }

    /// CreateListener.
    pub fn create_listener(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: CreateListenerRequest,
    ) -> Result<ListenersResponse<'_>, ApiError> {
        let lb = self.load_balancer(&request.load_balancer_arn)?;
        let protocol = request
            .protocol
            .ok_or_else(|| validation("A listener protocol must be specified"))?;
        let port = port(
            request
                .port
                .ok_or_else(|| validation("A listener port must be specified"))?,
            "port",
        )?;
        check_protocol(lb, &protocol, &request.certificates)?;
        let siblings = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == lb.arn);
        if siblings.clone().any(|l| l.port == port) {
            return Err(ApiError::new(
                "DuplicateListener",
                format!(
                    "A listener already exists on this port for this load balancer '{}'",
                    lb.arn
                ),
            ));
        }
        if siblings.count() >= MAX_LISTENERS {
            return Err(ApiError::new(
                "TooManyListeners",
                format!("A load balancer can have at most {MAX_LISTENERS} listeners"),
            ));
        }
        let default_actions = self.checked_actions(lb, &protocol, request.default_actions)?;
        let lb_arn = lb.arn.clone();
        let arn = names::listener_arn(ctx, &lb_arn);
        let default_rule_arn = names::rule_arn(ctx, &arn);
        self.listeners.insert(
            arn.clone(),
            Listener {
                arn: arn.clone(),
                load_balancer_arn: lb_arn,
                port,
                protocol,
                default_actions,
                default_rule_arn,
            },
        );
        ctx.created("listener", arn.clone());
        self.sync_usage(ctx, timers);
        Ok(ListenersResponse {
            listeners: vec![self.listener(&arn)?.view()],
            next_marker: None,
        })
    }

    /// DescribeListeners.
    pub fn describe_listeners(
        &self,
        request: &DescribeListenersRequest,
    ) -> Result<ListenersResponse<'_>, ApiError> {
        let chosen: Vec<&Listener> =
            match (&request.load_balancer_arn, request.listener_arns.is_empty()) {
                (Some(lb), true) => {
                    self.load_balancer(lb)?;
                    self.listeners
                        .values()
                        .filter(|l| &l.load_balancer_arn == lb)
                        .collect()
                }
                (None, false) => request
                    .listener_arns
                    .iter()
                    .map(|arn| self.listener(arn))
                    .collect::<Result<_, _>>()?,
                _ => {
                    return Err(validation(
                        "You must specify either listener ARNs or a load balancer ARN",
                    ))
                }
            };
        let (chosen, next_marker) = page(
            "listeners",
            chosen,
            request.marker.as_deref(),
            request.page_size,
        )?;
        Ok(ListenersResponse {
            listeners: chosen.into_iter().map(Listener::view).collect(),
            next_marker,
        })
    }

    /// ModifyListener: a new port, protocol or default actions.
    pub fn modify_listener(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: ModifyListenerRequest,
    ) -> Result<ListenersResponse<'_>, ApiError> {
        let listener = self.listener(&request.listener_arn)?;
        let lb = self.load_balancer(&listener.load_balancer_arn)?;
        let protocol = request
            .protocol
            .unwrap_or_else(|| listener.protocol.clone());
        check_protocol(lb, &protocol, &request.certificates)?;
        let port = match request.port {
            Some(p) => port(p, "port")?,
            None => listener.port,
        };
        let taken = self
            .listeners
            .values()
            .any(|l| l.load_balancer_arn == lb.arn && l.port == port && l.arn != listener.arn);
        if taken {
            return Err(ApiError::new(
                "DuplicateListener",
                format!(
                    "A listener already exists on this port for this load balancer '{}'",
                    lb.arn
                ),
            ));
        }
        let actions = request
            .default_actions
            .unwrap_or_else(|| listener.default_actions.clone());
        let default_actions = self.checked_actions(lb, &protocol, actions)?;
        let listener = self
            .listeners
            .get_mut(&request.listener_arn)
            .ok_or_else(listener_not_found)?;
        listener.port = port;
        listener.protocol = protocol;
        listener.default_actions = default_actions;
        ctx.changed("listener", request.listener_arn.clone());
        self.sync_usage(ctx, timers);
        Ok(ListenersResponse {
            listeners: vec![self.listener(&request.listener_arn)?.view()],
            next_marker: None,
        })
    }

    /// DeleteListener: its rules go with it.
    pub fn delete_listener(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: ListenerRequest,
    ) -> Result<(), ApiError> {
        self.listener(&request.listener_arn)?;
        self.remove_listener(ctx, &request.listener_arn);
        self.sync_usage(ctx, timers);
        Ok(())
    }

    /// Removes a listener and its rules.
    pub(super) fn remove_listener(&mut self, ctx: &mut Context, arn: &str) {
        self.rules.retain(|_, rule| rule.listener_arn != arn);
        if self.listeners.shift_remove(arn).is_some() {
            ctx.deleted("listener", arn.to_string());
        }
    }
}
