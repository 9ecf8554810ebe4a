//! Reading request parameters (JSON with AWS's names) into typed request
//! structs. `#[derive(FromParam)]` (crate `aws-sandbox-derive`) writes, per
//! request type, one `take` call per member; the checks they share live
//! here once. serde's derived `Deserialize` instead writes a visitor per
//! type, which made request decoding the largest share of the wasm module.

use serde_json::{Map, Value};

pub use aws_sandbox_derive::FromParam;

/// Why a request's parameters could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamError {
    /// A required member is missing.
    Missing(String),
    /// A member the action does not know.
    Unknown(String),
    /// A value of the wrong type or outside its set of names.
    Invalid(String),
}

impl ParamError {
    fn invalid_type(value: &Value, expected: &str) -> Self {
        let found = match value {
            Value::Null => "null".to_string(),
            Value::Bool(flag) => format!("boolean `{flag}`"),
            Value::Number(number) => format!("number `{number}`"),
            Value::String(text) => format!("string \"{text}\""),
            Value::Array(_) => "a list".to_string(),
            Value::Object(_) => "a structure".to_string(),
        };
        Self::Invalid(format!("invalid type: {found}, expected {expected}"))
    }

    /// `text` is none of the enum's `names`.
    pub fn unknown_variant(text: &str, names: &[&str]) -> Self {
        Self::Invalid(format!(
            "unknown variant `{text}`, expected one of {}",
            names
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// AWS's wording: `MissingParameter`, `UnknownParameter`,
/// `InvalidParameterValue`.
impl From<ParamError> for super::ApiError {
    fn from(error: ParamError) -> Self {
        match error {
            ParamError::Missing(name) => Self::missing_parameter(&name),
            ParamError::Unknown(name) => Self::new(
                "UnknownParameter",
                format!("The parameter {name} is not recognized"),
            ),
            ParamError::Invalid(problem) => Self::new(
                "InvalidParameterValue",
                format!("Invalid parameter value: {problem}"),
            ),
        }
    }
}

/// A value that can be read from a request parameter.
pub trait FromParam: Sized {
    /// Reads the member's JSON value.
    fn from_param(value: Value) -> Result<Self, ParamError>;

    /// What the member is when the request leaves it out; `None` when the
    /// action requires it.
    fn when_absent() -> Option<Self> {
        None
    }
}

/// The members of one request structure, taken out one by one by name.
pub struct Members(Map<String, Value>);

impl Members {
    /// Checks that `value` is a structure and, when `deny_unknown`, that it
    /// has no member outside `known`.
    pub fn new(value: Value, known: &[&str], deny_unknown: bool) -> Result<Self, ParamError> {
        let map = match value {
            Value::Object(map) => map,
            // A request with no parameters at all.
            Value::Null => Map::new(),
            other => return Err(ParamError::invalid_type(&other, "a structure")),
        };
        if deny_unknown {
            if let Some(unknown) = map.keys().find(|key| !known.contains(&key.as_str())) {
                return Err(ParamError::Unknown(unknown.clone()));
            }
        }
        Ok(Self(map))
    }

    /// The member `name`; an error when it is missing and required.
    pub fn take<T: FromParam>(&mut self, name: &str) -> Result<T, ParamError> {
        match self.0.remove(name) {
            Some(value) => T::from_param(value),
            None => T::when_absent().ok_or_else(|| ParamError::Missing(name.to_string())),
        }
    }

    /// The member `name`, or `T::default()` when it is missing.
    pub fn take_or_default<T: FromParam + Default>(&mut self, name: &str) -> Result<T, ParamError> {
        match self.0.remove(name) {
            Some(value) => T::from_param(value),
            None => Ok(T::default()),
        }
    }
}

/// The text of a string parameter.
pub fn text(value: Value) -> Result<String, ParamError> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(ParamError::invalid_type(&other, "a string")),
    }
}

impl FromParam for String {
    fn from_param(value: Value) -> Result<Self, ParamError> {
        text(value)
    }
}

impl FromParam for bool {
    fn from_param(value: Value) -> Result<Self, ParamError> {
        match value {
            Value::Bool(flag) => Ok(flag),
            other => Err(ParamError::invalid_type(&other, "a boolean")),
        }
    }
}

/// Whole numbers, range-checked for the member's type.
fn whole<T: TryFrom<i64>>(value: Value) -> Result<T, ParamError> {
    value
        .as_i64()
        .and_then(|number| T::try_from(number).ok())
        .ok_or_else(|| ParamError::invalid_type(&value, "an integer in range"))
}

macro_rules! whole_numbers {
    ($($type:ty),*) => {$(
        impl FromParam for $type {
            fn from_param(value: Value) -> Result<Self, ParamError> {
                whole(value)
            }
        }
    )*};
}

whole_numbers!(i32, i64, u16, u32, u64, usize);

impl FromParam for f64 {
    fn from_param(value: Value) -> Result<Self, ParamError> {
        value
            .as_f64()
            .ok_or_else(|| ParamError::invalid_type(&value, "a number"))
    }
}

/// Members kept as JSON (documents such as a policy).
impl FromParam for Value {
    fn from_param(value: Value) -> Result<Self, ParamError> {
        Ok(value)
    }
}

impl<T: FromParam> FromParam for Option<T> {
    fn from_param(value: Value) -> Result<Self, ParamError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_param(value).map(Some),
        }
    }

