//! `curl`: HTTP GETs from the learner's machine to instances (through the
//! reachability rules) and, inside an ssh session, to `localhost` and the
//! instance metadata service (IMDSv1 and v2). Errors are worded as curl 8
//! words them. Several URLs are fetched one after the other, as curl does,
//! over one connection per host and port (curl keeps it alive): a Network
//! Load Balancer keeps that connection's requests on one target, where an
//! Application Load Balancer routes each request on its own.

use super::builtins::Outcome;
use super::guest::{guest_of, Session};
use super::ssh::{resolve_host, Resolved, KERNEL_CONNECT_TIMEOUT_SECONDS};
use super::LEARNER_PUBLIC_IP;
use crate::api::World;
use crate::ec2::guest::http::reason_phrase;
use crate::ec2::guest::Guest;
use crate::ec2::reachability::{tcp_connect, Reachability};
use crate::elb::routing::{self, Exchange, HttpRequest};
use crate::kernel::{hash, DomainEvent};
use base64::{engine::general_purpose::STANDARD, Engine};
use std::net::Ipv4Addr;

/// Where curl runs.
pub enum Origin<'a> {
    /// The learner's own machine.
    Learner,
    /// Inside an ssh session on an instance.
    Guest(&'a Session),
}

/// The address of the instance metadata service.
const IMDS_ADDRESS: &str = "169.254.169.254";
/// The longest token lifetime IMDSv2 grants (6 hours).
const MAX_TOKEN_TTL: u64 = 21_600;

/// The options curl was given.
#[derive(Default)]
struct Request {
    urls: Vec<String>,
    method: Option<String>,
    headers: Vec<(String, String)>,
    silent: bool,
    show_error: bool,
    include: bool,
    timeout: Option<u64>,
}

fn parse(args: &[String]) -> Result<Request, Outcome> {
    let mut request = Request::default();
    let mut rest = args.iter();
    let missing = |option: &str| {
        Outcome::fail(
            format!("curl: option {option}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"),
            2,
        )
    };
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "-X" | "--request" => request.method = Some(rest.next().ok_or_else(|| missing(arg))?.clone()),
            "-H" | "--header" => {
                let header = rest.next().ok_or_else(|| missing(arg))?;
                if let Some((name, value)) = header.split_once(':') {
                    request.headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
                }
            }
            "--connect-timeout" | "-m" | "--max-time" => {
                let value = rest.next().ok_or_else(|| missing(arg))?;
                let seconds: f64 = value.parse().map_err(|_| {
                    Outcome::fail(format!("curl: option {arg}: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"), 2)
                })?;
                request.timeout = Some(seconds.clamp(0.0, 3600.0).ceil() as u64);
            }
            "-i" | "--include" => request.include = true,
            "-s" | "--silent" => request.silent = true,
            "-S" | "--show-error" => request.show_error = true,
            "-sS" | "-Ss" => {
                request.silent = true;
                request.show_error = true;
            }
            "-f" | "--fail" | "-L" | "--location" | "-v" | "--verbose" | "-k" | "--insecure" => {}
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(Outcome::fail(
                    format!("curl: option {flag}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"),
                    2,
                ))
            }
            url => request.urls.push(url.to_string()),
        }
    }
    Ok(request)
}

