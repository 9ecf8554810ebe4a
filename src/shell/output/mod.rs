//! Printing responses as the AWS CLI does: `--query` first, then
//! `--output json|text|table`.

pub mod json;
pub mod query;
pub mod table;
pub mod text;

use query::Query;
use serde_json::Value;

/// An `--output` format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Indented JSON (the default).
    #[default]
    Json,
    /// Tab-separated lines.
    Text,
    /// Boxed tables.
    Table,
}

impl Format {
    /// The format named on the command line.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "json" => Some(Self::Json),
            "text" => Some(Self::Text),
            "table" => Some(Self::Table),
            _ => None,
        }
    }
}

/// A response, and the pages it was assembled from. The text format prints
/// page by page (applying `--query` to each), as the CLI's does.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The whole result.
    pub full: Value,
    /// The pages of a paginated operation; just `full` otherwise.
    pub pages: Vec<Value>,
}

impl Response {
    /// A response of one page.
    pub fn single(value: Value) -> Self {
        Self {
            pages: vec![value.clone()],
            full: value,
        }
    }
}

/// What the CLI prints for `response` of the operation `title`; the error
/// is a message the CLI would print (query evaluation or table failures).
pub fn render(
    format: Format,
    title: &str,
    response: &Response,
    query: Option<&Query>,
) -> Result<String, String> {
    let apply = |value: &Value| match query {
        Some(q) => q.search(value),
        None => Ok(value.clone()),
    };
    match format {
        Format::Json => Ok(json::format(&apply(&response.full)?)),
        Format::Table => table::format(title, &apply(&response.full)?),
        Format::Text => {
            let mut out = String::new();
            for page in &response.pages {
                out.push_str(&text::format(&apply(page)?));
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn query_applies_before_formatting() {
        let response = Response::single(
            json!({"KeyMaterial": "-----BEGIN KEY-----\nabc\n-----END KEY-----", "KeyName": "k"}),
        );
        let q = Query::compile("KeyMaterial").unwrap();
        assert_eq!(
            render(Format::Text, "CreateKeyPair", &response, Some(&q)).unwrap(),
            "-----BEGIN KEY-----\nabc\n-----END KEY-----\n"
        );
        assert_eq!(
            render(Format::Json, "CreateKeyPair", &response, Some(&q)).unwrap(),
            "\"-----BEGIN KEY-----\\nabc\\n-----END KEY-----\"\n"
        );
    }

    #[test]
    fn text_prints_each_page() {
        let response = Response {
            full: json!({"Tags": [{"Key": "a"}, {"Key": "b"}]}),
            pages: vec![
                json!({"Tags": [{"Key": "a"}]}),
                json!({"Tags": [{"Key": "b"}]}),
            ],
        };
        let q = Query::compile("Tags[].Key").unwrap();
        assert_eq!(
            render(Format::Text, "DescribeTags", &response, Some(&q)).unwrap(),
            "a\nb\n"
        );
        assert_eq!(
            render(Format::Json, "DescribeTags", &response, Some(&q)).unwrap(),
            "[\n    \"a\",\n    \"b\"\n]\n"
        );
    }
}
