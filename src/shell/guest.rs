//! A shell session on an instance, opened by `ssh`: the same shell language
//! as the learner's machine, with the instance's filesystem, users,
//! packages and services underneath. Commands run as the login user, or as
//! root under `sudo`.

use super::builtins::{ls_time, mode_string, parse_mode, Outcome};
use super::curl;
use super::disks;
use super::docker;
use super::filters;
use crate::api::World;
use crate::ec2::guest::fs::{normalize, GuestFsError, NodeKind};
use crate::ec2::guest::{packages, Guest};
use crate::ec2::images::OsFamily;
use crate::ec2::instances::Instance;
use crate::kernel::DomainEvent;

/// An open ssh session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub region: String,
    pub instance_id: String,
    /// The host as typed after `ssh`, for `Connection to ... closed.`.
    pub host: String,
    /// The user logged in.
    pub user: String,
    /// True inside `sudo su` / `sudo -i`: commands run as root.
    pub root_shell: bool,
    /// Current folder.
    pub cwd: String,
}

/// What guest commands work on.
pub struct Context<'a> {
    pub world: &'a mut World,
    pub session: &'a mut Session,
    pub events: &'a mut Vec<DomainEvent>,
    pub changed: &'a mut bool,
    /// What the command before it in a pipeline wrote (empty otherwise).
    pub stdin: &'a str,
}

/// The instance and its guest OS behind a session.
pub fn guest_of<'w>(
    world: &'w mut World,
    session: &Session,
) -> Option<(&'w mut Guest, &'w Instance)> {
    let (region, _) = world.ec2.region_and_timers(&session.region)?;
    let instance = region.instances.get(&session.instance_id)?;
    let guest = region.guests.get_mut(&session.instance_id)?;
    Some((guest, instance))
}

impl Session {
    /// The user commands run as.
    pub fn effective_user(&self) -> &str {
        if self.root_shell {
            "root"
        } else {
            &self.user
        }
    }

    /// `cwd` as the prompt shows it (`~` for home).
    fn short_cwd(&self) -> String {
        let home = Guest::home_of(self.effective_user());
        match self.cwd.strip_prefix(&home) {
            Some("") => "~".into(),
            Some(rest) if rest.starts_with('/') => format!("~{rest}"),
            _ => self.cwd.clone(),
        }
    }

    /// The shell prompt: `[ec2-user@ip-172-31-5-17 ~]$` on Red Hat-style
    /// systems, `ubuntu@ip-172-31-5-17:~$` on Debian-style ones.
    pub fn prompt(&self, family: OsFamily, hostname: &str) -> String {
        let host = hostname.split('.').next().unwrap_or(hostname);
        let user = self.effective_user();
        let sign = if user == "root" { '#' } else { '$' };
        let cwd = self.short_cwd();
        match family {
            OsFamily::Ubuntu | OsFamily::Debian => format!("{user}@{host}:{cwd}{sign} "),
            OsFamily::Suse => format!("{user}@{host}:{cwd}> "),
            _ => {
                let folder = if cwd == "~" {
                    "~"
                } else {
                    cwd.rsplit('/')
                        .next()
                        .filter(|s| !s.is_empty())
                        .unwrap_or("/")
                };
                format!("[{user}@{host} {folder}]{sign} ")
            }
        }
    }
}

/// What a power command asks of the guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    /// `shutdown -h now`, `poweroff`, `halt`: the OS stops; EC2 then stops
    /// or terminates the instance.
    Off,
    /// `reboot`, `shutdown -r now`: the OS restarts; EC2 sees no change.
    Reboot,
}

