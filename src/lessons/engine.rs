//! The lesson engine: after every command and clock advance it re-checks
//! the current step's goals; when all hold, the step completes (for good)
//! and the next one starts.

use super::catalog;
use super::goal::{Goal, Observations};
use super::lesson::Lesson;
use crate::api::World;
use crate::kernel::{ApiError, DomainEvent};
use serde::Serialize;
use serde_json::Value;

/// Most events a lesson remembers for `{"events": ...}` reads.
const MAX_REMEMBERED_EVENTS: usize = 1000;

/// A goal and whether it holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct GoalStatus {
    pub label: String,
    pub met: bool,
}

/// A step and its progress.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StepStatus {
    pub title: String,
    pub instructions: String,
    pub hints: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiz: Option<super::lesson::Quiz>,
    pub goals: Vec<GoalStatus>,
    pub complete: bool,
}

/// Progress in the current lesson.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LessonStatus {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<StepStatus>,
    /// Index of the first incomplete step (equal to the step count when done).
    pub current_step: usize,
    pub complete: bool,
}

#[derive(Debug, Clone)]
struct Progress {
    lesson: Lesson,
    completed: usize,
    goals_met: Vec<Vec<bool>>,
    events: Vec<DomainEvent>,
}

/// Runs at most one lesson at a time.
#[derive(Debug, Clone, Default)]
pub struct LessonEngine {
    progress: Option<Progress>,
}

impl LessonEngine {
    /// Starts lesson `id`, replacing any current lesson; returns the lines
    /// of its setup, for the caller to run.
    pub fn start(&mut self, id: &str) -> Result<&[String], ApiError> {
        let lesson = catalog::find(id)?;
        let goals_met = lesson
            .steps
            .iter()
            .map(|s| vec![false; s.goals.len()])
            .collect();
        let progress = self.progress.insert(Progress {
            lesson,
            completed: 0,
            goals_met,
            events: Vec::new(),
        });
        Ok(&progress.lesson.setup)
    }

    /// True while a lesson is in progress or finished but not replaced.
    pub fn is_running(&self) -> bool {
        self.progress.is_some()
    }

    /// Remembers `events` and re-checks goals; returns the step and lesson
    /// completions this caused.
    pub fn evaluate(
        &mut self,
        world: &mut World,
        terminal: &Value,
        events: &[DomainEvent],
    ) -> Vec<DomainEvent> {
        let Some(progress) = &mut self.progress else {
            return Vec::new();
        };
        progress.events.extend(
            events
                .iter()
                .filter(|e| {
                    !matches!(
                        e,
                        DomainEvent::ClockAdvanced { .. } | DomainEvent::CostAccrued { .. }
                    )
                })
                .cloned(),
        );
        let overflow = progress.events.len().saturating_sub(MAX_REMEMBERED_EVENTS);
        progress.events.drain(..overflow);
        let mut raised = Vec::new();
        while progress.completed < progress.lesson.steps.len() {
            let index = progress.completed;
            let seen = Observations {
                terminal,
                events: &progress.events,
            };
            let met: Vec<bool> = progress.lesson.steps[index]
                .goals
                .iter()
                .map(|goal| goal.holds(world, &seen).unwrap_or(false))
                .collect();
            let all = met.iter().all(|m| *m);
            progress.goals_met[index] = met;
            if !all {
                break;
            }
            progress.completed += 1;
            raised.push(DomainEvent::StepCompleted {
                lesson: progress.lesson.id.clone(),
                step: index,
                title: progress.lesson.steps[index].title.clone(),
            });
            if progress.completed == progress.lesson.steps.len() {
                raised.push(DomainEvent::LessonCompleted {
                    lesson: progress.lesson.id.clone(),
                });
            }
        }
        raised
    }

    /// Evaluates one goal now (the grading API).
    pub fn check(
        &self,
        world: &mut World,
        terminal: &Value,
        goal: &Goal,
    ) -> Result<bool, ApiError> {
        let events = self
            .progress
            .as_ref()
            .map(|p| p.events.as_slice())
            .unwrap_or_default();
        goal.holds(world, &Observations { terminal, events })
    }

    /// Progress in the current lesson.
    pub fn status(&self) -> Result<LessonStatus, ApiError> {
        let progress = self
            .progress
            .as_ref()
            .ok_or_else(|| ApiError::new("NoLessonStarted", "No lesson has been started."))?;
        let steps = progress
            .lesson
            .steps
            .iter()
            .enumerate()
            .map(|(index, step)| StepStatus {
                title: step.title.clone(),
                instructions: step.instructions.clone(),
                hints: step.hints.clone(),
                quiz: step.quiz.clone(),
                goals: step
                    .goals
                    .iter()
                    .zip(&progress.goals_met[index])
                    .map(|(goal, met)| GoalStatus {
                        label: goal.label.clone(),
                        met: *met || index < progress.completed,
                    })
                    .collect(),
                complete: index < progress.completed,
            })
            .collect();
        Ok(LessonStatus {
            id: progress.lesson.id.clone(),
            title: progress.lesson.title.clone(),
            summary: progress.lesson.summary.clone(),
            steps,
            current_step: progress.completed,
            complete: progress.completed == progress.lesson.steps.len(),
        })
    }
}
