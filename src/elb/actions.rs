//! Listener and rule actions: `forward` (to one target group, or weighted
//! groups), `redirect` and `fixed-response`, checked as AWS checks them and
//! echoed in the complete form AWS returns.

use super::load_balancers::LoadBalancer;
use super::target_groups::group_not_found;
use super::{check_enum, check_range, validation, ElbRegion};
use crate::kernel::params::FromParam;
use crate::kernel::ApiError;
use serde::Serialize;
use serde_json::Value;

/// `TargetGroupTuple`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WeightedGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
}

/// `TargetGroupStickinessConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GroupStickiness {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
}

/// `ForwardActionConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ForwardConfig {
    #[serde(default)]
    pub target_groups: Vec<WeightedGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_stickiness_config: Option<GroupStickiness>,
}

/// `RedirectActionConfig`; the parts left out keep the request's own
/// (`#{protocol}`, `#{host}`, `#{port}`, `/#{path}`, `#{query}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RedirectConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub status_code: String,
}

/// `FixedResponseActionConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct FixedResponseConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_body: Option<String>,
    pub status_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// `Action`, as requests give it and responses print it. The
/// authentication actions are read only to be refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Action {
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_oidc_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_cognito_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_validation_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_config: Option<RedirectConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_response_config: Option<FixedResponseConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_config: Option<ForwardConfig>,
}

const ACTION_TYPES: &[&str] = &[
    "forward",
    "authenticate-oidc",
    "authenticate-cognito",
    "redirect",
    "fixed-response",
    "jwt-validation",
];

const CONTENT_TYPES: &[&str] = &[
    "text/plain",
    "text/css",
    "text/html",
    "application/javascript",
    "application/json",
];

impl Action {
    /// The target groups the action forwards to, with their weights.
    pub fn forwards_to(&self) -> impl Iterator<Item = (&str, i64)> + '_ {
        let weighted = self
            .forward_config
            .iter()
            .flat_map(|config| &config.target_groups)
            .filter_map(|g| Some((g.target_group_arn.as_deref()?, g.weight.unwrap_or(1))));
        let single = self
            .target_group_arn
            .as_deref()
            .filter(|_| self.forward_config.is_none())
            .map(|arn| (arn, 1));
        weighted.chain(single)
    }
}

/// A listener protocol's target group protocols.
fn compatible(listener: &str, group: &str) -> bool {
    match listener {
        "HTTP" | "HTTPS" => group == "HTTP" || group == "HTTPS",
        "TCP" => group == "TCP" || group == "TCP_UDP",
        "TLS" => group == "TCP" || group == "TLS",
        "UDP" => group == "UDP" || group == "TCP_UDP",
        "TCP_UDP" => group == "TCP_UDP",
        _ => false,
    }
}

impl ElbRegion {
    /// Checks the actions of a listener or rule on `lb` (whose listener
    /// speaks `protocol`) and returns them as AWS echoes them: a forward
    /// names its group both ways, a redirect spells out what it keeps.
    /// A target group may serve only this load balancer.
    pub fn checked_actions(
        &self,
        lb: &LoadBalancer,
        protocol: &str,
        actions: Vec<Action>,
    ) -> Result<Vec<Action>, ApiError> {
        if actions.is_empty() {
            return Err(validation("At least one action must be specified"));
        }
        let mut checked = Vec::with_capacity(actions.len());
        for action in actions {
            check_enum(&action.kind, "type", ACTION_TYPES)?;
            if let Some(order) = action.order {
                check_range(order, "order", 1, 50000)?;
            }
            checked.push(match action.kind.as_str() {
                "forward" => self.checked_forward(lb, protocol, action)?,
                "redirect" if !lb.network => checked_redirect(action, protocol)?,
                "fixed-response" if !lb.network => checked_fixed_response(action)?,
                "redirect" | "fixed-response" => {
                    return Err(ApiError::new(
                        "InvalidLoadBalancerAction",
                        format!(
                            "The action type '{}' is not valid with a network load balancer",
                            action.kind
                        ),
                    ))
                }
                other => {
                    return Err(ApiError::new(
                        "InvalidLoadBalancerAction",
                        format!("The action type '{other}' is not simulated in this sandbox; use forward, redirect or fixed-response"),
                    ))
                }
            });
        }
        if checked.len() > 1 {
            return Err(ApiError::new(
                "TooManyActions",
                "A rule or listener without authentication actions takes exactly one action",
            ));
        }
        Ok(checked)
    }

