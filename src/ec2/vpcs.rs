//! CreateVpc, CreateDefaultVpc and DeleteVpc: a VPC comes with its main
//! route table, default network ACL and `default` security group, and goes
//! only once nothing else of the learner's is left in it.

use super::tags::{tags_for, validate_tags, TagSpecification};
use super::vpc::{vpc_not_found, VpcDescription};
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use ipnet::Ipv4Net;
use serde::Serialize;

/// VPCs per Region (the default VPC counts), AWS's default quota.
pub const MAX_VPCS_PER_REGION: usize = 5;

/// Request of CreateVpc.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateVpcRequest {
    #[serde(default)]
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub instance_tenancy: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of CreateDefaultVpc.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateDefaultVpcRequest {
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of CreateVpc and CreateDefaultVpc.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpcResponse {
    pub vpc: VpcDescription,
}

/// Request of DeleteVpc.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteVpcRequest {
    pub vpc_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Parses a CIDR block of a VPC or subnet: `InvalidParameterValue` when it
/// is not one at all; `range_error` when it is not a /16../28 network.
pub fn parse_cidr(text: &str, range_error: fn(&str) -> ApiError) -> Result<Ipv4Net, ApiError> {
    let cidr: Ipv4Net = text.parse().map_err(|_| {
        ApiError::new(
            "InvalidParameterValue",
            format!("Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block."),
        )
    })?;
    if !(16..=28).contains(&cidr.prefix_len()) || cidr.addr() != cidr.network() {
        return Err(range_error(text));
    }
    Ok(cidr)
}

fn vpc_range(text: &str) -> ApiError {
    ApiError::new("InvalidVpc.Range", format!("The CIDR '{text}' is invalid."))
}

/// `DependencyViolation` for a resource that still has dependents.
pub fn has_dependencies(kind: &str, id: &str) -> ApiError {
    ApiError::new(
        "DependencyViolation",
        format!("The {kind} '{id}' has dependencies and cannot be deleted."),
    )
}

impl RegionState {
    fn check_vpc_room(&self) -> Result<(), ApiError> {
        if self.vpcs.len() >= MAX_VPCS_PER_REGION {
            return Err(ApiError::new(
                "VpcLimitExceeded",
                "The maximum number of VPCs has been reached.",
            ));
        }
        Ok(())
    }

    /// The answer to a create: the new VPC, still `pending` as AWS reports it.
    fn created_vpc(&self, id: &str) -> Result<CreateVpcResponse, ApiError> {
        let vpc = self.vpcs.get(id).ok_or_else(|| vpc_not_found(id))?;
        let mut vpc = self.describe_vpc(vpc);
        vpc.state = "pending".into();
        vpc.ipv6_cidr_block_association_set = Some(vec![]);
        Ok(CreateVpcResponse { vpc })
    }

    /// CreateVpc.
    pub fn create_vpc(
        &mut self,
        ctx: &mut Context,
        request: CreateVpcRequest,
    ) -> Result<CreateVpcResponse, ApiError> {
        let text = request.cidr_block.as_deref().ok_or_else(|| {
            ApiError::new(
                "MissingParameter",
                "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
            )
        })?;
        let cidr = parse_cidr(text, vpc_range)?;
        let tenancy = request.instance_tenancy.as_deref().unwrap_or("default");
        if !matches!(tenancy, "default" | "dedicated") {
            return Err(ApiError::invalid_value(tenancy, "InstanceTenancy"));
        }
        let tags = tags_for(&request.tag_specifications, "vpc");
        validate_tags(&tags)?;
        self.check_vpc_room()?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let id = self.add_vpc(ctx, cidr, false, tenancy);
        self.tags.set(&id, &tags);
        ctx.created("vpc", id.clone());
        self.created_vpc(&id)
    }

    /// CreateDefaultVpc: a new default VPC, as the region started with.
    pub fn create_default_vpc_action(
        &mut self,
        ctx: &mut Context,
        request: CreateDefaultVpcRequest,
    ) -> Result<CreateVpcResponse, ApiError> {
        if self.default_vpc().is_some() {
            return Err(ApiError::new(
                "DefaultVpcAlreadyExists",
                "A Default VPC already exists for this account in this region.",
            ));
        }
        self.check_vpc_room()?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let id = self.create_default_vpc(ctx);
        ctx.created("vpc", id.clone());
        self.created_vpc(&id)
    }

    /// DeleteVpc: refused while subnets, an attached internet gateway, or
    /// security groups, route tables or network ACLs of the learner's remain.
    pub fn delete_vpc(
        &mut self,
        ctx: &mut Context,
        request: DeleteVpcRequest,
    ) -> Result<(), ApiError> {
        let id = request.vpc_id.as_str();
        if !self.vpcs.contains_key(id) {
            return Err(vpc_not_found(id));
        }
        let in_vpc = |vpc_id: &str| vpc_id == id;
        let dependent = self.subnets.values().any(|s| in_vpc(&s.vpc_id))
            || self.internet_gateway_attached_to(id).is_some()
            || self
                .security_groups
                .values()
                .any(|g| in_vpc(&g.vpc_id) && g.name != "default")
            || self
                .route_tables
                .values()
                .any(|t| in_vpc(&t.vpc_id) && !t.main)
            || self
                .network_acls
                .values()
                .any(|a| in_vpc(&a.vpc_id) && !a.is_default)
            || self
                .instances
                .values()
                .any(|i| in_vpc(&i.vpc_id) && i.holds_network_interface());
        if dependent {
            return Err(has_dependencies("vpc", id));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let owned: Vec<String> = self
            .security_groups
            .values()
            .filter(|g| in_vpc(&g.vpc_id))
            .map(|g| g.id.clone())
            .chain(
                self.route_tables
                    .values()
                    .filter(|t| in_vpc(&t.vpc_id))
                    .map(|t| t.id.clone()),
            )
            .chain(
                self.network_acls
                    .values()
                    .filter(|a| in_vpc(&a.vpc_id))
                    .map(|a| a.id.clone()),
            )
            .collect();
        for resource in &owned {
            self.security_groups.shift_remove(resource);
            self.route_tables.shift_remove(resource);
            self.network_acls.shift_remove(resource);
            self.tags.forget(resource);
        }
        self.vpcs.shift_remove(id);
        self.deleted(ctx, "vpc", id);
        Ok(())
    }
}
