//! Security groups: stateful, allow-only firewalls on network interfaces.
//! Create, describe, delete, and authorize/revoke ingress and egress rules.

use super::filters::{self, Filter, Filterable};
use super::tags::{tags_for, Tag, TagSpecification};
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use ipnet::Ipv4Net;
use serde::Serialize;

/// Where a rule lets traffic come from (ingress) or go to (egress).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peer {
    /// An IPv4 range.
    Cidr(Ipv4Net),
    /// Members of another security group.
    Group(String),
}

/// One rule of a security group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroupRule {
    pub id: String,
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    pub peer: Peer,
    pub description: Option<String>,
}

/// A security group.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<SecurityGroupRule>,
    pub egress: Vec<SecurityGroupRule>,
}

impl SecurityGroupRule {
    /// True when this rule lets TCP traffic on `port` from `source` through.
    pub fn allows_tcp(&self, port: u16, source: std::net::Ipv4Addr) -> bool {
        self.admits_tcp(port, source, &[])
    }

    /// True when this rule lets TCP traffic on `port` through to or from a
    /// peer at `address` whose network interface is in the security groups
    /// `groups` (a rule may name a group instead of addresses).
    pub fn admits_tcp(&self, port: u16, address: std::net::Ipv4Addr, groups: &[String]) -> bool {
        let protocol_ok = self.protocol == "-1" || self.protocol == "tcp";
        let port_ok =
            self.protocol == "-1" || (self.from_port..=self.to_port).contains(&i32::from(port));
        let peer_ok = match &self.peer {
            Peer::Cidr(net) => net.contains(&address),
            Peer::Group(id) => groups.contains(id),
        };
        protocol_ok && port_ok && peer_ok
    }

    fn same_permission(&self, other: &SecurityGroupRule) -> bool {
        self.protocol == other.protocol
            && self.from_port == other.from_port
            && self.to_port == other.to_port
            && self.peer == other.peer
    }

    /// How AWS names a rule in InvalidPermission.Duplicate.
    fn peer_text(&self) -> String {
        let peer = match &self.peer {
            Peer::Cidr(net) => net.to_string(),
            Peer::Group(id) => id.clone(),
        };
        if self.protocol == "-1" {
            format!("peer: {peer}, ALL, ALLOW")
        } else {
            format!(
                "peer: {peer}, {}, from port: {}, to port: {}, ALLOW",
                self.protocol.to_ascii_uppercase(),
                self.from_port,
                self.to_port
            )
        }
    }
}

/// `UserIdGroupPairs` entry.
#[derive(Debug, Clone, Serialize, FromParam, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct UserIdGroupPair {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

/// `IpRanges` entry.
#[derive(Debug, Clone, Serialize, FromParam, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IpRange {
    pub cidr_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One permission as the API takes and prints it.
#[derive(Debug, Clone, Serialize, FromParam, PartialEq)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IpPermission {
    pub ip_protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    #[serde(default)]
    pub ipv6_ranges: Vec<serde_json::Value>,
    #[serde(default)]
    pub prefix_list_ids: Vec<serde_json::Value>,
}

/// A group as DescribeSecurityGroups prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupDescription {
    pub group_id: String,
    pub ip_permissions_egress: Vec<IpPermission>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub vpc_id: String,
    pub security_group_arn: String,
    pub owner_id: String,
    pub group_name: String,
    pub description: String,
    pub ip_permissions: Vec<IpPermission>,
}

/// Request of CreateSecurityGroup.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSecurityGroupRequest {
    pub group_name: String,
    pub description: String,
    #[serde(default)]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of CreateSecurityGroup.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupResponse {
    pub group_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub security_group_arn: String,
}