/// `shutdown`, `poweroff`, `halt` and `reboot`, as root or under `sudo`:
/// what they ask, or systemd's refusal for an ordinary user. `None` for
/// any other command. Every form acts at once, as `now` does.
pub fn power_request(session: &Session, words: &[String]) -> Option<Result<Power, Outcome>> {
    let (as_root, command) = match words.split_first() {
        Some((first, rest)) if first == "sudo" => (true, rest),
        _ => (session.effective_user() == "root", words),
    };
    let (name, args) = command.split_first()?;
    let power = match name.as_str() {
        "poweroff" | "halt" => Power::Off,
        "reboot" => Power::Reboot,
        "shutdown" if args.iter().any(|a| a == "-r" || a == "--reboot") => Power::Reboot,
        "shutdown" => Power::Off,
        _ => return None,
    };
    if as_root {
        return Some(Ok(power));
    }
    let call = if power == Power::Off {
        "PowerOff"
    } else {
        "Reboot"
    };
    Some(Err(Outcome::fail(
        format!("Call to {call} failed: Interactive authentication required.\n"),
        1,
    )))
}

/// Runs a guest command; `None` when the command is the same on every
/// machine (echo, sleep, date, ...) and the learner's built-ins serve it.
pub fn run(ctx: Context, words: &[String]) -> Option<Outcome> {
    let (name, args) = words.split_first()?;
    let user = ctx.session.effective_user().to_string();
    if name == "sudo" {
        return Some(sudo(ctx, args));
    }
    run_as(ctx, &user, name, args)
}

fn sudo(ctx: Context, args: &[String]) -> Outcome {
    match args.split_first() {
        None => Outcome::fail("usage: sudo -h | -K | -k | -V\n", 1),
        Some((first, rest)) if first == "su" || first == "-i" || first == "-s" => {
            if rest.is_empty() || first == "su" && rest == ["-"] {
                ctx.session.root_shell = true;
                ctx.session.cwd = "/root".into();
                *ctx.changed = true;
                Outcome::default()
            } else {
                Outcome::fail(
                    "sudo: only `sudo su`, `sudo -i` and `sudo -s` open a root shell here\n",
                    1,
                )
            }
        }
        Some((name, rest)) => run_as(ctx, "root", name, rest).unwrap_or_else(|| {
            // A command every machine has (echo, sleep): run it as is.
            Outcome::fail(
                format!("sudo: {name}: run it without sudo in this terminal\n"),
                1,
            )
        }),
    }
}

