//! Commands that read standard input (or files) and write standard output,
//! the same on every machine: `cat`, `grep`, `head`, `wc`, `base64` and
//! `tee`. The
//! machine supplies how to read and write its files, so the learner's
//! laptop and an instance share one implementation.

use super::builtins::Outcome;

/// Reads a file by path; the error is `strerror`'s text.
pub type Reader<'a> = dyn Fn(&str) -> Result<String, &'static str> + 'a;
/// Writes `text` to a path (appending when asked); the error is `strerror`'s text.
pub type Writer<'a> = dyn FnMut(&str, &str, bool) -> Result<(), &'static str> + 'a;

/// Runs the filter `name` over `stdin` or its file operands; `None` when
/// `name` is not a filter.
pub fn run(name: &str, args: &[String], stdin: &str, read: &Reader) -> Option<Outcome> {
    let outcome = match name {
        "cat" => cat(args, stdin, read),
        "grep" => grep(args, stdin, read),
        "head" => head(args, stdin, read),
        "wc" => wc(args, stdin, read),
        "base64" => base64(args, stdin, read),
        _ => return None,
    };
    Some(outcome)
}

/// The inputs named by `operands` (stdin for none or `-`), with the
/// message for those that cannot be read.
fn inputs(
    operands: &[&String],
    stdin: &str,
    read: &Reader,
    error: impl Fn(&str, &str) -> String,
    outcome: &mut Outcome,
) -> Vec<(String, String)> {
    if operands.is_empty() {
        return vec![("-".into(), stdin.to_string())];
    }
    let mut found = Vec::new();
    for operand in operands {
        if operand.as_str() == "-" {
            found.push(("-".into(), stdin.to_string()));
            continue;
        }
        match read(operand) {
            Ok(text) => found.push((operand.to_string(), text)),
            Err(text) => {
                outcome.stderr.push_str(&error(operand, text));
                outcome.exit_code = 1;
            }
        }
    }
    found
}

fn cat(args: &[String], stdin: &str, read: &Reader) -> Outcome {
    let operands: Vec<&String> = args.iter().collect();
    let mut outcome = Outcome::default();
    let error = |path: &str, text: &str| format!("cat: {path}: {text}\n");
    for (_, text) in inputs(&operands, stdin, read, error, &mut outcome) {
        outcome.stdout.push_str(&text);
    }
    outcome
}

fn usage(command: &str, usage: &str) -> Outcome {
    Outcome::fail(
        format!("Usage: {command} {usage}\nTry '{command} --help' for more information.\n"),
        2,
    )
}

