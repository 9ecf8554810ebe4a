//! Printing responses as the AWS CLI does: `--query` first, then
//! `--output json|text|table|yaml|yaml-stream|off`.

pub mod json;
pub mod query;
pub mod table;
pub mod text;
pub mod yaml;

use query::Query;
use serde_json::{json, Map, Value};

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
    /// One YAML document.
    Yaml,
    /// YAML printed page by page, each page an item of one list.
    YamlStream,
    /// Nothing on stdout (errors still go to stderr).
    Off,
}

impl Format {
    /// The format named on the command line.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "json" => Some(Self::Json),
            "text" => Some(Self::Text),
            "table" => Some(Self::Table),
            "yaml" => Some(Self::Yaml),
            "yaml-stream" => Some(Self::YamlStream),
            "off" => Some(Self::Off),
            _ => None,
        }
    }
}

/// What the CLI's paginator knows beyond the pages themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The paginator's result key, e.g. `Reservations`.
    pub result_key: &'static str,
    /// The CLI's own token to resume from (`--max-items` cut the results).
    pub resume_token: Option<String>,
}

/// A response, and the pages it was assembled from. The text format prints
/// page by page (applying `--query` to each), as the CLI's does, and so
/// does yaml-stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The whole result (for a paginated operation, the result lists joined
    /// and the resume token as `NextToken`).
    pub full: Value,
    /// The pages as the service returned them (cut to `--max-items`); just
    /// `full` for a single call.
    pub pages: Vec<Value>,
    /// Set for an operation the CLI paginated.
    pub paging: Option<Paging>,
}

impl Response {
    /// A response of one call.
    pub fn single(value: Value) -> Self {
        Self {
            pages: vec![value.clone()],
            full: value,
            paging: None,
        }
    }

    /// The documents the text format prints: for a paginated response each
    /// page's result list, then the resume token as a `NEXTTOKEN` line.
    fn text_documents(&self) -> Vec<Value> {
        let Some(paging) = &self.paging else {
            return vec![self.full.clone()];
        };
        let mut documents: Vec<Value> = self
            .pages
            .iter()
            .map(|page| {
                let data = page.get(paging.result_key).cloned().unwrap_or(Value::Null);
                let mut current = Map::new();
                current.insert(paging.result_key.to_string(), data);
                Value::Object(current)
            })
            .collect();
        if let Some(token) = &paging.resume_token {
            documents.push(json!({"NextToken": {"NextToken": token}}));
        }
        documents
    }
}

/// The members of `map` in key order: Python's `sorted()` of a dict, which
/// the text and YAML formats both print by.
pub(crate) fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
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
    let mut out = String::new();
    match format {
        Format::Json => out = json::format(&apply(&response.full)?),
        Format::Table => out = table::format(title, &apply(&response.full)?)?,
        Format::Yaml => out = yaml::format(&apply(&response.full)?),
        Format::Off => {}
        Format::Text => {
            for document in response.text_documents() {
                out.push_str(&text::format(&apply(&document)?));
            }
        }
        Format::YamlStream => {
            for page in &response.pages {
                out.push_str(&yaml::format_stream_item(&apply(page)?));
            }
        }
    }
    Ok(out)
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
                json!({"Tags": [{"Key": "a"}], "NextToken": "t1"}),
                json!({"Tags": [{"Key": "b"}]}),
            ],
            paging: Some(Paging {
                result_key: "Tags",
                resume_token: None,
            }),
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

    fn cut_response() -> Response {
        Response {
            full: json!({"Tags": [{"Key": "a"}, {"Key": "b"}], "NextToken": "resume"}),
            pages: vec![
                json!({"Tags": [{"Key": "a"}], "NextToken": "t1"}),
                json!({"Tags": [{"Key": "b"}], "NextToken": "t2"}),
            ],
            paging: Some(Paging {
                result_key: "Tags",
                resume_token: Some("resume".into()),
            }),
        }
    }

    #[test]
    fn text_ends_with_the_resume_token() {
        let response = cut_response();
        assert_eq!(
            render(Format::Text, "DescribeTags", &response, None).unwrap(),
            "TAGS\ta\nTAGS\tb\nNEXTTOKEN\tresume\n"
        );
        // The query is applied to the token's document too, which has no tags.
        let q = Query::compile("Tags[].Key").unwrap();
        assert_eq!(
            render(Format::Text, "DescribeTags", &response, Some(&q)).unwrap(),
            "a\nb\nNone\n"
        );
    }

    #[test]
    fn yaml_prints_the_whole_result_and_yaml_stream_each_page() {
        let response = cut_response();
        assert_eq!(
            render(Format::Yaml, "DescribeTags", &response, None).unwrap(),
            "NextToken: resume\nTags:\n- Key: a\n- Key: b\n"
        );
        assert_eq!(
            render(Format::YamlStream, "DescribeTags", &response, None).unwrap(),
            "- NextToken: t1\n  Tags:\n  - Key: a\n- NextToken: t2\n  Tags:\n  - Key: b\n"
        );
        let q = Query::compile("Tags[].Key").unwrap();
        assert_eq!(
            render(Format::YamlStream, "DescribeTags", &response, Some(&q)).unwrap(),
            "- - a\n- - b\n"
        );
        assert_eq!(
            render(Format::Off, "DescribeTags", &response, None).unwrap(),
            ""
        );
    }

    #[test]
    fn every_cli_v2_format_is_known() {
        for name in ["json", "text", "table", "yaml", "yaml-stream", "off"] {
            assert!(Format::parse(name).is_some(), "{name}");
        }
        assert_eq!(Format::parse("xml"), None);
    }
}
