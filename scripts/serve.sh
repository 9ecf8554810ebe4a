#!/usr/bin/env bash
# Installs what is missing, builds the page and serves www/ on
# http://127.0.0.1:8080 (PORT overrides the port). Ctrl-C stops it.
source "$(dirname "$0")/env.sh"

scripts/setup.sh
scripts/build-wasm.sh
step "Serving the page"
exec node scripts/static-server.mjs www "${PORT:-8080}"
