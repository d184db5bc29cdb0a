"""Stories of the monthly contact check: every active client who has gone a month without a
two-way exchange gets a friendly text, and whatever they answer reaches their specialist."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import Connection, event, select, update
from sqlalchemy.orm import Session

from botapp.config import engine_of, settings_of
from botapp.contact.flow import contact_check, due_for_contact
from botapp.db import utcnow
from botapp.delivery import outbox
from botapp.encoding import analyze
from botapp.models import (
    CaseNote,
    Client,
    ClientStatus,
    ConsentEvent,
    ConsentKind,
    Conversation,
    Direction,
    FlowAnswer,
    Message,
    Office,
)
from tests.support import (
    ALEX,
    LUCIA,
    MakePhone,
    look,
    resolve_escalations,
    texts_to,
    wake_questions,
)

HELLO_ALEX = (
    "Hi Alex, checking in from Job Connect. How are things going? Reply anytime. "
    "Your specialist reads every message."
)
THANKS_ALEX = "Thanks, Alex. Your specialist will read your message and get back to you."


def age(session: Session, model: type[Client] | type[Message], days: int) -> None:
    """Make every row of `model` `days` old: the caseload has been here a while."""
    with session.begin():
        session.execute(update(model).values(created_at=utcnow() - timedelta(days=days)))


def check(app: Flask, session: Session, now: datetime | None = None) -> int:
    """The daily contact check, run at `now` (the real now unless given)."""
    with session.begin():
        return contact_check(session, settings_of(app), now or utcnow())


def asked(session: Session) -> list[str]:
    """Who was sent the monthly check-in, by first name."""
    query = (
        select(Client.first_name)
        .join(Conversation, Conversation.client_id == Client.id)
        .where(Conversation.flow == "contact_check")
        .order_by(Conversation.id)
    )
    return [name for (name,) in look(session, query)]


def test_a_client_quiet_for_a_month_gets_a_friendly_check_in(app: Flask, demo: Session) -> None:
    age(demo, Client, 60)
    assert check(app, demo) == 6  # the whole demo caseload has been quiet
    assert texts_to(demo, ALEX) == [HELLO_ALEX]
    assert analyze(HELLO_ALEX).segments == 1


def test_any_reply_reaches_the_specialist_inbox_and_is_acknowledged(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    age(demo, Client, 60)
    check(app, demo)
    assert phone(ALEX).text("Good! I started a class") == [THANKS_ALEX]
    [(reply_id,)] = look(demo, select(Message.id).where(Message.direction == Direction.INBOUND))
    assert look(demo, select(CaseNote.note_key, CaseNote.alert, CaseNote.message_id)) == [
        ("note.inbox.message", False, reply_id)
    ]
    answers = look(demo, select(FlowAnswer.step, FlowAnswer.offered, FlowAnswer.text))
    assert answers == [("how", [], "Good! I started a class")]


def test_only_a_text_from_the_client_in_the_last_30_days_counts_as_contact(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    age(demo, Client, 60)
    phone(ALEX).text("see you Tuesday")  # Alex wrote today: a two-way exchange
    phone(LUCIA).text("gracias")
    resolve_escalations(demo)  # read by their specialists: nothing pauses them
    with demo.begin():  # Lucía wrote 40 days ago: too long
        demo.execute(
            update(Message)
            .where(Message.phone == LUCIA)
            .values(created_at=utcnow() - timedelta(40))
        )
        tyrone = demo.scalars(select(Client).where(Client.first_name == "Tyrone")).one()
        outbox.enqueue(  # texts to Tyrone he never answered: one-way, not contact
            demo,
            phone=tyrone.phone,
            body="Reminder",
            key="t",
            category=outbox.REMINDER,
            client=tyrone,
        )
    check(app, demo)
    assert "Alex" not in asked(demo)
    assert {"Lucía", "Tyrone"} <= set(asked(demo))


def test_opted_out_clients_are_left_alone_until_they_opt_back_in(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    age(demo, Client, 60)
    phone(ALEX).text("STOP")
    phone(LUCIA).text("STOP")
    phone(LUCIA).text("START")
    with demo.begin():  # opting out of job-fair notices only is not opting out of contact
        tyrone = demo.scalars(select(Client).where(Client.first_name == "Tyrone")).one()
        demo.add(
            ConsentEvent(
                phone=tyrone.phone,
                client_id=tyrone.id,
                kind=ConsentKind.OPT_OUT,
                method="staff",
                scope="broadcast",
            )
        )
    age(demo, Message, 40)  # those texts were long ago
    check(app, demo)
    assert "Alex" not in asked(demo)
    assert {"Lucía", "Tyrone"} <= set(asked(demo))


def test_a_client_is_checked_at_most_once_in_30_days(app: Flask, demo: Session) -> None:
    age(demo, Client, 60)
    assert check(app, demo) == 6
    assert check(app, demo, utcnow() + timedelta(days=29)) == 0
    assert check(app, demo, utcnow() + timedelta(days=31)) == 6


def test_no_reply_closes_the_question_after_a_day_with_a_note_and_no_second_text(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    age(demo, Client, 60)
    check(app, demo)
    for later in (timedelta(hours=5), timedelta(hours=25)):
        wake_questions(app, demo, utcnow() + later)
    assert texts_to(demo, ALEX) == [HELLO_ALEX]  # not re-asked
    [(status,)] = look(demo, select(Conversation.status).join(Client).where(Client.phone == ALEX))
    assert status == "expired"
    alex_notes = select(CaseNote.note_key, CaseNote.alert).join(Client).where(Client.phone == ALEX)
    notes = look(demo, alex_notes)
    assert notes == [("note.contact.no_reply", False)]
    assert phone(ALEX).text("sorry, busy week") == [THANKS_ALEX]  # late: the inbox, as usual


def test_closed_cases_and_new_clients_are_not_checked(app: Flask, demo: Session) -> None:
    with demo.begin():
        demo.execute(
            update(Client).where(Client.phone != LUCIA).values(created_at=utcnow() - timedelta(60))
        )
        demo.execute(update(Client).where(Client.phone == ALEX).values(status=ClientStatus.CLOSED))
    check(app, demo)
    assert "Alex" not in asked(demo)  # closed
    assert "Lucía" not in asked(demo)  # a client since today: intake was the contact
    assert len(asked(demo)) == 4


def test_finding_who_is_due_is_one_query_however_big_the_caseload(
    app: Flask, demo: Session
) -> None:
    with demo.begin():
        office = demo.scalars(select(Office)).first()
        assert office is not None
        demo.add_all(
            Client(
                office_id=office.id,
                external_id=f"BIG-{n}",
                first_name="Sam",
                last_name="Doe",
                phone=f"+1312555{n:04d}",
                language="en",
                timezone="America/Chicago",
            )
            for n in range(1000, 1060)
        )
    age(demo, Client, 60)
    statements: list[str] = []
    engine_ = engine_of(app)

    def count(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine_, "before_cursor_execute", count)
    try:
        with demo.begin():
            due = due_for_contact(demo, utcnow())
    finally:
        event.remove(engine_, "before_cursor_execute", count)
    assert len(due) == 66 and len(statements) == 1
    assert check(app, demo) == 66
