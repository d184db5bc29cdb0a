"""Giving a client another specialist moves their open escalations and tells them their new
contact's first name, in their language; staff away or gone hand over what they hold."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.models import AuditEvent, EscalationStep, Staff
from tests.support import (
    ALEX,
    LUCIA,
    MakePhone,
    escalations,
    look,
    notes,
    ok,
    refused,
    texts_to,
    today,
)

JAMES = "james.carter@demo.example"  # ALEX's specialist
MARIA = "maria.lopez@demo.example"  # LUCIA's specialist
DANA = "dana.reed@demo.example"  # their supervisor
INBOX_ACK = "Thanks, Alex. Your specialist will read your message and get back to you."


def routed(session: Session, escalation_id: int) -> list[str]:
    """Who the escalation was routed to, in order (emails)."""
    query = (
        select(Staff.email)
        .join(EscalationStep, EscalationStep.staff_id == Staff.id)
        .where(EscalationStep.escalation_id == escalation_id, EscalationStep.kind == "routed")
        .order_by(EscalationStep.id)
    )
    return [email for (email,) in look(session, query)]


def test_assigning_moves_open_escalations_and_tells_the_client_the_first_name(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    phone(ALEX).text("see you friday")
    assert ok(runner, f"clients assign {ALEX} --to {MARIA} --by {DANA}") == [
        "Alex Johnson (DEMO-1001) now has María López as specialist",
        "1 open escalation moved to who now holds it",
        "the client was texted their new contact's first name",
    ]
    assert escalations(demo) == [("routine_inbox", "routine", "open", MARIA)]
    assert routed(demo, 1) == [JAMES, MARIA]
    assert texts_to(demo, ALEX) == [
        INBOX_ACK,
        "Job Connect: Hi Alex, María is your new contact here. Reply to this number anytime.",
    ]
    assert [line for line, _ in notes(demo, "en")[-2:]] == [
        "Specialist changed from James Carter to María López by Dana Reed.",
        "Escalation 1 (text to read) given to María López.",
    ]
    audited = look(demo, select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail))
    assert audited == [(DANA, "assign_client", "client DEMO-1001")]


def test_a_spanish_speaking_client_is_told_in_spanish(
    runner: FlaskCliRunner, demo: Session
) -> None:
    ok(runner, f"clients assign {LUCIA} --to {JAMES}")  # by the operator
    assert texts_to(demo, LUCIA) == [
        "Job Connect: Hola, Lucía. James es su nuevo contacto aqui. "
        "Responda a este numero cuando quiera."
    ]


def test_an_opted_out_client_is_not_told(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    phone(ALEX).text("STOP")
    before = texts_to(demo, ALEX)
    lines = ok(runner, f"clients assign {ALEX} --to {MARIA}")
    assert lines[-1] == "the client was not texted: they opted out of texts"
    assert texts_to(demo, ALEX) == before


def test_assigning_is_refused_in_one_line_when_it_cannot_be_done(
    runner: FlaskCliRunner, demo: Session
) -> None:
    assert refused(runner, f"clients assign {ALEX} --to {JAMES}") == (
        f"DEMO-1001 already has {JAMES} as specialist"
    )
    assert refused(runner, f"clients assign {ALEX} --to nobody@demo.example") == (
        "no staff member has the email nobody@demo.example"
    )
    assert refused(runner, f"clients assign {LUCIA} --to {JAMES} --by {JAMES}") == (
        f"{JAMES} (specialist) may not read this client's record"
    )
    ok(runner, f"staff deactivate {MARIA}")
    assert refused(runner, f"clients assign {ALEX} --to {MARIA}") == (
        f"{MARIA} is deactivated: choose someone still on staff"
    )
    assert texts_to(demo) == []


def test_while_away_from_today_their_escalations_go_to_the_backup(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    phone(ALEX).text("see you friday")
    later = (today() + timedelta(days=7)).isoformat()
    ok(runner, f"staff away {JAMES} --from {later} --to {later} --backup {MARIA}")
    assert escalations(demo) == [("routine_inbox", "routine", "open", JAMES)]  # not yet away
    day = today().isoformat()
    assert ok(runner, f"staff away {JAMES} --from {day} --to {day} --backup {MARIA}")[-1] == (
        "1 open escalation moved to who now holds it"
    )
    assert escalations(demo) == [("routine_inbox", "routine", "open", MARIA)]
    assert routed(demo, 1) == [JAMES, MARIA]


def test_a_deactivated_holders_escalations_go_to_their_supervisor(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    phone(ALEX).text("i dont want to live anymore")
    ok(runner, f"escalations ack 1 --by {JAMES}")
    assert ok(runner, f"staff deactivate {JAMES}")[-1] == (
        "1 open escalation moved to who now holds it"
    )
    assert escalations(demo) == [("crisis", "urgent", "acknowledged", DANA)]