/// Request of DescribeSecurityGroups.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSecurityGroupsRequest {
    #[serde(default)]
    pub group_ids: Vec<String>,
    #[serde(default)]
    pub group_names: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of DescribeSecurityGroups.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupsResponse {
    pub security_groups: Vec<SecurityGroupDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Request of DeleteSecurityGroup.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteSecurityGroupRequest {
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of DeleteSecurityGroup.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSecurityGroupResponse {
    #[serde(rename = "Return")]
    pub success: bool,
    pub group_id: String,
}

/// Request of Authorize/Revoke SecurityGroup Ingress/Egress.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SecurityGroupRulesRequest {
    #[serde(default)]
    pub group_id: Option<String>,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub ip_permissions: Vec<IpPermission>,
    #[serde(default)]
    pub security_group_rule_ids: Vec<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// A rule as Authorize/Revoke responses print it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupRuleDescription {
    pub security_group_rule_id: String,
    pub group_id: String,
    pub group_owner_id: String,
    pub is_egress: bool,
    pub ip_protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referenced_group_info: Option<UserIdGroupPair>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Response of Authorize…
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthorizeResponse {
    #[serde(rename = "Return")]
    pub success: bool,
    pub security_group_rules: Vec<SecurityGroupRuleDescription>,
}

/// Response of Revoke…
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeResponse {
    #[serde(rename = "Return")]
    pub success: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_ip_permissions: Vec<IpPermission>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revoked_security_group_rules: Vec<SecurityGroupRuleDescription>,
}

/// Ingress or egress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ingress,
    Egress,
}

impl Filterable for SecurityGroupDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |v: &str| Some(vec![v.to_string()]);
        let from = |perms: &[IpPermission],
                    f: &dyn Fn(&IpPermission) -> Vec<String>|
         -> Option<Vec<String>> { Some(perms.iter().flat_map(f).collect()) };
        match name {
            "group-id" => one(&self.group_id),
            "group-name" => one(&self.group_name),
            "description" => one(&self.description),
            "vpc-id" => one(&self.vpc_id),
            "owner-id" => one(&self.owner_id),
            "ip-permission.protocol" => {
                from(&self.ip_permissions, &|p| vec![p.ip_protocol.clone()])
            }
            "ip-permission.from-port" => from(&self.ip_permissions, &|p| {
                p.from_port.iter().map(i32::to_string).collect()
            }),
            "ip-permission.to-port" => from(&self.ip_permissions, &|p| {
                p.to_port.iter().map(i32::to_string).collect()
            }),
            "ip-permission.cidr" => from(&self.ip_permissions, &|p| {
                p.ip_ranges.iter().map(|r| r.cidr_ip.clone()).collect()
            }),
            "ip-permission.group-id" => from(&self.ip_permissions, &|p| {
                p.user_id_group_pairs
                    .iter()
                    .filter_map(|g| g.group_id.clone())
                    .collect()
            }),
            "egress.ip-permission.protocol" => from(&self.ip_permissions_egress, &|p| {
                vec![p.ip_protocol.clone()]
            }),
            "egress.ip-permission.cidr" => from(&self.ip_permissions_egress, &|p| {
                p.ip_ranges.iter().map(|r| r.cidr_ip.clone()).collect()
            }),
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}

/// Checks a security group id's shape: `InvalidGroupId.Malformed` otherwise
/// (the usual result of passing a group name where an id belongs).
pub fn check_group_id(id: &str) -> Result<(), ApiError> {
    if crate::kernel::ids::is_well_formed(id, "sg") {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidGroupId.Malformed",
            format!("Invalid id: \"{id}\" (expecting \"sg-...\")"),
        ))
    }
}

/// `InvalidGroup.NotFound` for an id.
pub fn not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidGroup.NotFound",
        format!("The security group '{id}' does not exist"),
    )
}

/// Normalizes an API protocol: names or IANA numbers, `-1` for all.
fn normalize_protocol(protocol: &str) -> Result<String, ApiError> {
    match protocol.to_ascii_lowercase().as_str() {
        "tcp" | "6" => Ok("tcp".into()),
        "udp" | "17" => Ok("udp".into()),
        "icmp" | "1" => Ok("icmp".into()),
        "-1" | "all" => Ok("-1".into()),
        other => Err(ApiError::new(
            "InvalidParameterValue",
            format!("Invalid value '{other}' for IP protocol. Unknown protocol."),
        )),
    }
}

fn group_arn(region: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{ACCOUNT_ID}:security-group/{id}")
}

