"""Answers to an event's RSVP question: confirmed in the client's language, the day-before
reminder at 10:00 where each client lives, accommodation requests to the event's organiser,
and every text that is no RSVP left to the normal path (decision 29)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.broadcasts import replies
from botapp.broadcasts.replies import Answer, Need
from botapp.broadcasts.timing import REMINDER
from botapp.config import settings_of
from botapp.contact.flow import CONTACT_CHECK
from botapp.db import utcnow
from botapp.encoding import analyze, to_gsm7
from botapp.escalations import notify
from botapp.messages.formatting import LocalTime, clock, day
from botapp.models import (
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    CaseNote,
    Direction,
    Escalation,
    FlowAnswer,
    ItemStatus,
    Message,
    MessageStatus,
    Office,
    Rsvp,
    ScheduledItem,
    Staff,
)
from botapp.services import pausing
from botapp.services.case_record import render_note
from tests.support import (
    ADMIN,
    ALEX,
    DANA,
    JAMES,
    LUCIA,
    MARIA,
    MakePhone,
    botapp,
    client_by_phone,
    escalations,
    fresh,
    look,
    run_items,
    start_flow,
)

CHICAGO, LOS_ANGELES = ZoneInfo("America/Chicago"), ZoneInfo("America/Los_Angeles")
INBOX_ACK_EN = "Thanks, Alex. Your specialist will read your message and get back to you."
WHERE = "Central Library, 400 S State St"


def event_day(days: int = 5) -> datetime:
    """An event `days` from now at 15:00 UTC (9:00 or 10:00 in Chicago, before 8:00 in LA)."""
    on = (utcnow() + timedelta(days=days)).date()
    return datetime.combine(on, time(15, 0), tzinfo=UTC)


def invite(
    session: Session,
    phone: str,
    *,
    event_at: datetime | None = None,
    deadline: datetime | None = None,
    organiser: str = ADMIN,
    status: MessageStatus = MessageStatus.DELIVERED,
    sent_at: datetime | None = None,
) -> int:
    """The client with `phone` got a broadcast asking who comes to the Spring Job Fair (its
    text in `status`, gone out at `sent_at`: an hour ago unless said); the broadcast's id."""
    with fresh(session).begin():
        client = client_by_phone(session, phone)
        office = session.get_one(Office, client.office_id)
        staff = session.scalars(select(Staff).where(Staff.email == organiser)).one()
        broadcast = Broadcast(
            agency_id=office.agency_id,
            name="Spring fair",
            status=BroadcastStatus.SENT,
            texts={"en": "Job fair {date} {time}", "es": "Feria de empleo {date} {time}"},
            event_name="Spring Job Fair",
            event_place="Central Library",
            event_address="400 S State St",
            event_at=event_at or event_day(),
            event_timezone="America/Chicago",
            rsvp_deadline=deadline,
            ask_rsvp=True,
            organiser_id=staff.id,
        )
        reached = status in (MessageStatus.SENT, MessageStatus.DELIVERED)
        text = Message(
            client_id=client.id,
            direction=Direction.OUTBOUND,
            phone=client.phone,
            body="Job fair...",
            status=status,
            category="broadcast",
            sent_at=(sent_at or utcnow() - timedelta(hours=1)) if reached else None,
        )
        session.add_all([broadcast, text])
        session.flush()
        session.add(
            BroadcastRecipient(
                broadcast_id=broadcast.id,
                client_id=client.id,
                language=client.language,
                message_id=text.id,
            )
        )
        return broadcast.id


def answer_of(session: Session, phone: str) -> tuple[Rsvp | None, str | None]:
    """The client's recorded answer and accommodation."""
    query = (
        select(BroadcastRecipient.rsvp, BroadcastRecipient.accommodation)
        .join(BroadcastRecipient.client)
        .where(BroadcastRecipient.client.has(phone=phone))
    )
    [row] = look(session, query)
    return row


def reminders(session: Session) -> list[tuple[str, ItemStatus]]:
    """The reminders planned, as (local due time where their client lives, status)."""
    rows = look(
        session,
        select(ScheduledItem.due_at, ScheduledItem.status, ScheduledItem.client_id)
        .where(ScheduledItem.kind == REMINDER)
        .order_by(ScheduledItem.id),
    )
    zones = {c.id: c.timezone for c in (client_by_phone(session, p) for p in (ALEX, LUCIA))}
    session.rollback()
    return [(f"{due.astimezone(ZoneInfo(zones[c])):%Y-%m-%d %H:%M}", s) for due, s, c in rows]


