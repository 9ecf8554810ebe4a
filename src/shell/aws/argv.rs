//! Splitting an operation's command-line words into option values the way
//! the CLI's argparse parser does: unique prefixes of option names are
//! accepted, list options take every value up to the next option, flags take
//! none, required options are checked, anything left over is reported as
//! unknown.

use super::errors::CliError;

/// How many values an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// Exactly one value.
    One,
    /// Zero or more values (list members).
    Many,
    /// None: the option sets a boolean (`--dry-run` true, `--no-dry-run` false).
    Flag(bool),
    /// Zero or one: alone it sets the boolean to true
    /// (`--disable-api-termination`), with a value it is that value
    /// (`--disable-api-termination Value=true`).
    FlagOrOne,
}

/// One option of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgSpec {
    /// The option as typed, e.g. `--instance-ids`.
    pub option: String,
    /// Where its value goes: the API member name, or the CLI's own name for
    /// customizations (`count`, `protocol`, ...). `--dry-run` and
    /// `--no-dry-run` share `DryRun`.
    pub dest: String,
    /// Values taken.
    pub arity: Arity,
    /// True when argparse insists on it.
    pub required: bool,
}

impl ArgSpec {
    /// An option for `dest`.
    pub fn new(
        option: impl Into<String>,
        dest: impl Into<String>,
        arity: Arity,
        required: bool,
    ) -> Self {
        Self {
            option: option.into(),
            dest: dest.into(),
            arity,
            required,
        }
    }
}

/// A parsed option value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Given {
    /// The value of a one-value option.
    One(String),
    /// The values of a list option.
    Many(Vec<String>),
    /// A flag's boolean.
    Flag(bool),
}

/// The outcome of parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// `... help`: show the operation's help.
    Help,
    /// Values by destination, in the order of the argument table (the
    /// order in which the CLI builds the request).
    Values(Vec<(String, Given)>),
}

enum Token {
    Option {
        spec: usize,
        explicit: Option<String>,
    },
    Unknown,
    Positional,
}

/// argparse treats `-1` and `-2.5` as values, not options.
fn looks_negative_number(word: &str) -> bool {
    let rest = &word[1..];
    !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        && rest.chars().filter(|&c| c == '.').count() <= 1
        && rest != "."
}

fn classify(table: &[ArgSpec], word: &str) -> Result<Token, CliError> {
    if !word.starts_with('-') || word == "-" {
        return Ok(Token::Positional);
    }
    if let Some(i) = table.iter().position(|s| s.option == word) {
        return Ok(Token::Option {
            spec: i,
            explicit: None,
        });
    }
    let (name, explicit) = match word.split_once('=') {
        Some((name, value)) => (name, Some(value.to_string())),
        None => (word, None),
    };
    if explicit.is_some() {
        if let Some(i) = table.iter().position(|s| s.option == name) {
            return Ok(Token::Option { spec: i, explicit });
        }
    }
    if name.starts_with("--") {
        let matches: Vec<usize> = (0..table.len())
            .filter(|&i| table[i].option.starts_with(name))
            .collect();
        match matches.as_slice() {
            [only] => {
                return Ok(Token::Option {
                    spec: *only,
                    explicit,
                })
            }
            [] => {}
            many => {
                let names: Vec<&str> = many.iter().map(|&i| table[i].option.as_str()).collect();
                return Err(CliError::Usage(format!(
                    "ambiguous option: {name} could match {}",
                    names.join(", ")
                )));
            }
        }
    }
    if looks_negative_number(word) || word.contains(' ') {
        return Ok(Token::Positional);
    }
    Ok(Token::Unknown)
}

