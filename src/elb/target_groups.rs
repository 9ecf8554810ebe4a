//! Target groups: CreateTargetGroup (protocol, port and VPC with AWS's
//! messages, health checks with the defaults of the protocol),
//! DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup and the
//! group's attributes.

use super::attributes::{Attribute, Attributes};
use super::health_checks::{is_http, HealthCheck, HealthCheckChanges, Matcher, PROTOCOLS};
use super::load_balancers::AttributesResponse;
use super::names::{self, Named};
use super::targets::Target;
use super::{check_enum, page, port, validation, ElbRegion, Timer};
use crate::ec2::Ec2;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler};
use serde::Serialize;

/// Target groups a region holds at most.
const MAX_TARGET_GROUPS: usize = 3000;

/// A target group.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP` or `TCP_UDP`.
    pub protocol: String,
    /// `HTTP1` or `HTTP2` for HTTP(S) groups.
    pub protocol_version: Option<String>,
    pub port: u16,
    pub vpc_id: String,
    /// `instance` or `ip`.
    pub target_type: String,
    pub health_check: HealthCheck,
    pub attributes: Attributes,
    /// Registered targets, in registration order.
    pub targets: Vec<Target>,
    /// True while health checks run (a listener or rule forwards to it).
    pub checking: bool,
    /// Requests forwarded so far: round robin's position.
    pub forwarded: u64,
}

impl TargetGroup {
    /// `HealthCheckPort` of a target on `port`: the setting, or the
    /// traffic port.
    pub fn health_check_port(&self, port: u16) -> String {
        self.health_check.port.unwrap_or(port).to_string()
    }

    /// True for groups an Application Load Balancer forwards to.
    pub fn is_http(&self) -> bool {
        is_http(&self.protocol)
    }
}

/// Request of CreateTargetGroup.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTargetGroupRequest {
    pub name: String,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub protocol_version: Option<String>,
    #[serde(default)]
    pub port: Option<i64>,
    #[serde(default)]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub health_check_protocol: Option<String>,
    #[serde(default)]
    pub health_check_port: Option<String>,
    #[serde(default)]
    pub health_check_enabled: Option<bool>,
    #[serde(default)]
    pub health_check_path: Option<String>,
    #[serde(default)]
    pub health_check_interval_seconds: Option<i64>,
    #[serde(default)]
    pub health_check_timeout_seconds: Option<i64>,
    #[serde(default)]
    pub healthy_threshold_count: Option<i64>,
    #[serde(default)]
    pub unhealthy_threshold_count: Option<i64>,
    #[serde(default)]
    pub matcher: Option<Matcher>,
    #[serde(default)]
    pub target_type: Option<String>,
    #[serde(default)]
    pub ip_address_type: Option<String>,
}

/// Request of ModifyTargetGroup.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyTargetGroupRequest {
    pub target_group_arn: String,
    #[serde(default)]
    pub health_check_protocol: Option<String>,
    #[serde(default)]
    pub health_check_port: Option<String>,
    #[serde(default)]
    pub health_check_path: Option<String>,
    #[serde(default)]
    pub health_check_enabled: Option<bool>,
    #[serde(default)]
    pub health_check_interval_seconds: Option<i64>,
    #[serde(default)]
    pub health_check_timeout_seconds: Option<i64>,
    #[serde(default)]
    pub healthy_threshold_count: Option<i64>,
    #[serde(default)]
    pub unhealthy_threshold_count: Option<i64>,
    #[serde(default)]
    pub matcher: Option<Matcher>,
}

/// Request of DescribeTargetGroups.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTargetGroupsRequest {
    #[serde(default)]
    pub load_balancer_arn: Option<String>,
    #[serde(default)]
    pub target_group_arns: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

/// Request of DeleteTargetGroup and DescribeTargetGroupAttributes.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TargetGroupRequest {
    pub target_group_arn: String,
}

/// Request of ModifyTargetGroupAttributes.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyTargetGroupAttributesRequest {
    pub target_group_arn: String,
    pub attributes: Vec<Attribute>,
}