    fn checked_forward(
        &self,
        lb: &LoadBalancer,
        protocol: &str,
        action: Action,
    ) -> Result<Action, ApiError> {
        let groups: Vec<(String, i64)> = match (&action.target_group_arn, &action.forward_config) {
            (Some(arn), Some(config))
                if config
                    .target_groups
                    .iter()
                    .any(|g| g.target_group_arn.as_ref() != Some(arn)) =>
            {
                return Err(validation(
                    "With both a target group ARN and a forward config, the forward config must name only that target group",
                ))
            }
            (Some(arn), _) => vec![(arn.clone(), 1)],
            (None, Some(config)) => config
                .target_groups
                .iter()
                .map(|g| {
                    g.target_group_arn
                        .clone()
                        .map(|arn| (arn, g.weight.unwrap_or(1)))
                        .ok_or_else(|| validation("A target group ARN must be specified"))
                })
                .collect::<Result<_, _>>()?,
            (None, None) => {
                return Err(validation(
                    "A target group ARN must be specified for actions of the type 'forward'",
                ))
            }
        };
        if groups.is_empty() || groups.len() > 5 {
            return Err(validation(
                "A forward action takes from 1 to 5 target groups",
            ));
        }
        for (arn, weight) in &groups {
            check_range(*weight, "weight", 0, 999)?;
            let group = self.target_groups.get(arn).ok_or_else(group_not_found)?;
            if !compatible(protocol, &group.protocol) {
                return Err(ApiError::new(
                    "IncompatibleProtocols",
                    format!(
                        "Listener protocol '{protocol}' is not supported with a target group with the protocol '{}'",
                        group.protocol
                    ),
                ));
            }
            if group.vpc_id != lb.vpc_id {
                return Err(ApiError::new(
                    "InvalidConfigurationRequest",
                    format!(
                        "The target group '{arn}' is in VPC '{}', not in the load balancer's VPC '{}'",
                        group.vpc_id, lb.vpc_id
                    ),
                ));
            }
            if self.users_of(arn).iter().any(|user| *user != lb.arn) {
                return Err(ApiError::new(
                    "TargetGroupAssociationLimit",
                    format!("The following target groups cannot be associated with more than one load balancer: {arn}"),
                ));
            }
        }
        let stickiness = action
            .forward_config
            .as_ref()
            .and_then(|c| c.target_group_stickiness_config.clone())
            .unwrap_or(GroupStickiness {
                enabled: Some(false),
                duration_seconds: None,
            });
        Ok(Action {
            target_group_arn: (groups.len() == 1).then(|| groups[0].0.clone()),
            forward_config: Some(ForwardConfig {
                target_groups: groups
                    .into_iter()
                    .map(|(arn, weight)| WeightedGroup {
                        target_group_arn: Some(arn),
                        weight: Some(weight),
                    })
                    .collect(),
                target_group_stickiness_config: Some(stickiness),
            }),
            ..action
        })
    }
}

fn checked_redirect(action: Action, listener_protocol: &str) -> Result<Action, ApiError> {
    let config = action.redirect_config.clone().ok_or_else(|| {
        validation("A redirect configuration must be specified for actions of the type 'redirect'")
    })?;
    check_enum(&config.status_code, "statusCode", &["HTTP_301", "HTTP_302"])?;
    let protocol = config.protocol.unwrap_or_else(|| "#{protocol}".into());
    if !["HTTP", "HTTPS", "#{protocol}"].contains(&protocol.as_str()) {
        return Err(validation(format!(
            "The redirect protocol '{protocol}' must be 'HTTP', 'HTTPS' or '#{{protocol}}'"
        )));
    }
    if listener_protocol == "HTTPS" && protocol == "HTTP" {
        return Err(validation("You cannot redirect from HTTPS to HTTP"));
    }
    let port = config.port.unwrap_or_else(|| "#{port}".into());
    if port != "#{port}" && port.parse::<u16>().map_or(true, |p| p == 0) {
        return Err(validation(format!(
            "The redirect port '{port}' must be a port number from 1 to 65535 or '#{{port}}'"
        )));
    }
    let host = config.host.unwrap_or_else(|| "#{host}".into());
    let path = config.path.unwrap_or_else(|| "/#{path}".into());
    if !path.starts_with('/') {
        return Err(validation(
            "The redirect path must start with a '/' character",
        ));
    }
    let query = config.query.unwrap_or_else(|| "#{query}".into());
    let unchanged = protocol == "#{protocol}"
        && port == "#{port}"
        && host == "#{host}"
        && path == "/#{path}"
        && query == "#{query}";
    if unchanged {
        return Err(validation(
            "The redirect must change at least one of the protocol, port, host, path or query, or it would loop",
        ));
    }
    Ok(Action {
        redirect_config: Some(RedirectConfig {
            protocol: Some(protocol),
            port: Some(port),
            host: Some(host),
            path: Some(path),
            query: Some(query),
            status_code: config.status_code,
        }),
        ..action
    })
}

fn checked_fixed_response(action: Action) -> Result<Action, ApiError> {
    let config = action.fixed_response_config.clone().ok_or_else(|| {
        validation("A fixed response configuration must be specified for actions of the type 'fixed-response'")
    })?;
    let code = config.status_code.as_bytes();
    let valid = code.len() == 3
        && matches!(code[0], b'2' | b'4' | b'5')
        && code.iter().all(u8::is_ascii_digit);
    if !valid {
        return Err(validation(format!(
            "1 validation error detected: Value '{}' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(2|4|5)\\d\\d$",
            config.status_code
        )));
    }
    if let Some(content_type) = &config.content_type {
        check_enum(content_type, "contentType", CONTENT_TYPES)?;
    }
    if config.message_body.as_ref().is_some_and(|b| b.len() > 1024) {
        return Err(validation(
            "The fixed response message body can be at most 1024 characters",
        ));
    }
    Ok(action)
}