def case_lines(session: Session, prefix: str = "note.broadcast.") -> list[str]:
    """The broadcast lines of the case record, as staff reading English see them."""
    rows = fresh(session).scalars(select(CaseNote).where(CaseNote.note_key.startswith(prefix)))
    lines = [render_note(row, "en") for row in rows]
    session.rollback()
    return lines


def when(at: datetime, locale: str) -> str:
    """The event's date and time as the texts write them, in Chicago."""
    joiner = " at " if locale == "en" else " a las "
    return day(at, locale, "America/Chicago") + joiner + clock(at, locale, "America/Chicago")


@pytest.mark.parametrize("said", ["1", "YES", "yes I'll be there"])
def test_an_english_yes_is_confirmed_with_when_and_where_and_a_reminder_is_planned(
    app: Flask, demo: Session, phone: MakePhone, said: str
) -> None:
    at = event_day()
    invite(demo, ALEX, event_at=at)
    [reply] = phone(ALEX).text(said)
    assert reply == (
        f"Thanks! You are on the list for Spring Job Fair, {when(at, 'en')}, {WHERE}. "
        "We will text you a reminder the day before."
    )
    assert analyze(reply).encoding == "GSM-7" and analyze(reply).segments <= 2
    assert answer_of(demo, ALEX) == (Rsvp.YES, None)
    day_before = (at.astimezone(CHICAGO) - timedelta(days=1)).date()
    assert reminders(demo) == [(f"{day_before} 10:00", ItemStatus.PENDING)]
    assert case_lines(demo) == ["Answered the invitation to Spring Job Fair: coming."]


@pytest.mark.parametrize("said", ["1", "SÍ", "si voy"])
def test_a_spanish_si_is_confirmed_in_spanish_without_a_costly_accent(
    app: Flask, demo: Session, phone: MakePhone, said: str
) -> None:
    at = event_day()
    invite(demo, LUCIA, event_at=at)
    [reply] = phone(LUCIA).text(said)
    assert reply == (
        f"¡Gracias! Esta en la lista para Spring Job Fair, {to_gsm7(when(at, 'es'))}, {WHERE}. "
        "Le enviaremos un recordatorio el dia anterior."
    )
    assert analyze(reply).encoding == "GSM-7" and analyze(reply).segments <= 2
    assert answer_of(demo, LUCIA) == (Rsvp.YES, None)
    assert [status for _, status in reminders(demo)] == [ItemStatus.PENDING]


