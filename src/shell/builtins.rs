//! The learner's own machine: the few shell commands a cloud tutorial
//! needs (`echo`, `cat`, `ls -l`, `chmod 400`, `rm`, `sleep`, `date`, ...),
//! answering and failing with the messages of bash and GNU coreutils.

use super::home::{FsError, Home, LocalFile, HOME_PATH};
use crate::api::World;
use crate::kernel::calendar::DateTime;
use crate::kernel::DomainEvent;

/// The longest stretch of simulated time one command may let pass.
const MAX_SLEEP_SECONDS: u64 = 30 * 24 * 3600;

/// The commands `help` lists, with what they do here.
const COMMANDS: &[(&str, &str)] = &[
    ("aws", "the AWS CLI (run 'aws help')"),
    (
        "base64 [-d] [-w 0] [FILE]",
        "encode a file in base64 (or decode it with -d)",
    ),
    ("cat [FILE...]", "print files (or what is piped in)"),
    (
        "chmod MODE FILE...",
        "change permissions, e.g. chmod 400 key.pem",
    ),
    ("clear", "clear the screen"),
    ("date", "show the simulated time"),
    (
        "echo [-n] [-e] TEXT...",
        "print text (use > file to write a file)",
    ),
    (
        "grep [-ivc] TEXT [FILE]",
        "print the lines that contain TEXT",
    ),
    ("head [-n N] [FILE...]", "print the first N lines"),
    ("help", "this list"),
    ("history", "list the commands typed so far"),
    (
        "load start URL --rps N",
        "send steady, spike or daily traffic to a URL (load stop, load status)",
    ),
    (
        "ls [-l] [-a] [FILE...]",
        "list the files in your home folder",
    ),
    ("pwd", "print the current folder"),
    ("rm [-f] FILE...", "delete files"),
    ("sleep SECONDS", "let simulated time pass (also 2m, 1h)"),
    (
        "tee [-a] FILE...",
        "copy what is piped in to the screen and into files",
    ),
    ("touch FILE...", "create empty files"),
    ("unset NAME", "forget a variable"),
    (
        "wait [SECONDS]",
        "let simulated time pass (60 seconds by default)",
    ),
    ("wc [-lwc] [FILE...]", "count lines, words and bytes"),
    ("whoami", "print your user name"),
];

/// What a built-in command printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status.
    pub exit_code: i32,
    /// `clear` was run.
    pub clear: bool,
}

impl Outcome {
    pub(super) fn out(stdout: impl Into<String>) -> Self {
        Self {
            stdout: stdout.into(),
            ..Self::default()
        }
    }

    pub(super) fn fail(stderr: impl Into<String>, exit_code: i32) -> Self {
        Self {
            stderr: stderr.into(),
            exit_code,
            ..Self::default()
        }
    }
}

/// What built-ins work on.
pub struct Context<'a> {
    /// The simulated account (its clock).
    pub world: &'a mut World,
    /// The home folder.
    pub home: &'a mut Home,
    /// Lines typed so far, this one included.
    pub history: &'a [String],
    /// Events raised while time passed.
    pub events: &'a mut Vec<DomainEvent>,
    /// Set when the home folder changed or time passed.
    pub changed: &'a mut bool,
    /// What the command before it in a pipeline wrote (empty otherwise).
    pub stdin: &'a str,
}

/// Runs the built-in `words[0]`; unknown commands fail as bash's do.
pub fn run(ctx: Context, words: &[String]) -> Outcome {
    let Some((name, args)) = words.split_first() else {
        return Outcome::default();
    };
    match name.as_str() {
        "help" => help(),
        "clear" => Outcome {
            clear: true,
            ..Outcome::default()
        },
        "history" => history(ctx.history),
        "echo" => echo(args),
        "tee" => {
            let now = ctx.world.now();
            let home = ctx.home;
            *ctx.changed = true;
            super::filters::tee(args, ctx.stdin, &mut |path, text, append| {
                home.open_for_write(path, append, now)
                    .and_then(|name| home.append(&name, text, now))
                    .map_err(FsError::text)
            })
        }
        "cat" | "grep" | "head" | "wc" | "base64" => {
            let home = &*ctx.home;
            let read = |path: &str| home.read(path).map(str::to_string).map_err(FsError::text);
            super::filters::run(name, args, ctx.stdin, &read).unwrap_or_default()
        }
        "ls" => ls(ctx.home, args),
        "chmod" => chmod(ctx, args),
        "rm" => rm(ctx, args),
        "touch" => touch(ctx, args),
        "pwd" => Outcome::out(format!("{HOME_PATH}\n")),
        "cd" => cd(args),
        "whoami" => Outcome::out("learner\n"),
        "date" => Outcome::out(format!("{}\n", date(ctx.world.now()))),
        "sleep" => pass_time(ctx, "sleep", args, None),
        "wait" => pass_time(ctx, "wait", args, Some(60)),
        other => Outcome::fail(format!("bash: {other}: command not found\n"), 127),
    }
}

