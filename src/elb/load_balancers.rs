//! Application and Network Load Balancers: CreateLoadBalancer (subnets in
//! distinct zones, security groups, a simulated provisioning time),
//! DescribeLoadBalancers, DeleteLoadBalancer, their attributes and
//! SetSecurityGroups.

use super::attributes::{Attribute, Attributes};
use super::names::{self, Named};
use super::{check_enum, page, validation, ElbRegion, Timer};
use crate::ec2::{Ec2, RegionState};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler, SimTime};
use serde::Serialize;
use std::net::Ipv4Addr;

/// Seconds an Application Load Balancer stays `provisioning`. AWS publishes
/// no figure; new ALBs typically turn `active` within two to three minutes.
pub const APPLICATION_PROVISIONING_SECONDS: u64 = 150;
/// Seconds a Network Load Balancer stays `provisioning` (typically a
/// little longer than an ALB).
pub const NETWORK_PROVISIONING_SECONDS: u64 = 180;
/// Application or Network Load Balancers a region holds at most.
const MAX_LOAD_BALANCERS: usize = 50;
/// Security groups a load balancer takes at most.
const MAX_SECURITY_GROUPS: usize = 5;

/// A load balancer's node in one Availability Zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub zone: String,
    pub subnet_id: String,
    /// Its private address, the source of health checks and forwarded
    /// requests.
    pub address: Ipv4Addr,
}

/// An Application or Network Load Balancer.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    /// A Network Load Balancer (otherwise an Application Load Balancer).
    pub network: bool,
    pub internal: bool,
    pub vpc_id: String,
    pub nodes: Vec<Node>,
    pub security_groups: Vec<String>,
    pub dns_name: String,
    pub created: SimTime,
    pub active: bool,
    pub attributes: Attributes,
}

impl LoadBalancer {
    /// `application` or `network`, as `Type` says.
    pub fn type_name(&self) -> &'static str {
        if self.network {
            "network"
        } else {
            "application"
        }
    }

    /// True once provisioning is over.
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// True when the load balancer has a node in `zone`.
    pub fn serves_zone(&self, zone: &str) -> bool {
        self.nodes.iter().any(|n| n.zone == zone)
    }

    /// The node that reaches targets in `zone`: the one in that zone, or
    /// the first (cross-zone).
    pub fn node_for(&self, zone: &str) -> Option<&Node> {
        self.nodes
            .iter()
            .find(|n| n.zone == zone)
            .or_else(|| self.nodes.first())
    }
}

/// `SubnetMapping`.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SubnetMapping {
    pub subnet_id: String,
    #[serde(default)]
    pub allocation_id: Option<String>,
    #[serde(default, rename = "PrivateIPv4Address")]
    pub private_ipv4_address: Option<String>,
    #[serde(default, rename = "IPv6Address")]
    pub ipv6_address: Option<String>,
}

/// Request of CreateLoadBalancer.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLoadBalancerRequest {
    pub name: String,
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default)]
    pub subnet_mappings: Vec<SubnetMapping>,
    #[serde(default)]
    pub security_groups: Option<Vec<String>>,
    #[serde(default)]
    pub scheme: Option<String>,
    #[serde(default, rename = "Type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub ip_address_type: Option<String>,
}

/// Request of DescribeLoadBalancers.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLoadBalancersRequest {
    #[serde(default)]
    pub load_balancer_arns: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

/// Request of the actions that name one load balancer (DeleteLoadBalancer,
/// DescribeLoadBalancerAttributes).
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LoadBalancerRequest {
    pub load_balancer_arn: String,
}

/// Request of ModifyLoadBalancerAttributes.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyLoadBalancerAttributesRequest {
    pub load_balancer_arn: String,
    pub attributes: Vec<Attribute>,
}

/// Request of SetSecurityGroups.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SetSecurityGroupsRequest {
    pub load_balancer_arn: String,
    pub security_groups: Vec<String>,
}

/// `LoadBalancerState`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateView {
    pub code: &'static str,
}

/// `AvailabilityZone` of a load balancer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ZoneView<'a> {
    pub zone_name: &'a str,
    pub subnet_id: &'a str,
    pub load_balancer_addresses: Vec<serde_json::Value>,
}

