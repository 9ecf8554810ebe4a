//! `ssh` from the learner's machine, as the OpenSSH client behaves: name
//! resolution, the TCP connection (through the reachability rules), the
//! host-key question and `~/.ssh/known_hosts`, the identity file's
//! permissions, and public-key authentication against the key authorized at
//! launch. The host-key question is answered by the next line typed.

use super::builtins::Outcome;
use super::guest::Session;
use super::home::Home;
use super::LEARNER_PUBLIC_IP;
use crate::api::World;
use crate::ec2::guest::Guest;
use crate::ec2::images::OsFamily;
use crate::ec2::reachability::{locate, tcp_connect, Reachability};
use crate::kernel::{hash, DomainEvent};
use base64::{engine::general_purpose::STANDARD, engine::general_purpose::STANDARD_NO_PAD, Engine};
use std::net::Ipv4Addr;

/// Seconds Linux spends on an unanswered connect: the first SYN and six
/// retries (`net.ipv4.tcp_syn_retries`), backing off 1+2+...+64 seconds.
/// OpenSSH has no ConnectTimeout of its own by default.
pub const KERNEL_CONNECT_TIMEOUT_SECONDS: u64 = 127;
/// Where ssh keeps the host keys it trusts (in the home folder).
pub const KNOWN_HOSTS: &str = ".ssh/known_hosts";
/// How long the forced command for a refused root login sleeps.
const ROOT_LOGIN_SLEEP_SECONDS: u64 = 10;

/// What a host name stands for.
pub enum Resolved {
    Address(Ipv4Addr),
    Unknown,
}

/// Resolves an IPv4 literal or an EC2 public DNS name
/// (`ec2-3-85-1-2.compute-1.amazonaws.com`) of an address someone holds.
pub fn resolve_host(world: &World, host: &str) -> Resolved {
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Resolved::Address(ip);
    }
    let Some(label) = host
        .strip_prefix("ec2-")
        .and_then(|rest| rest.split_once('.'))
        .filter(|(_, domain)| domain.ends_with("amazonaws.com"))
        .map(|(label, _)| label)
    else {
        return Resolved::Unknown;
    };
    match label.replace('-', ".").parse::<Ipv4Addr>() {
        // Public DNS names resolve only while the address is in use.
        Ok(ip) if locate(&world.ec2, ip).is_some() => Resolved::Address(ip),
        _ => Resolved::Unknown,
    }
}

/// The ssh command line, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    pub identity: Option<String>,
    pub user: Option<String>,
    pub host: String,
    pub port: u16,
    pub strict_host_key_checking: Option<String>,
    pub connect_timeout: Option<u64>,
    /// A command to run instead of a login shell.
    pub remote: Vec<String>,
}

const USAGE: &str = "usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n";

/// Parses ssh's arguments.
pub fn parse(args: &[String]) -> Result<Command, Outcome> {
    let mut command = Command {
        port: 22,
        ..Command::default()
    };
    let mut rest = args.iter();
    let usage = || Outcome::fail(USAGE, 255);
    while let Some(arg) = rest.next() {
        if !command.host.is_empty() {
            command.remote.push(arg.clone());
            continue;
        }
        match arg.as_str() {
            "-i" => command.identity = Some(rest.next().ok_or_else(usage)?.clone()),
            "-l" => command.user = Some(rest.next().ok_or_else(usage)?.clone()),
            "-p" => {
                let port = rest.next().ok_or_else(usage)?;
                command.port = port
                    .parse()
                    .map_err(|_| Outcome::fail(format!("Bad port '{port}'\n"), 255))?;
            }
            "-o" => {
                let option = rest.next().ok_or_else(usage)?;
                let (key, value) = option
                    .split_once(['=', ' '])
                    .map(|(k, v)| (k.trim(), v.trim()))
                    .unwrap_or((option.as_str(), ""));
                match key.to_ascii_lowercase().as_str() {
                    "stricthostkeychecking" => {
                        command.strict_host_key_checking = Some(value.to_ascii_lowercase())
                    }
                    "connecttimeout" => command.connect_timeout = value.parse().ok(),
                    "userknownhostsfile"
                    | "identitiesonly"
                    | "serveraliveinterval"
                    | "loglevel" => {}
                    _ => {
                        return Err(Outcome::fail(
                            format!("command-line line 0: Unsupported option \"{key}\"\n"),
                            255,
                        ))
                    }
                }
            }
            flag if flag.starts_with('-') && flag.len() > 1 => {
                if flag[1..]
                    .chars()
                    .any(|c| !"46AaCfGgKkMNnqsTtVvXxYy".contains(c))
                {
                    return Err(Outcome::fail(
                        format!("ssh: illegal option -- {}\n{USAGE}", &flag[1..2]),
                        255,
                    ));
                }
            }
            destination => match destination.rsplit_once('@') {
                Some((user, host)) => {
                    command.user = Some(user.to_string());
                    command.host = host.to_string();
                }
                None => command.host = destination.to_string(),
            },
        }
    }
    if command.host.is_empty() {
        return Err(usage());
    }
    Ok(command)
}

