//! ECS actions (JSON protocol, camelCase members): each decodes its typed
//! request, runs in the addressed region (Elastic Load Balancing at hand
//! for CreateService's checks) and encodes its typed response.

use super::codec::{decode, respond};
use super::ApiResponse;
use crate::ecs::{Ecs, RegionState};
use crate::elb::Elb;
use crate::kernel::{ApiError, Context};
use serde_json::Value;

pub(super) fn route(
    ecs: &mut Ecs,
    elb: &Elb,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    let region = ctx.region;
    if super::is_read_only(action) {
        // Reading creates no region state, so a world that was only looked
        // at stays equal to its replay.
        let empty = RegionState::default();
        let state = ecs.region(region).unwrap_or(&empty);
        return describe(state, region, action, params);
    }
    let state = ecs.region_mut(region);
    let result = match action {
        "CreateCluster" => respond(state.create_cluster(ctx, decode(params)?)?),
        "DeleteCluster" => respond(state.delete_cluster(ctx, &decode(params)?)?),
        "DeregisterContainerInstance" => {
            respond(state.deregister_container_instance(ctx, &decode(params)?)?)
        }
        "RegisterTaskDefinition" => respond(state.register_task_definition(ctx, decode(params)?)?),
        "DeregisterTaskDefinition" => {
            respond(state.deregister_task_definition(ctx, &decode(params)?)?)
        }
        "RunTask" => respond(state.run_task(ctx, decode(params)?)?),
        "StopTask" => respond(state.stop_task(ctx, &decode(params)?)?),
        "CreateService" => respond(state.create_service(ctx, elb, decode(params)?)?),
        "UpdateService" => respond(state.update_service(ctx, decode(params)?)?),
        "DeleteService" => respond(state.delete_service(ctx, &decode(params)?)?),
        other => Err(ApiError::unknown_action(other)),
    };
    ecs.settle(region);
    result
}

fn describe(
    state: &RegionState,
    region: &str,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    let value = match action {
        "DescribeClusters" => to_json(state.describe_clusters(region, &decode(params)?)),
        "ListClusters" => to_json(state.list_clusters(&decode(params)?)?),
        "ListContainerInstances" => to_json(state.list_container_instances(&decode(params)?)?),
        "DescribeContainerInstances" => {
            to_json(state.describe_container_instances(region, &decode(params)?)?)
        }
        "DescribeTaskDefinition" => to_json(state.describe_task_definition(&decode(params)?)?),
        "ListTaskDefinitions" => to_json(state.list_task_definitions(&decode(params)?)?),
        "ListTaskDefinitionFamilies" => {
            to_json(state.list_task_definition_families(&decode(params)?)?)
        }
        "DescribeTasks" => to_json(state.describe_tasks(region, &decode(params)?)?),
        "ListTasks" => to_json(state.list_tasks(&decode(params)?)?),
        "DescribeServices" => to_json(state.describe_services(region, &decode(params)?)?),
        "ListServices" => to_json(state.list_services(&decode(params)?)?),
        other => return Err(ApiError::unknown_action(other)),
    };
    respond(value?)
}

/// The response as JSON: describes borrow the region state, which the
/// empty stand-in of a never-touched region does not outlive.
fn to_json<T: serde::Serialize>(response: T) -> Result<Value, ApiError> {
    ApiResponse::new(response).to_value()
}
