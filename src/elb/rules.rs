//! Listener rules of Application Load Balancers: CreateRule (conditions on
//! the path, host, method, headers, query string or source address, a
//! priority from 1 to 50000), DescribeRules (the default rule last),
//! ModifyRule, DeleteRule and SetRulePriorities, and how a request is
//! matched against conditions.

use super::actions::Action;
use super::listeners::Listener;
use super::{check_enum, check_range, names, page, validation, ElbRegion, Timer};
use crate::kernel::params::FromParam;
use crate::kernel::{wildcard, ApiError, Context, Scheduler};
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

/// Rules an Application Load Balancer holds at most (default rules apart).
const MAX_RULES: usize = 100;
/// Condition values (and, separately, wildcards) a rule takes at most.
const MAX_VALUES: usize = 5;

/// A rule of a listener, besides its default rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub arn: String,
    pub listener_arn: String,
    pub priority: u32,
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
}

/// A condition's list of values (`HostHeaderConfig`, `PathPatternConfig`,
/// `HttpRequestMethodConfig`, `SourceIpConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ValuesConfig {
    #[serde(default)]
    pub values: Vec<String>,
}

/// `HttpHeaderConditionConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct HeaderConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_name: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
}

/// `QueryStringKeyValuePair`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct KeyValue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `QueryStringConditionConfig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct QueryConfig {
    #[serde(default)]
    pub values: Vec<KeyValue>,
}

/// `RuleCondition`, as requests give it and responses print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Condition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_header_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_pattern_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_config: Option<HeaderConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_string_config: Option<QueryConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_request_method_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regex_values: Vec<String>,
}

/// Request of CreateRule.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateRuleRequest {
    pub listener_arn: String,
    pub conditions: Vec<Condition>,
    pub priority: i64,
    pub actions: Vec<Action>,
}

/// Request of ModifyRule.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyRuleRequest {
    pub rule_arn: String,
    #[serde(default)]
    pub conditions: Option<Vec<Condition>>,
    #[serde(default)]
    pub actions: Option<Vec<Action>>,
}

/// Request of DescribeRules.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRulesRequest {
    #[serde(default)]
    pub listener_arn: Option<String>,
    #[serde(default)]
    pub rule_arns: Vec<String>,
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

/// Request of DeleteRule.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RuleRequest {
    pub rule_arn: String,
}

/// `RulePriorityPair`.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RulePriority {
    #[serde(default)]
    pub rule_arn: Option<String>,
    #[serde(default)]
    pub priority: Option<i64>,
}

/// Request of SetRulePriorities.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetRulePrioritiesRequest {
    pub rule_priorities: Vec<RulePriority>,
}

/// A rule as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleView<'a> {
    pub rule_arn: &'a str,
    pub priority: String,
    pub conditions: &'a [Condition],
    pub actions: &'a [Action],
    pub is_default: bool,
}

/// Response of the rule actions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RulesResponse<'a> {
    pub rules: Vec<RuleView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

/// `RuleNotFound`.
pub fn rule_not_found() -> ApiError {
    ApiError::new("RuleNotFound", "One or more rules not found")
}

fn priority_in_use() -> ApiError {
    ApiError::new("PriorityInUse", "The specified priority is in use.")
}

const FIELDS: &[&str] = &[
    "http-header",
    "http-request-method",
    "host-header",
    "path-pattern",
    "query-string",
    "source-ip",
];

