//! Networks: VPCs, subnets, internet gateways, route tables and network ACLs,
//! the default VPC every region starts with, the accessors that say which
//! table and ACL serve a subnet, DescribeVpcs and DescribeSubnets.

use super::filters::{self, Filter, Filterable};
use super::paging::{self, PageRequest};
use super::tags::Tag;
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

/// A virtual private cloud.
#[derive(Debug, Clone, PartialEq)]
pub struct Vpc {
    pub id: String,
    pub cidr: Ipv4Net,
    pub cidr_association_id: String,
    pub dhcp_options_id: String,
    pub is_default: bool,
    /// `default` or `dedicated`.
    pub instance_tenancy: String,
}

/// A subnet of a VPC in one Availability Zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: Ipv4Net,
    pub availability_zone: String,
    pub availability_zone_id: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
}

/// An internet gateway and the VPC it is attached to.
#[derive(Debug, Clone, PartialEq)]
pub struct InternetGateway {
    pub id: String,
    pub attached_vpc_id: Option<String>,
}

/// How a route came to be (`Origin` in DescribeRouteTables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteOrigin {
    /// Made with the table: the `local` route.
    CreateRouteTable,
    /// Added by CreateRoute or ReplaceRoute.
    CreateRoute,
}

/// A route: destination CIDR to a gateway (`local` or an `igw-` id).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub destination: Ipv4Net,
    pub gateway_id: String,
    pub origin: RouteOrigin,
}

/// A route table; the main one serves subnets with no explicit association.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    pub main: bool,
    pub routes: Vec<Route>,
    /// Subnets explicitly associated with this table.
    pub subnet_ids: Vec<String>,
    /// The `rtbassoc-` id of each explicit association, index for index
    /// with `subnet_ids`.
    pub association_ids: Vec<String>,
    /// The `rtbassoc-` id of the main association, while the table is main.
    pub main_association_id: Option<String>,
}

/// Allow or deny, for a network ACL rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleAction {
    Allow,
    Deny,
}

/// The rule number AWS shows for the catch-all `*` rule of every ACL.
pub const CATCH_ALL_RULE: u16 = 32767;

/// One numbered rule of a network ACL; the lowest matching number wins.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkAclEntry {
    /// 1..=32766, or [`CATCH_ALL_RULE`] for the `*` rule.
    pub rule_number: u16,
    pub egress: bool,
    /// IANA protocol number as text (`6` TCP, `17` UDP, `1` ICMP) or `-1` (all).
    pub protocol: String,
    pub action: RuleAction,
    pub cidr: Ipv4Net,
    /// Inclusive port range, for TCP and UDP rules.
    pub port_range: Option<(u16, u16)>,
    /// ICMP (type, code), for ICMP rules.
    pub icmp_type_code: Option<(i32, i32)>,
}

/// A subnet's association with a network ACL (`aclassoc-` id).
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkAclAssociation {
    pub id: String,
    pub subnet_id: String,
}

/// A network ACL; the default one allows everything both ways.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    pub is_default: bool,
    /// Rules in evaluation order: by direction, then rule number.
    pub entries: Vec<NetworkAclEntry>,
    /// Every subnet of the VPC is associated with exactly one ACL.
    pub associations: Vec<NetworkAclAssociation>,
}

impl NetworkAclEntry {
    /// The `*` rule that ends every ACL: deny everything.
    fn catch_all(egress: bool) -> Self {
        Self {
            rule_number: CATCH_ALL_RULE,
            egress,
            protocol: "-1".into(),
            action: RuleAction::Deny,
            cidr: Ipv4Net::default(),
            port_range: None,
            icmp_type_code: None,
        }
    }

    /// Rule 100 of a default ACL: allow everything.
    fn allow_all(egress: bool) -> Self {
        Self {
            rule_number: 100,
            action: RuleAction::Allow,
            ..Self::catch_all(egress)
        }
    }
}

impl NetworkAcl {
    /// A new ACL with only the `*` deny rules (what CreateNetworkAcl makes);
    /// a default ACL also allows everything with rule 100 both ways.
    pub fn new(id: String, vpc_id: &str, is_default: bool) -> Self {
        let mut entries = Vec::new();
        for egress in [true, false] {
            if is_default {
                entries.push(NetworkAclEntry::allow_all(egress));
            }
            entries.push(NetworkAclEntry::catch_all(egress));
        }
        Self {
            id,
            vpc_id: vpc_id.into(),
            is_default,
            entries,
            associations: vec![],
        }
    }
}

