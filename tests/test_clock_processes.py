"""Real `botapp clock` processes: restarted before the work falls due, then two at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.flows import schedule
from botapp.goals.flow import GOAL_CHECKIN
from botapp.goals.timing import CHECKIN
from botapp.models import (
    Client,
    ClockJob,
    Conversation,
    Direction,
    Goal,
    GoalStep,
    ItemStatus,
    Message,
    ScheduledItem,
)
from tests.support import app_env, free_port, stop, wait_for

pytestmark = pytest.mark.slow
STEPS_PER_CLIENT = 4


def botapp(database_url: str, log: Path, *args: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from botapp.cli import main; main()", *args]
    env = {**os.environ, **app_env(database_url)}
    with log.open("ab") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=out)


def clock(database_url: str, log: Path) -> subprocess.Popen[bytes]:
    return botapp(database_url, log, "clock", "--tick", "1")


def plan_checkins(session: Session, due_at: datetime) -> int:
    """Give every demo client an IPE goal whose steps all have a check-in due at `due_at`."""
    with session.begin():
        for client in session.scalars(select(Client)).all():
            goal = Goal(client_id=client.id, title="Find a warehouse job")
            session.add(goal)
            for n in range(STEPS_PER_CLIENT):
                step = GoalStep(goal=goal, description=f"Step {n}", responsible="client")
                session.add(step)
                session.flush()
                schedule.schedule(
                    session,
                    client_id=client.id,
                    kind=CHECKIN,
                    due_at=due_at,
                    key=f"goal_step:{step.id}:checkin:0",
                    subject_id=step.id,
                    params={"seq": 0},
                )
        return int(session.scalar(select(func.count()).select_from(ScheduledItem)) or 0)


def first_checkins(session: Session) -> Counter[ItemStatus]:
    session.rollback()
    rows = session.scalars(select(ScheduledItem.status).where(ScheduledItem.key.like("%:0")))
    counts = Counter(rows)
    session.rollback()
    return counts


def ticked(session: Session) -> bool:
    session.rollback()
    found = session.get(ClockJob, "contact.daily") is not None
    session.rollback()
    return found


def started(log: Path) -> int:
    """How many clocks have logged that they run (their SIGTERM handler is set by then)."""
    return log.read_text(encoding="utf-8").count("clock started")


def test_a_restarted_clock_loses_nothing_and_two_clocks_ask_each_check_in_once(
    app: Flask, demo: Session, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "clock.log"
    due_at = utcnow() + timedelta(seconds=4)
    items = plan_checkins(demo, due_at)
    first = clock(database_url, log)
    wait_for(lambda: ticked(demo), 30)
    assert stop(first) == [0]  # SIGTERM: a clean stop between ticks
    assert first_checkins(demo) == {"pending": items}  # nothing was due yet: all still there

    time.sleep(max(0.0, (due_at - utcnow()).total_seconds()))  # now they are due
    racers = [clock(database_url, log), clock(database_url, log)]
    try:
        wait_for(lambda: first_checkins(demo) == {"done": items}, 60)
        # Stop only clocks that are running: SIGTERM while one still imports kills it (-15).
        wait_for(lambda: started(log) == 3, 30)
    finally:
        assert stop(*racers) == [0, 0]

    demo.rollback()
    asked = Counter(
        demo.scalars(select(Conversation.subject_id).where(Conversation.flow == GOAL_CHECKIN.name))
    )
    assert len(asked) == items and set(asked.values()) == {1}  # each step asked about once
    texts = demo.scalars(
        select(Message.client_id).where(Message.direction == Direction.OUTBOUND)
    ).all()
    clients = demo.scalar(select(func.count()).select_from(Client))
    assert len(set(texts)) == len(texts) == clients  # one open question each
    next_ones = demo.scalar(
        select(func.count()).where(ScheduledItem.key.like("%:1"), ScheduledItem.status == "pending")
    )
    assert next_ones == items  # each step's next check-in planned once
    demo.rollback()
    output = log.read_text(encoding="utf-8")
    assert "tick: " in output and "Traceback" not in output
    assert "5550142" not in output and "Step 0" not in output  # no numbers, no bodies


def test_the_single_process_demo_serves_and_runs_the_clock(
    app: Flask, demo: Session, database_url: str, tmp_path: Path
) -> None:
    items = plan_checkins(demo, utcnow())
    port = free_port()
    server = botapp(database_url, tmp_path / "serve.log", "serve", "--port", str(port))
    try:
        wait_for(lambda: first_checkins(demo) == {"done": items}, 30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=20) == 0