/// Checks one condition and returns it as AWS echoes it: host and path
/// conditions carry their values both in `Values` and in their config.
/// Adds its values and wildcards to the rule's counts.
fn checked_condition(
    condition: Condition,
    counts: &mut (usize, usize),
) -> Result<Condition, ApiError> {
    let field = condition
        .field
        .clone()
        .ok_or_else(|| validation("A condition field must be specified"))?;
    check_enum(&field, "field", FIELDS)?;
    if !condition.regex_values.is_empty() {
        return Err(validation(
            "Regular expression conditions are not simulated in this sandbox; use Values with wildcards",
        ));
    }
    let plain = |config: &Option<ValuesConfig>| -> Result<Vec<String>, ApiError> {
        match (condition.values.is_empty(), config) {
            (false, Some(_)) => Err(validation(format!(
                "You cannot specify both Values and a config for the '{field}' condition"
            ))),
            (false, None) => Ok(condition.values.clone()),
            (true, Some(config)) => Ok(config.values.clone()),
            (true, None) => Err(validation(format!(
                "A value must be specified for the '{field}' condition"
            ))),
        }
    };
    let mut out = Condition {
        field: Some(field.clone()),
        values: Vec::new(),
        host_header_config: None,
        path_pattern_config: None,
        http_header_config: None,
        query_string_config: None,
        http_request_method_config: None,
        source_ip_config: None,
        regex_values: Vec::new(),
    };
    let texts: Vec<String> = match field.as_str() {
        "host-header" => {
            let values = plain(&condition.host_header_config)?;
            for host in &values {
                if host.len() > 128 || !host.contains('.') {
                    return Err(validation(format!(
                        "The host header condition value '{host}' must contain a dot and be at most 128 characters"
                    )));
                }
            }
            out.values = values.clone();
            out.host_header_config = Some(ValuesConfig {
                values: values.clone(),
            });
            values
        }
        "path-pattern" => {
            let values = plain(&condition.path_pattern_config)?;
            if let Some(long) = values.iter().find(|p| p.len() > 128) {
                return Err(validation(format!(
                    "The path pattern '{long}' is longer than 128 characters"
                )));
            }
            out.values = values.clone();
            out.path_pattern_config = Some(ValuesConfig {
                values: values.clone(),
            });
            values
        }
        "http-request-method" => {
            let values = plain(&condition.http_request_method_config)?;
            if let Some(bad) = values.iter().find(|m| {
                m.is_empty()
                    || !m
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
            }) {
                return Err(validation(format!(
                    "The HTTP request method '{bad}' must be upper-case letters, '_' or '-'"
                )));
            }
            out.http_request_method_config = Some(ValuesConfig {
                values: values.clone(),
            });
            values
        }
        "source-ip" => {
            let values = plain(&condition.source_ip_config)?;
            if let Some(bad) = values.iter().find(|v| v.parse::<Ipv4Net>().is_err()) {
                return Err(validation(format!(
                    "The source IP condition value '{bad}' is not a valid CIDR block"
                )));
            }
            out.source_ip_config = Some(ValuesConfig {
                values: values.clone(),
            });
            values
        }
        "http-header" => {
            let config = condition.http_header_config.clone().ok_or_else(|| {
                validation(
                    "An HTTP header config must be specified for the 'http-header' condition",
                )
            })?;
            if config.http_header_name.as_deref().is_none_or(str::is_empty)
                || config.values.is_empty()
            {
                return Err(validation(
                    "An HTTP header condition needs a header name and at least one value",
                ));
            }
            let values = config.values.clone();
            out.http_header_config = Some(config);
            values
        }
        _ => {
            let config = condition.query_string_config.clone().ok_or_else(|| {
                validation(
                    "A query string config must be specified for the 'query-string' condition",
                )
            })?;
            if config.values.is_empty() || config.values.iter().any(|kv| kv.value.is_none()) {
                return Err(validation(
                    "A query string condition needs at least one key/value pair, each with a value",
                ));
            }
            let values = config
                .values
                .iter()
                .flat_map(|kv| kv.key.iter().chain(kv.value.iter()).cloned())
                .collect();
            out.query_string_config = Some(config);
            values
        }
    };
    counts.0 += texts.len();
    counts.1 += texts
        .iter()
        .map(|t| t.chars().filter(|c| *c == '*' || *c == '?').count())
        .sum::<usize>();
    Ok(out)
}

/// Checks a rule's conditions: one of each single kind, five values and
/// five wildcards in all.
fn checked_conditions(conditions: Vec<Condition>) -> Result<Vec<Condition>, ApiError> {
    if conditions.is_empty() {
        return Err(validation("A rule must have at least one condition"));
    }
    let mut counts = (0, 0);
    let mut checked: Vec<Condition> = Vec::with_capacity(conditions.len());
    for condition in conditions {
        let condition = checked_condition(condition, &mut counts)?;
        let single = [
            "host-header",
            "path-pattern",
            "http-request-method",
            "source-ip",
        ];
        if let Some(field) = condition.field.as_deref().filter(|f| single.contains(f)) {
            if checked.iter().any(|c| c.field.as_deref() == Some(field)) {
                return Err(validation(format!(
                    "A rule can have only one '{field}' condition"
                )));
            }
        }
        checked.push(condition);
    }
    if counts.0 > MAX_VALUES {
        return Err(validation(format!(
            "A rule can have at most {MAX_VALUES} condition values"
        )));
    }
    if counts.1 > MAX_VALUES {
        return Err(validation(format!(
            "A rule can have at most {MAX_VALUES} wildcards"
        )));
    }
    Ok(checked)
}

