//! Route tables: Create, Delete, Describe; routes (Create, Replace,
//! Delete); subnet associations (Associate, Disassociate, Replace, which
//! also moves the main table).

use super::filters::{self, Filter, Filterable};
use super::paging::{self, PageRequest};
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::vpc::{subnet_not_found, vpc_not_found, Route, RouteOrigin, RouteTable};
use super::vpcs::has_dependencies;
use super::RegionState;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use ipnet::Ipv4Net;
use serde::Serialize;

/// Request of CreateRouteTable.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateRouteTableRequest {
    pub vpc_id: String,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeleteRouteTable.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteRouteTableRequest {
    pub route_table_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of CreateRoute, ReplaceRoute and DeleteRoute (which has no target).
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RouteRequest {
    pub route_table_id: String,
    #[serde(default)]
    pub destination_cidr_block: Option<String>,
    #[serde(default)]
    pub gateway_id: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of AssociateRouteTable.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AssociateRouteTableRequest {
    pub route_table_id: String,
    #[serde(default)]
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DisassociateRouteTable.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DisassociateRouteTableRequest {
    pub association_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of ReplaceRouteTableAssociation.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ReplaceRouteTableAssociationRequest {
    pub association_id: String,
    pub route_table_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeRouteTables.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRouteTablesRequest {
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// `{State}` of an association.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociationState {
    pub state: &'static str,
}

const ASSOCIATED: AssociationState = AssociationState {
    state: "associated",
};

/// A route as DescribeRouteTables prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteDescription {
    pub destination_cidr_block: String,
    pub gateway_id: String,
    pub origin: &'static str,
    pub state: &'static str,
}

/// An association of a route table (the main one, or a subnet's).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableAssociationDescription {
    pub main: bool,
    pub route_table_association_id: String,
    pub route_table_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    pub association_state: AssociationState,
}

/// A route table as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableDescription {
    pub associations: Vec<RouteTableAssociationDescription>,
    pub propagating_vgws: Vec<serde_json::Value>,
    pub route_table_id: String,
    pub routes: Vec<RouteDescription>,
    pub tags: Vec<Tag>,
    pub vpc_id: String,
    pub owner_id: &'static str,
}

/// Response of CreateRouteTable.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRouteTableResponse {
    pub route_table: RouteTableDescription,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

/// Response of DescribeRouteTables.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRouteTablesResponse {
    pub route_tables: Vec<RouteTableDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `{Return: true}` of actions that answer only with success.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReturnResponse {
    #[serde(rename = "Return")]
    pub success: bool,
}

/// Response of AssociateRouteTable.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateRouteTableResponse {
    pub association_id: String,
    pub association_state: AssociationState,
}

/// Response of ReplaceRouteTableAssociation.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplaceRouteTableAssociationResponse {
    pub new_association_id: String,
    pub association_state: AssociationState,
}

impl Filterable for RouteTableDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let from_associations = |f: fn(&RouteTableAssociationDescription) -> Option<String>| {
            Some(self.associations.iter().filter_map(f).collect())
        };
        let from_routes =
            |f: fn(&RouteDescription) -> String| Some(self.routes.iter().map(f).collect());
        match name {
            "route-table-id" => Some(vec![self.route_table_id.clone()]),
            "vpc-id" => Some(vec![self.vpc_id.clone()]),
            "owner-id" => Some(vec![self.owner_id.into()]),
            "association.main" => from_associations(|a| Some(a.main.to_string())),
            "association.subnet-id" => from_associations(|a| a.subnet_id.clone()),
            "association.route-table-association-id" => {
                from_associations(|a| Some(a.route_table_association_id.clone()))
            }
            "association.route-table-id" => from_associations(|a| Some(a.route_table_id.clone())),
            "route.destination-cidr-block" => from_routes(|r| r.destination_cidr_block.clone()),
            "route.gateway-id" => from_routes(|r| r.gateway_id.clone()),
            "route.origin" => from_routes(|r| r.origin.into()),
            "route.state" => from_routes(|r| r.state.into()),
            other => filters::tag_filter_values(other, &self.tags),
        }
    }
}

/// `InvalidRouteTableID.NotFound`.
pub fn route_table_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidRouteTableID.NotFound",
        format!("The routeTable ID '{id}' does not exist"),
    )
}

/// `InvalidAssociationID.NotFound`.
pub fn association_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidAssociationID.NotFound",
        format!("The association ID '{id}' does not exist"),
    )
}

