//! Sending requests to the simulated account: one call, or every page of a
//! paginated operation (the CLI follows `NextToken` unless told not to),
//! and letting simulated time pass for waiters.

use super::errors::CliError;
use super::model::Operation;
use crate::api::{self, World};
use crate::kernel::{ApiError, DomainEvent};
use crate::shell::output::Response;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Pages followed at most; the account never has that many.
const MAX_PAGES: usize = 100;

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
        let result = self.world.call(
            self.region,
            self.service,
            action,
            Value::Object(params.clone()),
        );
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

    /// Calls `operation`; with `paginate`, follows every page of a paginated
    /// operation and joins the result lists as the CLI does.
    pub fn call(
        &mut self,
        operation: &Operation,
        params: &Map<String, Value>,
        paginate: bool,
    ) -> Result<Response, CliError> {
        let Some(result_key) = operation.result_key.filter(|_| paginate) else {
            let value = self
                .send(operation.name, params)
                .map_err(|e| cli_error(operation.name, e))?;
            return Ok(Response::single(value));
        };
        let mut pages = Vec::new();
        let mut results: Option<Vec<Value>> = None;
        let mut seen = HashSet::new();
        let mut request = params.clone();
        loop {
            let page = self
                .send(operation.name, &request)
                .map_err(|e| cli_error(operation.name, e))?;
            let data = page.get(result_key).cloned().unwrap_or(Value::Null);
            if let Value::Array(items) = &data {
                results
                    .get_or_insert_with(Vec::new)
                    .extend(items.iter().cloned());
            }
            let mut shown = Map::new();
            shown.insert(result_key.to_string(), data);
            pages.push(Value::Object(shown));
            let next = page
                .get("NextToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty());
            let Some(token) = next else { break };
            if !seen.insert(token.to_string()) {
                return Err(CliError::general(format!(
                    "The same next token was received twice: {{'NextToken': '{token}'}}"
                )));
            }
            if pages.len() >= MAX_PAGES {
                break;
            }
            request.insert("NextToken".into(), Value::String(token.to_string()));
        }
        let mut full = Map::new();
        if let Some(items) = results {
            full.insert(result_key.to_string(), Value::Array(items));
        }
        Ok(Response {
            full: Value::Object(full),
            pages,
        })
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
            "\nProvided region_name 'us east' doesn't match a supported format.\n"
        );
        assert_eq!(e.exit_code(), 255);
    }
}