fn run_as(ctx: Context, user: &str, name: &str, args: &[String]) -> Option<Outcome> {
    if let Some((outcome, changed)) = disks::run(ctx.world, ctx.session, user, name, args) {
        *ctx.changed |= changed;
        return Some(outcome);
    }
    let now = ctx.world.now();
    let cwd = ctx.session.cwd.clone();
    let root_gib = ctx
        .world
        .ec2
        .region(&ctx.session.region)
        .and_then(|region| region.root_volume_gib(&ctx.session.instance_id))
        .unwrap_or(8);
    let mounted = if name == "df" {
        disks::df_lines(ctx.world, ctx.session)
    } else {
        String::new()
    };
    let Some((guest, instance)) = guest_of(ctx.world, ctx.session) else {
        return Some(Outcome::fail("Connection closed by remote host.\n", 255));
    };
    let home = Guest::home_of(user);
    let path = |p: &str| normalize(&cwd, &home, p);
    let outcome = match name {
        "whoami" => Outcome::out(format!("{user}\n")),
        "hostname" => Outcome::out(format!("{}\n", guest.hostname)),
        "pwd" => Outcome::out(format!("{cwd}\n")),
        "cd" => {
            let target = path(args.first().map_or("~", String::as_str));
            match guest.fs.get(&target).map(|n| &n.kind) {
                Some(NodeKind::Dir) => {
                    ctx.session.cwd = target;
                    *ctx.changed = true;
                    Outcome::default()
                }
                found => Outcome::fail(
                    format!(
                        "-bash: cd: {}: {}\n",
                        args.first().map_or("", String::as_str),
                        if found.is_some() {
                            GuestFsError::NotADirectory.text()
                        } else {
                            GuestFsError::NotFound.text()
                        }
                    ),
                    1,
                ),
            }
        }
        "cat" | "grep" | "head" | "wc" | "base64" => {
            let fs = &guest.fs;
            let read = |p: &str| {
                fs.read(&path(p), user)
                    .map(str::to_string)
                    .map_err(GuestFsError::text)
            };
            filters::run(name, args, ctx.stdin, &read).unwrap_or_default()
        }
        "tee" => {
            *ctx.changed = true;
            let fs = &mut guest.fs;
            filters::tee(args, ctx.stdin, &mut |p, text, append| {
                fs.write(&path(p), text, append, user, now)
                    .map_err(GuestFsError::text)
            })
        }
        "ls" => ls(guest, &cwd, &home, args),
        "mkdir" | "touch" | "rm" | "chmod" => {
            let out = change_files(guest, user, &cwd, &home, name, args, now);
            *ctx.changed = true;
            out
        }
        "df" => {
            let mut out = df(instance, root_gib);
            out.stdout.push_str(&mounted);
            out
        }
        "curl" => {
            let out = curl::run(ctx.world, curl::Origin::Guest(ctx.session), args);
            *ctx.changed |= out.1;
            ctx.events.extend(out.2);
            out.0
        }
        "dnf" | "yum" if uses_dnf(guest.family, name) => {
            let out = package_manager(guest, user, name, args, now);
            *ctx.changed = true;
            out
        }
        "apt" | "apt-get" if matches!(guest.family, OsFamily::Ubuntu | OsFamily::Debian) => {
            let out = package_manager(guest, user, name, args, now);
            *ctx.changed = true;
            out
        }
        "zypper" if guest.family == OsFamily::Suse => {
            let out = package_manager(guest, user, name, args, now);
            *ctx.changed = true;
            out
        }
        "systemctl" => {
            let out = systemctl(guest, user, args, now);
            *ctx.changed = true;
            out
        }
        "docker" if guest.packages.contains("docker") => {
            docker::run(guest, &instance.id, user, args, now)
        }
        "service" | "dnf" | "yum" | "apt" | "apt-get" | "zypper" | "docker" => {
            Outcome::fail(format!("-bash: {name}: command not found\n"), 127)
        }
        _ => return None,
    };
    Some(outcome)
}

fn uses_dnf(family: OsFamily, name: &str) -> bool {
    match family {
        OsFamily::AmazonLinux2023 | OsFamily::RedHat => true,
        // Amazon Linux 2 has yum only.
        OsFamily::AmazonLinux2 => name == "yum",
        _ => false,
    }
}

fn ls(guest: &Guest, cwd: &str, home: &str, args: &[String]) -> Outcome {
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let all = args.iter().any(|a| a.starts_with('-') && a.contains('a'));
    let target = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map_or(cwd.to_string(), |p| normalize(cwd, home, p));
    let entries: Vec<(String, &crate::ec2::guest::fs::Node)> = match guest.fs.get(&target) {
        None => {
            let shown = args.iter().find(|a| !a.starts_with('-')).map_or(cwd, |s| s);
            return Outcome::fail(
                format!("ls: cannot access '{shown}': No such file or directory\n"),
                2,
            );
        }
        Some(node) if matches!(node.kind, NodeKind::File(_)) => {
            vec![(target.rsplit('/').next().unwrap_or("").to_string(), node)]
        }
        Some(_) => guest
            .fs
            .list(&target)
            .into_iter()
            .filter(|(name, _)| all || !name.starts_with('.'))
            .map(|(name, node)| (name.to_string(), node))
            .collect(),
    };
    let mut out = String::new();
    if long {
        for (name, node) in &entries {
            let (kind, size) = match &node.kind {
                NodeKind::Dir => ('d', 4096),
                NodeKind::File(text) => ('-', text.len()),
            };
            out.push_str(&format!(
                "{} 1 {owner} {owner} {size:>5} {} {name}\n",
                mode_string(kind, node.mode),
                ls_time(node.modified),
                owner = node.owner
            ));
        }
    } else if !entries.is_empty() {
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        out = format!("{}\n", names.join("  "));
    }
    Outcome::out(out)
}

