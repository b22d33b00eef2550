#!/usr/bin/env bash
# Make .venv hold the project with the given extras (scripts/install.sh '.[test]'): create it on
# first use, reinstall only when pyproject.toml changed since the last install (a stamp file
# in .venv keeps the hash it was installed from, per extras).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-.}"
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=".venv/.installed-$(printf '%s' "$target" | tr -c 'a-zA-Z0-9' '_')"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e "$target"
    printf '%s\n' "$wanted" > "$stamp"
fi
