"""Chaos: real inbound workers and dispatchers killed at random while Twilio misbehaves.

Clients text through the real signed webhook while `botapp inbound` and `botapp dispatch`
processes are SIGKILLed and restarted, and the fake Twilio answers a fifth of the texts it
accepts with a 500, a 429 or silence. In the end every reply reaches Twilio exactly once,
none is lost, and each phone gets its replies in the order they were written.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import sessions_of
from botapp.models import Client, Direction, Message
from tests.fake_twilio import FakeTwilio
from tests.support import AUTH_TOKEN, Phone, app_env, count

pytestmark = pytest.mark.slow
CLIENTS = 40
WORDS = ("STOP", "HELP", "When is my next appointment?", "START", "HELP", "ESPAÑOL", "ENGLISH")
SWITCHERS = 2  # clients who also switch language 30 times
KILLS = 10  # of each kind of worker, at least
SEND_TIMEOUT, STALE_AFTER = 1.0, 5.0


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with FakeTwilio(auth_token=AUTH_TOKEN) as running:
        # Silence lasts longer than the dispatcher waits: a timeout after Twilio accepted.
        running.fail_after_accept_randomly(0.2, seed=5, hang=SEND_TIMEOUT + 0.5, per_text=2)
        yield running


@pytest.fixture
def db(twilio_app: Flask) -> Iterator[Session]:
    from botapp.cli.demo import seed

    session: Session = sessions_of(twilio_app)()
    with session.begin():
        seed(session)
        office_id = session.scalars(select(Client.office_id)).first()
        for n in range(CLIENTS):
            session.add(
                Client(
                    office_id=office_id,
                    external_id=f"chaos-{n}",
                    first_name="Client",
                    last_name=f"C{n}",
                    phone=f"+1312777{n:04d}",
                    timezone="UTC",
                )
            )
    yield session
    session.close()  # an open snapshot would block the TRUNCATE that empties the database


class Workers:
    """`botapp inbound` and `botapp dispatch` processes, each restarted after every kill."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.commands = {
            "inbound-1": ["inbound", "--idle", "0.05"],
            "inbound-2": ["inbound", "--idle", "0.05"],
            "dispatch-1": self._dispatch(),
            "dispatch-2": self._dispatch(),
        }
        self.procs = {name: self._start(name) for name in self.commands}
        self.kills: Counter[str] = Counter()

    @staticmethod
    def _dispatch() -> list[str]:
        return [
            "dispatch",
            "--batch",
            "10",
            "--stale-after",
            str(STALE_AFTER),
            "--send-timeout",
            str(SEND_TIMEOUT),
        ]

    def _start(self, name: str) -> subprocess.Popen[bytes]:
        cmd = [sys.executable, "-c", "from botapp.cli import main; main()", *self.commands[name]]
        with self.log.open("ab") as out:
            return subprocess.Popen(cmd, env=self.env, stdout=out, stderr=out)

    def kill_and_restart(self, name: str) -> None:
        self.procs[name].send_signal(signal.SIGKILL)
        self.procs[name].wait(timeout=10)
        self.kills[name.split("-")[0]] += 1
        self.procs[name] = self._start(name)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            proc.wait(timeout=30)


def unfinished(session: Session) -> int:
    """Texts still waiting for a worker: inbound not acted on, outbound not yet sent."""
    return count(session, Message, Message.status.in_(["received", "pending", "claimed"]))


def test_killed_workers_and_a_failing_twilio_send_each_reply_once_in_order(
    db: Session, twilio_app: Flask, fake: FakeTwilio, database_url: str, tmp_path: Path
) -> None:
    started = time.monotonic()
    rng = random.Random(11)
    phones = [Phone(twilio_app.test_client(), f"+1312777{n:04d}") for n in range(CLIENTS)]
    texts = [(p, w) for p in phones for w in WORDS]
    texts += [(p, "ESPAÑOL" if n % 2 else "ENGLISH") for p in phones[:SWITCHERS] for n in range(30)]
    # Each phone's own texts stay in order; different phones' texts interleave at random.
    queues = {p.number: [w for q, w in texts if q is p] for p in phones}
    arrivals = [p for p, _ in texts]
    rng.shuffle(arrivals)

    def post_all() -> None:
        for phone in arrivals:
            words = queues[phone.number].pop(0)
            assert phone.post(phone.form(words), handle=False).status_code == 200
            time.sleep(0.03)

    env = {
        **os.environ,
        **app_env(
            database_url,
            **fake.env(),
            TWILIO_FROM_NUMBER="+13125550100",
            OPT_OUT_HANDLER="botapp",
            SENDER_MPS="0",
        ),
        "PUBLIC_BASE_URL": "http://127.0.0.1:5000",  # loopback: callbacks are not needed here
    }
    workers = Workers(env, tmp_path / "workers.log")
    poster = threading.Thread(target=post_all)
    poster.start()
    try:
        names = list(workers.commands)
        while min(workers.kills["inbound"], workers.kills["dispatch"]) < KILLS:
            time.sleep(rng.uniform(0.3, 1.2))
            kind = (
                "inbound" if workers.kills["inbound"] <= workers.kills["dispatch"] else "dispatch"
            )
            workers.kill_and_restart(rng.choice([n for n in names if n.startswith(kind)]))
        poster.join()
        deadline = time.monotonic() + 60
        while unfinished(db) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        poster.join()
        workers.stop()
    seconds = time.monotonic() - started

    db.rollback()
    replies = db.execute(
        select(Message.id, Message.phone, Message.body, Message.status, Message.twilio_sid)
        .where(Message.direction == Direction.OUTBOUND)
        .order_by(Message.id)
    ).all()
    accepted = fake.messages
    by_body = Counter((m["to"], m["body"]) for m in accepted)
    sids = {m["sid"] for m in accepted}
    duplicates = len(accepted) - len({r.twilio_sid for r in replies if r.twilio_sid in sids})
    lost = [r.id for r in replies if r.twilio_sid not in sids]
    out_of_order = [
        p.number
        for p in phones
        if [m["body"] for m in accepted if m["to"] == p.number]
        != [r.body for r in replies if r.phone == p.number]
    ]
    print(
        f"\nchaos {db.get_bind().dialect.name}: {len(texts)} texts in, {len(replies)} replies, "
        f"{len(accepted)} accepted, faults {dict(fake.faults_after_accept)}, "
        f"kills {dict(workers.kills)}, duplicates {duplicates}, lost {len(lost)}, "
        f"out of order {len(out_of_order)}, {seconds:.1f} s"
    )
    assert unfinished(db) == 0, "texts were still waiting at the deadline"
    assert sum(fake.faults_after_accept.values()) >= len(replies) // 10
    assert duplicates == 0 and len(accepted) == len(replies), by_body.most_common(3)
    assert lost == []
    assert out_of_order == []
    assert {r.status for r in replies} <= {"queued", "accepted"}
