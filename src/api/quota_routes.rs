//! Service Quotas actions.

use super::codec::{decode, encode};
use crate::kernel::{ApiError, Context};
use crate::service_quotas::ServiceQuotas;
use serde_json::Value;

pub(super) fn route(
    quotas: &mut ServiceQuotas,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<Value, ApiError> {
    match action {
        "GetServiceQuota" => encode(quotas.get_service_quota(ctx, decode(params)?)?),
        "ListServiceQuotas" => encode(quotas.list_service_quotas(ctx, decode(params)?)?),
        "RequestServiceQuotaIncrease" => encode(quotas.request_increase(ctx, decode(params)?)?),
        other => Err(ApiError::unknown_action(other)),
    }
}
