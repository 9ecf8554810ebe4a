//! The last few lines the learner ran and what they printed, so that lesson
//! goals can check an outcome only a real command produces (curl showing a
//! page, ssh naming the login user) rather than what was typed.

use serde::Serialize;
use std::collections::VecDeque;

/// Lines remembered.
const MAX_LINES: usize = 10;
/// Characters of each output remembered.
const MAX_TEXT: usize = 4096;

/// One line and what it printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ran {
    pub line: String,
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The most recent lines, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Recent(VecDeque<Ran>);

/// The first `MAX_TEXT` characters of `text`.
fn capped(text: &str) -> String {
    text.chars().take(MAX_TEXT).collect()
}

impl Recent {
    /// Remembers a line, forgetting the oldest beyond the limit.
    pub fn push(&mut self, line: &str, exit_code: i32, stdout: &str, stderr: &str) {
        if self.0.len() >= MAX_LINES {
            self.0.pop_front();
        }
        self.0.push_back(Ran {
            line: capped(line),
            exit_code,
            stdout: capped(stdout),
            stderr: capped(stderr),
        });
    }
}
