#!/usr/bin/env bash
# Re-pin constraints.txt: botapp's dependencies and its dev and test tools at the newest
# versions pyproject.toml allows, resolved in a throw-away venv. Then run scripts/test.sh
# (which installs the new pins), fix what the new ruff or mypy finds, and commit both.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m venv "$tmp/venv"
# Editable: a build would leave build/ here, whose stale files a later wheel could pick up.
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
{
  sed -n '/^#/p' constraints.txt  # keep the header
  "$tmp/venv/bin/python" -m pip freeze --all --exclude-editable --disable-pip-version-check \
    | grep -v -i -E '^pip=='
} >"$tmp/constraints.txt"
mv "$tmp/constraints.txt" constraints.txt
git --no-pager diff --stat -- constraints.txt 2>/dev/null || true