/// A load balancer as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancerView<'a> {
    pub load_balancer_arn: &'a str,
    #[serde(rename = "DNSName")]
    pub dns_name: &'a str,
    pub canonical_hosted_zone_id: &'static str,
    pub created_time: Iso8601,
    pub load_balancer_name: &'a str,
    pub scheme: &'static str,
    pub vpc_id: &'a str,
    pub state: StateView,
    #[serde(rename = "Type")]
    pub kind: &'static str,
    pub availability_zones: Vec<ZoneView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_groups: Option<&'a [String]>,
    pub ip_address_type: &'static str,
}

/// Response of CreateLoadBalancer and DescribeLoadBalancers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancersResponse<'a> {
    pub load_balancers: Vec<LoadBalancerView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

/// Response of the attribute actions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributesResponse {
    pub attributes: Vec<Attribute>,
}

/// Response of SetSecurityGroups.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetSecurityGroupsResponse {
    pub security_group_ids: Vec<String>,
}

/// `LoadBalancerNotFound` for ARNs.
pub fn load_balancer_not_found() -> ApiError {
    ApiError::new(
        "LoadBalancerNotFound",
        "One or more load balancers not found",
    )
}

/// Checks that `arn` has the shape of a load balancer ARN.
pub fn check_load_balancer_arn(arn: &str) -> Result<(), ApiError> {
    if arn.starts_with("arn:aws:elasticloadbalancing:") && arn.contains(":loadbalancer/") {
        Ok(())
    } else {
        Err(validation(format!(
            "'{arn}' is not a valid load balancer ARN"
        )))
    }
}

impl LoadBalancer {
    /// As the API prints it.
    pub fn view(&self, region: &str) -> LoadBalancerView<'_> {
        LoadBalancerView {
            load_balancer_arn: &self.arn,
            dns_name: &self.dns_name,
            canonical_hosted_zone_id: names::hosted_zone(region, self.network),
            created_time: Iso8601(self.created),
            load_balancer_name: &self.name,
            scheme: if self.internal {
                "internal"
            } else {
                "internet-facing"
            },
            vpc_id: &self.vpc_id,
            state: StateView {
                code: if self.active {
                    "active"
                } else {
                    "provisioning"
                },
            },
            kind: self.type_name(),
            availability_zones: self
                .nodes
                .iter()
                .map(|n| ZoneView {
                    zone_name: &n.zone,
                    subnet_id: &n.subnet_id,
                    load_balancer_addresses: Vec::new(),
                })
                .collect(),
            security_groups: (!self.network || !self.security_groups.is_empty())
                .then_some(self.security_groups.as_slice()),
            ip_address_type: "ipv4",
        }
    }
}

/// The nodes of a load balancer in `subnet_ids`: the subnets must exist,
/// share one VPC and lie in distinct zones. Returns the VPC and the nodes.
pub fn nodes_in(
    ec2: &RegionState,
    owner: &str,
    subnet_ids: &[String],
) -> Result<(String, Vec<Node>), ApiError> {
    let mut vpc_id: Option<&str> = None;
    let mut nodes: Vec<Node> = Vec::with_capacity(subnet_ids.len());
    for id in subnet_ids {
        let subnet = ec2.subnets.get(id).ok_or_else(|| {
            ApiError::new(
                "SubnetNotFound",
                format!("The subnet ID '{id}' is not valid"),
            )
        })?;
        match vpc_id {
            Some(vpc) if vpc != subnet.vpc_id => {
                return Err(ApiError::new(
                    "InvalidConfigurationRequest",
                    "The subnets must all belong to the same VPC",
                ))
            }
            _ => vpc_id = Some(&subnet.vpc_id),
        }
        if nodes.iter().any(|n| n.zone == subnet.availability_zone) {
            return Err(ApiError::new(
                "InvalidConfigurationRequest",
                "A load balancer cannot be attached to multiple subnets in the same Availability Zone",
            ));
        }
        nodes.push(Node {
            zone: subnet.availability_zone.clone(),
            subnet_id: id.clone(),
            address: names::node_address(owner, id, subnet.cidr),
        });
    }
    let vpc_id = vpc_id
        .map(str::to_string)
        .ok_or_else(|| validation("At least one subnet must be specified"))?;
    Ok((vpc_id, nodes))
}

