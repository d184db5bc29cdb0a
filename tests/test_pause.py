"""A client who needs a person, or whom staff paused, gets no automated texts meanwhile: their
reminders, check-ins and follow-ups are held and go out (or, stale by then, never) once the
escalation is resolved or staff resume them; what they text goes to a person."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from botapp.appointments.reminder import APPOINTMENT_REMINDER
from botapp.appointments.service import AppointmentFields, add_appointment
from botapp.appointments.timing import DEFAULT_OFFSETS
from botapp.cli.demo import seed_plans
from botapp.config import Settings, engine_of, sessions_of, settings_of
from botapp.contact.flow import due_for_contact
from botapp.db import utcnow
from botapp.flows import schedule
from botapp.messages.formatting import clock, day
from botapp.models import (
    AuditEvent,
    Client,
    Conversation,
    EscalationStep,
    ItemStatus,
    ScheduledItem,
)
from botapp.workers.clock import tick
from tests.support import (
    ALEX,
    CHICAGO,
    MakePhone,
    client_by_phone,
    escalations,
    fresh,
    look,
    notes,
    ok,
    refused,
    resolve_escalations,
    run_clock,
    texts_to,
    wake_questions,
)

JAMES = "james.carter@demo.example"  # ALEX's specialist
MARIA = "maria.lopez@demo.example"  # another caseload's specialist
THREE_DAYS, ONE_DAY, TWO_HOURS = DEFAULT_OFFSETS
INBOX_ACK = "Thanks, Alex. Your specialist will read your message and get back to you."
RESOURCES = (
    "You can call or text 988 now, day or night, to talk with someone "
    "(Suicide & Crisis Lifeline). If you are in danger right now, call 911."
)


def book(session: Session, starts: datetime, booked_at: datetime) -> int:
    """Staff add Alex's job interview at `starts`, at `booked_at`; its id."""
    with fresh(session).begin():
        fields = AppointmentFields(
            None, kind="interview", starts_at=starts, timezone="America/Chicago", place="HQ"
        )
        client = client_by_phone(session, ALEX)
        return add_appointment(session, client, fields, booked_at).id


def question(starts: datetime) -> str:
    return (
        f"Job Connect reminder: your job interview is {day(starts, 'en', 'America/Chicago')} "
        f"at {clock(starts, 'en', 'America/Chicago')} at HQ. "
        "Reply 1 to confirm, 2 to cancel, 3 to change the time."
    )


def items(session: Session) -> list[tuple[str, ItemStatus]]:
    """Every scheduled item as (kind, status), by due time."""
    query = select(ScheduledItem.kind, ScheduledItem.status).order_by(
        ScheduledItem.due_at, ScheduledItem.id
    )
    return look(session, query)


@pytest.fixture
def starts() -> datetime:
    """Alex's interview: five days from now, mid-afternoon in Chicago."""
    return (utcnow() + timedelta(days=5)).astimezone(CHICAGO).replace(hour=14, minute=30)


def test_a_reminder_due_while_an_escalation_is_open_is_held_then_sent_once_resolved(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime
) -> None:
    book(demo, starts, utcnow())
    assert phone(ALEX).text("see you friday") == [INBOX_ACK]  # a person must read it
    run_clock(app, demo, starts - THREE_DAYS)
    assert texts_to(demo, ALEX) == [INBOX_ACK]  # no reminder while it is open
    assert ("appointment.reminder", "held") in items(demo)
    resolve_escalations(demo)
    assert notes(demo, "en")[-1] == (
        "No escalation is left unresolved: the automated texts held meanwhile resume.",
        False,
    )
    run_clock(app, demo, starts - THREE_DAYS + timedelta(minutes=1))
    assert texts_to(demo, ALEX) == [INBOX_ACK, question(starts)]


def test_a_held_reminder_of_an_appointment_that_has_passed_is_never_sent(
    app: Flask, runner: FlaskCliRunner, demo: Session
) -> None:
    starts = utcnow() - timedelta(hours=1)
    book(demo, starts, starts - timedelta(days=4))
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    run_clock(app, demo, utcnow())  # the three reminders and the start fall due: held
    assert [status for _kind, status in items(demo)] == ["held"] * 4 + ["pending"]
    ok(runner, f"clients resume {ALEX} --by {JAMES}")
    run_clock(app, demo, utcnow())
    assert texts_to(demo, ALEX) == []
    assert items(demo)[:4] == [
        ("appointment.reminder", "cancelled"),
        ("appointment.reminder", "cancelled"),
        ("appointment.reminder", "cancelled"),
        ("appointment.started", "done"),  # it sends nothing: it closes questions
    ]


