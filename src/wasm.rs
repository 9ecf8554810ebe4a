//! The JavaScript face: a thin `#[wasm_bindgen]` class over
//! [`crate::Sandbox`]. It converts values at the boundary (plain JS objects
//! through serde-wasm-bindgen) and turns errors into JS `Error`s carrying
//! `code` and `message`; every decision stays in the core.

use crate::kernel::{ApiError, DomainEvent};
use crate::lessons::Goal;
use crate::sandbox::{ExecOutput, Sandbox as Core};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Options for `new Sandbox(options)`. */
export interface SandboxOptions {
  /** Seed of every random choice (ids, addresses); default 1. */
  seed?: number;
  /**
   * Whether the account has the 12-month free tier (750 h of t2.micro,
   * 30 GB of EBS, 1 GB of snapshots, 750 h of public IPv4 a month);
   * default false, so that the cost meter shows what resources cost.
   */
  freeTier?: boolean;
}

/** Request parameters as AWS names them, e.g. `{ InstanceIds: ["i-0abc..."] }`. */
export type AwsParams = Record<string, unknown>;

/** A response as the AWS CLI prints it (JSON), e.g. `{ Reservations: [...] }`. */
export type AwsResponse = Record<string, unknown>;

/** A domain event: `type` names it, the other fields depend on the type. */
export interface SandboxEvent {
  type: string;
  [field: string]: unknown;
}

/** What one terminal command printed. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  events: SandboxEvent[];
  /** True when the terminal should be cleared (`clear`). */
  clear: boolean;
}

/** A lesson of the built-in course. */
export interface LessonSummary {
  id: string;
  title: string;
  summary: string;
  stepCount: number;
}

/** Progress in the current lesson. */
export interface LessonStatus {
  id: string;
  title: string;
  summary: string;
  steps: {
    title: string;
    /** Markdown. */
    instructions: string;
    hints: string[];
    /** An optional question; `answer` indexes `choices`. */
    quiz?: { question: string; choices: string[]; answer: number; explanation: string };
    goals: { label: string; met: boolean }[];
    complete: boolean;
  }[];
  /** Index of the first incomplete step (the step count when complete). */
  currentStep: number;
  complete: boolean;
}

/** The cost meter. Amounts are US dollars. */
export interface Costs {
  /** Everything charged since the account opened. */
  total: number;
  /** What an hour costs at the current rates. */
  ratePerHour: number;
  /** Charged in the current calendar month. */
  monthToDate: number;
  /** The month's bill if nothing changes. */
  forecast: number;
  /** The current month, e.g. "2025-06". */
  month: string;
  freeTier: boolean;
  /** Per Cost Explorer service, e.g. "EC2 - Other". */
  services: { service: string; total: number; ratePerHour: number }[];
  /** Per resource (instance, volume, snapshot, Elastic IP allocation). */
  resources: { id: string; region: string; what: string; total: number; ratePerHour: number }[];
}

/** A running load (`load start ...`), as `load status` lists it. */
export interface LoadSummary {
  /** `load-1`, `load-2`... */
  id: string;
  region: string;
  /** The URL as typed. */
  url: string;
  /** Requests per second offered now (ramp and pattern applied). */
  rateNow: number;
  /** The peak requests per second (`--rps`). */
  rps: number;
  pattern: "steady" | "spike" | "daily";
  /** Seconds of the ramp (0: none). */
  rampSeconds: number;
  clients: number;
  /** When it started (ISO 8601). */
  since: string;
}

/** One entry of the journal: what changed the world, in order. */
export interface JournalEntry {
  kind: "call" | "exec" | "advance" | "lessonStart";
  [field: string]: unknown;
}

/**
 * A lesson goal: named documents to read (API reads such as
 * `{ service: "ec2", action: "DescribeKeyPairs", params: {} }`,
 * `{ terminal: "home" }` or `{ events: "all" }`) and a JMESPath expression
 * over them that must be truthy.
 */
export interface Goal {
  label: string;
  reads: Record<string, unknown>;
  expect: string;
}

/**
 * How one EBS snapshot's data is held: the bytes it stores itself, the
 * bytes of its blocks that older snapshots store, and its full size.
 */
