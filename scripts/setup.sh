#!/usr/bin/env bash
# Installs what building the page needs, skipping whatever is already there:
# the wasm32 Rust target, rustfmt and clippy, wasm-bindgen-cli at the exact
# version Cargo.toml pins, and the npm packages of package-lock.json.
# With --browser, also Chromium and its driver (for the browser tests).
source "$(dirname "$0")/env.sh"

with_browser=false
case "${1:-}" in
  --browser) with_browser=true ;;
  "") ;;
  *) echo "usage: $0 [--browser]" >&2; exit 2 ;;
esac

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    apt-get update -q
    apt_updated=true
  fi
  apt-get install -y -q --no-install-recommends "$@"
}

if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), then rerun." >&2
  exit 1
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  step "Installing Node.js and npm"
  apt_install nodejs npm
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    step "Adding $component"
    rustup component add "$component"
  fi
done

bindgen_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
if [[ -z "$bindgen_version" ]]; then
  echo "Cargo.toml must pin wasm-bindgen exactly (wasm-bindgen = \"=X.Y.Z\")." >&2
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]]; then
  step "Installing wasm-bindgen-cli $bindgen_version (takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if [[ ! node_modules/.package-lock.json -nt package-lock.json ]]; then
  step "Installing npm packages"
  npm ci --no-audit --no-fund
fi

if $with_browser && [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  step "Installing Chromium"
  apt_install chromium chromium-driver
fi