def test_of_several_held_reminders_only_the_latest_goes(
    app: Flask, runner: FlaskCliRunner, demo: Session, starts: datetime
) -> None:
    # Three hours before a mid-afternoon interview (whatever the hour the test runs at: at
    # night a reminder would wait for the morning).
    now = starts - timedelta(hours=3)
    book(demo, starts, starts - timedelta(days=4))
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    run_clock(app, demo, now)  # three days and one day ahead: both held
    ok(runner, f"clients resume {ALEX} --by {JAMES}")
    run_clock(app, demo, now)
    assert texts_to(demo, ALEX) == [question(starts)]  # one question, not two
    kinds = [(kind, status) for kind, status in items(demo) if kind == "appointment.reminder"]
    assert kinds == [
        ("appointment.reminder", "cancelled"),
        ("appointment.reminder", "done"),
        ("appointment.reminder", "pending"),  # two hours ahead: not due yet
    ]


def test_staff_pause_and_resume_one_client_on_the_record(
    app: Flask, runner: FlaskCliRunner, demo: Session, starts: datetime
) -> None:
    book(demo, starts, utcnow())
    assert ok(runner, f"clients pause '(312) 555-0142' --by {JAMES} --note 'asked for calls'") == [
        "automated texts paused for Alex Johnson (DEMO-1001): reminders, check-ins and "
        "follow-ups wait until resumed"
    ]
    run_clock(app, demo, starts - THREE_DAYS)
    assert texts_to(demo, ALEX) == []
    assert refused(runner, f"clients pause {ALEX} --by {JAMES}") == (
        "automated texts are already paused for DEMO-1001"
    )
    assert ok(runner, f"clients resume {ALEX} --by {JAMES}") == [
        "automated texts resumed for Alex Johnson (DEMO-1001)"
    ]
    run_clock(app, demo, starts - THREE_DAYS + timedelta(minutes=1))
    assert texts_to(demo, ALEX) == [question(starts)]
    assert refused(runner, f"clients resume {ALEX} --by {JAMES}") == (
        "automated texts are not paused by staff for DEMO-1001"
    )
    assert [line for line, _ in notes(demo, "es")[-2:]] == [
        "James Carter pausó los mensajes automáticos: asked for calls",
        "James Carter reanudó los mensajes automáticos.",
    ]
    actions = look(demo, select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail))
    assert actions == [
        (JAMES, "pause_client", "client DEMO-1001"),
        (JAMES, "resume_client", "client DEMO-1001"),
    ]


def test_pausing_is_refused_in_one_line_when_it_cannot_be_done(
    runner: FlaskCliRunner, demo: Session
) -> None:
    assert refused(runner, f"clients pause +13125550000 --by {JAMES}") == (
        "no client has the phone number +*******0000"
    )
    assert refused(runner, f"clients pause 12 --by {JAMES}") == "'12' is not a valid phone number"
    assert refused(runner, f"clients pause {ALEX} --by {MARIA}") == (
        f"{MARIA} (specialist) may not read this client's record"
    )
    assert refused(runner, f"clients pause {ALEX} --by nobody@demo.example") == (
        "no staff member has the email nobody@demo.example"
    )
    denied = look(demo, select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail))
    assert denied == [(MARIA, "pause_client_denied", "client DEMO-1001")]
    assert look(demo, select(Client.paused_at).where(Client.phone == ALEX)) == [(None,)]


def test_resuming_another_specialists_client_is_refused_and_audited(
    runner: FlaskCliRunner, demo: Session
) -> None:
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    # The command's refusals are in the agency's default language, whoever reads them.
    assert refused(runner, f"clients resume {ALEX} --by {MARIA}") == (
        f"{MARIA} (specialist) may not read this client's record"
    )
    denied = look(
        demo,
        select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail).where(
            AuditEvent.action.endswith("_denied")
        ),
    )
    assert denied == [(MARIA, "resume_client_denied", "client DEMO-1001")]
    [(paused_at,)] = look(demo, select(Client.paused_at).where(Client.phone == ALEX))
    assert paused_at is not None  # still paused


