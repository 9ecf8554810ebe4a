//! The learner's terminal: a small bash (quoting, variables, `$(...)`,
//! `;`/`&&`/`||`, `|` pipes, `>` redirection into the home folder), the built-ins of a
//! cloud tutorial, and the AWS CLI v2 over the simulated account.

mod aws;
mod builtins;
mod curl;
mod disks;
mod docker;
mod expand;
mod filters;
mod guest;
pub mod home;
mod load;
pub mod output;
mod python;
mod recent;
mod ssh;
mod tokenize;
mod vars;

use crate::api::World;
use crate::kernel::DomainEvent;
use crate::sandbox::ExecOutput;
use expand::Fields;
pub use home::{Home, LocalFile};
use serde_json::{json, Value};
use tokenize::{Command, Connector, Part, Pipeline, Redirect, Word};
use vars::Variables;

/// The public IPv4 address of the learner's own machine as AWS sees it: the
/// source of its ssh and curl connections and the "My IP" of the launch
/// wizard. A documentation address (RFC 5737), so it is nobody's real one.
pub const LEARNER_PUBLIC_IP: std::net::Ipv4Addr = std::net::Ipv4Addr::new(203, 0, 113, 25);

/// The longest line the terminal accepts.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Lines kept in the history.
const MAX_HISTORY: usize = 1000;
/// How deeply `$(...)` may nest.
const MAX_SUBSTITUTION_DEPTH: usize = 4;
/// How many `$(...)` one line may run.
const MAX_SUBSTITUTIONS: usize = 32;

/// The learner's terminal: home folder, variables and history.
#[derive(Debug, Clone, Default)]
pub struct Terminal {
    home: Home,
    vars: Variables,
    history: Vec<String>,
    /// The last lines typed, with what they printed.
    recent: recent::Recent,
    /// `$?`.
    last_status: i32,
    changed: bool,
    /// The ssh session the terminal is in, if any.
    session: Option<guest::Session>,
    /// An ssh command waiting for the answer to the host-key question.
    pending_ssh: Option<ssh::Command>,
}

/// The learner's prompt on their own machine.
const LEARNER_PROMPT: &str = "learner@laptop:~$ ";

/// Where a command's output goes.
enum Sink {
    /// The screen.
    Terminal,
    /// `/dev/null`.
    Discard,
    /// A home-folder file, already opened (created or emptied).
    File(String),
    /// A file on the instance of the ssh session, already opened.
    GuestFile(String),
}

/// The state of running one typed line, shared by its `$(...)` commands.
struct Line<'a> {
    world: &'a mut World,
    events: &'a mut Vec<DomainEvent>,
    /// Everything written to stderr, in order.
    stderr: String,
    clear: bool,
    depth: usize,
    substitutions: usize,
    /// Status of the last `$(...)` of the current command.
    substitution_status: Option<i32>,
}

impl Terminal {
    /// Runs one command line as the learner typed it.
    pub fn run(&mut self, world: &mut World, line: &str) -> ExecOutput {
        if line.len() <= MAX_LINE_BYTES && !line.trim().is_empty() {
            if self.history.len() >= MAX_HISTORY {
                self.history.remove(0);
            }
            self.history
                .push(line.trim_end_matches(['\n', '\r']).to_string());
        }
        let output = self.run_unrecorded(world, line);
        world.settle_terminal_line();
        if !line.trim().is_empty() {
            self.recent
                .push(line, output.exit_code, &output.stdout, &output.stderr);
        }
        output
    }

    /// Runs a line the learner did not type (a lesson's setup) on the
    /// learner's machine, even from inside an ssh session: it enters
    /// neither the history nor the recent outputs.
    pub fn prepare(&mut self, world: &mut World, line: &str) -> ExecOutput {
        let session = self.session.take();
        let pending_ssh = self.pending_ssh.take();
        let output = self.run_unrecorded(world, line);
        world.settle_terminal_line();
        self.session = session;
        self.pending_ssh = pending_ssh;
        output
    }

    fn run_unrecorded(&mut self, world: &mut World, line: &str) -> ExecOutput {
        self.changed = false;
        let mut output = ExecOutput::default();
        if line.len() > MAX_LINE_BYTES {
            output.stderr = format!(
                "bash: the line is {} bytes long; this terminal accepts lines of up to {MAX_LINE_BYTES} bytes\n",
                line.len()
            );
            output.exit_code = 2;
            return output;
        }
        let mut state = Line {
            world,
            events: &mut output.events,
            stderr: String::new(),
            clear: false,
            depth: 0,
            substitutions: 0,
            substitution_status: None,
        };
        let (stdout, status) = match self.pending_ssh.take() {
            Some(command) => self.answer_host_key(command, line.trim(), &mut state),
            None => self.run_line(line, &mut state),
        };
        output.stderr = state.stderr;
        output.clear = state.clear;
        output.stdout = stdout;
        output.exit_code = status;
        output
    }

    /// True when the last line changed the account (a successful call that
    /// is not a read), let simulated time pass, or changed the home folder
    /// or a variable (so that replaying the journal rebuilds the terminal).
    pub fn changed_world(&self) -> bool {
        self.changed
    }

    /// The home-folder file called `name`, e.g. `key.pem`.
    pub fn file(&self, name: &str) -> Option<&LocalFile> {
        self.home.get(name)
    }