/// What of a request rules look at.
#[derive(Debug, Clone, Copy)]
pub struct RequestView<'a> {
    /// The Host header, without its port.
    pub host: &'a str,
    /// The path, without the query string.
    pub path: &'a str,
    pub query: &'a str,
    pub method: &'a str,
    /// Headers with lower-case names.
    pub headers: &'a [(String, String)],
    pub source: Ipv4Addr,
}

impl Condition {
    /// True when the request meets the condition (values OR together).
    pub fn matches(&self, request: &RequestView) -> bool {
        let values = |config: &Option<ValuesConfig>| -> Vec<String> {
            match config {
                Some(config) => config.values.clone(),
                None => self.values.clone(),
            }
        };
        match self.field.as_deref() {
            Some("host-header") => values(&self.host_header_config).iter().any(|p| {
                wildcard::matches(&p.to_ascii_lowercase(), &request.host.to_ascii_lowercase())
            }),
            Some("path-pattern") => values(&self.path_pattern_config)
                .iter()
                .any(|p| wildcard::matches(p, request.path)),
            Some("http-request-method") => values(&self.http_request_method_config)
                .iter()
                .any(|m| m == request.method),
            Some("source-ip") => values(&self.source_ip_config)
                .iter()
                .filter_map(|v| v.parse::<Ipv4Net>().ok())
                .any(|net| net.contains(&request.source)),
            Some("http-header") => self.http_header_config.as_ref().is_some_and(|config| {
                let name = config
                    .http_header_name
                    .as_deref()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                request.headers.iter().any(|(n, v)| {
                    *n == name
                        && config.values.iter().any(|p| {
                            wildcard::matches(&p.to_ascii_lowercase(), &v.to_ascii_lowercase())
                        })
                })
            }),
            Some("query-string") => self.query_string_config.as_ref().is_some_and(|config| {
                let pairs: Vec<(&str, &str)> = request
                    .query
                    .split('&')
                    .filter(|p| !p.is_empty())
                    .map(|p| p.split_once('=').unwrap_or((p, "")))
                    .collect();
                config.values.iter().any(|kv| {
                    pairs.iter().any(|(k, v)| {
                        kv.key.as_deref().is_none_or(|key| {
                            wildcard::matches(&key.to_ascii_lowercase(), &k.to_ascii_lowercase())
                        }) && kv.value.as_deref().is_some_and(|value| {
                            wildcard::matches(&value.to_ascii_lowercase(), &v.to_ascii_lowercase())
                        })
                    })
                })
            }),
            _ => false,
        }
    }
}

impl ElbRegion {
    /// The rules of `listener`, lowest priority number first.
    pub fn rules_of(&self, listener: &str) -> Vec<&Rule> {
        let mut rules: Vec<&Rule> = self
            .rules
            .values()
            .filter(|r| r.listener_arn == listener)
            .collect();
        rules.sort_by_key(|r| r.priority);
        rules
    }

    /// The listener holding the rule `arn`, and the rule unless it is the
    /// default rule.
    fn find_rule(&self, arn: &str) -> Result<(&Listener, Option<&Rule>), ApiError> {
        if let Some(rule) = self.rules.get(arn) {
            let listener = self.listener(&rule.listener_arn)?;
            return Ok((listener, Some(rule)));
        }
        self.listeners
            .values()
            .find(|l| l.default_rule_arn == arn)
            .map(|l| (l, None))
            .ok_or_else(rule_not_found)
    }

