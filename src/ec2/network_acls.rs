//! Network ACLs: stateless, numbered allow/deny rules on subnets. Create,
//! Delete, Describe; entries (Create, Replace, Delete); moving a subnet to
//! another ACL (ReplaceNetworkAclAssociation).

use super::filters::{self, Filter, Filterable};
use super::paging::{self, PageRequest};
use super::route_tables::association_not_found;
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::vpc::{vpc_not_found, NetworkAcl, NetworkAclAssociation, NetworkAclEntry, RuleAction};
use super::vpcs::has_dependencies;
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use ipnet::Ipv4Net;
use serde::Serialize;

/// Highest rule number a learner may use (32767 is the `*` rule).
pub const MAX_RULE_NUMBER: i64 = 32766;

/// Request of CreateNetworkAcl.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateNetworkAclRequest {
    pub vpc_id: String,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeleteNetworkAcl.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteNetworkAclRequest {
    pub network_acl_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// `PortRange` of an entry.
#[derive(Debug, Clone, Copy, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PortRange {
    #[serde(default)]
    pub from: Option<i64>,
    #[serde(default)]
    pub to: Option<i64>,
}

/// `IcmpTypeCode` of an entry.
#[derive(Debug, Clone, Copy, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct IcmpTypeCode {
    #[serde(default)]
    pub code: Option<i32>,
    #[serde(default, rename = "Type")]
    pub kind: Option<i32>,
}

/// Request of Create/ReplaceNetworkAclEntry.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NetworkAclEntryRequest {
    pub network_acl_id: String,
    pub rule_number: i64,
    pub protocol: String,
    pub rule_action: String,
    pub egress: bool,
    #[serde(default)]
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub icmp_type_code: Option<IcmpTypeCode>,
    #[serde(default)]
    pub port_range: Option<PortRange>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeleteNetworkAclEntry.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteNetworkAclEntryRequest {
    pub network_acl_id: String,
    pub rule_number: i64,
    pub egress: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of ReplaceNetworkAclAssociation.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReplaceNetworkAclAssociationRequest {
    pub association_id: String,
    pub network_acl_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeNetworkAcls.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeNetworkAclsRequest {
    #[serde(default)]
    pub network_acl_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// An association as DescribeNetworkAcls prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclAssociationDescription {
    pub network_acl_association_id: String,
    pub network_acl_id: String,
    pub subnet_id: String,
}

/// An entry as DescribeNetworkAcls prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntryDescription {
    pub cidr_block: String,
    pub egress: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icmp_type_code: Option<IcmpTypeCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_range: Option<PortRange>,
    pub protocol: String,
    pub rule_action: &'static str,
    pub rule_number: u16,
}

/// A network ACL as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclDescription {
    pub associations: Vec<NetworkAclAssociationDescription>,
    pub entries: Vec<NetworkAclEntryDescription>,
    pub is_default: bool,
    pub network_acl_id: String,
    pub tags: Vec<Tag>,
    pub vpc_id: String,
    pub owner_id: &'static str,
}

/// Response of CreateNetworkAcl.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateNetworkAclResponse {
    pub network_acl: NetworkAclDescription,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

/// Response of DescribeNetworkAcls.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeNetworkAclsResponse {
    pub network_acls: Vec<NetworkAclDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Response of ReplaceNetworkAclAssociation.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceNetworkAclAssociationResponse {
    pub new_association_id: String,
}

