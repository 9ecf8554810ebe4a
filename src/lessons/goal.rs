//! Goals: declarative checks over the world. A goal reads one or more JSON
//! documents (API reads, the learner's terminal, the events seen so far),
//! names them, and holds when a JMESPath expression over them is truthy.

use crate::api::World;
use crate::kernel::{ApiError, DomainEvent};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where a goal's document comes from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged, deny_unknown_fields)]
pub enum Read {
    /// An API read such as `ec2 DescribeInstances`. A parameter written
    /// `{"$query": "<JMESPath>"}` takes its value from the documents read
    /// before it, so one read can follow another (instance → its groups).
    Api {
        service: String,
        action: String,
        #[serde(default)]
        params: Value,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<String>,
    },
    /// The learner's own machine: `{"terminal": "home"}` gives
    /// `{Files: [{Name, Mode, Size, Content}], History: [...], Variables: {...},
    /// Session: {InstanceId, Host, User} or null, Recent: [{Line, ExitCode, Stdout, Stderr}]}`.
    Terminal { terminal: String },
    /// Domain events seen since the lesson started: `{"events": "all"}`.
    Events { events: String },
    /// The cost meter, `{"costs": "summary"}`: `{total, ratePerHour,
    /// monthToDate, forecast, month, freeTier, services: [...],
    /// resources: [...]}` in dollars.
    Costs { costs: String },
}

/// A check a step must pass.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Goal {
    /// What the learner sees in the checklist.
    pub label: String,
    /// Named documents, read in order.
    pub reads: IndexMap<String, Read>,
    /// JMESPath over `{name: document}`; the goal holds when it is truthy
    /// (not false, null, an empty string, array or object).
    pub expect: String,
}

/// What goals can look at besides the world.
pub struct Observations<'a> {
    /// The terminal document (`Files`, `History`, `Session`, `Recent`, ...).
    pub terminal: &'a Value,
    /// Events seen since the lesson started.
    pub events: &'a [DomainEvent],
}

/// True when a JMESPath value counts as true.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

/// Evaluates a JMESPath expression over a JSON document.
pub fn search(expression: &str, document: &Value) -> Result<Value, ApiError> {
    let compiled = jmespath::compile(expression).map_err(|e| {
        ApiError::new(
            "InvalidGoal",
            format!("Bad JMESPath expression '{expression}': {e}"),
        )
    })?;
    let variable = jmespath::Variable::from_json(&document.to_string())
        .map_err(|e| ApiError::new("InvalidGoal", e.to_string()))?;
    let result = compiled.search(variable).map_err(|e| {
        ApiError::new(
            "InvalidGoal",
            format!("JMESPath error in '{expression}': {e}"),
        )
    })?;
    serde_json::to_value(&*result).map_err(|e| ApiError::new("InvalidGoal", e.to_string()))
}

/// Replaces `{"$query": expr}` values in `params` by their result over `docs`.
/// Returns `None` when a query yields nothing (the read cannot be made).
fn resolve_params(params: &Value, docs: &Value) -> Result<Option<Value>, ApiError> {
    match params {
        Value::Object(map) => {
            if let (1, Some(Value::String(expression))) = (map.len(), map.get("$query")) {
                let value = search(expression, docs)?;
                return Ok(truthy(&value).then_some(value));
            }
            let mut out = Map::new();
            for (key, value) in map {
                match resolve_params(value, docs)? {
                    Some(resolved) => out.insert(key.clone(), resolved),
                    None => return Ok(None),
                };
            }
            Ok(Some(Value::Object(out)))
        }
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match resolve_params(item, docs)? {
                    Some(resolved) => out.push(resolved),
                    None => return Ok(None),
                }
            }
            Ok(Some(Value::Array(out)))
        }
        other => Ok(Some(other.clone())),
    }
}

impl Goal {
    /// True when the goal holds now. API errors from the reads (a deleted
    /// resource, say) make the goal unmet; a malformed goal is an error.
    pub fn holds(&self, world: &mut World, seen: &Observations) -> Result<bool, ApiError> {
        let mut docs = Value::Object(Map::new());
        for (name, read) in &self.reads {
            let document = match read {
                Read::Api {
                    service,
                    action,
                    params,
                    region,
                } => {
                    if !crate::api::is_read_only(action) {
                        return Err(ApiError::new(
                            "InvalidGoal",
                            format!("Goals may only read; {action} changes the world"),
                        ));
                    }
                    let Some(params) = resolve_params(params, &docs)? else {
                        return Ok(false);
                    };
                    match world
                        .call(region.as_deref(), service, action, params)
                        .and_then(|response| response.to_value())
                    {
                        Ok(value) => value,
                        Err(_) => return Ok(false),
                    }
                }
                Read::Terminal { .. } => seen.terminal.clone(),
                Read::Events { .. } => serde_json::to_value(seen.events).unwrap_or_default(),
                Read::Costs { .. } => {
                    serde_json::to_value(world.billing.summary(&world.ec2, world.now()))
                        .unwrap_or_default()
                }
            };
            if let Value::Object(map) = &mut docs {
                map.insert(name.clone(), document);
            }
        }
        Ok(truthy(&search(&self.expect, &docs)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn truthiness_follows_jmespath() {
        assert!(!truthy(&json!([])));
        assert!(!truthy(&json!("")));
        assert!(!truthy(&json!(null)));
        assert!(truthy(&json!(0)));
        assert!(truthy(&json!([1])));
    }

    #[test]
    fn params_take_values_from_earlier_documents() {
        let docs = json!({"a": {"Ids": ["sg-1"]}});
        let params = json!({"GroupIds": {"$query": "a.Ids"}, "DryRun": false});
        assert_eq!(
            resolve_params(&params, &docs).unwrap(),
            Some(json!({"GroupIds": ["sg-1"], "DryRun": false}))
        );
        let empty = json!({"GroupIds": {"$query": "a.Missing"}});
        assert_eq!(resolve_params(&empty, &docs).unwrap(), None);
    }

    #[test]
    fn goals_read_the_world_and_reject_writes() {
        let mut world = World::new(1);
        let terminal = json!({"Files": [], "History": []});
        let seen = Observations {
            terminal: &terminal,
            events: &[],
        };
        let goal: Goal = serde_json::from_value(json!({
            "label": "default VPC exists",
            "reads": {"vpcs": {"service": "ec2", "action": "DescribeVpcs", "params": {}}},
            "expect": "vpcs.Vpcs[?IsDefault] | length(@) == `1`"
        }))
        .unwrap();
        assert!(goal.holds(&mut world, &seen).unwrap());
        let writer: Goal = serde_json::from_value(json!({
            "label": "x",
            "reads": {"k": {"service": "ec2", "action": "CreateKeyPair", "params": {"KeyName": "k"}}},
            "expect": "k"
        }))
        .unwrap();
        assert_eq!(
            writer.holds(&mut world, &seen).unwrap_err().code,
            "InvalidGoal"
        );
    }
}
