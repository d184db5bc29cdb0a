"""Stories of the inbound queue: the webhook records and answers; the inbound worker acts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from botapp.config import Settings, sessions_of, settings_of
from botapp.db import write_lock
from botapp.models import CaseNote, ConsentEvent, Direction, Message
from botapp.services import consent, handling
from botapp.workers import inbound as inbound_queue
from tests.support import ALEX, LUCIA, MakePhone, app_env, botapp, handle_waiting, replies_to


def inbound_statuses(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(
        select(Message.body, Message.status)
        .where(Message.direction == Direction.INBOUND)
        .order_by(Message.id)
    )
    session.rollback()
    return [(r.body, r.status) for r in rows]


def test_the_webhook_only_records_and_the_worker_answers_after(
    app: Flask, phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    form = alex.form("HELP")
    resp = alex.post(form, handle=False)
    assert resp.status_code == 200
    assert inbound_statuses(demo) == [("HELP", "received")]
    assert replies_to(app, form["MessageSid"]) == []
    assert handle_waiting(app) == 1
    assert inbound_statuses(demo) == [("HELP", "processed")]
    assert len(replies_to(app, form["MessageSid"])) == 1
    assert handle_waiting(app) == 0  # acted on once


def test_a_webhook_retried_before_the_worker_ran_is_still_one_text_and_one_answer(
    app: Flask, phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    form = alex.form("HELP")
    for _ in range(3):
        assert alex.post(form, handle=False).status_code == 200
    assert handle_waiting(app) == 1
    assert len(replies_to(app, form["MessageSid"])) == 1


def test_texts_of_one_phone_are_acted_on_in_the_order_they_arrived(
    app: Flask, phone: MakePhone, demo: Session
) -> None:
    lucia, alex = phone(LUCIA), phone(ALEX)
    lucia.post(lucia.form("PARAR"), handle=False)
    alex.post(alex.form("hello"), handle=False)
    lucia.post(lucia.form("INICIO"), handle=False)
    assert handle_waiting(app) == 3
    kinds = demo.scalars(
        select(ConsentEvent.kind).where(ConsentEvent.phone == LUCIA).order_by(ConsentEvent.id)
    ).all()
    assert [k.value for k in kinds] == ["opt_out", "opt_in"]
    assert not consent.is_opted_out(demo, LUCIA)


def test_a_text_that_cannot_be_handled_goes_to_a_person_and_the_rest_go_on(
    app: Flask,
    phone: MakePhone,
    demo: Session,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = handling.handle

    def fragile(
        session: Session, settings: Settings, message: Message, opted_out: bool
    ) -> list[str]:
        if "bad" in message.body:
            raise ValueError(f"cannot read {message.body} from {message.phone}")
        return real(session, settings, message, opted_out)

    monkeypatch.setattr(handling, "handle", fragile)
    alex, lucia = phone(ALEX), phone(LUCIA)
    alex.post(alex.form("a bad one"), handle=False)
    alex.post(alex.form("HELP"), handle=False)
    ayuda = lucia.form("AYUDA")
    lucia.post(ayuda, handle=False)
    assert handle_waiting(app) == 3  # the first batch (bad one, AYUDA) rolls back and is redone
    assert len(replies_to(app, ayuda["MessageSid"])) == 1
    assert inbound_statuses(demo) == [
        ("a bad one", "error"),
        ("HELP", "processed"),
        ("AYUDA", "processed"),
    ]
    bad = demo.scalars(select(Message).where(Message.body == "a bad one")).one()
    note = demo.scalars(select(CaseNote).where(CaseNote.message_id == bad.id)).one()
    assert note.note_key == "note.inbox.message" and note.client_id == bad.client_id
    assert f"inbound message {bad.id} failed (ValueError" in caplog.text
    assert "a bad one" not in caplog.text and ALEX not in caplog.text


def test_a_database_error_while_handling_leaves_the_text_waiting(
    app: Flask, phone: MakePhone, demo: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def outage(
        session: Session, settings: Settings, message: Message, opted_out: bool
    ) -> list[str]:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    alex = phone(ALEX)
    form = alex.form("HELP")
    alex.post(form, handle=False)
    with monkeypatch.context() as patch:
        patch.setattr(handling, "handle", outage)
        with pytest.raises(OperationalError):
            handle_waiting(app)
    assert inbound_statuses(demo) == [("HELP", "received")]
    assert handle_waiting(app) == 1
    assert len(replies_to(app, form["MessageSid"])) == 1


def _first_second_hola(app: Flask, phone: MakePhone) -> sessionmaker[Session]:
    """Record "first" and "second" from Alex, then "hola" from Lucía; the app's sessionmaker."""
    alex, lucia = phone(ALEX), phone(LUCIA)
    alex.post(alex.form("first"), handle=False)
    alex.post(alex.form("second"), handle=False)
    lucia.post(lucia.form("hola"), handle=False)
    return sessions_of(app)


