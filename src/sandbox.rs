//! `Sandbox`: the one entry point. It owns the world, the learner's terminal
//! and the lesson progress, records a journal of everything that changed the
//! world, and rebuilds from that journal for undo and import.

use crate::api::world::BootRunner;
use crate::api::{self, ApiResponse, World};
use crate::billing::CostSummary;
use crate::kernel::{ApiError, DomainEvent, Journal, JournalEntry};
use crate::lessons::{Goal, LessonEngine, LessonStatus};
use crate::shell::Terminal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// Version of the export format; bumped when its meaning changes.
pub const EXPORT_VERSION: u32 = 1;

/// Largest export accepted by [`Sandbox::import`], to refuse hostile input.
const MAX_EXPORT_BYTES: usize = 8 * 1024 * 1024;

/// What a terminal command printed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ExecOutput {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The command's exit status (0 on success, AWS CLI codes on failure).
    pub exit_code: i32,
    /// Domain events raised while the command ran.
    #[serde(default)]
    pub events: Vec<DomainEvent>,
    /// True when the terminal should be cleared (`clear`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clear: bool,
}

/// Why an export could not be imported.
#[derive(Debug, Error, PartialEq)]
pub enum ImportError {
    /// Not JSON of the export shape.
    #[error("the saved state is not a sandbox export: {0}")]
    Malformed(String),
    /// An export from a newer or unknown format version.
    #[error("the saved state has format version {0}; this sandbox reads version {EXPORT_VERSION}")]
    UnsupportedVersion(u32),
    /// Larger than the sandbox accepts.
    #[error("the saved state is larger than {MAX_EXPORT_BYTES} bytes")]
    TooLarge,
}

#[derive(Serialize, Deserialize)]
struct Export {
    version: u32,
    seed: u64,
    /// Left out when off, so exports made before billing read the same.
    #[serde(
        default,
        rename = "freeTier",
        skip_serializing_if = "std::ops::Not::not"
    )]
    free_tier: bool,
    journal: Journal,
}

/// A simulated AWS account with a learner's terminal and lessons.
#[derive(Debug, Clone)]
pub struct Sandbox {
    seed: u64,
    world: World,
    terminal: Terminal,
    lessons: LessonEngine,
    journal: Journal,
    /// Events raised by `call` (which returns only the response), kept until
    /// `take_events`.
    pending_events: Vec<DomainEvent>,
}

impl Sandbox {
    /// A fresh sandbox without the free tier; the same seed and the same
    /// journal give the same world.
    pub fn new(seed: u64) -> Self {
        Self::with_free_tier(seed, false)
    }

    /// A fresh sandbox whose account has the 12-month free tier when
    /// `free_tier` (see [`crate::billing::Billing`] for why it is off by
    /// default).
    pub fn with_free_tier(seed: u64, free_tier: bool) -> Self {
        let mut world = World::with_free_tier(seed, free_tier);
        world.set_boot_runner(BootRunner(crate::shell::run_boot_scripts));
        Self {
            seed,
            world,
            terminal: Terminal::default(),
            lessons: LessonEngine::default(),
            journal: Journal::default(),
            pending_events: Vec::new(),
        }
    }

    /// The seed this sandbox was made with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Read access to the world, for views and tests.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The learner's terminal (home folder, history).
    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    /// The terminal's prompt: the learner's machine, or the instance an
    /// ssh session is on (`[ec2-user@ip-172-31-5-17 ~]$ `).
    pub fn prompt(&self) -> String {
        self.terminal.prompt(&self.world)
    }

    /// Current simulated time as the AWS CLI prints timestamps.
    pub fn now(&self) -> String {
        crate::kernel::clock::iso8601(self.world.now())
    }

