//! `--query`: JMESPath over the response, before formatting. The `jmespath`
//! crate keeps objects in sorted key order; the CLI (Python dicts) keeps the
//! response's order and a multi-select hash's order, so results are put back
//! in that order here.

use jmespath::ast::Ast;
use jmespath::{Expression, JmespathError};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Longest query accepted. The crate's parser and interpreter recurse once
/// per nesting level, so hostile queries are refused before parsing.
const MAX_QUERY_LEN: usize = 1024;
/// Deepest bracket nesting accepted.
const MAX_NESTING: usize = 64;

/// A compiled `--query` expression.
pub struct Query {
    expression: Expression<'static>,
    /// Key lists of every multi-select hash (`{Id: InstanceId, ...}`).
    hashes: Vec<Vec<String>>,
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.expression.as_str())
    }
}

impl Query {
    /// Compiles `text`; the error is worded as python-jmespath words it.
    pub fn compile(text: &str) -> Result<Self, String> {
        if text.chars().count() > MAX_QUERY_LEN {
            return Err(format!(
                "Invalid jmespath expression: longer than {MAX_QUERY_LEN} characters"
            ));
        }
        if nesting(text) > MAX_NESTING {
            return Err(format!(
                "Invalid jmespath expression: nested deeper than {MAX_NESTING} levels"
            ));
        }
        let expression =
            jmespath::compile(&legacy_literals(text)).map_err(|e| parse_error(text, &e))?;
        let mut hashes = Vec::new();
        collect_hashes(expression.as_ast(), &mut hashes);
        Ok(Self { expression, hashes })
    }

    /// Evaluates the query over `data`.
    pub fn search(&self, data: &Value) -> Result<Value, String> {
        let result = self
            .expression
            .search(data)
            .map_err(|e| e.reason.to_string())?;
        let value = serde_json::to_value(&*result).map_err(|e| e.to_string())?;
        let mut originals = HashMap::new();
        index_objects(data, &mut originals);
        Ok(self.restore_order(value, &originals))
    }

    fn restore_order(
        &self,
        value: Value,
        originals: &HashMap<Vec<String>, Vec<&Map<String, Value>>>,
    ) -> Value {
        match value {
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|v| self.restore_order(v, originals))
                    .collect(),
            ),
            Value::Object(map) => {
                let keys = sorted_keys(&map);
                if let Some(order) = self.hashes.iter().find(|h| sorted(h) == keys) {
                    let mut map = map;
                    let mut ordered = Map::new();
                    for key in order {
                        if let Some(v) = map.remove(key) {
                            ordered.insert(key.clone(), self.restore_order(v, originals));
                        }
                    }
                    return Value::Object(ordered);
                }
                // A whole object of the response: take it as the response has it.
                let candidates = originals.get(&keys).map(Vec::as_slice).unwrap_or_default();
                if let Some(original) = candidates.iter().find(|o| ***o == map) {
                    return Value::Object((*original).clone());
                }
                Value::Object(
                    map.into_iter()
                        .map(|(k, v)| (k, self.restore_order(v, originals)))
                        .collect(),
                )
            }
            scalar => scalar,
        }
    }
}

fn sorted(keys: &[String]) -> Vec<String> {
    let mut keys = keys.to_vec();
    keys.sort();
    keys
}

fn sorted_keys(map: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = map.keys().cloned().collect();
    keys.sort();
    keys
}

/// Every object in `data`, by its sorted key set.
fn index_objects<'a>(
    data: &'a Value,
    index: &mut HashMap<Vec<String>, Vec<&'a Map<String, Value>>>,
) {
    match data {
        Value::Object(map) => {
            index.entry(sorted_keys(map)).or_default().push(map);
            map.values().for_each(|v| index_objects(v, index));
        }
        Value::Array(items) => items.iter().for_each(|v| index_objects(v, index)),
        _ => {}
    }
}

fn collect_hashes(ast: &Ast, out: &mut Vec<Vec<String>>) {
    match ast {
        Ast::MultiHash { elements, .. } => {
            out.push(elements.iter().map(|kv| kv.key.clone()).collect());
            elements
                .iter()
                .for_each(|kv| collect_hashes(&kv.value, out));
        }
        Ast::Comparison { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. } => {
            collect_hashes(lhs, out);
            collect_hashes(rhs, out);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            collect_hashes(predicate, out);
            collect_hashes(then, out);
        }
        Ast::Expref { ast, .. } => collect_hashes(ast, out),
        Ast::Flatten { node, .. } | Ast::Not { node, .. } | Ast::ObjectValues { node, .. } => {
            collect_hashes(node, out)
        }
        Ast::Function { args, .. } => args.iter().for_each(|a| collect_hashes(a, out)),
        Ast::MultiList { elements, .. } => elements.iter().for_each(|a| collect_hashes(a, out)),
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => {}
    }
}

