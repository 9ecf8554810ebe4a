// The clock bar: shows simulated time and moves it. It starts paused (the
// world waits for the learner); while playing, it advances the sandbox by
// `speed` simulated seconds every real second; "+1 min" and "+1 h" advance
// a simulated minute or hour at once.

const TICK_MS = 1000;

const FORMAT = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export class Clock {
  #root;
  #time;
  #toggle;
  #advance;
  #speed;
  #timer = null;

  /**
   * `root` holds a <time>, a button[data-clock=toggle], speed radio inputs
   * (name="speed", value = simulated seconds per second) and
   * button[data-clock=step] elements whose `data-seconds` say how far
   * each steps; `advance(seconds)` moves the sandbox.
   */
  constructor(root, { advance }) {
    this.#root = root;
    this.#time = root.querySelector("time");
    this.#toggle = root.querySelector("[data-clock=toggle]");
    this.#advance = advance;
    this.#speed = Number(root.querySelector("input[name=speed]:checked").value);
    this.#toggle.addEventListener("click", () => (this.playing ? this.pause() : this.play()));
    for (const step of root.querySelectorAll("[data-clock=step]")) {
      step.addEventListener("click", () => advance(Number(step.dataset.seconds)));
    }
    for (const radio of root.querySelectorAll("input[name=speed]")) {
      radio.addEventListener("change", () => (this.#speed = Number(radio.value)));
    }
    this.#showState();
  }

  get playing() {
    return this.#timer !== null;
  }

  /** Starts moving time at the chosen speed. */
  play() {
    this.#timer ??= setInterval(() => this.#advance(this.#speed), TICK_MS);
    this.#showState();
  }

  /** Stops moving time. */
  pause() {
    clearInterval(this.#timer);
    this.#timer = null;
    this.#showState();
  }

  /** Shows `iso` (the sandbox's now()) as the current time. */
  show(iso) {
    this.#time.dateTime = iso;
    this.#time.textContent = `${FORMAT.format(new Date(iso))} UTC`;
  }

  #showState() {
    this.#root.dataset.playing = this.playing;
    this.#toggle.setAttribute("aria-label", this.playing ? "Pause the clock" : "Start the clock");
    this.#toggle.title = this.#toggle.getAttribute("aria-label");
  }
}
