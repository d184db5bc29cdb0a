"""`python -m bench broadcast` runs end to end at a tiny size: the data, the timed send and its
baseline in fresh processes, and the stack answering HELP while the broadcast drains."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from bench import broadcast, broadcast_data
from botapp.db import create_quiet_engine
from tests.conftest import _require_postgres

pytestmark = pytest.mark.slow

TINY = ["--clients", "300", "--repeats", "1", "--rate", "20", "--seconds", "1", "--every", "0.5"]
TINY += ["--senders", "20", "--settle", "10", "--quiet-wait", "0", "--no-write"]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_tiny_broadcast_benchmark_measures_every_part(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pg_url = _require_postgres() if kind == "postgresql" else "unused"
    # Its own cached agency, away from a real run's and from other test runs'.
    key = f"test_{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(broadcast_data, "key", lambda clients: key)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    said: list[str] = []
    try:
        code = broadcast.main([*TINY, "--databases", kind, "--pg-url", pg_url], said.append)
    finally:
        if kind == "postgresql":
            admin = create_quiet_engine(pg_url).execution_options(isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "bench_bc_{key}" WITH (FORCE)'))
            admin.dispose()

    assert code == 0
    section = next(s for s in said if s.lstrip().startswith(broadcast.HEADING))
    name = "SQLite" if kind == "sqlite" else "PostgreSQL"
    # Every client got the broadcast's text, in the send and in the baseline alike.
    assert f"| {name} | `sending.send` + commit | 300 |" in section
    assert f"| {name} | baseline | 300 |" in section
    assert "en 165, es 105, vi 15, zh 15" in section
    # Both drain phases ran: each HELP answered, and broadcast texts went out while draining.
    rows = [line for line in section.splitlines() if line.startswith(f"| {name} | ")]
    quiet = next(r for r in rows if "| no broadcast |" in r).split(" | ")
    draining = next(r for r in rows if "| broadcast draining |" in r).split(" | ")
    assert quiet[3] == "2 / 0" and draining[3] == "2 / 0"
    assert quiet[-1].startswith("0 (") and not draining[-1].startswith("0 (")
    assert f"- {name}: HELP reply p99 <= 2 s while it drains" in section
