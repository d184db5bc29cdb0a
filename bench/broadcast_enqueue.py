"""One timed enqueue in a fresh process: `python -m bench.broadcast_enqueue MODE URL ID AT`.

MODE `send`: `sending.send` of broadcast ID as if started at AT (select, render, count
segments, enqueue, commit). MODE `floor`: the baseline, one INSERT ... SELECT of an outbox row
per active client (one fixed body, due at AT) and commit: the least any enqueue of the same
rows into the same table can cost on this machine. Prints one JSON line: rows, seconds, and
the process's peak RSS before the step (interpreter, botapp, the app) and after it.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import func, insert, literal, select

from botapp import create_app
from botapp.broadcasts import sending
from botapp.config import engine_of, sessions_of, settings_of
from botapp.db import UTCDateTime
from botapp.delivery.outbox import BROADCAST
from botapp.encoding import analyze
from botapp.models import Broadcast, Client, ClientStatus, Direction, Message, MessageStatus

SEND, FLOOR = "send", "floor"
# As `botapp broadcast send` runs: not bench.databases.app_env, whose module imports the load
# generator's libraries (30 MB more in this process's peak RSS).
ENV = {"SECRET_KEY": "bench-secret-key-of-more-than-32-characters", "SMS_TRANSPORT": "console"}
FLOOR_BODY = "Job fair on Thursday, December 3 at 10:00 AM, Harold Washington Library. Bring it."


def peak_rss_mb() -> float:
    """This process's peak resident set so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _floor(app: Flask, at: datetime) -> int:
    """The baseline: every active client's outbox row in one statement."""
    engine = engine_of(app)
    cost = analyze(FLOOR_BODY)
    when = literal(at, UTCDateTime())
    values: dict[str, Any] = {
        "client_id": Client.id,
        "direction": literal(Direction.OUTBOUND.value),
        "phone": Client.phone,
        "body": literal(FLOOR_BODY),
        "status": literal(MessageStatus.PENDING.value),
        "encoding": literal(cost.encoding),
        "segments": literal(cost.segments),
        "message_key": literal("broadcast"),
        "category": literal(BROADCAST.name),
        "priority": literal(BROADCAST.priority),
        "not_before": when,
        "expires_at": literal(at + BROADCAST.valid_for, UTCDateTime()),
        "attempts": literal(0),
        "created_at": when,
        "updated_at": when,
    }
    rows = select(*values.values()).where(Client.status == ClientStatus.ACTIVE)
    with engine.begin() as conn:
        conn.execute(insert(Message).from_select(list(values), rows))
        count = conn.scalar(select(func.count()).where(Message.category == BROADCAST.name))
    return int(count or 0)


def _send(app: Flask, broadcast_id: int, at: datetime) -> int:
    """`sending.send` as a person sending it now would, and the commit."""
    session = sessions_of(app)()
    with session.begin():
        broadcast = session.get(Broadcast, broadcast_id)
        assert broadcast is not None, f"no broadcast {broadcast_id}"
        count = sending.send(session, settings_of(app), broadcast, None, at)
    session.close()
    return count


def main(argv: list[str]) -> int:
    mode, url, broadcast_id, at = argv[0], argv[1], int(argv[2]), datetime.fromisoformat(argv[3])
    app = create_app({**ENV, "DATABASE_URL": url})  # imports and build: before the clock
    before = peak_rss_mb()
    started = time.perf_counter()
    count = _send(app, broadcast_id, at) if mode == "send" else _floor(app, at)
    seconds = time.perf_counter() - started
    out = {"rows": count, "seconds": seconds, "rss_before_mb": before, "rss_mb": peak_rss_mb()}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
