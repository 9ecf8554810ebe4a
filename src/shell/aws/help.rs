//! `aws help`, `aws <service> help`, `aws <service> <operation> help` and
//! the waiter pages: short synopses in the layout of the CLI's help pages,
//! listing what this sandbox simulates.

use super::argv::{ArgSpec, Arity};
use super::model::{xform_name, Operation, Service, Waiter};
use super::models::SERVICES;

/// `aws help`.
pub fn top() -> String {
    let mut out = String::from(
        "AWS()\n\nNAME\n       aws - the AWS Command Line Interface, version 2 (sandbox)\n\n\
         SYNOPSIS\n          aws [options] <command> <subcommand> [parameters]\n\n\
         AVAILABLE SERVICES\n",
    );
    for service in SERVICES {
        out.push_str(&format!(
            "       o {:<16} {}\n",
            service.name, service.summary
        ));
    }
    out.push_str(
        "\nGLOBAL OPTIONS\n\
         \x20      --region (string)       Region to send requests to (default us-east-1)\n\
         \x20      --output (string)       json (default), text, table, yaml, yaml-stream or off\n\
         \x20      --query (string)        JMESPath expression applied to the response\n\
         \x20      --profile (string)      Only \"default\" exists in the sandbox\n\
         \x20      --no-paginate           Return only the first page of results\n\
         \x20      --no-cli-pager, --debug Accepted; they change nothing here\n\
         \nRun 'aws <command> help' to see a service's commands.\n",
    );
    out
}

/// `aws <service> help`.
pub fn service(service: &Service) -> String {
    let mut out = format!(
        "{}()\n\nNAME\n       {} - {}\n\nAVAILABLE COMMANDS\n",
        service.name, service.name, service.summary
    );
    let mut names: Vec<(String, &str)> = service
        .operations
        .iter()
        .map(|op| (xform_name(op.name), op.summary))
        .collect();
    if !service.waiters.is_empty() {
        names.push((
            "wait".to_string(),
            "Wait until a resource reaches a state (see 'wait help').",
        ));
    }
    names.sort();
    for (name, summary) in names {
        out.push_str(&format!("       o {name:<34} {summary}\n"));
    }
    out.push_str(&format!(
        "\nRun 'aws {} <command> help' to see a command's options.\n",
        service.name
    ));
    out
}

/// `aws <service> <operation> help`.
pub fn operation(service: &Service, operation: &Operation, table: &[ArgSpec]) -> String {
    let name = xform_name(operation.name);
    let mut out = format!(
        "{name}()\n\nNAME\n       {name} - {}\n\nSYNOPSIS\n            {name}\n",
        operation.summary
    );
    out.push_str(&synopsis(table));
    out.push_str(&format!(
        "\nThe request is the {} action of the {} API; see 'aws help' for global options.\n",
        operation.name, service.name
    ));
    out
}

/// `aws <service> wait help`.
pub fn waiters(service: &Service) -> String {
    let mut out = String::from("wait()\n\nNAME\n       wait - Wait until a particular condition is satisfied.\n\nAVAILABLE WAITERS\n");
    for waiter in service.waiters {
        out.push_str(&format!(
            "       o {:<26} polls {} every {} seconds\n",
            xform_name(waiter.name),
            waiter.operation,
            waiter.delay
        ));
    }
    out.push_str(&format!(
        "\nRun 'aws {} wait <waiter> help' to see a waiter's options.\n",
        service.name
    ));
    out
}

/// `aws <service> wait <waiter> help`.
pub fn waiter(waiter: &Waiter, table: &[ArgSpec]) -> String {
    let name = xform_name(waiter.name);
    let mut out = format!(
        "{name}()\n\nNAME\n       {name} - Wait until the condition is met, polling {} every {} seconds\n       \
         (at most {} checks). It exits 255 when the condition cannot be met.\n\nSYNOPSIS\n            {name}\n",
        waiter.operation, waiter.delay, waiter.max_attempts
    );
    out.push_str(&synopsis(table));
    out
}

/// One line per option: required ones bare, optional ones in brackets,
/// boolean pairs as `[--x | --no-x]`.
fn synopsis(table: &[ArgSpec]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < table.len() {
        let spec = &table[i];
        let line = match (spec.arity, table.get(i + 1)) {
            (Arity::Flag(true) | Arity::FlagOrOne, Some(next))
                if next.dest == spec.dest && next.arity == Arity::Flag(false) =>
            {
                i += 1;
                format!("[{} | {}]", spec.option, next.option)
            }
            (Arity::Flag(_), _) => format!("[{}]", spec.option),
            (_, _) if spec.required => format!("{} <value>", spec.option),
            _ => format!("[{} <value>]", spec.option),
        };
        out.push_str(&format!("          {line}\n"));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::aws::{models, request};

    #[test]
    fn operation_help_lists_options() {
        let ec2 = models::service("ec2").unwrap();
        let op = ec2.operation("create-security-group").unwrap();
        let text = operation(ec2, op, &request::arg_table(op));
        assert!(
            text.contains("          --description <value>\n          --group-name <value>\n"),
            "{text}"
        );
        assert!(
            text.contains("          [--dry-run | --no-dry-run]\n"),
            "{text}"
        );
        let run = ec2.operation("run-instances").unwrap();
        let text = operation(ec2, run, &request::arg_table(run));
        assert!(text.contains("[--count <value>]"));
        assert!(!text.contains("--min-count"));
    }

    #[test]
    fn service_help_lists_operations_and_wait() {
        let text = service(models::service("ec2").unwrap());
        assert!(text.contains("o run-instances"));
        assert!(text.contains("o wait"));
        assert!(top().contains("o service-quotas"));
    }
}
