//! Load balancer and target group attributes: key/value settings, each
//! kind with its own keys, defaults and allowed values.

use super::validation;
use crate::kernel::params::FromParam;
use crate::kernel::ApiError;
use serde::Serialize;

/// One attribute, as requests give it and responses print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Attribute {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// What values a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Flag,
    /// Whole seconds in a range.
    Seconds(u32, u32),
    OneOf(&'static [&'static str]),
    /// Zero (off) or 30–900 seconds.
    SlowStart,
    Text,
}

/// A key, its default and its rule.
type Spec = (&'static str, &'static str, Rule);

const ACCESS_LOGS: [Spec; 3] = [
    ("access_logs.s3.enabled", "false", Rule::Flag),
    ("access_logs.s3.bucket", "", Rule::Text),
    ("access_logs.s3.prefix", "", Rule::Text),
];

/// An Application Load Balancer's attributes. Cross-zone load balancing is
/// always on at the load balancer level (a target group may turn it off).
const APPLICATION: [Spec; 13] = [
    (
        "client_keep_alive.seconds",
        "3600",
        Rule::Seconds(60, 604_800),
    ),
    ("deletion_protection.enabled", "false", Rule::Flag),
    ("idle_timeout.timeout_seconds", "60", Rule::Seconds(1, 4000)),
    (
        "load_balancing.cross_zone.enabled",
        "true",
        Rule::OneOf(&["true"]),
    ),
    (
        "routing.http.desync_mitigation_mode",
        "defensive",
        Rule::OneOf(&["monitor", "defensive", "strictest"]),
    ),
    (
        "routing.http.drop_invalid_header_fields.enabled",
        "false",
        Rule::Flag,
    ),
    (
        "routing.http.preserve_host_header.enabled",
        "false",
        Rule::Flag,
    ),
    (
        "routing.http.x_amzn_tls_version_and_cipher_suite.enabled",
        "false",
        Rule::Flag,
    ),
    ("routing.http.xff_client_port.enabled", "false", Rule::Flag),
    (
        "routing.http.xff_header_processing.mode",
        "append",
        Rule::OneOf(&["append", "preserve", "remove"]),
    ),
    ("routing.http2.enabled", "true", Rule::Flag),
    ("waf.fail_open.enabled", "false", Rule::Flag),
    ("zonal_shift.config.enabled", "false", Rule::Flag),
];

/// A Network Load Balancer's attributes: cross-zone is off by default.
const NETWORK: [Spec; 4] = [
    ("deletion_protection.enabled", "false", Rule::Flag),
    (
        "dns_record.client_routing_policy",
        "any_availability_zone",
        Rule::OneOf(&[
            "availability_zone_affinity",
            "partial_availability_zone_affinity",
            "any_availability_zone",
        ]),
    ),
    ("load_balancing.cross_zone.enabled", "false", Rule::Flag),
    ("zonal_shift.config.enabled", "false", Rule::Flag),
];

const TARGET_GROUP_HEALTH: [Spec; 5] = [
    (
        "deregistration_delay.timeout_seconds",
        "300",
        Rule::Seconds(0, 3600),
    ),
    (
        "load_balancing.cross_zone.enabled",
        "use_load_balancer_configuration",
        Rule::OneOf(&["true", "false", "use_load_balancer_configuration"]),
    ),
    (
        "target_group_health.dns_failover.minimum_healthy_targets.count",
        "1",
        Rule::Text,
    ),
    (
        "target_group_health.dns_failover.minimum_healthy_targets.percentage",
        "off",
        Rule::Text,
    ),
    (
        "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count",
        "1",
        Rule::Text,
    ),
];

/// An HTTP or HTTPS target group's own attributes.
const HTTP_GROUP: [Spec; 9] = [
    (
        "load_balancing.algorithm.type",
        "round_robin",
        Rule::OneOf(&[
            "round_robin",
            "least_outstanding_requests",
            "weighted_random",
        ]),
    ),
    (
        "load_balancing.algorithm.anomaly_mitigation",
        "off",
        Rule::OneOf(&["on", "off"]),
    ),
    ("slow_start.duration_seconds", "0", Rule::SlowStart),
    ("stickiness.enabled", "false", Rule::Flag),
    (
        "stickiness.type",
        "lb_cookie",
        Rule::OneOf(&["lb_cookie", "app_cookie"]),
    ),
    (
        "stickiness.lb_cookie.duration_seconds",
        "86400",
        Rule::Seconds(1, 604_800),
    ),
    ("stickiness.app_cookie.cookie_name", "", Rule::Text),
    (
        "stickiness.app_cookie.duration_seconds",
        "86400",
        Rule::Seconds(1, 604_800),
    ),
    (
        "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage",
        "off",
        Rule::Text,
    ),
];

/// A TCP, TLS, UDP or TCP_UDP target group's own attributes (client IP
/// preservation's default depends on the target type and is set apart).
const NETWORK_GROUP: [Spec; 6] = [
    (
        "deregistration_delay.connection_termination.enabled",
        "false",
        Rule::Flag,
    ),
    ("proxy_protocol_v2.enabled", "false", Rule::Flag),
    ("stickiness.enabled", "false", Rule::Flag),
    ("stickiness.type", "source_ip", Rule::OneOf(&["source_ip"])),
    (
        "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage",
        "off",
        Rule::Text,
    ),
    (
        "target_health_state.unhealthy.connection_termination.enabled",
        "true",
        Rule::Flag,
    ),
];

const CLIENT_IP: Spec = ("preserve_client_ip.enabled", "true", Rule::Flag);