    fn when_absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromParam> FromParam for Vec<T> {
    fn from_param(value: Value) -> Result<Self, ParamError> {
        match value {
            Value::Array(items) => items.into_iter().map(T::from_param).collect(),
            other => Err(ParamError::invalid_type(&other, "a list")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, FromParam)]
    #[serde(rename_all = "PascalCase", deny_unknown_fields)]
    struct Request {
        image_id: String,
        #[serde(default)]
        instance_ids: Vec<String>,
        max_count: Option<u32>,
        #[serde(rename = "Type")]
        kind: Option<Kind>,
    }

    #[derive(Debug, PartialEq, FromParam)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Standard,
        #[serde(rename = "gp3")]
        General,
    }

    #[test]
    fn members_are_read_by_their_aws_names() {
        let request = Request::from_param(json!({
            "ImageId": "ami-1", "InstanceIds": ["i-1"], "MaxCount": 2, "Type": "gp3"
        }));
        assert_eq!(
            request,
            Ok(Request {
                image_id: "ami-1".into(),
                instance_ids: vec!["i-1".into()],
                max_count: Some(2),
                kind: Some(Kind::General),
            })
        );
        let defaults = Request::from_param(json!({"ImageId": "ami-1", "MaxCount": null}));
        assert_eq!(
            defaults.map(|r| (r.instance_ids, r.max_count, r.kind)),
            Ok((vec![], None, None))
        );
    }

    #[test]
    fn missing_unknown_and_invalid_members_are_told_apart() {
        assert_eq!(
            Request::from_param(json!({})),
            Err(ParamError::Missing("ImageId".into()))
        );
        assert_eq!(
            Request::from_param(json!({"ImageId": "a", "Foo": 1})),
            Err(ParamError::Unknown("Foo".into()))
        );
        assert_eq!(
            Request::from_param(json!({"ImageId": 5})),
            Err(ParamError::Invalid(
                "invalid type: number `5`, expected a string".into()
            ))
        );
        assert_eq!(
            Request::from_param(json!({"ImageId": "a", "MaxCount": -1})),
            Err(ParamError::Invalid(
                "invalid type: number `-1`, expected an integer in range".into()
            ))
        );
        assert_eq!(
            Request::from_param(json!({"ImageId": "a", "Type": "io9"})),
            Err(ParamError::Invalid(
                "unknown variant `io9`, expected one of `standard`, `gp3`".into()
            ))
        );
        assert_eq!(
            Request::from_param(json!(["ImageId"])),
            Err(ParamError::Invalid(
                "invalid type: a list, expected a structure".into()
            ))
        );
    }
}
