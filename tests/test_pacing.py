"""Send pacing: slots are 1/mps apart per segment, shared through the database by processes."""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from botapp.config import engine_of, sessions_of, settings_of
from botapp.db import make_engine
from botapp.delivery import outbox
from botapp.models import Message
from botapp.models.message import SenderPacing
from botapp.workers.pacing import Pacer
from botapp.workers.threads import build_dispatcher, send_rate
from tests.support import LUCIA, Clock, MakeApp

LONG_CODE = "+13125550100"
T0 = datetime(2024, 6, 4, 15, 0, tzinfo=UTC)


def rows(app: Flask) -> int:
    with sessions_of(app)() as session:
        return session.execute(select(func.count()).select_from(SenderPacing)).scalar_one()


def test_slots_at_one_segment_per_second_are_a_second_apart(app: Flask) -> None:
    pacer = Pacer(sessions_of(app), LONG_CODE, 1, clock=Clock(T0))
    slots = [pacer.reserve() for _ in range(4)]
    assert slots == [T0 + timedelta(seconds=n) for n in range(4)]
    assert all(slot.tzinfo is not None and slot.utcoffset() == timedelta(0) for slot in slots)


def test_a_three_segment_text_takes_three_slots(app: Flask) -> None:
    pacer = Pacer(sessions_of(app), LONG_CODE, 1, clock=Clock(T0))
    assert pacer.reserve(3) == T0
    assert pacer.reserve() == T0 + timedelta(seconds=3)


def test_a_dispatchers_round_takes_its_slots_at_once_as_one_at_a_time_would(app: Flask) -> None:
    # One write for a round's texts (on SQLite each write holds the webhook back), the same
    # slots as texts reserving one after another, and the next round after them.
    pacer = Pacer(sessions_of(app), LONG_CODE, 2, clock=Clock(T0))
    assert pacer.reserve_each([1, 2, 1]) == [
        T0,
        T0 + timedelta(seconds=0.5),
        T0 + timedelta(seconds=1.5),
    ]
    assert pacer.reserve() == T0 + timedelta(seconds=2)
    assert pacer.reserve_each([]) == []
    with pytest.raises(ValueError, match="at least one segment"):
        pacer.reserve_each([1, 0])


def test_an_uneven_rate_rounds_up_never_over_the_rate(app: Flask) -> None:
    pacer = Pacer(sessions_of(app), "+18005550100", 3, clock=Clock(T0))  # toll-free: about 3/s
    slots = [pacer.reserve() for _ in range(4)]
    assert slots[1] - slots[0] == timedelta(microseconds=333_334)
    assert slots[3] - slots[0] >= timedelta(seconds=1)


def test_senders_are_paced_independently(app: Flask) -> None:
    clock = Clock(T0)
    first = Pacer(sessions_of(app), LONG_CODE, 1, clock=clock)
    other = Pacer(sessions_of(app), "+13125550199", 1, clock=clock)
    assert first.reserve(5) == T0
    assert other.reserve() == T0


def test_idle_time_is_not_banked(app: Flask) -> None:
    clock = Clock(T0)
    pacer = Pacer(sessions_of(app), LONG_CODE, 1, clock=clock)
    pacer.reserve(10)
    clock.now = T0 + timedelta(hours=1)
    assert pacer.reserve() == clock.now
    assert pacer.reserve() == clock.now + timedelta(seconds=1)


def test_wait_sleeps_until_the_slot(app: Flask) -> None:
    slept: list[float] = []
    pacer = Pacer(sessions_of(app), LONG_CODE, 4, clock=Clock(T0), sleep=slept.append)
    for segments in (1, 2, 1):
        pacer.wait_until(pacer.reserve(segments))
    assert slept == [0.25, 0.75]


def test_unpaced_sender_returns_now_without_writing(app: Flask) -> None:
    slept: list[float] = []
    pacer = Pacer(sessions_of(app), LONG_CODE, 0, clock=Clock(T0), sleep=slept.append)
    assert [pacer.reserve(), pacer.reserve(3)] == [T0, T0]
    pacer.wait_until(pacer.reserve())
    assert slept == []
    assert rows(app) == 0


def _reserve_many(url: str, count: int, ready: Barrier, out: Queue[list[datetime] | str]) -> None:
    """One dispatcher process: its own engine, `count` reservations as fast as it can."""
    engine = make_engine(url)
    try:
        pacer = Pacer(sessionmaker(engine), LONG_CODE, 20)
        ready.wait(timeout=30)
        out.put([pacer.reserve() for _ in range(count)])
    except BaseException as exc:  # the parent must not wait for a list that never comes
        out.put(repr(exc))
        raise
    finally:
        engine.dispose()


@pytest.mark.slow
def test_two_processes_never_share_or_crowd_a_slot(app: Flask) -> None:
    url = engine_of(app).url.render_as_string(hide_password=False)
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(2)
    out: Queue[list[datetime] | str] = ctx.Queue()
    workers = [ctx.Process(target=_reserve_many, args=(url, 20, ready, out)) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:
        results = [out.get(timeout=60) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=30)
        out.close()
        out.join_thread()
    assert [worker.exitcode for worker in workers] == [0, 0]
    lists = [r for r in results if isinstance(r, list)]
    assert len(lists) == 2, results
    slots = sorted(slot for got in lists for slot in got)
    assert len(set(slots)) == 40
    assert all(b - a >= timedelta(seconds=1 / 20) for a, b in pairwise(slots))
    # No overshoot: any 21 consecutive slots span at least a second.
    assert all(slots[i + 20] - slots[i] >= timedelta(seconds=1) for i in range(len(slots) - 20))


def test_the_console_sends_at_once_whatever_sender_mps_says(
    make_app: MakeApp, demo: Session
) -> None:
    """SENDER_MPS is a carrier's limit: a demo reply must not wait seconds behind the last."""
    app = make_app(SENDER_MPS="1")
    with sessions_of(app).begin() as session:
        for n in range(3):
            outbox.enqueue(
                session, phone=LUCIA, body=f"reply {n}", key="test", category=outbox.REPLY
            )
    dispatcher = build_dispatcher(app)
    began = time.monotonic()
    try:
        dispatcher.run_once()
    finally:
        dispatcher.close()
    assert time.monotonic() - began < 1.5  # paced at 1/s, three texts take over 2 s
    with sessions_of(app)() as session:
        assert session.scalars(select(Message.status)).all() == ["sent"] * 3


def test_a_real_sender_keeps_its_pace(app: Flask) -> None:
    settings = replace(settings_of(app), sender_mps=1.0)
    assert send_rate(settings, "twilio") == pytest.approx(0.9)
    assert send_rate(settings, "console") == 0
