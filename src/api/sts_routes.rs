//! STS actions.

use super::codec::{decode, encode};
use crate::kernel::{ApiError, Context};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoParameters {}

pub(super) fn route(_ctx: &mut Context, action: &str, params: Value) -> Result<Value, ApiError> {
    match action {
        "GetCallerIdentity" => {
            decode::<NoParameters>(params)?;
            encode(crate::sts::get_caller_identity())
        }
        other => Err(ApiError::unknown_action(other)),
    }
}
