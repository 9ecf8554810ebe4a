//! A typed response, turned into JSON only when a caller asks for it: a
//! large DescribeInstances builds its structs (borrowing the world's text)
//! without writing a JSON value per field.

use crate::kernel::ApiError;
use serde::Serialize;
use serde_json::Value;

/// What a response type needs: a way to become JSON.
trait Encode {
    fn encode(&self) -> Result<Value, serde_json::Error>;
}

impl<T: Serialize> Encode for T {
    fn encode(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

/// The answer to one API request, typed, possibly borrowing the world.
pub struct ApiResponse<'a>(Box<dyn Encode + 'a>);

impl<'a> ApiResponse<'a> {
    /// Wraps a typed response.
    pub fn new<T: Serialize + 'a>(body: T) -> Self {
        Self(Box::new(body))
    }

    /// The response as JSON with AWS's names, as the AWS CLI receives it.
    pub fn to_value(&self) -> Result<Value, ApiError> {
        self.0.encode().map_err(|error| {
            ApiError::new(
                "InternalError",
                format!("Could not encode the response: {error}"),
            )
        })
    }

    /// The same response, no longer borrowing the world (encoded as JSON).
    pub fn into_owned(self) -> Result<ApiResponse<'static>, ApiError> {
        self.to_value().map(ApiResponse::new)
    }
}

impl std::fmt::Debug for ApiResponse<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiResponse")
    }
}