/// Groups rules with the same protocol and ports into one `IpPermission`,
/// as DescribeSecurityGroups does.
fn to_permissions(rules: &[SecurityGroupRule]) -> Vec<IpPermission> {
    let mut permissions: Vec<IpPermission> = Vec::new();
    for rule in rules {
        let all = rule.protocol == "-1";
        let (from_port, to_port) = if all {
            (None, None)
        } else {
            (Some(rule.from_port), Some(rule.to_port))
        };
        let index = match permissions.iter().position(|p| {
            p.ip_protocol == rule.protocol && p.from_port == from_port && p.to_port == to_port
        }) {
            Some(index) => index,
            None => {
                permissions.push(IpPermission {
                    ip_protocol: rule.protocol.clone(),
                    from_port,
                    to_port,
                    user_id_group_pairs: vec![],
                    ip_ranges: vec![],
                    ipv6_ranges: vec![],
                    prefix_list_ids: vec![],
                });
                permissions.len() - 1
            }
        };
        let permission = &mut permissions[index];
        match &rule.peer {
            Peer::Cidr(net) => permission.ip_ranges.push(IpRange {
                cidr_ip: net.to_string(),
                description: rule.description.clone(),
            }),
            Peer::Group(group_id) => permission.user_id_group_pairs.push(UserIdGroupPair {
                description: rule.description.clone(),
                user_id: Some(ACCOUNT_ID.into()),
                group_name: None,
                group_id: Some(group_id.clone()),
                vpc_id: None,
            }),
        }
    }
    permissions
}

impl SecurityGroup {
    fn rules(&self, direction: Direction) -> &Vec<SecurityGroupRule> {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    fn rules_mut(&mut self, direction: Direction) -> &mut Vec<SecurityGroupRule> {
        match direction {
            Direction::Ingress => &mut self.ingress,
            Direction::Egress => &mut self.egress,
        }
    }

    fn describe_rule(
        &self,
        rule: &SecurityGroupRule,
        direction: Direction,
    ) -> SecurityGroupRuleDescription {
        SecurityGroupRuleDescription {
            security_group_rule_id: rule.id.clone(),
            group_id: self.id.clone(),
            group_owner_id: ACCOUNT_ID.into(),
            is_egress: direction == Direction::Egress,
            ip_protocol: rule.protocol.clone(),
            from_port: rule.from_port,
            to_port: rule.to_port,
            cidr_ipv4: match &rule.peer {
                Peer::Cidr(net) => Some(net.to_string()),
                Peer::Group(_) => None,
            },
            referenced_group_info: match &rule.peer {
                Peer::Group(id) => Some(UserIdGroupPair {
                    description: None,
                    user_id: Some(ACCOUNT_ID.into()),
                    group_name: None,
                    group_id: Some(id.clone()),
                    vpc_id: None,
                }),
                Peer::Cidr(_) => None,
            },
            description: rule.description.clone(),
        }
    }
}

/// Most rules per direction in one group (AWS's default quota).
pub const MAX_RULES_PER_DIRECTION: usize = 60;

impl RegionState {
    /// Creates a VPC's `default` group: all traffic in from its own members,
    /// all traffic out.
    pub(super) fn create_default_security_group(&mut self, ctx: &mut Context, vpc_id: &str) {
        let id = ctx.ids.next("sg");
        let group = SecurityGroup {
            id: id.clone(),
            name: "default".into(),
            description: "default VPC security group".into(),
            vpc_id: vpc_id.into(),
            ingress: vec![SecurityGroupRule {
                id: ctx.ids.next("sgr"),
                protocol: "-1".into(),
                from_port: -1,
                to_port: -1,
                peer: Peer::Group(id.clone()),
                description: None,
            }],
            egress: vec![allow_all_out(ctx)],
        };
        self.security_groups.insert(id, group);
    }

    /// Finds a group by id, or by name in the default VPC, as the API does.
    pub fn resolve_group(
        &self,
        group_id: Option<&str>,
        group_name: Option<&str>,
    ) -> Result<&SecurityGroup, ApiError> {
        match (group_id, group_name) {
            (Some(id), _) => {
                check_group_id(id)?;
                self.security_groups.get(id).ok_or_else(|| not_found(id))
            }
            (None, Some(name)) => {
                let default_vpc = self.default_vpc().map(|v| v.id.clone()).unwrap_or_default();
                self.security_groups
                    .values()
                    .find(|g| g.name == name && g.vpc_id == default_vpc)
                    .ok_or_else(|| ApiError::new("InvalidGroup.NotFound", format!("The security group '{name}' does not exist in default VPC '{default_vpc}'")))
            }
            (None, None) => Err(ApiError::new(
                "MissingParameter",
                "The request must contain the parameter groupName or groupId",
            )),
        }
    }