/// Runs curl; returns what it printed, whether the world changed, and the
/// events. With several URLs, what each printed follows the other's, and
/// the exit code is the last one's (curl's rule without `--fail-early`).
pub fn run(
    world: &mut World,
    origin: Origin,
    args: &[String],
) -> (Outcome, bool, Vec<DomainEvent>) {
    let request = match parse(args) {
        Ok(request) => request,
        Err(outcome) => return (outcome, false, Vec::new()),
    };
    if request.urls.is_empty() {
        return (
            Outcome::fail(
                "curl: try 'curl --help' or 'curl --manual' for more information\n",
                2,
            ),
            false,
            Vec::new(),
        );
    }
    let mut all = Outcome::out("");
    let mut changed = false;
    let mut events = Vec::new();
    let mut connections = Vec::new();
    for url in &request.urls {
        let fetched = match split_url(url) {
            Ok((https, host, port, path)) => fetch(
                world,
                &origin,
                &request,
                (host, port, https, path),
                &mut connections,
            ),
            Err(outcome) => (outcome, 0).into(),
        };
        if fetched.waited > 0 {
            events.extend(world.advance(fetched.waited));
        }
        changed |= fetched.waited > 0 || fetched.balanced;
        let outcome = quiet(fetched.outcome, &request);
        all.stdout.push_str(&outcome.stdout);
        all.stderr.push_str(&outcome.stderr);
        all.exit_code = outcome.exit_code;
    }
    (all, changed, events)
}

/// A URL's scheme (true for https), host, port and path; or curl's error.
pub(super) fn split_url(url: &str) -> Result<(bool, &str, u16, &str), Outcome> {
    let (https, rest) = match url.split_once("://") {
        Some(("http", rest)) => (false, rest),
        Some(("https", rest)) => (true, rest),
        Some((scheme, _)) => {
            return Err(Outcome::fail(
                format!("curl: (1) Protocol \"{scheme}\" not supported\n"),
                1,
            ))
        }
        None => (false, url),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    match authority.rsplit_once(':') {
        Some((host, port)) => match port.parse::<u16>() {
            Ok(port) => Ok((https, host, port, path)),
            Err(_) => Err(Outcome::fail("curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n", 3)),
        },
        None => Ok((https, authority, if https { 443 } else { 80 }, path)),
    }
}

/// The connections one curl run opened to load balancers, as (host, port,
/// client port): a later URL on the same host and port reuses one.
type Connections = Vec<(String, u16, u16)>;

/// What curl got, how long it waited, and whether a load balancer moved
/// on (its round robin), which changes the world.
struct Fetched {
    outcome: Outcome,
    waited: u64,
    balanced: bool,
}

impl From<(Outcome, u64)> for Fetched {
    fn from((outcome, waited): (Outcome, u64)) -> Self {
        Self {
            outcome,
            waited,
            balanced: false,
        }
    }
}

/// curl giving up on a connection nobody answers: after `--connect-timeout`
/// or the kernel's limit.
fn connect_timed_out(host: &str, port: u16, request: &Request) -> (Outcome, u64) {
    let (seconds, reason) = match request.timeout {
        Some(limit) if limit < KERNEL_CONNECT_TIMEOUT_SECONDS => (limit, "Timeout was reached"),
        _ => (KERNEL_CONNECT_TIMEOUT_SECONDS, "Couldn't connect to server"),
    };
    let out = Outcome::fail(
        format!(
            "curl: (28) Failed to connect to {host} port {port} after {} ms: {reason}\n",
            seconds * 1000 + 2
        ),
        28,
    );
    (out, seconds)
}

/// A request to a load balancer's DNS name over this run's connection to
/// it (opened now if there is none): the load balancer routes it and
/// answers, or passes on its target's answer.
fn through_load_balancer(
    world: &mut World,
    resolved: &routing::Resolved,
    client: Ipv4Addr,
    request: &Request,
    (host, port, path): (&str, u16, &str),
    connections: &mut Connections,
) -> Fetched {
    let host_header = request
        .headers
        .iter()
        .find(|(name, _)| name == "host")
        .map_or(host, |(_, value)| value.as_str());
    let client_port = match connections.iter().find(|(h, p, _)| h == host && *p == port) {
        Some((_, _, client_port)) => *client_port,
        None => {
            let client_port = world.elb.next_client_port();
            connections.push((host.to_string(), port, client_port));
            client_port
        }
    };
    let http = HttpRequest {
        port,
        host: host_header.split(':').next().unwrap_or(host_header),
        path,
        method: request.method.as_deref().unwrap_or("GET"),
        headers: &request.headers,
        client,
        client_port,
    };
    let served = world.elb.serve(&world.ec2, resolved, &http);
    let (outcome, waited) = match served.exchange {
        Exchange::TimedOut => connect_timed_out(host, port, request),
        Exchange::Reset => (
            Outcome::fail("curl: (56) Recv failure: Connection reset by peer\n", 56),
            served.waited,
        ),
        Exchange::NotHttp => (
            Outcome::fail("curl: (1) Received HTTP/0.9 when not allowed\n", 1),
            served.waited,
        ),
        Exchange::Response(response) => {
            let out = if request.include {
                let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, response.reason);
                for (name, value) in &response.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!("Content-Length: {}\r\n\r\n", response.body.len()));
                Outcome::out(head + &response.body)
            } else {
                Outcome::out(response.body)
            };
            (out, served.waited)
        }
    };
    Fetched {
        outcome,
        waited,
        balanced: true,
    }
}

