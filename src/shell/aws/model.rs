//! The CLI's view of a service: operations, their input shapes (as the AWS
//! API models define them), paginators and waiters. The data lives in
//! `models/`; this file holds the types and the name conversions.

/// The type of a request member, as the AWS API model declares it. The CLI
/// converts each command-line value by its shape (lists take several values,
/// booleans are flags, structures take shorthand or JSON). Shapes may nest
/// themselves (Cost Explorer's `Expression`), so nothing walks a shape
/// except along a value.
pub enum Shape {
    /// Text.
    String,
    /// A whole number (`integer` and `long` in the models).
    Integer,
    /// A floating-point number (`double` and `float`).
    Double,
    /// `true` or `false`; a flag on the command line.
    Boolean,
    /// Binary data; base64 on the command line (CLI v2's default format).
    Blob,
    /// A moment: ISO 8601 text or seconds since the epoch, passed on as
    /// given and read by the service (botocore's `timestamp`).
    Timestamp,
    /// Several values of one shape.
    List(&'static Shape),
    /// Named members, in the model's order.
    Structure(&'static [Member]),
}

/// Names the kind and the members, not their shapes, which may nest
/// without end.
impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shape::Structure(members) => {
                let names: Vec<&str> = members.iter().map(|m| m.name).collect();
                write!(f, "Structure{names:?}")
            }
            Shape::List(_) => f.write_str("List"),
            Shape::String => f.write_str("String"),
            Shape::Integer => f.write_str("Integer"),
            Shape::Double => f.write_str("Double"),
            Shape::Boolean => f.write_str("Boolean"),
            Shape::Blob => f.write_str("Blob"),
            Shape::Timestamp => f.write_str("Timestamp"),
        }
    }
}

impl Shape {
    /// True for EC2's `{Value: boolean}` wrappers (`AttributeBooleanValue`),
    /// which the CLI turns into `--x` / `--no-x` flags
    /// (`awscli/customizations/toplevelbool.py`).
    pub fn is_boolean_value(&self) -> bool {
        matches!(self, Shape::Structure([only]) if only.name == "Value" && matches!(only.shape, Shape::Boolean))
    }
}

/// One member of a structure.
#[derive(Debug)]
pub struct Member {
    /// The API name, e.g. `InstanceIds`.
    pub name: &'static str,
    /// Its shape.
    pub shape: &'static Shape,
    /// True when the API requires it.
    pub required: bool,
}

/// A required member (`const` so the models can be static data).
pub const fn req(name: &'static str, shape: &'static Shape) -> Member {
    Member {
        name,
        shape,
        required: true,
    }
}

/// An optional member.
pub const fn opt(name: &'static str, shape: &'static Shape) -> Member {
    Member {
        name,
        shape,
        required: false,
    }
}

/// Shared scalar shapes.
pub const STRING: Shape = Shape::String;
/// Shared integer shape.
pub const INTEGER: Shape = Shape::Integer;
/// Shared double shape.
pub const DOUBLE: Shape = Shape::Double;
/// Shared boolean shape.
pub const BOOLEAN: Shape = Shape::Boolean;
/// Shared blob shape.
pub const BLOB: Shape = Shape::Blob;
/// Shared timestamp shape.
pub const TIMESTAMP: Shape = Shape::Timestamp;
/// A list of strings, the most common list in the models.
pub const STRING_LIST: Shape = Shape::List(&STRING);

/// One API operation the sandbox simulates.
#[derive(Debug)]
pub struct Operation {
    /// The API name, e.g. `RunInstances`.
    pub name: &'static str,
    /// One line for `help`.
    pub summary: &'static str,
    /// Top-level input members, in the model's order (the CLI's option order).
    pub input: &'static [Member],
    /// How the CLI pages the operation, if it does.
    pub paginator: Option<Paginator>,
}

/// How the CLI pages an operation: its entry in botocore's
/// `paginators-1.json`. The token and limit members are named as the
/// service names its members (`NextToken`, or ECS's camelCase `nextToken`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paginator {
    /// The request member that carries the service's token.
    pub input_token: &'static str,
    /// The response member that holds the next page's token.
    pub output_token: &'static str,
    /// The request member that sets the page size (`--page-size`).
    pub limit_key: &'static str,
    /// The response list the CLI joins across pages.
    pub result_key: &'static str,
}

