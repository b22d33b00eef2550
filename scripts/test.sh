#!/usr/bin/env bash
# Install the project with its test tools into .venv when pyproject.toml changed
# (scripts/install.sh), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh '.[test]'
# One worker per core (RTR_TEST_WORKERS=0 runs in this process); the servers, browsers and
# worker processes share one worker (tests/conftest.py SERIAL_FOLDERS).
exec .venv/bin/python -m pytest -n "${RTR_TEST_WORKERS:-auto}" --dist loadgroup "$@"
