//! `--output table`, following aws-cli's `table.py`: a title row with the
//! operation name, one section per nested structure or list, columns scaled
//! to the widest section, boxes drawn with `-`, `|` and `+`. The terminal is
//! taken to be 80 columns wide, as the CLI assumes when it cannot ask
//! (sections wider than that turn single-row tables vertical).

use crate::shell::python;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

const TERMINAL_WIDTH: usize = 80;

/// The response as a table titled `title`; nothing for an empty response.
/// Fails, as the CLI does, when list rows have different lengths.
pub fn format(title: &str, value: &Value) -> Result<String, String> {
    let mut table = Builder::default();
    if !table.build(Some(title), value, 0)? {
        return Ok(String::new());
    }
    Ok(table.render())
}

#[derive(Debug, Default)]
struct Section {
    /// `None` prints nothing but is measured as the 4 letters of Python's
    /// `str(None)`, as aws-cli does.
    title: Option<String>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn title_width(&self) -> usize {
        self.title.as_deref().map_or(4, text_width)
    }

    fn update_widths(&mut self, cells: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = cells.iter().map(|c| text_width(c)).collect();
        } else {
            for (width, cell) in self.max_widths.iter_mut().zip(cells) {
                *width = (*width).max(text_width(cell));
            }
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) -> Result<(), String> {
        let expected = if self.headers.is_empty() {
            self.rows.first().map_or(row.len(), Vec::len)
        } else {
            self.headers.len()
        };
        if row.len() != expected {
            return Err(format!(
                "Row should have {expected} elements, instead it has {}",
                row.len()
            ));
        }
        self.update_widths(&row);
        self.rows.push(row);
        Ok(())
    }

    fn total_width(&self) -> usize {
        let columns: usize = self.max_widths.iter().map(|w| w + 4).sum();
        let outer = 2 * self.indent;
        (columns + 2 + outer).max(self.title_width() + 2 + outer)
    }

    /// Column widths with 4 spaces of padding, scaled to fill `max_width`
    /// exactly; Python's rounding (half to even) decides the leftovers.
    fn column_widths(&self, max_width: usize) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + 4).collect();
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }
}

#[derive(Debug, Default)]
struct Builder {
    sections: Vec<Section>,
}

impl Builder {
    fn current(&mut self) -> Result<&mut Section, String> {
        self.sections
            .last_mut()
            .ok_or_else(|| "'NoneType' object has no attribute 'add_row'".to_string())
    }

    fn new_section(&mut self, title: Option<&str>, indent: usize) {
        self.sections.push(Section {
            title: title.map(str::to_string),
            indent,
            ..Section::default()
        });
    }

    /// aws-cli's `_build_table`; false when there was nothing to show.
    fn build(
        &mut self,
        title: Option<&str>,
        current: &Value,
        indent: usize,
    ) -> Result<bool, String> {
        if is_falsy(current) {
            return Ok(false);
        }
        if let Some(title) = title {
            self.new_section(Some(title), indent);
        }
        match current {
            Value::Array(items) => {
                if items.first().is_some_and(Value::is_object) {
                    self.build_from_list(items, indent, title)?;
                } else {
                    for item in items {
                        match item {
                            Value::Array(cells) if cells.iter().all(is_scalar) => {
                                let row = cells.iter().map(python::str).collect();
                                self.current()?.add_row(row)?;
                            }
                            // Iterating a dict in Python yields its keys.
                            Value::Object(map) => {
                                let row = map.keys().cloned().collect();
                                self.current()?.add_row(row)?;
                            }
                            Value::Array(_) => {
                                self.build(None, item, 0)?;
                            }
                            scalar => self.current()?.add_row(vec![python::str(scalar)])?,
                        }
                    }
                }
            }
            Value::Object(map) => self.build_from_dict(map, indent)?,
            _ => {}
        }
        Ok(true)
    }

    fn build_from_dict(&mut self, map: &Map<String, Value>, indent: usize) -> Result<(), String> {
        let (headers, more) = group_scalar_keys(map);
        if headers.len() == 1 {
            let value = map.get(&headers[0]).map(python::str).unwrap_or_default();
            self.current()?.add_row(vec![headers[0].clone(), value])?;
        } else if !headers.is_empty() {
            let row = headers
                .iter()
                .map(|h| map.get(h).map(python::str).unwrap_or_default())
                .collect();
            let section = self.current()?;
            section.add_header(headers);
            section.add_row(row)?;
        }
        for key in more {
            if let Some(value) = map.get(&key) {
                self.build(Some(&key), value, indent + 1)?;
            }
        }
        Ok(())
    }