/// `grep [-i] [-v] [-c] [-n] PATTERN [FILE...]` with a fixed-string pattern;
/// `^` and `$` anchor it to the start or end of the line.
fn grep(args: &[String], stdin: &str, read: &Reader) -> Outcome {
    let mut flags = String::new();
    let mut operands = Vec::new();
    for arg in args {
        match arg.strip_prefix('-') {
            Some(f) if !f.is_empty() && operands.is_empty() => {
                if let Some(bad) = f.chars().find(|c| !"ivcnFE".contains(*c)) {
                    return Outcome::fail(
                        format!("grep: invalid option -- '{bad}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"),
                        2,
                    );
                }
                flags.push_str(f);
            }
            _ => operands.push(arg),
        }
    }
    let Some((pattern, files)) = operands.split_first() else {
        return usage("grep", "[OPTION]... PATTERNS [FILE]...");
    };
    let fold = |s: &str| {
        if flags.contains('i') {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let mut needle = fold(pattern);
    let start = needle.starts_with('^');
    let end = needle.ends_with('$') && needle.len() > usize::from(start);
    if start {
        needle.remove(0);
    }
    if end {
        needle.pop();
    }
    let matches = |line: &str| {
        let line = fold(line);
        let hit = match (start, end) {
            (true, true) => line == needle,
            (true, false) => line.starts_with(&needle),
            (false, true) => line.ends_with(&needle),
            (false, false) => line.contains(&needle),
        };
        hit != flags.contains('v')
    };
    let mut outcome = Outcome::default();
    let error = |path: &str, text: &str| format!("grep: {path}: {text}\n");
    let sources = inputs(files, stdin, read, error, &mut outcome);
    let named = sources.len() > 1;
    let mut found = false;
    for (name, text) in sources {
        let prefix = if named {
            format!("{name}:")
        } else {
            String::new()
        };
        let mut count = 0;
        for (number, line) in text.lines().enumerate().filter(|(_, l)| matches(l)) {
            count += 1;
            if !flags.contains('c') {
                let number = if flags.contains('n') {
                    format!("{}:", number + 1)
                } else {
                    String::new()
                };
                outcome
                    .stdout
                    .push_str(&format!("{prefix}{number}{line}\n"));
            }
        }
        if flags.contains('c') {
            outcome.stdout.push_str(&format!("{prefix}{count}\n"));
        }
        found |= count > 0;
    }
    if outcome.exit_code == 0 && !found {
        outcome.exit_code = 1;
    } else if outcome.exit_code != 0 {
        outcome.exit_code = 2;
    }
    outcome
}

/// `head [-n N | -N] [FILE...]`: the first N lines (10 by default).
fn head(args: &[String], stdin: &str, read: &Reader) -> Outcome {
    let mut count = 10;
    let mut operands = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = match arg.as_str() {
            "-n" | "--lines" => match rest.next() {
                Some(value) => Some(value.as_str()),
                None => {
                    return Outcome::fail(
                        "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n",
                        1,
                    )
                }
            },
            other if other.starts_with("-n") => Some(&other[2..]),
            other if other.len() > 1 && other.starts_with('-') => Some(&other[1..]),
            _ => {
                operands.push(arg);
                None
            }
        };
        if let Some(value) = value {
            match value.parse::<usize>() {
                Ok(n) => count = n,
                Err(_) => {
                    return Outcome::fail(format!("head: invalid number of lines: ‘{value}’\n"), 1)
                }
            }
        }
    }
    let mut outcome = Outcome::default();
    let error =
        |path: &str, text: &str| format!("head: cannot open '{path}' for reading: {text}\n");
    let sources = inputs(&operands, stdin, read, error, &mut outcome);
    let named = sources.len() > 1;
    for (index, (name, text)) in sources.iter().enumerate() {
        if named {
            let gap = if index > 0 { "\n" } else { "" };
            outcome.stdout.push_str(&format!("{gap}==> {name} <==\n"));
        }
        for line in text.split_inclusive('\n').take(count) {
            outcome.stdout.push_str(line);
        }
    }
    outcome
}

/// `wc [-l] [-w] [-c] [FILE...]`.
fn wc(args: &[String], stdin: &str, read: &Reader) -> Outcome {
    let mut flags = String::new();
    let mut operands = Vec::new();
    for arg in args {
        match arg.strip_prefix('-') {
            Some(f) if !f.is_empty() => {
                if let Some(bad) = f.chars().find(|c| !"lwcm".contains(*c)) {
                    return Outcome::fail(
                        format!("wc: invalid option -- '{bad}'\nTry 'wc --help' for more information.\n"),
                        1,
                    );
                }
                flags.push_str(f);
            }
            _ => operands.push(arg),
        }
    }
    if flags.is_empty() {
        flags = "lwc".into();
    }
    let mut outcome = Outcome::default();
    let error = |path: &str, text: &str| format!("wc: {path}: {text}\n");
    let sources = inputs(&operands, stdin, read, error, &mut outcome);
    let counts = |text: &str| {
        let mut out = Vec::new();
        for (flag, value) in [
            ('l', text.matches('\n').count()),
            ('w', text.split_whitespace().count()),
            ('c', text.len()),
        ] {
            if flags.contains(flag) || flag == 'c' && flags.contains('m') {
                out.push(value);
            }
        }
        out
    };
    let mut rows: Vec<(String, Vec<usize>)> = sources
        .iter()
        .map(|(name, text)| (name.clone(), counts(text)))
        .collect();
    if rows.len() > 1 {
        let total = (0..rows[0].1.len())
            .map(|i| rows.iter().map(|(_, c)| c[i]).sum())
            .collect();
        rows.push(("total".into(), total));
    }
    // One count of stdin alone is printed bare; otherwise GNU wc pads to
    // the widest number (at least 7 wide when stdin is among the inputs).
    let single = rows.len() == 1 && rows[0].1.len() == 1 && operands.is_empty();
    let width = if single {
        1
    } else if operands.is_empty() {
        7
    } else {
        rows.iter()
            .flat_map(|(_, c)| c.iter())
            .map(|n| n.to_string().len())
            .max()
            .unwrap_or(1)
    };
    for (name, values) in &rows {
        let numbers: Vec<String> = values.iter().map(|n| format!("{n:>width$}")).collect();
        let label = if name == "-" && operands.is_empty() {
            String::new()
        } else {
            format!(" {name}")
        };
        outcome
            .stdout
            .push_str(&format!("{}{label}\n", numbers.join(" ")));
    }
    outcome
}

/// Columns of GNU base64's lines unless `-w` says otherwise.
const BASE64_WRAP: usize = 76;

/// `base64 [-d] [-w COLS] [FILE]`, as GNU coreutils: encodes (wrapping
/// lines at 76 columns, or not at all with `-w 0`, which also drops the
/// final newline) or decodes (`-d`, skipping newlines). Tutorials need it
/// for the user data of a launch template, which must be base64.
fn base64(args: &[String], stdin: &str, read: &Reader) -> Outcome {
    use base64::{engine::general_purpose::STANDARD, Engine};
    let try_help = "Try 'base64 --help' for more information.\n";
    let mut decode = false;
    let mut wrap = BASE64_WRAP;
    let mut operands = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let columns = match arg.as_str() {
            "-d" | "--decode" => {
                decode = true;
                continue;
            }
            "-w" | "--wrap" => match rest.next() {
                Some(value) => value.as_str(),
                None => {
                    return Outcome::fail(
                        format!("base64: option requires an argument -- 'w'\n{try_help}"),
                        1,
                    )
                }
            },
            other if other.starts_with("--wrap=") => &other[7..],
            other if other.starts_with("-w") => &other[2..],
            other if other.len() > 1 && other.starts_with('-') => {
                return Outcome::fail(
                    format!("base64: invalid option -- '{}'\n{try_help}", &other[1..]),
                    1,
                )
            }
            _ => {
                operands.push(arg);
                continue;
            }
        };
        match columns.parse::<usize>() {
            Ok(columns) => wrap = columns,
            Err(_) => return Outcome::fail(format!("base64: invalid wrap size: ‘{columns}’\n"), 1),
        }
    }
    if let [_, extra, ..] = operands.as_slice() {
        return Outcome::fail(format!("base64: extra operand ‘{extra}’\n{try_help}"), 1);
    }
    let mut outcome = Outcome::default();
    let error = |path: &str, text: &str| format!("base64: {path}: {text}\n");
    let Some((_, text)) = inputs(&operands, stdin, read, error, &mut outcome).pop() else {
        return outcome;
    };
    if decode {
        let packed: String = text.chars().filter(|c| *c != '\n').collect();
        return match STANDARD.decode(packed) {
            Ok(bytes) => Outcome::out(String::from_utf8_lossy(&bytes)),
            Err(_) => Outcome::fail("base64: invalid input\n", 1),
        };
    }
    let encoded = STANDARD.encode(text.as_bytes());
    if wrap == 0 {
        return Outcome::out(encoded);
    }
    // Base64 is ASCII, so byte chunks are whole characters.
    for line in encoded.as_bytes().chunks(wrap) {
        outcome.stdout.push_str(&String::from_utf8_lossy(line));
        outcome.stdout.push('\n');
    }
    outcome
}

/// `tee [-a] FILE...`: copies stdin to stdout and into every file.
pub fn tee(args: &[String], stdin: &str, write: &mut Writer) -> Outcome {
    let append = args.iter().any(|a| a == "-a" || a == "--append");
    let mut outcome = Outcome::out(stdin);
    for path in args.iter().filter(|a| !a.starts_with('-') || a.len() == 1) {
        if let Err(text) = write(path, stdin, append) {
            outcome.stderr.push_str(&format!("tee: {path}: {text}\n"));
            outcome.exit_code = 1;
        }
    }
    outcome
}
