// Keeps the learner's progress (the sandbox's exportState() text) in
// localStorage. Storage may be full or disabled (private windows); then
// progress simply is not kept across reloads.

const KEY = "aws-sandbox/state";

/** The saved state, or null when there is none. */
export function loadState() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Saves `state` (silently not, when the browser refuses). */
export function saveState(state) {
  try {
    localStorage.setItem(KEY, state);
  } catch {
    // Full or disabled: progress is kept for this visit only.
  }
}

/** Forgets the saved state. */
export function clearState() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}
