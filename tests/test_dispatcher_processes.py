"""Real dispatcher processes: killed mid-send, and two racing over one outbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import sessions_of
from botapp.delivery import outbox
from botapp.models import Message
from tests.fake_twilio import FakeTwilio
from tests.support import ALEX, MakeApp, app_env, count, stop, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def env(database_url: str, fake: FakeTwilio) -> dict[str, str]:
    extra = {**fake.env(), "TWILIO_FROM_NUMBER": "+13125550100", "SENDER_MPS": "0"}
    return {**os.environ, **app_env(database_url, **extra)}


@pytest.fixture
def outboxed(make_app: MakeApp, env: dict[str, str]) -> Iterator[Session]:
    from botapp.cli.demo import seed

    app = make_app(
        **{
            k: env[k]
            for k in (
                "SMS_TRANSPORT",
                "TWILIO_ACCOUNT_SID",
                "TWILIO_API_BASE_URL",
                "TWILIO_FROM_NUMBER",
            )
        }
    )
    session = sessions_of(app)()
    with session.begin():
        seed(session)
    yield session
    session.close()  # an open snapshot would block the TRUNCATE that empties the database


def fill(session: Session, count: int) -> None:
    """Queue `count` replies (quiet hours do not hold them) with distinct bodies."""
    with session.begin():
        for i in range(count):
            outbox.enqueue(
                session, phone=ALEX, body=f"text {i:04d}", key="test", category=outbox.REPLY
            )


def dispatcher(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from botapp.cli import main; main()", "dispatch", *args]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sent_count(session: Session) -> int:
    return count(session, Message, Message.twilio_sid.is_not(None))


def assert_each_sent_once(session: Session, fake: FakeTwilio, count: int) -> None:
    bodies = Counter(m["body"] for m in fake.messages)
    assert len(bodies) == count and set(bodies.values()) == {1}, "a text was sent twice or lost"
    session.rollback()
    rows = session.execute(select(Message.body, Message.twilio_sid)).all()
    assert {r.twilio_sid for r in rows} == {m["sid"] for m in fake.messages}


def test_a_dispatcher_killed_mid_send_loses_nothing_and_sends_nothing_twice(
    outboxed: Session, env: dict[str, str], fake: FakeTwilio
) -> None:
    fill(outboxed, 30)
    fake.delay_next(0.4, times=30)  # Twilio records each text, then answers slowly
    first = dispatcher(env, "--batch", "10")
    wait_for(lambda: len(fake.messages) >= 4, 30)
    first.send_signal(signal.SIGKILL)  # between Twilio accepting a text and the SID commit
    first.wait(timeout=10)
    assert sent_count(outboxed) < len(fake.messages) <= 30  # the window is really open
    second = dispatcher(env, "--batch", "10", "--stale-after", "1")
    try:
        wait_for(lambda: sent_count(outboxed) == 30, 60)
    finally:
        stop(second)
    assert_each_sent_once(outboxed, fake, 30)


def test_two_dispatchers_racing_send_each_text_exactly_once(
    outboxed: Session, env: dict[str, str], fake: FakeTwilio
) -> None:
    fill(outboxed, 200)
    racers = [dispatcher(env, "--batch", "7"), dispatcher(env, "--batch", "7")]
    try:
        wait_for(lambda: sent_count(outboxed) == 200, 90)
    finally:
        stop(*racers)
    assert_each_sent_once(outboxed, fake, 200)