fn different_networks(a: &str, b: &str) -> ApiError {
    ApiError::new(
        "InvalidParameterValue",
        format!("route table {a} and {b} belong to different networks"),
    )
}

/// Parses a route's destination (an IPv4 network).
fn destination(request: &RouteRequest) -> Result<Ipv4Net, ApiError> {
    let text = request.destination_cidr_block.as_deref().ok_or_else(|| {
        ApiError::new("MissingParameter", "The request must contain the parameter destinationCidrBlock or destinationIpv6CidrBlock or destinationPrefixListId")
    })?;
    text.parse::<Ipv4Net>()
        .ok()
        .filter(|net| net.addr() == net.network())
        .ok_or_else(|| {
            ApiError::new(
                "InvalidParameterValue",
                format!("Value ({text}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block."),
            )
        })
}

/// Where an association id points: a table's main association or the
/// `index`-th explicit one.
enum Association {
    Main(String),
    Subnet(String, usize),
}

impl RegionState {
    fn describe_route_table(&self, table: &RouteTable) -> RouteTableDescription {
        let main = table
            .main_association_id
            .iter()
            .map(|id| RouteTableAssociationDescription {
                main: true,
                route_table_association_id: id.clone(),
                route_table_id: table.id.clone(),
                subnet_id: None,
                association_state: ASSOCIATED,
            });
        let explicit =
            table
                .subnet_ids
                .iter()
                .zip(&table.association_ids)
                .map(|(subnet_id, id)| RouteTableAssociationDescription {
                    main: false,
                    route_table_association_id: id.clone(),
                    route_table_id: table.id.clone(),
                    subnet_id: Some(subnet_id.clone()),
                    association_state: ASSOCIATED,
                });
        let routes = table
            .routes
            .iter()
            .map(|route| RouteDescription {
                destination_cidr_block: route.destination.to_string(),
                gateway_id: route.gateway_id.clone(),
                origin: match route.origin {
                    RouteOrigin::CreateRouteTable => "CreateRouteTable",
                    RouteOrigin::CreateRoute => "CreateRoute",
                },
                state: if self.route_is_active(table, route) {
                    "active"
                } else {
                    "blackhole"
                },
            })
            .collect();
        RouteTableDescription {
            associations: main.chain(explicit).collect(),
            propagating_vgws: vec![],
            route_table_id: table.id.clone(),
            routes,
            tags: self.tags.of(&table.id),
            vpc_id: table.vpc_id.clone(),
            owner_id: ACCOUNT_ID,
        }
    }

    /// A route is active while its target exists and serves the table's
    /// VPC; a route to a detached or deleted gateway is a blackhole.
    pub fn route_is_active(&self, table: &RouteTable, route: &Route) -> bool {
        route.gateway_id == "local"
            || self
                .internet_gateways
                .get(&route.gateway_id)
                .is_some_and(|g| g.attached_vpc_id.as_ref() == Some(&table.vpc_id))
    }

    fn route_table(&self, id: &str) -> Result<&RouteTable, ApiError> {
        self.route_tables
            .get(id)
            .ok_or_else(|| route_table_not_found(id))
    }

    fn find_association(&self, association_id: &str) -> Result<Association, ApiError> {
        for table in self.route_tables.values() {
            if table.main_association_id.as_deref() == Some(association_id) {
                return Ok(Association::Main(table.id.clone()));
            }
            if let Some(index) = table
                .association_ids
                .iter()
                .position(|a| a == association_id)
            {
                return Ok(Association::Subnet(table.id.clone(), index));
            }
        }
        Err(association_not_found(association_id))
    }

    /// CreateRouteTable: a table with the VPC's local route only.
    pub fn create_route_table(
        &mut self,
        ctx: &mut Context,
        request: CreateRouteTableRequest,
    ) -> Result<CreateRouteTableResponse, ApiError> {
        let vpc = self
            .vpcs
            .get(&request.vpc_id)
            .ok_or_else(|| vpc_not_found(&request.vpc_id))?;
        let tags = tags_for(&request.tag_specifications, "route-table");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let table = RouteTable::new(ctx.ids.next("rtb"), vpc, None);
        let id = table.id.clone();
        self.tags.set(&id, &tags);
        let route_table = self.describe_route_table(&table);
        self.route_tables.insert(id.clone(), table);
        ctx.created("route-table", id);
        Ok(CreateRouteTableResponse {
            route_table,
            client_token: request.client_token,
        })
    }

