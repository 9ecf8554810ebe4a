//! Cost Explorer's GetCostAndUsage over the ledger: costs and usage per day
//! or month, grouped by up to two dimensions, filtered by an expression.
//! Without reserved instances, savings plans or credits every cost metric
//! equals UnblendedCost. Costs show up at once, where AWS takes up to a
//! day to process usage.

use super::money::decimal;
use super::{Amounts, Billing, Usage};
use crate::kernel::calendar::{self, DateTime, DAY};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, SimTime};
use crate::sts::ACCOUNT_ID;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Request of GetCostAndUsage.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GetCostAndUsageRequest {
    pub time_period: DateInterval,
    pub granularity: String,
    /// An `Expression`, read by [`Filter::parse`].
    pub filter: Option<Value>,
    pub metrics: Vec<String>,
    #[serde(default)]
    pub group_by: Vec<GroupDefinition>,
    /// Accepted and ignored: every answer fits in one page.
    pub next_page_token: Option<String>,
}

/// `TimePeriod`: `YYYY-MM-DD`, the start inclusive and the end exclusive.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DateInterval {
    pub start: String,
    pub end: String,
}

/// One `GroupBy` entry.
#[derive(Debug, Clone, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct GroupDefinition {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub key: Option<String>,
}

/// Response of GetCostAndUsage.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCostAndUsageResponse {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group_definitions: Vec<GroupDefinition>,
    pub results_by_time: Vec<ResultByTime>,
    /// Attributes of linked accounts; a single account has none.
    pub dimension_value_attributes: [(); 0],
}

/// The costs of one day or month.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResultByTime {
    pub time_period: Period,
    /// Per metric; empty when grouped.
    pub total: IndexMap<&'static str, MetricValue>,
    pub groups: Vec<Group>,
    /// True until the month's bill is final.
    pub estimated: bool,
}

/// A day or month of a result.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Period {
    pub start: String,
    pub end: String,
}

/// The costs of one combination of group keys.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Group {
    pub keys: Vec<String>,
    pub metrics: IndexMap<&'static str, MetricValue>,
}

/// An amount with its unit: `{"Amount": "0.0116", "Unit": "USD"}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricValue {
    pub amount: String,
    pub unit: &'static str,
}

/// The metrics of GetCostAndUsage.
const METRICS: [&str; 7] = [
    "AmortizedCost",
    "BlendedCost",
    "NetAmortizedCost",
    "NetUnblendedCost",
    "NormalizedUsageAmount",
    "UnblendedCost",
    "UsageQuantity",
];

/// Dimensions GetCostAndUsage groups by, in the order its error lists them.
const GROUP_DIMENSIONS: &str = "AZ, INSTANCE_TYPE, LINKED_ACCOUNT, OPERATION, PURCHASE_TYPE, \
    SERVICE, USAGE_TYPE, PLATFORM, TENANCY, RECORD_TYPE, LEGAL_ENTITY_NAME, INVOICING_ENTITY, \
    DEPLOYMENT_OPTION, DATABASE_ENGINE, CACHE_ENGINE, INSTANCE_TYPE_FAMILY, REGION, \
    BILLING_ENTITY, RESERVATION_ID, SAVINGS_PLANS_TYPE, SAVINGS_PLAN_ARN, OPERATING_SYSTEM";

/// The dimensions the ledger can tell apart.
const SIMULATED_DIMENSIONS: &str =
    "SERVICE, USAGE_TYPE, REGION, INSTANCE_TYPE, LINKED_ACCOUNT and RECORD_TYPE";

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("ValidationException", message)
}

/// A ledger line as the dimensions see it.
#[derive(Clone, Copy)]
struct Line {
    region: &'static str,
    usage: Usage,
}

/// A dimension the ledger can tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dimension {
    Service,
    UsageType,
    Region,
    InstanceType,
    LinkedAccount,
    RecordType,
}

impl Dimension {
    /// The dimension called `key`: an error for names GetCostAndUsage does
    /// not know (worded by `unknown`) and for those the sandbox does not
    /// simulate.
    fn parse(key: &str, unknown: impl FnOnce() -> ApiError) -> Result<Self, ApiError> {
        Ok(match key {
            "SERVICE" => Self::Service,
            "USAGE_TYPE" => Self::UsageType,
            "REGION" => Self::Region,
            "INSTANCE_TYPE" => Self::InstanceType,
            "LINKED_ACCOUNT" => Self::LinkedAccount,
            "RECORD_TYPE" => Self::RecordType,
            other if GROUP_DIMENSIONS.split(", ").any(|d| d == other) => {
                return Err(invalid(format!(
                    "The sandbox does not simulate the {other} dimension; it knows {SIMULATED_DIMENSIONS}."
                )))
            }
            _ => return Err(unknown()),
        })
    }

