//! Cost Explorer actions (a global service: one endpoint in us-east-1).

use super::codec::{decode, respond};
use super::ApiResponse;
use crate::billing::Billing;
use crate::kernel::{ApiError, SimTime};
use serde_json::Value;

pub(super) fn route(
    billing: &Billing,
    now: SimTime,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    match action {
        "GetCostAndUsage" => {
            // Cost Explorer reports every malformed request this way.
            let request =
                decode(params).map_err(|e| ApiError::new("ValidationException", e.message))?;
            respond(billing.get_cost_and_usage(now, request)?)
        }
        other => Err(ApiError::unknown_action(other)),
    }
}
