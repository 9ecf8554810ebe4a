//! The built-in course: lesson JSON files embedded in the crate.

use super::lesson::Lesson;
use crate::kernel::ApiError;
use serde::Serialize;

/// The embedded lesson sources, in course order.
const SOURCES: &[&str] = &[
    include_str!("course/first-instance.json"),
    include_str!("course/launch-wizard.json"),
    include_str!("course/ssh-troubleshooting.json"),
    include_str!("course/web-server.json"),
    include_str!("course/bake-ami.json"),
    include_str!("course/snapshot-backup.json"),
    include_str!("course/snapshot-sprawl.json"),
    include_str!("course/alb-two-web-servers.json"),
    include_str!("course/scale-out-and-in.json"),
    include_str!("course/self-healing.json"),
    include_str!("course/three-load-balancers.json"),
];

/// A catalog entry for listing lessons.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LessonSummary {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub step_count: usize,
}

/// Every built-in lesson, parsed. A lesson that fails to parse is a build
/// defect caught by the tests, so it is skipped here rather than panicking.
pub fn lessons() -> Vec<Lesson> {
    SOURCES
        .iter()
        .filter_map(|source| parse(source).ok())
        .collect()
}

/// Parses a lesson through a `Value`: the wasm module already holds the
/// `Value` decoders (API requests use them), so this avoids a second copy of
/// every lesson type's decoder for JSON text.
fn parse(source: &str) -> Result<Lesson, serde_json::Error> {
    serde_json::from_str(source).and_then(serde_json::from_value)
}

/// The lesson called `id`.
pub fn find(id: &str) -> Result<Lesson, ApiError> {
    lessons()
        .into_iter()
        .find(|l| l.id == id)
        .ok_or_else(|| ApiError::new("LessonNotFound", format!("There is no lesson '{id}'.")))
}

/// The course's lessons, for a menu.
pub fn catalog() -> Vec<LessonSummary> {
    lessons()
        .into_iter()
        .map(|l| LessonSummary {
            step_count: l.steps.len(),
            id: l.id,
            title: l.title,
            summary: l.summary,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_lesson_parses() {
        for source in SOURCES {
            if let Err(e) = parse(source) {
                panic!("lesson does not parse: {e}");
            }
        }
        assert_eq!(lessons().len(), SOURCES.len());
    }
}