/// `-s` hides error messages unless `-S` is given too.
fn quiet(mut outcome: Outcome, request: &Request) -> Outcome {
    if request.silent && !request.show_error {
        outcome.stderr.clear();
    }
    outcome
}

/// The response to one URL, and the seconds curl waited.
fn fetch(
    world: &mut World,
    origin: &Origin,
    request: &Request,
    (host, port, https, path): (&str, u16, bool, &str),
    connections: &mut Connections,
) -> Fetched {
    let refused = |ms: u32| {
        Outcome::fail(
            format!("curl: (7) Failed to connect to {host} port {port} after {ms} ms: Couldn't connect to server\n"),
            7,
        )
    };
    if let Origin::Guest(session) = origin {
        let Some((guest, instance)) = guest_of(world, session) else {
            return (refused(0), 0).into();
        };
        if host == IMDS_ADDRESS {
            return (imds(guest, instance, request, path), 0).into();
        }
        if host == "localhost" || host == "127.0.0.1" {
            return match respond(guest, port, path, request).filter(|_| !https) {
                Some(page) => (page, 0),
                None => (refused(0), 0),
            }
            .into();
        }
    }
    let source = match origin {
        Origin::Learner => LEARNER_PUBLIC_IP,
        Origin::Guest(session) => guest_of(world, session)
            .and_then(|(_, i)| i.public_ip)
            .unwrap_or(Ipv4Addr::UNSPECIFIED),
    };
    if let Some(resolved) = world.elb.resolve(host) {
        return through_load_balancer(
            world,
            &resolved,
            source,
            request,
            (host, port, path),
            connections,
        );
    }
    let ip = match resolve_host(world, host) {
        Resolved::Address(ip) => ip,
        Resolved::Unknown => {
            return (
                Outcome::fail(format!("curl: (6) Could not resolve host: {host}\n"), 6),
                0,
            )
                .into()
        }
    };
    let answer = match tcp_connect(&world.ec2, source, ip, port) {
        Reachability::TimedOut(_) => connect_timed_out(host, port, request),
        Reachability::Refused { .. } => (refused(11), 0),
        Reachability::Reached { instance_id } => {
            let Some((region, _)) = crate::ec2::reachability::locate(&world.ec2, ip) else {
                return (refused(11), 0).into();
            };
            let page = region
                .guests
                .get(&instance_id)
                .and_then(|g| respond(g, port, path, request))
                .filter(|_| !https);
            match page {
                Some(page) => (page, 0),
                // sshd or another non-HTTP listener: the bytes are not HTTP.
                None => (
                    Outcome::fail("curl: (1) Received HTTP/0.9 when not allowed\n", 1),
                    0,
                ),
            }
        }
    };
    answer.into()
}

