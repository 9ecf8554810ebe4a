//! Elastic IPs: public IPv4 addresses the account keeps until it releases
//! them. AllocateAddress (quota 5 per Region), AssociateAddress,
//! DisassociateAddress, ReleaseAddress and DescribeAddresses. An associated
//! Elastic IP replaces the instance's auto-assigned address and stays with
//! the instance through stop and start.

use super::filters::{self, Filter, Filterable};
use super::instances::{check_instance_ids, InstanceState};
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use serde::Serialize;
use std::net::Ipv4Addr;

/// An Elastic IP address and the instance it is associated with.
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticIp {
    /// `eipalloc-` id.
    pub allocation_id: String,
    pub public_ip: Ipv4Addr,
    pub association: Option<ElasticIpAssociation>,
}

/// An Elastic IP's association with an instance's primary interface.
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticIpAssociation {
    /// `eipassoc-` id.
    pub id: String,
    pub instance_id: String,
}

/// Request of AllocateAddress.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AllocateAddressRequest {
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub network_border_group: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of AllocateAddress.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllocateAddressResponse {
    pub allocation_id: String,
    pub public_ipv4_pool: &'static str,
    pub network_border_group: String,
    pub domain: &'static str,
    pub public_ip: Ipv4Addr,
}

/// Request of AssociateAddress.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AssociateAddressRequest {
    #[serde(default)]
    pub allocation_id: Option<String>,
    #[serde(default)]
    pub instance_id: Option<String>,
    #[serde(default)]
    pub public_ip: Option<String>,
    #[serde(default)]
    pub network_interface_id: Option<String>,
    #[serde(default)]
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub allow_reassociation: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of AssociateAddress.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateAddressResponse {
    pub association_id: String,
}

/// Request of DisassociateAddress.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DisassociateAddressRequest {
    #[serde(default)]
    pub association_id: Option<String>,
    #[serde(default)]
    pub public_ip: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of ReleaseAddress.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReleaseAddressRequest {
    #[serde(default)]
    pub allocation_id: Option<String>,
    #[serde(default)]
    pub public_ip: Option<String>,
    #[serde(default)]
    pub network_border_group: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeAddresses.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAddressesRequest {
    #[serde(default)]
    pub public_ips: Vec<String>,
    #[serde(default)]
    pub allocation_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub dry_run: bool,
}

/// An address as DescribeAddresses prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressDescription {
    pub allocation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association_id: Option<String>,
    pub domain: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_owner_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub public_ipv4_pool: &'static str,
    pub network_border_group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    pub public_ip: String,
}

/// Response of DescribeAddresses.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAddressesResponse {
    pub addresses: Vec<AddressDescription>,
}

impl Filterable for AddressDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let maybe = |v: &Option<String>| Some(v.iter().cloned().collect());
        match name {
            "allocation-id" => Some(vec![self.allocation_id.clone()]),
            "association-id" => maybe(&self.association_id),
            "domain" => Some(vec![self.domain.into()]),
            "instance-id" => maybe(&self.instance_id),
            "network-interface-id" => maybe(&self.network_interface_id),
            "network-interface-owner-id" => Some(
                self.network_interface_owner_id
                    .iter()
                    .map(|o| o.to_string())
                    .collect(),
            ),
            "private-ip-address" => maybe(&self.private_ip_address),
            "public-ip" => Some(vec![self.public_ip.clone()]),
            "network-border-group" => Some(vec![self.network_border_group.clone()]),
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}

/// `InvalidAllocationID.NotFound`.
pub fn allocation_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidAllocationID.NotFound",
        format!("The allocation ID '{id}' does not exist"),
    )
}

fn address_not_found(ip: &str) -> ApiError {
    ApiError::new(
        "InvalidAddress.NotFound",
        format!("Address '{ip}' not found."),
    )
}

impl RegionState {
    /// The Elastic IP associated with `instance_id`, if any.
    pub fn elastic_ip_of(&self, instance_id: &str) -> Option<&ElasticIp> {
        self.elastic_ips.values().find(|e| {
            e.association
                .as_ref()
                .is_some_and(|a| a.instance_id == instance_id)
        })
    }

    /// Ends the association of whatever Elastic IP `instance_id` holds,
    /// leaving the instance without a public address (the Elastic IP stays
    /// allocated). Called at termination and before a new association.
    pub(super) fn end_elastic_ip_association(&mut self, instance_id: &str) {
        let Some(eip) = self.elastic_ips.values_mut().find(|e| {
            e.association
                .as_ref()
                .is_some_and(|a| a.instance_id == instance_id)
        }) else {
            return;
        };
        eip.association = None;
        if let Some(instance) = self.instances.get_mut(instance_id) {
            instance.public_ip = None;
        }
    }

    /// The allocation named by id, or else by public IP.
    fn find_allocation(
        &self,
        allocation_id: Option<&str>,
        public_ip: Option<&str>,
    ) -> Result<&ElasticIp, ApiError> {
        match (allocation_id, public_ip) {
            (Some(id), _) => self
                .elastic_ips
                .get(id)
                .ok_or_else(|| allocation_not_found(id)),
            (None, Some(ip)) => self
                .elastic_ips
                .values()
                .find(|e| e.public_ip.to_string() == ip)
                .ok_or_else(|| address_not_found(ip)),
            (None, None) => Err(ApiError::missing_parameter("AllocationId")),
        }
    }

