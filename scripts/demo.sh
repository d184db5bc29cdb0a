#!/usr/bin/env bash
# One command from a fresh clone to a running botapp: SQLite, demo caseload, console SMS.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export SMS_TRANSPORT=${SMS_TRANSPORT:-console}
.venv/bin/botapp db upgrade
.venv/bin/botapp seed-demo
echo "botapp is starting on http://127.0.0.1:5000 (staff: sign in there as printed above) — in another terminal:"
echo "  .venv/bin/botapp simulate +13125550142   (Alex, English: his reminder comes in about a minute)"
echo "  .venv/bin/botapp simulate +13125550143   (Lucía, Spanish)"
exec .venv/bin/botapp serve --host 127.0.0.1 --port 5000