/// The guest web server's answer to a GET of `path` on `port`, as curl
/// prints it; `None` when no web server listens there.
fn respond(guest: &Guest, port: u16, path: &str, request: &Request) -> Option<Outcome> {
    let answer = guest.http_get(port, path)?;
    let status = format!("{} {}", answer.status, reason_phrase(answer.status));
    Some(with_headers(
        &status,
        "text/html; charset=UTF-8",
        answer.body,
        request,
    ))
}

fn with_headers(status: &str, content_type: &str, body: String, request: &Request) -> Outcome {
    if request.include {
        Outcome::out(format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ))
    } else {
        Outcome::out(body)
    }
}

/// An IMDS error page.
fn imds_error(status: &str, request: &Request) -> Outcome {
    let body = format!("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n <head>\n  <title>{status}</title>\n </head>\n <body>\n  <h1>{status}</h1>\n </body>\n</html>\n");
    with_headers(&status.replace(" -", ""), "text/html", body, request)
}

/// The IMDSv2 session token of an instance. Tokens do not expire here.
pub fn imds_token(instance_id: &str) -> String {
    format!(
        "AQAEA{}",
        STANDARD.encode(hash::digest(instance_id.as_bytes(), 39))
    )
}

/// The instance metadata service.
fn imds(
    guest: &Guest,
    instance: &crate::ec2::instances::Instance,
    request: &Request,
    path: &str,
) -> Outcome {
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let method = request.method.as_deref().unwrap_or("GET");
    if path == "/latest/api/token" {
        if method != "PUT" {
            return imds_error("405 - Method Not Allowed", request);
        }
        let ttl =
            header("x-aws-ec2-metadata-token-ttl-seconds").and_then(|t| t.parse::<u64>().ok());
        return match ttl {
            Some(ttl) if (1..=MAX_TOKEN_TTL).contains(&ttl) => {
                with_headers("200 OK", "text/plain", imds_token(&instance.id), request)
            }
            _ => imds_error("400 - Bad Request", request),
        };
    }
    match header("x-aws-ec2-metadata-token") {
        Some(token) if token != imds_token(&instance.id) => {
            return imds_error("401 - Unauthorized", request)
        }
        None if instance.http_tokens == "required" => {
            return imds_error("401 - Unauthorized", request)
        }
        _ => {}
    }
    let region = instance
        .availability_zone
        .trim_end_matches(char::is_alphabetic);
    let item = path
        .trim_start_matches("/latest/meta-data")
        .trim_matches('/');
    let value = if path.starts_with("/latest/user-data") {
        instance.decoded_user_data()
    } else if !path.starts_with("/latest/meta-data") {
        None
    } else {
        match item {
            "" => Some("ami-id\nami-launch-index\nhostname\ninstance-id\ninstance-type\nlocal-hostname\nlocal-ipv4\nmac\nplacement/\npublic-hostname\npublic-ipv4".to_string()),
            "ami-id" => Some(instance.image_id.clone()),
            "ami-launch-index" => Some(instance.launch_index.to_string()),
            "instance-id" => Some(instance.id.clone()),
            "instance-type" => Some(instance.instance_type.clone()),
            "hostname" | "local-hostname" => Some(guest.hostname.clone()),
            "local-ipv4" => Some(instance.private_ip.to_string()),
            "mac" => Some(instance.mac_address.clone()),
            "public-ipv4" => instance.public_ip.map(|ip| ip.to_string()),
            "public-hostname" => instance.public_ip.map(|_| instance.public_dns_name(region).to_string()),
            "placement" => Some("availability-zone\navailability-zone-id\nregion".to_string()),
            "placement/availability-zone" => Some(instance.availability_zone.clone()),
            "placement/availability-zone-id" => Some(instance.availability_zone_id.clone()),
            "placement/region" => Some(region.to_string()),
            _ => None,
        }
    };
    match value {
        Some(value) => with_headers("200 OK", "text/plain", value, request),
        None => imds_error("404 - Not Found", request),
    }
}