    /// CreateSecurityGroup: no inbound rules, all outbound allowed.
    pub fn create_security_group(
        &mut self,
        ctx: &mut Context,
        request: CreateSecurityGroupRequest,
    ) -> Result<CreateSecurityGroupResponse, ApiError> {
        let name = request.group_name.trim().to_string();
        if name.is_empty() || name.len() > 255 || !name.is_ascii() {
            return Err(ApiError::new("InvalidParameterValue", format!("Value ({name}) for parameter GroupName is invalid. Group names must be 1 to 255 ASCII characters.")));
        }
        if name.starts_with("sg-") {
            return Err(ApiError::new(
                "InvalidParameterValue",
                "Group names may not be in the format sg-*",
            ));
        }
        if request.description.len() > 255 || !request.description.is_ascii() {
            return Err(ApiError::new("InvalidParameterValue", format!("Value ({}) for parameter GroupDescription is invalid. Character sets beyond ASCII are not supported.", request.description)));
        }
        let vpc_id = match &request.vpc_id {
            Some(id) => self
                .vpcs
                .get(id)
                .map(|v| v.id.clone())
                .ok_or_else(|| super::vpc::vpc_not_found(id))?,
            None => self.default_vpc().map(|v| v.id.clone()).ok_or_else(|| {
                ApiError::new("VPCIdNotSpecified", "No default VPC for this user")
            })?,
        };
        if name.eq_ignore_ascii_case("default") {
            return Err(ApiError::new(
                "InvalidGroup.Reserved",
                "The security group 'default' is reserved",
            ));
        }
        if self
            .security_groups
            .values()
            .any(|g| g.vpc_id == vpc_id && g.name.eq_ignore_ascii_case(&name))
        {
            return Err(ApiError::new(
                "InvalidGroup.Duplicate",
                format!("The security group '{name}' already exists for VPC '{vpc_id}'"),
            ));
        }
        let tags = tags_for(&request.tag_specifications, "security-group");
        super::tags::validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let id = ctx.ids.next("sg");
        let egress = vec![allow_all_out(ctx)];
        self.security_groups.insert(
            id.clone(),
            SecurityGroup {
                id: id.clone(),
                name,
                description: request.description,
                vpc_id,
                ingress: vec![],
                egress,
            },
        );
        self.tags.set(&id, &tags);
        ctx.created("security-group", id.clone());
        Ok(CreateSecurityGroupResponse {
            tags: self.tags.optional(&id),
            security_group_arn: group_arn(ctx.region, &id),
            group_id: id,
        })
    }

    /// DescribeSecurityGroups.
    pub fn describe_security_groups(
        &self,
        ctx: &Context,
        request: &DescribeSecurityGroupsRequest,
    ) -> Result<DescribeSecurityGroupsResponse, ApiError> {
        for id in &request.group_ids {
            self.resolve_group(Some(id), None)?;
        }
        for name in &request.group_names {
            self.resolve_group(None, Some(name))?;
        }
        let default_vpc = self.default_vpc().map(|v| v.id.clone()).unwrap_or_default();
        let groups: Vec<SecurityGroupDescription> = self
            .security_groups
            .values()
            .filter(|g| request.group_ids.is_empty() || request.group_ids.contains(&g.id))
            .filter(|g| {
                request.group_names.is_empty()
                    || (request.group_names.contains(&g.name) && g.vpc_id == default_vpc)
            })
            .map(|g| SecurityGroupDescription {
                group_id: g.id.clone(),
                ip_permissions_egress: to_permissions(&g.egress),
                tags: self.tags.optional(&g.id),
                vpc_id: g.vpc_id.clone(),
                security_group_arn: group_arn(ctx.region, &g.id),
                owner_id: ACCOUNT_ID.into(),
                group_name: g.name.clone(),
                description: g.description.clone(),
                ip_permissions: to_permissions(&g.ingress),
            })
            .collect();
        let (security_groups, next_token) = super::paging::page(
            "security-groups",
            filters::select(groups, &request.filters)?,
            request.max_results,
            request.next_token.as_deref(),
            1000,
        )?;
        Ok(DescribeSecurityGroupsResponse {
            security_groups,
            next_token,
        })
    }

