//! A lesson as data: an optional setup, steps with markdown instructions,
//! goals, hints and an optional quiz, a reference solution and named
//! near-misses.

use super::goal::Goal;
use serde::{Deserialize, Serialize};

/// A multiple-choice question shown with a step.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Quiz {
    pub question: String,
    pub choices: Vec<String>,
    /// Index of the right choice.
    pub answer: usize,
    /// Why that choice is right.
    pub explanation: String,
}

/// One step of a lesson.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// Markdown.
    pub instructions: String,
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub hints: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<Quiz>,
}

/// An attempt that looks right but must not complete `step` (0-based).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NearMiss {
    pub name: String,
    pub step: usize,
    /// Terminal lines, run from a fresh sandbox with the lesson started
    /// (after its setup).
    pub commands: Vec<String>,
}

/// A lesson.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Terminal lines that prepare the world when the lesson starts (an
    /// instance with a fault to fix, say). They run on the learner's
    /// machine, unseen and outside the history, and must not complete a step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
    /// Terminal lines that complete every step, in order.
    pub solution: Vec<String>,
    #[serde(default)]
    pub near_misses: Vec<NearMiss>,
}