def test_resuming_while_an_escalation_is_open_still_waits_for_it(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    phone(ALEX).text("see you friday")
    assert ok(runner, f"clients resume {ALEX} --by {JAMES}") == [
        "staff pause lifted for Alex Johnson (DEMO-1001); automated texts still wait until "
        "their open escalations are resolved"
    ]


@pytest.fixture
def asked(app: Flask, demo: Session, starts: datetime) -> datetime:
    """Alex has been asked the reminder question; when it was asked."""
    book(demo, starts, utcnow())
    at = starts - THREE_DAYS
    run_clock(app, demo, at)
    assert texts_to(demo, ALEX) == [question(starts)]
    return at


def test_a_paused_clients_texts_go_to_a_person_not_the_flow(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session, asked: datetime
) -> None:
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    alex = phone(ALEX)
    assert alex.text("1") == [INBOX_ACK]  # not "Great! What time will you leave?"
    assert alex.text("2") == []  # the acknowledgement goes once a day
    assert alex.text("i want to kill myself") == [RESOURCES]
    assert alex.text("STOP") == [
        "Job Connect: You are unsubscribed and will get no more texts from us. "
        "Reply START to resume."
    ]
    assert escalations(demo) == [
        ("routine_inbox", "routine", "open", JAMES),
        ("crisis", "urgent", "open", JAMES),
    ]
    assert look(demo, select(Conversation.step, Conversation.status)) == [("reminder", "active")]


def test_a_second_text_joins_the_most_pressing_open_escalation(
    phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    alex.text("i dont want to live anymore")
    alex.text("see you friday")
    alex.text("and bring my ID?")
    assert escalations(demo) == [("crisis", "urgent", "open", JAMES)]  # no routine one
    steps = look(demo, select(EscalationStep.escalation_id, EscalationStep.kind))
    assert steps == [
        (1, "raised"),
        (1, "routed"),
        (1, "alerted"),  # urgent: at once
        (1, "raised_again"),
        (1, "raised_again"),
    ]


def test_a_held_question_neither_reprompts_nor_spins_the_clock_and_wakes_on_resume(
    app: Flask, runner: FlaskCliRunner, demo: Session, asked: datetime
) -> None:
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    reprompt_at = asked + APPOINTMENT_REMINDER.reprompt_after + timedelta(minutes=1)
    sessions, settings = sessions_of(app), settings_of(app)
    assert tick(sessions, settings, reprompt_at).woke == 1  # held
    assert not tick(sessions, settings, reprompt_at + timedelta(seconds=1))  # nothing due
    assert len(texts_to(demo, ALEX)) == 1
    ok(runner, f"clients resume {ALEX} --by {JAMES}")
    wake_questions(app, demo, reprompt_at + timedelta(minutes=1))
    assert texts_to(demo, ALEX)[-1].startswith("Just checking in.")


@pytest.fixture
def hop(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """An escalations-feature item kind for the test: records the items it ran."""
    ran: list[int] = []

    def run(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
        ran.append(item.id)

    monkeypatch.setitem(schedule.HANDLERS, "escalation.test_hop", run)
    yield ran


def test_escalation_items_run_while_the_client_is_paused(
    app: Flask, runner: FlaskCliRunner, demo: Session, hop: list[int]
) -> None:
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    now = utcnow()
    with fresh(demo).begin():
        client = client_by_phone(demo, ALEX)
        for kind in ("escalation.test_hop", "appointment.reminder"):
            schedule.schedule(demo, client_id=client.id, kind=kind, due_at=now, key=kind)
    run_clock(app, demo, now)
    assert items(demo) == [("escalation.test_hop", "done"), ("appointment.reminder", "held")]
    assert len(hop) == 1


def test_one_query_claims_a_batch_and_says_which_clients_are_paused(
    app: Flask, runner: FlaskCliRunner, demo: Session
) -> None:
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    now = utcnow()
    with fresh(demo).begin():
        client = client_by_phone(demo, ALEX)
        for n in range(20):
            key = f"test:{n}"
            schedule.schedule(demo, client_id=client.id, kind="goal.checkin", due_at=now, key=key)
    selects: list[str] = []

    def seen(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(engine_of(app), "before_cursor_execute", seen)
    try:
        with fresh(demo).begin():
            assert schedule.run_due(demo, settings_of(app), now) == 20
    finally:
        event.remove(engine_of(app), "before_cursor_execute", seen)
    assert len(selects) == 1
    assert {status for _kind, status in items(demo)} == {ItemStatus.HELD.value}


def test_the_monthly_contact_check_leaves_a_paused_client_alone(
    app: Flask, runner: FlaskCliRunner, demo: Session
) -> None:
    with fresh(demo).begin():
        later = utcnow() + timedelta(days=60)
        before = {client.phone for client in due_for_contact(demo, later)}
    ok(runner, f"clients pause {ALEX} --by {JAMES}")
    with fresh(demo).begin():
        after = {client.phone for client in due_for_contact(demo, later)}
    assert ALEX in before and before - after == {ALEX}


def test_held_check_ins_and_follow_ups_ask_once_resolved_without_a_burst(
    app: Flask, phone: MakePhone, demo: Session
) -> None:
    """Goal check-ins are never stale (the handler asks about the step as it stands); of two
    follow-ups of a job held, the later asks."""
    now = datetime.now(UTC)
    with fresh(demo).begin():
        seed_plans(demo, settings_of(app), now)
    phone(ALEX).text("see you friday")
    week = now + timedelta(days=8)
    run_clock(app, demo, week)
    held = [kind for kind, status in items(demo) if status == "held"]
    assert "goal.checkin" in held
    resolve_escalations(demo)
    run_clock(app, demo, week + timedelta(minutes=1))
    alex = select(Client.id).where(Client.phone == ALEX).scalar_subquery()
    query = select(Conversation.flow, Conversation.status).where(Conversation.client_id == alex)
    flows = look(demo, query.order_by(Conversation.id))
    # One question at a time: the follow-up of his new job asks first, the check-in waits.
    assert flows == [("placement_followup", "active"), ("goal_checkin", "queued")]
    assert ("placement.followup", "cancelled") in items(demo)  # day 1's, overtaken by day 7's
