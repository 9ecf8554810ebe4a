//! Service Quotas actions.

use super::codec::{decode, respond};
use super::ApiResponse;
use crate::kernel::{ApiError, Context};
use crate::service_quotas::ServiceQuotas;
use serde_json::Value;

pub(super) fn route(
    quotas: &mut ServiceQuotas,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    match action {
        "GetServiceQuota" => respond(quotas.get_service_quota(ctx, decode(params)?)?),
        "ListServiceQuotas" => respond(quotas.list_service_quotas(ctx, decode(params)?)?),
        "RequestServiceQuotaIncrease" => respond(quotas.request_increase(ctx, decode(params)?)?),
        other => Err(ApiError::unknown_action(other)),
    }
}