def test_a_later_no_changes_the_answer_says_so_and_withdraws_the_reminder(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    at = event_day()
    invite(demo, ALEX, event_at=at)
    phone(ALEX).text("1")
    assert phone(ALEX).text("2") == [
        "We changed your answer. Thanks for letting us know. We hope to see you at a future event."
    ]
    assert answer_of(demo, ALEX) == (Rsvp.NO, None)
    assert [status for _, status in reminders(demo)] == [ItemStatus.CANCELLED]
    assert case_lines(demo)[-1] == (
        "Changed their answer to the invitation to Spring Job Fair: not coming (was: coming)."
    )
    run_items(app, demo, at - timedelta(hours=2))  # past the day-before morning: nothing
    assert (
        look(demo, select(Message.id).where(Message.message_key == "sms.broadcast.reminder")) == []
    )
    # And back to yes: the last answer counts, the reminder is planned again.
    [again] = phone(ALEX).text("yes")
    assert again.startswith("We changed your answer. Thanks! You are on the list")
    assert [status for _, status in reminders(demo)] == [ItemStatus.PENDING]


def test_a_spanish_3_naming_an_interpreter_alerts_the_organiser_not_the_specialist(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    invite(demo, LUCIA, organiser=ADMIN)
    [reply] = phone(LUCIA).text("3 necesito intérprete")
    assert reply.startswith("¡Gracias! Esta en la lista para Spring Job Fair")
    assert reply.endswith("El organizador le contactara antes del evento sobre lo que necesita.")
    assert answer_of(demo, LUCIA) == (Rsvp.ACCOMMODATION, Need.INTERPRETER)
    # Held by the organiser (Lucía's specialist is María), and no escalation line holds her words.
    assert escalations(demo, said="necesito intérprete") == [
        ("accommodation", "today", "open", ADMIN)
    ]
    assert case_lines(demo)[-1] == "Accommodation request for Spring Job Fair: an interpreter."
    # The organiser's SMS and email name the need and the event, nothing the client wrote.
    escalation = fresh(demo).scalars(select(Escalation)).one()
    words = {
        locale: notify.about(escalation, locale, utcnow())["reason"] for locale in ("en", "es")
    }
    demo.rollback()
    assert words == {
        "en": "accommodation request for Spring Job Fair",
        "es": "solicitud de ajuste razonable para Spring Job Fair",
    }


def test_the_organiser_keeps_the_request_when_the_client_changes_specialist(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    invite(demo, ALEX, organiser=ADMIN)
    phone(ALEX).text("3 I need a ride")
    with fresh(demo).begin():
        maria = demo.scalars(select(Staff).where(Staff.email == MARIA)).one()
        pausing.assign(demo, settings_of(app), client_by_phone(demo, ALEX), maria, by="Dana")
    assert escalations(demo) == [("accommodation", "today", "open", ADMIN)]


def test_a_bare_3_is_an_accommodation_request_without_a_kind(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    invite(demo, ALEX, organiser=DANA)
    [reply] = phone(ALEX).text("3")
    assert "The organizer will contact you before the event about what you need." in reply
    assert answer_of(demo, ALEX) == (Rsvp.ACCOMMODATION, None)
    assert escalations(demo) == [("accommodation", "today", "open", DANA)]
    assert case_lines(demo)[-1] == "Accommodation request for Spring Job Fair: not said yet."
    assert [status for _, status in reminders(demo)] == [ItemStatus.PENDING]


def test_a_question_goes_to_the_specialist_like_any_other_free_text(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    invite(demo, ALEX)
    assert phone(ALEX).text("Yes! Is there parking?") == [INBOX_ACK_EN]
    assert answer_of(demo, ALEX) == (None, None)
    assert escalations(demo) == [("routine_inbox", "routine", "open", JAMES)]


@pytest.mark.parametrize(
    "closed",
    ["deadline passed", "text not sent yet", "text failed", "broadcast cancelled", "event begun"],
)
def test_an_rsvp_once_the_window_is_closed_goes_to_the_inbox(
    app: Flask, demo: Session, phone: MakePhone, closed: str
) -> None:
    now = utcnow()
    number = invite(
        demo,
        ALEX,
        deadline=now - timedelta(hours=1) if closed == "deadline passed" else None,
        event_at=now - timedelta(minutes=5) if closed == "event begun" else None,
        status={
            "text not sent yet": MessageStatus.PENDING,
            "text failed": MessageStatus.FAILED,
        }.get(closed, MessageStatus.DELIVERED),
    )
    if closed == "broadcast cancelled":
        with fresh(demo).begin():
            demo.get_one(Broadcast, number).status = BroadcastStatus.CANCELLED
    assert phone(ALEX).text("1") == [INBOX_ACK_EN]
    assert answer_of(demo, ALEX) == (None, None)
    assert reminders(demo) == []


def _ask_sent(session: Session, at: datetime) -> None:
    """The open question's text went out at `at`."""
    with fresh(session).begin():
        ask = session.scalars(
            select(Message).where(Message.idempotency_key.startswith("conversation:"))
        ).one()
        ask.status, ask.sent_at = MessageStatus.DELIVERED, at


def test_a_flow_question_asked_after_the_broadcast_takes_the_reply(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    invite(demo, ALEX, sent_at=utcnow() - timedelta(hours=2))
    start_flow(app, demo, CONTACT_CHECK)
    _ask_sent(demo, utcnow() - timedelta(hours=1))
    assert phone(ALEX).text("1") == [INBOX_ACK_EN]  # the contact check's answer
    assert look(demo, select(FlowAnswer.text)) == [("1",)]
    assert answer_of(demo, ALEX) == (None, None)


def test_a_broadcast_after_the_open_question_takes_the_reply(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start_flow(app, demo, CONTACT_CHECK)
    _ask_sent(demo, utcnow() - timedelta(hours=2))
    invite(demo, ALEX, sent_at=utcnow() - timedelta(hours=1))
    [reply] = phone(ALEX).text("1")
    assert reply.startswith("Thanks! You are on the list for Spring Job Fair")
    assert answer_of(demo, ALEX) == (Rsvp.YES, None)
    assert look(demo, select(FlowAnswer.text)) == []


def test_the_reminder_goes_at_10_the_day_before_where_each_client_lives(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    at = event_day(days=6)
    with fresh(demo).begin():
        client_by_phone(demo, LUCIA).timezone = "America/Los_Angeles"
    invite(demo, ALEX, event_at=at)
    invite(demo, LUCIA, event_at=at)
    phone(ALEX).text("1")
    phone(LUCIA).text("sí")
    chicago = datetime.combine(at.astimezone(CHICAGO).date() - timedelta(days=1), time(10), CHICAGO)
    angeles = datetime.combine(
        at.astimezone(LOS_ANGELES).date() - timedelta(days=1), time(10), LOS_ANGELES
    )
    due = look(demo, select(ScheduledItem.due_at).where(ScheduledItem.kind == REMINDER))
    assert sorted(d for (d,) in due) == [chicago, angeles]

    def sent() -> list[tuple[str, str, str | None]]:
        query = select(Message.phone, Message.body, Message.category).where(
            Message.message_key == "sms.broadcast.reminder"
        )
        return look(demo, query.order_by(Message.id))

    run_items(app, demo, chicago - timedelta(minutes=1))
    assert sent() == []
    run_items(app, demo, chicago)
    [(phone_to, body, category)] = sent()
    assert (phone_to, category) == (ALEX, "broadcast")  # an event notice: STOP JOBS stops it
    assert body.endswith(
        f"Reminder: Spring Job Fair is tomorrow, {when(at, 'en')}, {WHERE}. See you there!"
    )
    run_items(app, demo, angeles)
    [_, (phone_to, body, category)] = sent()
    assert (phone_to, category) == (LUCIA, "broadcast")
    assert body.endswith(  # "sáb" as "sab": one accent would double the cost
        to_gsm7(
            f"Recordatorio: Spring Job Fair es mañana, {when(at, 'es')}, {WHERE}. ¡Lo esperamos!"
        )
    )


def test_botapp_schedule_says_what_the_reminder_will_do(
    app: Flask, demo: Session, phone: MakePhone, runner: FlaskCliRunner
) -> None:
    at = event_day(days=3)
    invite(demo, ALEX, event_at=at)
    phone(ALEX).text("1")
    result = botapp(runner, "schedule", "--client", ALEX, "--days", "3")
    assert result.exit_code == 0, result.output
    event = LocalTime(at, "America/Chicago").text("en")
    assert f"    day-before reminder of Spring Job Fair ({event})" in result.output.splitlines()


@pytest.mark.parametrize("change", ["moved", "cancelled"])
def test_no_reminder_for_a_moved_or_cancelled_event(
    app: Flask, demo: Session, phone: MakePhone, change: str
) -> None:
    at = event_day()
    number = invite(demo, ALEX, event_at=at)
    phone(ALEX).text("1")
    with fresh(demo).begin():
        broadcast = demo.get_one(Broadcast, number)
        if change == "moved":
            broadcast.event_at = at + timedelta(days=7)
        else:
            broadcast.status = BroadcastStatus.CANCELLED
    run_items(app, demo, at - timedelta(hours=3))
    reminder = select(Message.id).where(Message.message_key == "sms.broadcast.reminder")
    assert look(demo, reminder) == []


def test_an_answer_after_the_day_before_morning_plans_no_reminder(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    invite(demo, ALEX, event_at=utcnow() + timedelta(hours=12))
    [reply] = phone(ALEX).text("1")
    assert reply.endswith("See you there!") and "reminder" not in reply
    assert reminders(demo) == []


def test_stop_is_never_an_rsvp(app: Flask, demo: Session, phone: MakePhone) -> None:
    invite(demo, ALEX)
    [reply] = phone(ALEX).text("STOP")
    assert "START" in reply  # the opt-out's confirmation, not an answer to the event
    assert answer_of(demo, ALEX) == (None, None)
    assert reminders(demo) == []


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("1", Answer(Rsvp.YES)),
        ("Yes", Answer(Rsvp.YES)),
        ("count me in!", Answer(Rsvp.YES)),
        ("👍", Answer(Rsvp.YES)),
        ("👎", Answer(Rsvp.NO)),
        ("Sí, allí estaré", Answer(Rsvp.YES)),
        ("2", Answer(Rsvp.NO)),
        ("no puedo ir", Answer(Rsvp.NO)),
        ("3", Answer(Rsvp.ACCOMMODATION)),
        ("3 please", Answer(Rsvp.ACCOMMODATION)),
        ("3 ASL", Answer(Rsvp.ACCOMMODATION, Need.ASL)),
        ("yes, I need a ride", Answer(Rsvp.ACCOMMODATION, Need.TRANSPORT)),
        ("1 wheelchair", Answer(Rsvp.ACCOMMODATION, Need.ACCESSIBLE_ENTRANCE)),
        ("voy en silla de ruedas", Answer(Rsvp.ACCOMMODATION, Need.ACCESSIBLE_ENTRANCE)),
        ("3 necesito transporte", Answer(Rsvp.ACCOMMODATION, Need.TRANSPORT)),
        ("3 large print handouts", Answer(Rsvp.ACCOMMODATION, Need.OTHER)),
        ("Where is it?", None),
        ("¿A qué hora empieza?", None),
        ("not coming, sorry", Answer(Rsvp.NO)),
        ("no problem, I'll be there", None),  # yes and no words: unclear, a person reads it
        ("no, I need a ride", None),
        ("hello", None),
    ],
)
def test_what_a_reply_answers(said: str, answer: Answer | None) -> None:
    assert replies.read(said) == answer
