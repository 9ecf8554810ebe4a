// The built package (www/pkg, from scripts/build-wasm.sh), loaded in Node:
// wasm-bindgen's `--target web` output, initialised synchronously.
import { readFileSync } from "node:fs";

const pkg = new URL("../../www/pkg/", import.meta.url);
const bindings = await import(new URL("aws_sandbox.js", pkg));
bindings.initSync({ module: readFileSync(new URL("aws_sandbox_bg.wasm", pkg)) });

/** The wasm `Sandbox` class. */
export const { Sandbox } = bindings;