impl Paginator {
    /// `NextToken` in and out, pages of `MaxResults` (EC2, Service Quotas).
    pub const fn max_results(result_key: &'static str) -> Option<Self> {
        Some(Self {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key,
        })
    }

    /// `NextToken` in and out, pages of `MaxRecords` (Auto Scaling).
    pub const fn max_records(result_key: &'static str) -> Option<Self> {
        Some(Self {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxRecords",
            result_key,
        })
    }
}

/// What a waiter acceptor compares with.
#[derive(Debug, Clone, Copy)]
pub enum Expected {
    /// A string value.
    Text(&'static str),
    /// A boolean value.
    Flag(bool),
}

/// How an acceptor looks at a response (botocore's waiter matchers).
#[derive(Debug, Clone, Copy)]
pub enum Matcher {
    /// The expression's value equals the expected value.
    Path(&'static str, Expected),
    /// Every element of the expression's (non-empty) list equals it.
    PathAll(&'static str, Expected),
    /// At least one element equals it.
    PathAny(&'static str, Expected),
    /// The call failed with this error code.
    Error(&'static str),
    /// The call returned this HTTP status (200: it succeeded).
    Status(u16),
}

/// What a matching acceptor means for the waiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiterState {
    /// Done.
    Success,
    /// Give up now.
    Failure,
    /// Poll again.
    Retry,
}

/// One acceptor of a waiter.
#[derive(Debug)]
pub struct Acceptor {
    /// The resulting state.
    pub state: WaiterState,
    /// The test.
    pub matcher: Matcher,
}

/// A waiter (`aws ec2 wait instance-running`), as the botocore waiter model
/// defines it.
#[derive(Debug)]
pub struct Waiter {
    /// The waiter name, e.g. `InstanceRunning`.
    pub name: &'static str,
    /// The operation it polls.
    pub operation: &'static str,
    /// Seconds between polls.
    pub delay: u64,
    /// Polls before giving up.
    pub max_attempts: u32,
    /// Tested in order; the first match decides.
    pub acceptors: &'static [Acceptor],
}

/// A service as the CLI knows it.
#[derive(Debug)]
pub struct Service {
    /// The CLI's service name, e.g. `service-quotas`.
    pub name: &'static str,
    /// One line for `aws help`.
    pub summary: &'static str,
    /// The simulated operations.
    pub operations: &'static [Operation],
    /// Every operation of the real service (API names separated by
    /// whitespace: one string costs the module far fewer bytes than a slice
    /// of hundreds), so that a real but unsimulated command is told apart
    /// from a typo.
    pub all_operations: &'static str,
    /// The simulated waiters of `aws <service> wait`.
    pub waiters: &'static [Waiter],
    /// The real service's other waiters (name, operation it polls), so that
    /// a real but unsimulated waiter is told apart from a typo.
    pub unsimulated_waiters: &'static [(&'static str, &'static str)],
}

impl Service {
    /// The simulated operation whose CLI name is `cli_name`.
    pub fn operation(&self, cli_name: &str) -> Option<&'static Operation> {
        self.operations
            .iter()
            .find(|op| xform_name(op.name) == cli_name)
    }

    /// The API name of any real operation called `cli_name`.
    pub fn real_operation(&self, cli_name: &str) -> Option<&'static str> {
        self.all_operations
            .split_whitespace()
            .find(|name| xform_name(name) == cli_name)
    }

    /// The operation named `name` (API name).
    pub fn operation_by_api_name(&self, name: &str) -> Option<&'static Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// The simulated waiter whose CLI name is `cli_name`.
    pub fn waiter(&self, cli_name: &str) -> Option<&'static Waiter> {
        self.waiters.iter().find(|w| xform_name(w.name) == cli_name)
    }

    /// The operation polled by the unsimulated real waiter `cli_name`.
    pub fn unsimulated_waiter(&self, cli_name: &str) -> Option<&'static str> {
        self.unsimulated_waiters
            .iter()
            .find(|(name, _)| xform_name(name) == cli_name)
            .map(|&(_, operation)| operation)
    }

