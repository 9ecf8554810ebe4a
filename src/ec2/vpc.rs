//! Networks: VPCs, subnets, internet gateways, route tables and network ACLs,
//! the default VPC every region starts with, DescribeVpcs and DescribeSubnets.

use super::filters::{self, Filter, Filterable};
use super::tags::Tag;
use super::RegionState;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// A virtual private cloud.
#[derive(Debug, Clone, PartialEq)]
pub struct Vpc {
    pub id: String,
    pub cidr: Ipv4Net,
    pub cidr_association_id: String,
    pub dhcp_options_id: String,
    pub is_default: bool,
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

/// A route: destination CIDR to a gateway (`local` or an `igw-` id).
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub destination: Ipv4Net,
    pub gateway_id: String,
}

/// A route table; the main one serves subnets with no explicit association.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    pub main: bool,
    pub routes: Vec<Route>,
    pub subnet_ids: Vec<String>,
}

/// A network ACL; the default one allows everything both ways.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    pub is_default: bool,
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
    /// and the `default` security group.
    pub(super) fn create_default_vpc(&mut self, ctx: &mut Context) {
        let vpc_id = ctx.ids.next("vpc");
        let cidr: Ipv4Net = "172.31.0.0/16".parse().unwrap_or_default();
        self.vpcs.insert(
            vpc_id.clone(),
            Vpc {
                id: vpc_id.clone(),
                cidr,
                cidr_association_id: ctx.ids.next("vpc-cidr-assoc"),
                dhcp_options_id: ctx.ids.next("dopt"),
                is_default: true,
            },
        );
        let zones = super::regions::info(ctx.region)
            .map(|r| r.zones)
            .unwrap_or_default();
        for (index, (letter, zone_id)) in zones.iter().enumerate() {
            let third_octet = u8::try_from(index * 16).unwrap_or(0);
            let subnet_cidr =
                Ipv4Net::new(Ipv4Addr::new(172, 31, third_octet, 0), 20).unwrap_or(cidr);
            let id = ctx.ids.next("subnet");
            self.subnets.insert(
                id.clone(),
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
        let rtb_id = ctx.ids.next("rtb");
        self.route_tables.insert(
            rtb_id.clone(),
            RouteTable {
                id: rtb_id,
                vpc_id: vpc_id.clone(),
                main: true,
                routes: vec![
                    Route {
                        destination: cidr,
                        gateway_id: "local".into(),
                    },
                    Route {
                        destination: Ipv4Net::default(),
                        gateway_id: igw_id,
                    },
                ],
                subnet_ids: vec![],
            },
        );
        let acl_id = ctx.ids.next("acl");
        self.network_acls.insert(
            acl_id.clone(),
            NetworkAcl {
                id: acl_id,
                vpc_id: vpc_id.clone(),
                is_default: true,
            },
        );
        self.create_default_security_group(ctx, &vpc_id);
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

    fn describe_vpc(&self, vpc: &Vpc) -> VpcDescription {
        VpcDescription {
            cidr_block: vpc.cidr.to_string(),
            dhcp_options_id: vpc.dhcp_options_id.clone(),
            state: "available".into(),
            vpc_id: vpc.id.clone(),
            owner_id: ACCOUNT_ID.into(),
            instance_tenancy: "default".into(),
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

    fn describe_subnet(&self, subnet: &Subnet) -> SubnetDescription {
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
        let vpcs: Vec<VpcDescription> = filters::pick(&self.vpcs, &request.vpc_ids, vpc_not_found)?
            .into_iter()
            .map(|v| self.describe_vpc(v))
            .collect();
        Ok(DescribeVpcsResponse {
            vpcs: filters::select(vpcs, &request.filters)?,
        })
    }

    /// DescribeSubnets.
    pub fn describe_subnets(
        &self,
        request: &DescribeSubnetsRequest,
    ) -> Result<DescribeSubnetsResponse, ApiError> {
        let subnets: Vec<SubnetDescription> =
            filters::pick(&self.subnets, &request.subnet_ids, subnet_not_found)?
                .into_iter()
                .map(|s| self.describe_subnet(s))
                .collect();
        Ok(DescribeSubnetsResponse {
            subnets: filters::select(subnets, &request.filters)?,
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
#[derive(Debug, Default, Deserialize)]
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
#[derive(Debug, Default, Deserialize)]
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