/// The security groups of a load balancer in `vpc_id`: those given (which
/// must exist there), or the VPC's default group, as AWS picks.
pub fn security_groups_in(
    ec2: &RegionState,
    vpc_id: &str,
    given: Option<&[String]>,
) -> Result<Vec<String>, ApiError> {
    let Some(given) = given else {
        return Ok(ec2
            .security_groups
            .values()
            .find(|g| g.name == "default" && g.vpc_id == vpc_id)
            .map(|g| vec![g.id.clone()])
            .unwrap_or_default());
    };
    if given.len() > MAX_SECURITY_GROUPS {
        return Err(validation(format!(
            "A load balancer can have at most {MAX_SECURITY_GROUPS} security groups"
        )));
    }
    for id in given {
        match ec2.security_groups.get(id) {
            None => {
                return Err(ApiError::new(
                    "InvalidSecurityGroup",
                    format!("Security group '{id}' does not exist"),
                ))
            }
            Some(group) if group.vpc_id != vpc_id => {
                return Err(ApiError::new(
                    "InvalidSecurityGroup",
                    format!("Security group '{id}' does not belong to VPC '{vpc_id}'"),
                ))
            }
            Some(_) => {}
        }
    }
    let mut groups = given.to_vec();
    groups.dedup();
    Ok(groups)
}

/// An internet-facing load balancer needs an internet gateway on its VPC.
pub fn check_internet_gateway(ec2: &RegionState, vpc_id: &str) -> Result<(), ApiError> {
    if ec2.internet_gateway_attached_to(vpc_id).is_some() {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidSubnet",
            format!("VPC {vpc_id} has no internet gateway"),
        ))
    }
}

impl ElbRegion {
    /// The load balancer `arn`, or `LoadBalancerNotFound`.
    pub fn load_balancer(&self, arn: &str) -> Result<&LoadBalancer, ApiError> {
        check_load_balancer_arn(arn)?;
        self.load_balancers
            .get(arn)
            .ok_or_else(load_balancer_not_found)
    }