    /// The CLI names of all the real waiters.
    pub fn all_waiter_names(&self) -> Vec<String> {
        let simulated = self.waiters.iter().map(|w| w.name);
        let others = self.unsimulated_waiters.iter().map(|&(name, _)| name);
        simulated.chain(others).map(xform_name).collect()
    }
}

/// botocore's `xform_name(name, '-')`: `DescribeInstances` becomes
/// `describe-instances`, `Ipv6AddressCount` becomes `ipv6-address-count`,
/// `GatewayARNs` becomes `gateway-arns`. The CLI derives every command and
/// option name this way.
pub fn xform_name(name: &str) -> String {
    if name.contains('-') {
        return name.to_string();
    }
    let chars: Vec<char> = name.chars().collect();
    let prepared = split_plural_acronym(&chars);
    let first = split_before_capitalized_words(&prepared);
    split_after_lower_or_digit(&first).to_ascii_lowercase()
}

/// `[A-Z]{2,}s$` becomes `-` plus its lower case (`ARNs` -> `-arns`).
fn split_plural_acronym(chars: &[char]) -> Vec<char> {
    let n = chars.len();
    if n < 3 || chars[n - 1] != 's' {
        return chars.to_vec();
    }
    let run_start = chars[..n - 1]
        .iter()
        .rposition(|c| !c.is_ascii_uppercase())
        .map_or(0, |i| i + 1);
    if n - 1 - run_start < 2 {
        return chars.to_vec();
    }
    let mut out = chars[..run_start].to_vec();
    out.push('-');
    out.extend(chars[run_start..].iter().map(char::to_ascii_lowercase));
    out
}

/// `(.)([A-Z][a-z]+)` becomes `\1-\2`, scanning left to right.
fn split_before_capitalized_words(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i + 2 < chars.len()
            && chars[i] != '\n'
            && chars[i + 1].is_ascii_uppercase()
            && chars[i + 2].is_ascii_lowercase();
        if starts_word {
            out.push(chars[i]);
            out.push('-');
            out.push(chars[i + 1]);
            let mut j = i + 2;
            while j < chars.len() && chars[j].is_ascii_lowercase() {
                out.push(chars[j]);
                j += 1;
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `([a-z0-9])([A-Z])` becomes `\1-\2`.
fn split_after_lower_or_digit(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let boundary = i + 1 < chars.len()
            && (chars[i].is_ascii_lowercase() || chars[i].is_ascii_digit())
            && chars[i + 1].is_ascii_uppercase();
        out.push(chars[i]);
        if boundary {
            out.push('-');
            out.push(chars[i + 1]);
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xform_name_matches_botocore() {
        for (api, cli) in [
            ("DescribeInstances", "describe-instances"),
            ("RunInstances", "run-instances"),
            ("DryRun", "dry-run"),
            ("Ipv6AddressCount", "ipv6-address-count"),
            (
                "InstanceInitiatedShutdownBehavior",
                "instance-initiated-shutdown-behavior",
            ),
            ("EbsOptimized", "ebs-optimized"),
            ("SecurityGroupRuleIds", "security-group-rule-ids"),
            ("CidrIp", "cidr-ip"),
            ("AssociateVpcCidrBlock", "associate-vpc-cidr-block"),
            (
                "DescribeVpcEndpointServices",
                "describe-vpc-endpoint-services",
            ),
            ("GatewayARNs", "gateway-arns"),
            ("ListWebACLs", "list-web-acls"),
            ("CreateDhcpOptions", "create-dhcp-options"),
            ("GetIpamPoolCidrs", "get-ipam-pool-cidrs"),
            (
                "DescribeInstanceTypeOfferings",
                "describe-instance-type-offerings",
            ),
            ("InstanceRunning", "instance-running"),
            ("already-kebab", "already-kebab"),
            ("KeyPairIds", "key-pair-ids"),
            ("MaxResults", "max-results"),
        ] {
            assert_eq!(xform_name(api), cli, "{api}");
        }
    }
}
