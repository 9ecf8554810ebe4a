//! Internet gateways: Create, Attach (one per VPC), Detach, Delete and
//! DescribeInternetGateways.

use super::filters::{self, Filter, Filterable};
use super::paging::{self, PageRequest};
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::vpc::{vpc_not_found, InternetGateway};
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use serde::Serialize;

/// Request of CreateInternetGateway.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateInternetGatewayRequest {
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of Attach/DetachInternetGateway.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GatewayAttachmentRequest {
    pub internet_gateway_id: String,
    pub vpc_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeleteInternetGateway.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteInternetGatewayRequest {
    pub internet_gateway_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeInternetGateways.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInternetGatewaysRequest {
    #[serde(default)]
    pub internet_gateway_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// `Attachments` entry of an internet gateway.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGatewayAttachment {
    pub state: &'static str,
    pub vpc_id: String,
}

/// An internet gateway as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGatewayDescription {
    pub attachments: Vec<InternetGatewayAttachment>,
    pub internet_gateway_id: String,
    pub owner_id: &'static str,
    pub tags: Vec<Tag>,
}

/// Response of CreateInternetGateway.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInternetGatewayResponse {
    pub internet_gateway: InternetGatewayDescription,
}

/// Response of DescribeInternetGateways.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInternetGatewaysResponse {
    pub internet_gateways: Vec<InternetGatewayDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Filterable for InternetGatewayDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let attachments = |f: fn(&InternetGatewayAttachment) -> String| {
            Some(self.attachments.iter().map(f).collect())
        };
        match name {
            "internet-gateway-id" => Some(vec![self.internet_gateway_id.clone()]),
            "owner-id" => Some(vec![self.owner_id.into()]),
            "attachment.vpc-id" => attachments(|a| a.vpc_id.clone()),
            "attachment.state" => attachments(|a| a.state.into()),
            other => filters::tag_filter_values(other, &self.tags),
        }
    }
}

/// `InvalidInternetGatewayID.NotFound`.
pub fn gateway_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidInternetGatewayID.NotFound",
        format!("The internetGateway ID '{id}' does not exist"),
    )
}

impl RegionState {
    fn describe_internet_gateway(&self, gateway: &InternetGateway) -> InternetGatewayDescription {
        InternetGatewayDescription {
            attachments: gateway
                .attached_vpc_id
                .iter()
                .map(|vpc_id| InternetGatewayAttachment {
                    state: "available",
                    vpc_id: vpc_id.clone(),
                })
                .collect(),
            internet_gateway_id: gateway.id.clone(),
            owner_id: ACCOUNT_ID,
            tags: self.tags.of(&gateway.id),
        }
    }

    fn gateway(&self, id: &str) -> Result<&InternetGateway, ApiError> {
        self.internet_gateways
            .get(id)
            .ok_or_else(|| gateway_not_found(id))
    }

    /// CreateInternetGateway: detached until AttachInternetGateway.
    pub fn create_internet_gateway(
        &mut self,
        ctx: &mut Context,
        request: CreateInternetGatewayRequest,
    ) -> Result<CreateInternetGatewayResponse, ApiError> {
        let tags = tags_for(&request.tag_specifications, "internet-gateway");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let id = ctx.ids.next("igw");
        let gateway = InternetGateway {
            id: id.clone(),
            attached_vpc_id: None,
        };
        self.tags.set(&id, &tags);
        let internet_gateway = self.describe_internet_gateway(&gateway);
        self.internet_gateways.insert(id.clone(), gateway);
        ctx.created("internet-gateway", id);
        Ok(CreateInternetGatewayResponse { internet_gateway })
    }

    /// AttachInternetGateway: a gateway serves one VPC, a VPC has one gateway.
    pub fn attach_internet_gateway(
        &mut self,
        ctx: &mut Context,
        request: GatewayAttachmentRequest,
    ) -> Result<(), ApiError> {
        let (igw_id, vpc_id) = (&request.internet_gateway_id, &request.vpc_id);
        let gateway = self.gateway(igw_id)?;
        if !self.vpcs.contains_key(vpc_id) {
            return Err(vpc_not_found(vpc_id));
        }
        if let Some(attached) = &gateway.attached_vpc_id {
            return Err(ApiError::new(
                "Resource.AlreadyAssociated",
                format!("resource {igw_id} is already attached to network {attached}"),
            ));
        }
        if self.internet_gateway_attached_to(vpc_id).is_some() {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Network {vpc_id} already has an internet gateway attached"),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(gateway) = self.internet_gateways.get_mut(igw_id) {
            gateway.attached_vpc_id = Some(vpc_id.clone());
        }
        ctx.changed("internet-gateway", igw_id.clone());
        Ok(())
    }

    /// DetachInternetGateway: refused while instances of the VPC hold
    /// public addresses (auto-assigned or Elastic IPs).
    pub fn detach_internet_gateway(
        &mut self,
        ctx: &mut Context,
        request: GatewayAttachmentRequest,
    ) -> Result<(), ApiError> {
        let (igw_id, vpc_id) = (&request.internet_gateway_id, &request.vpc_id);
        let gateway = self.gateway(igw_id)?;
        if !self.vpcs.contains_key(vpc_id) {
            return Err(vpc_not_found(vpc_id));
        }
        if gateway.attached_vpc_id.as_ref() != Some(vpc_id) {
            return Err(ApiError::new(
                "Gateway.NotAttached",
                format!("resource {igw_id} is not attached to network {vpc_id}"),
            ));
        }
        if self
            .instances
            .values()
            .any(|i| &i.vpc_id == vpc_id && i.public_ip.is_some())
        {
            return Err(ApiError::new(
                "DependencyViolation",
                format!("Network {vpc_id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway."),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(gateway) = self.internet_gateways.get_mut(igw_id) {
            gateway.attached_vpc_id = None;
        }
        ctx.changed("internet-gateway", igw_id.clone());
        Ok(())
    }

    /// DeleteInternetGateway: only once detached. Routes to it stay, as
    /// blackholes.
    pub fn delete_internet_gateway(
        &mut self,
        ctx: &mut Context,
        request: DeleteInternetGatewayRequest,
    ) -> Result<(), ApiError> {
        let id = request.internet_gateway_id.as_str();
        if self.gateway(id)?.attached_vpc_id.is_some() {
            return Err(super::vpcs::has_dependencies("internetGateway", id));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        self.internet_gateways.shift_remove(id);
        self.deleted(ctx, "internet-gateway", id);
        Ok(())
    }

    /// DescribeInternetGateways.
    pub fn describe_internet_gateways(
        &self,
        request: &DescribeInternetGatewaysRequest,
    ) -> Result<DescribeInternetGatewaysResponse, ApiError> {
        let (internet_gateways, next_token) = paging::describe_page(
            &self.internet_gateways,
            &request.internet_gateway_ids,
            gateway_not_found,
            |item| self.describe_internet_gateway(item),
            &request.filters,
            PageRequest {
                what: "internet-gateways",
                max_results: request.max_results,
                next_token: request.next_token.as_deref(),
                most: 1000,
            },
        )?;
        Ok(DescribeInternetGatewaysResponse {
            internet_gateways,
            next_token,
        })
    }
}