/// How an ssh attempt ended.
pub enum Attempt {
    /// Failed or ran to completion: print this.
    Done(Outcome),
    /// The host key is unknown: print the question and wait for the answer.
    Ask(Outcome),
    /// Logged in: print this and open (or, with a remote command, use) the session.
    LoggedIn(Outcome, Session),
}

/// The host key of an instance: its `ssh-ed25519` public key in base64.
fn host_key(instance_id: &str) -> String {
    let mut blob = Vec::new();
    for part in [
        b"ssh-ed25519".to_vec(),
        hash::digest(format!("host-key {instance_id}").as_bytes(), 32),
    ] {
        blob.extend_from_slice(&u32::try_from(part.len()).unwrap_or(0).to_be_bytes());
        blob.extend(part);
    }
    STANDARD.encode(blob)
}

/// `SHA256:...` of a host key.
fn fingerprint(key: &str) -> String {
    format!(
        "SHA256:{}",
        STANDARD_NO_PAD.encode(hash::digest(key.as_bytes(), 32))
    )
}

/// The methods sshd offers, as `Permission denied (...)` lists them.
fn auth_methods(family: OsFamily) -> &'static str {
    match family {
        OsFamily::Ubuntu | OsFamily::Debian => "publickey",
        OsFamily::Suse => "publickey,keyboard-interactive",
        _ => "publickey,gssapi-keyex,gssapi-with-mic",
    }
}

/// Tries to log in. `accepted` is true when the learner has just answered
/// `yes` to the host-key question. Time passes for timeouts.
pub fn connect(
    world: &mut World,
    home: &mut Home,
    command: &Command,
    accepted: bool,
    events: &mut Vec<DomainEvent>,
) -> Attempt {
    let mut out = Outcome::default();
    let host = command.host.as_str();
    let identity = command.identity.as_deref();
    if let Some(path) = identity {
        if home.lookup(path).is_err() {
            out.stderr.push_str(&format!(
                "Warning: Identity file {path} not accessible: No such file or directory.\n"
            ));
        }
    }
    let ip = match resolve_host(world, host) {
        Resolved::Address(ip) => ip,
        Resolved::Unknown => {
            out.stderr.push_str(&format!(
                "ssh: Could not resolve hostname {host}: Name or service not known\n"
            ));
            out.exit_code = 255;
            return Attempt::Done(out);
        }
    };
    let instance_id = match tcp_connect(&world.ec2, LEARNER_PUBLIC_IP, ip, command.port) {
        Reachability::Reached { instance_id } => instance_id,
        Reachability::Refused { .. } => {
            out.stderr.push_str(&format!(
                "ssh: connect to host {host} port {}: Connection refused\n",
                command.port
            ));
            out.exit_code = 255;
            return Attempt::Done(out);
        }
        Reachability::TimedOut(_) => {
            let wait = command
                .connect_timeout
                .filter(|&t| t > 0)
                .map_or(KERNEL_CONNECT_TIMEOUT_SECONDS, |t| {
                    t.min(KERNEL_CONNECT_TIMEOUT_SECONDS)
                });
            events.extend(world.advance(wait));
            out.stderr.push_str(&format!(
                "ssh: connect to host {host} port {}: Connection timed out\n",
                command.port
            ));
            out.exit_code = 255;
            return Attempt::Done(out);
        }
    };
    let key = host_key(&instance_id);
    let entry = format!("{host} ssh-ed25519 {key}");
    let known = home
        .read(KNOWN_HOSTS)
        .is_ok_and(|text| text.lines().any(|line| line == entry));
    if !known {
        let policy = command.strict_host_key_checking.as_deref().unwrap_or("ask");
        let add = accepted || matches!(policy, "no" | "off" | "accept-new");
        if policy == "yes" {
            out.stderr.push_str(&format!("No ED25519 host key is known for {host} and you have requested strict checking.\nHost key verification failed.\n"));
            out.exit_code = 255;
            return Attempt::Done(out);
        }
        if !add {
            let shown = if host == ip.to_string() {
                format!("{host} ({host})")
            } else {
                format!("{host} ({ip})")
            };
            out.stdout.push_str(&format!(
                "The authenticity of host '{shown}' can't be established.\nED25519 key fingerprint is {}.\nThis key is not known by any other names.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? ",
                fingerprint(&key)
            ));
            return Attempt::Ask(out);
        }
        let now = world.now();
        let written = home
            .open_for_write(KNOWN_HOSTS, true, now)
            .and_then(|name| home.append(&name, &format!("{entry}\n"), now));
        if written.is_ok() {
            out.stderr.push_str(&format!(
                "Warning: Permanently added '{host}' (ED25519) to the list of known hosts.\n"
            ));
        }
    }
    authenticate(world, home, command, ip, out, events)
}

