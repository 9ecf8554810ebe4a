//! The ways an `aws` command fails, printed and numbered as AWS CLI v2 does
//! since 2.34 (`awscli/errorhandler.py`, `awscli/errorformat.py`): every
//! message goes through `write_error`, which frames it with line breaks and
//! prefixes `aws: [ERROR]: `; client-side usage and validation problems get
//! the default (`enhanced`) error format's `An error occurred
//! (ParamValidation): ` envelope. Usage errors exit 252, service errors 254,
//! anything else 255.

/// The CLI's usage text (`argparser.USAGE`), shown with argument errors.
pub const USAGE: &str = "aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
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
    /// An argparse error (`the following arguments are required: ...`); the
    /// parser appends a blank line and the usage to its message.
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
    /// Any other client-side usage problem (the CLI's `ParamValidationError`).
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
        match self {
            // `UnknownArgumentErrorHandler` is left out of the structured
            // formats: the bare usage comes first, then the message.
            Self::UnknownOptions(options) => format!(
                "\nusage: {USAGE}\n{}",
                write_error(&format!("Unknown options: {}", options.join(", ")))
            ),
            Self::Client {
                code,
                message,
                operation,
            } => write_error(&format!(
                "An error occurred ({code}) when calling the {operation} operation: {message}"
            )),
            Self::General(message) => write_error(message),
            Self::Usage(message) => param_validation(&format!("{message}\n\nusage: {USAGE}")),
            Self::Param { option, message } => {
                param_validation(&format!("Error parsing parameter '{option}': {message}"))
            }
            Self::Validation(errors) => param_validation(&format!(
                "Parameter validation failed:\n{}",
                errors.join("\n")
            )),
            Self::ParamValidation(message) => param_validation(message),
        }
    }
}

/// The enhanced format of a `ParamValidationErrorsHandler` error.
fn param_validation(message: &str) -> String {
    write_error(&format!("An error occurred (ParamValidation): {message}"))
}

/// `errorformat.write_error`: a line break, the stripped message behind the
/// `aws: [ERROR]: ` prefix, a line break.
fn write_error(message: &str) -> String {
    format!("\naws: [ERROR]: {}\n", message.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const USAGE_BLOCK: &str =
        "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
         To see help text, you can run:\n\n  aws help\n  aws <command> help\n  \
         aws <command> <subcommand> help\n";

    #[test]
    fn usage_errors_are_enveloped_with_the_usage_after_the_message() {
        // What `aws ec2 create-security-group --group-name x` prints (2.34+).
        let e = CliError::Usage("the following arguments are required: --description".into());
        assert_eq!(e.exit_code(), 252);
        assert_eq!(
            e.render(),
            format!(
                "\naws: [ERROR]: An error occurred (ParamValidation): the following arguments \
                 are required: --description\n\n{USAGE_BLOCK}"
            )
        );
    }

    #[test]
    fn unknown_options_follow_the_bare_usage() {
        let e = CliError::UnknownOptions(vec!["--foo".into(), "bar".into()]);
        assert_eq!(e.exit_code(), 252);
        assert_eq!(
            e.render(),
            format!("\n{USAGE_BLOCK}\n\naws: [ERROR]: Unknown options: --foo, bar\n")
        );
    }

    #[test]
    fn parameter_problems_share_the_param_validation_envelope() {
        let e = CliError::param("--tags", "Expected: '=', received: 'EOF' for input:\nx\n ^");
        assert_eq!(e.exit_code(), 252);
        assert_eq!(
            e.render(),
            "\naws: [ERROR]: An error occurred (ParamValidation): Error parsing parameter \
             '--tags': Expected: '=', received: 'EOF' for input:\nx\n ^\n"
        );
        let e = CliError::Validation(vec!["Missing required parameter in input: \"Key\"".into()]);
        assert_eq!(
            e.render(),
            "\naws: [ERROR]: An error occurred (ParamValidation): Parameter validation \
             failed:\nMissing required parameter in input: \"Key\"\n"
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
            "\naws: [ERROR]: An error occurred (InvalidKeyPair.Duplicate) when calling the \
             CreateKeyPair operation: The keypair already exists\n"
        );
    }

    #[test]
    fn general_errors_are_only_prefixed() {
        let e = CliError::general("Waiter InstanceRunning failed: Max attempts exceeded");
        assert_eq!(e.exit_code(), 255);
        assert_eq!(
            e.render(),
            "\naws: [ERROR]: Waiter InstanceRunning failed: Max attempts exceeded\n"
        );
    }
}