impl Filterable for NetworkAclDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let associations = |f: fn(&NetworkAclAssociationDescription) -> String| {
            Some(self.associations.iter().map(f).collect())
        };
        let entries = |f: fn(&NetworkAclEntryDescription) -> Option<String>| {
            Some(self.entries.iter().filter_map(f).collect())
        };
        match name {
            "network-acl-id" => Some(vec![self.network_acl_id.clone()]),
            "vpc-id" => Some(vec![self.vpc_id.clone()]),
            "default" => Some(filters::bool_value(self.is_default)),
            "owner-id" => Some(vec![self.owner_id.into()]),
            "association.association-id" => associations(|a| a.network_acl_association_id.clone()),
            "association.network-acl-id" => associations(|a| a.network_acl_id.clone()),
            "association.subnet-id" => associations(|a| a.subnet_id.clone()),
            "entry.cidr" => entries(|e| Some(e.cidr_block.clone())),
            "entry.egress" => entries(|e| Some(e.egress.to_string())),
            "entry.protocol" => entries(|e| Some(e.protocol.clone())),
            "entry.rule-action" => entries(|e| Some(e.rule_action.into())),
            "entry.rule-number" => entries(|e| Some(e.rule_number.to_string())),
            "entry.port-range.from" => entries(|e| e.port_range?.from.map(|p| p.to_string())),
            "entry.port-range.to" => entries(|e| e.port_range?.to.map(|p| p.to_string())),
            other => filters::tag_filter_values(other, &self.tags),
        }
    }
}

/// `InvalidNetworkAclID.NotFound`.
pub fn network_acl_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidNetworkAclID.NotFound",
        format!("The networkAcl ID '{id}' does not exist"),
    )
}

fn entry_not_found(rule_number: i64) -> ApiError {
    ApiError::new(
        "InvalidNetworkAclEntry.NotFound",
        format!("The network acl entry identified by {rule_number} could not be found."),
    )
}

/// Turns a request's entry into a rule, checking it as AWS does.
fn parse_entry(request: &NetworkAclEntryRequest) -> Result<NetworkAclEntry, ApiError> {
    let rule_number = u16::try_from(request.rule_number)
        .ok()
        .filter(|n| (1..=MAX_RULE_NUMBER).contains(&i64::from(*n)))
        .ok_or_else(|| {
            ApiError::new(
                "InvalidParameterValue",
                format!("Value ({}) for parameter ruleNumber is invalid. Rule numbers must be between 1 and {MAX_RULE_NUMBER}.", request.rule_number),
            )
        })?;
    let protocol = match request.protocol.to_ascii_lowercase().as_str() {
        "tcp" => "6".to_string(),
        "udp" => "17".to_string(),
        "icmp" => "1".to_string(),
        "all" => "-1".to_string(),
        other if other == "-1" || other.parse::<u8>().is_ok() => other.to_string(),
        other => {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Invalid value '{other}' for protocol. Unknown protocol."),
            ))
        }
    };
    let action = match request.rule_action.as_str() {
        "allow" => RuleAction::Allow,
        "deny" => RuleAction::Deny,
        other => return Err(ApiError::invalid_value(other, "RuleAction")),
    };
    let text = request
        .cidr_block
        .as_deref()
        .ok_or_else(|| ApiError::missing_parameter("cidrBlock"))?;
    let cidr: Ipv4Net = text.parse().map_err(|_| {
        ApiError::new(
            "InvalidParameterValue",
            format!("Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block."),
        )
    })?;
    let port_range = if protocol == "6" || protocol == "17" {
        let range = request
            .port_range
            .ok_or_else(|| ApiError::missing_parameter("portRange"))?;
        let port = |p: Option<i64>| p.and_then(|p| u16::try_from(p).ok());
        match (port(range.from), port(range.to)) {
            (Some(from), Some(to)) if from <= to => Some((from, to)),
            _ => return Err(ApiError::new(
                "InvalidParameterValue",
                "Invalid value for portRange. Must specify both from and to ports with TCP/UDP.",
            )),
        }
    } else {
        None
    };
    let icmp_type_code = (protocol == "1").then(|| {
        let icmp = request.icmp_type_code.unwrap_or(IcmpTypeCode {
            code: None,
            kind: None,
        });
        (icmp.kind.unwrap_or(-1), icmp.code.unwrap_or(-1))
    });
    Ok(NetworkAclEntry {
        rule_number,
        egress: request.egress,
        protocol,
        action,
        cidr: cidr.trunc(),
        port_range,
        icmp_type_code,
    })
}

