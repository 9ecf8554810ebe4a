//! `load`: the learner's load generator. It is not an AWS command: it
//! stands for the users of a site, sending requests to a URL at a rate
//! that follows a pattern, so that metrics, alarms and Auto Scaling have
//! something to react to.

use super::builtins::Outcome;
use super::ssh::{resolve_host, Resolved};
use super::LEARNER_PUBLIC_IP;
use crate::api::World;
use crate::traffic::pattern::{parse_duration, Demand, Pattern};
use crate::traffic::{Load, LoadTarget};

/// The most requests per second one load may offer.
const MAX_RPS: f64 = 100_000.0;
/// The most clients one load may have.
const MAX_CLIENTS: u32 = 10_000;
/// The most loads at once.
const MAX_LOADS: usize = 10;

const USAGE: &str = "\
usage: load start URL --rps N [--ramp DURATION] [--pattern steady|spike|daily] [--clients N]
       load stop [LOAD-ID]
       load status
";

/// Runs `load ARGS...`.
pub fn run(world: &mut World, args: &[String]) -> Outcome {
    match args.split_first() {
        Some((verb, rest)) if verb == "start" => start(world, rest),
        Some((verb, rest)) if verb == "stop" => stop(world, rest),
        Some((verb, [])) if verb == "status" => status(world),
        None => status(world),
        _ => Outcome::fail(USAGE, 2),
    }
}

fn usage_error(message: &str) -> Outcome {
    Outcome::fail(format!("load: {message}\n{USAGE}"), 2)
}

fn start(world: &mut World, args: &[String]) -> Outcome {
    if world.traffic.loads().len() >= MAX_LOADS {
        return Outcome::fail(
            format!("load: at most {MAX_LOADS} loads can run at once; stop one first\n"),
            1,
        );
    }
    let mut url = None;
    let mut rps = None;
    let mut ramp = 0;
    let mut pattern = Pattern::Steady;
    let mut clients = 10;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| {
            rest.next()
                .cloned()
                .ok_or_else(|| usage_error(&format!("{name} needs a value")))
        };
        let parsed = match arg.as_str() {
            "--rps" => value("--rps").and_then(|v| match v.parse::<f64>() {
                Ok(n) if n.is_finite() && n > 0.0 && n <= MAX_RPS => {
                    rps = Some(n);
                    Ok(())
                }
                _ => Err(usage_error(&format!(
                    "--rps must be a number above 0 and at most {MAX_RPS}"
                ))),
            }),
            "--ramp" => value("--ramp").and_then(|v| match parse_duration(&v) {
                Some(seconds) => {
                    ramp = seconds;
                    Ok(())
                }
                None => Err(usage_error("--ramp takes a duration like 90s, 5m or 1h")),
            }),
            "--pattern" => value("--pattern").and_then(|v| match Pattern::parse(&v) {
                Some(p) => {
                    pattern = p;
                    Ok(())
                }
                None => Err(usage_error("--pattern is steady, spike or daily")),
            }),
            "--clients" => value("--clients").and_then(|v| match v.parse::<u32>() {
                Ok(n) if (1..=MAX_CLIENTS).contains(&n) => {
                    clients = n;
                    Ok(())
                }
                _ => Err(usage_error(&format!(
                    "--clients must be a whole number from 1 to {MAX_CLIENTS}"
                ))),
            }),
            flag if flag.starts_with('-') => Err(usage_error(&format!("unknown option {flag}"))),
            _ if url.is_none() => {
                url = Some(arg.clone());
                Ok(())
            }
            extra => Err(usage_error(&format!("unexpected argument {extra}"))),
        };
        if let Err(outcome) = parsed {
            return outcome;
        }
    }
    let Some(url) = url else {
        return usage_error("a URL is needed");
    };
    let Some(rps) = rps else {
        return usage_error("--rps is needed");
    };
    let Some((host, port, path)) = split_url(&url) else {
        return Outcome::fail(format!("load: {url}: only http:// URLs are supported\n"), 1);
    };
    let target = if world.elb.resolve(&host).is_some() {
        LoadTarget::Balancer(host.to_ascii_lowercase())
    } else {
        match resolve_host(world, &host) {
            Resolved::Address(ip) => LoadTarget::Address(ip),
            Resolved::Unknown => {
                return Outcome::fail(format!("load: could not resolve host: {host}\n"), 6)
            }
        }
    };
    let demand = Demand {
        rps,
        pattern,
        ramp,
        started: world.now(),
    };
    let id = world.start_load(Load {
        id: String::new(),
        region: String::new(),
        url: url.clone(),
        target,
        port,
        path,
        client_ip: LEARNER_PUBLIC_IP,
        demand,
        clients,
    });
    let ramp_text = if ramp > 0 {
        format!(", ramping up over {ramp} s")
    } else {
        String::new()
    };
    Outcome::out(format!(
        "{id}: {} requests/s ({}) to {url} from {clients} clients{ramp_text}.\nStop it with: load stop {id}\n",
        number(rps),
        pattern.name(),
    ))
}

/// The host, port and path of an `http://` URL as curl reads it (a bare
/// host is taken as one).
fn split_url(url: &str) -> Option<(String, u16, String)> {
    match super::curl::split_url(url) {
        Ok((false, host, port, path)) if !host.is_empty() => {
            Some((host.to_string(), port, path.to_string()))
        }
        _ => None,
    }
}

fn stop(world: &mut World, args: &[String]) -> Outcome {
    match args {
        [] => match world.stop_load(None) {
            0 => Outcome::out("No load is running.\n"),
            n => Outcome::out(format!(
                "Stopped {n} load{}.\n",
                if n == 1 { "" } else { "s" }
            )),
        },
        [id] => match world.stop_load(Some(id)) {
            0 => Outcome::fail(format!("load: no load {id} is running\n"), 1),
            _ => Outcome::out(format!("Stopped {id}.\n")),
        },
        _ => Outcome::fail(USAGE, 2),
    }
}

fn status(world: &World) -> Outcome {
    let loads = world.traffic.loads();
    if loads.is_empty() {
        return Outcome::out("No load is running. Start one with: load start URL --rps N\n");
    }
    let now = world.now();
    let mut out = String::from(
        "ID       NOW(req/s)  PEAK(req/s)  PATTERN  CLIENTS  SINCE                      URL\n",
    );
    for load in loads.iter().map(|load| load.summary(now)) {
        out.push_str(&format!(
            "{:<8} {:>10}  {:>11}  {:<7}  {:>7}  {:<25}  {}\n",
            load.id,
            number(load.rate_now),
            number(load.rps),
            load.pattern,
            load.clients,
            load.since,
            load.url
        ));
    }
    Outcome::out(out)
}

/// A rate as people write it: whole numbers without decimals.
fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        assert_eq!(
            split_url("http://a.example.com/x/y"),
            Some(("a.example.com".into(), 80, "/x/y".into()))
        );
        assert_eq!(
            split_url("10.0.0.1:8080"),
            Some(("10.0.0.1".into(), 8080, "/".into()))
        );
        assert_eq!(split_url("https://a.example.com/"), None);
        assert_eq!(split_url("http://:80/"), None);
    }
}
