"""The floor: the least a webhook can do on this stack (Flask, SQLAlchemy, the same database).

Its one endpoint takes the same signed POST as botapp's, inserts one row and commits, and
answers an empty TwiML body. Its engine is what a bare app would use: SQLAlchemy's default
connection pool, and on SQLite the same durability as botapp (WAL, synchronous=NORMAL, a busy
timeout). BENCH_FLOOR_ENGINE=botapp uses `botapp.db.make_engine` instead (its pool sizes and,
on PostgreSQL, its ping of a connection idle for over a second), to tell botapp's engine
settings from its per-request work.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, request
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    insert,
    text,
)

from botapp.db import create_quiet_engine, make_engine

metadata = MetaData()
floor_message = Table(
    "bench_floor_message",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("phone", String(20), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


def prepare(url: str) -> None:
    """Create the floor's table (once, before any worker starts)."""
    engine = make_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def plain_engine(url: str) -> Engine:
    """A pooled engine; SQLite connections get botapp's journal and sync settings."""
    engine = create_quiet_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=10000"):
                cur.execute(f"PRAGMA {pragma}")
            cur.close()

    return engine


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """The floor app; DATABASE_URL from `env` (default: the process environment)."""
    env = os.environ if env is None else env
    app = Flask(__name__)
    url = env["DATABASE_URL"]
    use_botapp = env.get("BENCH_FLOOR_ENGINE", "plain") == "botapp"
    engine = make_engine(url) if use_botapp else plain_engine(url)

    @app.post("/sms/inbound")
    def receive() -> Response:
        with engine.begin() as conn:
            conn.execute(
                insert(floor_message).values(
                    phone=request.form.get("From", ""),
                    body=request.form.get("Body", ""),
                    created_at=datetime.now(UTC),
                )
            )
        return Response(EMPTY_TWIML, mimetype="application/xml")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}

    return app