    /// Every file in the home folder, by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &LocalFile)> {
        self.home.files()
    }

    /// The lines typed so far, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// The value of the shell variable `name` (`ID` after `ID=$(...)`).
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.vars.get(name)
    }

    /// The prompt to show before the next line: the learner's, the
    /// instance's inside an ssh session, or none while ssh waits for an
    /// answer to its host-key question.
    pub fn prompt(&self, world: &World) -> String {
        if self.pending_ssh.is_some() {
            return String::new();
        }
        let Some(session) = &self.session else {
            return LEARNER_PROMPT.to_string();
        };
        world
            .ec2
            .region(&session.region)
            .and_then(|r| r.guests.get(&session.instance_id))
            .map_or_else(
                || LEARNER_PROMPT.to_string(),
                |g| session.prompt(g.family, &g.hostname),
            )
    }

    /// A variable's value; inside an ssh session the login environment is
    /// the instance's.
    fn value_of(&self, name: &str) -> String {
        if let Some(session) = &self.session {
            let user = session.effective_user();
            match name {
                "HOME" => return crate::ec2::guest::Guest::home_of(user),
                "USER" | "LOGNAME" => return user.to_string(),
                "PWD" => return session.cwd.clone(),
                _ => {}
            }
        }
        self.vars.get(name).unwrap_or_default().to_string()
    }

    /// The terminal as the lesson engine reads it:
    /// `{"Files": [{"Name", "Mode": "0400", "Size", "Content"}], "History": [...],
    /// "Variables": {"ID": "i-..."}, "Session": {"InstanceId", "Host", "User"} or null,
    /// "Recent": [{"Line", "ExitCode", "Stdout", "Stderr"}]}`.
    pub fn document(&self) -> Value {
        let files: Vec<Value> = self
            .home
            .files()
            .map(|(name, file)| {
                json!({
                    "Name": name,
                    "Mode": format!("{:04o}", file.mode),
                    "Size": file.content.len(),
                    "Content": file.content,
                })
            })
            .collect();
        let variables: serde_json::Map<String, Value> = self
            .vars
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let session = self.session.as_ref().map(
            |s| json!({"InstanceId": s.instance_id, "Host": s.host, "User": s.effective_user()}),
        );
        json!({
            "Files": files,
            "History": self.history,
            "Variables": variables,
            "Session": session,
            "Recent": self.recent,
        })
    }

    /// Runs the commands of `text`; returns what reached stdout and the
    /// last status.
    fn run_line(&mut self, text: &str, state: &mut Line) -> (String, i32) {
        let commands = match tokenize::parse(text) {
            Ok(commands) => commands,
            Err(message) => {
                state.stderr.push_str(&format!("bash: {message}\n"));
                self.last_status = 2;
                return (String::new(), 2);
            }
        };
        let mut stdout = String::new();
        let mut status = 0;
        for (connector, pipeline) in commands {
            let runs = match connector {
                Connector::Always => true,
                Connector::IfSucceeded => status == 0,
                Connector::IfFailed => status != 0,
            };
            if runs {
                status = self.run_pipeline(&pipeline, state, &mut stdout);
                self.last_status = status;
            }
        }
        (stdout, status)
    }

    /// Runs `a | b | c`: each command's stdout is the next one's stdin, the
    /// last one's reaches `screen`, and the last status is the pipeline's.
    fn run_pipeline(&mut self, pipeline: &Pipeline, state: &mut Line, screen: &mut String) -> i32 {
        let mut piped = String::new();
        let mut status = 0;
        for (index, command) in pipeline.iter().enumerate() {
            let stdin = std::mem::take(&mut piped);
            status = if index + 1 == pipeline.len() {
                self.execute(command, state, screen, &stdin)
            } else {
                self.execute(command, state, &mut piped, &stdin)
            };
        }
        status
    }

    /// Expands a word into the words a command receives.
    fn expand(&mut self, word: &Word, split: bool, state: &mut Line) -> Fields {
        let mut fields = Fields::default();
        for part in &word.parts {
            match part {
                Part::Text { text, quoted } => fields.text(text, *quoted),
                Part::Variable { name, quoted } => {
                    let value = match name.as_str() {
                        "?" => self.last_status.to_string(),
                        name => self.value_of(name),
                    };
                    fields.expansion(&value, *quoted || !split);
                }
                Part::Substitution { line, quoted } => {
                    let value = self.substitute(line, state);
                    fields.expansion(&value, *quoted || !split);
                }
            }
        }
        fields
    }

    /// `$(line)`: runs it and returns its output without trailing newlines.
    fn substitute(&mut self, line: &str, state: &mut Line) -> String {
        if state.depth >= MAX_SUBSTITUTION_DEPTH || state.substitutions >= MAX_SUBSTITUTIONS {
            state.stderr.push_str(
                "bash: command substitution: too many or too deeply nested substitutions\n",
            );
            self.last_status = 1;
            return String::new();
        }
        state.substitutions += 1;
        state.depth += 1;
        let (stdout, status) = self.run_line(line, state);
        state.depth -= 1;
        self.last_status = status;
        state.substitution_status = Some(status);
        stdout.trim_end_matches('\n').to_string()
    }

    /// Runs one command: expansion, assignments, redirections, the command,
    /// which reads `stdin` if it reads anything.
    fn execute(
        &mut self,
        command: &Command,
        state: &mut Line,
        screen: &mut String,
        stdin: &str,
    ) -> i32 {
        state.substitution_status = None;
        let mut assignments = Vec::new();
        let mut words = Vec::new();
        for word in &command.words {
            match word.assignment() {
                Some((name, value)) if words.is_empty() => {
                    let value = self.expand(&Word { parts: value }, false, state).whole();
                    assignments.push((name, value));
                }
                _ => words.extend(self.expand(word, true, state).finish()),
            }
        }
        // A command of assignments only ends as its last substitution did.
        let assignment_status = state.substitution_status.unwrap_or(0);
        let stdout_paths = self.expand_paths(&command.stdout, state);
        let stderr_paths = self.expand_paths(&command.stderr, state);
        let out_sink = match self.open(&stdout_paths, state.world) {
            Ok(sink) => sink,
            Err(message) => {
                state.stderr.push_str(&message);
                return 1;
            }
        };
        let err_sink = match self.open(&stderr_paths, state.world) {
            Ok(sink) => sink,
            Err(message) => {
                state.stderr.push_str(&message);
                return 1;
            }
        };
        if words.is_empty() {
            return match self.assign(&assignments) {
                Ok(()) => assignment_status,
                Err(message) => {
                    state.stderr.push_str(&message);
                    1
                }
            };
        }
        // `NAME=value command` sets NAME for that command only.
        let saved: Vec<(String, Option<String>)> = assignments
            .iter()
            .map(|(name, _)| (name.clone(), self.vars.get(name).map(str::to_string)))
            .collect();
        let temporary = self.assign(&assignments);
        let (stdout, stderr, mut status) = match temporary {
            Ok(()) => self.dispatch(&words, state, stdin),
            Err(message) => (String::new(), message, 1),
        };
        for (name, value) in saved {
            match value {
                Some(value) => {
                    let _ = self.vars.set(&name, &value);
                }
                None => {
                    self.vars.unset(&name);
                }
            }
        }
        let mut errors = String::new();
        if !self.deliver(out_sink, stdout, state.world, screen, &mut errors) {
            status = 1;
        }
        let mut stderr_screen = String::new();
        if !self.deliver(
            err_sink,
            stderr,
            state.world,
            &mut stderr_screen,
            &mut errors,
        ) {
            status = 1;
        }
        state.stderr.push_str(&stderr_screen);
        state.stderr.push_str(&errors);
        status
    }

    /// Redirection targets, expanded but never split.
    fn expand_paths(&mut self, redirects: &[Redirect], state: &mut Line) -> Vec<(String, bool)> {
        redirects
            .iter()
            .map(|r| (self.expand(&r.path, false, state).whole(), r.append))
            .collect()
    }

    fn assign(&mut self, assignments: &[(String, String)]) -> Result<(), String> {
        for (name, value) in assignments {
            if self
                .vars
                .set(name, value)
                .map_err(|e| format!("bash: {e}\n"))?
            {
                self.changed = true;
            }
        }
        Ok(())
    }

    /// Opens the redirection targets (creating or emptying files, as bash
    /// does before the command runs); the last one receives the output.
    fn open(&mut self, paths: &[(String, bool)], world: &mut World) -> Result<Sink, String> {
        let now = world.now();
        let mut sink = Sink::Terminal;
        for (path, append) in paths {
            if path == "/dev/null" {
                sink = Sink::Discard;
                continue;
            }
            if let Some(session) = &self.session {
                let user = session.effective_user().to_string();
                let target = crate::ec2::guest::fs::normalize(
                    &session.cwd,
                    &crate::ec2::guest::Guest::home_of(&user),
                    path,
                );
                let (guest, _) = guest::guest_of(world, session)
                    .ok_or_else(|| format!("-bash: {path}: No such file or directory\n"))?;
                guest
                    .fs
                    .write(&target, "", *append, &user, now)
                    .map_err(|e| format!("-bash: {path}: {}\n", e.text()))?;
                self.changed = true;
                sink = Sink::GuestFile(target);
                continue;
            }
            let name = self
                .home
                .open_for_write(path, *append, now)
                .map_err(|e| format!("bash: {path}: {}\n", e.text()))?;
            self.changed = true;
            sink = Sink::File(name);
        }
        Ok(sink)
    }

    /// Sends `text` to its sink; false when writing the file failed.
    fn deliver(
        &mut self,
        sink: Sink,
        text: String,
        world: &mut World,
        screen: &mut String,
        errors: &mut String,
    ) -> bool {
        let now = world.now();
        match sink {
            Sink::GuestFile(path) => {
                let Some(session) = &self.session else {
                    return false;
                };
                let user = session.effective_user().to_string();
                let written = guest::guest_of(world, session)
                    .map(|(g, _)| g.fs.write(&path, &text, true, &user, now));
                match written {
                    Some(Ok(())) => true,
                    Some(Err(e)) => {
                        errors.push_str(&format!("-bash: {path}: write error: {}\n", e.text()));
                        false
                    }
                    None => false,
                }
            }
            Sink::Terminal => {
                screen.push_str(&text);
                true
            }
            Sink::Discard => true,
            Sink::File(name) => match self.home.append(&name, &text, now) {
                Ok(()) => true,
                Err(e) => {
                    errors.push_str(&format!("bash: {name}: write error: {}\n", e.text()));
                    false
                }
            },
        }
    }

    /// Runs a command by name; returns stdout, stderr and status.
    fn dispatch(
        &mut self,
        words: &[String],
        state: &mut Line,
        stdin: &str,
    ) -> (String, String, i32) {
        match words.split_first() {
            None => (String::new(), String::new(), 0),
            Some((name, args)) if name == "aws" => {
                let env = aws::Env {
                    world: state.world,
                    home: &self.home,
                    vars: &self.vars,
                    events: state.events,
                    changed: &mut self.changed,
                };
                let result = aws::run(env, args);
                (result.stdout, result.stderr, result.exit_code)
            }
            Some((name, args)) if name == "export" || name == "unset" => {
                self.variables_builtin(name, args)
            }
            Some((name, _)) if name == "exit" || name == "logout" => self.exit_session(),
            Some((name, args)) if name == "ssh" && self.session.is_none() => {
                match ssh::parse(args) {
                    Ok(command) => self.ssh(command, false, state),
                    Err(outcome) => (outcome.stdout, outcome.stderr, outcome.exit_code),
                }
            }
            Some((name, args)) if name == "load" && self.session.is_none() => {
                let outcome = load::run(state.world, args);
                self.changed = true;
                (outcome.stdout, outcome.stderr, outcome.exit_code)
            }
            Some((name, args)) if name == "curl" && self.session.is_none() => {
                let (outcome, waited, events) = curl::run(state.world, curl::Origin::Learner, args);
                self.changed |= waited;
                state.events.extend(events);
                (outcome.stdout, outcome.stderr, outcome.exit_code)
            }
            Some(_) if self.session.is_some() => {
                let Some(session) = self.session.as_mut() else {
                    return (String::new(), String::new(), 0);
                };
                match guest::power_request(session, words) {
                    Some(Ok(power)) => return self.power(power, state),
                    Some(Err(refused)) => {
                        return (refused.stdout, refused.stderr, refused.exit_code)
                    }
                    None => {}
                }
                let ctx = guest::Context {
                    world: state.world,
                    session,
                    events: state.events,
                    changed: &mut self.changed,
                    stdin,
                };
                match guest::run(ctx, words) {
                    Some(outcome) => (outcome.stdout, outcome.stderr, outcome.exit_code),
                    None => self.machine_builtin(words, state, stdin),
                }
            }
            Some(_) => self.machine_builtin(words, state, stdin),
        }
    }

    /// A built-in of the learner's machine.
    fn machine_builtin(
        &mut self,
        words: &[String],
        state: &mut Line,
        stdin: &str,
    ) -> (String, String, i32) {
        let ctx = builtins::Context {
            world: state.world,
            home: &mut self.home,
            history: &self.history,
            events: state.events,
            changed: &mut self.changed,
            stdin,
        };
        let outcome = builtins::run(ctx, words);
        state.clear |= outcome.clear;
        (outcome.stdout, outcome.stderr, outcome.exit_code)
    }

    /// Runs `ssh`; `accepted` after a `yes` to the host-key question.
    fn ssh(
        &mut self,
        command: ssh::Command,
        accepted: bool,
        state: &mut Line,
    ) -> (String, String, i32) {
        let attempt = ssh::connect(
            state.world,
            &mut self.home,
            &command,
            accepted,
            state.events,
        );
        self.changed = true;
        match attempt {
            ssh::Attempt::Done(out) => (out.stdout, out.stderr, out.exit_code),
            ssh::Attempt::Ask(out) => {
                self.pending_ssh = Some(command);
                (out.stdout, out.stderr, 0)
            }
            ssh::Attempt::LoggedIn(mut out, session) if !command.remote.is_empty() => {
                // `ssh host command`: run it there, then close.
                self.session = Some(session);
                let (stdout, status) = self.run_line(&command.remote.join(" "), state);
                self.session = None;
                out.stdout.push_str(&stdout);
                (out.stdout, out.stderr, status)
            }
            ssh::Attempt::LoggedIn(out, session) => {
                self.session = Some(session);
                (out.stdout, out.stderr, 0)
            }
        }
    }

    /// The line typed after ssh's host-key question.
    fn answer_host_key(
        &mut self,
        command: ssh::Command,
        answer: &str,
        state: &mut Line,
    ) -> (String, i32) {
        self.changed = true;
        let (stdout, stderr, status) = match answer {
            "yes" => self.ssh(command, true, state),
            "no" => (
                String::new(),
                "Host key verification failed.\n".to_string(),
                255,
            ),
            _ => {
                self.pending_ssh = Some(command);
                (
                    "Please type 'yes', 'no' or the fingerprint: ".to_string(),
                    String::new(),
                    0,
                )
            }
        };
        state.stderr.push_str(&stderr);
        self.last_status = status;
        (stdout, status)
    }

    /// The guest powers off or reboots: the ssh session ends as the remote
    /// host closes it.
    fn power(&mut self, power: guest::Power, state: &mut Line) -> (String, String, i32) {
        let Some(session) = self.session.take() else {
            return (String::new(), String::new(), 0);
        };
        self.changed = true;
        match power {
            guest::Power::Off => state
                .world
                .instance_initiated_shutdown(&session.region, &session.instance_id),
            guest::Power::Reboot => {
                let now = state.world.now();
                if let Some((guest, _)) = guest::guest_of(state.world, &session) {
                    guest.boot(now);
                }
            }
        }
        let host = &session.host;
        (
            String::new(),
            format!("Connection to {host} closed by remote host.\nConnection to {host} closed.\n"),
            255,
        )
    }

    /// `exit` / `logout`: leaves a root shell, then the ssh session.
    fn exit_session(&mut self) -> (String, String, i32) {
        let Some(session) = self.session.as_mut() else {
            return (String::new(), String::new(), 0);
        };
        self.changed = true;
        if session.root_shell {
            session.root_shell = false;
            session.cwd = crate::ec2::guest::Guest::home_of(&session.user);
            return ("exit\n".into(), String::new(), 0);
        }
        let host = session.host.clone();
        self.session = None;
        (
            "logout\n".into(),
            format!("Connection to {host} closed.\n"),
            0,
        )
    }

    /// `export NAME=value ...` and `unset NAME ...`.
    fn variables_builtin(&mut self, command: &str, args: &[String]) -> (String, String, i32) {
        let mut stderr = String::new();
        for arg in args {
            let result = match (command, vars::split_assignment(arg)) {
                ("export", Some((name, value))) => {
                    self.assign(&[(name.to_string(), value.to_string())])
                }
                (_, None) if vars::is_name(arg) => {
                    if command == "unset" && self.vars.unset(arg) {
                        self.changed = true;
                    }
                    Ok(())
                }
                _ => Err(format!(
                    "bash: {command}: `{arg}': not a valid identifier\n"
                )),
            };
            if let Err(message) = result {
                stderr.push_str(&message);
            }
        }
        let status = i32::from(!stderr.is_empty());
        (String::new(), stderr, status)
    }
}