/// mkdir, touch, rm and chmod, which write the filesystem as `user`.
fn change_files(
    guest: &mut Guest,
    user: &str,
    cwd: &str,
    home: &str,
    command: &str,
    args: &[String],
    now: u64,
) -> Outcome {
    let flags: String = args
        .iter()
        .filter(|a| a.starts_with('-') && a.len() > 1)
        .map(|a| &a[1..])
        .collect();
    let mut operands: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || a.len() == 1)
        .collect();
    let mode = if command == "chmod" && !operands.is_empty() {
        let text = operands.remove(0);
        match parse_mode(text, 0o644) {
            Some(mode) => Some(mode),
            None => {
                return Outcome::fail(
                    format!(
                        "chmod: invalid mode: '{text}'\nTry 'chmod --help' for more information.\n"
                    ),
                    1,
                )
            }
        }
    } else {
        None
    };
    if operands.is_empty() {
        return Outcome::fail(
            format!("{command}: missing operand\nTry '{command} --help' for more information.\n"),
            1,
        );
    }
    let mut out = Outcome::default();
    for operand in operands {
        let target = normalize(cwd, home, operand);
        let result = match command {
            "mkdir" => guest.fs.mkdir(&target, flags.contains('p'), user, now),
            "touch" if guest.fs.get(&target).is_some() => Ok(()),
            "touch" => guest.fs.write(&target, "", true, user, now),
            "rm" => match guest.fs.remove(&target, user) {
                Err(GuestFsError::NotFound) if flags.contains('f') => Ok(()),
                other => other,
            },
            _ => guest.fs.chmod(&target, mode.unwrap_or(0o644), user),
        };
        if let Err(e) = result {
            let what = match command {
                "mkdir" => format!("mkdir: cannot create directory ‘{operand}’"),
                "touch" => format!("touch: cannot touch '{operand}'"),
                "rm" => format!("rm: cannot remove '{operand}'"),
                "chmod" if e == GuestFsError::PermissionDenied => {
                    format!("chmod: changing permissions of '{operand}': Operation not permitted\n")
                }
                _ => format!("chmod: cannot access '{operand}'"),
            };
            if what.ends_with('\n') {
                out.stderr.push_str(&what);
            } else {
                out.stderr.push_str(&format!("{what}: {}\n", e.text()));
            }
            out.exit_code = 1;
        }
    }
    out
}

fn df(instance: &Instance, size: u32) -> Outcome {
    let device = if instance.root_device_name.starts_with("/dev/xvda") {
        "/dev/nvme0n1p1"
    } else {
        "/dev/root"
    };
    // The OS and its packages take about 1.6 GiB of the root volume.
    let used = 1.6_f64;
    let size_f = f64::from(size);
    Outcome::out(format!(
        "Filesystem      Size  Used Avail Use% Mounted on\n{device:<15} {size_f:>4.1}G  {used:.1}G  {:>3.1}G {:>3}% /\ntmpfs           475M     0  475M   0% /dev/shm\n",
        size_f - used,
        (used / size_f * 100.0).ceil() as u32
    ))
}