    fn value(self, line: Line) -> String {
        match self {
            Self::Service => line.usage.service().to_string(),
            Self::UsageType => line.usage.name(line.region),
            Self::Region => line.region.to_string(),
            Self::InstanceType => line
                .usage
                .instance_type()
                .unwrap_or("NoInstanceType")
                .to_string(),
            Self::LinkedAccount => ACCOUNT_ID.to_string(),
            Self::RecordType => "Usage".to_string(),
        }
    }
}

/// How one `GroupBy` entry keys a line.
enum Grouping {
    Dimension(Dimension),
    /// A tag key: no cost allocation tag is active, so every line has the
    /// empty value, which Cost Explorer writes `Key$`.
    Tag(String),
}

impl Grouping {
    fn parse(definition: &GroupDefinition) -> Result<Self, ApiError> {
        let kind = definition.kind.as_deref().unwrap_or_default();
        let key = definition.key.as_deref().unwrap_or_default();
        if kind.is_empty() || key.is_empty() {
            // AWS's words, typo included.
            return Err(invalid(
                "Group Definition is invalid. Both type an key need to be set to a non-empty value.",
            ));
        }
        match kind {
            "DIMENSION" => Dimension::parse(key, || {
                invalid(format!(
                    "Group Definition dimension is invalid. Valid values are {GROUP_DIMENSIONS}"
                ))
            })
            .map(Self::Dimension),
            "TAG" => Ok(Self::Tag(format!("{key}$"))),
            "COST_CATEGORY" => Err(invalid(format!(
                "The account has no cost category {key}; the sandbox defines none."
            ))),
            _ => Err(invalid("Group Definition type is invalid.")),
        }
    }

    fn key(&self, line: Line) -> String {
        match self {
            Self::Dimension(dimension) => dimension.value(line),
            Self::Tag(empty) => empty.clone(),
        }
    }
}

/// A `Filter` expression.
enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Dimension(Dimension, Vec<String>),
    /// A tag filter matches untagged lines (all of them) only when it asks
    /// for the empty value or for `ABSENT`.
    Tag(bool),
}

impl Filter {
    fn parse(value: &Value) -> Result<Self, ApiError> {
        let Value::Object(map) = value else {
            return Err(invalid("The Filter expression must be a structure."));
        };
        if map.len() > 1 {
            // Documented with the Expression type.
            return Err(invalid(
                "Expression has more than one roots. Only one root operator is allowed for each expression: And, Or, Not, Dimensions, Tags, CostCategories",
            ));
        }
        let Some((operator, operand)) = map.iter().next() else {
            return Err(invalid(
                "The Filter expression is empty; give one of And, Or, Not, Dimensions, Tags, CostCategories.",
            ));
        };
        match operator.as_str() {
            "And" | "Or" => {
                let items = operand
                    .as_array()
                    .filter(|items| !items.is_empty())
                    .ok_or_else(|| invalid(format!("{operator} takes a list of expressions.")))?;
                let parts = items.iter().map(Self::parse).collect::<Result<_, _>>()?;
                Ok(if operator == "And" {
                    Self::And(parts)
                } else {
                    Self::Or(parts)
                })
            }
            "Not" => Ok(Self::Not(Box::new(Self::parse(operand)?))),
            "Dimensions" => {
                let (key, values, options) = key_values(operand);
                if let Some(option) = options
                    .iter()
                    .find(|o| !matches!(o.as_str(), "EQUALS" | "CASE_SENSITIVE"))
                {
                    return Err(invalid(format!(
                        "MatchOptions {option} is not supported for Dimensions; use EQUALS or CASE_SENSITIVE."
                    )));
                }
                let dimension =
                    Dimension::parse(&key, || invalid(format!("Dimension {key} is not allowed.")))?;
                Ok(Self::Dimension(dimension, values))
            }
            "Tags" => {
                let (_, values, options) = key_values(operand);
                let untagged =
                    values.iter().any(String::is_empty) || options.iter().any(|o| o == "ABSENT");
                Ok(Self::Tag(untagged))
            }
            "CostCategories" => Err(invalid(
                "The account has no cost categories; the sandbox defines none.",
            )),
            other => Err(invalid(format!(
                "Unknown operator {other} in the Filter expression."
            ))),
        }
    }