# PostgreSQL only: on SQLite a second worker waits for the first's write lock instead.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_later_text_waits_while_another_worker_holds_the_earlier_one(
    app: Flask, phone: MakePhone, demo: Session
) -> None:
    sessions = _first_second_hola(app, phone)
    with sessions.begin() as holder:
        held = inbound_queue.take(holder)
        with sessions.begin() as other:
            taken = inbound_queue.take(other)
            assert inbound_queue.take(other) == []  # "second" waits behind "first"
        bodies = dict(demo.execute(select(Message.id, Message.body)).tuples().all())
        demo.rollback()
        assert ([bodies[i] for i in held], [bodies[i] for i in taken]) == (["first"], ["hola"])


def test_a_batch_takes_one_text_per_phone_in_arrival_order(
    app: Flask, phone: MakePhone, demo: Session
) -> None:
    sessions = _first_second_hola(app, phone)
    with sessions.begin() as session:
        write_lock(session)
        taken = inbound_queue.take(session, size=10)
        bodies = dict(session.execute(select(Message.id, Message.body)).tuples().all())
    assert [bodies[i] for i in taken] == ["first", "hola"]
    assert inbound_statuses(demo) == [
        ("first", "processed"),
        ("second", "received"),
        ("hola", "processed"),
    ]


def test_with_a_hold_texts_are_taken_one_at_a_time_until_the_lock_was_held_that_long(
    app: Flask, phone: MakePhone, demo: Session
) -> None:
    # SQLite's worker (`run`) holds the one write lock a few milliseconds at a time.
    sessions, settings = _first_second_hola(app, phone), settings_of(app)
    assert inbound_queue.handle_next(sessions, settings, 10, hold=0) == 1
    assert inbound_statuses(demo) == [
        ("first", "processed"),
        ("second", "received"),
        ("hola", "received"),
    ]
    # Alex's "second" becomes his oldest waiting text once "first" is handled: in the same
    # transaction, after it.
    assert inbound_queue.handle_next(sessions, settings, 10, hold=60) == 2
    assert [status for _, status in inbound_statuses(demo)] == ["processed"] * 3
    assert inbound_queue.handle_next(sessions, settings, 10, hold=60) == 0


def test_the_outbox_report_counts_the_texts_waiting_for_the_worker(
    app: Flask, phone: MakePhone, demo: Session, runner: FlaskCliRunner
) -> None:
    alex = phone(ALEX)
    alex.post(alex.form("one"), handle=False)
    alex.post(alex.form("two"), handle=False)
    assert (
        "inbound texts waiting for `botapp inbound`: 2 (oldest" in botapp(runner, "outbox").output
    )
    handle_waiting(app)
    assert "waiting for `botapp inbound`: none" in botapp(runner, "outbox").output


@pytest.mark.slow
def test_the_inbound_worker_process_answers_and_stops_on_sigterm(
    app: Flask, phone: MakePhone, demo: Session, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "inbound.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "from botapp.cli import main; main()", "inbound"],
            env={**os.environ, **app_env(database_url)},
            stdout=out,
            stderr=out,
        )
    try:
        alex = phone(ALEX)
        form = alex.form("HELP")
        alex.post(form, handle=False)
        deadline = time.monotonic() + 20
        while not replies_to(app, form["MessageSid"]):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0, log.read_text()
    assert inbound_statuses(demo) == [("HELP", "processed")]
    assert ALEX not in log.read_text()
