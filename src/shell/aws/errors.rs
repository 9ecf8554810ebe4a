//! The ways an `aws` command fails, printed and numbered as AWS CLI v2 does
//! (`awscli/errorhandler.py`): every message is framed by blank lines on
//! stderr; usage errors exit 252, service errors 254, anything else 255.

/// The CLI's usage text, shown with argument errors.
pub const USAGE: &str =
    "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\
\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// Exit status of usage and client-side validation errors.
pub const PARAM_VALIDATION_ERROR_RC: i32 = 252;
/// Exit status of errors returned by the service.
pub const CLIENT_ERROR_RC: i32 = 254;
/// Exit status of every other failure.
pub const GENERAL_ERROR_RC: i32 = 255;

/// A failed `aws` command.
#[derive(Debug, Clone, PartialEq)]
pub enum CliError {
    /// An argparse error: `aws: error: <message>` followed by the usage.
    Usage(String),
    /// Options the operation does not have (`Unknown options: --foo, bar`).
    UnknownOptions(Vec<String>),
    /// A value that could not be parsed (`Error parsing parameter '--tags': ...`).
    Param {
        /// The option, e.g. `--tags`.
        option: String,
        /// What was wrong.
        message: String,
    },
    /// botocore's client-side validation (`Parameter validation failed:`).
    Validation(Vec<String>),
    /// Any other client-side usage problem reported without usage text.
    ParamValidation(String),
    /// The service answered with an error.
    Client {
        /// AWS's error code.
        code: String,
        /// AWS's message.
        message: String,
        /// The operation, e.g. `RunInstances`.
        operation: String,
    },
    /// Anything else, printed as is (exit 255).
    General(String),
}

impl CliError {
    /// A general error from anything printable.
    pub fn general(message: impl Into<String>) -> Self {
        Self::General(message.into())
    }

    /// An error parsing the value of `option`.
    pub fn param(option: &str, message: impl Into<String>) -> Self {
        Self::Param {
            option: option.to_string(),
            message: message.into(),
        }
    }

    /// The exit status the CLI returns for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Usage(_)
            | Self::UnknownOptions(_)
            | Self::Param { .. }
            | Self::Validation(_)
            | Self::ParamValidation(_) => PARAM_VALIDATION_ERROR_RC,
            Self::Client { .. } => CLIENT_ERROR_RC,
            Self::General(_) => GENERAL_ERROR_RC,
        }
    }

    /// What the CLI writes to stderr.
    pub fn render(&self) -> String {
        let body = match self {
            // argparse's error text comes first, then a blank line and the usage.
            Self::Usage(message) => format!("aws: error: {message}\n\n{USAGE}"),
            Self::UnknownOptions(options) => {
                format!(
                    "usage: {}\nUnknown options: {}",
                    usage_body(),
                    options.join(", ")
                )
            }
            Self::Param { option, message } => {
                format!("Error parsing parameter '{option}': {message}")
            }
            Self::Validation(errors) => {
                format!("Parameter validation failed:\n{}", errors.join("\n"))
            }
            Self::ParamValidation(message) | Self::General(message) => message.clone(),
            Self::Client {
                code,
                message,
                operation,
            } => format!(
                "An error occurred ({code}) when calling the {operation} operation: {message}"
            ),
        };
        format!("\n{body}\n")
    }
}

/// The usage text without its `usage: ` prefix (the unknown-options handler
/// adds its own).
fn usage_body() -> &'static str {
    USAGE.strip_prefix("usage: ").unwrap_or(USAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_put_the_message_before_the_usage() {
        let e = CliError::Usage(
            "the following arguments are required: --description, --group-name".into(),
        );
        assert_eq!(e.exit_code(), 252);
        assert_eq!(
            e.render(),
            "\naws: error: the following arguments are required: --description, --group-name\n\n\
             usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
             To see help text, you can run:\n\n  aws help\n  aws <command> help\n  \
             aws <command> <subcommand> help\n\n"
        );
    }

    #[test]
    fn unknown_options_follow_the_usage() {
        let e = CliError::UnknownOptions(vec!["--foo".into(), "bar".into()]);
        assert_eq!(e.exit_code(), 252);
        let text = e.render();
        assert!(text.starts_with("\nusage: aws [options]"));
        assert!(
            text.ends_with("  aws <command> <subcommand> help\n\nUnknown options: --foo, bar\n")
        );
    }

    #[test]
    fn client_errors_name_the_operation() {
        let e = CliError::Client {
            code: "InvalidKeyPair.Duplicate".into(),
            message: "The keypair already exists".into(),
            operation: "CreateKeyPair".into(),
        };
        assert_eq!(e.exit_code(), 254);
        assert_eq!(
            e.render(),
            "\nAn error occurred (InvalidKeyPair.Duplicate) when calling the CreateKeyPair \
             operation: The keypair already exists\n"
        );
    }
}