/// dnf, yum, apt, apt-get and zypper: install, remove, update.
fn package_manager(
    guest: &mut Guest,
    user: &str,
    tool: &str,
    args: &[String],
    now: u64,
) -> Outcome {
    let deb = matches!(guest.family, OsFamily::Ubuntu | OsFamily::Debian);
    let assume_yes = args.iter().any(|a| {
        a == "-y" || a == "--yes" || a == "--assumeyes" || a == "--non-interactive" || a == "-n"
    });
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some((action, names)) = words.split_first() else {
        return Outcome::fail(
            format!("{tool}: a command is required, e.g. {tool} install\n"),
            1,
        );
    };
    if user != "root" {
        return match tool {
            "zypper" => Outcome::fail("Root privileges are required to run this command.\n", 5),
            "apt" | "apt-get" => Outcome::fail(
                "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n",
                100,
            ),
            _ => Outcome::fail(
                "Error: This command has to be run with superuser privileges (under the root user on most systems).\n",
                1,
            ),
        };
    }
    match action.as_str() {
        "update" | "upgrade" | "refresh" | "makecache" => {
            guest.package_lists = true;
            Outcome::out(if deb {
                "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nAll packages are up to date.\n"
            } else {
                "Dependencies resolved.\nNothing to do.\nComplete!\n"
            })
        }
        "install" | "in" => install(guest, tool, deb, assume_yes, names, now),
        "remove" | "erase" | "rm" => {
            for name in names {
                guest.packages.remove(name.as_str());
                guest.active.remove(name.as_str());
                guest.enabled.remove(name.as_str());
            }
            Outcome::out(if deb {
                "Reading package lists... Done\n"
            } else {
                "Complete!\n"
            })
        }
        other => Outcome::fail(
            format!("{tool}: this sandbox knows install, remove and update, not '{other}'\n"),
            1,
        ),
    }
}

fn install(
    guest: &mut Guest,
    tool: &str,
    deb: bool,
    assume_yes: bool,
    names: &[&String],
    now: u64,
) -> Outcome {
    let mut found = Vec::new();
    for name in names {
        // A fresh Debian-style image has no package lists until `apt update`.
        match packages::find(guest.family, name).filter(|_| !deb || guest.package_lists) {
            Some(package) => found.push(package),
            None if deb => return Outcome::fail(format!("Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nE: Unable to locate package {name}\n"), 100),
            None if tool == "zypper" => return Outcome::fail(format!("Package '{name}' not found.\n"), 104),
            None => return Outcome::fail(format!("No match for argument: {name}\nError: Unable to find a match: {name}\n"), 1),
        }
    }
    let new: Vec<_> = found
        .iter()
        .filter(|p| !guest.packages.contains(p.name))
        .collect();
    if new.is_empty() {
        return Outcome::out(if deb {
            "Reading package lists... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n".to_string()
        } else {
            format!(
                "{}Dependencies resolved.\nNothing to do.\nComplete!\n",
                found
                    .iter()
                    .map(|p| format!(
                        "Package {}-{}.x86_64 is already installed.\n",
                        p.name, p.version
                    ))
                    .collect::<String>()
            )
        });
    }
    let list: String = new.iter().map(|p| format!("  {}\n", p.name)).collect();
    if !assume_yes {
        return Outcome::fail(
            if deb {
                format!("The following NEW packages will be installed:\n{list}Do you want to continue? [Y/n] Abort.\n")
            } else {
                format!("Installing:\n{list}Is this ok [y/N]: Operation aborted.\n")
            },
            1,
        );
    }
    let mut out = String::new();
    for package in &new {
        guest.install(package, now);
        if deb {
            out.push_str(&format!(
                "Setting up {} ({}) ...\n",
                package.name, package.version
            ));
            // Debian-style packages enable and start their service at once.
            if let Some(service) = &package.service {
                guest.enabled.insert(service.unit.to_string());
                guest.active.insert(service.unit.to_string(), now);
            }
        } else {
            out.push_str(&format!("  {}-{}.x86_64\n", package.name, package.version));
        }
    }
    Outcome::out(if deb {
        format!("Reading package lists... Done\nThe following NEW packages will be installed:\n{list}{} newly installed.\n{out}", new.len())
    } else {
        format!("Dependencies resolved.\nInstalling:\n{list}\nInstalled:\n{out}\nComplete!\n")
    })
}

