#!/usr/bin/env bash
# Install the project into .venv when pyproject.toml changed (scripts/install.sh), then serve the
# app on http://127.0.0.1:5000/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh .
exec .venv/bin/rtr serve "$@"
