//! `MaxResults`/`NextToken` paging of Describe actions. A token is the
//! base64 of `<what>:<offset>`, opaque to callers as AWS's are.

use super::filters::{self, Filter, Filterable};
use crate::kernel::ApiError;
use base64::{engine::general_purpose::STANDARD, Engine};
use indexmap::IndexMap;

/// Checks `MaxResults` against the action's range (5 to `most`).
pub fn check_max_results(max_results: Option<i64>, most: i64) -> Result<(), ApiError> {
    match max_results {
        Some(max) if !(5..=most).contains(&max) => Err(ApiError::new(
            "InvalidParameterValue",
            format!("Value ( {max} ) for parameter maxResults is invalid. Expecting a value between 5 and {most}."),
        )),
        _ => Ok(()),
    }
}

/// Decodes a NextToken made by [`encode_token`] for the same `what`.
pub fn decode_token(what: &str, token: &str) -> Result<usize, ApiError> {
    STANDARD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            text.strip_prefix(what)
                .and_then(|rest| rest.strip_prefix(':'))
                .and_then(|n| n.parse().ok())
        })
        .ok_or_else(|| {
            ApiError::new(
                "InvalidParameterValue",
                format!("Invalid value '{token}' for nextToken."),
            )
        })
}

/// The token that resumes a listing of `what` at `offset`.
pub fn encode_token(what: &str, offset: usize) -> String {
    STANDARD.encode(format!("{what}:{offset}"))
}

/// One page of `items`: checks `MaxResults` (5 to `most`), starts where
/// `next_token` says and returns the token of the next page, if any.
pub fn page<T>(
    what: &str,
    items: Vec<T>,
    max_results: Option<i64>,
    next_token: Option<&str>,
    most: i64,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    check_max_results(max_results, most)?;
    let limit = max_results
        .and_then(|m| usize::try_from(m).ok())
        .unwrap_or(usize::MAX);
    slice(what, items, limit, next_token)
}

/// At most `limit` of `items`, from where `next_token` (made by
/// [`encode_token`] for the same `what`) says, and the token of the rest.
/// The page size is the caller's to check: services bound it differently.
pub fn slice<T>(
    what: &str,
    items: Vec<T>,
    limit: usize,
    next_token: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let offset = next_token
        .map(|t| decode_token(what, t))
        .transpose()?
        .unwrap_or(0);
    let total = items.len();
    let end = offset.saturating_add(limit).min(total);
    let next = (end < total).then(|| encode_token(what, end));
    let items = items
        .into_iter()
        .skip(offset)
        .take(end.saturating_sub(offset))
        .collect();
    Ok((items, next))
}

/// The paging members of a Describe request, and what its tokens count.
pub struct PageRequest<'r> {
    /// What the tokens count (`vpcs`, `subnets`, ...).
    pub what: &'static str,
    pub max_results: Option<i64>,
    pub next_token: Option<&'r str>,
    /// The largest `MaxResults` the action accepts.
    pub most: i64,
}

/// The usual Describe action: the resources `ids` name (all of them when
/// `ids` is empty, `not_found` for a missing one), described, filtered,
/// then paged.
pub fn describe_page<'a, T, D: Filterable>(
    all: &'a IndexMap<String, T>,
    ids: &[String],
    not_found: fn(&str) -> ApiError,
    describe: impl Fn(&'a T) -> D,
    filters: &[Filter],
    request: PageRequest,
) -> Result<(Vec<D>, Option<String>), ApiError> {
    let described = filters::pick(all, ids, not_found)?
        .into_iter()
        .map(describe)
        .collect();
    page(
        request.what,
        filters::select(described, filters)?,
        request.max_results,
        request.next_token,
        request.most,
    )
}
