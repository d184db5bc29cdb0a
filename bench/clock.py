"""`python -m bench clock`: one clock tick over a million scheduled items, and how late texts go.

On each database: a million items due over 90 days; the real tick (botapp.workers.clock) timed
with nothing due, then with 10, 100 and 1000 due; then the real clock (APScheduler, as
`botapp clock` runs it) in real time while items fall due every few milliseconds, to measure
drift: when each text reached the outbox minus when it was due.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bench import clock_fill, clock_report, databases
from bench.inbound import percentile
from botapp import create_app
from botapp.cli.clock import TICK_SECONDS, schedule_ticks
from botapp.config import Settings, engine_of, sessions_of, settings_of
from botapp.db import utcnow
from botapp.delivery import outbox
from botapp.flows import schedule
from botapp.models import Client, Message, ScheduledItem
from botapp.workers.clock import tick

KIND = "bench.reminder"
DUE_COUNTS = (10, 100, 1000)
SLOW_TICK = 15.0  # the tick first proposed


def remind(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """One reminder text per item, as a reminder flow enqueues it (once per occurrence)."""
    client = session.get_one(Client, item.client_id)
    outbox.enqueue(
        session,
        phone=client.phone,
        body="Reminder: you have an appointment tomorrow at 10:00. Reply 1 to confirm.",
        key=KIND,
        category=outbox.REMINDER,
        client=client,
        idempotency_key=f"scheduled:{item.key}",
    )


schedule.HANDLERS[KIND] = remind  # as botapp.features installs a feature's handlers


@dataclass
class Result:
    """The figures for one database."""

    database: str
    items: int = 0
    fill_s: float = 0.0
    idle_ms: list[float] = field(default_factory=list)
    due_ms: dict[int, list[float]] = field(default_factory=dict)
    drift_s: dict[float, list[float]] = field(default_factory=dict)


def time_ticks(app: Flask, start: datetime, offsets: list[float], repeats: int, r: Result) -> None:
    """Time ticks with nothing due, then with exactly 10, 100 and 1000 due (each `repeats`x)."""
    sessions, settings = sessions_of(app), settings_of(app)
    idle = start - timedelta(seconds=1)
    tick(sessions, settings, idle)  # today's daily check, and a warm connection pool
    for _ in range(50):
        began = time.perf_counter()
        tick(sessions, settings, idle)
        r.idle_ms.append((time.perf_counter() - began) * 1000)
    ordered, taken = sorted(offsets), 0
    for count in DUE_COUNTS:
        for _ in range(repeats):
            taken += count
            now = start + timedelta(seconds=ordered[taken - 1])  # exactly `count` more due
            began = time.perf_counter()
            done = tick(sessions, settings, now)
            r.due_ms.setdefault(count, []).append((time.perf_counter() - began) * 1000)
            assert done.ran == count, f"{done.ran} ran, {count} were due"


def drift(
    app: Flask, clients: list[int], seconds: float, window: float, rate: float
) -> list[float]:
    """Run the real clock for `window` s with items due `rate` per s; each one's lateness in s."""
    engine, begin = engine_of(app), utcnow() + timedelta(seconds=1)
    prefix = f"{KIND}:drift-{seconds:g}"
    rows = [
        {
            "client_id": clients[i % len(clients)],
            "kind": KIND,
            "due_at": begin + timedelta(seconds=i / rate),
            "status": "pending",
            "key": f"{prefix}:{i}",
            "params": {},
        }
        for i in range(int(window * rate))
    ]
    with engine.begin() as conn:
        conn.execute(insert(ScheduledItem), rows)
    scheduler = BackgroundScheduler(daemon=True)
    schedule_ticks(app, scheduler, seconds)
    scheduler.start()
    try:
        time.sleep(max(0.0, (begin - utcnow()).total_seconds()) + window + seconds + 1)
    finally:
        scheduler.shutdown()
    with engine.connect() as conn:
        pairs = conn.execute(
            select(ScheduledItem.due_at, Message.created_at)
            .join(Message, Message.idempotency_key == "scheduled:" + ScheduledItem.key)
            .where(ScheduledItem.key.like(f"{prefix}:%"))
        ).all()
    assert len(pairs) == len(rows), f"{len(rows) - len(pairs)} items were not enqueued"
    return [(enqueued - due).total_seconds() for due, enqueued in pairs]


def run_one(kind: str, url: str, args: argparse.Namespace, ticks: tuple[float, ...]) -> Result:
    """Fill one database, time its ticks, measure drift under each of `ticks`."""
    app, result = create_app(databases.app_env(url)), Result(clock_report.NAMES[kind])
    try:
        began = time.perf_counter()
        clients = clock_fill.add_clients(app)
        start, offsets = utcnow() + timedelta(hours=1), clock_fill.due_offsets(args.items, 90)
        clock_fill.add_items(app, KIND, clients, start, offsets)
        result.items, result.fill_s = args.items, time.perf_counter() - began
        print(f"{kind}: {args.items:,} items in {result.fill_s:.0f} s", file=sys.stderr)
        time_ticks(app, start, offsets, args.repeats, result)
        for seconds in ticks:  # a window of at least one tick: every phase of it
            window = max(args.drift_seconds, seconds)
            result.drift_s[seconds] = drift(app, clients, seconds, window, args.rate)
            late = percentile(result.drift_s[seconds], 99)
            print(f"{kind}: tick {seconds:g} s, drift p99 {late:.2f} s", file=sys.stderr)
    finally:
        engine_of(app).dispose()
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench clock", description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000, help="scheduled items (≤ 2M)")
    parser.add_argument("--repeats", type=int, default=3, help="ticks timed per due count")
    parser.add_argument("--drift-seconds", type=float, default=20.0, help="real-time window")
    parser.add_argument("--rate", type=float, default=20.0, help="items falling due per s")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--pg-url", default=databases.PG_DEFAULT)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    logging.getLogger("botapp").setLevel(logging.WARNING)  # not a line per tick
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    if not kinds or set(kinds) - set(clock_report.NAMES):
        sys.exit("--databases takes sqlite and/or postgresql")
    if not (1200 * args.repeats <= args.items <= 2_000_000 and 1 <= args.repeats <= 10):
        sys.exit("--items must be 1,200 x --repeats to 2,000,000; --repeats 1 to 10")
    if not (5 <= args.drift_seconds <= 120 and 1 <= args.rate <= 200):
        sys.exit("--drift-seconds must be 5 to 120 and --rate 1 to 200")
    results: list[Result] = []
    versions: list[str] = []
    with tempfile.TemporaryDirectory(prefix="botapp-bench-clock-") as tmp:
        for kind in kinds:
            db = (
                databases.sqlite(Path(tmp))
                if kind == "sqlite"
                else databases.postgresql(args.pg_url)
            )
            with db as url:
                versions.append(databases.server_version(url))
                # The 15 s tick's drift is the tick's, whatever the database: measured once.
                ticks = (TICK_SECONDS,) if results else (TICK_SECONDS, SLOW_TICK)
                results.append(run_one(kind, url, args, ticks))
    text = clock_report.section(results, versions, args)
    print("\n" + text)
    if not args.no_write:
        clock_report.write(text)
        print("wrote the 'Clock' section of docs/performance.md")
    return 0