/// python-jmespath still accepts literals that are not JSON, such as
/// ``Tags[?Key==`Name`]`` from countless AWS examples, as strings; the
/// crate does not, so they are rewritten as JSON strings (`` `"Name"` ``).
fn legacy_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            // Quoted identifiers and raw strings may hold backticks.
            '"' | '\'' => {
                let end = closing(&chars, i + 1, c).unwrap_or(chars.len() - 1);
                out.extend(&chars[i..=end]);
                i = end + 1;
            }
            '`' => {
                let Some(end) = closing(&chars, i + 1, '`') else {
                    out.extend(&chars[i..]);
                    break;
                };
                let lexeme: String = chars[i + 1..end]
                    .iter()
                    .collect::<String>()
                    .replace("\\`", "`");
                if serde_json::from_str::<Value>(&lexeme).is_err() {
                    let quoted = format!("\"{}\"", lexeme.trim_start());
                    if serde_json::from_str::<Value>(&quoted).is_ok() {
                        out.push('`');
                        out.push_str(&quoted.replace('`', "\\`"));
                        out.push('`');
                        i = end + 1;
                        continue;
                    }
                }
                out.extend(&chars[i..=end]);
                i = end + 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The index of the `quote` closing a token that starts at `from`
/// (backslash escapes skipped).
fn closing(chars: &[char], from: usize, quote: char) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Deepest nesting of `(`, `[` and `{`.
fn nesting(text: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// python-jmespath's wording: an expression that ends too soon is
/// "Incomplete"; otherwise the column and token are named.
fn parse_error(text: &str, error: &JmespathError) -> String {
    let length = text.chars().count();
    let column = error.offset.min(length);
    let underline = format!("{}^", " ".repeat(column + 1));
    match text.chars().nth(column) {
        None => format!("Invalid jmespath expression: Incomplete expression:\n\"{text}\"\n{underline}"),
        Some(token) => format!(
            "Invalid jmespath expression: Parse error at column {column}, token \"{token}\" ({}), for expression:\n\"{text}\"\n{underline}",
            token_type(token)
        ),
    }
}

fn token_type(token: char) -> &'static str {
    match token {
        '(' => "lparen",
        ')' => "rparen",
        '[' => "lbracket",
        ']' => "rbracket",
        '{' => "lbrace",
        '}' => "rbrace",
        '.' => "dot",
        ',' => "comma",
        ':' => "colon",
        '|' => "pipe",
        '*' => "star",
        '@' => "current",
        '&' => "expref",
        '!' => "not",
        '=' | '<' | '>' => "comparator",
        '"' => "quoted_identifier",
        '\'' | '`' => "literal",
        c if c.is_ascii_digit() || c == '-' => "number",
        _ => "unquoted_identifier",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response() -> Value {
        json!({"Reservations": [{"Instances": [
            {"InstanceId": "i-1", "State": {"Name": "running", "Code": 16}, "Tags": [{"Key": "Name", "Value": "web"}]},
            {"InstanceId": "i-2", "State": {"Name": "stopped", "Code": 80}, "Tags": []}
        ]}]})
    }

    #[test]
    fn projections_and_filters() {
        let q = Query::compile("Reservations[].Instances[].InstanceId").unwrap();
        assert_eq!(q.search(&response()).unwrap(), json!(["i-1", "i-2"]));
        let q = Query::compile(
            "Reservations[].Instances[] | [?State.Name=='running'].InstanceId | [0]",
        )
        .unwrap();
        assert_eq!(q.search(&response()).unwrap(), json!("i-1"));
        let q = Query::compile("length(Reservations[].Instances[])").unwrap();
        assert_eq!(q.search(&response()).unwrap(), json!(2));
    }

    #[test]
    fn objects_keep_the_response_order() {
        let q = Query::compile("Reservations[0].Instances[0].State").unwrap();
        let state = q.search(&response()).unwrap();
        let keys: Vec<&String> = state.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["Name", "Code"]);
    }

    #[test]
    fn multi_select_hashes_keep_the_expression_order() {
        let q =
            Query::compile("Reservations[].Instances[].{Z: InstanceId, A: State.Name}").unwrap();
        let result = q.search(&response()).unwrap();
        let keys: Vec<&String> = result[0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["Z", "A"]);
        assert_eq!(result[1], json!({"Z": "i-2", "A": "stopped"}));
    }

    #[test]
    fn legacy_string_literals_are_accepted() {
        let q = Query::compile("Reservations[].Instances[].Tags[?Key==`Name`].Value[]").unwrap();
        assert_eq!(q.search(&response()).unwrap(), json!(["web"]));
        let q = Query::compile("Reservations[].Instances[?State.Code==`16`].InstanceId").unwrap();
        assert_eq!(q.search(&response()).unwrap(), json!([["i-1"]]));
        assert_eq!(
            legacy_literals("a[?b=='`x`'] | `y`"),
            "a[?b=='`x`'] | `\"y\"`"
        );
    }

    #[test]
    fn bad_queries_are_worded_like_python_jmespath() {
        let e = Query::compile("Reservations[0").unwrap_err();
        assert_eq!(e, "Invalid jmespath expression: Incomplete expression:\n\"Reservations[0\"\n               ^");
        assert!(Query::compile(&"(".repeat(100))
            .unwrap_err()
            .contains("nested deeper"));
        assert!(Query::compile(&"a.".repeat(600))
            .unwrap_err()
            .contains("longer than"));
    }
}
