// The scaling benchmark in WebAssembly under Node: the set-up of
// benches/scale-day.sh, then 24 simulated hours of a daily load peaking at
// 2,000 requests/s through an ALB to an Auto Scaling group of 2 to 20
// instances under target tracking. Prints the wall time of the day (the
// set-up not included). Goal: under 300 ms. Needs the built package
// (scripts/build-wasm.sh). Run with `node scripts/bench-wasm.mjs`.
import { readFileSync } from "node:fs";
import { Sandbox } from "../tests/web/wasm.mjs";

const setup = readFileSync(new URL("../benches/scale-day.sh", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.startsWith("#"));

const sandbox = new Sandbox({ seed: 2026 });
for (const line of setup) {
  const out = sandbox.exec(line);
  if (out.exitCode !== 0) {
    throw new Error(`${line}: ${out.stderr}`);
  }
}
const started = performance.now();
sandbox.advance(86_400);
const elapsed = performance.now() - started;
const desired = sandbox.exec(
  "aws autoscaling describe-auto-scaling-groups --query 'AutoScalingGroups[0].DesiredCapacity' --output text",
).stdout.trim();
console.log(`scale_day: 24 simulated hours in ${elapsed.toFixed(1)} ms in WebAssembly (desired capacity at the end ${desired})`);
