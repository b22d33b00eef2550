#!/usr/bin/env bash
# Install the project with its test tools into .venv when pyproject.toml changed
# (scripts/install.sh), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh '.[test]'
# One worker per core (RTR_TEST_WORKERS=0 runs in this process); the servers, browsers and
# worker processes are meant to share one worker (tests/conftest.py SERIAL_FOLDERS says why
# they do not under pytest 9.2). Whole modules per worker (--dist loadscope) measured no faster.
exec .venv/bin/python -m pytest -n "${RTR_TEST_WORKERS:-auto}" --dist loadgroup "$@"