/// Parses `words` (everything after the operation name) against `table`.
pub fn parse(table: &[ArgSpec], words: &[String]) -> Result<Parsed, CliError> {
    // The CLI answers `aws ec2 run-instances help` before checking anything.
    if words.len() == 1 && words[0] == "help" {
        return Ok(Parsed::Help);
    }
    let tokens = words
        .iter()
        .map(|w| classify(table, w))
        .collect::<Result<Vec<Token>, CliError>>()?;
    let mut values: Vec<Option<Given>> = vec![None; table.len()];
    let mut unknown = Vec::new();
    let mut positional: Option<String> = None;
    let mut i = 0;
    while i < words.len() {
        match &tokens[i] {
            Token::Positional => {
                if positional.is_none() {
                    positional = Some(words[i].clone());
                } else {
                    unknown.push(words[i].clone());
                }
                i += 1;
            }
            Token::Unknown => {
                unknown.push(words[i].clone());
                i += 1;
            }
            Token::Option { spec, explicit } => {
                let spec_ref = &table[*spec];
                i += 1;
                let given = match (spec_ref.arity, explicit) {
                    (Arity::Flag(_), Some(value)) => {
                        return Err(CliError::Usage(format!(
                            "argument {}: ignored explicit argument '{value}'",
                            spec_ref.option
                        )))
                    }
                    (Arity::Flag(value), None) => Given::Flag(value),
                    (Arity::One | Arity::FlagOrOne, Some(value)) => Given::One(value.clone()),
                    (Arity::FlagOrOne, None) => match tokens.get(i) {
                        Some(Token::Positional) => {
                            i += 1;
                            Given::One(words[i - 1].clone())
                        }
                        _ => Given::Flag(true),
                    },
                    (Arity::Many, Some(value)) => Given::Many(vec![value.clone()]),
                    (Arity::One, None) => match tokens.get(i) {
                        Some(Token::Positional) => {
                            i += 1;
                            Given::One(words[i - 1].clone())
                        }
                        _ => {
                            return Err(CliError::Usage(format!(
                                "argument {}: expected one argument",
                                spec_ref.option
                            )))
                        }
                    },
                    (Arity::Many, None) => {
                        let mut list = Vec::new();
                        while let Some(Token::Positional) = tokens.get(i) {
                            list.push(words[i].clone());
                            i += 1;
                        }
                        Given::Many(list)
                    }
                };
                // Options sharing a destination (`--dry-run`, `--no-dry-run`)
                // overwrite each other, the last one winning.
                for (j, other) in table.iter().enumerate() {
                    if other.dest == spec_ref.dest {
                        values[j] = None;
                    }
                }
                values[*spec] = Some(given);
            }
        }
    }
    let missing: Vec<&str> = table
        .iter()
        .enumerate()
        // A required boolean is given by either of its options (`--egress`
        // or `--ingress`).
        .filter(|(_, spec)| {
            spec.required
                && !table
                    .iter()
                    .zip(&values)
                    .any(|(other, value)| other.dest == spec.dest && value.is_some())
        })
        .map(|(_, spec)| spec.option.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(CliError::Usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    match positional {
        Some(word) if word == "help" => return Ok(Parsed::Help),
        Some(word) => unknown.push(word),
        None => {}
    }
    if !unknown.is_empty() {
        return Err(CliError::UnknownOptions(unknown));
    }
    Ok(Parsed::Values(
        table
            .iter()
            .zip(values)
            .filter_map(|(spec, given)| given.map(|g| (spec.dest.clone(), g)))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Vec<ArgSpec> {
        vec![
            ArgSpec::new("--instance-ids", "InstanceIds", Arity::Many, false),
            ArgSpec::new(
                "--include-managed",
                "IncludeManaged",
                Arity::Flag(true),
                false,
            ),
            ArgSpec::new("--dry-run", "DryRun", Arity::Flag(true), false),
            ArgSpec::new("--no-dry-run", "DryRun", Arity::Flag(false), false),
            ArgSpec::new("--max-results", "MaxResults", Arity::One, false),
            ArgSpec::new("--group-name", "GroupName", Arity::One, true),
        ]
    }

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn lists_flags_and_values() {
        let parsed = parse(
            &table(),
            &words("--group-name web --instance-ids i-1 i-2 --dry-run --max-results 5"),
        )
        .unwrap();
        assert_eq!(
            parsed,
            Parsed::Values(vec![
                (
                    "InstanceIds".into(),
                    Given::Many(vec!["i-1".into(), "i-2".into()])
                ),
                ("DryRun".into(), Given::Flag(true)),
                ("MaxResults".into(), Given::One("5".into())),
                ("GroupName".into(), Given::One("web".into())),
            ])
        );
    }

    #[test]
    fn last_of_dry_run_and_no_dry_run_wins() {
        let parsed = parse(&table(), &words("--group-name g --dry-run --no-dry-run")).unwrap();
        assert_eq!(
            parsed,
            Parsed::Values(vec![
                ("DryRun".into(), Given::Flag(false)),
                ("GroupName".into(), Given::One("g".into()))
            ])
        );
    }

    #[test]
    fn prefixes_equals_and_negative_numbers() {
        let parsed = parse(&table(), &words("--group=g --max -1 --instance i-9")).unwrap();
        assert_eq!(
            parsed,
            Parsed::Values(vec![
                ("InstanceIds".into(), Given::Many(vec!["i-9".into()])),
                ("MaxResults".into(), Given::One("-1".into())),
                ("GroupName".into(), Given::One("g".into())),
            ])
        );
        let e = parse(&table(), &words("--i x")).unwrap_err();
        assert_eq!(
            e,
            CliError::Usage(
                "ambiguous option: --i could match --instance-ids, --include-managed".into()
            )
        );
    }

    #[test]
    fn usage_errors() {
        assert_eq!(
            parse(&table(), &words("--max-results 1")).unwrap_err(),
            CliError::Usage("the following arguments are required: --group-name".into())
        );
        assert_eq!(
            parse(&table(), &words("--group-name")).unwrap_err(),
            CliError::Usage("argument --group-name: expected one argument".into())
        );
        assert_eq!(
            parse(&table(), &words("--group-name g --foo bar")).unwrap_err(),
            CliError::UnknownOptions(vec!["--foo".into(), "bar".into()])
        );
        assert_eq!(
            parse(&table(), &words("--group-name g --dry-run=yes")).unwrap_err(),
            CliError::Usage("argument --dry-run: ignored explicit argument 'yes'".into())
        );
    }

    #[test]
    fn help_anywhere_after_required_options() {
        assert_eq!(parse(&table(), &words("help")).unwrap(), Parsed::Help);
        assert_eq!(
            parse(&table(), &words("--group-name g help")).unwrap(),
            Parsed::Help
        );
    }
}