/// A target group as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupView<'a> {
    pub target_group_arn: &'a str,
    pub target_group_name: &'a str,
    pub protocol: &'a str,
    pub port: u16,
    pub vpc_id: &'a str,
    pub health_check_protocol: &'a str,
    pub health_check_port: String,
    pub health_check_enabled: bool,
    pub health_check_interval_seconds: u32,
    pub health_check_timeout_seconds: u32,
    pub healthy_threshold_count: u32,
    pub unhealthy_threshold_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matcher: Option<Matcher>,
    pub load_balancer_arns: Vec<&'a str>,
    pub target_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol_version: Option<&'a str>,
    pub ip_address_type: &'static str,
}

/// Response of CreateTargetGroup, ModifyTargetGroup and DescribeTargetGroups.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupsResponse<'a> {
    pub target_groups: Vec<TargetGroupView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

/// `TargetGroupNotFound`.
pub fn group_not_found() -> ApiError {
    ApiError::new("TargetGroupNotFound", "One or more target groups not found")
}

impl ElbRegion {
    /// The target group `arn`, or `TargetGroupNotFound`.
    pub fn target_group(&self, arn: &str) -> Result<&TargetGroup, ApiError> {
        self.target_groups.get(arn).ok_or_else(group_not_found)
    }

    /// A target group as the API prints it.
    pub fn group_view<'a>(&'a self, group: &'a TargetGroup) -> TargetGroupView<'a> {
        let check = &group.health_check;
        TargetGroupView {
            target_group_arn: &group.arn,
            target_group_name: &group.name,
            protocol: &group.protocol,
            port: group.port,
            vpc_id: &group.vpc_id,
            health_check_protocol: &check.protocol,
            health_check_port: check
                .port
                .map_or_else(|| "traffic-port".to_string(), |p| p.to_string()),
            health_check_enabled: check.enabled,
            health_check_interval_seconds: check.interval,
            health_check_timeout_seconds: check.timeout,
            healthy_threshold_count: check.healthy_threshold,
            unhealthy_threshold_count: check.unhealthy_threshold,
            health_check_path: check.path.as_deref(),
            matcher: check.matcher.as_ref().map(|codes| Matcher {
                http_code: Some(codes.clone()),
                grpc_code: None,
            }),
            load_balancer_arns: self.users_of(&group.arn),
            target_type: &group.target_type,
            protocol_version: group.protocol_version.as_deref(),
            ip_address_type: "ipv4",
        }
    }