/// Runs the `#!` user data of instances that booted for the first time,
/// as root, line by line, logging to `/var/log/cloud-init-output.log`.
/// The world runs it as soon as an instance has booted (see
/// [`World::set_boot_runner`]), so health checks and logins see what
/// the script set up. Returns the events the script's commands raised.
pub fn run_boot_scripts(world: &mut World) -> Vec<DomainEvent> {
    let mut events = Vec::new();
    for info in crate::ec2::regions::REGIONS {
        let Some((region, _)) = world.ec2.region_and_timers(info.name) else {
            continue;
        };
        let due: Vec<(String, String)> = region
            .guests
            .iter_mut()
            .filter_map(|(id, g)| Some((id.clone(), g.boot_script.take()?)))
            .collect();
        for (instance_id, script) in due {
            let mut root = Terminal {
                session: Some(guest::Session {
                    region: info.name.to_string(),
                    instance_id,
                    host: String::new(),
                    user: "root".into(),
                    root_shell: true,
                    cwd: "/".into(),
                }),
                ..Terminal::default()
            };
            let mut log = String::new();
            for line in script.lines() {
                let mut line_state = Line {
                    world,
                    events: &mut events,
                    stderr: String::new(),
                    clear: false,
                    depth: 0,
                    substitutions: 0,
                    substitution_status: None,
                };
                let (stdout, _) = root.run_line(line, &mut line_state);
                log.push_str(&stdout);
                log.push_str(&line_state.stderr);
            }
            if let Some(session) = &root.session {
                let now = world.now();
                if let Some((guest, _)) = guest::guest_of(world, session) {
                    let _ =
                        guest
                            .fs
                            .write("/var/log/cloud-init-output.log", &log, true, "root", now);
                }
            }
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    const USAGE_BLOCK: &str =
        "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
         To see help text, you can run:\n\n  aws help\n  aws <command> help\n  \
         aws <command> <subcommand> help\n";

    struct Session {
        world: World,
        terminal: Terminal,
    }

    impl Session {
        fn new() -> Self {
            Self {
                world: World::new(1),
                terminal: Terminal::default(),
            }
        }

        fn run(&mut self, line: &str) -> ExecOutput {
            self.terminal.run(&mut self.world, line)
        }

        /// Runs a line that must succeed; returns its stdout.
        fn ok(&mut self, line: &str) -> String {
            let out = self.run(line);
            assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
            out.stdout
        }
    }

    #[test]
    fn key_material_redirected_as_text_is_the_exact_key() {
        let mut s = Session::new();
        let out = s.run(
            "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > demo.pem",
        );
        assert_eq!(
            (out.exit_code, out.stdout.as_str(), out.stderr.as_str()),
            (0, "", "")
        );
        assert!(s.terminal.changed_world());
        let key = s
            .terminal
            .file("demo.pem")
            .expect("written")
            .content
            .clone();
        assert!(
            key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"),
            "{key}"
        );
        assert!(key.ends_with("-----END RSA PRIVATE KEY-----\n"), "{key}");
        assert!(!key.contains('"') && !key.contains("\\n"));
        assert_eq!(s.terminal.file("demo.pem").unwrap().mode, 0o644);
        assert_eq!(s.ok("cat demo.pem"), key);
    }

    #[test]
    fn chmod_protects_the_key_and_a_failed_redirection_skips_the_command() {
        let mut s = Session::new();
        s.ok(
            "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > demo.pem",
        );
        s.ok("chmod 400 demo.pem");
        assert_eq!(s.terminal.file("demo.pem").unwrap().mode, 0o400);
        assert!(s
            .ok("ls -l")
            .contains("-r-------- 1 learner learner 1675 Jun  2 09:00 demo.pem\n"));
        let out = s.run(
            "aws ec2 create-key-pair --key-name other --query KeyMaterial --output text > demo.pem",
        );
        assert_eq!(out.exit_code, 1);
        assert_eq!(out.stderr, "bash: demo.pem: Permission denied\n");
        assert!(!s.terminal.changed_world());
        // The command never ran: the second key pair does not exist.
        assert_eq!(
            s.ok("aws ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text"),
            "demo\n"
        );
    }

    #[test]
    fn file_values_are_read_from_the_home_folder() {
        let mut s = Session::new();
        let group = s.ok("aws ec2 create-security-group --group-name web --description 'web servers' --query GroupId --output text");
        let group = group.trim();
        s.ok(r#"echo '[{"Key": "Name", "Value": "web"}]' > tags.json"#);
        s.ok(&format!(
            "aws ec2 create-tags --resources {group} --tags file://tags.json"
        ));
        let tags = s.ok(&format!(
            "aws ec2 describe-tags --filters Name=resource-id,Values={group} --query 'Tags[].[Key,Value]' --output text"
        ));
        assert_eq!(tags, "Name\tweb\n");
        let out = s.run(&format!(
            "aws ec2 create-tags --resources {group} --tags file://missing.json"
        ));
        assert_eq!(out.exit_code, 252);
        assert_eq!(
            out.stderr,
            "\naws: [ERROR]: An error occurred (ParamValidation): Error parsing parameter '--tags': \
             Unable to load paramfile file://missing.json: \
             [Errno 2] No such file or directory: 'missing.json'\n"
        );
    }

    #[test]
    fn security_group_shortcut_options_make_a_rule() {
        let mut s = Session::new();
        let group = s.ok("aws ec2 create-security-group --group-name ssh --description ssh --query GroupId --output text");
        let group = group.trim();
        s.ok(&format!("aws ec2 authorize-security-group-ingress --group-id {group} --protocol tcp --port 22 --cidr 0.0.0.0/0"));
        let rule = s.ok(&format!(
            "aws ec2 describe-security-groups --group-ids {group} \
             --query 'SecurityGroups[0].IpPermissions[0].[IpProtocol,FromPort,ToPort,IpRanges[0].CidrIp]' --output text"
        ));
        assert_eq!(rule, "tcp\t22\t22\t0.0.0.0/0\n");
    }

    #[test]
    fn count_launches_several_instances_and_the_waiter_lets_time_pass() {
        let mut s = Session::new();
        let ids = s.ok("aws ec2 run-instances --image-id ami-0370445a9b6133b92 --instance-type t3.micro --count 2 --query 'Instances[].InstanceId' --output text");
        let ids: Vec<&str> = ids.split_whitespace().collect();
        assert_eq!(ids.len(), 2);
        let before = s.world.now();
        let out = s.run(&format!(
            "aws ec2 wait instance-running --instance-ids {}",
            ids.join(" ")
        ));
        assert_eq!(
            (out.exit_code, out.stdout.as_str()),
            (0, ""),
            "{}",
            out.stderr
        );
        assert!(s.world.now() > before);
        assert_eq!((s.world.now() - before) % 15, 0);
        assert!(s.terminal.changed_world());
        s.ok(&format!(
            "aws ec2 terminate-instances --instance-ids {}",
            ids[0]
        ));
        let out = s.run(&format!(
            "aws ec2 wait instance-running --instance-ids {}",
            ids[0]
        ));
        assert_eq!(out.exit_code, 255);
        assert_eq!(
            out.stderr,
            "\naws: [ERROR]: Waiter InstanceRunning failed: Waiter encountered a terminal failure state: For expression \
             \"Reservations[].Instances[].State.Name\" we matched expected path: \"shutting-down\" at least once\n"
        );
    }

    #[test]
    fn waiters_of_simulated_operations_run_and_the_others_are_named() {
        let mut s = Session::new();
        let out =
            s.run("aws ec2 wait nat-gateway-available --nat-gateway-ids nat-0123456789abcdef0");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (
                255,
                "\naws: [ERROR]: The sandbox does not simulate 'aws ec2 wait nat-gateway-available' \
                 (DescribeNatGateways) yet.\n"
            )
        );
        for name in [
            "system-status-ok",
            "export-task-completed",
            "bundle-task-complete",
        ] {
            assert_eq!(
                s.run(&format!("aws ec2 wait {name}")).exit_code,
                255,
                "{name}"
            );
        }
        let out = s.run("aws ec2 wait instance-runing");
        assert_eq!(
            (out.exit_code, out.stderr),
            (
                252,
                format!(
                    "\naws: [ERROR]: An error occurred (ParamValidation): argument subcommand: \
                     Found invalid choice 'instance-runing'\n\nMaybe you meant:\n\n  \
                     * instance-running\n\n{USAGE_BLOCK}"
                )
            )
        );
        let out = s.run("aws ec2 wait");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (
                252,
                "\naws: [ERROR]: An error occurred (ParamValidation): usage: aws [options] ec2 \
                 wait <subcommand> [parameters]\naws: [ERROR]: too few arguments\n"
            )
        );
        s.ok("aws ec2 create-key-pair --key-name demo");
        s.ok("aws ec2 wait key-pair-exists --key-names demo");
        s.ok("aws ec2 create-security-group --group-name web --description web");
        s.ok("aws ec2 wait security-group-exists --group-names web");
        let id = s.ok("aws ec2 run-instances --image-id ami-0370445a9b6133b92 --query 'Instances[0].InstanceId' --output text");
        let id = id.trim();
        s.ok(&format!("aws ec2 wait instance-exists --instance-ids {id}"));
        s.ok(&format!(
            "aws ec2 wait instance-running --instance-ids {id}"
        ));
        s.ok(&format!("aws ec2 stop-instances --instance-ids {id}"));
        s.ok(&format!(
            "aws ec2 wait instance-stopped --instance-ids {id}"
        ));
        s.ok(&format!("aws ec2 terminate-instances --instance-ids {id}"));
        s.ok(&format!(
            "aws ec2 wait instance-terminated --instance-ids {id}"
        ));
        // The paging options reach the operation, which has no such member.
        let out = s.run(&format!(
            "aws ec2 wait instance-terminated --instance-ids {id} --max-items 1"
        ));
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (
                252,
                "\naws: [ERROR]: An error occurred (ParamValidation): Parameter validation \
                 failed:\nUnknown parameter in input: \"PaginationConfig\", must be one of: \
                 InstanceIds, DryRun, Filters, NextToken, MaxResults\n"
            )
        );
    }

    #[test]
    fn yaml_output_formats() {
        let mut s = Session::new();
        assert_eq!(
            s.ok("aws sts get-caller-identity --output yaml"),
            "Account: '123456789012'\nArn: arn:aws:iam::123456789012:user/learner\n\
             UserId: AIDASANDBOXLEARNER012\n"
        );
        let key = s.ok("aws ec2 create-key-pair --key-name demo --output yaml");
        assert!(
            key.contains("\nKeyMaterial: '-----BEGIN RSA PRIVATE KEY-----\n\n  MII"),
            "{key}"
        );
        assert!(
            key.contains("-----END RSA PRIVATE KEY-----'\nKeyName: demo\n"),
            "{key}"
        );
        assert_eq!(
            s.ok("aws ec2 describe-key-pairs --query 'KeyPairs[0].KeyName' --output yaml"),
            "\"demo\"\n"
        );
        let group = s.ok("aws ec2 create-security-group --group-name g --description g --query GroupId --output text");
        s.ok(&format!(
            "aws ec2 create-tags --resources {} --tags Key=Port,Value=0400 Key=On,Value=yes",
            group.trim()
        ));
        assert_eq!(
            s.ok("AWS_DEFAULT_OUTPUT=yaml aws ec2 describe-tags --query 'Tags[].[Key,Value]'"),
            "- - Port\n  - '0400'\n- - On\n  - yes\n"
        );
        // yaml-stream prints every page as it comes, as an item of one list.
        assert_eq!(
            s.ok("aws ec2 describe-tags --page-size 5 --query 'Tags[].Key' --output yaml-stream"),
            "- - Port\n  - On\n"
        );
        assert_eq!(s.ok("aws ec2 describe-tags --output off"), "");
        let out = s.run("AWS_DEFAULT_OUTPUT=xml aws ec2 describe-tags");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (255, "\naws: [ERROR]: Unknown output type: xml\n")
        );
    }

    #[test]
    fn exit_codes_follow_the_cli() {
        let mut s = Session::new();
        let out = s.run("aws ec2 run-instances --image-id ami-0370445a9b6133b92 --dry-run");
        assert_eq!(out.exit_code, 254);
        assert_eq!(
            out.stderr,
            "\naws: [ERROR]: An error occurred (DryRunOperation) when calling the RunInstances operation: \
             Request would have succeeded, but DryRun flag is set.\n"
        );
        assert!(!s.terminal.changed_world());
        let out = s.run("aws ec2 describe-instances --region mars-east-1");
        assert_eq!(out.exit_code, 255);
        assert_eq!(
            out.stderr,
            "\naws: [ERROR]: Could not connect to the endpoint URL: \
             \"https://ec2.mars-east-1.amazonaws.com/\"\n"
        );
        let out = s.run("aws ec2 describe-instances --max-results ten");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (
                255,
                "\naws: [ERROR]: invalid literal for int() with base 10: 'ten'\n"
            )
        );
        let out = s.run("aws ec2 describe-instancess");
        assert_eq!(out.exit_code, 252);
        assert_eq!(
            out.stderr,
            format!(
                "\naws: [ERROR]: An error occurred (ParamValidation): argument operation: Found \
                 invalid choice 'describe-instancess'\n\nMaybe you meant:\n\n  * describe-instances\n  \
                 * describe-instance-status\n  * describe-instance-types\n\n\
                 {USAGE_BLOCK}"
            )
        );
        let out = s.run("aws ec3 describe-instances");
        assert_eq!(out.exit_code, 252);
        assert_eq!(
            out.stderr,
            format!(
                "\naws: [ERROR]: An error occurred (ParamValidation): argument command: Found \
                 invalid choice 'ec3'\n\n\n{USAGE_BLOCK}"
            )
        );
        // A missing required option: the message, a blank line, the usage.
        let out = s.run("aws ec2 create-security-group --group-name x");
        assert_eq!(out.exit_code, 252);
        assert_eq!(
            out.stderr,
            format!(
                "\naws: [ERROR]: An error occurred (ParamValidation): the following arguments \
                 are required: --description\n\n{USAGE_BLOCK}"
            )
        );
        let out = s.run("aws ec2 describe-instances --bogus 1");
        assert_eq!(
            (out.exit_code, out.stderr),
            (
                252,
                format!("\n{USAGE_BLOCK}\n\naws: [ERROR]: Unknown options: --bogus, 1\n")
            )
        );
        let out = s.run("kubectl get pods");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (127, "bash: kubectl: command not found\n")
        );
        let out = s.run("aws ec2 delete-security-group --group-name nope && echo reached");
        assert_eq!(out.exit_code, 254);
        assert!(!out.stdout.contains("reached"));
        assert!(s
            .ok("false-command || echo recovered")
            .contains("recovered"));
    }

    #[test]
    fn paginated_operations_are_followed_to_the_last_page() {
        let mut s = Session::new();
        for _ in 0..6 {
            s.ok("aws ec2 run-instances --image-id ami-0370445a9b6133b92 --instance-type t3.micro");
        }
        let all = "aws ec2 describe-instances --query 'length(Reservations)'";
        assert_eq!(s.ok(&format!("{all} --page-size 5")), "6\n");
        // Text output is printed page by page, the query applied to each.
        let text = s.ok(
            "aws ec2 describe-instances --page-size 5 --query 'length(Reservations)' --output text",
        );
        assert_eq!(text, "5\n1\n");
        // Asking for a page by hand turns the CLI's paging off.
        let page = s.ok("aws ec2 describe-instances --max-results 5 --query '[length(Reservations), NextToken != null]' --output text");
        assert_eq!(page, "5\tTrue\n");
        // ... and then the CLI's paging options are refused.
        for (line, options) in [
            (format!("{all} --page-size 5 --no-paginate"), "--page-size"),
            (
                "aws ec2 describe-instances --max-results 5 --max-items 2 --starting-token x"
                    .into(),
                "--starting-token, --max-items",
            ),
        ] {
            let out = s.run(&line);
            assert_eq!(
                (out.exit_code, out.stderr),
                (
                    252,
                    format!(
                        "\naws: [ERROR]: An error occurred (ParamValidation): Cannot specify \
                         --no-paginate along with pagination arguments: {options}\n"
                    )
                ),
                "{line}"
            );
        }
        for option in ["--page-size", "--max-items"] {
            let out = s.run(&format!("aws ec2 describe-instances {option} five"));
            assert_eq!(out.exit_code, 252);
            assert!(out.stderr.starts_with(&format!(
                "\naws: [ERROR]: An error occurred (ParamValidation): argument {option}: \
                 invalid int value: 'five'\n\nusage: aws [options]"
            )));
        }
        // Operations without a paginator have no paging options.
        let out = s.run("aws ec2 describe-key-pairs --max-items 1");
        assert!(out.stderr.ends_with("Unknown options: --max-items, 1\n"));
    }

    #[test]
    fn max_items_prints_a_token_that_starting_token_resumes_from() {
        let mut s = Session::new();
        for _ in 0..6 {
            s.ok("aws ec2 run-instances --image-id ami-0370445a9b6133b92 --instance-type t3.micro");
        }
        let ids = |s: &mut Session, options: &str| {
            s.ok(&format!(
                "aws ec2 describe-instances {options} --query 'Reservations[].Instances[].InstanceId' --output text"
            ))
        };
        let everything: Vec<String> = ids(&mut s, "")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        // Cut inside the one page: the token says how many of its items were printed.
        let first = s.ok("aws ec2 describe-instances --max-items 2 --query '[length(Reservations), NextToken]' --output json");
        let cut_at_2 = "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==";
        assert_eq!(first, format!("[\n    2,\n    \"{cut_at_2}\"\n]\n"));
        // The text format ends with the token, the query applied to it too.
        assert_eq!(
            ids(&mut s, "--max-items 2"),
            format!("{}\t{}\nNone\n", everything[0], everything[1])
        );
        let text = s.ok("aws ec2 describe-instances --max-items 2 --output text");
        assert!(
            text.ends_with(&format!("NEXTTOKEN\t{cut_at_2}\n")),
            "{text}"
        );
        let middle = s.ok(&format!(
            "aws ec2 describe-instances --starting-token {cut_at_2} --max-items 3 \
             --query '[Reservations[].Instances[].InstanceId, NextToken]' --output json"
        ));
        let cut_at_5 = "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiA1fQ==";
        let value: serde_json::Value = serde_json::from_str(&middle).unwrap();
        assert_eq!(value[0], serde_json::json!(everything[2..5]));
        assert_eq!(value[1], cut_at_5);
        assert_eq!(
            ids(&mut s, &format!("--starting-token {cut_at_5}")),
            format!("{}\n", everything[5])
        );
        // On a page boundary the token carries the service's own token.
        let boundary =
            s.ok("aws ec2 describe-instances --page-size 5 --max-items 5 --query NextToken");
        let boundary: String = serde_json::from_str(&boundary).unwrap();
        assert_eq!(
            boundary,
            "eyJOZXh0VG9rZW4iOiAiY21WelpYSjJZWFJwYjI1ek9qVT0ifQ=="
        );
        // The text format puts the token on its own line, after the pages.
        assert_eq!(
            s.ok("aws ec2 describe-instances --page-size 5 --max-items 5 --query NextToken --output text"),
            format!("None\n{boundary}\n")
        );
        let rest = ids(&mut s, &format!("--starting-token {boundary}"));
        assert_eq!(rest, format!("{}\n", everything[5]));
        // A token that is not the CLI's goes to the service as it is.
        let out = s.run("aws ec2 describe-instances --starting-token garbage");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (
                254,
                "\naws: [ERROR]: An error occurred (InvalidParameterValue) when calling the \
                 DescribeInstances operation: Invalid value 'garbage' for nextToken.\n"
            )
        );
        // base64 of {"NextToken": 5}: botocore's validation sees the number.
        let out = s.run("aws ec2 describe-instances --starting-token eyJOZXh0VG9rZW4iOiA1fQ==");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (
                252,
                "\naws: [ERROR]: An error occurred (ParamValidation): Parameter validation \
                 failed:\nInvalid type for parameter NextToken, value: 5, type: <class 'int'>, \
                 valid types: <class 'str'>\n"
            )
        );
    }

    #[test]
    fn variables_and_command_substitution() {
        let mut s = Session::new();
        let out = s.run("IDS=$(aws ec2 run-instances --image-id ami-0370445a9b6133b92 --count 2 --query 'Instances[].InstanceId' --output text)");
        assert_eq!(
            (out.exit_code, out.stdout.as_str(), out.stderr.as_str()),
            (0, "", "")
        );
        assert!(s.terminal.changed_world());
        let ids = s.terminal.variable("IDS").expect("set").to_string();
        assert_eq!(ids.split('\t').count(), 2, "{ids}");
        // Unquoted, the value splits into one word per instance id.
        s.ok("aws ec2 wait instance-running --instance-ids $IDS");
        let states = s.ok("aws ec2 describe-instances --instance-ids $IDS --query 'Reservations[].Instances[].State.Name' --output text");
        assert_eq!(states, "running\trunning\n");
        assert_eq!(s.ok(r#"echo "[$IDS]" '$IDS'"#), format!("[{ids}] $IDS\n"));
        assert_eq!(s.terminal.document()["Variables"]["IDS"], ids.as_str());
        let out =
            s.run("aws ec2 describe-instances --instance-ids i-0000000000000000a; echo status=$?");
        assert_eq!(out.stdout, "status=254\n");
        let out = s.run("X=$(aws ec2 describe-instances --instance-ids i-0000000000000000a)");
        assert_eq!(out.exit_code, 254);
        assert!(out.stderr.contains("InvalidInstanceID.NotFound"));
        assert_eq!(s.ok("echo ${HOME}/$USER"), "/home/learner/learner\n");
    }

    #[test]
    fn aws_environment_variables_are_honoured() {
        let mut s = Session::new();
        s.ok("export AWS_DEFAULT_REGION=eu-west-1");
        let zones = s.ok("aws ec2 describe-availability-zones --query 'AvailabilityZones[0].ZoneName' --output text");
        assert_eq!(zones, "eu-west-1a\n");
        // --region wins over the environment; a prefix assignment lasts one command.
        let zones = s.ok("AWS_DEFAULT_OUTPUT=text aws ec2 describe-availability-zones --region us-west-2 --query 'AvailabilityZones[0].ZoneName'");
        assert_eq!(zones, "us-west-2a\n");
        assert_eq!(
            s.ok("aws sts get-caller-identity --query Account"),
            "\"123456789012\"\n"
        );
        s.ok("unset AWS_DEFAULT_REGION");
        assert_eq!(s.ok("aws ec2 describe-availability-zones --query 'AvailabilityZones[0].ZoneName' --output text"), "us-east-1a\n");
        let out = s.run("export 1X=y");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (1, "bash: export: `1X=y': not a valid identifier\n")
        );
    }

    #[test]
    fn substitutions_are_bounded() {
        let mut s = Session::new();
        assert_eq!(s.ok("echo $(echo $(echo hi))"), "hi\n");
        let out = s.run("echo $(echo $(echo $(echo $(echo $(echo deep)))))");
        assert!(
            out.stderr
                .contains("too many or too deeply nested substitutions"),
            "{}",
            out.stderr
        );
        let many = vec!["$(echo x)"; 40].join(" ");
        let out = s.run(&format!("echo {many}"));
        assert!(out
            .stderr
            .contains("too many or too deeply nested substitutions"));
    }

    #[test]
    fn changed_world_tracks_writes_calls_and_time() {
        let mut s = Session::new();
        s.ok("aws sts get-caller-identity");
        assert!(!s.terminal.changed_world());
        s.ok("aws ec2 describe-instances");
        assert!(!s.terminal.changed_world());
        s.ok("echo hello > notes.txt");
        assert!(s.terminal.changed_world());
        s.ok("cat notes.txt");
        assert!(!s.terminal.changed_world());
        s.ok("sleep 30");
        assert!(s.terminal.changed_world());
        assert_eq!(s.ok("date"), "Mon Jun  2 09:00:30 UTC 2025\n");
        s.ok("wait");
        assert_eq!(s.ok("date"), "Mon Jun  2 09:01:30 UTC 2025\n");
        s.ok("aws ec2 create-security-group --group-name g --description d");
        assert!(s.terminal.changed_world());
    }

    #[test]
    fn files_history_and_builtins() {
        let mut s = Session::new();
        s.ok("echo one > a.txt");
        s.ok("echo two >> a.txt");
        assert_eq!(s.ok("cat a.txt"), "one\ntwo\n");
        assert_eq!(s.ok("ls"), "a.txt\n");
        s.ok("rm a.txt");
        assert!(s.terminal.file("a.txt").is_none());
        let out = s.run("cat a.txt");
        assert_eq!(
            (out.exit_code, out.stderr.as_str()),
            (1, "cat: a.txt: No such file or directory\n")
        );
        assert_eq!(s.ok("pwd"), "/home/learner\n");
        assert_eq!(s.ok("whoami"), "learner\n");
        assert!(s.run("clear").clear);
        assert!(s.ok("help").contains("chmod MODE FILE..."));
        s.run("");
        s.run("   # a comment");
        assert_eq!(s.terminal.history().len(), 11);
        assert_eq!(s.terminal.history()[10], "   # a comment");
        assert_eq!(s.terminal.history()[0], "echo one > a.txt");
        assert!(s.ok("history").starts_with("    1  echo one > a.txt\n"));
        let doc = s.terminal.document();
        assert_eq!(doc["History"][0], "echo one > a.txt");
        assert_eq!(s.terminal.files().count(), 0);
    }

    #[test]
    fn hostile_input_is_refused_cleanly() {
        let mut s = Session::new();
        let out = s.run(&format!("echo {}", "x".repeat(10 * 1024 * 1024)));
        assert_eq!(out.exit_code, 2);
        assert!(out.stderr.contains("accepts lines of up to"));
        let deep = format!(
            "aws ec2 describe-instances --filters '{}'",
            "[".repeat(20_000)
        );
        assert_eq!(s.run(&deep).exit_code, 252);
        let deep = format!(
            "aws ec2 describe-instances --filters 'Name={}'",
            "[".repeat(20_000)
        );
        assert_eq!(s.run(&deep).exit_code, 252);
        let out = s.run(&format!(
            "aws ec2 describe-instances --query '{}'",
            "(".repeat(500)
        ));
        assert_eq!(out.exit_code, 252);
        assert_eq!(s.run("echo 'unterminated").exit_code, 2);
        assert_eq!(s.run("sleep 99999999999").exit_code, 1);
    }

    #[test]
    fn help_pages_are_printed_to_stdout() {
        let mut s = Session::new();
        assert!(s.ok("aws help").contains("AVAILABLE SERVICES"));
        assert!(s.ok("aws ec2 help").contains("o describe-instances"));
        assert!(s
            .ok("aws ec2 run-instances help")
            .contains("[--count <value>]"));
        assert!(s.ok("aws ec2 wait help").contains("o instance-running"));
    }
}
