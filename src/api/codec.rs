//! Turning request parameters (JSON with AWS's PascalCase names) into typed
//! request structs.

use super::params::Params;
use super::ApiResponse;
use crate::kernel::ApiError;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// Parses `params` into the action's request type, wording failures as AWS
/// does (`MissingParameter`, `UnknownParameter`, `InvalidParameterValue`).
pub fn decode<T: DeserializeOwned>(params: Value) -> Result<T, ApiError> {
    let params = if params.is_null() {
        Value::Object(Default::default())
    } else {
        params
    };
    T::deserialize(Params(params)).map_err(|error| describe(&error.to_string()))
}

/// Wraps a typed response.
pub fn respond<'a, T: Serialize + 'a>(response: T) -> Result<ApiResponse<'a>, ApiError> {
    Ok(ApiResponse::new(response))
}

fn describe(serde_message: &str) -> ApiError {
    let quoted = serde_message
        .split('`')
        .nth(1)
        .unwrap_or_default()
        .to_string();
    if serde_message.starts_with("missing field") {
        ApiError::missing_parameter(&quoted)
    } else if serde_message.starts_with("unknown field") {
        ApiError::new(
            "UnknownParameter",
            format!("The parameter {quoted} is not recognized"),
        )
    } else {
        ApiError::new(
            "InvalidParameterValue",
            format!("Invalid parameter value: {serde_message}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
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
}