    fn build_from_list(
        &mut self,
        items: &[Value],
        indent: usize,
        title: Option<&str>,
    ) -> Result<(), String> {
        let mut headers = BTreeSet::new();
        let mut more = BTreeSet::new();
        for item in items.iter().filter_map(Value::as_object) {
            let (h, m) = group_scalar_keys(item);
            headers.extend(h);
            more.extend(m);
        }
        let headers: Vec<String> = headers.into_iter().collect();
        self.current()?.add_header(headers.clone());
        for (i, element) in items.iter().enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent);
                self.current()?.add_header(headers.clone());
            }
            let empty = Map::new();
            let fields = element.as_object().unwrap_or(&empty);
            let row = headers
                .iter()
                .map(|h| fields.get(h).map(python::str).unwrap_or_default())
                .collect();
            self.current()?.add_row(row)?;
            for key in &more {
                if let Some(value) = fields.get(key) {
                    self.build(Some(key), value, indent + 1)?;
                }
            }
        }
        Ok(())
    }

    fn render(mut self) -> String {
        let mut max_width = self.max_width();
        if max_width > TERMINAL_WIDTH {
            self.convert_to_vertical();
            max_width = self.max_width();
        }
        let mut out = format!("{}\n", "-".repeat(max_width));
        for section in &self.sections {
            render_section(&mut out, section, max_width);
        }
        out
    }

    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(Section::total_width)
            .max()
            .unwrap_or(0)
    }

    /// Single-row sections with headers become two columns: header, value.
    fn convert_to_vertical(&mut self) {
        for section in &mut self.sections {
            if section.rows.len() == 1 && !section.headers.is_empty() {
                let headers = std::mem::take(&mut section.headers);
                let row = std::mem::take(&mut section.rows).remove(0);
                section.max_widths.clear();
                for (header, cell) in headers.into_iter().zip(row) {
                    let pair = vec![header, cell];
                    section.update_widths(&pair);
                    section.rows.push(pair);
                }
            }
        }
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// Python's falsiness, which decides whether a section is drawn at all.
fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

fn group_scalar_keys(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers = Vec::new();
    let mut more = Vec::new();
    for (key, value) in map {
        if is_scalar(value) {
            headers.push(key.clone());
        } else {
            more.push(key.clone());
        }
    }
    headers.sort();
    more.sort();
    (headers, more)
}

/// Writes one line of a section, with its indentation bars on both sides.
fn write_line(out: &mut String, indent: usize, line: &str) {
    let bars = "|".repeat(indent);
    out.push_str(&bars);
    out.push_str(line);
    out.push_str(&bars);
    out.push('\n');
}

fn render_section(out: &mut String, section: &Section, max_width: usize) {
    let width = max_width.saturating_sub(section.indent * 2);
    if let Some(title) = section.title.as_deref().filter(|t| !t.is_empty()) {
        write_line(out, section.indent, &center(title, width, "|", "|"));
        if section.headers.is_empty() && section.rows.is_empty() {
            write_line(
                out,
                section.indent,
                &format!("+{}+", "-".repeat(width.saturating_sub(2))),
            );
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(width);
        write_line(out, section.indent, &line_break(&widths));
        let cells: String = widths
            .iter()
            .zip(&section.headers)
            .enumerate()
            .map(|(i, (w, header))| center(header, *w, if i == 0 { "|" } else { "" }, "|"))
            .collect();
        write_line(out, section.indent, &cells);
    }
    if !section.rows.is_empty() {
        let widths = section.column_widths(width);
        if widths.is_empty() {
            return;
        }
        write_line(out, section.indent, &line_break(&widths));
        for row in &section.rows {
            let cells: String = widths
                .iter()
                .zip(row)
                .enumerate()
                .map(|(i, (w, cell))| align_left(cell, *w, if i == 0 { "|" } else { "" }, "|"))
                .collect();
            write_line(out, section.indent, &cells);
        }
        write_line(out, section.indent, &line_break(&widths));
    }
}

fn line_break(widths: &[usize]) -> String {
    let mut line = String::new();
    for (i, width) in widths.iter().enumerate() {
        if i == 0 {
            line.push_str(&format!("+{}+", "-".repeat(width.saturating_sub(2))));
        } else {
            line.push_str(&format!("{}+", "-".repeat(width.saturating_sub(1))));
        }
    }
    line
}

/// aws-cli's `center_text` (its arithmetic, including negative padding).
fn center(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text_width(text) as i64;
    let length = length as i64;
    let start = length / 2 - text_len / 2 - 1;
    let so_far = left.len() as i64 + start + text_len;
    let right_spaces = length - right.len() as i64 - so_far;
    format!(
        "{left}{}{text}{}{right}",
        spaces(start),
        spaces(right_spaces)
    )
}

/// aws-cli's `align_left`: two spaces of padding when they fit.
fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text_width(text) as i64;
    let length = length as i64;
    let needed = text_len + 2 + left.len() as i64 + right.len() as i64;
    let padding = if length - needed >= 0 { 2 } else { 0 };
    let so_far = left.len() as i64 + padding + text_len;
    format!(
        "{left}{}{text}{}{right}",
        spaces(padding),
        spaces(length - so_far - right.len() as i64)
    )
}

fn spaces(n: i64) -> String {
    " ".repeat(usize::try_from(n).unwrap_or(0))
}

/// Display width: East Asian wide and full-width characters take two
/// columns, as aws-cli counts them.
fn text_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_structure_with_one_scalar_is_a_key_value_row() {
        let out = format("GetCallerIdentity", &json!({"Account": "123456789012"})).unwrap();
        assert_eq!(
            out,
            "-----------------------------\n\
             |     GetCallerIdentity     |\n\
             +----------+----------------+\n\
             |  Account |  123456789012  |\n\
             +----------+----------------+\n"
        );
    }

    #[test]
    fn several_scalars_get_a_header_row() {
        let v = json!({"UserId": "AIDA", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/learner"});
        let out = format("GetCallerIdentity", &v).unwrap();
        assert_eq!(
            out,
            "----------------------------------------------------------------------\n\
             |                          GetCallerIdentity                         |\n\
             +--------------+------------------------------------------+----------+\n\
             |    Account   |                   Arn                    | UserId   |\n\
             +--------------+------------------------------------------+----------+\n\
             |  123456789012|  arn:aws:iam::123456789012:user/learner  |  AIDA    |\n\
             +--------------+------------------------------------------+----------+\n"
        );
    }

    #[test]
    fn nested_lists_become_indented_sections() {
        let v = json!({"KeyPairs": [{"KeyName": "demo", "KeyPairId": "key-1", "Tags": [{"Key": "a", "Value": "b"}]}]});
        let out = format("DescribeKeyPairs", &v).unwrap();
        assert_eq!(
            out,
            "----------------------------\n\
             |     DescribeKeyPairs     |\n\
             +--------------------------+\n\
             ||        KeyPairs        ||\n\
             |+----------+-------------+|\n\
             ||  KeyName |  KeyPairId  ||\n\
             |+----------+-------------+|\n\
             ||  demo    |  key-1      ||\n\
             |+----------+-------------+|\n\
             |||         Tags         |||\n\
             ||+--------+-------------+||\n\
             |||   Key  |    Value    |||\n\
             ||+--------+-------------+||\n\
             |||  a     |  b          |||\n\
             ||+--------+-------------+||\n"
        );
    }

    #[test]
    fn a_list_of_scalars_is_one_column() {
        let out = format("DescribeInstances", &json!(["i-1", "i-22"])).unwrap();
        assert_eq!(
            out,
            "-------------------\n\
             |DescribeInstances|\n\
             +-----------------+\n\
             |  i-1            |\n\
             |  i-22           |\n\
             +-----------------+\n"
        );
    }

    #[test]
    fn empty_values_print_nothing_and_ragged_rows_fail() {
        assert_eq!(format("X", &json!({})).unwrap(), "");
        assert_eq!(format("X", &json!([])).unwrap(), "");
        assert!(format("X", &json!([["a"], ["b", "c"]])).is_err());
    }
}
