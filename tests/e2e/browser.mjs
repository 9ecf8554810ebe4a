// What the end-to-end tests share: the static server over www/ and
// Chromium from Debian (never a downloaded browser), a fresh page with the
// sandbox loaded, and typing a line in its terminal.
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/static-server.mjs";

const ROOT = fileURLToPath(new URL("../../www", import.meta.url));
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** How long a test waits for the page to show something. */
export const WAIT = { timeout: 15_000 };

/**
 * Starts the server and the browser before the file's tests and stops them
 * after. `openPage(contextOptions)` gives a fresh context (empty
 * localStorage) and page with the sandbox loaded, collecting page errors.
 */
export function useBrowser() {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ root: ROOT, port: 0 });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    async openPage(contextOptions) {
      const context = await browser.newContext(contextOptions);
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (error) => errors.push(error));
      page.on("console", (message) => message.type() === "error" && errors.push(new Error(message.text())));
      await page.goto(server.url);
      await page.waitForSelector("body[data-ready=true]", WAIT);
      return { context, page, errors };
    },
  };
}

/** Types `line` at the prompt, presses Enter and returns what it printed. */
export async function run(page, line) {
  await page.fill("#terminal-command", line);
  await page.press("#terminal-command", "Enter");
  return page.locator(".term-entry").last().evaluate((entry) => ({
    command: entry.querySelector(".term-command").textContent,
    stdout: entry.querySelector(".term-stdout")?.textContent ?? "",
    stderr: entry.querySelector(".term-stderr")?.textContent ?? "",
    exitCode: Number(entry.dataset.exitCode),
  }));
}
