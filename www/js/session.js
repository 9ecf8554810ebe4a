// The learner's session: one Sandbox, restored from and saved to storage
// after every change, always with a lesson running, telling subscribers
// what changed. Every part of the page changes the world through it.

import { clearState, loadState, saveState } from "./storage.js";

const SEED = 1;

export class Session {
  #sandbox;
  #listeners = new Set();

  /**
   * Opens the saved session, or a new one. `Sandbox` is the wasm class.
   * Returns `{ session, restoreError }`; restoreError is set when saved
   * progress existed but could not be read (it is then discarded).
   */
  static open(Sandbox) {
    const saved = loadState();
    let sandbox = null;
    let restoreError = null;
    if (saved) {
      try {
        sandbox = Sandbox.importState(saved);
      } catch (error) {
        restoreError = error;
        clearState();
      }
    }
    const session = new Session(sandbox ?? new Sandbox({ seed: SEED }));
    session.#ensureLesson();
    return { session, restoreError };
  }

  constructor(sandbox) {
    this.#sandbox = sandbox;
  }

  /** Calls `listener({ events, reason })` after every change. */
  subscribe(listener) {
    this.#listeners.add(listener);
  }

  /** Runs a terminal command line; returns its ExecResult. */
  exec(line) {
    const result = this.#sandbox.exec(line);
    this.#changed("exec", result.events);
    return result;
  }

  /**
   * Sends one API request that may change the world (journaled like a
   * terminal command); returns the response or throws AWS's error.
   */
  call(service, action, params = {}) {
    const response = this.#sandbox.call(service, action, params);
    this.#changed("call", this.#sandbox.takeEvents());
    return response;
  }

  /**
   * Checks a request with DryRun (nothing changes); returns null when AWS
   * would accept it, else its error.
   */
  dryRun(service, action, params = {}) {
    try {
      this.#sandbox.call(service, action, { ...params, DryRun: true });
    } catch (error) {
      return error.code === "DryRunOperation" ? null : error;
    }
    return null;
  }

  /** Lets simulated time pass. */
  advance(seconds) {
    this.#changed("advance", this.#sandbox.advance(seconds));
  }

  /** Undoes the last change; false when there was nothing to undo. */
  undo() {
    if (!this.canUndo()) return false;
    this.#sandbox.undo();
    this.#ensureLesson();
    this.#changed("undo", []);
    return true;
  }

  /** True when something other than starting a lesson can be undone. */
  canUndo() {
    return this.#sandbox.history().some((entry) => entry.kind !== "lessonStart");
  }

  /** Starts over: a fresh account, the first lesson, nothing saved. */
  reset() {
    this.#sandbox.reset();
    clearState();
    this.#ensureLesson();
    this.#changed("reset", []);
  }

  /** Gives the account the 12-month free tier, or takes it away (the bill is recomputed). */
  setFreeTier(on) {
    this.#sandbox.setFreeTier(on);
    this.#changed("freeTier", []);
  }

  /** Starts the lesson `id`. */
  startLesson(id) {
    this.#sandbox.startLesson(id);
    this.#changed("lesson", []);
  }

  /** The current lesson's progress. */
  lessonStatus() {
    return this.#sandbox.lessonStatus();
  }

  /** The lessons of the course. */
  lessons() {
    return this.#sandbox.lessons();
  }

  /** A read-only API request (Describe*, List*, Get*), for views. */
  read(service, action, params = {}) {
    return this.#sandbox.call(service, action, params);
  }

  /** Per EBS snapshot, what it stores itself and what it references (Sandbox.snapshotStorage). */
  snapshotStorage() {
    return this.#sandbox.snapshotStorage();
  }

  /** The cost meter: totals, rates and the forecast (Sandbox.costs()). */
  costs() {
    return this.#sandbox.costs();
  }

  /** The running loads (`load start ...`), as `load status` lists them (Sandbox.loads()). */
  loads() {
    return this.#sandbox.loads();
  }

  /** Simulated time now, as an ISO 8601 string. */
  now() {
    return this.#sandbox.now();
  }

  /** The terminal's prompt: the learner's machine, or an instance over ssh. */
  prompt() {
    return this.#sandbox.prompt();
  }

  /** The terminal commands that changed the world, oldest first. */
  commands() {
    return this.#sandbox
      .history()
      .filter((entry) => entry.kind === "exec")
      .map((entry) => entry.line);
  }

  #ensureLesson() {
    try {
      this.#sandbox.lessonStatus();
    } catch {
      const [first] = this.#sandbox.lessons();
      if (first) this.#sandbox.startLesson(first.id);
    }
  }

  #changed(reason, events) {
    if (reason !== "reset") saveState(this.#sandbox.exportState());
    for (const listener of this.#listeners) listener({ reason, events });
  }
}