impl NetworkAcl {
    fn entry_index(&self, rule_number: i64, egress: bool) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| i64::from(e.rule_number) == rule_number && e.egress == egress)
    }

    /// Inserts an entry where evaluation order wants it: egress rules
    /// first, each direction by rule number (as DescribeNetworkAcls lists them).
    fn insert_entry(&mut self, entry: NetworkAclEntry) {
        let key = |e: &NetworkAclEntry| (!e.egress, e.rule_number);
        let index = self.entries.partition_point(|e| key(e) < key(&entry));
        self.entries.insert(index, entry);
    }
}

impl RegionState {
    fn describe_network_acl(&self, acl: &NetworkAcl) -> NetworkAclDescription {
        NetworkAclDescription {
            associations: acl
                .associations
                .iter()
                .map(|a| NetworkAclAssociationDescription {
                    network_acl_association_id: a.id.clone(),
                    network_acl_id: acl.id.clone(),
                    subnet_id: a.subnet_id.clone(),
                })
                .collect(),
            entries: acl
                .entries
                .iter()
                .map(|e| NetworkAclEntryDescription {
                    cidr_block: e.cidr.to_string(),
                    egress: e.egress,
                    icmp_type_code: e.icmp_type_code.map(|(kind, code)| IcmpTypeCode {
                        code: Some(code),
                        kind: Some(kind),
                    }),
                    port_range: e.port_range.map(|(from, to)| PortRange {
                        from: Some(from.into()),
                        to: Some(to.into()),
                    }),
                    protocol: e.protocol.clone(),
                    rule_action: match e.action {
                        RuleAction::Allow => "allow",
                        RuleAction::Deny => "deny",
                    },
                    rule_number: e.rule_number,
                })
                .collect(),
            is_default: acl.is_default,
            network_acl_id: acl.id.clone(),
            tags: self.tags.of(&acl.id),
            vpc_id: acl.vpc_id.clone(),
            owner_id: ACCOUNT_ID,
        }
    }

    fn network_acl(&self, id: &str) -> Result<&NetworkAcl, ApiError> {
        self.network_acls
            .get(id)
            .ok_or_else(|| network_acl_not_found(id))
    }

    /// CreateNetworkAcl: a custom ACL denies everything until rules are added.
    pub fn create_network_acl(
        &mut self,
        ctx: &mut Context,
        request: CreateNetworkAclRequest,
    ) -> Result<CreateNetworkAclResponse, ApiError> {
        if !self.vpcs.contains_key(&request.vpc_id) {
            return Err(vpc_not_found(&request.vpc_id));
        }
        let tags = tags_for(&request.tag_specifications, "network-acl");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let acl = NetworkAcl::new(ctx.ids.next("acl"), &request.vpc_id, false);
        let id = acl.id.clone();
        self.tags.set(&id, &tags);
        let network_acl = self.describe_network_acl(&acl);
        self.network_acls.insert(id.clone(), acl);
        ctx.created("network-acl", id);
        Ok(CreateNetworkAclResponse {
            network_acl,
            client_token: request.client_token,
        })
    }