    /// DeleteRouteTable: not the main table, not while subnets use it.
    pub fn delete_route_table(
        &mut self,
        ctx: &mut Context,
        request: DeleteRouteTableRequest,
    ) -> Result<(), ApiError> {
        let id = request.route_table_id.as_str();
        let table = self.route_table(id)?;
        if table.main || !table.subnet_ids.is_empty() {
            return Err(has_dependencies("routeTable", id));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        self.route_tables.shift_remove(id);
        self.deleted(ctx, "route-table", id);
        Ok(())
    }

    /// DescribeRouteTables.
    pub fn describe_route_tables(
        &self,
        request: &DescribeRouteTablesRequest,
    ) -> Result<DescribeRouteTablesResponse, ApiError> {
        let (route_tables, next_token) = paging::describe_page(
            &self.route_tables,
            &request.route_table_ids,
            route_table_not_found,
            |item| self.describe_route_table(item),
            &request.filters,
            PageRequest {
                what: "route-tables",
                max_results: request.max_results,
                next_token: request.next_token.as_deref(),
                most: 100,
            },
        )?;
        Ok(DescribeRouteTablesResponse {
            route_tables,
            next_token,
        })
    }

    /// Checks a route's target: an internet gateway attached to the table's VPC.
    fn check_route_target(
        &self,
        table: &RouteTable,
        request: &RouteRequest,
    ) -> Result<String, ApiError> {
        let gateway_id = request
            .gateway_id
            .as_deref()
            .ok_or_else(|| ApiError::missing_parameter("gatewayId"))?;
        let gateway = self.internet_gateways.get(gateway_id).ok_or_else(|| {
            ApiError::new(
                "InvalidGatewayID.NotFound",
                format!("The gateway ID '{gateway_id}' does not exist"),
            )
        })?;
        if gateway.attached_vpc_id.as_ref() != Some(&table.vpc_id) {
            return Err(different_networks(
                &table.id,
                &format!("network gateway {gateway_id}"),
            ));
        }
        Ok(gateway_id.to_string())
    }

    /// CreateRoute: a new destination to an internet gateway.
    pub fn create_route(
        &mut self,
        ctx: &mut Context,
        request: RouteRequest,
    ) -> Result<ReturnResponse, ApiError> {
        let table = self.route_table(&request.route_table_id)?;
        let destination = destination(&request)?;
        let gateway_id = self.check_route_target(table, &request)?;
        if table.routes.iter().any(|r| r.destination == destination) {
            return Err(ApiError::new(
                "RouteAlreadyExists",
                format!("The route identified by {destination} already exists."),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(table) = self.route_tables.get_mut(&request.route_table_id) {
            table.routes.push(Route {
                destination,
                gateway_id,
                origin: RouteOrigin::CreateRoute,
            });
        }
        ctx.changed("route-table", &request.route_table_id);
        Ok(ReturnResponse { success: true })
    }

    /// The index of the route to `destination` that the learner may change
    /// (the local route cannot be).
    fn changeable_route(
        table: &RouteTable,
        destination: Ipv4Net,
        verb: &str,
        missing: impl FnOnce() -> ApiError,
    ) -> Result<usize, ApiError> {
        let index = table
            .routes
            .iter()
            .position(|r| r.destination == destination)
            .ok_or_else(missing)?;
        if table.routes[index].gateway_id == "local" {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "cannot {verb} local route {destination} in route table {}",
                    table.id
                ),
            ));
        }
        Ok(index)
    }

    /// ReplaceRoute: points an existing destination at another target.
    pub fn replace_route(
        &mut self,
        ctx: &mut Context,
        request: RouteRequest,
    ) -> Result<(), ApiError> {
        let table = self.route_table(&request.route_table_id)?;
        let destination = destination(&request)?;
        let index = Self::changeable_route(table, destination, "replace", || {
            ApiError::new("InvalidParameterValue", format!("There is no route defined for '{destination}' in the route table. Use CreateRoute instead."))
        })?;
        let gateway_id = self.check_route_target(table, &request)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(route) = self
            .route_tables
            .get_mut(&request.route_table_id)
            .and_then(|t| t.routes.get_mut(index))
        {
            route.gateway_id = gateway_id;
            route.origin = RouteOrigin::CreateRoute;
        }
        ctx.changed("route-table", &request.route_table_id);
        Ok(())
    }

    /// DeleteRoute.
    pub fn delete_route(
        &mut self,
        ctx: &mut Context,
        request: RouteRequest,
    ) -> Result<(), ApiError> {
        let table = self.route_table(&request.route_table_id)?;
        let destination = destination(&request)?;
        let index = Self::changeable_route(table, destination, "remove", || {
            ApiError::new(
                "InvalidRoute.NotFound",
                format!(
                    "no route with destination-cidr-block {destination} in route table {}",
                    table.id
                ),
            )
        })?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(table) = self.route_tables.get_mut(&request.route_table_id) {
            table.routes.remove(index);
        }
        ctx.changed("route-table", &request.route_table_id);
        Ok(())
    }

    /// AssociateRouteTable: a subnet of the same VPC, not yet explicitly
    /// associated with any table.
    pub fn associate_route_table(
        &mut self,
        ctx: &mut Context,
        request: AssociateRouteTableRequest,
    ) -> Result<AssociateRouteTableResponse, ApiError> {
        let table = self.route_table(&request.route_table_id)?;
        let subnet_id = request
            .subnet_id
            .as_deref()
            .ok_or_else(|| ApiError::missing_parameter("subnetId"))?;
        let subnet = self
            .subnets
            .get(subnet_id)
            .ok_or_else(|| subnet_not_found(subnet_id))?;
        if subnet.vpc_id != table.vpc_id {
            return Err(different_networks(
                &table.id,
                &format!("subnet {subnet_id}"),
            ));
        }
        if self
            .route_tables
            .values()
            .any(|t| t.subnet_ids.iter().any(|s| s == subnet_id))
        {
            return Err(ApiError::new(
                "Resource.AlreadyAssociated",
                format!("the specified association for route table {} conflicts with an existing association", table.id),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let association_id = ctx.ids.next("rtbassoc");
        if let Some(table) = self.route_tables.get_mut(&request.route_table_id) {
            table.subnet_ids.push(subnet_id.to_string());
            table.association_ids.push(association_id.clone());
        }
        ctx.changed("route-table", &request.route_table_id);
        Ok(AssociateRouteTableResponse {
            association_id,
            association_state: ASSOCIATED,
        })
    }

    /// DisassociateRouteTable: the subnet falls back to the main table.
    pub fn disassociate_route_table(
        &mut self,
        ctx: &mut Context,
        request: DisassociateRouteTableRequest,
    ) -> Result<(), ApiError> {
        let id = request.association_id.as_str();
        let Association::Subnet(table_id, index) = self.find_association(id)? else {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("cannot disassociate the main route table association {id}"),
            ));
        };
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(table) = self.route_tables.get_mut(&table_id) {
            table.subnet_ids.remove(index);
            table.association_ids.remove(index);
        }
        ctx.changed("route-table", &table_id);
        Ok(())
    }

    /// ReplaceRouteTableAssociation: moves a subnet to another table, or
    /// (given the main association) makes another table the main one.
    pub fn replace_route_table_association(
        &mut self,
        ctx: &mut Context,
        request: ReplaceRouteTableAssociationRequest,
    ) -> Result<ReplaceRouteTableAssociationResponse, ApiError> {
        let association = self.find_association(&request.association_id)?;
        let new_table = self.route_table(&request.route_table_id)?;
        let old_table_id = match &association {
            Association::Main(id) | Association::Subnet(id, _) => id.clone(),
        };
        if self.route_table(&old_table_id)?.vpc_id != new_table.vpc_id {
            return Err(different_networks(
                &new_table.id,
                &format!("association {}", request.association_id),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let new_association_id = ctx.ids.next("rtbassoc");
        match association {
            Association::Main(old) => {
                if let Some(table) = self.route_tables.get_mut(&old) {
                    table.main = false;
                    table.main_association_id = None;
                }
                if let Some(table) = self.route_tables.get_mut(&request.route_table_id) {
                    table.main = true;
                    table.main_association_id = Some(new_association_id.clone());
                }
            }
            Association::Subnet(old, index) => {
                let subnet_id = self.route_tables.get_mut(&old).map(|table| {
                    table.association_ids.remove(index);
                    table.subnet_ids.remove(index)
                });
                if let (Some(table), Some(subnet_id)) = (
                    self.route_tables.get_mut(&request.route_table_id),
                    subnet_id,
                ) {
                    table.subnet_ids.push(subnet_id);
                    table.association_ids.push(new_association_id.clone());
                }
            }
        }
        ctx.changed("route-table", &old_table_id);
        ctx.changed("route-table", &request.route_table_id);
        Ok(ReplaceRouteTableAssociationResponse {
            new_association_id,
            association_state: ASSOCIATED,
        })
    }
}
