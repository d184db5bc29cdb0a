"""Filling a database for the clock benchmark: clients, then a million scheduled items, fast.

Rows go in through the driver's bulk path (PostgreSQL COPY, SQLite executemany of prepared
tuples), not the ORM one object at a time: the benchmark times the tick, not the loading.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from flask import Flask
from sqlalchemy import insert, select, text

from botapp.config import engine_of
from botapp.db import Base, utcnow
from botapp.models import Client, Office, ScheduledItem
from botapp.models.client import fold_name

CLIENTS = 1000
COLUMNS = ("client_id", "kind", "due_at", "status", "key", "params")


def add_clients(app: Flask, count: int = CLIENTS) -> list[int]:
    """Add `count` active clients to the demo office; return their ids."""
    engine = engine_of(app)
    now = utcnow()
    with engine.begin() as conn:
        office = conn.execute(select(Office.id).limit(1)).scalar_one()
        conn.execute(
            insert(Client),
            [
                {
                    "office_id": office,
                    "external_id": f"BENCH-{i:05d}",
                    "first_name": "Bench",
                    "last_name": f"Client {i}",
                    "first_name_search": fold_name("Bench"),
                    "last_name_search": fold_name(f"Client {i}"),
                    # Never texted: the benchmark runs no dispatcher.
                    "phone": f"+1999555{i:04d}",
                    "language": "en",
                    "timezone": "America/Chicago",
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(count)
            ],
        )
        return list(conn.scalars(select(Client.id).where(Client.external_id.like("BENCH-%"))))


def due_offsets(count: int, days: int, seed: int = 7) -> list[float]:
    """`count` due times, as seconds after the start, spread uniformly over `days` days."""
    rng, span = random.Random(seed), days * 86400.0
    return [rng.random() * span for _ in range(count)]


def add_items(
    app: Flask, kind: str, clients: list[int], start: datetime, offsets: list[float]
) -> None:
    """Insert one pending item of `kind` due at `start` + each offset, round-robin over clients."""
    engine = engine_of(app)
    # Indexes are built once after the load, as a bulk load would: the rows go in in random
    # due order (as they would be scheduled), and updating three indexes row by row took
    # minutes. The unique key's index stays: its keys arrive in order.
    indexes = list(Base.metadata.tables[ScheduledItem.__tablename__].indexes)
    with engine.begin() as conn:
        for index in indexes:
            index.drop(conn)
    utc = start.astimezone(UTC).replace(tzinfo=None)
    # The text both databases read: SQLite's stored form is SQLAlchemy's, UTC, no zone.
    lines = (
        (clients[i % len(clients)], (utc + timedelta(seconds=o)).isoformat(" ", "microseconds"), i)
        for i, o in enumerate(offsets)
    )
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "postgresql":
            copy_sql = f"COPY {ScheduledItem.__tablename__} ({', '.join(COLUMNS)}) FROM STDIN"
            with raw.cursor() as cur, cur.copy(copy_sql) as copy:  # type: ignore[attr-defined]
                while chunk := list(islice(lines, 50_000)):
                    copy.write(
                        "".join(
                            f"{c}\t{kind}\t{at}+00\tpending\t{kind}:{i:07d}\t{{}}\n"
                            for c, at, i in chunk
                        )
                    )
        else:
            marks = ", ".join("?" for _ in COLUMNS)
            raw.cursor().execute("PRAGMA cache_size = -262144")  # 256 MB for the load
            raw.cursor().executemany(
                f"INSERT INTO {ScheduledItem.__tablename__} ({', '.join(COLUMNS)}) "
                f"VALUES ({marks})",
                [(c, kind, at, "pending", f"{kind}:{i:07d}", "{}") for c, at, i in lines],
            )
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        for index in indexes:
            index.create(conn)
        conn.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would soon have


def count_items(app: Flask) -> dict[str, Any]:
    """Items by status (a check that the fill and the ticks did what they say)."""
    engine = engine_of(app)
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT status, count(*) FROM {ScheduledItem.__tablename__} GROUP BY status")
        ).all()
    return {status: count for status, count in rows}