    /// DeleteNetworkAcl: not the default ACL, not while subnets use it.
    pub fn delete_network_acl(
        &mut self,
        ctx: &mut Context,
        request: DeleteNetworkAclRequest,
    ) -> Result<(), ApiError> {
        let id = request.network_acl_id.as_str();
        let acl = self.network_acl(id)?;
        if acl.is_default {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("cannot delete default network ACL {id}"),
            ));
        }
        if !acl.associations.is_empty() {
            return Err(has_dependencies("networkAcl", id));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        self.network_acls.shift_remove(id);
        self.deleted(ctx, "network-acl", id);
        Ok(())
    }

    /// CreateNetworkAclEntry.
    pub fn create_network_acl_entry(
        &mut self,
        ctx: &mut Context,
        request: NetworkAclEntryRequest,
    ) -> Result<(), ApiError> {
        let acl = self.network_acl(&request.network_acl_id)?;
        let entry = parse_entry(&request)?;
        if acl
            .entry_index(request.rule_number, request.egress)
            .is_some()
        {
            return Err(ApiError::new(
                "NetworkAclEntryAlreadyExists",
                format!(
                    "The network acl entry identified by {} already exists.",
                    request.rule_number
                ),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(acl) = self.network_acls.get_mut(&request.network_acl_id) {
            acl.insert_entry(entry);
        }
        ctx.changed("network-acl", &request.network_acl_id);
        Ok(())
    }

    /// ReplaceNetworkAclEntry: the same number and direction, a new rule.
    pub fn replace_network_acl_entry(
        &mut self,
        ctx: &mut Context,
        request: NetworkAclEntryRequest,
    ) -> Result<(), ApiError> {
        let acl = self.network_acl(&request.network_acl_id)?;
        let entry = parse_entry(&request)?;
        let index = acl
            .entry_index(request.rule_number, request.egress)
            .ok_or_else(|| entry_not_found(request.rule_number))?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(slot) = self
            .network_acls
            .get_mut(&request.network_acl_id)
            .and_then(|a| a.entries.get_mut(index))
        {
            *slot = entry;
        }
        ctx.changed("network-acl", &request.network_acl_id);
        Ok(())
    }

    /// DeleteNetworkAclEntry (the `*` rules cannot be deleted).
    pub fn delete_network_acl_entry(
        &mut self,
        ctx: &mut Context,
        request: DeleteNetworkAclEntryRequest,
    ) -> Result<(), ApiError> {
        let acl = self.network_acl(&request.network_acl_id)?;
        let index = acl
            .entry_index(request.rule_number, request.egress)
            .filter(|_| request.rule_number <= MAX_RULE_NUMBER)
            .ok_or_else(|| entry_not_found(request.rule_number))?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(acl) = self.network_acls.get_mut(&request.network_acl_id) {
            acl.entries.remove(index);
        }
        ctx.changed("network-acl", &request.network_acl_id);
        Ok(())
    }

    /// ReplaceNetworkAclAssociation: moves a subnet to another ACL of its VPC.
    pub fn replace_network_acl_association(
        &mut self,
        ctx: &mut Context,
        request: ReplaceNetworkAclAssociationRequest,
    ) -> Result<ReplaceNetworkAclAssociationResponse, ApiError> {
        let (old_id, subnet_id, old_vpc) = self
            .network_acls
            .values()
            .find_map(|acl| {
                acl.associations
                    .iter()
                    .find(|a| a.id == request.association_id)
                    .map(|a| (acl.id.clone(), a.subnet_id.clone(), acl.vpc_id.clone()))
            })
            .ok_or_else(|| association_not_found(&request.association_id))?;
        let new_acl = self.network_acl(&request.network_acl_id)?;
        if new_acl.vpc_id != old_vpc {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Network acl {} and association {} belong to different networks",
                    new_acl.id, request.association_id
                ),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let new_association_id = ctx.ids.next("aclassoc");
        if let Some(acl) = self.network_acls.get_mut(&old_id) {
            acl.associations.retain(|a| a.id != request.association_id);
        }
        if let Some(acl) = self.network_acls.get_mut(&request.network_acl_id) {
            acl.associations.push(NetworkAclAssociation {
                id: new_association_id.clone(),
                subnet_id,
            });
        }
        ctx.changed("network-acl", &old_id);
        ctx.changed("network-acl", &request.network_acl_id);
        Ok(ReplaceNetworkAclAssociationResponse { new_association_id })
    }

    /// DescribeNetworkAcls.
    pub fn describe_network_acls(
        &self,
        request: &DescribeNetworkAclsRequest,
    ) -> Result<DescribeNetworkAclsResponse, ApiError> {
        let (network_acls, next_token) = paging::describe_page(
            &self.network_acls,
            &request.network_acl_ids,
            network_acl_not_found,
            |item| self.describe_network_acl(item),
            &request.filters,
            PageRequest {
                what: "network-acls",
                max_results: request.max_results,
                next_token: request.next_token.as_deref(),
                most: 100,
            },
        )?;
        Ok(DescribeNetworkAclsResponse {
            network_acls,
            next_token,
        })
    }
}
