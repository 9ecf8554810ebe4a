//! The one error type every AWS action returns: an AWS error code and the
//! message AWS would send, plus the HTTP status it comes with.

use thiserror::Error;

/// An error as AWS reports it (`InvalidInstanceID.NotFound`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    /// AWS's error code, e.g. `InvalidParameterValue`.
    pub code: String,
    /// AWS's message text.
    pub message: String,
    /// HTTP status of the response (400 for client errors).
    pub status: u16,
}

impl ApiError {
    /// A client error (HTTP 400).
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            status: 400,
        }
    }

    /// `MissingParameter` for an absent required parameter.
    pub fn missing_parameter(name: &str) -> Self {
        Self::new(
            "MissingParameter",
            format!("The request must contain the parameter {name}"),
        )
    }

    /// `InvalidParameterValue` for a value AWS rejects.
    pub fn invalid_value(value: &str, parameter: &str) -> Self {
        Self::new(
            "InvalidParameterValue",
            format!("Invalid value '{value}' for {parameter}."),
        )
    }

    /// `DryRunOperation`: the request would have succeeded.
    pub fn dry_run() -> Self {
        Self {
            status: 412,
            ..Self::new(
                "DryRunOperation",
                "Request would have succeeded, but DryRun flag is set.",
            )
        }
    }

    /// `InvalidAction` for an action the service does not have.
    pub fn unknown_action(action: &str) -> Self {
        Self::new(
            "InvalidAction",
            format!("The action {action} is not valid for this web service."),
        )
    }
}
