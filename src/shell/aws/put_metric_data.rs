//! `aws cloudwatch put-metric-data`'s own options
//! (`awscli/customizations/putmetricdata.py`): `--metric-name`,
//! `--timestamp`, `--unit`, `--value`, `--dimensions Name=Value,…`,
//! `--statistic-values Sum=…,…` and `--storage-resolution` fill the first
//! element of `MetricData`, and may not be mixed with `--metric-data`.

use super::argv::{ArgSpec, Arity, Given};
use super::errors::CliError;
use super::shorthand;
use crate::shell::python;
use serde_json::{Map, Value};

/// The options, in the order the CLI adds them.
const OPTIONS: [&str; 7] = [
    "metric-name",
    "timestamp",
    "unit",
    "value",
    "dimensions",
    "statistic-values",
    "storage-resolution",
];

/// The options `--metric-data` excludes, as the CLI's check names them
/// (Python attribute names).
const EXCLUDED: [&str; 6] = [
    "metric-name",
    "timestamp",
    "unit",
    "value",
    "dimensions",
    "statistic-values",
];

/// The options the CLI adds to put-metric-data.
pub fn options() -> Vec<ArgSpec> {
    OPTIONS
        .iter()
        .map(|name| ArgSpec::new(format!("--{name}"), *name, Arity::One, false))
        .collect()
}

/// True when `dest` is one of these options.
pub fn is_option(dest: &str) -> bool {
    OPTIONS.contains(&dest)
}

/// Refuses `--metric-data` together with the scalar options.
pub fn check(values: &[(String, Given)]) -> Result<(), CliError> {
    let given = |dest: &str| values.iter().any(|(d, _)| d == dest);
    if !given("MetricData") {
        return Ok(());
    }
    match EXCLUDED.iter().find(|o| given(o)) {
        Some(option) => Err(CliError::general(format!(
            "The key \"{}\" cannot be specified when one of the following keys are also specified: metric_data",
            option.replace('-', "_")
        ))),
        None => Ok(()),
    }
}

/// Python's `Decimal(text)`, as the CLI reads numbers of these options.
fn decimal(text: &str) -> Result<Value, CliError> {
    shorthand::python_float(text)
        .map(Value::from)
        .ok_or_else(|| CliError::general("[<class 'decimal.ConversionSyntax'>]"))
}

/// `key, value = pair.split('=')` over the comma-separated pairs.
fn pairs(text: &str) -> Result<Vec<(&str, &str)>, CliError> {
    text.split(',')
        .map(|pair| {
            let parts: Vec<&str> = pair.split('=').collect();
            match parts.as_slice() {
                [key, value] => Ok((*key, *value)),
                [_] => Err(CliError::general(
                    "not enough values to unpack (expected 2, got 1)",
                )),
                _ => Err(CliError::general("too many values to unpack (expected 2)")),
            }
        })
        .collect()
}

/// Puts the value of option `dest` into `MetricData[0]`.
pub fn add(dest: &str, given: &Given, params: &mut Map<String, Value>) -> Result<(), CliError> {
    let Given::One(text) = given else {
        return Ok(());
    };
    let (member, value) = match dest {
        "metric-name" => ("MetricName", Value::from(text.as_str())),
        "timestamp" => ("Timestamp", Value::from(text.as_str())),
        "unit" => ("Unit", Value::from(text.as_str())),
        "value" => ("Value", decimal(text)?),
        "dimensions" => (
            "Dimensions",
            Value::Array(
                pairs(text)?
                    .into_iter()
                    .map(|(name, value)| serde_json::json!({"Name": name, "Value": value}))
                    .collect(),
            ),
        ),
        "statistic-values" => {
            let mut statistics = Map::new();
            for (name, value) in pairs(text)? {
                statistics.insert(name.to_string(), decimal(value)?);
            }
            ("StatisticValues", Value::Object(statistics))
        }
        "storage-resolution" => (
            "StorageResolution",
            shorthand::python_int(text)
                .map(Value::from)
                .ok_or_else(|| {
                    CliError::general(format!(
                        "invalid literal for int() with base 10: {}",
                        python::repr(&Value::from(text.as_str()))
                    ))
                })?,
        ),
        _ => return Ok(()),
    };
    let data = params
        .entry("MetricData")
        .or_insert_with(|| Value::Array(vec![Value::Object(Map::new())]));
    if let Some(first) = data
        .as_array_mut()
        .and_then(|items| items.first_mut())
        .and_then(Value::as_object_mut)
    {
        first.insert(member.to_string(), value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(options: &[(&str, &str)]) -> Result<Value, CliError> {
        let mut params = Map::new();
        for (dest, text) in options {
            add(dest, &Given::One(text.to_string()), &mut params)?;
        }
        Ok(Value::Object(params))
    }

    #[test]
    fn scalar_options_fill_the_first_datum() {
        assert_eq!(
            build(&[
                ("metric-name", "Buffers"),
                ("value", "231434333"),
                ("unit", "Bytes"),
                ("dimensions", "InstanceID=1-23456789,InstanceType=m1.small"),
            ])
            .unwrap(),
            json!({"MetricData": [{"MetricName": "Buffers", "Value": 231434333.0, "Unit": "Bytes",
                "Dimensions": [{"Name": "InstanceID", "Value": "1-23456789"},
                               {"Name": "InstanceType", "Value": "m1.small"}]}]})
        );
        assert_eq!(
            build(&[(
                "statistic-values",
                "Sum=11,Minimum=2,Maximum=5,SampleCount=3"
            )])
            .unwrap(),
            json!({"MetricData": [{"StatisticValues": {"Sum": 11.0, "Minimum": 2.0, "Maximum": 5.0, "SampleCount": 3.0}}]})
        );
    }

    #[test]
    fn bad_values_fail_as_python_does() {
        let general = |m: &str| CliError::General(m.to_string());
        assert_eq!(
            build(&[("value", "abc")]),
            Err(general("[<class 'decimal.ConversionSyntax'>]"))
        );
        assert_eq!(
            build(&[("dimensions", "A=1,B")]),
            Err(general("not enough values to unpack (expected 2, got 1)"))
        );
        let mixed = [
            ("MetricData".to_string(), Given::One("[]".into())),
            ("value".to_string(), Given::One("1".into())),
        ];
        assert_eq!(
            check(&mixed),
            Err(general("The key \"value\" cannot be specified when one of the following keys are also specified: metric_data"))
        );
    }
}
