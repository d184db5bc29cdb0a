#!/usr/bin/env bash
# Install (chromium too, for the browser tests), then lint, type-check and run every test on
# SQLite and PostgreSQL.
# PostgreSQL: TEST_DATABASE_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/test.
# Without a reachable server the PostgreSQL half is skipped with the reason, except under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The browser tests drive Debian's chromium (tests/browser.py): a fresh machine gets
# it here, once; without it they are skipped with the reason, except under CI=true.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
.venv/bin/ruff check botapp tests bench
.venv/bin/mypy
.venv/bin/pytest "$@"
