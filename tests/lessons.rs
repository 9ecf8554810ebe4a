//! Every built-in lesson: its reference solution, typed into the terminal,
//! completes every step in order; each named near-miss leaves its step
//! incomplete.

use aws_sandbox::lessons::{Lesson, LessonStatus};
use aws_sandbox::{DomainEvent, Sandbox};
use serde_json::json;

fn lessons() -> Vec<Lesson> {
    aws_sandbox::lessons::catalog::lessons()
}

/// A fresh sandbox with `lesson` started: its setup has run and has
/// completed no step.
fn started(lesson: &Lesson) -> Sandbox {
    let mut sandbox = Sandbox::new(2025);
    let status = sandbox.start_lesson(&lesson.id).expect("lesson starts");
    assert_eq!(
        status.current_step, 0,
        "{}: setup completed a step",
        lesson.id
    );
    assert!(
        status.steps[0].goals.iter().any(|g| !g.met),
        "{}: the first step's goals all hold before the learner did anything",
        lesson.id
    );
    sandbox
}

fn status(sandbox: &Sandbox) -> LessonStatus {
    sandbox.lesson_status().expect("a lesson is running")
}

#[test]
fn the_course_lists_its_lessons_in_order() {
    let catalog = aws_sandbox::lessons::catalog();
    let ids: Vec<&str> = catalog.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "first-instance",
            "launch-wizard",
            "ssh-troubleshooting",
            "web-server",
            "bake-ami",
            "snapshot-backup",
            "snapshot-sprawl",
            "alb-two-web-servers",
            "scale-out-and-in",
            "self-healing",
            "three-load-balancers"
        ]
    );
    assert_eq!(catalog[0].title, "Launch your first EC2 instance");
    assert_eq!(catalog[0].step_count, 6);
}

#[test]
fn every_setup_line_succeeds_on_the_learners_machine() {
    for lesson in lessons() {
        let mut sandbox = Sandbox::new(2025);
        for line in &lesson.setup {
            let out = sandbox.exec(line);
            assert_eq!(
                out.exit_code, 0,
                "{}: setup `{line}` failed: {}",
                lesson.id, out.stderr
            );
        }
    }
}

#[test]
fn every_solution_completes_its_lesson_step_by_step() {
    for lesson in lessons() {
        let mut sandbox = started(&lesson);
        let mut completed = Vec::new();
        for line in &lesson.solution {
            let out = sandbox.exec(line);
            // Lessons show ssh and curl failing on purpose, to teach what
            // each failure means; every other line of a solution must succeed.
            if !line.starts_with("ssh ") && !line.starts_with("curl ") {
                assert_eq!(
                    out.exit_code, 0,
                    "{}: `{line}` failed: {}",
                    lesson.id, out.stderr
                );
            }
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

/// The ssh lesson's prepared instance, as `(id, state)` pairs.
fn lab_instances(sandbox: &mut Sandbox) -> Vec<(String, String)> {
    let value = sandbox
        .call(
            "ec2",
            "DescribeInstances",
            json!({"Filters": [{"Name": "tag:Name", "Values": ["ssh-lab"]}]}),
        )
        .and_then(|r| r.to_value())
        .expect("describe");
    value["Reservations"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["Instances"].as_array().cloned().unwrap_or_default())
        .map(|i| {
            (
                i["InstanceId"].as_str().unwrap_or_default().to_string(),
                i["State"]["Name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn setup_prepares_the_world_out_of_sight() {
    let mut sandbox = Sandbox::new(5);
    assert!(lab_instances(&mut sandbox).is_empty());
    sandbox.start_lesson("ssh-troubleshooting").unwrap();
    let lab = lab_instances(&mut sandbox);
    assert_eq!(lab.len(), 1);
    assert_eq!(lab[0].1, "running");
    let key = sandbox.terminal().file("lab-key.pem").expect("key saved");
    assert_eq!(key.mode, 0o400);
    assert!(key.content.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    // The learner typed nothing: no history, no recent output, no variable.
    let document = sandbox.terminal().document();
    assert_eq!(document["History"], json!([]));
    assert_eq!(document["Recent"], json!([]));
    assert!(sandbox.terminal().variable("SG").is_none());
    // The console hears about the new resources.
    assert!(sandbox
        .take_events()
        .iter()
        .any(|e| matches!(e, DomainEvent::InstanceStateChanged { to, .. } if to == "running")));
}

#[test]
fn setup_runs_on_the_learners_machine_even_from_an_ssh_session() {
    let mut sandbox = Sandbox::new(6);
    sandbox.start_lesson("ssh-troubleshooting").unwrap();
    for line in lessons()[2].solution.iter().take(7) {
        sandbox.exec(line);
    }
    assert!(sandbox.prompt().starts_with("[ec2-user@"));
    sandbox.start_lesson("ssh-troubleshooting").unwrap();
    // A second lab beside the first, and the session is still open.
    assert_eq!(lab_instances(&mut sandbox).len(), 2);
    assert!(sandbox.prompt().starts_with("[ec2-user@"));
}

#[test]
fn a_started_lesson_survives_export_import_and_undo() {
    let mut sandbox = Sandbox::new(7);
    sandbox.start_lesson("ssh-troubleshooting").unwrap();
    let lab = lab_instances(&mut sandbox);
    let rule = "aws ec2 authorize-security-group-ingress --group-name ssh-lab --protocol tcp --port 22 --cidr 203.0.113.25/32";
    assert_eq!(sandbox.exec(rule).exit_code, 0);
    let mut restored = Sandbox::import(&sandbox.export()).unwrap();
    assert_eq!(restored.export(), sandbox.export());
    assert_eq!(lab_instances(&mut restored), lab, "the same instance id");
    assert_eq!(
        restored.terminal().document(),
        sandbox.terminal().document()
    );
    assert_eq!(
        restored.lesson_status().unwrap(),
        sandbox.lesson_status().unwrap()
    );
    // Undo takes back the rule, not the setup.
    assert!(restored.undo());
    assert_eq!(lab_instances(&mut restored), lab);
    assert!(restored.terminal().file("lab-key.pem").is_some());
    let rules = restored
        .call(
            "ec2",
            "DescribeSecurityGroups",
            json!({"GroupNames": ["ssh-lab"]}),
        )
        .and_then(|r| r.to_value())
        .unwrap();
    assert_eq!(rules["SecurityGroups"][0]["IpPermissions"], json!([]));
    assert_eq!(restored.lesson_status().unwrap().current_step, 0);
    // Undoing the start takes the prepared world away with it.
    assert!(restored.undo());
    assert!(lab_instances(&mut restored).is_empty());
    assert!(restored.terminal().file("lab-key.pem").is_none());
    assert!(restored.lesson_status().is_err());
}
