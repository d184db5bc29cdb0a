"""The declarative base, the engine and the one sessionmaker each app owns."""

from __future__ import annotations

import enum
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Enum,
    Index,
    MetaData,
    create_engine,
    event,
    exc,
    literal_column,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import TypeDecorator

from botapp.config import sessions_of

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every botapp table."""

    metadata = MetaData(naming_convention=NAMING)


def str_enum(cls: type[enum.Enum], length: int) -> Enum:
    """A column type storing `cls`'s values as plain strings (no database enum type to migrate);
    writing any other string raises, so every row reads back as a member."""
    return Enum(
        cls,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def partial_index(name: str, *columns: str, where: str, unique: bool = False) -> Index:
    """An index of only the rows matching `where` (SQL), the same on PostgreSQL and SQLite.

    A query uses it only when its own WHERE shows the planner the same condition: write a
    status it names with `inline`, not as a bound parameter.
    """
    return Index(
        name, *columns, unique=unique, postgresql_where=text(where), sqlite_where=text(where)
    )


def inline(value: str) -> ColumnClause[str]:
    """`value` written into the SQL as a string literal, not bound as a parameter.

    For a status a partial index names: PostgreSQL prepares a statement after a few runs, and
    its generic plan can use a partial index only when it sees the value itself. `value` is
    one of the code's own constants, never input.
    """
    return literal_column("'" + value.replace("'", "''") + "'")


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine tuned for botapp's two databases."""
    if url.startswith("sqlite"):
        # `?timeout=S` in the URL (SQLAlchemy's pysqlite option) shortens the lock wait below.
        busy_ms = int(float(str(make_url(url).query.get("timeout", 10))) * 1000)
        # A pooled connection keeps the WAL open: closing the last connection checkpoints
        # it into the database file (docs/decisions/0010-ping-idle-connections.md).
        engine = create_quiet_engine(url, pool_size=10, max_overflow=20, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            # WAL lets the web process read while the dispatcher writes; the busy
            # timeout turns a short lock wait into a wait instead of an error.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.close()

        return engine
    engine = create_quiet_engine(url, pool_size=10, max_overflow=10, **kwargs)
    _ping_when_idle(engine)
    return engine


def create_quiet_engine(url: str | URL, **kwargs: Any) -> Engine:
    """`create_engine` whose errors never quote a statement's parameters.

    SQLAlchemy's exception text ends with the bound values (a phone, a body), and every log
    that prints an error or its traceback would carry them: botapp, its migrations, tests and
    benchmarks create every engine here.
    """
    return create_engine(url, hide_parameters=True, **kwargs)


# A pooled PostgreSQL connection is pinged when it is taken from the pool only if it sat there
# longer than this: a database restart takes longer, and under load no request pays the round
# trip (docs/decisions/0010-ping-idle-connections.md). The webhook also retries once on a
# connection found dead mid-statement.
PING_AFTER_IDLE = 1.0  # seconds


def _ping_when_idle(engine: Engine) -> None:
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _stamp(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE:
            return
        try:
            dialect.do_ping(dbapi_conn)
        except dialect.loaded_dbapi.Error as err:
            if not dialect.is_disconnect(err, dbapi_conn, None):
                raise
            # Like pool_pre_ping: this and every older pooled connection are replaced.
            raise exc.InvalidatePoolError(f"pooled connection was closed: {err}") from err


def insert_or_ignore(
    session: Session, entity: Any, conflict: str, **values: Any
) -> postgresql.Insert | sqlite.Insert:
    """An INSERT of `values` into `entity` that does nothing when `conflict` (unique) matches."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return (
            postgresql.insert(entity)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[conflict])
        )
    if dialect == "sqlite":
        return (
            sqlite.insert(entity).values(**values).on_conflict_do_nothing(index_elements=[conflict])
        )
    raise NotImplementedError(f"botapp does not support {dialect}")


# How often a SQLite writer asks again for the write lock another connection holds. SQLite's
# own busy handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries, and a writer that has
# waited 8 ms then misses every gap shorter than its next sleep: at 100 webhooks a second
# beside the inbound worker, one in a hundred waited 35-55 ms for a lock free most of the
# time (docs/decisions/0031-sqlite-write-lock-polled.md).
LOCK_POLL = 0.0005  # seconds


def write_lock(db: Session | Connection) -> None:
    """On SQLite, take the database's write lock now, at the start of the transaction.

    pysqlite begins a transaction only at a statement it sees as a write (INSERT, UPDATE…;
    not a WITH … UPDATE), so without this a SELECT that picks rows reads outside any lock,
    and a CTE UPDATE would even commit on its own. While another connection holds the lock,
    this asks again every LOCK_POLL, up to the connection's busy timeout (then the same
    "database is locked" error as any statement). PostgreSQL needs nothing: SKIP LOCKED.
    """
    conn = db.connection() if isinstance(db, Session) else db
    if conn.dialect.name != "sqlite":
        return
    raw = conn.connection.dbapi_connection
    if raw is None or raw.in_transaction:  # it has written already: it holds the lock
        return
    cursor = raw.cursor()
    try:
        (busy_ms,) = cursor.execute("PRAGMA busy_timeout").fetchone()
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            _begin_immediate(cursor, time.monotonic() + busy_ms / 1000)
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    finally:
        cursor.close()


def _begin_immediate(cursor: Any, deadline: float) -> None:
    while True:
        try:
            cursor.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as err:
            if err.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise exc.OperationalError("BEGIN IMMEDIATE", None, err) from err
        time.sleep(LOCK_POLL)


# A bulk write over this share of a table's rows has its statistics taken at once: the share
# at which autovacuum would take them, but up to a minute later (autovacuum_naptime).
RESTATE_SHARE = 0.1


def restate(session: Session, table: str, added: int) -> bool:
    """After a bulk write of `added` rows to `table`: on PostgreSQL, ANALYZE it when they are
    over RESTATE_SHARE of what its statistics say it holds; whether it did.

    Every connection keeps the plans of its prepared statements (psycopg prepares a statement
    run five times) and of foreign-key checks, made for the table's size when they were made.
    A table grown tenfold in one transaction (a broadcast's outbox rows) was still read by
    sequential scans until autovacuum's ANALYZE: 20 ms per foreign-key check, and the
    inbound worker fell behind (docs/decisions/0030-statistics-after-bulk-writes.md). Run in
    the writing transaction, the statistics commit with the rows and every connection plans
    again. SQLite keeps no such plans: nothing.
    """
    if session.get_bind().dialect.name != "postgresql":
        return False
    known = session.scalar(
        text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = to_regclass(:table)"),
        {"table": table},
    )
    if known is not None and added <= RESTATE_SHARE * float(known):
        return False
    # A sample of 3,000 rows, not 30,000: the table's size is what the plans lacked, and
    # autovacuum still analyzes it in full once the rows are committed (they count as changed).
    session.execute(text("SET LOCAL default_statistics_target = 10"))  # until the commit
    session.execute(text(f'ANALYZE "{table}"'))
    return True


@contextmanager
def throwaway_schema(base: str, prefix: str) -> Iterator[str]:
    """A URL for a new, empty schema in PostgreSQL database `base`; the schema is dropped after.

    The tests and the benchmarks each work in one, so runs never see each other's rows.
    """
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_quiet_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def close_session_on_teardown(app: Flask) -> None:
    """Close the request's (or CLI command's) session when its app context ends."""

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def get_session() -> Session:
    """The session of the current request or CLI command (the caller owns the transaction)."""
    if "db_session" not in g:
        g.db_session = sessions_of(current_app)()
    session: Session = g.db_session
    return session
