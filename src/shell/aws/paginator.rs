//! The CLI's paging of list operations (botocore's `PageIterator` as
//! `awscli/customizations/paginate.py` drives it): every page is fetched and
//! the result lists joined, `--page-size` sets the service's page size,
//! `--max-items` cuts the joined list and adds the CLI's own `NextToken` to
//! resume from, and `--starting-token` resumes there.

use super::errors::CliError;
use super::invoke::{cli_error, Client};
use super::model::{Operation, Paginator};
use super::page_token;
use super::validate;
use crate::shell::output::{Paging, Response};
use crate::shell::python;
use serde_json::{Map, Value};

/// Pages followed at most; the account never has that many, and a service
/// token that never ends must not hang the terminal.
const MAX_PAGES: usize = 100;

/// `--starting-token`, `--page-size` and `--max-items`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagingOptions {
    /// Where to resume (a token printed with an earlier `--max-items`).
    pub starting_token: Option<String>,
    /// Items per service call (the paginator's limit key: `MaxResults`,
    /// `MaxRecords`, ECS's `maxResults`).
    pub page_size: Option<i64>,
    /// Items printed at most.
    pub max_items: Option<i64>,
}

impl PagingOptions {
    /// The CLI refuses paging options when it does not page: after
    /// `--no-paginate`, or when `--max-results`/`--next-token` page by hand.
    /// Like the CLI, it tests the values for truth (`--max-items 0` passes).
    pub fn refuse_without_paging(&self) -> Result<(), CliError> {
        let used: Vec<&str> = [
            (
                self.starting_token.as_ref().is_some_and(|t| !t.is_empty()),
                "--starting-token",
            ),
            (self.page_size.is_some_and(|n| n != 0), "--page-size"),
            (self.max_items.is_some_and(|n| n != 0), "--max-items"),
        ]
        .into_iter()
        .filter_map(|(given, name)| given.then_some(name))
        .collect();
        if used.is_empty() {
            return Ok(());
        }
        Err(CliError::ParamValidation(format!(
            "Cannot specify --no-paginate along with pagination arguments: {}",
            used.join(", ")
        )))
    }

    /// The `PaginationConfig` the options add to a request (waiters pass it
    /// on to an operation that has no such member).
    pub fn pagination_config(&self) -> Option<Value> {
        let mut config = Map::new();
        if let Some(token) = &self.starting_token {
            config.insert("StartingToken".into(), Value::from(token.as_str()));
        }
        if let Some(size) = self.page_size {
            config.insert("PageSize".into(), Value::from(size));
        }
        if let Some(items) = self.max_items {
            config.insert("MaxItems".into(), Value::from(items));
        }
        (!config.is_empty()).then_some(Value::Object(config))
    }
}

/// Where Python's slice bound `i` falls in a list of `len` items
/// (negative bounds count from the end).
fn python_bound(len: usize, i: i64) -> usize {
    let signed_len = i64::try_from(len).unwrap_or(i64::MAX);
    let i = if i < 0 {
        (signed_len + i).max(0)
    } else {
        i.min(signed_len)
    };
    usize::try_from(i).unwrap_or(0)
}

/// Python's truth value of a token.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// The items of `page` under `key`, if it holds a list.
fn items_mut<'a>(page: &'a mut Value, key: &str) -> Option<&'a mut Vec<Value>> {
    page.get_mut(key).and_then(Value::as_array_mut)
}

/// botocore's `_inject_token_into_kwargs`: set the tokens that have a
/// value, drop the others.
fn inject(request: &mut Map<String, Value>, tokens: &Map<String, Value>) {
    for (name, token) in tokens {
        if token.is_null() || token.as_str() == Some("None") {
            request.shift_remove(name);
        } else {
            request.insert(name.clone(), token.clone());
        }
    }
}

/// Calls `operation` page after page as the CLI does, by its `paginator`.
pub fn paginate(
    client: &mut Client,
    operation: &Operation,
    paginator: Paginator,
    params: &Map<String, Value>,
    options: &PagingOptions,
) -> Result<Response, CliError> {
    let Paginator {
        input_token,
        output_token,
        limit_key,
        result_key,
    } = paginator;
    let mut request = params.clone();
    let mut next: Map<String, Value> = Map::new();
    next.insert(input_token.into(), Value::Null);
    let mut skip = Some(0);
    if let Some(token) = &options.starting_token {
        let start = page_token::decode(token, input_token)?;
        inject(&mut request, &start.members);
        (next, skip) = (start.members, start.skip);
    }
    if let Some(size) = options.page_size {
        request.insert(limit_key.into(), Value::from(size));
    }
    let errors = validate::validate(&request, operation.input);
    if !errors.is_empty() {
        return Err(CliError::Validation(errors));
    }
    let mut pages: Vec<Value> = Vec::new();
    let mut total: i64 = 0;
    let mut resume_token = None;
    let mut previous: Option<Map<String, Value>> = None;
    loop {
        let mut page = client
            .send(operation.name, &request)
            .map_err(|e| cli_error(operation.name, e))?;
        // The first page of a resumed listing starts where the last one was cut.
        let mut skipped = 0;
        if pages.is_empty() && options.starting_token.is_some() {
            skipped = skip.unwrap_or(0);
            if let Some(items) = items_mut(&mut page, result_key) {
                let from = skip.ok_or_else(|| {
                    CliError::general(
                        "slice indices must be integers or None or have an __index__ method",
                    )
                })?;
                items.drain(..python_bound(items.len(), from));
            }
        }
        let count = items_mut(&mut page, result_key).map_or(0, |items| items.len());
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        let excess = options.max_items.map_or(0, |max| total + count - max);
        if excess > 0 {
            let keep = count - excess;
            if let Some(items) = items_mut(&mut page, result_key) {
                items.truncate(python_bound(items.len(), keep));
            }
            next.insert("boto_truncate_amount".into(), Value::from(keep + skipped));
            resume_token = Some(page_token::encode(&next, input_token)?);
            pages.push(page);
            break;
        }
        total += count;
        let service_token = page
            .get(output_token)
            .filter(|t| is_truthy(t))
            .cloned()
            .unwrap_or(Value::Null);
        pages.push(page);
        next = Map::new();
        // botocore keys the next token by the input token it is sent as.
        next.insert(input_token.into(), service_token.clone());
        if service_token.is_null() {
            break;
        }
        if options.max_items == Some(total) {
            resume_token = Some(page_token::encode(&next, input_token)?);
            break;
        }
        if previous.as_ref() == Some(&next) {
            return Err(CliError::general(format!(
                "Error during pagination: The same next token was received twice: {}",
                python::repr(&Value::Object(next))
            )));
        }
        if pages.len() >= MAX_PAGES {
            break;
        }
        inject(&mut request, &next);
        previous = Some(next.clone());
    }
    Ok(Response {
        full: join(&pages, result_key, resume_token.as_deref()),
        pages,
        paging: Some(Paging {
            result_key,
            resume_token,
        }),
    })
}

