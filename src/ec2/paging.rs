//! `MaxResults`/`NextToken` paging of Describe actions. A token is the
//! base64 of `<what>:<offset>`, opaque to callers as AWS's are.

use crate::kernel::ApiError;
use base64::{engine::general_purpose::STANDARD, Engine};

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
    let offset = next_token
        .map(|t| decode_token(what, t))
        .transpose()?
        .unwrap_or(0);
    let limit = max_results
        .and_then(|m| usize::try_from(m).ok())
        .unwrap_or(usize::MAX);
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
