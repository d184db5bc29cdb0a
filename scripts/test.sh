#!/usr/bin/env bash
# Install, then lint, type-check and run every test on SQLite and PostgreSQL.
# PostgreSQL: TEST_DATABASE_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/test.
# Without a reachable server the PostgreSQL half is skipped with the reason, except under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check botapp tests bench
.venv/bin/mypy
.venv/bin/pytest "$@"