/// botocore's `build_full_result`: the result lists joined, then the
/// resume token as `NextToken` (the CLI's own key, whatever the service
/// calls its token).
fn join(pages: &[Value], result_key: &str, resume_token: Option<&str>) -> Value {
    let mut full = Map::new();
    for page in pages {
        match (page.get(result_key), full.get_mut(result_key)) {
            (None | Some(Value::Null), _) => {}
            (Some(Value::Array(items)), Some(Value::Array(joined))) => {
                joined.extend(items.iter().cloned());
            }
            (Some(value), None) => {
                full.insert(result_key.to_string(), value.clone());
            }
            (Some(_), Some(_)) => {}
        }
    }
    if let Some(token) = resume_token {
        full.insert("NextToken".to_string(), Value::from(token));
    }
    Value::Object(full)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::World;
    use crate::shell::aws::models;
    use serde_json::json;

    #[test]
    fn bounds_follow_python_slicing() {
        assert_eq!(python_bound(6, 2), 2);
        assert_eq!(python_bound(6, 9), 6);
        assert_eq!(python_bound(6, -1), 5);
        assert_eq!(python_bound(6, -9), 0);
    }

    #[test]
    fn options_are_refused_only_when_true() {
        let zero = PagingOptions {
            starting_token: Some(String::new()),
            page_size: Some(0),
            max_items: Some(0),
        };
        assert_eq!(zero.refuse_without_paging(), Ok(()));
        assert_eq!(
            zero.pagination_config(),
            Some(json!({"StartingToken": "", "PageSize": 0, "MaxItems": 0}))
        );
        assert_eq!(PagingOptions::default().pagination_config(), None);
    }

    #[test]
    fn joining_keeps_lists_and_adds_the_resume_token() {
        let pages = [
            json!({"Tags": [1], "NextToken": "a"}),
            json!({}),
            json!({"Tags": [2]}),
        ];
        assert_eq!(
            join(&pages, "Tags", Some("t")),
            json!({"Tags": [1, 2], "NextToken": "t"})
        );
        assert_eq!(join(&[json!({})], "Tags", None), json!({}));
    }

    #[test]
    fn negative_max_items_cut_from_the_end_as_python_does() {
        let mut world = World::new(1);
        let (mut events, mut changed) = (Vec::new(), false);
        let mut client = Client {
            world: &mut world,
            region: None,
            service: "ec2",
            events: &mut events,
            changed: &mut changed,
        };
        let images = models::service("ec2")
            .and_then(|s| s.operation("describe-images"))
            .expect("modeled");
        let paginator = images.paginator.expect("paginated");
        let mut params = Map::new();
        params.insert("Owners".into(), json!(["amazon"]));
        let count = |response: &Response| response.full["Images"].as_array().map_or(0, Vec::len);
        let all = paginate(
            &mut client,
            images,
            paginator,
            &params,
            &PagingOptions::default(),
        )
        .unwrap();
        let options = PagingOptions {
            max_items: Some(-1),
            ..PagingOptions::default()
        };
        let cut = paginate(&mut client, images, paginator, &params, &options).unwrap();
        assert!(count(&all) > 1);
        assert_eq!(count(&cut), count(&all) - 1);
        // botocore keeps `len - (len + 1)` items, and says so in the token.
        let token =
            page_token::decode(cut.full["NextToken"].as_str().unwrap(), "NextToken").unwrap();
        assert_eq!(token.skip, Some(-1));
        // Resuming there slices `[-1:]`: the last image.
        let resumed = PagingOptions {
            starting_token: cut.full["NextToken"].as_str().map(str::to_string),
            ..PagingOptions::default()
        };
        let rest = paginate(&mut client, images, paginator, &params, &resumed).unwrap();
        assert_eq!(
            rest.full["Images"],
            json!([all.full["Images"][count(&all) - 1]])
        );
    }
}