impl RouteTable {
    /// A table of `vpc` with only its `local` route.
    pub fn new(id: String, vpc: &Vpc, main_association_id: Option<String>) -> Self {
        Self {
            id,
            vpc_id: vpc.id.clone(),
            main: main_association_id.is_some(),
            routes: vec![Route {
                destination: vpc.cidr,
                gateway_id: "local".into(),
                origin: RouteOrigin::CreateRouteTable,
            }],
            subnet_ids: vec![],
            association_ids: vec![],
            main_association_id,
        }
    }
}

/// Addresses AWS keeps in every subnet: the first four and the last.
pub const RESERVED_ADDRESSES_PER_SUBNET: u64 = 5;

impl Subnet {
    /// Usable addresses in the subnet before any are taken.
    pub fn usable_addresses(&self) -> u64 {
        let total = 1u64 << (32 - u32::from(self.cidr.prefix_len()));
        total.saturating_sub(RESERVED_ADDRESSES_PER_SUBNET)
    }

    /// True when `address` is one a network interface may use: inside the
    /// subnet and not one of the five reserved addresses.
    pub fn is_assignable(&self, address: Ipv4Addr) -> bool {
        let base = u32::from(self.cidr.network());
        let last = u32::from(self.cidr.broadcast());
        let a = u32::from(address);
        a >= base + 4 && a < last
    }
}

impl RegionState {
    /// Creates the default VPC of a region: 172.31.0.0/16, one /20 default
    /// subnet per zone (in zone order), an attached internet gateway, the
    /// main route table with a default route to it, the default network ACL
    /// and the `default` security group. Returns the VPC's id.
    pub(super) fn create_default_vpc(&mut self, ctx: &mut Context) -> String {
        let cidr = Ipv4Net::new(Ipv4Addr::new(172, 31, 0, 0), 16).unwrap_or_default();
        let vpc_id = self.add_vpc(ctx, cidr, true, "default");
        let zones = super::regions::info(ctx.region)
            .map(|r| r.zones)
            .unwrap_or_default();
        for (index, (letter, zone_id)) in zones.iter().enumerate() {
            let third_octet = u8::try_from(index * 16).unwrap_or(0);
            let subnet_cidr =
                Ipv4Net::new(Ipv4Addr::new(172, 31, third_octet, 0), 20).unwrap_or(cidr);
            let id = ctx.ids.next("subnet");
            self.add_subnet(
                ctx,
                Subnet {
                    id,
                    vpc_id: vpc_id.clone(),
                    cidr: subnet_cidr,
                    availability_zone: format!("{}{letter}", ctx.region),
                    availability_zone_id: (*zone_id).to_string(),
                    default_for_az: true,
                    map_public_ip_on_launch: true,
                },
            );
        }
        let igw_id = ctx.ids.next("igw");
        self.internet_gateways.insert(
            igw_id.clone(),
            InternetGateway {
                id: igw_id.clone(),
                attached_vpc_id: Some(vpc_id.clone()),
            },
        );
        if let Some(table) = self
            .route_tables
            .values_mut()
            .find(|t| t.main && t.vpc_id == vpc_id)
        {
            table.routes.push(Route {
                destination: Ipv4Net::default(),
                gateway_id: igw_id,
                origin: RouteOrigin::CreateRoute,
            });
        }
        vpc_id
    }

    /// Adds a VPC with what AWS makes along with it: the main route table
    /// (local route only), the default network ACL and the `default`
    /// security group. Returns the VPC's id.
    pub(super) fn add_vpc(
        &mut self,
        ctx: &mut Context,
        cidr: Ipv4Net,
        is_default: bool,
        instance_tenancy: &str,
    ) -> String {
        let vpc = Vpc {
            id: ctx.ids.next("vpc"),
            cidr,
            cidr_association_id: ctx.ids.next("vpc-cidr-assoc"),
            dhcp_options_id: ctx.ids.next("dopt"),
            is_default,
            instance_tenancy: instance_tenancy.into(),
        };
        let table = RouteTable::new(ctx.ids.next("rtb"), &vpc, Some(ctx.ids.next("rtbassoc")));
        self.route_tables.insert(table.id.clone(), table);
        let acl = NetworkAcl::new(ctx.ids.next("acl"), &vpc.id, true);
        self.network_acls.insert(acl.id.clone(), acl);
        self.create_default_security_group(ctx, &vpc.id);
        let id = vpc.id.clone();
        self.vpcs.insert(id.clone(), vpc);
        id
    }

    /// Adds a subnet, associated with its VPC's default network ACL (and,
    /// implicitly, with the VPC's main route table).
    pub(super) fn add_subnet(&mut self, ctx: &mut Context, subnet: Subnet) {
        let association_id = ctx.ids.next("aclassoc");
        if let Some(acl) = self
            .network_acls
            .values_mut()
            .find(|a| a.is_default && a.vpc_id == subnet.vpc_id)
        {
            acl.associations.push(NetworkAclAssociation {
                id: association_id,
                subnet_id: subnet.id.clone(),
            });
        }
        self.subnets.insert(subnet.id.clone(), subnet);
    }

