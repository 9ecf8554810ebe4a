//! Lessons: the engine that watches goals, and the built-in course as data.

pub mod catalog;
pub mod engine;
pub mod goal;
pub mod lesson;

pub use catalog::{catalog, LessonSummary};
pub use engine::{LessonEngine, LessonStatus};
pub use goal::Goal;
pub use lesson::Lesson;