/// The attributes of one resource, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attributes {
    specs: Vec<Spec>,
    values: Vec<String>,
    /// `Load balancer` or `Target group`, for messages.
    owner: &'static str,
}

impl Attributes {
    fn new(owner: &'static str, specs: Vec<Spec>) -> Self {
        let values = specs
            .iter()
            .map(|(_, value, _)| value.to_string())
            .collect();
        Self {
            specs,
            values,
            owner,
        }
    }

    /// A new load balancer's attributes (`network` for an NLB).
    pub fn load_balancer(network: bool) -> Self {
        let own: &[Spec] = if network { &NETWORK } else { &APPLICATION };
        Self::new(
            "Load balancer",
            ACCESS_LOGS.iter().chain(own).copied().collect(),
        )
    }

    /// A new target group's attributes: HTTP(S) groups have the
    /// algorithm, cookies and slow start; the others client IP
    /// preservation (on for instance targets, off for IP targets).
    pub fn target_group(http: bool, ip_targets: bool) -> Self {
        let mut specs: Vec<Spec> = TARGET_GROUP_HEALTH.to_vec();
        if http {
            specs.extend(HTTP_GROUP);
        } else {
            let (key, _, rule) = CLIENT_IP;
            specs.push((key, if ip_targets { "false" } else { "true" }, rule));
            specs.extend(NETWORK_GROUP);
        }
        Self::new("Target group", specs)
    }

    /// The value of `key`, if the resource has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        let i = self.specs.iter().position(|(k, _, _)| *k == key)?;
        self.values.get(i).map(String::as_str)
    }

    /// True when the flag `key` is `true`.
    pub fn flag(&self, key: &str) -> bool {
        self.get(key) == Some("true")
    }

    /// Whole seconds held by `key` (0 when absent).
    pub fn seconds(&self, key: &str) -> u64 {
        self.get(key).and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    /// Every attribute, as the API prints them.
    pub fn list(&self) -> Vec<Attribute> {
        self.specs
            .iter()
            .zip(&self.values)
            .map(|((key, _, _), value)| Attribute {
                key: key.to_string(),
                value: value.clone(),
            })
            .collect()
    }

    /// Applies `changes` after checking all of them (none applies if one
    /// is refused).
    pub fn modify(&mut self, changes: &[Attribute]) -> Result<(), ApiError> {
        if changes.is_empty() {
            return Err(validation("At least one attribute must be specified"));
        }
        let mut indices = Vec::with_capacity(changes.len());
        for change in changes {
            let Some(i) = self.specs.iter().position(|(k, _, _)| *k == change.key) else {
                return Err(validation(format!(
                    "{} attribute key '{}' is not recognized",
                    self.owner, change.key
                )));
            };
            let (key, _, rule) = self.specs[i];
            if !allowed(rule, &change.value) {
                return Err(validation(format!(
                    "{} attribute '{key}' does not accept the value '{}'",
                    self.owner, change.value
                )));
            }
            indices.push(i);
        }
        for (i, change) in indices.into_iter().zip(changes) {
            self.values[i] = change.value.clone();
        }
        Ok(())
    }
}

fn allowed(rule: Rule, value: &str) -> bool {
    let seconds = value.parse::<u32>().ok();
    match rule {
        Rule::Flag => value == "true" || value == "false",
        Rule::Seconds(min, max) => seconds.is_some_and(|s| (min..=max).contains(&s)),
        Rule::OneOf(names) => names.contains(&value),
        Rule::SlowStart => seconds.is_some_and(|s| s == 0 || (30..=900).contains(&s)),
        Rule::Text => value.len() <= 1024,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(key: &str, value: &str) -> Attribute {
        Attribute {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn defaults_differ_by_kind() {
        assert_eq!(
            Attributes::load_balancer(false).get("load_balancing.cross_zone.enabled"),
            Some("true")
        );
        assert_eq!(
            Attributes::load_balancer(true).get("load_balancing.cross_zone.enabled"),
            Some("false")
        );
        let http = Attributes::target_group(true, false);
        assert_eq!(http.seconds("deregistration_delay.timeout_seconds"), 300);
        assert_eq!(
            http.get("load_balancing.algorithm.type"),
            Some("round_robin")
        );
        assert_eq!(http.get("preserve_client_ip.enabled"), None);
        assert!(Attributes::target_group(false, false).flag("preserve_client_ip.enabled"));
        assert!(!Attributes::target_group(false, true).flag("preserve_client_ip.enabled"));
    }

    #[test]
    fn modify_checks_every_change_first() {
        let mut tg = Attributes::target_group(true, false);
        let e = tg
            .modify(&[
                change("deregistration_delay.timeout_seconds", "30"),
                change("stickiness.enabled", "maybe"),
            ])
            .unwrap_err();
        assert_eq!(e.code, "ValidationError");
        assert_eq!(tg.seconds("deregistration_delay.timeout_seconds"), 300);
        tg.modify(&[change("deregistration_delay.timeout_seconds", "30")])
            .unwrap();
        assert_eq!(tg.seconds("deregistration_delay.timeout_seconds"), 30);
        assert!(tg
            .modify(&[change("slow_start.duration_seconds", "10")])
            .is_err());
        assert_eq!(
            tg.modify(&[change("no.such", "1")]).unwrap_err().message,
            "Target group attribute key 'no.such' is not recognized"
        );
        let mut alb = Attributes::load_balancer(false);
        assert!(alb
            .modify(&[change("load_balancing.cross_zone.enabled", "false")])
            .is_err());
    }
}
