"""Following a broadcast: its figures in all and per language (where each text stands, why
some failed, who opted out since, who answered what), in the reader's language; and the front
desk's list of who is coming, with no phone numbers, every read of it audited."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from botapp.broadcasts import report
from botapp.models import (
    Broadcast,
    BroadcastRecipient,
    Client,
    ConsentKind,
    Message,
    MessageStatus,
    Rsvp,
    Staff,
)
from botapp.services import consent
from tests.support import (
    ALEX,
    CHICAGO,
    JAMES,
    LUCIA,
    audits,
    client_by_phone,
    fresh,
    ok,
    refused,
    send_once,
    today,
)
from tests.test_broadcast_sending import ADMIN, ANA, JOSE, PRIYA, TYRONE, _broadcast, _send

# Started two days ago in the afternoon: what happens now (an opt-out) comes after it.
STARTED = datetime.combine(today() - timedelta(days=2), time(15, 0), CHICAGO)
ANSWERED = STARTED + timedelta(hours=2)


def _answers(session: Session, broadcast_id: int) -> None:
    """Alex and Lucía are coming (Lucía needs an interpreter), Tyrone is not; Ana's text was
    not delivered (her phone was off), and José opts out of every text."""
    with fresh(session).begin():
        for phone, rsvp, need in (
            (ALEX, Rsvp.YES, None),
            (LUCIA, Rsvp.ACCOMMODATION, "Spanish interpreter"),
            (TYRONE, Rsvp.NO, None),
        ):
            session.execute(
                update(BroadcastRecipient)
                .where(
                    BroadcastRecipient.broadcast_id == broadcast_id,
                    BroadcastRecipient.client_id == client_by_phone(session, phone).id,
                )
                .values(rsvp=rsvp, rsvp_at=ANSWERED, accommodation=need)
            )
        session.execute(
            update(Message)
            .where(Message.phone == ANA)
            .values(status=MessageStatus.UNDELIVERED, error_code="30003")
        )
        session.execute(
            update(Message).where(Message.phone == PRIYA).values(status=MessageStatus.DELIVERED)
        )
        consent.record(
            session, phone=JOSE, client=None, kind=ConsentKind.OPT_OUT, method="sms_keyword"
        )


def _sent_and_answered(app: Flask, demo: Session) -> int:
    broadcast_id = _broadcast(demo)
    _send(app, demo, broadcast_id, STARTED)
    send_once(app, STARTED + timedelta(minutes=5))
    _answers(demo, broadcast_id)
    return broadcast_id


def test_the_figures_say_where_each_text_stands_and_who_answered_what(
    app: Flask, demo: Session
) -> None:
    broadcast_id = _sent_and_answered(app, demo)
    with fresh(demo).begin():
        found = report.figures(demo, demo.get_one(Broadcast, broadcast_id))
    outcomes = found.total.outcomes
    assert found.total.recipients == 6
    assert (outcomes[report.Outcome.SENT], outcomes[report.Outcome.DELIVERED]) == (4, 1)
    assert outcomes[report.Outcome.FAILED] == 1 and outcomes[report.Outcome.QUEUED] == 0
    assert found.failures == [("30003", None, 1)]
    assert found.opted_out_since == 1
    assert found.total.rsvps == {Rsvp.YES: 1, Rsvp.NO: 1, Rsvp.ACCOMMODATION: 1}
    spanish = found.by_language["es"]
    assert spanish.recipients == 3 and spanish.rsvps[Rsvp.ACCOMMODATION] == 1
    assert spanish.outcomes[report.Outcome.FAILED] == 1


def test_status_shows_the_figures_in_the_readers_language(
    app: Flask, demo: Session, runner: FlaskCliRunner
) -> None:
    broadcast_id = _sent_and_answered(app, demo)
    lines = ok(runner, f"broadcast status {broadcast_id} --by {ADMIN}")
    assert lines[0] == f"broadcast {broadcast_id} \u201cDecember job fair\u201d: sending"
    assert lines[2].startswith("all languages: 6 recipients; queued 0, sent 4, delivered 1, ")
    assert lines[2].endswith("coming 1, not coming 1, coming with an accommodation 1")
    assert lines[3].startswith("  English: 3 recipients") and lines[4].startswith("  Spanish")
    assert "failed, the phone was off or out of reach: 1" in lines
    assert lines[-1] == "opted out since it started (of all texts or of event notices): 1"
    with fresh(demo).begin():
        demo.scalars(select(Staff).where(Staff.email == ADMIN)).one().locale = "es"
    lines = ok(runner, f"broadcast status {broadcast_id} --by {ADMIN}")
    assert lines[0].endswith(": enviándose")
    assert "fallidos, el teléfono estaba apagado o fuera de alcance: 1" in lines
    assert audits(demo, "read_broadcast")[-1] == (
        ADMIN,
        "read_broadcast",
        f"broadcast {broadcast_id}",
    )
    assert refused(runner, f"broadcast status {broadcast_id} --by {JAMES}") == (
        f"{JAMES} (specialist) may not manage this broadcast: administrators manage the "
        "agency's, supervisors their office's."
    )


def test_the_coming_list_names_who_is_coming_and_holds_no_phone_numbers(
    app: Flask, demo: Session, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    broadcast_id = _sent_and_answered(app, demo)
    file = tmp_path / "coming.csv"
    lines = ok(runner, f"broadcast status {broadcast_id} --coming-csv {file} --by {ADMIN}")
    assert lines[-1] == f"2 people coming written to {file} (names and cases, no phone numbers)"
    with file.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["case_id"], r["rsvp"], r["accommodation"]) for r in rows] == [
        ("DEMO-1002", "accommodation", "Spanish interpreter"),  # Hernández
        ("DEMO-1001", "yes", ""),  # Johnson
    ]
    assert rows[1]["first_name"] == "Alex" and rows[1]["specialist"] == "James Carter"
    assert rows[1]["answered_at"] == ANSWERED.astimezone(CHICAGO).strftime("%Y-%m-%d %H:%M")
    assert list(rows[0]) == list(report.COMING_COLUMNS)
    content = file.read_text(encoding="utf-8")
    phones = fresh(demo).scalars(select(Client.phone)).all()
    assert not [p for p in phones if p in content or p[2:] in content]
    assert audits(demo, "export_broadcast_coming") == [
        (ADMIN, "export_broadcast_coming", f"broadcast {broadcast_id}: 2 clients")
    ]
