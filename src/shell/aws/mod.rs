//! The `aws` command: AWS CLI v2 over the simulated account. Global options
//! are taken out, the service and operation looked up, options converted to
//! an API request by the operation's model, the request sent (all pages of
//! it, unless told otherwise), and the response printed with `--query` and
//! `--output`.

mod argv;
mod convert;
mod customize;
mod errors;
mod globals;
mod help;
mod invoke;
mod model;
mod models;
mod page_token;
mod paginator;
mod put_metric_data;
mod request;
mod shorthand;
mod suggest;
mod validate;
mod waiters;

use crate::api::World;
use crate::kernel::DomainEvent;
use crate::shell::home::Home;
use crate::shell::output::{self, Response};
use crate::shell::vars::Variables;
use argv::Parsed;
use errors::CliError;
use globals::Globals;
use invoke::Client;
use model::{xform_name, Operation, Service};
use paginator::PagingOptions;

/// What an `aws` command prints.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AwsOutput {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The CLI's exit status.
    pub exit_code: i32,
}

/// The state an `aws` command works on.
pub struct Env<'a> {
    /// The simulated account.
    pub world: &'a mut World,
    /// The home folder, for `file://` values.
    pub home: &'a Home,
    /// Shell variables: `AWS_REGION`, `AWS_DEFAULT_REGION`,
    /// `AWS_DEFAULT_OUTPUT` and `AWS_PROFILE` act as in the environment.
    pub vars: &'a Variables,
    /// Events raised while time passed (waiters).
    pub events: &'a mut Vec<DomainEvent>,
    /// Set when the command changed the account or let time pass.
    pub changed: &'a mut bool,
}

/// Runs `aws <args...>`.
pub fn run(env: Env, args: &[String]) -> AwsOutput {
    match dispatch(env, args) {
        Ok(stdout) => AwsOutput {
            stdout,
            ..AwsOutput::default()
        },
        Err(error) => AwsOutput {
            stdout: String::new(),
            stderr: error.render(),
            exit_code: error.exit_code(),
        },
    }
}

/// Removes and returns the first word that is not an option (argparse's
/// positional), leaving the others in order.
fn take_positional(words: &mut Vec<String>) -> Option<String> {
    let index = words.iter().position(|w| !w.starts_with('-') || w == "-")?;
    Some(words.remove(index))
}

fn dispatch(env: Env, args: &[String]) -> Result<String, CliError> {
    let (mut globals, mut rest) = globals::parse(args)?;
    globals.apply_environment(|name| env.vars.get(name))?;
    if globals.version {
        return Ok("aws-cli/2.34.3 Python/3.13.11 Linux/6.8.0 exe/x86_64.sandbox\n".to_string());
    }
    let Some(command) = take_positional(&mut rest) else {
        return Err(CliError::Usage(
            "the following arguments are required: command".into(),
        ));
    };
    if command == "help" {
        return Ok(help::top());
    }
    let Some(service) = models::service(&command) else {
        if models::ALL_COMMANDS
            .split_whitespace()
            .any(|c| c == command)
        {
            return Err(CliError::general(format!(
                "The sandbox does not simulate 'aws {command}' yet. It simulates: {}.",
                simulated_services()
            )));
        }
        let choices = models::ALL_COMMANDS.split_whitespace().chain(["help"]);
        return Err(globals::invalid_choice("command", &command, choices));
    };
    if let Some(profile) = globals.profile.as_deref().filter(|p| *p != "default") {
        return Err(CliError::general(format!(
            "The config profile ({profile}) could not be found"
        )));
    }
    let Some(operation_name) = take_positional(&mut rest) else {
        return Err(CliError::Usage(
            "the following arguments are required: operation".into(),
        ));
    };
    if operation_name == "help" {
        return Ok(help::service(service));
    }
    if operation_name == "wait" && !service.waiters.is_empty() {
        return wait(env, &globals, service, rest);
    }
    let Some(operation) = service.operation(&operation_name) else {
        if let Some(api_name) = service.real_operation(&operation_name) {
            return Err(CliError::general(format!(
                "The sandbox does not simulate 'aws {} {operation_name}' ({api_name}) yet.",
                service.name
            )));
        }
        let kebab: Vec<String> = service
            .all_operations
            .split_whitespace()
            .map(xform_name)
            .collect();
        let extra = if service.waiters.is_empty() {
            vec!["help"]
        } else {
            vec!["wait", "help"]
        };
        let choices = kebab.iter().map(String::as_str).chain(extra);
        return Err(globals::invalid_choice(
            "operation",
            &operation_name,
            choices,
        ));
    };
    call_operation(env, &globals, service, operation, &rest)
}

