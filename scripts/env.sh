# Sourced by every script here: strict mode, the repo root as working
# directory, cargo-installed tools on PATH, and a `step` logger.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n==> %s\n' "$*"; }
