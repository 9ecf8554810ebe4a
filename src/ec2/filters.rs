//! `Filters` on Describe actions: `Name=...,Values=...`. Values within one
//! filter are OR-ed, separate filters are AND-ed; `*` and `?` are wildcards.

use crate::kernel::params::FromParam;
use crate::kernel::{wildcard, ApiError};

/// One filter of a Describe request.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Filter {
    /// Filter name, e.g. `instance-state-name` or `tag:Name`.
    pub name: String,
    /// Accepted values; a resource matches when any value matches.
    #[serde(default)]
    pub values: Vec<String>,
}

/// A resource that Describe filters can select.
pub trait Filterable {
    /// The resource's values for filter `name`, or `None` when the filter is
    /// not one this resource type supports.
    fn filter_values(&self, name: &str) -> Option<Vec<String>>;
}

/// Checks that every filter is one the resource type supports, before any
/// resource is looked at, so an unknown filter fails even on an empty list.
pub fn validate<T: Filterable>(filters: &[Filter], sample: &T) -> Result<(), ApiError> {
    for filter in filters {
        if sample.filter_values(&filter.name).is_none() {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("The filter '{}' is invalid", filter.name),
            ));
        }
    }
    Ok(())
}

/// Keeps the items that pass every filter, after checking that each filter
/// is one this resource type supports (checked on the first item; AWS also
/// rejects unknown filters on an empty result, which the sandbox lets pass).
pub fn select<T: Filterable>(items: Vec<T>, filters: &[Filter]) -> Result<Vec<T>, ApiError> {
    if let Some(sample) = items.first() {
        validate(filters, sample)?;
    }
    Ok(items
        .into_iter()
        .filter(|item| matches_all(item, filters))
        .collect())
}

/// The resources of `all` that `ids` name, in stored order (every resource
/// when `ids` is empty), after checking that each id exists.
pub fn pick<'a, T>(
    all: &'a indexmap::IndexMap<String, T>,
    ids: &[String],
    not_found: fn(&str) -> ApiError,
) -> Result<Vec<&'a T>, ApiError> {
    if let Some(missing) = ids.iter().find(|id| !all.contains_key(id.as_str())) {
        return Err(not_found(missing));
    }
    Ok(all
        .iter()
        .filter(|(id, _)| ids.is_empty() || ids.contains(id))
        .map(|(_, resource)| resource)
        .collect())
}

/// True when `resource` passes every filter.
pub fn matches_all<T: Filterable>(resource: &T, filters: &[Filter]) -> bool {
    filters.iter().all(|filter| {
        let actual = resource.filter_values(&filter.name).unwrap_or_default();
        filter
            .values
            .iter()
            .any(|wanted| actual.iter().any(|value| wildcard::matches(wanted, value)))
    })
}

/// Values for `tag:<Key>` (the tag's value) and `tag-key` (all keys) and
/// `tag-value` (all values) from a resource's tags.
pub fn tag_filter_values(name: &str, tags: &[super::tags::Tag]) -> Option<Vec<String>> {
    if let Some(key) = name.strip_prefix("tag:") {
        return Some(
            tags.iter()
                .filter(|t| t.key == key)
                .map(|t| t.value.clone())
                .collect(),
        );
    }
    match name {
        "tag-key" => Some(tags.iter().map(|t| t.key.clone()).collect()),
        "tag-value" => Some(tags.iter().map(|t| t.value.clone()).collect()),
        _ => None,
    }
}

/// Parses a boolean filter value as EC2 does (`true`/`false`).
pub fn bool_value(value: bool) -> Vec<String> {
    vec![value.to_string()]
}
