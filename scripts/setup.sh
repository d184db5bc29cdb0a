#!/usr/bin/env bash
# Create .venv (if needed), install botapp with its dev tools at the versions constraints.txt
# pins, and compile the message catalogs.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
.venv/bin/botapp translate compile
