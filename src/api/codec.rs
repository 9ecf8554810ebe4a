//! Turning request parameters (JSON with AWS's PascalCase names) into typed
//! request structs.

use super::ApiResponse;
use crate::kernel::params::{FromParam, ParamError};
use crate::kernel::ApiError;
use serde::Serialize;
use serde_json::Value;

/// Reads `params` into the action's request type, wording failures as AWS
/// does (`MissingParameter`, `UnknownParameter`, `InvalidParameterValue`).
pub fn decode<T: FromParam>(params: Value) -> Result<T, ApiError> {
    T::from_param(params).map_err(ApiError::from)
}

/// Reads `params` as the Query-protocol services (Auto Scaling, Elastic
/// Load Balancing, CloudWatch) do: every problem is a `ValidationError`,
/// a missing member worded as their request validation words it.
pub fn decode_query<T: FromParam>(params: Value) -> Result<T, ApiError> {
    T::from_param(params).map_err(|error| match error {
        ParamError::Missing(name) => {
            let mut member = name.clone();
            if let Some(first) = member.get(..1).map(str::to_ascii_lowercase) {
                member.replace_range(..1, &first);
            }
            ApiError::new(
                "ValidationError",
                format!("1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"),
            )
        }
        other => ApiError {
            code: "ValidationError".into(),
            ..ApiError::from(other)
        },
    })
}

/// Wraps a typed response.
pub fn respond<'a, T: Serialize + 'a>(response: T) -> Result<ApiResponse<'a>, ApiError> {
    Ok(ApiResponse::new(response))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::params::FromParam;

    #[derive(Debug, FromParam)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    struct Request {
        #[allow(dead_code)]
        image_id: String,
    }

    #[test]
    fn missing_and_unknown_parameters_are_worded_as_aws() {
        let e = decode::<Request>(serde_json::json!({})).unwrap_err();
        assert_eq!(e.code, "MissingParameter");
        assert_eq!(e.message, "The request must contain the parameter ImageId");
        let e = decode::<Request>(serde_json::json!({"ImageId": "a", "Foo": 1})).unwrap_err();
        assert_eq!(e.code, "UnknownParameter");
        assert_eq!(e.message, "The parameter Foo is not recognized");
        let e = decode::<Request>(serde_json::json!({"ImageId": 5})).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
    }

    #[test]
    fn query_services_call_every_bad_parameter_a_validation_error() {
        let e = decode_query::<Request>(serde_json::json!({})).unwrap_err();
        assert_eq!(e.code, "ValidationError");
        assert_eq!(e.message, "1 validation error detected: Value null at 'imageId' failed to satisfy constraint: Member must not be null");
        let e = decode_query::<Request>(serde_json::json!({"ImageId": 5})).unwrap_err();
        assert_eq!(e.code, "ValidationError");
    }
}