    /// Sends one API request, e.g. `("ec2", "RunInstances", {...})`, in the
    /// default region. The typed response becomes JSON with
    /// [`ApiResponse::to_value`].
    pub fn call(
        &mut self,
        service: &str,
        action: &str,
        params: Value,
    ) -> Result<ApiResponse<'_>, ApiError> {
        self.call_in(None, service, action, params)
    }

    /// Sends one API request to `region` (the default region when `None`).
    pub fn call_in(
        &mut self,
        region: Option<&str>,
        service: &str,
        action: &str,
        params: Value,
    ) -> Result<ApiResponse<'_>, ApiError> {
        if api::is_read_only(action) {
            // Reads change nothing: no journal entry, no events, and the
            // response may keep borrowing the world.
            return self.world.call(region, service, action, params);
        }
        // A change is journaled and observed by the lesson, which reads the
        // world, so its (small) response is made owned first.
        let response = self
            .world
            .call(region, service, action, params.clone())?
            .into_owned()?;
        self.journal.record(JournalEntry::Call {
            service: service.to_string(),
            action: action.to_string(),
            params,
            region: region.map(str::to_string),
        });
        let events = self.world.take_events();
        let lesson_events = self.observe(&events);
        self.pending_events.extend(events);
        self.pending_events.extend(lesson_events);
        Ok(response)
    }

    /// Runs one terminal command line as the learner typed it.
    pub fn exec(&mut self, line: &str) -> ExecOutput {
        let mut output = self.terminal.run(&mut self.world, line);
        // Every line enters the history, which lesson goals read, so every
        // non-blank line is journaled; undo skips the ones that changed
        // nothing else.
        if !line.trim().is_empty() {
            self.journal.record(JournalEntry::Exec {
                line: line.to_string(),
                read_only: !self.terminal.changed_world(),
            });
        }
        output.events.extend(self.world.take_events());
        let lesson_events = self.observe(&output.events);
        output.events.extend(lesson_events);
        output
    }

    /// Lets `seconds` of simulated time pass.
    pub fn advance(&mut self, seconds: u64) -> Vec<DomainEvent> {
        let mut events = self.world.advance(seconds);
        if seconds > 0 {
            self.journal.record(JournalEntry::Advance { seconds });
        }
        let lesson_events = self.observe(&events);
        events.extend(lesson_events);
        events
    }

    /// Events raised by calls since they were last taken.
    pub fn take_events(&mut self) -> Vec<DomainEvent> {
        std::mem::take(&mut self.pending_events)
    }

    /// Lets the lesson engine see `events` and re-check its goals.
    fn observe(&mut self, events: &[DomainEvent]) -> Vec<DomainEvent> {
        if !self.lessons.is_running() {
            return Vec::new();
        }
        let terminal = self.terminal.document();
        self.lessons.evaluate(&mut self.world, &terminal, events)
    }

    /// Undoes the last change (a call, a command that changed something, a
    /// clock advance or a lesson start) by replaying the journal without it.
    /// Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let mut journal = self.journal.clone();
        if !journal.pop_change() {
            return false;
        }
        *self = Self::replay(self.seed, self.free_tier(), &journal);
        true
    }

    /// Starts over with the same seed and free-tier setting.
    pub fn reset(&mut self) {
        *self = Self::with_free_tier(self.seed, self.free_tier());
    }

    /// Gives the account the 12-month free tier, or takes it away: the
    /// journal is replayed under the new setting, so the whole bill is
    /// recomputed as if the account had always had it (or not).
    pub fn set_free_tier(&mut self, on: bool) {
        if on != self.free_tier() {
            *self = Self::replay(self.seed, on, &self.journal.clone());
        }
    }

    /// Whether the account has the 12-month free tier.
    pub fn free_tier(&self) -> bool {
        self.world.billing.free_tier()
    }

    /// The journal so far.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// A versioned JSON export: the seed and the journal.
    pub fn export(&self) -> String {
        let export = Export {
            version: EXPORT_VERSION,
            seed: self.seed,
            free_tier: self.free_tier(),
            journal: self.journal.clone(),
        };
        serde_json::to_string(&export).unwrap_or_default()
    }

    /// Rebuilds a sandbox from [`Sandbox::export`] output.
    pub fn import(text: &str) -> Result<Self, ImportError> {
        if text.len() > MAX_EXPORT_BYTES {
            return Err(ImportError::TooLarge);
        }
        let export: Export =
            serde_json::from_str(text).map_err(|e| ImportError::Malformed(e.to_string()))?;
        if export.version != EXPORT_VERSION {
            return Err(ImportError::UnsupportedVersion(export.version));
        }
        Ok(Self::replay(export.seed, export.free_tier, &export.journal))
    }

    fn replay(seed: u64, free_tier: bool, journal: &Journal) -> Self {
        let mut sandbox = Self::with_free_tier(seed, free_tier);
        for entry in journal.entries() {
            match entry {
                JournalEntry::Call {
                    service,
                    action,
                    params,
                    region,
                } => {
                    // A replayed call fails only if the journal was edited by
                    // hand; skipping it keeps the rest usable.
                    let _ = sandbox.call_in(region.as_deref(), service, action, params.clone());
                }
                JournalEntry::Exec { line, .. } => {
                    sandbox.exec(line);
                }
                JournalEntry::Advance { seconds } => {
                    sandbox.advance(*seconds);
                }
                JournalEntry::LessonStart { lesson } => {
                    let _ = sandbox.start_lesson(lesson);
                }
            }
        }
        sandbox.pending_events.clear();
        sandbox
    }

    /// Evaluates one goal against the world now.
    pub fn check(&mut self, goal: &Goal) -> Result<bool, ApiError> {
        let terminal = self.terminal.document();
        self.lessons.check(&mut self.world, &terminal, goal)
    }

    /// Starts the lesson `id` (replacing any current one) and runs its
    /// setup lines. The journal records only the start: replaying it runs
    /// the same setup on the same world, so undo, export and import
    /// rebuild the prepared world exactly.
    pub fn start_lesson(&mut self, id: &str) -> Result<LessonStatus, ApiError> {
        let setup = self.lessons.start(id)?;
        self.journal.record(JournalEntry::LessonStart {
            lesson: id.to_string(),
        });
        for line in setup {
            // A setup line that fails is a defect of the lesson's data,
            // caught by the tests; the learner sees the world as it is.
            let output = self.terminal.prepare(&mut self.world, line);
            self.pending_events.extend(output.events);
        }
        // The setup's events are for the page to show, not for the lesson
        // to count: it starts after them.
        let events = self.world.take_events();
        self.pending_events.extend(events);
        self.observe(&[]);
        self.lesson_status()
    }

    /// Progress in the current lesson.
    pub fn lesson_status(&self) -> Result<LessonStatus, ApiError> {
        self.lessons.status()
    }

    /// For each EBS snapshot in `region` (the default region when `None`),
    /// oldest first: the bytes it stores itself, the bytes it references
    /// that older snapshots store, and its full size. What AWS bills for
    /// incremental snapshots, which its API does not break down.
    pub fn snapshot_storage(
        &self,
        region: Option<&str>,
    ) -> Result<Vec<crate::ec2::snapshots::SnapshotStorage>, ApiError> {
        let name = region.unwrap_or(crate::api::world::DEFAULT_REGION);
        self.world
            .ec2
            .region(name)
            .map(|state| state.snapshot_storage())
            .ok_or_else(|| crate::api::world::unknown_region("ec2", name))
    }

    /// The On-Demand Linux price per hour (USD) of `instance_type`, which
    /// AWS's API does not return but its console shows; `None` when unknown.
    pub fn price_per_hour(instance_type: &str) -> Option<f64> {
        crate::ec2::instance_types::find(instance_type).map(|spec| spec.price_per_hour)
    }

    /// The cost meter: what the account has cost so far, costs per hour
    /// now, per service and per resource, and the month's forecast.
    pub fn costs(&self) -> CostSummary {
        self.world
            .billing
            .summary(&self.world.ec2, self.world.now())
    }

    /// The running loads (`load start ...`), in start order, as of now:
    /// what `load status` prints, without journaling a command.
    pub fn loads(&self) -> Vec<crate::traffic::LoadSummary> {
        let now = self.world.now();
        self.world
            .traffic
            .loads()
            .iter()
            .map(|load| load.summary(now))
            .collect()
    }

    /// The built-in lessons.
    pub fn lessons() -> Vec<crate::lessons::LessonSummary> {
        crate::lessons::catalog()
    }
}