/// `systemctl start|stop|restart|enable|disable|status|is-active UNIT`.
fn systemctl(guest: &mut Guest, user: &str, args: &[String], now: u64) -> Outcome {
    let now_flag = args.iter().any(|a| a == "--now");
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some((action, units)) = words.split_first() else {
        return Outcome::fail(
            "systemctl: this sandbox needs an action, e.g. systemctl status httpd\n",
            1,
        );
    };
    let mut out = Outcome::default();
    for unit in units {
        let unit = unit.trim_end_matches(".service");
        let known = guest.unit(unit);
        let verb = match action.as_str() {
            "start" | "stop" | "restart" | "reload" | "enable" | "disable" => action.as_str(),
            "status" | "is-active" | "is-enabled" => {
                let reply = status(guest, unit, action, now);
                out.stdout.push_str(&reply.stdout);
                out.stderr.push_str(&reply.stderr);
                out.exit_code = out.exit_code.max(reply.exit_code);
                continue;
            }
            other => return Outcome::fail(format!("Unknown command verb '{other}'.\n"), 1),
        };
        if user != "root" {
            return Outcome::fail(format!("Failed to {verb} {unit}.service: Interactive authentication required.\nSee system logs and 'systemctl status {unit}.service' for details.\n"), 1);
        }
        let Some((unit, _)) = known else {
            return Outcome::fail(
                format!("Failed to {verb} {unit}.service: Unit {unit}.service not found.\n"),
                5,
            );
        };
        let unit = unit.to_string();
        match verb {
            "start" => {
                guest.active.entry(unit).or_insert(now);
            }
            "restart" | "reload" => {
                guest.active.insert(unit, now);
            }
            "stop" => {
                guest.active.remove(&unit);
            }
            "enable" => {
                if guest.enabled.insert(unit.clone()) {
                    out.stderr.push_str(&format!("Created symlink /etc/systemd/system/multi-user.target.wants/{unit}.service → /usr/lib/systemd/system/{unit}.service.\n"));
                }
                if now_flag {
                    guest.active.entry(unit).or_insert(now);
                }
            }
            _ => {
                if guest.enabled.remove(&unit) {
                    out.stderr.push_str(&format!(
                        "Removed \"/etc/systemd/system/multi-user.target.wants/{unit}.service\".\n"
                    ));
                }
                if now_flag {
                    guest.active.remove(&unit);
                }
            }
        }
    }
    out
}

fn status(guest: &Guest, unit: &str, action: &str, now: u64) -> Outcome {
    let Some((unit, description)) = guest.unit(unit) else {
        return match action {
            "status" => Outcome::fail(format!("Unit {unit}.service could not be found.\n"), 4),
            _ => Outcome {
                stdout: "inactive\n".into(),
                exit_code: 3,
                ..Outcome::default()
            },
        };
    };
    let since = guest.active.get(unit);
    let enabled = if guest.enabled.contains(unit) {
        "enabled"
    } else {
        "disabled"
    };
    match action {
        "is-active" => Outcome {
            stdout: format!(
                "{}\n",
                if since.is_some() {
                    "active"
                } else {
                    "inactive"
                }
            ),
            exit_code: if since.is_some() { 0 } else { 3 },
            ..Outcome::default()
        },
        "is-enabled" => Outcome {
            stdout: format!("{enabled}\n"),
            exit_code: i32::from(enabled == "disabled"),
            ..Outcome::default()
        },
        _ => {
            let (dot, active) = match since {
                Some(&at) => (
                    '●',
                    format!(
                        "active (running) since {}; {}s ago",
                        systemd_time(at),
                        now.saturating_sub(at)
                    ),
                ),
                None => ('○', "inactive (dead)".to_string()),
            };
            Outcome {
                stdout: format!(
                    "{dot} {unit}.service - {description}\n     Loaded: loaded (/usr/lib/systemd/system/{unit}.service; {enabled}; preset: disabled)\n     Active: {active}\n",
                ),
                exit_code: if since.is_some() { 0 } else { 3 },
                ..Outcome::default()
            }
        }
    }
}

/// systemd's timestamp: `Mon 2025-06-02 09:01:10 UTC`.
fn systemd_time(t: u64) -> String {
    let m = crate::kernel::calendar::DateTime::from_unix(t);
    format!(
        "{} {}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        m.weekday_name(),
        m.year,
        m.month,
        m.day,
        m.hour,
        m.minute,
        m.second
    )
}
