//! Every built-in lesson: its reference solution, typed into the terminal,
//! completes every step in order; each named near-miss leaves its step
//! incomplete.

use aws_sandbox::lessons::{Lesson, LessonStatus};
use aws_sandbox::{DomainEvent, Sandbox};

fn lessons() -> Vec<Lesson> {
    aws_sandbox::lessons::catalog::lessons()
}

fn started(lesson: &Lesson) -> Sandbox {
    let mut sandbox = Sandbox::new(2025);
    let status = sandbox.start_lesson(&lesson.id).expect("lesson starts");
    assert_eq!(status.current_step, 0);
    sandbox
}

fn status(sandbox: &Sandbox) -> LessonStatus {
    sandbox.lesson_status().expect("a lesson is running")
}

#[test]
fn the_course_has_the_first_lesson() {
    let catalog = aws_sandbox::lessons::catalog();
    assert_eq!(catalog[0].id, "first-instance");
    assert_eq!(catalog[0].title, "Launch your first EC2 instance");
    assert_eq!(catalog[0].step_count, 6);
}

#[test]
fn every_solution_completes_its_lesson_step_by_step() {
    for lesson in lessons() {
        let mut sandbox = started(&lesson);
        let mut completed = Vec::new();
        for line in &lesson.solution {
            let out = sandbox.exec(line);
            assert_eq!(
                out.exit_code, 0,
                "{}: `{line}` failed: {}",
                lesson.id, out.stderr
            );
            for event in out.events {
                if let DomainEvent::StepCompleted { step, .. } = event {
                    completed.push(step);
                }
            }
        }
        let total = lesson.steps.len();
        assert_eq!(
            completed,
            (0..total).collect::<Vec<_>>(),
            "{}: steps completed in order",
            lesson.id
        );
        let status = status(&sandbox);
        assert!(status.complete, "{}: lesson complete", lesson.id);
        assert!(status
            .steps
            .iter()
            .all(|s| s.complete && s.goals.iter().all(|g| g.met)));
    }
}

#[test]
fn near_misses_do_not_complete_their_step() {
    for lesson in lessons() {
        assert!(
            !lesson.near_misses.is_empty(),
            "{} names near-misses",
            lesson.id
        );
        for near_miss in &lesson.near_misses {
            let mut sandbox = started(&lesson);
            for line in &near_miss.commands {
                sandbox.exec(line);
            }
            let status = status(&sandbox);
            assert_eq!(
                status.current_step, near_miss.step,
                "{} / {}: expected to stop at step {} but reached {}",
                lesson.id, near_miss.name, near_miss.step, status.current_step
            );
            assert!(!status.steps[near_miss.step].complete);
        }
    }
}

#[test]
fn progress_survives_export_and_import() {
    let lesson = &lessons()[0];
    let mut sandbox = started(lesson);
    // Up to the read-only `describe-instances` that step 4 asks for: the
    // history it leaves must survive too.
    for line in lesson.solution.iter().take(7) {
        sandbox.exec(line);
    }
    let before = status(&sandbox);
    assert_eq!(before.current_step, 4);
    let restored = Sandbox::import(&sandbox.export()).unwrap();
    assert_eq!(status(&restored), before);
    let mut undone = restored.clone();
    assert!(undone.undo());
    assert_eq!(
        status(&undone).current_step,
        3,
        "undo skips the read-only line and takes back the wait"
    );
}
