"""A run's databases: a fresh SQLite file in a temp dir or a new PostgreSQL schema, and the
checks and waits on them around timed phases."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from bench import floor_app, traffic
from botapp import create_app
from botapp.cli.database import upgrade
from botapp.cli.demo import seed
from botapp.config import engine_of
from botapp.db import create_quiet_engine, get_session, throwaway_schema

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def app_env(url: str) -> dict[str, str]:
    """The environment botapp (and the floor) run with in the benchmark."""
    return {
        "DATABASE_URL": url,
        "TWILIO_AUTH_TOKEN": traffic.AUTH_TOKEN,
        "SECRET_KEY": "bench-secret-key-of-more-than-32-characters",
        "PUBLIC_BASE_URL": traffic.PUBLIC_BASE_URL,
        "SMS_TRANSPORT": "console",
        "PROGRAM_PHONE": traffic.PROGRAM_PHONE,
    }


def _populate(url: str) -> None:
    """Migrate, load the demo caseload and create the floor's table."""
    upgrade(url)
    app = create_app(app_env(url))
    with app.app_context():
        session = get_session()
        with session.begin():
            seed(session)
    engine_of(app).dispose()
    floor_app.prepare(url)


@contextmanager
def sqlite(tmp: Path) -> Iterator[str]:
    """A migrated, seeded SQLite file under `tmp` (removed with it)."""
    url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    _populate(url)
    yield url


@contextmanager
def postgresql(base: str = PG_DEFAULT) -> Iterator[str]:
    """A migrated, seeded new schema in `base`; dropped afterwards, even on error."""
    with throwaway_schema(base, "bench") as url:
        _populate(url)
        yield url


def checkpoint(url: str) -> None:
    """On PostgreSQL, write out what earlier work left dirty (CHECKPOINT), before a timed phase.

    A checkpoint fsyncs every file written since the last one; after the test suite's or an
    earlier phase's throwaway schemas that was 24,000 files, and its sync stalled every commit
    of a phase for 50-80 ms. Forced now, the next timed one is 5 minutes away. SQLite: nothing.
    """
    engine = create_quiet_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("CHECKPOINT"))
    engine.dispose()


def settle(url: str, idle: Callable[[Session], bool], limit: float) -> float:
    """Wait until `idle` holds of the database or `limit` s pass; return the seconds waited."""
    engine, start = create_quiet_engine(url), time.monotonic()
    try:
        while time.monotonic() - start < limit:
            with Session(engine) as session:
                if idle(session):
                    break
            time.sleep(0.1)
    finally:
        engine.dispose()
    return time.monotonic() - start


def server_version(url: str) -> str:
    """The database server's version, for the report."""
    engine = create_quiet_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            version = "SQLite " + str(conn.execute(text("select sqlite_version()")).scalar())
        else:
            version = str(conn.execute(text("show server_version")).scalar())
            version = "PostgreSQL " + version.split()[0]
    engine.dispose()
    return version
