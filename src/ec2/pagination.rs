//! `MaxResults` / `NextToken` paging of Describe results. Tokens are opaque
//! to the caller: here, the base64 of the offset of the next page.

use crate::kernel::ApiError;
use base64::{engine::general_purpose::STANDARD, Engine};

/// Most and fewest results a page may ask for (`MaxResults`).
const PAGE_SIZES: std::ops::RangeInclusive<i64> = 5..=1000;

/// Reads a token made by [`encode_token`].
pub fn decode_token(token: &str) -> Result<usize, ApiError> {
    STANDARD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix("offset:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| {
            ApiError::new(
                "InvalidParameterValue",
                format!("Invalid value '{token}' for nextToken."),
            )
        })
}

/// The token of the page that starts at `offset`.
pub fn encode_token(offset: usize) -> String {
    STANDARD.encode(format!("offset:{offset}"))
}

/// Checks `MaxResults` as EC2 does and turns it into a page size.
pub fn page_size(max_results: Option<i64>) -> Result<usize, ApiError> {
    match max_results {
        None => Ok(usize::MAX),
        Some(max) if PAGE_SIZES.contains(&max) => Ok(usize::try_from(max).unwrap_or(usize::MAX)),
        Some(max) => Err(ApiError::new(
            "InvalidParameterValue",
            format!(
                "Value ( {max} ) for parameter maxResults is invalid. Expecting a value between {} and {}.",
                PAGE_SIZES.start(),
                PAGE_SIZES.end()
            ),
        )),
    }
}

/// The page of `items` that `next_token` and `max_results` ask for, and
/// the token of the page after it.
pub fn page<T>(
    items: Vec<T>,
    max_results: Option<i64>,
    next_token: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let size = page_size(max_results)?;
    let offset = next_token.map(decode_token).transpose()?.unwrap_or(0);
    let end = offset.saturating_add(size).min(items.len());
    let next = (end < items.len()).then(|| encode_token(end));
    Ok((items.into_iter().skip(offset).take(size).collect(), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_to_the_end() {
        let items: Vec<u32> = (0..12).collect();
        let (first, token) = page(items.clone(), Some(5), None).unwrap();
        assert_eq!(first, vec![0, 1, 2, 3, 4]);
        let (second, token) = page(items.clone(), Some(5), token.as_deref()).unwrap();
        assert_eq!(second, vec![5, 6, 7, 8, 9]);
        let (last, token) = page(items, Some(5), token.as_deref()).unwrap();
        assert_eq!((last, token), (vec![10, 11], None));
    }

    #[test]
    fn bad_sizes_and_tokens_are_refused_in_aws_words() {
        let e = page(vec![1], Some(4), None).unwrap_err();
        assert_eq!(
            e.message,
            "Value ( 4 ) for parameter maxResults is invalid. Expecting a value between 5 and 1000."
        );
        assert_eq!(
            page(vec![1], None, Some("nope")).unwrap_err().code,
            "InvalidParameterValue"
        );
    }
}
