"""SQLite's one write lock, as botapp's writers take it (`botapp.db.write_lock`)."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from botapp.db import make_engine, write_lock
from botapp.failsafe import TRANSIENT


def sqlite_engine(tmp_path: Path, timeout: float | None = None) -> Engine:
    url = f"sqlite:///{tmp_path / 'lock.sqlite3'}"
    engine = make_engine(url if timeout is None else f"{url}?timeout={timeout}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS rows (n INTEGER)"))
    return engine


def holder(tmp_path: Path) -> sqlite3.Connection:
    """Another process's connection, as the inbound worker's would be, holding the lock."""
    conn = sqlite3.connect(
        tmp_path / "lock.sqlite3", isolation_level=None, timeout=0, check_same_thread=False
    )
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_a_writer_waits_for_a_held_lock_and_writes_once_it_is_free(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path)
    other = holder(tmp_path)
    other.execute("INSERT INTO rows VALUES (1)")
    release = threading.Timer(0.3, other.execute, args=("COMMIT",))
    release.start()
    started = time.monotonic()
    with engine.begin() as conn:
        write_lock(conn)
        waited = time.monotonic() - started
        conn.execute(text("INSERT INTO rows VALUES (2)"))
        # Held now: another writer is refused until this commits.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            holder(tmp_path)
    release.join()
    assert waited >= 0.25
    with engine.connect() as conn:
        assert conn.scalars(text("SELECT n FROM rows ORDER BY n")).all() == [1, 2]
    other.close()
    engine.dispose()


def test_a_lock_held_past_the_busy_timeout_is_the_usual_transient_error(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path, timeout=0.2)
    other = holder(tmp_path)
    started = time.monotonic()
    with engine.connect() as conn:
        with pytest.raises(OperationalError, match="database is locked") as raised:
            write_lock(conn)
        assert isinstance(raised.value, TRANSIENT)
        assert time.monotonic() - started >= 0.2
        conn.rollback()
        # The connection's own busy timeout is back for every later statement.
        assert conn.scalar(text("PRAGMA busy_timeout")) == 200
    other.execute("ROLLBACK")
    other.close()
    with engine.begin() as conn:
        write_lock(conn)
        conn.execute(text("INSERT INTO rows VALUES (3)"))
    engine.dispose()


def test_a_transaction_that_has_written_keeps_its_lock(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO rows VALUES (1)"))
        write_lock(conn)  # nothing to take: no second BEGIN, no error
        conn.execute(text("INSERT INTO rows VALUES (2)"))
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows")) == 2
    engine.dispose()
