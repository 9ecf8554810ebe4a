// The cost meter beside the clock, like a taxi's: what the account has
// cost so far and what an hour costs now, redrawn as simulated time
// passes. It links to the Billing view, which breaks both down.

import { formatMoney, formatRate } from "./billing.js";

export class CostMeter {
  #root;
  #total;
  #rate;

  /** `root` (a link to the Billing view) holds `.meter-total` and `.meter-rate`. */
  constructor(root) {
    this.#root = root;
    this.#total = root.querySelector(".meter-total");
    this.#rate = root.querySelector(".meter-rate");
  }

  /** Shows `costs` (Sandbox.costs()). */
  show(costs) {
    const total = formatMoney(costs.total);
    const rate = formatRate(costs.ratePerHour);
    this.#total.textContent = total;
    this.#rate.textContent = rate;
    // Read out as words: "/h" is not.
    this.#root.setAttribute("aria-label",
      `Cost so far ${total}, ${formatMoney(costs.ratePerHour)} per hour. Open Billing.`);
  }
}