export interface SnapshotStorage {
  snapshotId: string;
  volumeId: string;
  storedBytes: number;
  referencedBytes: number;
  totalBytes: number;
}

/** Errors thrown by the sandbox: AWS's error code and message. */
export interface SandboxError extends Error {
  code: string;
}
"#;

/// The seed used when the options name none.
const DEFAULT_SEED: u64 = 1;

/// Largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[derive(Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Options {
    seed: u64,
    free_tier: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            seed: DEFAULT_SEED,
            free_tier: false,
        }
    }
}

/// [`ExecOutput`] with the JS spelling of its fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExecResult<'a> {
    stdout: &'a str,
    stderr: &'a str,
    exit_code: i32,
    events: &'a [DomainEvent],
    clear: bool,
}

impl<'a> From<&'a ExecOutput> for ExecResult<'a> {
    fn from(output: &'a ExecOutput) -> Self {
        Self {
            stdout: &output.stdout,
            stderr: &output.stderr,
            exit_code: output.exit_code,
            events: &output.events,
            clear: output.clear,
        }
    }
}

/// A simulated AWS account with a learner's terminal and lessons.
#[wasm_bindgen]
pub struct Sandbox {
    inner: Core,
}

#[wasm_bindgen]
impl Sandbox {
    /// A fresh sandbox; `options.seed` defaults to 1, `options.freeTier`
    /// to false.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "SandboxOptions")] options: Option<JsValue>,
    ) -> Result<Sandbox, JsValue> {
        let options: Options = from_js_or_default(options, "options")?;
        Ok(Self {
            inner: Core::with_free_tier(options.seed, options.free_tier),
        })
    }

    /// Runs one terminal command line as the learner typed it.
    #[wasm_bindgen(unchecked_return_type = "ExecResult")]
    pub fn exec(&mut self, line: &str) -> Result<JsValue, JsValue> {
        let output = self.inner.exec(line);
        to_js(&ExecResult::from(&output))
    }

    /// Sends one API request, e.g. `call("ec2", "DescribeInstances", {})`.
    /// Throws an `Error` with AWS's `code` and `message` when AWS would.
    #[wasm_bindgen(unchecked_return_type = "AwsResponse")]
    pub fn call(
        &mut self,
        service: &str,
        action: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "AwsParams")] params: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let params: Map<String, Value> = from_js_or_default(params, "params")?;
        let response = self
            .inner
            .call(service, action, Value::Object(params))
            .and_then(|response| response.to_value())
            .map_err(api_error)?;
        to_js(&response)
    }

    /// Lets `seconds` of simulated time pass; returns the events raised.
    #[wasm_bindgen(unchecked_return_type = "SandboxEvent[]")]
    pub fn advance(&mut self, seconds: f64) -> Result<JsValue, JsValue> {
        let whole = (0.0..=MAX_SAFE_INTEGER).contains(&seconds) && seconds.fract() == 0.0;
        if !whole {
            return Err(error(
                "InvalidParameterValue",
                &format!("advance() takes a whole number of seconds, not {seconds}."),
            ));
        }
        // Exact: a whole, non-negative number no larger than 2^53.
        let events = self.inner.advance(seconds as u64);
        to_js(&events)
    }

    /// Gives the account the 12-month free tier (or takes it away); the
    /// bill is recomputed from the start.
    #[wasm_bindgen(js_name = setFreeTier)]
    pub fn set_free_tier(&mut self, on: bool) {
        self.inner.set_free_tier(on);
    }

    /// Whether the account has the 12-month free tier.
    #[wasm_bindgen(js_name = freeTier)]
    pub fn free_tier(&self) -> bool {
        self.inner.free_tier()
    }

    /// Undoes the last change; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        self.inner.undo()
    }

    /// Starts over with the same seed.
    pub fn reset(&mut self) {
        self.inner.reset();
    }

    /// A versioned snapshot (seed and journal) for `Sandbox.importState`.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> String {
        self.inner.export()
    }

    /// Rebuilds a sandbox from `exportState()` output; throws on bad input.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(state: &str) -> Result<Sandbox, JsValue> {
        let inner = Core::import(state).map_err(|e| error("InvalidSavedState", &e.to_string()))?;
        Ok(Self { inner })
    }

    /// Current simulated time, e.g. `2025-06-02T09:00:00+00:00`.
    pub fn now(&self) -> String {
        self.inner.now()
    }

    /// The terminal's prompt, which changes inside an ssh session.
    pub fn prompt(&self) -> String {
        self.inner.prompt()
    }

    /// The public IPv4 address of the learner's machine ("My IP").
    #[wasm_bindgen(js_name = learnerPublicIp)]
    pub fn learner_public_ip() -> String {
        crate::shell::LEARNER_PUBLIC_IP.to_string()
    }

    /// The On-Demand Linux price per hour (USD) of an instance type, as the
    /// console shows it; `undefined` for an unknown type.
    #[wasm_bindgen(js_name = pricePerHour)]
    pub fn price_per_hour(instance_type: &str) -> Option<f64> {
        Core::price_per_hour(instance_type)
    }

    /// The cost meter: totals, the rate per hour, per service and per
    /// resource, and the month's forecast.
    #[wasm_bindgen(unchecked_return_type = "Costs")]
    pub fn costs(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.costs())
    }

    /// The running loads, in start order, as of now (what `load status`
    /// prints, without running it).
    #[wasm_bindgen(unchecked_return_type = "LoadSummary[]")]
    pub fn loads(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.loads())
    }

    /// Per EBS snapshot in `region` (default `us-east-1`), oldest first:
    /// what it stores itself and what it references of older snapshots.
    #[wasm_bindgen(js_name = snapshotStorage, unchecked_return_type = "SnapshotStorage[]")]
    pub fn snapshot_storage(&self, region: Option<String>) -> Result<JsValue, JsValue> {
        let storage = self
            .inner
            .snapshot_storage(region.as_deref())
            .map_err(api_error)?;
        to_js(&storage)
    }

    /// Events raised by `call`s since they were last taken.
    #[wasm_bindgen(js_name = takeEvents, unchecked_return_type = "SandboxEvent[]")]
    pub fn take_events(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.take_events())
    }

    /// The journal: every change to the world, in order.
    #[wasm_bindgen(unchecked_return_type = "JournalEntry[]")]
    pub fn history(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.journal().entries())
    }

    /// Whether `goal` holds in the world now.
    pub fn check(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Goal")] goal: JsValue,
    ) -> Result<bool, JsValue> {
        let goal: Goal = from_js(goal, "goal")?;
        self.inner.check(&goal).map_err(api_error)
    }

    /// The lessons of the built-in course.
    #[wasm_bindgen(unchecked_return_type = "LessonSummary[]")]
    pub fn lessons(&self) -> Result<JsValue, JsValue> {
        to_js(&crate::lessons::catalog())
    }

    /// Starts the lesson `id`, replacing any current one.
    #[wasm_bindgen(js_name = startLesson, unchecked_return_type = "LessonStatus")]
    pub fn start_lesson(&mut self, id: &str) -> Result<JsValue, JsValue> {
        let status = self.inner.start_lesson(id).map_err(api_error)?;
        to_js(&status)
    }

    /// Progress in the current lesson; throws when no lesson was started.
    #[wasm_bindgen(js_name = lessonStatus, unchecked_return_type = "LessonStatus")]
    pub fn lesson_status(&self) -> Result<JsValue, JsValue> {
        let status = self.inner.lesson_status().map_err(api_error)?;
        to_js(&status)
    }
}

/// Serializes `value` as plain JS objects, arrays and numbers.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&Serializer::json_compatible())
        .map_err(|e| error("SerializationError", &e.to_string()))
}

/// Reads `value` (the argument called `what`) into `T`.
fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| error("InvalidParameterValue", &format!("Invalid {what}: {e}")))
}

/// Like [`from_js`], with `T::default()` when the argument is left out
/// (`undefined` or `null`).
fn from_js_or_default<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, JsValue> {
    value.map_or_else(|| Ok(T::default()), |value| from_js(value, what))
}

fn api_error(e: ApiError) -> JsValue {
    error(&e.code, &e.message)
}

/// A JS `Error` whose `message` is `message` and whose `code` is `code`.
fn error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    error.into()
}
