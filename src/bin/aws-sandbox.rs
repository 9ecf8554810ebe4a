//! `aws-sandbox`: the sandbox's terminal on the command line.
//!
//! - `aws-sandbox repl [--seed N]`: an interactive `$ ` prompt.
//! - `aws-sandbox repl --jsonl [--seed N]`: one command line per input line,
//!   one JSON line `{"exit_code":..,"stdout":..,"stderr":..}` per output line
//!   (for test drivers).
//! - `aws-sandbox run FILE [--seed N]`: runs a script and prints what a
//!   terminal would show (`$ line`, then its output).

use aws_sandbox::{ExecOutput, Sandbox};
use std::io::{self, BufRead, Write};
use std::process::ExitCode;

const USAGE: &str =
    "usage: aws-sandbox repl [--jsonl] [--seed N]\n       aws-sandbox run FILE [--seed N]\n";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
enum Mode {
    Repl { jsonl: bool, seed: u64 },
    Run { file: String, seed: u64 },
}

/// Reads the arguments by hand (no argument-parsing crate needed).
fn parse_args(args: &[String]) -> Result<Mode, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("missing command".to_string());
    };
    let mut seed = 1;
    let mut jsonl = false;
    let mut file = None;
    let mut i = 0;
    while i < rest.len() {
        match rest[i].as_str() {
            "--jsonl" if command == "repl" => jsonl = true,
            "--seed" => {
                i += 1;
                let value = rest.get(i).ok_or("--seed needs a number")?;
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed needs a number, not '{value}'"))?;
            }
            other if command == "run" && file.is_none() && !other.starts_with("--") => {
                file = Some(other.to_string())
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
        i += 1;
    }
    match command.as_str() {
        "repl" => Ok(Mode::Repl { jsonl, seed }),
        "run" => file
            .map(|file| Mode::Run { file, seed })
            .ok_or_else(|| "run needs a FILE".to_string()),
        other => Err(format!("unknown command '{other}'")),
    }
}

/// The JSON line of one result.
fn json_line(output: &ExecOutput) -> String {
    serde_json::json!({
        "exit_code": output.exit_code,
        "stdout": output.stdout,
        "stderr": output.stderr,
    })
    .to_string()
}

fn repl(seed: u64, jsonl: bool) -> io::Result<()> {
    let mut sandbox = Sandbox::new(seed);
    let stdin = io::stdin();
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr();
    if !jsonl {
        write!(stdout, "$ ")?;
        stdout.flush()?;
    }
    let mut input = stdin.lock();
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        // A line that is not UTF-8 is still a line: its bad bytes become U+FFFD.
        let text = String::from_utf8_lossy(&buffer);
        let line = text.trim_end_matches(['\n', '\r']);
        let output = sandbox.exec(line);
        if jsonl {
            writeln!(stdout, "{}", json_line(&output))?;
        } else {
            write!(stdout, "{}", output.stdout)?;
            stdout.flush()?;
            write!(stderr, "{}", output.stderr)?;
            write!(stdout, "$ ")?;
        }
        stdout.flush()?;
    }
    if !jsonl {
        writeln!(stdout)?;
    }
    Ok(())
}

fn run(file: &str, seed: u64) -> io::Result<i32> {
    let script = std::fs::read_to_string(file)?;
    let mut sandbox = Sandbox::new(seed);
    let mut stdout = io::stdout().lock();
    let mut last = 0;
    for line in script.lines() {
        let output = sandbox.exec(line);
        writeln!(stdout, "$ {line}")?;
        write!(stdout, "{}{}", output.stdout, output.stderr)?;
        last = output.exit_code;
    }
    stdout.flush()?;
    Ok(last)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match parse_args(&args) {
        Ok(mode) => mode,
        Err(message) => {
            eprint!("aws-sandbox: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match mode {
        Mode::Repl { jsonl, seed } => repl(seed, jsonl).map(|()| 0),
        Mode::Run { file, seed } => run(&file, seed),
    };
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(error) => {
            eprintln!("aws-sandbox: {error}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_modes() {
        assert_eq!(
            parse_args(&args("repl")),
            Ok(Mode::Repl {
                jsonl: false,
                seed: 1
            })
        );
        assert_eq!(
            parse_args(&args("repl --jsonl --seed 7")),
            Ok(Mode::Repl {
                jsonl: true,
                seed: 7
            })
        );
        assert_eq!(
            parse_args(&args("run demo.sh --seed 3")),
            Ok(Mode::Run {
                file: "demo.sh".into(),
                seed: 3
            })
        );
        assert!(parse_args(&args("run")).is_err());
        assert!(parse_args(&args("repl --seed x")).is_err());
        assert!(parse_args(&args("serve")).is_err());
    }

    #[test]
    fn json_lines_hold_the_three_fields() {
        let mut sandbox = Sandbox::new(1);
        let line = json_line(&sandbox.exec("echo hi"));
        assert_eq!(line, r#"{"exit_code":0,"stdout":"hi\n","stderr":""}"#);
    }
}