    /// The route table that routes `subnet_id`'s traffic: its explicitly
    /// associated table, else its VPC's main table.
    pub fn route_table_for_subnet(&self, subnet_id: &str) -> Option<&RouteTable> {
        let vpc_id = &self.subnets.get(subnet_id)?.vpc_id;
        self.route_tables
            .values()
            .find(|t| t.subnet_ids.iter().any(|s| s == subnet_id))
            .or_else(|| {
                self.route_tables
                    .values()
                    .find(|t| t.main && &t.vpc_id == vpc_id)
            })
    }

    /// The network ACL that filters `subnet_id`'s traffic.
    pub fn network_acl_for_subnet(&self, subnet_id: &str) -> Option<&NetworkAcl> {
        self.network_acls
            .values()
            .find(|a| a.associations.iter().any(|s| s.subnet_id == subnet_id))
    }

    /// The internet gateway attached to `vpc_id`, if any.
    pub fn internet_gateway_attached_to(&self, vpc_id: &str) -> Option<&InternetGateway> {
        self.internet_gateways
            .values()
            .find(|g| g.attached_vpc_id.as_deref() == Some(vpc_id))
    }

    /// The region's default VPC, if it still has one.
    pub fn default_vpc(&self) -> Option<&Vpc> {
        self.vpcs.values().find(|v| v.is_default)
    }

    /// The default subnet of the first zone (where RunInstances lands when no
    /// subnet is named).
    pub fn first_default_subnet(&self) -> Option<&Subnet> {
        self.subnets.values().find(|s| s.default_for_az)
    }

    /// A VPC as DescribeVpcs prints it.
    pub(super) fn describe_vpc(&self, vpc: &Vpc) -> VpcDescription {
        VpcDescription {
            cidr_block: vpc.cidr.to_string(),
            dhcp_options_id: vpc.dhcp_options_id.clone(),
            state: "available".into(),
            vpc_id: vpc.id.clone(),
            owner_id: ACCOUNT_ID.into(),
            instance_tenancy: vpc.instance_tenancy.clone(),
            ipv6_cidr_block_association_set: None,
            cidr_block_association_set: vec![CidrBlockAssociation {
                association_id: vpc.cidr_association_id.clone(),
                cidr_block: vpc.cidr.to_string(),
                cidr_block_state: CidrBlockState {
                    state: "associated".into(),
                },
            }],
            is_default: vpc.is_default,
            tags: self.tags.optional(&vpc.id),
            block_public_access_states: BlockPublicAccessStates::off(),
        }
    }

    /// A subnet as DescribeSubnets prints it.
    pub(super) fn describe_subnet(&self, subnet: &Subnet) -> SubnetDescription {
        let used = self
            .instances
            .values()
            .filter(|i| i.subnet_id == subnet.id && i.holds_network_interface())
            .count() as u64;
        SubnetDescription {
            availability_zone: subnet.availability_zone.clone(),
            availability_zone_id: subnet.availability_zone_id.clone(),
            available_ip_address_count: subnet.usable_addresses().saturating_sub(used),
            cidr_block: subnet.cidr.to_string(),
            default_for_az: subnet.default_for_az,
            map_public_ip_on_launch: subnet.map_public_ip_on_launch,
            map_customer_owned_ip_on_launch: false,
            state: "available".into(),
            subnet_id: subnet.id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            owner_id: ACCOUNT_ID.into(),
            assign_ipv6_address_on_creation: false,
            ipv6_cidr_block_association_set: vec![],
            tags: self.tags.optional(&subnet.id),
            subnet_arn: format!(
                "arn:aws:ec2:{}:{ACCOUNT_ID}:subnet/{}",
                subnet
                    .availability_zone
                    .trim_end_matches(char::is_alphabetic),
                subnet.id
            ),
            enable_dns64: false,
            ipv6_native: false,
            block_public_access_states: BlockPublicAccessStates::off(),
            private_dns_name_options_on_launch: PrivateDnsNameOptions {
                hostname_type: "ip-name".into(),
                enable_resource_name_dns_a_record: false,
                enable_resource_name_dns_aaaa_record: false,
            },
        }
    }

    /// DescribeVpcs.
    pub fn describe_vpcs(
        &self,
        request: &DescribeVpcsRequest,
    ) -> Result<DescribeVpcsResponse, ApiError> {
        let (vpcs, next_token) = paging::describe_page(
            &self.vpcs,
            &request.vpc_ids,
            vpc_not_found,
            |v| self.describe_vpc(v),
            &request.filters,
            PageRequest {
                what: "vpcs",
                max_results: request.max_results,
                next_token: request.next_token.as_deref(),
                most: 1000,
            },
        )?;
        Ok(DescribeVpcsResponse { next_token, vpcs })
    }