    /// CreateLoadBalancer.
    pub fn create_load_balancer(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        ec2: &Ec2,
        request: CreateLoadBalancerRequest,
    ) -> Result<LoadBalancersResponse<'_>, ApiError> {
        names::check_name(&request.name, Named::LoadBalancer)?;
        let kind = request.kind.as_deref().unwrap_or("application");
        check_enum(kind, "type", &["application", "network", "gateway"])?;
        if kind == "gateway" {
            return Err(validation(
                "Gateway Load Balancers are not simulated in this sandbox; use 'application' or 'network'",
            ));
        }
        let network = kind == "network";
        let scheme = request.scheme.as_deref().unwrap_or("internet-facing");
        check_enum(scheme, "scheme", &["internet-facing", "internal"])?;
        let ip_type = request.ip_address_type.as_deref().unwrap_or("ipv4");
        check_enum(
            ip_type,
            "ipAddressType",
            &["ipv4", "dualstack", "dualstack-without-public-ipv4"],
        )?;
        if ip_type != "ipv4" {
            return Err(validation(
                "The sandbox's VPCs have no IPv6 addresses; use the IP address type 'ipv4'",
            ));
        }
        if !request.subnets.is_empty() && !request.subnet_mappings.is_empty() {
            return Err(validation(
                "You can specify subnets or subnet mappings, but not both",
            ));
        }
        if request.subnet_mappings.iter().any(|m| {
            m.allocation_id.is_some()
                || m.private_ipv4_address.is_some()
                || m.ipv6_address.is_some()
        }) {
            return Err(validation(
                "Subnet mappings with Elastic IP addresses or fixed addresses are not simulated in this sandbox; give only SubnetId",
            ));
        }
        let subnet_ids: Vec<String> = if request.subnet_mappings.is_empty() {
            request.subnets.clone()
        } else {
            request
                .subnet_mappings
                .iter()
                .map(|m| m.subnet_id.clone())
                .collect()
        };
        let ec2 = ec2
            .region(ctx.region)
            .ok_or_else(|| validation("Unknown region"))?;
        let (vpc_id, nodes) = nodes_in(ec2, &request.name, &subnet_ids)?;
        if !network && nodes.len() < 2 {
            return Err(validation(
                "At least two subnets in two different Availability Zones must be specified",
            ));
        }
        let internal = scheme == "internal";
        if !internal {
            check_internet_gateway(ec2, &vpc_id)?;
        }
        // A Network Load Balancer has security groups only when given some.
        let given = match (&request.security_groups, network) {
            (None, true) => Some(&[][..]),
            (groups, _) => groups.as_deref(),
        };
        let security_groups = security_groups_in(ec2, &vpc_id, given)?;
        if let Some(existing) = self
            .load_balancers
            .values()
            .find(|lb| lb.name == request.name)
        {
            let same = existing.network == network
                && existing.internal == internal
                && existing
                    .nodes
                    .iter()
                    .map(|n| &n.subnet_id)
                    .eq(nodes.iter().map(|n| &n.subnet_id))
                && (request.security_groups.is_none()
                    || existing.security_groups == security_groups);
            if !same {
                return Err(ApiError::new(
                    "DuplicateLoadBalancerName",
                    format!(
                        "A load balancer with the same name '{}' exists, but with different settings",
                        request.name
                    ),
                ));
            }
            // The call is idempotent: the same request returns the same one.
            let arn = existing.arn.clone();
            return self.describe_one(ctx.region, &arn);
        }
        if self
            .load_balancers
            .values()
            .filter(|lb| lb.network == network)
            .count()
            >= MAX_LOAD_BALANCERS
        {
            return Err(ApiError::new(
                "TooManyLoadBalancers",
                format!(
                    "You have reached the maximum number of load balancers ({MAX_LOAD_BALANCERS})"
                ),
            ));
        }
        let arn = names::load_balancer_arn(ctx, if network { "net" } else { "app" }, &request.name);
        let dns_name = if network {
            names::network_dns_name(ctx.region, &request.name, &arn, internal)
        } else {
            names::numbered_dns_name(ctx, &request.name, internal)
        };
        let provisioning = if network {
            NETWORK_PROVISIONING_SECONDS
        } else {
            APPLICATION_PROVISIONING_SECONDS
        };
        timers.schedule(
            ctx.now + provisioning,
            Timer::Provisioned {
                region: ctx.region.to_string(),
                arn: arn.clone(),
            },
        );
        self.load_balancers.insert(
            arn.clone(),
            LoadBalancer {
                arn: arn.clone(),
                name: request.name,
                network,
                internal,
                vpc_id,
                nodes,
                security_groups,
                dns_name,
                created: ctx.now,
                active: false,
                attributes: Attributes::load_balancer(network),
            },
        );
        ctx.created("load-balancer", arn.clone());
        self.describe_one(ctx.region, &arn)
    }

    fn describe_one(&self, region: &str, arn: &str) -> Result<LoadBalancersResponse<'_>, ApiError> {
        let lb = self.load_balancer(arn)?;
        Ok(LoadBalancersResponse {
            load_balancers: vec![lb.view(region)],
            next_marker: None,
        })
    }

    /// The provisioning timer fired.
    pub(super) fn provisioned(&mut self, ctx: &mut Context, arn: &str) {
        if let Some(lb) = self.load_balancers.get_mut(arn) {
            lb.active = true;
            ctx.changed("load-balancer", arn.to_string());
        }
    }

    /// DescribeLoadBalancers.
    pub fn describe_load_balancers(
        &self,
        region: &str,
        request: &DescribeLoadBalancersRequest,
    ) -> Result<LoadBalancersResponse<'_>, ApiError> {
        if !request.load_balancer_arns.is_empty() && !request.names.is_empty() {
            return Err(validation(
                "Load balancer names and load balancer ARNs cannot be specified at the same time",
            ));
        }
        let chosen: Vec<&LoadBalancer> = if !request.load_balancer_arns.is_empty() {
            let mut chosen = Vec::new();
            for arn in &request.load_balancer_arns {
                chosen.push(self.load_balancer(arn)?);
            }
            chosen
        } else if !request.names.is_empty() {
            let missing: Vec<&str> = request
                .names
                .iter()
                .filter(|name| !self.load_balancers.values().any(|lb| &lb.name == *name))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(ApiError::new(
                    "LoadBalancerNotFound",
                    format!("Load balancers '[{}]' not found", missing.join(", ")),
                ));
            }
            self.load_balancers
                .values()
                .filter(|lb| request.names.contains(&lb.name))
                .collect()
        } else {
            self.load_balancers.values().collect()
        };
        let (chosen, next_marker) = page(
            "load-balancers",
            chosen,
            request.marker.as_deref(),
            request.page_size,
        )?;
        Ok(LoadBalancersResponse {
            load_balancers: chosen.into_iter().map(|lb| lb.view(region)).collect(),
            next_marker,
        })
    }

    /// DeleteLoadBalancer: its listeners and rules go with it; its target
    /// groups and their targets stay. Deleting one that is gone succeeds.
    pub fn delete_load_balancer(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: LoadBalancerRequest,
    ) -> Result<(), ApiError> {
        let arn = request.load_balancer_arn;
        check_load_balancer_arn(&arn)?;
        let Some(lb) = self.load_balancers.get(&arn) else {
            return Ok(());
        };
        if lb.attributes.flag("deletion_protection.enabled") {
            return Err(ApiError::new(
                "OperationNotPermitted",
                format!("Load balancer '{arn}' cannot be deleted because deletion protection is enabled"),
            ));
        }
        let listeners: Vec<String> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == arn)
            .map(|l| l.arn.clone())
            .collect();
        for listener in listeners {
            self.remove_listener(ctx, &listener);
        }
        self.load_balancers.shift_remove(&arn);
        ctx.deleted("load-balancer", arn);
        self.sync_usage(ctx, timers);
        Ok(())
    }

    /// DescribeLoadBalancerAttributes.
    pub fn describe_load_balancer_attributes(
        &self,
        request: &LoadBalancerRequest,
    ) -> Result<AttributesResponse, ApiError> {
        Ok(AttributesResponse {
            attributes: self
                .load_balancer(&request.load_balancer_arn)?
                .attributes
                .list(),
        })
    }

    /// ModifyLoadBalancerAttributes.
    pub fn modify_load_balancer_attributes(
        &mut self,
        ctx: &mut Context,
        request: ModifyLoadBalancerAttributesRequest,
    ) -> Result<AttributesResponse, ApiError> {
        self.load_balancer(&request.load_balancer_arn)?;
        let lb = self
            .load_balancers
            .get_mut(&request.load_balancer_arn)
            .ok_or_else(load_balancer_not_found)?;
        lb.attributes.modify(&request.attributes)?;
        ctx.changed("load-balancer", lb.arn.clone());
        Ok(AttributesResponse {
            attributes: lb.attributes.list(),
        })
    }

    /// SetSecurityGroups.
    pub fn set_security_groups(
        &mut self,
        ctx: &mut Context,
        ec2: &Ec2,
        request: SetSecurityGroupsRequest,
    ) -> Result<SetSecurityGroupsResponse, ApiError> {
        let lb = self.load_balancer(&request.load_balancer_arn)?;
        if lb.network && lb.security_groups.is_empty() {
            return Err(ApiError::new(
                "InvalidConfigurationRequest",
                "You cannot set security groups on a Network Load Balancer which was created without any security groups.",
            ));
        }
        if !lb.network && request.security_groups.is_empty() {
            return Err(validation("At least one security group must be specified"));
        }
        let ec2 = ec2.region(ctx.region).ok_or_else(load_balancer_not_found)?;
        let groups = security_groups_in(ec2, &lb.vpc_id, Some(&request.security_groups))?;
        let lb = self
            .load_balancers
            .get_mut(&request.load_balancer_arn)
            .ok_or_else(load_balancer_not_found)?;
        lb.security_groups = groups.clone();
        ctx.changed("load-balancer", lb.arn.clone());
        Ok(SetSecurityGroupsResponse {
            security_group_ids: groups,
        })
    }
}