    fn matches(&self, line: Line) -> bool {
        match self {
            Self::And(parts) => parts.iter().all(|p| p.matches(line)),
            Self::Or(parts) => parts.iter().any(|p| p.matches(line)),
            Self::Not(inner) => !inner.matches(line),
            Self::Dimension(dimension, values) => {
                let value = dimension.value(line);
                values.contains(&value)
            }
            Self::Tag(untagged) => *untagged,
        }
    }
}

/// The `Key`, `Values` and `MatchOptions` of a `Dimensions` or `Tags`
/// operand.
fn key_values(operand: &Value) -> (String, Vec<String>, Vec<String>) {
    let empty = Map::new();
    let map = operand.as_object().unwrap_or(&empty);
    let strings = |name: &str| -> Vec<String> {
        map.get(name)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let key = map
        .get("Key")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    (key, strings("Values"), strings("MatchOptions"))
}

/// One requested metric: a cost, or the usage quantity.
#[derive(Clone, Copy)]
struct Metric {
    name: &'static str,
    usage: bool,
}

fn metrics(requested: &[String]) -> Result<Vec<Metric>, ApiError> {
    if requested.is_empty() {
        return Err(invalid("Metrics is required for GetCostAndUsage requests."));
    }
    let mut metrics: Vec<Metric> = Vec::new();
    for given in requested {
        // The API takes `UnblendedCost` and `UNBLENDED_COST` alike.
        let name = METRICS
            .into_iter()
            .find(|name| given.replace('_', "").eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                invalid(format!(
                    "Invalid metric {given}. Valid values are {}.",
                    METRICS.join(", ")
                ))
            })?;
        if name == "NormalizedUsageAmount" {
            return Err(invalid(
                "The sandbox does not simulate NormalizedUsageAmount; use UsageQuantity.",
            ));
        }
        if !metrics.iter().any(|m| m.name == name) {
            metrics.push(Metric {
                name,
                usage: name == "UsageQuantity",
            });
        }
    }
    Ok(metrics)
}

/// A date of the time period as a day number. `field` is `start` or `end`;
/// an error line of AWS's request validation when it is not a date.
fn date(text: &str, field: &str, problems: &mut Vec<String>) -> Option<u64> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| range.clone().all(|i| bytes[i].is_ascii_digit());
    let shaped = bytes.len() >= 10
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && (bytes.len() == 10
            || bytes.len() == 20
                && bytes[10] == b'T'
                && digits(11..13)
                && bytes[13] == b':'
                && digits(14..16)
                && bytes[16] == b':'
                && digits(17..19)
                && bytes[19] == b'Z');
    if !shaped {
        problems.push(format!(
            "Value '{text}' at 'timePeriod.{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\d{{4}}-\\d{{2}}-\\d{{2}})(T\\d{{2}}:\\d{{2}}:\\d{{2}}Z)?"
        ));
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or_default();
    calendar::day_number(u64::from(number(0..4)), number(5..7), number(8..10)).or_else(|| {
        problems.push(format!(
            "Value '{text}' at 'timePeriod.{field}' is not a date."
        ));
        None
    })
}

/// `YYYY-MM-DD` of day number `day`.
fn day_text(day: u64) -> String {
    let mut text = DateTime::from_unix(day.saturating_mul(DAY)).iso_local();
    text.truncate(10);
    text
}

/// The first day of the month after the one holding `day`.
fn next_month(day: u64) -> u64 {
    calendar::month_bounds(day.saturating_mul(DAY)).1 / DAY
}