    fn one_group(&self, arn: &str) -> Result<TargetGroupsResponse<'_>, ApiError> {
        Ok(TargetGroupsResponse {
            target_groups: vec![self.group_view(self.target_group(arn)?)],
            next_marker: None,
        })
    }

    /// CreateTargetGroup.
    pub fn create_target_group(
        &mut self,
        ctx: &mut Context,
        ec2: &Ec2,
        request: CreateTargetGroupRequest,
    ) -> Result<TargetGroupsResponse<'_>, ApiError> {
        names::check_name(&request.name, Named::TargetGroup)?;
        let target_type = request.target_type.as_deref().unwrap_or("instance");
        check_enum(
            target_type,
            "targetType",
            &["instance", "ip", "lambda", "alb"],
        )?;
        if target_type == "lambda" || target_type == "alb" {
            return Err(validation(format!(
                "Target groups of the type '{target_type}' are not simulated in this sandbox; use 'instance' or 'ip'"
            )));
        }
        let protocol = request
            .protocol
            .clone()
            .ok_or_else(|| validation("A protocol must be specified"))?;
        check_enum(&protocol, "protocol", PROTOCOLS)?;
        if protocol == "GENEVE" {
            return Err(validation(
                "GENEVE target groups serve Gateway Load Balancers, which this sandbox does not simulate",
            ));
        }
        let port = port(
            request
                .port
                .ok_or_else(|| validation("A port must be specified"))?,
            "port",
        )?;
        let vpc_id = request
            .vpc_id
            .clone()
            .ok_or_else(|| validation("A VPC ID must be specified"))?;
        let vpc_known = ec2
            .region(ctx.region)
            .is_some_and(|r| r.vpcs.contains_key(&vpc_id));
        if !vpc_known {
            return Err(validation(format!("The VPC ID '{vpc_id}' is not found")));
        }
        if let Some(ip_type) = &request.ip_address_type {
            check_enum(ip_type, "ipAddressType", &["ipv4", "ipv6"])?;
            if ip_type != "ipv4" {
                return Err(validation(
                    "The sandbox's VPCs have no IPv6 addresses; use the IP address type 'ipv4'",
                ));
            }
        }
        let protocol_version = match (&request.protocol_version, is_http(&protocol)) {
            (None, true) => Some("HTTP1".to_string()),
            (None, false) => None,
            (Some(version), true) => {
                check_enum(version, "protocolVersion", &["HTTP1", "HTTP2"])?;
                Some(version.clone())
            }
            (Some(_), false) => {
                return Err(validation(format!(
                    "A protocol version cannot be specified for target groups with the '{protocol}' protocol"
                )))
            }
        };
        let changes = HealthCheckChanges {
            protocol: request.health_check_protocol.clone(),
            port: request.health_check_port.clone(),
            path: request.health_check_path.clone(),
            enabled: request.health_check_enabled,
            interval: request.health_check_interval_seconds,
            timeout: request.health_check_timeout_seconds,
            healthy_threshold: request.healthy_threshold_count,
            unhealthy_threshold: request.unhealthy_threshold_count,
            matcher: request.matcher.clone(),
        };
        let health_check = HealthCheck::for_new_group(&protocol, &changes)?;
        if let Some(existing) = self.target_groups.values().find(|g| g.name == request.name) {
            let same = existing.protocol == protocol
                && existing.port == port
                && existing.vpc_id == vpc_id
                && existing.target_type == target_type
                && existing.health_check == health_check;
            if !same {
                return Err(ApiError::new(
                    "DuplicateTargetGroupName",
                    format!(
                        "A target group with the same name '{}' exists, but with different settings",
                        request.name
                    ),
                ));
            }
            // The call is idempotent.
            let arn = existing.arn.clone();
            return self.one_group(&arn);
        }
        if self.target_groups.len() >= MAX_TARGET_GROUPS {
            return Err(ApiError::new(
                "TooManyTargetGroups",
                format!(
                    "You have reached the maximum number of target groups ({MAX_TARGET_GROUPS})"
                ),
            ));
        }
        let arn = names::target_group_arn(ctx, &request.name);
        let http = is_http(&protocol);
        self.target_groups.insert(
            arn.clone(),
            TargetGroup {
                arn: arn.clone(),
                name: request.name,
                protocol,
                protocol_version,
                port,
                vpc_id,
                target_type: target_type.to_string(),
                health_check,
                attributes: Attributes::target_group(http, target_type == "ip"),
                targets: Vec::new(),
                checking: false,
                forwarded: 0,
            },
        );
        ctx.created("target-group", arn.clone());
        self.one_group(&arn)
    }

    /// DescribeTargetGroups.
    pub fn describe_target_groups(
        &self,
        request: &DescribeTargetGroupsRequest,
    ) -> Result<TargetGroupsResponse<'_>, ApiError> {
        let chosen: Vec<&TargetGroup> = if let Some(lb) = &request.load_balancer_arn {
            self.load_balancer(lb)?;
            self.target_groups
                .values()
                .filter(|g| self.users_of(&g.arn).contains(&lb.as_str()))
                .collect()
        } else if !request.target_group_arns.is_empty() {
            let mut chosen = Vec::new();
            for arn in &request.target_group_arns {
                chosen.push(self.target_group(arn)?);
            }
            chosen
        } else if !request.names.is_empty() {
            if request
                .names
                .iter()
                .any(|name| !self.target_groups.values().any(|g| &g.name == name))
            {
                return Err(group_not_found());
            }
            self.target_groups
                .values()
                .filter(|g| request.names.contains(&g.name))
                .collect()
        } else {
            self.target_groups.values().collect()
        };
        let (chosen, next_marker) = page(
            "target-groups",
            chosen,
            request.marker.as_deref(),
            request.page_size,
        )?;
        Ok(TargetGroupsResponse {
            target_groups: chosen.into_iter().map(|g| self.group_view(g)).collect(),
            next_marker,
        })
    }

    /// ModifyTargetGroup: new health check settings, which the next checks
    /// use.
    pub fn modify_target_group(
        &mut self,
        ctx: &mut Context,
        request: ModifyTargetGroupRequest,
    ) -> Result<TargetGroupsResponse<'_>, ApiError> {
        let group = self.target_group(&request.target_group_arn)?;
        let changes = HealthCheckChanges {
            protocol: request.health_check_protocol,
            port: request.health_check_port,
            path: request.health_check_path,
            enabled: request.health_check_enabled,
            interval: request.health_check_interval_seconds,
            timeout: request.health_check_timeout_seconds,
            healthy_threshold: request.healthy_threshold_count,
            unhealthy_threshold: request.unhealthy_threshold_count,
            matcher: request.matcher,
        };
        let health_check = group.health_check.changed(&group.protocol, &changes)?;
        if let Some(group) = self.target_groups.get_mut(&request.target_group_arn) {
            group.health_check = health_check;
        }
        ctx.changed("target-group", request.target_group_arn.clone());
        self.one_group(&request.target_group_arn)
    }

    /// DeleteTargetGroup: refused while a listener or rule forwards to it;
    /// deleting one that is gone succeeds.
    pub fn delete_target_group(
        &mut self,
        ctx: &mut Context,
        request: TargetGroupRequest,
    ) -> Result<(), ApiError> {
        let arn = request.target_group_arn;
        if !self.users_of(&arn).is_empty() {
            return Err(ApiError::new(
                "ResourceInUse",
                format!("Target group '{arn}' is currently in use by a listener or a rule"),
            ));
        }
        if self.target_groups.shift_remove(&arn).is_some() {
            ctx.deleted("target-group", arn);
        }
        Ok(())
    }

    /// DescribeTargetGroupAttributes.
    pub fn describe_target_group_attributes(
        &self,
        request: &TargetGroupRequest,
    ) -> Result<AttributesResponse, ApiError> {
        Ok(AttributesResponse {
            attributes: self
                .target_group(&request.target_group_arn)?
                .attributes
                .list(),
        })
    }

    /// ModifyTargetGroupAttributes.
    pub fn modify_target_group_attributes(
        &mut self,
        ctx: &mut Context,
        request: ModifyTargetGroupAttributesRequest,
    ) -> Result<AttributesResponse, ApiError> {
        let group = self
            .target_groups
            .get_mut(&request.target_group_arn)
            .ok_or_else(group_not_found)?;
        group.attributes.modify(&request.attributes)?;
        ctx.changed("target-group", group.arn.clone());
        Ok(AttributesResponse {
            attributes: group.attributes.list(),
        })
    }

    /// Starts health checks of groups a listener or rule began to forward
    /// to, and stops those of groups nothing forwards to any more (their
    /// targets show `unused` until a listener uses them again).
    pub fn sync_usage(&mut self, ctx: &mut Context, timers: &mut Scheduler<Timer>) {
        let used: Vec<bool> = self
            .target_groups
            .keys()
            .map(|arn| !self.users_of(arn).is_empty())
            .collect();
        for (group, in_use) in self.target_groups.values_mut().zip(used) {
            if group.checking == in_use {
                continue;
            }
            group.checking = in_use;
            let pool = super::Pool::Group(group.arn.clone());
            for target in group
                .targets
                .iter_mut()
                .filter(|t| t.draining_until.is_none())
            {
                if in_use {
                    target.restart_checks(timers, ctx.now, ctx.region, pool.clone());
                } else {
                    target.health = super::targets::Health::NEW;
                    target.generation += 1;
                }
            }
            ctx.changed("target-group", group.arn.clone());
        }
    }
}
