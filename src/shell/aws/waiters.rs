//! `aws <service> wait <waiter>`: polls an operation until an acceptor of
//! the botocore waiter model decides, letting simulated time pass between
//! polls (`aws ec2 wait instance-running` checks every 15 seconds, 40
//! times at most).

use super::errors::CliError;
use super::invoke::Client;
use super::model::{Acceptor, Expected, Matcher, Waiter, WaiterState};
use crate::kernel::ApiError;
use serde_json::{Map, Value};

/// Runs `waiter` with the request `params`; `Ok` when it succeeded.
pub fn wait(
    client: &mut Client,
    waiter: &Waiter,
    params: &Map<String, Value>,
) -> Result<(), CliError> {
    let fail =
        |reason: String| CliError::general(format!("Waiter {} failed: {reason}", waiter.name));
    let mut matched_before = false;
    for attempt in 1..=waiter.max_attempts {
        let response = client.send(waiter.operation, params);
        if let Err(error) = &response {
            if error.code == "EndpointConnectionError" {
                return Err(CliError::General(error.message.clone()));
            }
        }
        let decided = waiter.acceptors.iter().find(|a| matches(a, &response));
        match (decided, &response) {
            (Some(acceptor), _) => {
                matched_before = true;
                match acceptor.state {
                    WaiterState::Success => return Ok(()),
                    WaiterState::Failure => {
                        return Err(fail(format!(
                            "Waiter encountered a terminal failure state: {}",
                            explanation(acceptor)
                        )))
                    }
                    WaiterState::Retry => {}
                }
            }
            (None, Err(error)) => {
                return Err(fail(format!(
                    "An error occurred ({}): {}",
                    error.code, error.message
                )));
            }
            (None, Ok(_)) => {}
        }
        if attempt == waiter.max_attempts {
            // botocore names the acceptor its loop ended on: the one that
            // matched this time, or else the last one.
            let last = decided.or(waiter.acceptors.last());
            return Err(match (matched_before, last) {
                (true, Some(acceptor)) => fail(format!(
                    "Max attempts exceeded. Previously accepted state: {}",
                    explanation(acceptor)
                )),
                _ => fail("Max attempts exceeded".to_string()),
            });
        }
        client.sleep(waiter.delay);
    }
    Err(fail("Max attempts exceeded".to_string()))
}

fn expected_matches(value: &Value, expected: Expected) -> bool {
    match expected {
        Expected::Text(text) => value.as_str() == Some(text),
        Expected::Flag(flag) => value.as_bool() == Some(flag),
    }
}

fn search(expression: &str, response: &Value) -> Value {
    jmespath::compile(expression)
        .ok()
        .and_then(|e| e.search(response).ok())
        .and_then(|result| serde_json::to_value(&*result).ok())
        .unwrap_or(Value::Null)
}

fn matches(acceptor: &Acceptor, response: &Result<Value, ApiError>) -> bool {
    match (acceptor.matcher, response) {
        (Matcher::Error(code), Err(error)) => error.code == code,
        (Matcher::Status(status), Ok(_)) => status == 200,
        (Matcher::Status(status), Err(error)) => error.status == status,
        (_, Err(_)) | (Matcher::Error(_), Ok(_)) => false,
        (Matcher::Path(path, expected), Ok(value)) => {
            expected_matches(&search(path, value), expected)
        }
        (Matcher::PathAll(path, expected), Ok(value)) => match search(path, value) {
            Value::Array(items) => {
                !items.is_empty() && items.iter().all(|v| expected_matches(v, expected))
            }
            _ => false,
        },
        (Matcher::PathAny(path, expected), Ok(value)) => match search(path, value) {
            Value::Array(items) => items.iter().any(|v| expected_matches(v, expected)),
            _ => false,
        },
    }
}

/// botocore's explanation of an acceptor.
fn explanation(acceptor: &Acceptor) -> String {
    let shown = |expected: Expected| match expected {
        Expected::Text(text) => text.to_string(),
        Expected::Flag(true) => "True".to_string(),
        Expected::Flag(false) => "False".to_string(),
    };
    match acceptor.matcher {
        Matcher::Path(path, expected) => format!(
            "For expression \"{path}\" we matched expected path: \"{}\"",
            shown(expected)
        ),
        Matcher::PathAll(path, expected) => {
            format!(
                "For expression \"{path}\" all members matched expected path: \"{}\"",
                shown(expected)
            )
        }
        Matcher::PathAny(path, expected) => {
            format!(
                "For expression \"{path}\" we matched expected path: \"{}\" at least once",
                shown(expected)
            )
        }
        Matcher::Error(code) => format!("Matched expected service error code: {code}"),
        Matcher::Status(status) => format!("Matched expected HTTP status code: {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RUNNING: Acceptor = Acceptor {
        state: WaiterState::Success,
        matcher: Matcher::PathAll(
            "Reservations[].Instances[].State.Name",
            Expected::Text("running"),
        ),
    };
    const TERMINATED: Acceptor = Acceptor {
        state: WaiterState::Failure,
        matcher: Matcher::PathAny(
            "Reservations[].Instances[].State.Name",
            Expected::Text("terminated"),
        ),
    };

    fn states(names: &[&str]) -> Result<Value, ApiError> {
        let instances: Vec<Value> = names
            .iter()
            .map(|n| json!({"State": {"Name": n}}))
            .collect();
        Ok(json!({"Reservations": [{"Instances": instances}]}))
    }

    #[test]
    fn path_matchers_follow_botocore() {
        assert!(matches(&RUNNING, &states(&["running", "running"])));
        assert!(!matches(&RUNNING, &states(&["running", "pending"])));
        assert!(!matches(&RUNNING, &states(&[])));
        assert!(matches(&TERMINATED, &states(&["running", "terminated"])));
        assert!(!matches(
            &TERMINATED,
            &Err(ApiError::new("InvalidInstanceID.NotFound", "x"))
        ));
        let retry = Acceptor {
            state: WaiterState::Retry,
            matcher: Matcher::Error("InvalidInstanceID.NotFound"),
        };
        assert!(matches(
            &retry,
            &Err(ApiError::new("InvalidInstanceID.NotFound", "x"))
        ));
    }

    #[test]
    fn explanations_are_worded_as_botocore() {
        assert_eq!(
            explanation(&TERMINATED),
            "For expression \"Reservations[].Instances[].State.Name\" we matched expected path: \"terminated\" at least once"
        );
        let exists = Acceptor {
            state: WaiterState::Success,
            matcher: Matcher::Path("length(Reservations[]) > `0`", Expected::Flag(true)),
        };
        assert_eq!(
            explanation(&exists),
            "For expression \"length(Reservations[]) > `0`\" we matched expected path: \"True\""
        );
    }
}
