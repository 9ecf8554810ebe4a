//! STS actions.

use super::codec::{decode, respond};
use super::ApiResponse;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde_json::Value;

#[derive(FromParam)]
#[serde(deny_unknown_fields)]
struct NoParameters {}

pub(super) fn route(
    _ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    match action {
        "GetCallerIdentity" => {
            decode::<NoParameters>(params)?;
            respond(crate::sts::get_caller_identity())
        }
        other => Err(ApiError::unknown_action(other)),
    }
}
