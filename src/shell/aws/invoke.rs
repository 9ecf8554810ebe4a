//! Sending requests to the simulated account and letting simulated time
//! pass for waiters.

use super::errors::CliError;
use crate::api::{self, World};
use crate::kernel::{ApiError, DomainEvent};
use serde_json::{Map, Value};

/// A client of one service in one region.
pub struct Client<'a> {
    /// The account.
    pub world: &'a mut World,
    /// `--region`, or the default region.
    pub region: Option<&'a str>,
    /// The CLI's service name.
    pub service: &'static str,
    /// Events raised while time passed.
    pub events: &'a mut Vec<DomainEvent>,
    /// Set when a call changed the world or time passed.
    pub changed: &'a mut bool,
}

/// How the CLI reports a failed call: connection failures as they are
/// (exit 255), service errors as `An error occurred (...)` (exit 254).
pub fn cli_error(operation: &str, error: ApiError) -> CliError {
    if error.code == "EndpointConnectionError" {
        CliError::General(error.message)
    } else {
        CliError::Client {
            code: error.code,
            message: error.message,
            operation: operation.to_string(),
        }
    }
}

/// botocore refuses region names that cannot be part of a host name.
pub fn check_region(region: &str) -> Result<(), CliError> {
    let valid = !region.is_empty()
        && region.len() <= 63
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if valid {
        Ok(())
    } else {
        Err(CliError::general(format!(
            "Provided region_name '{region}' doesn't match a supported format."
        )))
    }
}

impl Client<'_> {
    /// One API call.
    pub fn send(&mut self, action: &str, params: &Map<String, Value>) -> Result<Value, ApiError> {
        let result = self
            .world
            .call(
                self.region,
                self.service,
                action,
                Value::Object(params.clone()),
            )
            .and_then(|response| response.to_value());
        if result.is_ok() && !api::is_read_only(action) {
            *self.changed = true;
        }
        result
    }

    /// Lets simulated time pass (a waiter's delay).
    pub fn sleep(&mut self, seconds: u64) {
        self.events.extend(self.world.advance(seconds));
        *self.changed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_must_be_host_safe() {
        assert!(check_region("us-east-1").is_ok());
        assert!(check_region("mars-north-1").is_ok());
        let e = check_region("us east").unwrap_err();
        assert_eq!(
            e.render(),
            "\naws: [ERROR]: Provided region_name 'us east' doesn't match a supported format.\n"
        );
        assert_eq!(e.exit_code(), 255);
    }
}
