#!/usr/bin/env bash
# Install the project with its test tools into .venv when pyproject.toml changed
# (scripts/install.sh), then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh '.[test]'
exec .venv/bin/python -m pytest "$@"
