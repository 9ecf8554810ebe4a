// End to end: the cost meter and the Billing view. A t2.micro launched
// from the terminal runs for an hour on the clock's +1 h; the meter beside
// the clock then shows what the core's costs() says (read from the state
// the page saved: about $0.0116 for the instance, $0.005 for its public
// IPv4 address and its 8 GiB gp3 volume's share of $0.64 a month). Billing
// breaks it down by service and by resource, highest rate first; the
// instance's id opens it in Instances, where it is stopped, after which
// its rate is $0.00 an hour while its volume's remains.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMoney, formatRate } from "../../www/js/billing.js";
import { run, useBrowser, WAIT } from "./browser.mjs";
import { Sandbox } from "../web/wasm.mjs";

const browser = useBrowser();

/** What the core bills for the page's world: its saved state, imported here. */
async function coreCosts(page) {
  const state = await page.evaluate(() => localStorage.getItem("aws-sandbox/state"));
  return Sandbox.importState(state).costs();
}

/** The meter's total and rate, as shown. */
const meter = async (page) => ({
  total: await page.textContent("#cost-meter .meter-total"),
  rate: await page.textContent("#cost-meter .meter-rate"),
});

/** The cells of `table`'s row `id`, by column. */
async function cells(page, table, id) {
  const headers = await page.locator(`table[data-view=${table}] thead th`).allTextContents();
  const texts = await page.locator(`table[data-view=${table}] tbody tr[data-id="${id}"] td`).allTextContents();
  return Object.fromEntries(headers.map((header, i) => [header, texts[i]?.trim()]));
}

const ids = (page, table) => page.locator(`table[data-view=${table}] tbody tr`).evaluateAll((rows) => rows.map((r) => r.dataset.id));

/** Within `tolerance` dollars of `expected`. */
function about(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected about ${expected}`);
}

// June 2025 (the sandbox's first month) has 720 hours; gp3 is $0.08 per GB-month.
const VOLUME_PER_HOUR = (8 * 0.08) / 720;

test("the meter counts an hour of a t2.micro, and Billing breaks it down", async () => {
  const { page, errors } = await browser.openPage({ viewport: { width: 1400, height: 1000 } });
  assert.deepEqual(await meter(page), { total: "$0.00", rate: "$0.00/h" });

  const launched = await run(page, "aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 " +
    "--instance-type t2.micro --query Instances[0].InstanceId --output text");
  assert.equal(launched.exitCode, 0, launched.stderr);
  const instance = launched.stdout.trim();
  await page.click("#clock [data-clock=step][data-seconds='3600']");

  // The meter shows what the core bills: about an hour of each part.
  let costs = await coreCosts(page);
  const [instanceCost, volumeCost] = [instance, "vol-"].map((id) => costs.resources.find((r) => r.id.startsWith(id)));
  about(instanceCost.total, 0.0116 + 0.005, 0.0005, "an hour of the instance and its address, less its boot");
  about(volumeCost.total, VOLUME_PER_HOUR, 0.00001, "an hour of its 8 GiB gp3 volume");
  about(costs.total, 0.0116 + 0.005 + VOLUME_PER_HOUR, 0.0005, "the total");
  assert.deepEqual(await meter(page), { total: formatMoney(costs.total), rate: formatRate(costs.ratePerHour) });
  assert.equal(formatRate(costs.ratePerHour), "$0.0175/h");
  assert.match(formatMoney(costs.total), /^\$0\.01[67]\d$/);

  // The meter opens Billing: the summary, the free-tier note, the tables.
  await page.click("#cost-meter");
  await page.locator("table[data-view=billing-resources]").waitFor(WAIT);
  assert.equal(await page.textContent(".breadcrumbs"), "Billing and Cost Management › Home");
  assert.equal(await page.getAttribute("#console-nav a[data-view=billing]", "aria-current"), "page");
  assert.equal(await page.textContent("#cost-month-to-date"), formatMoney(costs.monthToDate));
  assert.equal(await page.textContent("#cost-forecast"), formatMoney(costs.forecast));
  assert.match(await page.textContent(".cost-summary"), /Total forecasted cost for June 2025/);
  assert.equal(await page.textContent("#cost-rate"), "$0.0175/h");
  assert.match(await page.textContent("#free-tier-note"), /^Free tier: off\./);

  assert.deepEqual(await ids(page, "billing-services"),
    ["Amazon Elastic Compute Cloud - Compute", "Amazon Virtual Private Cloud", "EC2 - Other"]);
  assert.equal((await cells(page, "billing-services", "Amazon Elastic Compute Cloud - Compute")).Rate, "$0.0116/h");
  assert.equal((await cells(page, "billing-services", "Amazon Virtual Private Cloud")).Rate, "$0.0050/h");
  assert.equal((await cells(page, "billing-services", "EC2 - Other")).Rate, "$0.0009/h");

  assert.deepEqual(await ids(page, "billing-resources"), [instance, volumeCost.id]);
  assert.deepEqual(await cells(page, "billing-resources", instance), {
    Resource: instance,
    What: "t2.micro instance, public IPv4 address",
    Region: "us-east-1",
    "Total so far": formatMoney(instanceCost.total),
    Rate: "$0.0166/h",
  });
  assert.deepEqual(await cells(page, "billing-resources", volumeCost.id), {
    Resource: volumeCost.id,
    What: "gp3 volume storage, 8 GiB",
    Region: "us-east-1",
    "Total so far": formatMoney(volumeCost.total),
    Rate: "$0.0009/h",
  });

  // The instance's id opens Instances with it selected; stop it there.
  await page.click(`table[data-view=billing-resources] a:has-text("${instance}")`);
  await page.locator(`#select-${instance}:checked`).waitFor(WAIT);
  await page.click("button[data-action=stop]");
  await page.click("#clock [data-clock=step][data-seconds='60']");
  await page.locator(`table[data-view=instances] tr[data-id=${instance}] .state-stopped`).waitFor(WAIT);

  // Stopped, it costs nothing and its address is released; the volume goes on.
  costs = await coreCosts(page);
  assert.deepEqual(await meter(page), { total: formatMoney(costs.total), rate: "$0.0009/h" });
  await page.click("#console-nav a[data-view=billing]");
  await page.locator("table[data-view=billing-resources]").waitFor(WAIT);
  assert.deepEqual(await ids(page, "billing-resources"), [volumeCost.id, instance]);
  assert.equal((await cells(page, "billing-resources", instance)).Rate, "$0.00/h");
  assert.equal((await cells(page, "billing-resources", instance)).What, "t2.micro instance, public IPv4 address");
  assert.equal((await cells(page, "billing-resources", volumeCost.id)).Rate, "$0.0009/h");
  assert.equal(await page.textContent("#cost-rate"), "$0.0009/h");

  // The free tier, switched on, covers all of it: the bill is recomputed.
  const before = costs.total;
  await page.click("#free-tier-toggle");
  await page.locator("#free-tier-note.free-tier-on").waitFor(WAIT);
  assert.match(await page.textContent("#free-tier-note"), /^Free tier: on\./);
  costs = await coreCosts(page);
  assert.equal(costs.freeTier, true);
  assert.ok(costs.total < before, `${costs.total} < ${before}`);
  assert.equal(await page.textContent("#cost-total"), formatMoney(costs.total));
  assert.deepEqual(await meter(page), { total: formatMoney(costs.total), rate: formatRate(costs.ratePerHour) });

  assert.deepEqual(errors, []);
});
