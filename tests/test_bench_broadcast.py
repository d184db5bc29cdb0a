"""`python -m bench broadcast` runs end to end at a tiny size: the data, the timed send and its
baseline in fresh processes on both databases, and (on SQLite, to keep it short: the drain's
code is the same on both) the stack answering HELP while the broadcast drains."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from bench import broadcast, broadcast_data, broadcast_report
from botapp.db import create_quiet_engine
from tests.conftest import _require_postgres

pytestmark = pytest.mark.slow

TINY = ["--clients", "300", "--repeats", "1", "--seconds", "1", "--every", "0.5"]
TINY += ["--senders", "20", "--settle", "10", "--quiet-wait", "0", "--no-write"]


def run_tiny(kind: str, rate: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The benchmark's section from a tiny run on its own cached agency (dropped after)."""
    pg_url = _require_postgres() if kind == "postgresql" else "unused"
    key = f"test_{uuid.uuid4().hex[:8]}"  # away from a real run's data and other test runs'
    monkeypatch.setattr(broadcast_data, "key", lambda clients: key)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    said: list[str] = []
    try:
        argv = [*TINY, "--rate", rate, "--databases", kind, "--pg-url", pg_url]
        assert broadcast.main(argv, said.append) == 0
    finally:
        if kind == "postgresql":
            admin = create_quiet_engine(pg_url).execution_options(isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "bench_bc_{key}" WITH (FORCE)'))
            admin.dispose()
    return next(s for s in said if s.lstrip().startswith(broadcast_report.HEADING))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_send_and_its_baseline_reach_every_client_in_four_languages(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = run_tiny(kind, "0", tmp_path, monkeypatch)
    name = "SQLite" if kind == "sqlite" else "PostgreSQL"
    assert f"| {name} | `sending.send` + commit | 300 |" in section
    assert f"| {name} | baseline | 300 |" in section
    assert "en 165, es 105, vi 15, zh 15" in section
    assert f"- {name}: enqueue of 300 recipients <= " in section
    assert "not a run of the target" in section


def test_help_replies_are_timed_before_and_while_the_broadcast_drains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = run_tiny("sqlite", "20", tmp_path, monkeypatch)
    rows = [line for line in section.splitlines() if line.startswith("| SQLite | ")]
    quiet = next(r for r in rows if "| no broadcast |" in r).split(" | ")
    draining = next(r for r in rows if "| broadcast draining |" in r).split(" | ")
    # Every HELP answered in both phases; broadcast texts went out only while it drained.
    assert quiet[3] == "2 / 0" and draining[3] == "2 / 0"
    assert quiet[-2].startswith("0 (") and not draining[-2].startswith("0 (")
    # Twilio's status callbacks came back for the texts sent, and the app answered each 200.
    assert not draining[-1].startswith("0 (") and draining[-1].endswith("(0) |")
    assert "- SQLite: HELP reply p99 <= 2 s while it drains" in section
    # The 20 senders' texts opened escalations for their specialists: the guard left them out.
    assert "- SQLite: the send under the running stack: 280 texts" in section