impl Billing {
    /// GetCostAndUsage at `now`.
    pub fn get_cost_and_usage(
        &self,
        now: SimTime,
        request: GetCostAndUsageRequest,
    ) -> Result<GetCostAndUsageResponse, ApiError> {
        let GetCostAndUsageRequest {
            time_period,
            granularity,
            filter,
            metrics: requested,
            group_by,
            next_page_token: _,
        } = request;
        let mut problems = Vec::new();
        let start = date(&time_period.start, "start", &mut problems);
        let end = date(&time_period.end, "end", &mut problems);
        if !matches!(granularity.as_str(), "DAILY" | "MONTHLY" | "HOURLY") {
            problems.push(format!("Value '{granularity}' at 'granularity' failed to satisfy constraint: Member must satisfy enum value set: [DAILY, MONTHLY, HOURLY]"));
        }
        let (start, end) = match (start, end) {
            (Some(start), Some(end)) if problems.is_empty() => (start, end),
            _ => {
                let count = problems.len();
                let s = if count == 1 { "" } else { "s" };
                return Err(invalid(format!(
                    "{count} validation error{s} detected: {}",
                    problems.join("; ")
                )));
            }
        };
        if granularity == "HOURLY" {
            return Err(invalid(
                "The sandbox keeps daily lines only: use DAILY or MONTHLY granularity.",
            ));
        }
        if time_period.start.len() > 10 || time_period.end.len() > 10 {
            return Err(invalid(
                "Hourly timePeriod is not supported for this request",
            ));
        }
        if start >= end {
            return Err(invalid(
                "Start date (and hour) should be before end date (and hour)",
            ));
        }
        let today = now / DAY;
        if end > next_month(today) {
            return Err(invalid("end date past the beginning of next month"));
        }
        if start > today {
            return Err(invalid(
                "Start date must be equal to or no later than the current date",
            ));
        }
        let first_kept = super::retained_from(now) / DAY;
        if start < first_kept {
            return Err(invalid(format!(
                "Start date is too old: Cost Explorer keeps this month and the 13 before it, from {}.",
                day_text(first_kept)
            )));
        }
        let metrics = metrics(&requested)?;
        if group_by.len() > 2 {
            return Err(invalid(
                "You can group by up to two dimensions, tag keys or cost categories.",
            ));
        }
        let groupings = group_by
            .iter()
            .map(Grouping::parse)
            .collect::<Result<Vec<_>, _>>()?;
        let filter = filter
            .as_ref()
            .filter(|f| !f.is_null())
            .map(Filter::parse)
            .transpose()?;
        let periods = periods(start, end, granularity == "MONTHLY");
        let mut sums = vec![Sums::default(); periods.len()];
        let by_unit = groupings
            .iter()
            .any(|g| matches!(g, Grouping::Dimension(Dimension::UsageType)));
        let lines = self
            .ledger
            .range((start, "", Usage::Box(""), String::new())..)
            .take_while(|(key, _)| key.0 < end);
        for ((day, region, usage, _), amounts) in lines {
            let line = Line {
                region,
                usage: *usage,
            };
            if filter.as_ref().is_some_and(|f| !f.matches(line)) {
                continue;
            }
            let index = periods.partition_point(|(_, period_end)| *period_end <= *day);
            let Some(sum) = sums.get_mut(index) else {
                continue;
            };
            sum.total.add(*amounts);
            if !groupings.is_empty() {
                let keys = groupings.iter().map(|g| g.key(line)).collect();
                let unit = if by_unit { usage.unit() } else { "N/A" };
                let entry = sum.groups.entry(keys).or_insert((Amounts::default(), unit));
                entry.0.add(*amounts);
            }
        }
        let current_month = calendar::month_bounds(now).0 / DAY;
        let results_by_time = periods
            .iter()
            .zip(sums)
            .map(|(&(from, to), sum)| {
                let values = |amounts: Amounts, unit: &'static str| -> IndexMap<_, _> {
                    metrics
                        .iter()
                        .map(|metric| {
                            let value = if metric.usage {
                                MetricValue {
                                    amount: decimal(amounts.quantity),
                                    unit,
                                }
                            } else {
                                MetricValue {
                                    amount: decimal(amounts.cost),
                                    unit: "USD",
                                }
                            };
                            (metric.name, value)
                        })
                        .collect()
                };
                let grouped = !groupings.is_empty();
                ResultByTime {
                    time_period: Period {
                        start: day_text(from),
                        end: day_text(to),
                    },
                    total: if grouped {
                        IndexMap::new()
                    } else {
                        values(sum.total, "N/A")
                    },
                    groups: sum
                        .groups
                        .into_iter()
                        .map(|(keys, (amounts, unit))| Group {
                            keys,
                            metrics: values(amounts, unit),
                        })
                        .collect(),
                    estimated: to > current_month,
                }
            })
            .collect();
        Ok(GetCostAndUsageResponse {
            group_definitions: group_by,
            results_by_time,
            dimension_value_attributes: [],
        })
    }
}

/// What one period adds up to: in all, and per combination of group keys
/// (with the unit of its usage).
#[derive(Clone, Default)]
struct Sums {
    total: Amounts,
    groups: BTreeMap<Vec<String>, (Amounts, &'static str)>,
}

/// The days or calendar months (cut to the time period) from `start` to
/// `end`, as day numbers, each end exclusive.
fn periods(start: u64, end: u64, monthly: bool) -> Vec<(u64, u64)> {
    let mut periods = Vec::new();
    let mut from = start;
    while from < end {
        let to = if monthly { next_month(from) } else { from + 1 }.min(end);
        periods.push((from, to));
        from = to;
    }
    periods
}
