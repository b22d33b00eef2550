#!/usr/bin/env bash
# Create the virtualenv on first use, install the project, serve the app on http://127.0.0.1:5000/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/rtr serve "$@"