fn help() -> Outcome {
    let mut out = String::from("This terminal understands:\n");
    for (usage, what) in COMMANDS {
        out.push_str(&format!("  {usage:<24} {what}\n"));
    }
    out.push_str("Lines may hold several commands joined by ; && ||, | to send one command's output to the next, and > or >> to write output into a file.\n");
    Outcome::out(out)
}

fn history(lines: &[String]) -> Outcome {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(&format!("{:>5}  {line}\n", i + 1));
    }
    Outcome::out(out)
}

/// Leading arguments made only of `n`, `e` and `E` flags, as bash's echo reads them.
fn echo(args: &[String]) -> Outcome {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    while let Some((first, tail)) = rest.split_first() {
        let flags = first
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && f.chars().all(|c| "neE".contains(c)));
        let Some(flags) = flags else { break };
        for flag in flags.chars() {
            match flag {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        rest = tail;
    }
    let mut text = rest.join(" ");
    if escapes {
        match unescape(&text) {
            (unescaped, true) => return Outcome::out(unescaped),
            (unescaped, false) => text = unescaped,
        }
    }
    if newline {
        text.push('\n');
    }
    Outcome::out(text)
}

/// `echo -e` escapes; the flag is true when `\c` ended the output.
fn unescape(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('e') => out.push('\x1b'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// Splits `-la`-style flags from operands; fails on a flag outside `allowed`.
fn flags_and_operands<'a>(
    command: &str,
    args: &'a [String],
    allowed: &str,
) -> Result<(String, Vec<&'a String>), Outcome> {
    let mut flags = String::new();
    let mut operands = Vec::new();
    for arg in args {
        match arg.strip_prefix('-') {
            Some(f) if !f.is_empty() => {
                if let Some(bad) = f.chars().find(|c| !allowed.contains(*c)) {
                    return Err(Outcome::fail(
                        format!("{command}: invalid option -- '{bad}'\nTry '{command} --help' for more information.\n"),
                        if command == "ls" { 2 } else { 1 },
                    ));
                }
                flags.push_str(f);
            }
            _ => operands.push(arg),
        }
    }
    Ok((flags, operands))
}

/// `-rw-r--r--` for a mode.
pub(super) fn mode_string(kind: char, mode: u32) -> String {
    let mut out = String::from(kind);
    for shift in [6, 3, 0] {
        let bits = (mode >> shift) & 7;
        out.push(if bits & 4 != 0 { 'r' } else { '-' });
        out.push(if bits & 2 != 0 { 'w' } else { '-' });
        out.push(if bits & 1 != 0 { 'x' } else { '-' });
    }
    out
}

/// One `ls -l` entry before column alignment.
struct Entry {
    mode: String,
    links: u32,
    size: usize,
    modified: u64,
    name: String,
}

fn ls(home: &Home, args: &[String]) -> Outcome {
    let (flags, operands) = match flags_and_operands("ls", args, "la1AhF") {
        Ok(parsed) => parsed,
        Err(outcome) => return outcome,
    };
    let long = flags.contains('l');
    let all = flags.contains('a');
    let mut outcome = Outcome::default();
    let mut entries = Vec::new();
    let mut folder_listed = operands.is_empty();
    for operand in &operands {
        if Home::is_folder(operand) {
            folder_listed = true;
            continue;
        }
        match home.lookup(operand) {
            Ok((_, file)) => entries.push(file_entry(operand, file)),
            Err(_) => {
                outcome.stderr.push_str(&format!(
                    "ls: cannot access '{operand}': No such file or directory\n"
                ));
                outcome.exit_code = 2;
            }
        }
    }
    let mut blocks = 0;
    if folder_listed {
        if all {
            for name in [".", ".."] {
                entries.push(Entry {
                    mode: mode_string('d', 0o755),
                    links: 2,
                    size: 4096,
                    modified: crate::kernel::clock::START,
                    name: name.to_string(),
                });
                blocks += 4;
            }
        }
        for (name, file) in home.files() {
            if all || !name.starts_with('.') {
                blocks += file.content.len().div_ceil(4096) * 4;
                entries.push(file_entry(name, file));
            }
        }
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    if !long {
        if !entries.is_empty() {
            let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
            let separator = if flags.contains('1') { "\n" } else { "  " };
            outcome.stdout = format!("{}\n", names.join(separator));
        }
        return outcome;
    }
    if folder_listed {
        outcome.stdout.push_str(&format!("total {blocks}\n"));
    }
    let width = entries
        .iter()
        .map(|e| e.size.to_string().len())
        .max()
        .unwrap_or(1);
    for entry in entries {
        outcome.stdout.push_str(&format!(
            "{} {} learner learner {:>width$} {} {}\n",
            entry.mode,
            entry.links,
            entry.size,
            ls_time(entry.modified),
            entry.name
        ));
    }
    outcome
}

fn file_entry(name: &str, file: &LocalFile) -> Entry {
    Entry {
        mode: mode_string('-', file.mode),
        links: 1,
        size: file.content.len(),
        modified: file.modified,
        name: name.to_string(),
    }
}

fn chmod(ctx: Context, args: &[String]) -> Outcome {
    let Some((mode_text, files)) = args.split_first() else {
        return Outcome::fail(
            "chmod: missing operand\nTry 'chmod --help' for more information.\n",
            1,
        );
    };
    if files.is_empty() {
        return Outcome::fail(
            format!("chmod: missing operand after '{mode_text}'\nTry 'chmod --help' for more information.\n"),
            1,
        );
    }
    let mut outcome = Outcome::default();
    for path in files {
        let current = match ctx.home.lookup(path) {
            Ok((_, file)) => file.mode,
            Err(_) => {
                outcome.stderr.push_str(&format!(
                    "chmod: cannot access '{path}': No such file or directory\n"
                ));
                outcome.exit_code = 1;
                continue;
            }
        };
        let Some(mode) = parse_mode(mode_text, current) else {
            return Outcome::fail(
                format!("chmod: invalid mode: '{mode_text}'\nTry 'chmod --help' for more information.\n"),
                1,
            );
        };
        if ctx.home.chmod(path, mode).is_ok() {
            *ctx.changed = true;
        }
    }
    outcome
}

/// An octal mode (`400`, `0600`) or a symbolic one (`u+x`, `go-rwx`, `a=r`).
pub(super) fn parse_mode(text: &str, current: u32) -> Option<u32> {
    if !text.is_empty() && text.len() <= 4 && text.chars().all(|c| ('0'..='7').contains(&c)) {
        return u32::from_str_radix(text, 8).ok();
    }
    let mut mode = current;
    for clause in text.split(',') {
        let split = clause.find(['+', '-', '='])?;
        let (who, rest) = clause.split_at(split);
        if !who.chars().all(|c| "ugoa".contains(c)) {
            return None;
        }
        let who_mask = if who.is_empty() || who.contains('a') {
            0o777
        } else {
            who.chars().fold(0, |mask, c| {
                mask | match c {
                    'u' => 0o700,
                    'g' => 0o070,
                    _ => 0o007,
                }
            })
        };
        let op = rest.chars().next()?;
        let perms = &rest[1..];
        if !perms.chars().all(|c| "rwxX".contains(c)) {
            return None;
        }
        let bits = perms.chars().fold(0, |bits, c| {
            bits | match c {
                'r' => 0o444,
                'w' => 0o222,
                _ => 0o111,
            }
        }) & who_mask;
        mode = match op {
            '+' => mode | bits,
            '-' => mode & !bits,
            _ => (mode & !who_mask) | bits,
        };
    }
    Some(mode)
}

fn rm(ctx: Context, args: &[String]) -> Outcome {
    let (flags, operands) = match flags_and_operands("rm", args, "rfiRv") {
        Ok(parsed) => parsed,
        Err(outcome) => return outcome,
    };
    let force = flags.contains('f');
    if operands.is_empty() {
        if force {
            return Outcome::default();
        }
        return Outcome::fail(
            "rm: missing operand\nTry 'rm --help' for more information.\n",
            1,
        );
    }
    let mut outcome = Outcome::default();
    for path in operands {
        match ctx.home.remove(path) {
            Ok(()) => *ctx.changed = true,
            Err(FsError::NotFound) if force => {}
            Err(error) => {
                outcome
                    .stderr
                    .push_str(&format!("rm: cannot remove '{path}': {}\n", error.text()));
                outcome.exit_code = 1;
            }
        }
    }
    outcome
}

fn touch(ctx: Context, args: &[String]) -> Outcome {
    if args.is_empty() {
        return Outcome::fail(
            "touch: missing file operand\nTry 'touch --help' for more information.\n",
            1,
        );
    }
    let now = ctx.world.now();
    let mut outcome = Outcome::default();
    for path in args {
        if ctx.home.lookup(path).is_ok() {
            continue;
        }
        match ctx.home.open_for_write(path, true, now) {
            Ok(_) => *ctx.changed = true,
            Err(error) => {
                outcome
                    .stderr
                    .push_str(&format!("touch: cannot touch '{path}': {}\n", error.text()));
                outcome.exit_code = 1;
            }
        }
    }
    outcome
}

fn cd(args: &[String]) -> Outcome {
    match args.first() {
        None => Outcome::default(),
        Some(path) if Home::is_folder(path) => Outcome::default(),
        Some(path) => Outcome::fail(format!("bash: cd: {path}: No such file or directory\n"), 1),
    }
}

/// Seconds in a `sleep` operand: a number with an optional s, m, h or d.
fn parse_interval(text: &str) -> Option<f64> {
    let (number, unit) = match text.char_indices().last()? {
        (i, 's') => (&text[..i], 1.0),
        (i, 'm') => (&text[..i], 60.0),
        (i, 'h') => (&text[..i], 3600.0),
        (i, 'd') => (&text[..i], 86400.0),
        _ => (text, 1.0),
    };
    let value: f64 = number.parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(value * unit)
}

fn pass_time(ctx: Context, command: &str, args: &[String], default: Option<u64>) -> Outcome {
    let usage = format!("Try '{command} --help' for more information.\n");
    let seconds = if args.is_empty() {
        match default {
            Some(seconds) => seconds as f64,
            None => return Outcome::fail(format!("{command}: missing operand\n{usage}"), 1),
        }
    } else {
        let mut total = 0.0;
        for arg in args {
            match parse_interval(arg) {
                Some(seconds) => total += seconds,
                None => {
                    return Outcome::fail(
                        format!("{command}: invalid time interval '{arg}'\n{usage}"),
                        1,
                    )
                }
            }
        }
        total
    };
    let seconds = seconds.ceil();
    if seconds > MAX_SLEEP_SECONDS as f64 {
        return Outcome::fail(
            format!("{command}: the sandbox lets at most {MAX_SLEEP_SECONDS} seconds (30 days) pass at once\n"),
            1,
        );
    }
    let seconds = seconds as u64;
    if seconds > 0 {
        ctx.events.extend(ctx.world.advance(seconds));
        *ctx.changed = true;
    }
    Outcome::default()
}

/// `date`'s format: `Mon Jun  2 09:00:00 UTC 2025`.
pub fn date(t: u64) -> String {
    let m = DateTime::from_unix(t);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} UTC {}",
        m.weekday_name(),
        m.month_name(),
        m.day,
        m.hour,
        m.minute,
        m.second,
        m.year
    )
}

/// `ls -l`'s time column: `Jun  2 09:00`.
pub(super) fn ls_time(t: u64) -> String {
    let m = DateTime::from_unix(t);
    format!(
        "{} {:>2} {:02}:{:02}",
        m.month_name(),
        m.day,
        m.hour,
        m.minute
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::clock::START;

    #[test]
    fn dates_look_like_gnu_date() {
        assert_eq!(date(START), "Mon Jun  2 09:00:00 UTC 2025");
        assert_eq!(ls_time(START + 86400 * 10), "Jun 12 09:00");
    }

    #[test]
    fn modes() {
        assert_eq!(parse_mode("400", 0o644), Some(0o400));
        assert_eq!(parse_mode("0600", 0o644), Some(0o600));
        assert_eq!(parse_mode("u+x", 0o644), Some(0o744));
        assert_eq!(parse_mode("go-rwx", 0o644), Some(0o600));
        assert_eq!(parse_mode("a=r", 0o644), Some(0o444));
        assert_eq!(parse_mode("u=rw,go=", 0o777), Some(0o600));
        assert_eq!(parse_mode("999", 0o644), None);
        assert_eq!(parse_mode("x+y", 0o644), None);
        assert_eq!(mode_string('-', 0o400), "-r--------");
        assert_eq!(mode_string('-', 0o644), "-rw-r--r--");
    }

    #[test]
    fn echo_flags_and_escapes() {
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(echo(&words("hello world")).stdout, "hello world\n");
        assert_eq!(echo(&words("-n hi")).stdout, "hi");
        assert_eq!(echo(&words("-e a\\tb")).stdout, "a\tb\n");
        assert_eq!(echo(&words("-x hi")).stdout, "-x hi\n");
        assert_eq!(echo(&[]).stdout, "\n");
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("90"), Some(90.0));
        assert_eq!(parse_interval("2m"), Some(120.0));
        assert_eq!(parse_interval("1.5h"), Some(5400.0));
        assert_eq!(parse_interval("soon"), None);
        assert_eq!(parse_interval("-1"), None);
    }
}