/// Public-key authentication with the identity file, then the login.
fn authenticate(
    world: &mut World,
    home: &Home,
    command: &Command,
    ip: Ipv4Addr,
    mut out: Outcome,
    events: &mut Vec<DomainEvent>,
) -> Attempt {
    let host = command.host.as_str();
    let Some((region, guest)) = locate(&world.ec2, ip)
        .and_then(|(region, instance)| Some((region, region.guests.get(&instance.id)?)))
    else {
        out.exit_code = 255;
        return Attempt::Done(out);
    };
    let instance_id = locate(&world.ec2, ip)
        .map(|(_, i)| i.id.clone())
        .unwrap_or_default();
    let region_name = region.name.clone();
    let family = guest.family;
    let login_user = guest.login_user.clone();
    let authorized = guest.authorized_keys.clone();
    let user = command.user.clone().unwrap_or_else(|| "learner".into());
    let mut offered = None;
    if let Some((path, file)) = command
        .identity
        .as_deref()
        .and_then(|p| Some((p, home.lookup(p).ok()?.1)))
    {
        if file.mode & 0o077 != 0 {
            out.stderr.push_str(&format!(
                "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nPermissions {:04o} for '{path}' are too open.\nIt is required that your private key files are NOT accessible by others.\nThis private key will be ignored.\nLoad key \"{path}\": bad permissions\n",
                file.mode
            ));
        } else if file.mode & 0o400 == 0 {
            out.stderr
                .push_str(&format!("Load key \"{path}\": Permission denied\n"));
        } else if !file.content.trim_start().starts_with("-----BEGIN") {
            out.stderr
                .push_str(&format!("Load key \"{path}\": invalid format\n"));
        } else {
            offered = Some(hash::fnv1a(file.content.trim()));
        }
    }
    let key_ok = offered.is_some_and(|key| authorized.contains(&key));
    let denied = |mut out: Outcome| {
        out.stderr.push_str(&format!(
            "{user}@{host}: Permission denied ({}).\n",
            auth_methods(family)
        ));
        out.exit_code = 255;
        Attempt::Done(out)
    };
    if !key_ok {
        return denied(out);
    }
    if user == "root" && family != OsFamily::Windows {
        // cloud-init authorizes the key for root with a command that only
        // names the right user.
        out.stdout.push_str(&format!(
            "Please login as the user \"{login_user}\" rather than the user \"root\".\n\n"
        ));
        events.extend(world.advance(ROOT_LOGIN_SLEEP_SECONDS));
        out.stderr
            .push_str(&format!("Connection to {host} closed.\n"));
        out.exit_code = 142;
        return Attempt::Done(out);
    }
    if user != login_user {
        return denied(out);
    }
    let session = Session {
        region: region_name,
        instance_id,
        host: host.to_string(),
        user: user.clone(),
        root_shell: false,
        cwd: Guest::home_of(&user),
    };
    Attempt::LoggedIn(out, session)
}
