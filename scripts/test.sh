#!/usr/bin/env bash
# Installs what is missing, then runs every check and test: formatting,
# clippy (native and wasm32), the Rust tests, the wasm build with its size
# budget, the Node tests of the built package and the page, and the
# end-to-end lesson in headless Chromium. Exits non-zero on any failure.
source "$(dirname "$0")/env.sh"

scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32)"
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

step "cargo test"
cargo test --workspace

scripts/build-wasm.sh --enforce-budget

step "Node tests: wasm package, page modules, end-to-end lesson"
node --test tests/web/ tests/e2e/
