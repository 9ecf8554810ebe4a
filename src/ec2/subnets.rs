//! CreateSubnet, DeleteSubnet and ModifySubnetAttribute. A new subnet joins
//! its VPC's default network ACL and, implicitly, its main route table.

use super::tags::{tags_for, validate_tags, TagSpecification};
use super::vpc::{subnet_not_found, vpc_not_found, Subnet, SubnetDescription};
use super::vpcs::{has_dependencies, parse_cidr};
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde::Serialize;

/// Request of CreateSubnet.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSubnetRequest {
    pub vpc_id: String,
    #[serde(default)]
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub availability_zone_id: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of CreateSubnet.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSubnetResponse {
    pub subnet: SubnetDescription,
}

/// Request of DeleteSubnet.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteSubnetRequest {
    pub subnet_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// `{Value: bool}` of the Modify…Attribute actions.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributeBooleanValue {
    #[serde(default)]
    pub value: Option<bool>,
}

/// Request of ModifySubnetAttribute (the sandbox models MapPublicIpOnLaunch).
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifySubnetAttributeRequest {
    pub subnet_id: String,
    #[serde(default)]
    pub map_public_ip_on_launch: Option<AttributeBooleanValue>,
}

fn subnet_range(text: &str) -> ApiError {
    ApiError::new(
        "InvalidSubnet.Range",
        format!("The CIDR '{text}' is invalid."),
    )
}

impl RegionState {
    /// The zone (name, id) a new subnet goes to: the one asked for by name
    /// or id, else one AWS picks (here drawn from the seeded generator).
    fn subnet_zone(
        ctx: &mut Context,
        request: &CreateSubnetRequest,
    ) -> Result<(String, String), ApiError> {
        let zones = super::regions::info(ctx.region)
            .map(|r| r.zones)
            .unwrap_or_default();
        let name_of = |letter: &str| format!("{}{letter}", ctx.region);
        let found = match (&request.availability_zone, &request.availability_zone_id) {
            (Some(name), _) => zones.iter().find(|(l, _)| &name_of(l) == name).ok_or_else(|| {
                let names: Vec<String> = zones.iter().map(|(l, _)| name_of(l)).collect();
                ApiError::new("InvalidParameterValue", format!("Value ({name}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.", names.join(", ")))
            })?,
            (None, Some(id)) => zones.iter().find(|(_, z)| z == id).ok_or_else(|| {
                let ids: Vec<&str> = zones.iter().map(|(_, z)| *z).collect();
                ApiError::new("InvalidParameterValue", format!("Value ({id}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zone ids: {}.", ids.join(", ")))
            })?,
            (None, None) => {
                let pick = ctx.ids.rng().below(zones.len() as u64);
                zones
                    .get(usize::try_from(pick).unwrap_or(0))
                    .ok_or_else(|| ApiError::new("InvalidParameterValue", "No Availability Zone"))?
            }
        };
        Ok((name_of(found.0), found.1.to_string()))
    }

    /// CreateSubnet.
    pub fn create_subnet(
        &mut self,
        ctx: &mut Context,
        request: CreateSubnetRequest,
    ) -> Result<CreateSubnetResponse, ApiError> {
        let vpc = self
            .vpcs
            .get(&request.vpc_id)
            .ok_or_else(|| vpc_not_found(&request.vpc_id))?;
        let text = request
            .cidr_block
            .as_deref()
            .ok_or_else(|| ApiError::missing_parameter("cidrBlock"))?;
        let cidr = parse_cidr(text, subnet_range)?;
        if !vpc.cidr.contains(&cidr) {
            return Err(subnet_range(text));
        }
        let conflict = self
            .subnets
            .values()
            .any(|s| s.vpc_id == vpc.id && (s.cidr.contains(&cidr) || cidr.contains(&s.cidr)));
        if conflict {
            return Err(ApiError::new(
                "InvalidSubnet.Conflict",
                format!("The CIDR '{text}' conflicts with another subnet"),
            ));
        }
        let vpc_id = vpc.id.clone();
        let tags = tags_for(&request.tag_specifications, "subnet");
        validate_tags(&tags)?;
        let (availability_zone, availability_zone_id) = Self::subnet_zone(ctx, &request)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let id = ctx.ids.next("subnet");
        self.add_subnet(
            ctx,
            Subnet {
                id: id.clone(),
                vpc_id,
                cidr,
                availability_zone,
                availability_zone_id,
                default_for_az: false,
                map_public_ip_on_launch: false,
            },
        );
        self.tags.set(&id, &tags);
        ctx.created("subnet", id.clone());
        let subnet = self.subnets.get(&id).ok_or_else(|| subnet_not_found(&id))?;
        Ok(CreateSubnetResponse {
            subnet: self.describe_subnet(subnet),
        })
    }

    /// DeleteSubnet: refused while an instance's network interface is in it.
    pub fn delete_subnet(
        &mut self,
        ctx: &mut Context,
        request: DeleteSubnetRequest,
    ) -> Result<(), ApiError> {
        let id = request.subnet_id.as_str();
        if !self.subnets.contains_key(id) {
            return Err(subnet_not_found(id));
        }
        if self
            .instances
            .values()
            .any(|i| i.subnet_id == id && i.holds_network_interface())
        {
            return Err(has_dependencies("subnet", id));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        for table in self.route_tables.values_mut() {
            if let Some(index) = table.subnet_ids.iter().position(|s| s == id) {
                table.subnet_ids.remove(index);
                table.association_ids.remove(index);
            }
        }
        for acl in self.network_acls.values_mut() {
            acl.associations.retain(|a| a.subnet_id != id);
        }
        self.subnets.shift_remove(id);
        self.private_ips_in_use.remove(id);
        self.deleted(ctx, "subnet", id);
        Ok(())
    }

    /// ModifySubnetAttribute: MapPublicIpOnLaunch, the attribute that makes
    /// a subnet "public" for instances launched into it from then on.
    pub fn modify_subnet_attribute(
        &mut self,
        ctx: &mut Context,
        request: ModifySubnetAttributeRequest,
    ) -> Result<(), ApiError> {
        let id = request.subnet_id.as_str();
        if !self.subnets.contains_key(id) {
            return Err(subnet_not_found(id));
        }
        let value = request
            .map_public_ip_on_launch
            .and_then(|v| v.value)
            .ok_or_else(|| ApiError::missing_parameter("MapPublicIpOnLaunch"))?;
        if let Some(subnet) = self.subnets.get_mut(id) {
            subnet.map_public_ip_on_launch = value;
        }
        ctx.changed("subnet", id.to_string());
        Ok(())
    }
}