    /// DescribeSubnets.
    pub fn describe_subnets(
        &self,
        request: &DescribeSubnetsRequest,
    ) -> Result<DescribeSubnetsResponse, ApiError> {
        let (subnets, next_token) = paging::describe_page(
            &self.subnets,
            &request.subnet_ids,
            subnet_not_found,
            |s| self.describe_subnet(s),
            &request.filters,
            PageRequest {
                what: "subnets",
                max_results: request.max_results,
                next_token: request.next_token.as_deref(),
                most: 1000,
            },
        )?;
        Ok(DescribeSubnetsResponse {
            next_token,
            subnets,
        })
    }
}

/// `InvalidVpcID.NotFound`.
pub fn vpc_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidVpcID.NotFound",
        format!("The vpc ID '{id}' does not exist"),
    )
}

/// `InvalidSubnetID.NotFound`.
pub fn subnet_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidSubnetID.NotFound",
        format!("The subnet ID '{id}' does not exist"),
    )
}

/// Request of DescribeVpcs.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVpcsRequest {
    #[serde(default)]
    pub vpc_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockState {
    pub state: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockAssociation {
    pub association_id: String,
    pub cidr_block: String,
    pub cidr_block_state: CidrBlockState,
}

/// A VPC as DescribeVpcs prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcDescription {
    pub owner_id: String,
    pub instance_tenancy: String,
    /// Shown (empty) only in CreateVpc's answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block_association_set: Option<Vec<serde_json::Value>>,
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    pub is_default: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub block_public_access_states: BlockPublicAccessStates,
    pub vpc_id: String,
    pub state: String,
    pub cidr_block: String,
    pub dhcp_options_id: String,
}

/// VPC Block Public Access as it applies to a VPC or subnet (off by default).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockPublicAccessStates {
    pub internet_gateway_block_mode: String,
}

impl BlockPublicAccessStates {
    fn off() -> Self {
        Self {
            internet_gateway_block_mode: "off".into(),
        }
    }
}

/// Response of DescribeVpcs.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVpcsResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub vpcs: Vec<VpcDescription>,
}

impl Filterable for VpcDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |v: &str| Some(vec![v.to_string()]);
        match name {
            "vpc-id" => one(&self.vpc_id),
            "cidr" | "cidr-block-association.cidr-block" => one(&self.cidr_block),
            "is-default" | "isDefault" => Some(filters::bool_value(self.is_default)),
            "state" => one(&self.state),
            "owner-id" => one(&self.owner_id),
            "dhcp-options-id" => one(&self.dhcp_options_id),
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}

/// Request of DescribeSubnets.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSubnetsRequest {
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateDnsNameOptions {
    pub hostname_type: String,
    pub enable_resource_name_dns_a_record: bool,
    #[serde(rename = "EnableResourceNameDnsAAAARecord")]
    pub enable_resource_name_dns_aaaa_record: bool,
}

/// A subnet as DescribeSubnets prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetDescription {
    pub availability_zone_id: String,
    pub map_customer_owned_ip_on_launch: bool,
    pub owner_id: String,
    pub assign_ipv6_address_on_creation: bool,
    pub ipv6_cidr_block_association_set: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub subnet_arn: String,
    pub enable_dns64: bool,
    pub ipv6_native: bool,
    pub private_dns_name_options_on_launch: PrivateDnsNameOptions,
    pub block_public_access_states: BlockPublicAccessStates,
    pub subnet_id: String,
    pub state: String,
    pub vpc_id: String,
    pub cidr_block: String,
    pub available_ip_address_count: u64,
    pub availability_zone: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
}

/// Response of DescribeSubnets.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSubnetsResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub subnets: Vec<SubnetDescription>,
}

impl Filterable for SubnetDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |v: &str| Some(vec![v.to_string()]);
        match name {
            "subnet-id" => one(&self.subnet_id),
            "vpc-id" => one(&self.vpc_id),
            "availability-zone" | "availabilityZone" => one(&self.availability_zone),
            "availability-zone-id" => one(&self.availability_zone_id),
            "cidr-block" | "cidr" | "cidrBlock" => one(&self.cidr_block),
            "default-for-az" | "defaultForAz" => Some(filters::bool_value(self.default_for_az)),
            "map-public-ip-on-launch" => Some(filters::bool_value(self.map_public_ip_on_launch)),
            "state" => one(&self.state),
            "owner-id" => one(&self.owner_id),
            "subnet-arn" => one(&self.subnet_arn),
            "available-ip-address-count" => one(&self.available_ip_address_count.to_string()),
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}