fn simulated_services() -> String {
    let names: Vec<&str> = models::SERVICES.iter().map(|s| s.name).collect();
    names.join(", ")
}

fn call_operation(
    env: Env,
    globals: &Globals,
    service: &'static Service,
    operation: &Operation,
    words: &[String],
) -> Result<String, CliError> {
    let table = request::arg_table(operation);
    let values = match argv::parse(&table, words)? {
        Parsed::Help => return Ok(help::operation(service, operation, &table)),
        Parsed::Values(values) => values,
    };
    let (mut paging, paginate) = paging(globals, operation, &values)?;
    let params = request::build(operation, &table, &values, env.home, globals.binary_format)?;
    if paging.page_size.is_none() {
        paging.page_size = customize::default_page_size(operation.name, &params);
    }
    let mut client = client(env, globals, service)?;
    let response = match operation.paginator.filter(|_| paginate) {
        Some(paginator) => {
            paginator::paginate(&mut client, operation, paginator, &params, &paging)?
        }
        None => Response::single(
            client
                .send(operation.name, &params)
                .map_err(|e| invoke::cli_error(operation.name, e))?,
        ),
    };
    output::render(
        globals.output,
        operation.name,
        &response,
        globals.query.as_ref(),
    )
    .map_err(CliError::General)
}

/// A client of `service` in the region the command names (checked).
fn client<'a>(
    env: Env<'a>,
    globals: &'a Globals,
    service: &'static Service,
) -> Result<Client<'a>, CliError> {
    if let Some(region) = &globals.region {
        invoke::check_region(region)?;
    }
    Ok(Client {
        world: env.world,
        region: globals.region.as_deref(),
        service: service.name,
        events: env.events,
        changed: env.changed,
    })
}

/// The paging options given, and whether the CLI pages: not with
/// `--no-paginate`, nor when `--max-results`/`--next-token` page by hand,
/// and then it refuses the paging options.
fn paging(
    globals: &Globals,
    operation: &Operation,
    values: &[(String, argv::Given)],
) -> Result<(PagingOptions, bool), CliError> {
    let options = request::paging_options(values)?;
    let paginate = !globals.no_paginate && !request::pages_by_hand(operation, values);
    if !paginate {
        options.refuse_without_paging()?;
    }
    Ok((options, paginate))
}

fn wait(
    env: Env,
    globals: &Globals,
    service: &'static Service,
    mut words: Vec<String>,
) -> Result<String, CliError> {
    let Some(name) = take_positional(&mut words) else {
        return Err(CliError::ParamValidation(format!(
            "usage: aws [options] {} wait <subcommand> [parameters]\naws: [ERROR]: too few arguments",
            service.name
        )));
    };
    if name == "help" {
        return Ok(help::waiters(service));
    }
    let Some(waiter) = service.waiter(&name) else {
        if let Some(api_name) = service.unsimulated_waiter(&name) {
            return Err(CliError::general(format!(
                "The sandbox does not simulate 'aws {} wait {name}' ({api_name}) yet.",
                service.name
            )));
        }
        let names = service.all_waiter_names();
        return Err(globals::invalid_choice(
            "subcommand",
            &name,
            names.iter().map(String::as_str),
        ));
    };
    let Some(operation) = service.operation_by_api_name(waiter.operation) else {
        return Err(CliError::general(format!(
            "The waiter {} has no simulated operation.",
            waiter.name
        )));
    };
    let table = request::arg_table(operation);
    let values = match argv::parse(&table, &words)? {
        Parsed::Help => return Ok(help::waiter(waiter, &table)),
        Parsed::Values(values) => values,
    };
    let (paging, _) = paging(globals, operation, &values)?;
    let mut params = request::build(operation, &table, &values, env.home, globals.binary_format)?;
    // The waiter passes the paging options on to the operation, which has
    // no `PaginationConfig` member.
    if let Some(config) = paging.pagination_config() {
        params.insert("PaginationConfig".into(), config);
        return Err(CliError::Validation(validate::validate(
            &params,
            operation.input,
        )));
    }
    let mut client = client(env, globals, service)?;
    waiters::wait(&mut client, waiter, &params)?;
    Ok(String::new())
}