    /// DeleteSecurityGroup: refused for `default` and while anything uses it.
    pub fn delete_security_group(
        &mut self,
        ctx: &mut Context,
        request: DeleteSecurityGroupRequest,
    ) -> Result<DeleteSecurityGroupResponse, ApiError> {
        let group =
            self.resolve_group(request.group_id.as_deref(), request.group_name.as_deref())?;
        let id = group.id.clone();
        if group.name == "default" {
            return Err(ApiError::new(
                "CannotDelete",
                format!(
                    "the specified group: \"{id}\" name: \"default\" cannot be deleted by a user"
                ),
            ));
        }
        let used_by_instance = self
            .instances
            .values()
            .any(|i| i.holds_network_interface() && i.security_group_ids.contains(&id));
        let referenced = self
            .security_groups
            .values()
            .filter(|g| g.id != id)
            .any(|g| {
                g.ingress
                    .iter()
                    .chain(&g.egress)
                    .any(|r| r.peer == Peer::Group(id.clone()))
            });
        if used_by_instance || referenced {
            return Err(ApiError::new(
                "DependencyViolation",
                format!("resource {id} has a dependent object"),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        self.security_groups.shift_remove(&id);
        self.deleted(ctx, "security-group", &id);
        Ok(DeleteSecurityGroupResponse {
            success: true,
            group_id: id,
        })
    }

    /// Turns the request's permissions into rules (without ids), checking
    /// protocols, ports, CIDRs and referenced groups.
    fn rules_from_request(
        &self,
        permissions: &[IpPermission],
    ) -> Result<Vec<SecurityGroupRule>, ApiError> {
        let mut rules = Vec::new();
        for permission in permissions {
            let protocol = normalize_protocol(&permission.ip_protocol)?;
            let (from_port, to_port) = match protocol.as_str() {
                "-1" => (-1, -1),
                "icmp" => (
                    permission.from_port.unwrap_or(-1),
                    permission.to_port.unwrap_or(-1),
                ),
                _ => {
                    let (Some(from), Some(to)) = (permission.from_port, permission.to_port) else {
                        return Err(ApiError::new("InvalidParameterValue", "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange"));
                    };
                    if !(0..=65535).contains(&from) || !(0..=65535).contains(&to) || from > to {
                        return Err(ApiError::new(
                            "InvalidParameterValue",
                            format!("Invalid value 'Invalid port range {from}-{to}' for portRange"),
                        ));
                    }
                    (from, to)
                }
            };
            if permission.ip_ranges.is_empty() && permission.user_id_group_pairs.is_empty() {
                return Err(ApiError::new("InvalidParameterValue", "Invalid value 'Must specify a source or destination (CIDR, group or prefix list)' for ipPermissions"));
            }
            for range in &permission.ip_ranges {
                let net: Ipv4Net = range.cidr_ip.parse().map_err(|_| {
                    ApiError::new(
                        "InvalidParameterValue",
                        format!("CIDR block {} is malformed", range.cidr_ip),
                    )
                })?;
                rules.push(SecurityGroupRule {
                    id: String::new(),
                    protocol: protocol.clone(),
                    from_port,
                    to_port,
                    peer: Peer::Cidr(net.trunc()),
                    description: range.description.clone(),
                });
            }
            for pair in &permission.user_id_group_pairs {
                let group =
                    self.resolve_group(pair.group_id.as_deref(), pair.group_name.as_deref())?;
                rules.push(SecurityGroupRule {
                    id: String::new(),
                    protocol: protocol.clone(),
                    from_port,
                    to_port,
                    peer: Peer::Group(group.id.clone()),
                    description: pair.description.clone(),
                });
            }
        }
        Ok(rules)
    }

    /// AuthorizeSecurityGroupIngress / Egress.
    pub fn authorize(
        &mut self,
        ctx: &mut Context,
        direction: Direction,
        request: SecurityGroupRulesRequest,
    ) -> Result<AuthorizeResponse, ApiError> {
        if direction == Direction::Egress && request.group_id.is_none() {
            return Err(ApiError::missing_parameter("GroupId"));
        }
        let group =
            self.resolve_group(request.group_id.as_deref(), request.group_name.as_deref())?;
        let group_id = group.id.clone();
        if request.ip_permissions.is_empty() {
            return Err(ApiError::new(
                "MissingParameter",
                "The request must contain the parameter ipPermissions",
            ));
        }
        let new_rules = self.rules_from_request(&request.ip_permissions)?;
        let existing = group.rules(direction);
        for (index, rule) in new_rules.iter().enumerate() {
            let duplicate_existing = existing.iter().any(|r| r.same_permission(rule));
            let duplicate_in_request = new_rules[..index].iter().any(|r| r.same_permission(rule));
            if duplicate_existing || duplicate_in_request {
                return Err(ApiError::new(
                    "InvalidPermission.Duplicate",
                    format!("the specified rule \"{}\" already exists", rule.peer_text()),
                ));
            }
        }
        if existing.len() + new_rules.len() > MAX_RULES_PER_DIRECTION {
            return Err(ApiError::new(
                "RulesPerSecurityGroupLimitExceeded",
                "The maximum number of rules per security group has been reached.",
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let mut added = Vec::new();
        for mut rule in new_rules {
            rule.id = ctx.ids.next("sgr");
            added.push(rule);
        }
        let group = self
            .security_groups
            .get_mut(&group_id)
            .ok_or_else(|| not_found(&group_id))?;
        group.rules_mut(direction).extend(added.iter().cloned());
        let described = added
            .iter()
            .map(|r| group.describe_rule(r, direction))
            .collect();
        ctx.changed("security-group", group_id);
        Ok(AuthorizeResponse {
            success: true,
            security_group_rules: described,
        })
    }

    /// RevokeSecurityGroupIngress / Egress, by rule properties or rule ids.
    pub fn revoke(
        &mut self,
        ctx: &mut Context,
        direction: Direction,
        request: SecurityGroupRulesRequest,
    ) -> Result<RevokeResponse, ApiError> {
        let group =
            self.resolve_group(request.group_id.as_deref(), request.group_name.as_deref())?;
        let group_id = group.id.clone();
        let in_default_vpc = self.default_vpc().is_some_and(|v| v.id == group.vpc_id);
        let existing = group.rules(direction);
        let mut to_remove: Vec<String> = Vec::new();
        let mut unknown = Vec::new();
        for rule_id in &request.security_group_rule_ids {
            if !existing.iter().any(|r| &r.id == rule_id) {
                return Err(ApiError::new(
                    "InvalidSecurityGroupRuleId.NotFound",
                    format!("The security group rule ID '{rule_id}' does not exist"),
                ));
            }
            to_remove.push(rule_id.clone());
        }
        for permission in &request.ip_permissions {
            for wanted in self.rules_from_request(std::slice::from_ref(permission))? {
                match existing.iter().find(|r| r.same_permission(&wanted)) {
                    Some(found) => to_remove.push(found.id.clone()),
                    None if in_default_vpc => unknown.push(permission.clone()),
                    None => {
                        return Err(ApiError::new(
                            "InvalidPermission.NotFound",
                            "The specified rule does not exist in this security group.",
                        ))
                    }
                }
            }
        }
        if to_remove.is_empty() && unknown.is_empty() {
            return Err(ApiError::new(
                "MissingParameter",
                "The request must contain the parameter ipPermissions",
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let group = self
            .security_groups
            .get_mut(&group_id)
            .ok_or_else(|| not_found(&group_id))?;
        let revoked: Vec<SecurityGroupRuleDescription> = group
            .rules(direction)
            .iter()
            .filter(|r| to_remove.contains(&r.id))
            .map(|r| group.describe_rule(r, direction))
            .collect();
        group
            .rules_mut(direction)
            .retain(|r| !to_remove.contains(&r.id));
        ctx.changed("security-group", group_id);
        Ok(RevokeResponse {
            success: true,
            unknown_ip_permissions: unknown,
            revoked_security_group_rules: revoked,
        })
    }
}

fn allow_all_out(ctx: &mut Context) -> SecurityGroupRule {
    SecurityGroupRule {
        id: ctx.ids.next("sgr"),
        protocol: "-1".into(),
        from_port: -1,
        to_port: -1,
        peer: Peer::Cidr(Ipv4Net::default()),
        description: None,
    }
}