    fn rule_view<'a>(&'a self, listener: &'a Listener, rule: Option<&'a Rule>) -> RuleView<'a> {
        match rule {
            Some(rule) => RuleView {
                rule_arn: &rule.arn,
                priority: rule.priority.to_string(),
                conditions: &rule.conditions,
                actions: &rule.actions,
                is_default: false,
            },
            None => RuleView {
                rule_arn: &listener.default_rule_arn,
                priority: "default".into(),
                conditions: &[],
                actions: &listener.default_actions,
                is_default: true,
            },
        }
    }

    /// CreateRule.
    pub fn create_rule(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: CreateRuleRequest,
    ) -> Result<RulesResponse<'_>, ApiError> {
        let listener = self.listener(&request.listener_arn)?;
        let lb = self.load_balancer(&listener.load_balancer_arn)?;
        if lb.network {
            return Err(validation(
                "Rules are supported only by listeners of Application Load Balancers",
            ));
        }
        check_range(request.priority, "priority", 1, 50000)?;
        let priority = request.priority as u32;
        if self
            .rules_of(&listener.arn)
            .iter()
            .any(|r| r.priority == priority)
        {
            return Err(priority_in_use());
        }
        let listeners: Vec<&str> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == lb.arn)
            .map(|l| l.arn.as_str())
            .collect();
        if self
            .rules
            .values()
            .filter(|r| listeners.contains(&r.listener_arn.as_str()))
            .count()
            >= MAX_RULES
        {
            return Err(ApiError::new(
                "TooManyRules",
                format!("A load balancer can have at most {MAX_RULES} rules"),
            ));
        }
        let conditions = checked_conditions(request.conditions)?;
        let actions = self.checked_actions(lb, &listener.protocol, request.actions)?;
        let listener_arn = listener.arn.clone();
        let arn = names::rule_arn(ctx, &listener_arn);
        self.rules.insert(
            arn.clone(),
            Rule {
                arn: arn.clone(),
                listener_arn,
                priority,
                conditions,
                actions,
            },
        );
        ctx.created("listener-rule", arn.clone());
        self.sync_usage(ctx, timers);
        let (listener, rule) = self.find_rule(&arn)?;
        Ok(RulesResponse {
            rules: vec![self.rule_view(listener, rule)],
            next_marker: None,
        })
    }

    /// DescribeRules.
    pub fn describe_rules(
        &self,
        request: &DescribeRulesRequest,
    ) -> Result<RulesResponse<'_>, ApiError> {
        let views: Vec<RuleView> = match (&request.listener_arn, request.rule_arns.is_empty()) {
            (Some(arn), true) => {
                let listener = self.listener(arn)?;
                self.rules_of(arn)
                    .into_iter()
                    .map(|r| self.rule_view(listener, Some(r)))
                    .chain(std::iter::once(self.rule_view(listener, None)))
                    .collect()
            }
            (None, false) => request
                .rule_arns
                .iter()
                .map(|arn| self.find_rule(arn).map(|(l, r)| self.rule_view(l, r)))
                .collect::<Result<_, _>>()?,
            _ => {
                return Err(validation(
                    "You must specify either listener ARN or rule ARNs",
                ))
            }
        };
        let (rules, next_marker) =
            page("rules", views, request.marker.as_deref(), request.page_size)?;
        Ok(RulesResponse { rules, next_marker })
    }

    /// ModifyRule: new conditions or actions; a default rule takes only
    /// actions, which become its listener's default actions.
    pub fn modify_rule(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: ModifyRuleRequest,
    ) -> Result<RulesResponse<'_>, ApiError> {
        let (listener, rule) = self.find_rule(&request.rule_arn)?;
        let lb = self.load_balancer(&listener.load_balancer_arn)?;
        let actions = request
            .actions
            .map(|actions| self.checked_actions(lb, &listener.protocol, actions))
            .transpose()?;
        let listener_arn = listener.arn.clone();
        match rule {
            None => {
                if request.conditions.is_some() {
                    return Err(ApiError::new(
                        "OperationNotPermitted",
                        "You cannot modify the conditions of a default rule",
                    ));
                }
                if let (Some(actions), Some(listener)) =
                    (actions, self.listeners.get_mut(&listener_arn))
                {
                    listener.default_actions = actions;
                }
            }
            Some(_) => {
                let conditions = request.conditions.map(checked_conditions).transpose()?;
                if let Some(rule) = self.rules.get_mut(&request.rule_arn) {
                    if let Some(conditions) = conditions {
                        rule.conditions = conditions;
                    }
                    if let Some(actions) = actions {
                        rule.actions = actions;
                    }
                }
            }
        }
        ctx.changed("listener-rule", request.rule_arn.clone());
        self.sync_usage(ctx, timers);
        let (listener, rule) = self.find_rule(&request.rule_arn)?;
        Ok(RulesResponse {
            rules: vec![self.rule_view(listener, rule)],
            next_marker: None,
        })
    }

    /// DeleteRule: the default rule stays as long as its listener.
    pub fn delete_rule(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: RuleRequest,
    ) -> Result<(), ApiError> {
        let (_, rule) = self.find_rule(&request.rule_arn)?;
        if rule.is_none() {
            return Err(ApiError::new(
                "OperationNotPermitted",
                format!("Default rule '{}' cannot be deleted", request.rule_arn),
            ));
        }
        self.rules.shift_remove(&request.rule_arn);
        ctx.deleted("listener-rule", request.rule_arn);
        self.sync_usage(ctx, timers);
        Ok(())
    }

    /// SetRulePriorities: all the new priorities apply together.
    pub fn set_rule_priorities(
        &mut self,
        ctx: &mut Context,
        request: SetRulePrioritiesRequest,
    ) -> Result<RulesResponse<'_>, ApiError> {
        if request.rule_priorities.is_empty() {
            return Err(validation("At least one rule priority must be specified"));
        }
        let mut changes: Vec<(String, u32)> = Vec::new();
        for pair in &request.rule_priorities {
            let arn = pair
                .rule_arn
                .clone()
                .ok_or_else(|| validation("A rule ARN must be specified"))?;
            let priority = pair
                .priority
                .ok_or_else(|| validation("A priority must be specified"))?;
            check_range(priority, "priority", 1, 50000)?;
            match self.find_rule(&arn)? {
                (_, None) => {
                    return Err(ApiError::new(
                        "OperationNotPermitted",
                        format!("The priority of the default rule '{arn}' cannot be set"),
                    ))
                }
                (_, Some(_)) => changes.push((arn, priority as u32)),
            }
        }
        // The priorities after the change must stay unique per listener.
        let after = |rule: &Rule| {
            changes
                .iter()
                .find(|(arn, _)| *arn == rule.arn)
                .map_or(rule.priority, |(_, p)| *p)
        };
        let mut seen: Vec<(&str, u32)> = Vec::new();
        for rule in self.rules.values() {
            let key = (rule.listener_arn.as_str(), after(rule));
            if seen.contains(&key) {
                return Err(priority_in_use());
            }
            seen.push(key);
        }
        for (arn, priority) in &changes {
            if let Some(rule) = self.rules.get_mut(arn) {
                rule.priority = *priority;
            }
            ctx.changed("listener-rule", arn.clone());
        }
        let mut rules = Vec::with_capacity(changes.len());
        for (arn, _) in &changes {
            let (listener, rule) = self.find_rule(arn)?;
            rules.push(self.rule_view(listener, rule));
        }
        Ok(RulesResponse {
            rules,
            next_marker: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(field: &str, values: &[&str]) -> Condition {
        Condition {
            field: Some(field.into()),
            values: values.iter().map(|v| v.to_string()).collect(),
            host_header_config: None,
            path_pattern_config: None,
            http_header_config: None,
            query_string_config: None,
            http_request_method_config: None,
            source_ip_config: None,
            regex_values: Vec::new(),
        }
    }

    fn request<'a>(host: &'a str, path: &'a str) -> RequestView<'a> {
        RequestView {
            host,
            path,
            query: "",
            method: "GET",
            headers: &[],
            source: Ipv4Addr::new(203, 0, 113, 25),
        }
    }

    #[test]
    fn paths_are_case_sensitive_and_hosts_are_not() {
        let images = checked_conditions(vec![condition("path-pattern", &["/img/*"])]).unwrap();
        assert_eq!(
            images[0].path_pattern_config.as_ref().unwrap().values,
            ["/img/*"]
        );
        assert!(images[0].matches(&request("a.example.com", "/img/cat.png")));
        assert!(!images[0].matches(&request("a.example.com", "/IMG/cat.png")));
        let host = checked_conditions(vec![condition("host-header", &["*.example.com"])]).unwrap();
        assert!(host[0].matches(&request("API.Example.com", "/")));
        assert!(!host[0].matches(&request("example.com", "/")));
    }

    #[test]
    fn limits_are_checked() {
        assert!(checked_conditions(vec![condition("host-header", &["localhost"])]).is_err());
        assert!(checked_conditions(vec![
            condition("path-pattern", &["/a"]),
            condition("path-pattern", &["/b"])
        ])
        .is_err());
        assert!(checked_conditions(vec![condition(
            "path-pattern",
            &["/1", "/2", "/3", "/4", "/5", "/6"]
        )])
        .is_err());
        assert!(checked_conditions(vec![condition("path-pattern", &["/*/*/*/*/*/*"])]).is_err());
        assert_eq!(
            checked_conditions(vec![condition("cookie", &["x"])])
                .unwrap_err()
                .code,
            "ValidationError"
        );
    }
}
