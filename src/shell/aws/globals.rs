//! The CLI's global options (`--region`, `--output`, `--query`, ...). Like
//! the CLI's main parser they are recognized anywhere on the line, also by
//! unique prefix, and removed before the service and operation are looked at.

use super::convert::BinaryFormat;
use super::errors::CliError;
use super::suggest;
use crate::shell::output::{query::Query, Format};

/// The global options as given.
#[derive(Debug, Default)]
pub struct Globals {
    /// `--region`.
    pub region: Option<String>,
    /// `--output`.
    pub output: Format,
    /// True when `--output` was given (the environment does not override it).
    output_given: bool,
    /// `--query`, compiled.
    pub query: Option<Query>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--no-paginate`.
    pub no_paginate: bool,
    /// `--cli-binary-format`.
    pub binary_format: BinaryFormat,
    /// `--version`.
    pub version: bool,
}

impl Globals {
    /// Fills what the command line left out from environment variables, as
    /// the CLI's configuration chain does: `AWS_REGION`, then
    /// `AWS_DEFAULT_REGION`; `AWS_DEFAULT_OUTPUT`; `AWS_PROFILE`.
    pub fn apply_environment<'a>(
        &mut self,
        env: impl Fn(&str) -> Option<&'a str>,
    ) -> Result<(), CliError> {
        if self.region.is_none() {
            self.region = env("AWS_REGION")
                .or_else(|| env("AWS_DEFAULT_REGION"))
                .map(str::to_string);
        }
        if self.profile.is_none() {
            self.profile = env("AWS_PROFILE").map(str::to_string);
        }
        if !self.output_given {
            if let Some(name) = env("AWS_DEFAULT_OUTPUT") {
                // Not checked by argparse: the formatter lookup refuses it.
                self.output = Format::parse(name)
                    .ok_or_else(|| CliError::general(format!("Unknown output type: {name}")))?;
            }
        }
        Ok(())
    }
}

/// What a global option takes.
#[derive(Clone, Copy)]
enum Kind {
    Flag,
    Value(&'static [&'static str]),
}

/// The global options of AWS CLI v2, with their allowed values (empty: any).
const OPTIONS: &[(&str, Kind)] = &[
    ("--debug", Kind::Flag),
    ("--endpoint-url", Kind::Value(&[])),
    ("--no-verify-ssl", Kind::Flag),
    ("--no-paginate", Kind::Flag),
    (
        "--output",
        Kind::Value(&["json", "text", "table", "yaml", "yaml-stream", "off"]),
    ),
    ("--query", Kind::Value(&[])),
    ("--profile", Kind::Value(&[])),
    ("--region", Kind::Value(&[])),
    ("--version", Kind::Flag),
    ("--color", Kind::Value(&["on", "off", "auto"])),
    ("--no-sign-request", Kind::Flag),
    ("--ca-bundle", Kind::Value(&[])),
    ("--cli-read-timeout", Kind::Value(&[])),
    ("--cli-connect-timeout", Kind::Value(&[])),
    (
        "--cli-binary-format",
        Kind::Value(&["base64", "raw-in-base64-out"]),
    ),
    ("--no-cli-pager", Kind::Flag),
    ("--cli-auto-prompt", Kind::Flag),
    ("--no-cli-auto-prompt", Kind::Flag),
];

/// argparse's message for a value outside `choices`, with suggestions.
pub fn invalid_choice<'a>(
    argument: &str,
    value: &str,
    choices: impl IntoIterator<Item = &'a str>,
) -> CliError {
    let mut message = format!("argument {argument}: Found invalid choice '{value}'\n");
    let close = suggest::close_matches(value, choices);
    if !close.is_empty() {
        message.push_str("\nMaybe you meant:\n");
        for word in close {
            message.push_str(&format!("\n  * {word}"));
        }
    }
    CliError::Usage(message)
}

fn is_option_like(word: &str) -> bool {
    word.starts_with('-') && word.len() > 1 && word[1..].parse::<f64>().is_err()
}

fn lookup(name: &str) -> Result<Option<(&'static str, Kind)>, CliError> {
    if let Some(&(option, kind)) = OPTIONS.iter().find(|(o, _)| *o == name) {
        return Ok(Some((option, kind)));
    }
    if !name.starts_with("--") {
        return Ok(None);
    }
    let matches: Vec<&(&str, Kind)> = OPTIONS
        .iter()
        .filter(|(o, _)| o.starts_with(name))
        .collect();
    match matches.as_slice() {
        [] => Ok(None),
        [(option, kind)] => Ok(Some((option, *kind))),
        many => {
            let names: Vec<&str> = many.iter().map(|(o, _)| *o).collect();
            Err(CliError::Usage(format!(
                "ambiguous option: {name} could match {}",
                names.join(", ")
            )))
        }
    }
}

/// Takes the global options out of `words`; returns them and what is left.
pub fn parse(words: &[String]) -> Result<(Globals, Vec<String>), CliError> {
    let mut globals = Globals::default();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if !word.starts_with('-') {
            rest.push(word.clone());
            continue;
        }
        let (name, explicit) = match word.split_once('=') {
            Some((name, value)) if lookup(word)?.is_none() => (name, Some(value.to_string())),
            _ => (word.as_str(), None),
        };
        let Some((option, kind)) = lookup(name)? else {
            rest.push(word.clone());
            continue;
        };
        let value = match (kind, explicit) {
            (Kind::Flag, Some(value)) => {
                return Err(CliError::Usage(format!(
                    "argument {option}: ignored explicit argument '{value}'"
                )))
            }
            (Kind::Flag, None) => None,
            (Kind::Value(_), Some(value)) => Some(value),
            (Kind::Value(_), None) => match words.get(i) {
                Some(next) if !is_option_like(next) => {
                    i += 1;
                    Some(next.clone())
                }
                _ => {
                    return Err(CliError::Usage(format!(
                        "argument {option}: expected one argument"
                    )))
                }
            },
        };
        if let (Kind::Value(choices), Some(value)) = (kind, &value) {
            if !choices.is_empty() && !choices.contains(&value.as_str()) {
                return Err(invalid_choice(option, value, choices.iter().copied()));
            }
        }
        apply(&mut globals, option, value)?;
    }
    Ok((globals, rest))
}

fn apply(globals: &mut Globals, option: &str, value: Option<String>) -> Result<(), CliError> {
    match (option, value) {
        ("--region", Some(v)) => globals.region = Some(v),
        ("--output", Some(v)) => {
            globals.output_given = true;
            // argparse has checked the value against the choices.
            globals.output = Format::parse(&v).unwrap_or_default();
        }
        ("--query", Some(v)) => {
            let query = Query::compile(&v).map_err(|e| {
                CliError::ParamValidation(format!("Bad value for --query {v}: {e}"))
            })?;
            globals.query = Some(query);
        }
        ("--profile", Some(v)) => globals.profile = Some(v),
        ("--cli-binary-format", Some(v)) => {
            globals.binary_format = if v == "raw-in-base64-out" {
                BinaryFormat::RawInBase64Out
            } else {
                BinaryFormat::Base64
            }
        }
        ("--no-paginate", None) => globals.no_paginate = true,
        ("--version", None) => globals.version = true,
        // The rest change nothing in a simulated account.
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn globals_are_taken_from_anywhere() {
        let (g, rest) = parse(&words(
            "ec2 describe-instances --region eu-west-1 --output=text --instance-ids i-1",
        ))
        .unwrap();
        assert_eq!(g.region.as_deref(), Some("eu-west-1"));
        assert_eq!(g.output, Format::Text);
        assert_eq!(rest, words("ec2 describe-instances --instance-ids i-1"));
        let (g, _) = parse(&words(
            "--reg us-west-2 --no-cli-pager sts get-caller-identity",
        ))
        .unwrap();
        assert_eq!(g.region.as_deref(), Some("us-west-2"));
    }

    #[test]
    fn errors_are_usage_errors() {
        assert_eq!(
            parse(&words("ec2 describe-instances --region")).unwrap_err(),
            CliError::Usage("argument --region: expected one argument".into())
        );
        assert_eq!(
            parse(&words("--output xml sts get-caller-identity")).unwrap_err(),
            CliError::Usage("argument --output: Found invalid choice 'xml'\n".into())
        );
        assert_eq!(
            parse(&words("--output tabel sts get-caller-identity")).unwrap_err(),
            CliError::Usage(
                "argument --output: Found invalid choice 'tabel'\n\nMaybe you meant:\n\n  * table"
                    .into()
            )
        );
        let e = parse(&words("--query Reservations[0 ec2 describe-instances")).unwrap_err();
        assert_eq!(e.exit_code(), 252);
        assert!(e.render().contains("Bad value for --query Reservations[0: Invalid jmespath expression: Incomplete expression:"));
        assert!(
            matches!(parse(&words("--no x")).unwrap_err(), CliError::Usage(m) if m.starts_with("ambiguous option: --no could match"))
        );
    }
}