    fn describe_address(&self, eip: &ElasticIp) -> AddressDescription {
        let instance = eip
            .association
            .as_ref()
            .and_then(|a| self.instances.get(&a.instance_id));
        AddressDescription {
            allocation_id: eip.allocation_id.clone(),
            association_id: eip.association.as_ref().map(|a| a.id.clone()),
            domain: "vpc",
            network_interface_id: instance.map(|i| i.network_interface_id.clone()),
            network_interface_owner_id: instance.map(|_| ACCOUNT_ID),
            private_ip_address: instance.map(|i| i.private_ip.to_string()),
            tags: self.tags.optional(&eip.allocation_id),
            public_ipv4_pool: "amazon",
            network_border_group: self.name.clone(),
            instance_id: instance.map(|i| i.id.clone()),
            public_ip: eip.public_ip.to_string(),
        }
    }

    /// AllocateAddress: a new address from Amazon's pool, up to `limit`
    /// per Region (the "EC2-VPC Elastic IPs" quota).
    pub fn allocate_address(
        &mut self,
        ctx: &mut Context,
        request: AllocateAddressRequest,
        limit: usize,
    ) -> Result<AllocateAddressResponse, ApiError> {
        if let Some(domain) = request.domain.as_deref().filter(|d| *d != "vpc") {
            return Err(ApiError::invalid_value(domain, "Domain"));
        }
        if let Some(group) = request
            .network_border_group
            .as_deref()
            .filter(|g| *g != self.name)
        {
            return Err(ApiError::invalid_value(group, "NetworkBorderGroup"));
        }
        let tags = tags_for(&request.tag_specifications, "elastic-ip");
        validate_tags(&tags)?;
        if self.elastic_ips.len() >= limit {
            return Err(ApiError::new(
                "AddressLimitExceeded",
                "The maximum number of addresses has been reached.",
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let allocation_id = ctx.ids.next("eipalloc");
        let public_ip = self.allocate_public_ip(ctx);
        self.elastic_ips.insert(
            allocation_id.clone(),
            ElasticIp {
                allocation_id: allocation_id.clone(),
                public_ip,
                association: None,
            },
        );
        self.tags.set(&allocation_id, &tags);
        ctx.created("elastic-ip", allocation_id.clone());
        Ok(AllocateAddressResponse {
            allocation_id,
            public_ipv4_pool: "amazon",
            network_border_group: self.name.clone(),
            domain: "vpc",
            public_ip,
        })
    }

    /// The instance an AssociateAddress request targets, by id or by its
    /// primary network interface.
    fn association_target(&self, request: &AssociateAddressRequest) -> Result<String, ApiError> {
        let id = match (&request.instance_id, &request.network_interface_id) {
            (Some(id), _) => {
                check_instance_ids(self, std::slice::from_ref(id))?;
                id.clone()
            }
            (None, Some(eni)) => self
                .instances
                .values()
                .find(|i| &i.network_interface_id == eni && i.holds_network_interface())
                .map(|i| i.id.clone())
                .ok_or_else(|| {
                    ApiError::new(
                        "InvalidNetworkInterfaceID.NotFound",
                        format!("The networkInterface ID '{eni}' does not exist"),
                    )
                })?,
            (None, None) => {
                return Err(ApiError::new(
                    "MissingParameter",
                    "Either instance ID or network interface id must be specified",
                ))
            }
        };
        let instance = &self.instances[id.as_str()];
        if !matches!(
            instance.state,
            InstanceState::Running | InstanceState::Stopped | InstanceState::Stopping
        ) {
            return Err(ApiError::new(
                "IncorrectInstanceState",
                format!(
                    "The {} instance '{id}' is not in a valid state for this operation.",
                    instance.state.name()
                ),
            ));
        }
        if let Some(wanted) = &request.private_ip_address {
            if *wanted != instance.private_ip.to_string() {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("The private IP address {wanted} is not assigned to the network interface {}.", instance.network_interface_id),
                ));
            }
        }
        if self
            .internet_gateway_attached_to(&instance.vpc_id)
            .is_none()
        {
            return Err(ApiError::new(
                "Gateway.NotAttached",
                format!(
                    "Network {} is not attached to any internet gateway",
                    instance.vpc_id
                ),
            ));
        }
        Ok(id)
    }

    /// AssociateAddress: the instance's public address becomes the Elastic
    /// IP; its auto-assigned address, if any, is released for good.
    pub fn associate_address(
        &mut self,
        ctx: &mut Context,
        request: AssociateAddressRequest,
    ) -> Result<AssociateAddressResponse, ApiError> {
        let eip = self.find_allocation(
            request.allocation_id.as_deref(),
            request.public_ip.as_deref(),
        )?;
        let (allocation_id, public_ip) = (eip.allocation_id.clone(), eip.public_ip);
        let current = eip.association.clone();
        let instance_id = self.association_target(&request)?;
        if let Some(current) = &current {
            if current.instance_id == instance_id {
                if request.dry_run {
                    return Err(ApiError::dry_run());
                }
                return Ok(AssociateAddressResponse {
                    association_id: current.id.clone(),
                });
            }
            if !request.allow_reassociation {
                return Err(ApiError::new(
                    "Resource.AlreadyAssociated",
                    format!(
                        "resource {allocation_id} is already associated with associate-id {}",
                        current.id
                    ),
                ));
            }
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(current) = current {
            self.disassociate(ctx, &allocation_id, &current.instance_id);
        }
        self.end_elastic_ip_association(&instance_id);
        if let Some(auto) = self
            .instances
            .get_mut(&instance_id)
            .and_then(|i| i.public_ip.take())
        {
            self.release_public_ip(auto);
        }
        let association_id = ctx.ids.next("eipassoc");
        if let Some(eip) = self.elastic_ips.get_mut(&allocation_id) {
            eip.association = Some(ElasticIpAssociation {
                id: association_id.clone(),
                instance_id: instance_id.clone(),
            });
        }
        if let Some(instance) = self.instances.get_mut(&instance_id) {
            instance.public_ip = Some(public_ip);
        }
        ctx.changed("elastic-ip", allocation_id);
        ctx.changed("instance", instance_id);
        Ok(AssociateAddressResponse { association_id })
    }

    /// Takes the Elastic IP `allocation_id` off `instance_id`. AWS gives the
    /// instance a new auto-assigned address "within minutes" when it would
    /// have had one (launched with one, a single interface); the sandbox
    /// does so at once if the instance is running, and otherwise at its
    /// next start, as StartInstances does for any such instance.
    fn disassociate(&mut self, ctx: &mut Context, allocation_id: &str, instance_id: &str) {
        if let Some(eip) = self.elastic_ips.get_mut(allocation_id) {
            eip.association = None;
        }
        let wants = self
            .instances
            .get(instance_id)
            .is_some_and(|i| i.wants_public_ip && i.state == InstanceState::Running);
        let replacement = wants.then(|| self.allocate_public_ip(ctx));
        if let Some(instance) = self.instances.get_mut(instance_id) {
            instance.public_ip = replacement;
        }
        ctx.changed("instance", instance_id.to_string());
    }

    /// DisassociateAddress.
    pub fn disassociate_address(
        &mut self,
        ctx: &mut Context,
        request: DisassociateAddressRequest,
    ) -> Result<(), ApiError> {
        let found = match (&request.association_id, &request.public_ip) {
            (Some(id), _) => self
                .elastic_ips
                .values()
                .find(|e| e.association.as_ref().is_some_and(|a| &a.id == id))
                .ok_or_else(|| {
                    ApiError::new(
                        "InvalidAssociationID.NotFound",
                        format!("The association ID '{id}' does not exist"),
                    )
                })?,
            (None, public_ip) => self.find_allocation(None, public_ip.as_deref().or(Some("")))?,
        };
        let allocation_id = found.allocation_id.clone();
        let Some(instance_id) = found.association.as_ref().map(|a| a.instance_id.clone()) else {
            // AWS answers success for an address that is not associated.
            return if request.dry_run {
                Err(ApiError::dry_run())
            } else {
                Ok(())
            };
        };
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        self.disassociate(ctx, &allocation_id, &instance_id);
        ctx.changed("elastic-ip", allocation_id);
        Ok(())
    }

    /// ReleaseAddress: back to Amazon's pool; refused while associated.
    pub fn release_address(
        &mut self,
        ctx: &mut Context,
        request: ReleaseAddressRequest,
    ) -> Result<(), ApiError> {
        let eip = self.find_allocation(
            request.allocation_id.as_deref(),
            request.public_ip.as_deref(),
        )?;
        if eip.association.is_some() {
            return Err(ApiError::new(
                "InvalidIPAddress.InUse",
                format!("Address {} is in use.", eip.allocation_id),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let (id, address) = (eip.allocation_id.clone(), eip.public_ip);
        self.elastic_ips.shift_remove(&id);
        self.release_public_ip(address);
        self.deleted(ctx, "elastic-ip", &id);
        Ok(())
    }

    /// DescribeAddresses.
    pub fn describe_addresses(
        &self,
        request: &DescribeAddressesRequest,
    ) -> Result<DescribeAddressesResponse, ApiError> {
        let picked = filters::pick(
            &self.elastic_ips,
            &request.allocation_ids,
            allocation_not_found,
        )?;
        if let Some(missing) = request
            .public_ips
            .iter()
            .find(|ip| !picked.iter().any(|e| &e.public_ip.to_string() == *ip))
        {
            return Err(address_not_found(missing));
        }
        let addresses = picked
            .into_iter()
            .filter(|e| {
                request.public_ips.is_empty()
                    || request.public_ips.contains(&e.public_ip.to_string())
            })
            .map(|e| self.describe_address(e))
            .collect();
        Ok(DescribeAddressesResponse {
            addresses: filters::select(addresses, &request.filters)?,
        })
    }
}
