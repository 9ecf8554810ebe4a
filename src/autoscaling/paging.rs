//! `MaxRecords`/`NextToken` paging of Auto Scaling's Describe actions. The
//! tokens are EC2's (opaque, base64); the bounds and errors are Auto
//! Scaling's own.

use super::validation;
use crate::ec2::paging::slice;
use crate::kernel::ApiError;

/// The paging members of one Describe request and the action's bounds.
pub struct Page<'r> {
    /// `MaxRecords`, when given.
    pub max_records: Option<i64>,
    /// `NextToken`, when given.
    pub next_token: Option<&'r str>,
    /// Records per page when `MaxRecords` is left out.
    pub default: i64,
    /// The largest `MaxRecords` the action accepts.
    pub most: i64,
}

/// One page of `items` (`what` names them in the tokens) and the token of
/// the next page, if any.
pub fn page<T>(
    what: &str,
    items: Vec<T>,
    page: Page,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let size = page.max_records.unwrap_or(page.default);
    if !(1..=page.most).contains(&size) {
        // AWS words a bad page size as a constraint on the member.
        let bound = if size < 1 {
            "greater than or equal to 1".to_string()
        } else {
            format!("less than or equal to {}", page.most)
        };
        return Err(validation(format!(
            "1 validation error detected: Value '{size}' at 'maxRecords' failed to satisfy constraint: Member must have value {bound}"
        )));
    }
    let limit = usize::try_from(size).unwrap_or(usize::MAX);
    slice(what, items, limit, page.next_token).map_err(|_| {
        ApiError::new(
            "InvalidNextToken",
            format!(
                "The token '{}' is invalid.",
                page.next_token.unwrap_or_default()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_their_tokens_and_bounds() {
        let at = |max_records, next_token| Page {
            max_records,
            next_token,
            default: 2,
            most: 3,
        };
        let (first, token) = page("x", vec![1, 2, 3], at(None, None)).unwrap();
        assert_eq!(first, [1, 2]);
        let (rest, end) = page("x", vec![1, 2, 3], at(None, token.as_deref())).unwrap();
        assert_eq!((rest, end), (vec![3], None));
        assert_eq!(
            page("x", vec![1], at(Some(4), None)).unwrap_err().code,
            "ValidationError"
        );
        let e = page("x", vec![1], at(None, Some("garbage"))).unwrap_err();
        assert_eq!(e.code, "InvalidNextToken");
    }
}
