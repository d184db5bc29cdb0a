"""Stories of appointment reminders: a client confirms, cancels, asks for another time, or goes
quiet; staff move and cancel; nothing stale is ever sent. The clock is driven by hand."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments.replies import proposed_time
from botapp.appointments.service import (
    AppointmentFields,
    add_appointment,
    cancel_appointment,
    move_appointment,
)
from botapp.appointments.timing import DEFAULT_OFFSETS, ITEM_KINDS
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.messages.formatting import clock, day
from botapp.models import Appointment, CaseNote, Conversation, Direction, Message, ScheduledItem
from tests.support import (
    ALEX,
    CHICAGO,
    LUCIA,
    MARIA,
    SPECIALIST,
    MakePhone,
    client_by_phone,
    escalations,
    look,
    notes,
    resolve_escalations,
    run_clock,
    texts_to,
    today,
)

PLACE = "200 W Madison St"
# What the client is told, in their language.
WHEN_EN, WHEN_ES = "What day and time would work better?", "¿Qué fecha y hora le quedan mejor?"
AGAIN = {ALEX: "Just checking in. ", LUCIA: "Solo para confirmar. "}
CHANGED_EN = "Thanks, Alex. That appointment has changed; your specialist will be in touch."
CHANGED_ES = "Gracias, Lucía. Esa cita ya tiene cambios; su especialista le va a contactar."
THREE_DAYS, ONE_DAY, TWO_HOURS = DEFAULT_OFFSETS


def local(days: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Chicago, `days` from today."""
    return datetime.combine(today() + timedelta(days=days), time(hour, minute), tzinfo=CHICAGO)


def book(
    session: Session,
    starts: datetime,
    phone: str = ALEX,
    now: datetime | None = None,
    kind: str = "interview",
    check_attendance: bool = True,
) -> int:
    """Add an appointment as staff would (at `now`, default the real now); return its id."""
    with session.begin():
        found = AppointmentFields(
            None,
            kind=kind,
            starts_at=starts,
            timezone="America/Chicago",
            place=PLACE,
            check_attendance=check_attendance,
        )
        return add_appointment(session, client_by_phone(session, phone), found, now or utcnow()).id


def status(session: Session, appointment_id: int) -> str:
    session.rollback()
    value = session.get_one(Appointment, appointment_id).status.value
    session.rollback()
    return value


def pending(session: Session, appointment_id: int) -> list[str]:
    """The keys of the appointment's items still to run."""
    query = select(ScheduledItem.key).where(
        ScheduledItem.subject_id == appointment_id,
        ScheduledItem.kind.in_(ITEM_KINDS),  # not an escalation's that has the same number
        ScheduledItem.status == "pending",
    )
    return sorted(key for (key,) in look(session, query))


def question(starts: datetime, kind: str = "job interview") -> str:
    return (
        f"Job Connect reminder: your {kind} is {day(starts, 'en', 'America/Chicago')} at "
        f"{clock(starts, 'en', 'America/Chicago')} at {PLACE}. "
        "Reply 1 to confirm, 2 to cancel, 3 to change the time."
    )


@pytest.fixture
def starts() -> datetime:
    return local(5, 14, 30)


@pytest.fixture
def booked(demo: Session, starts: datetime) -> int:
    return book(demo, starts)


def test_the_first_reminder_asks_with_numbers_and_never_the_word_cancel(
    app: Flask, demo: Session, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS - timedelta(minutes=1))
    assert texts_to(demo, ALEX) == []
    run_clock(app, demo, starts - THREE_DAYS)
    [reminder] = texts_to(demo, ALEX)
    assert reminder == question(starts)
    assert "CANCEL" not in reminder  # Twilio would take a bare CANCEL as STOP
    demo.rollback()
    row = demo.scalars(select(Message).where(Message.direction == Direction.OUTBOUND)).one()
    assert (row.encoding, row.segments) == ("GSM-7", 1)
    demo.rollback()


@pytest.mark.parametrize("reply", ["1", "Yes!", "confirm", "👍", "si claro", "I'll be there"])
def test_a_client_who_confirms_is_asked_for_a_plan_and_it_is_recorded(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int, reply: str
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    assert phone(ALEX).text(reply) == ["Great! What time will you leave to get there?"]
    assert phone(ALEX).text("about 1, the 20 bus") == ["Thanks, Alex. See you there!"]
    assert status(demo, booked) == "confirmed"
    assert notes(demo)[-2:] == [
        ("note.appointment.confirmed", False),
        ("note.appointment.plan", False),
    ]
    demo.rollback()
    plan = demo.scalars(select(CaseNote).order_by(CaseNote.id.desc())).first()
    assert plan is not None and plan.params["plan"] == "about 1, the 20 bus"
    demo.rollback()


def test_later_reminders_of_a_confirmed_appointment_only_say_see_you(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    phone(ALEX).text("1")
    phone(ALEX).text("noon")
    run_clock(app, demo, starts - ONE_DAY)
    run_clock(app, demo, starts - TWO_HOURS)
    see_you = (
        f"Job Connect: See you {day(starts, 'en', 'America/Chicago')} at "
        f"{clock(starts, 'en', 'America/Chicago')} for your job interview at {PLACE}. "
        "If something comes up, reply to this text."
    )
    assert texts_to(demo, ALEX)[-2:] == [see_you, see_you]
    demo.rollback()
    assert demo.scalars(select(Conversation.status).order_by(Conversation.id)).all() == ["done"]
    demo.rollback()


@pytest.mark.parametrize("reply", ["2", "no", "I can't make it", "👎", "No puedo"])
def test_a_client_who_cancels_frees_the_slot_and_the_specialist_is_alerted(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int, reply: str
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    assert phone(ALEX).text(reply) == [
        f"OK, your job interview on {day(starts, 'en', 'America/Chicago')} is cancelled. "
        "Your specialist will be in touch."
    ]
    assert status(demo, booked) == "cancelled"
    assert pending(demo, booked) == []
    assert ("note.appointment.cancelled_by_client", True) in notes(demo)
    before = len(texts_to(demo, ALEX))
    for at in (starts - ONE_DAY, starts - TWO_HOURS, starts + timedelta(hours=3)):
        run_clock(app, demo, at)
    assert len(texts_to(demo, ALEX)) == before  # no reminder, no attendance check


def test_a_client_who_proposes_a_time_in_the_reply_is_not_asked_again(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    assert phone(ALEX).text("Can we do Friday at 2?") == [
        "Thanks, Alex. We sent your request to your specialist, who will be in touch to set "
        "the new time."
    ]
    demo.rollback()
    appointment = demo.get_one(Appointment, booked)
    now = today()
    friday = now + timedelta(days=(4 - now.weekday() - 1) % 7 + 1)
    assert appointment.status.value == "reschedule_requested"
    assert appointment.proposed_text == "Can we do Friday at 2?"
    assert appointment.proposed_at == datetime.combine(friday, time(14), tzinfo=CHICAGO)
    demo.rollback()
    assert notes(demo)[-2:] == [
        ("note.appointment.proposed", True),
        ("note.escalation.raised", False),
    ]
    assert pending(demo, booked) == []  # no reminder of a time the client asked to change
    run_clock(app, demo, starts - ONE_DAY)
    assert len(texts_to(demo, ALEX)) == 2


def test_a_day_and_time_as_the_direct_answer_to_a_reminder_asks_to_move_it(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime
) -> None:
    booked = book(demo, starts, phone=LUCIA)
    run_clock(app, demo, starts - THREE_DAYS)
    [thanks] = phone(LUCIA).text("mañana a las 3")
    assert thanks.startswith("Gracias, Lucía.")
    demo.rollback()
    appointment = demo.get_one(Appointment, booked)
    tomorrow = today() + timedelta(days=1)
    assert appointment.status.value == "reschedule_requested"
    assert appointment.proposed_text == "mañana a las 3"
    assert appointment.proposed_at == datetime.combine(tomorrow, time(15), tzinfo=CHICAGO)
    assert notes(demo)[-2:] == [
        ("note.appointment.proposed", True),
        ("note.escalation.raised", False),
    ]
    assert escalations(demo, said="mañana a las 3") == [("reschedule", "today", "open", MARIA)]


def test_the_appointments_own_time_as_the_answer_confirms_it(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    assert phone(ALEX).text("2:30 works") == ["Great! What time will you leave to get there?"]
    assert status(demo, booked) == "confirmed"


@pytest.mark.parametrize(
    ("number", "ask", "when", "answer", "proposed"),
    [
        (ALEX, "3", WHEN_EN, "Tuesday 10am", True),
        (ALEX, "3", WHEN_EN, "mañana a las 3", True),
        (ALEX, "can we change the time", WHEN_EN, "whenever, mornings are best", False),
        (LUCIA, "quiero cambiar la cita", WHEN_ES, "el martes a las 10", True),
        (LUCIA, "3", WHEN_ES, "cuando sea, mejor en las mañanas", False),
    ],
)
def test_a_client_who_asks_to_reschedule_is_asked_when_and_any_answer_is_kept(
    app: Flask,
    demo: Session,
    phone: MakePhone,
    starts: datetime,
    number: str,
    ask: str,
    when: str,
    answer: str,
    proposed: bool,
) -> None:
    booked = book(demo, starts, phone=number)
    run_clock(app, demo, starts - THREE_DAYS)
    assert phone(number).text(ask) == [when]  # in the client's language
    assert status(demo, booked) == "reschedule_requested"
    assert pending(demo, booked) == []
    assert len(phone(number).text(answer)) == 1
    demo.rollback()
    appointment = demo.get_one(Appointment, booked)
    assert appointment.proposed_text == answer
    assert (appointment.proposed_at is not None) is proposed
    demo.rollback()
    key = "note.appointment.proposed" if proposed else "note.appointment.proposed_text"
    assert notes(demo)[-2:] == [(key, True), ("note.escalation.raised", False)]
    assert escalations(demo, said=answer) == [("reschedule", "today", "open", SPECIALIST[number])]


@pytest.mark.parametrize(
    ("number", "ask", "when"),
    [(ALEX, "I need to reschedule", WHEN_EN), (LUCIA, "quiero cambiar la cita", WHEN_ES)],
)
def test_a_client_who_asks_to_reschedule_but_never_says_when_alerts_the_specialist(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, number: str, ask: str, when: str
) -> None:
    booked = book(demo, starts, phone=number)
    run_clock(app, demo, starts - THREE_DAYS)
    assert phone(number).text(ask) == [when]
    run_clock(app, demo, utcnow() + timedelta(hours=5))
    assert texts_to(demo, number)[-1] == AGAIN[number] + when
    run_clock(app, demo, utcnow() + timedelta(hours=25))
    assert notes(demo)[-2:] == [
        ("note.appointment.no_new_time", True),
        ("note.escalation.raised", False),
    ]
    # asked, then no time
    assert escalations(demo, said=ask) == [("reschedule", "today", "open", SPECIALIST[number])]
    assert status(demo, booked) == "reschedule_requested"


def test_an_unclear_answer_gets_the_question_once_more(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    assert phone(ALEX).text("maybe?") == ["Sorry, we did not understand. " + question(starts)]
    assert phone(ALEX).text("1") == ["Great! What time will you leave to get there?"]


def test_no_reply_gets_one_reprompt_then_a_record_and_the_next_reminder_asks_again(
    app: Flask, demo: Session, starts: datetime, booked: int
) -> None:
    first = starts - THREE_DAYS
    run_clock(app, demo, first)
    run_clock(app, demo, first + timedelta(hours=4))
    assert texts_to(demo, ALEX) == [question(starts), "Just checking in. " + question(starts)]
    run_clock(app, demo, first + timedelta(hours=24))
    assert notes(demo)[-1] == ("note.appointment.no_response", False)
    assert status(demo, booked) == "scheduled"
    run_clock(app, demo, starts - ONE_DAY)
    assert texts_to(demo, ALEX)[-1] == question(starts)


def test_the_2_hour_reminder_is_skipped_while_the_day_before_question_is_still_open(
    app: Flask, demo: Session, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - ONE_DAY)
    run_clock(app, demo, starts - TWO_HOURS)
    assert texts_to(demo, ALEX) == [question(starts), "Just checking in. " + question(starts)]


def test_a_question_still_open_when_the_appointment_begins_is_closed_not_reprompted_late(
    app: Flask, demo: Session, starts: datetime
) -> None:
    booked = book(demo, starts, now=starts - timedelta(hours=3))  # late: only 2 h ahead
    assert [k.split(":")[2] for k in pending(demo, booked)] == ["attendance", "reminder", "started"]
    run_clock(app, demo, starts - TWO_HOURS)
    run_clock(app, demo, starts)  # its re-prompt would have come 2 hours after the start
    assert len(texts_to(demo, ALEX)) == 1
    assert notes(demo)[-1] == ("note.appointment.no_response", False)


def test_a_reminder_due_while_another_question_is_open_waits_its_turn(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime
) -> None:
    first, second = book(demo, starts), book(demo, starts + timedelta(hours=1), kind="job_fair")
    run_clock(app, demo, starts - THREE_DAYS)
    run_clock(app, demo, starts + timedelta(hours=1) - THREE_DAYS)
    assert texts_to(demo, ALEX) == [question(starts)]  # never two questions at once
    assert phone(ALEX).text("1") == [
        "Great! What time will you leave to get there?"
    ]  # the plan step belongs to the first conversation: the second still waits
    [opened] = phone(ALEX).text("by bus at 1")[1:]
    assert opened == question(starts + timedelta(hours=1), kind="job fair")
    assert (status(demo, first), status(demo, second)) == ("confirmed", "scheduled")


def test_a_question_still_queued_when_the_appointment_begins_is_never_asked(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    interview = book(demo, local(5, 13, 0))
    late = book(demo, local(5, 12, 0), now=local(5, 9, 0), kind="job_fair")
    run_clock(app, demo, local(4, 13, 0))  # the interview's question opens, and stays unanswered
    run_clock(app, demo, local(5, 10, 0))  # the job fair's reminder waits behind it
    run_clock(app, demo, local(5, 12, 0))  # the job fair begins
    demo.rollback()
    statuses = demo.execute(select(Conversation.subject_id, Conversation.status)).all()
    demo.rollback()
    assert sorted(statuses) == [(interview, "active"), (late, "withdrawn")]
    assert phone(ALEX).text("1") == ["Great! What time will you leave to get there?"]
    phone(ALEX).text("at noon")
    assert not any("job fair" in body for body in texts_to(demo, ALEX))


def test_a_reminder_that_would_fall_in_quiet_hours_goes_the_evening_before(
    app: Flask, demo: Session
) -> None:
    booked = book(demo, local(5, 9, 0))
    demo.rollback()
    due = demo.scalars(
        select(ScheduledItem.due_at).where(ScheduledItem.key.like(f"%{booked}:reminder:PT2H%"))
    ).one()
    demo.rollback()
    assert due.astimezone(CHICAGO) == local(4, 19, 0)


def test_offsets_already_past_are_never_scheduled(
    app: Flask, demo: Session, starts: datetime
) -> None:
    booked = book(demo, starts, now=starts - timedelta(hours=20))
    reminders = [k for k in pending(demo, booked) if ":reminder:" in k]
    assert [k.split(":")[3] for k in reminders] == ["PT2H"]


@pytest.mark.parametrize(
    ("reply", "after", "outcome", "alert"),
    [
        ("1", "Great, Alex! Thanks for letting us know.", "attended", False),
        (
            "no, I missed it",
            "Thanks for telling us, Alex. Your specialist will be in touch about next steps.",
            "missed",
            True,
        ),
    ],
)
def test_after_the_appointment_the_client_says_whether_they_went(
    app: Flask,
    demo: Session,
    phone: MakePhone,
    starts: datetime,
    booked: int,
    reply: str,
    after: str,
    outcome: str,
    alert: bool,
) -> None:
    run_clock(app, demo, starts + timedelta(hours=2))
    assert texts_to(demo, ALEX)[-1] == (
        f"Job Connect: Did you make it to your job interview on "
        f"{day(starts, 'en', 'America/Chicago')}? Reply 1 Yes, 2 No"
    )
    assert phone(ALEX).text(reply) == [after]
    assert status(demo, booked) == outcome
    assert notes(demo)[-1] == (f"note.appointment.{outcome}", alert)


def test_no_answer_about_attendance_is_recorded_and_no_check_when_not_wanted(
    app: Flask, demo: Session, starts: datetime
) -> None:
    asked, not_asked = book(demo, starts), book(demo, starts, check_attendance=False)
    run_clock(app, demo, starts + timedelta(hours=2))
    run_clock(app, demo, starts + timedelta(hours=30))
    assert notes(demo)[-1] == ("note.appointment.attendance_no_response", False)
    assert (status(demo, asked), status(demo, not_asked)) == ("scheduled", "scheduled")
    assert sum("Did you make it" in b for b in texts_to(demo, ALEX)) == 1


def test_an_opted_out_client_is_not_asked(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int
) -> None:
    phone(ALEX).text("STOP")
    run_clock(app, demo, starts - THREE_DAYS)
    demo.rollback()
    assert demo.scalars(select(Conversation)).all() == []
    demo.rollback()


def test_staff_move_it_old_reminders_withdrawn_new_ones_timed_client_told(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    phone(ALEX).text("3")
    phone(ALEX).text("friday 10am")
    new = local(8, 10, 0)
    with demo.begin():
        move_appointment(demo, settings_of(app), demo.get_one(Appointment, booked), new, utcnow())
    assert status(demo, booked) == "scheduled"
    stamp = new.astimezone(UTC).isoformat()
    assert all(k.endswith(stamp) for k in pending(demo, booked)) and len(pending(demo, booked)) == 5
    assert texts_to(demo, ALEX)[-1] == (
        f"Job Connect: Your job interview has a new time: {day(new, 'en', 'America/Chicago')} "
        f"at {clock(new, 'en', 'America/Chicago')} at {PLACE}."
    )
    assert notes(demo)[-1] == ("note.appointment.moved", False)
    resolve_escalations(demo)  # the reschedule request, handled
    run_clock(app, demo, starts - ONE_DAY)  # the old time's reminder: gone
    run_clock(app, demo, new - THREE_DAYS)
    assert texts_to(demo, ALEX)[-1] == question(new)


def test_moving_back_and_forth_never_loses_the_reminders(
    app: Flask, demo: Session, starts: datetime, booked: int
) -> None:
    settings = settings_of(app)
    for when in (starts + timedelta(days=1), starts):
        with demo.begin():
            move_appointment(demo, settings, demo.get_one(Appointment, booked), when, utcnow())
    assert len(pending(demo, booked)) == 5
    assert texts_to(demo, ALEX) == []  # never reminded, so no "new time" text either


def test_staff_cancel_it_and_a_client_already_reminded_is_told(
    app: Flask, demo: Session, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    with demo.begin():
        cancel_appointment(demo, settings_of(app), demo.get_one(Appointment, booked))
    assert texts_to(demo, ALEX)[-1] == (
        f"Job Connect: Your job interview on {day(starts, 'en', 'America/Chicago')} at "
        f"{clock(starts, 'en', 'America/Chicago')} is cancelled. Your specialist will be in touch."
    )
    assert notes(demo)[-1] == ("note.appointment.cancelled", False)
    assert pending(demo, booked) == []


@pytest.mark.parametrize(
    ("number", "answer", "reply"),
    [
        (ALEX, "yes I'll be there", CHANGED_EN),
        (LUCIA, "sí, ahí estaré", CHANGED_ES),
    ],
)
def test_an_answer_to_a_reminder_staff_have_since_changed_goes_to_a_person(
    app: Flask,
    demo: Session,
    phone: MakePhone,
    starts: datetime,
    number: str,
    answer: str,
    reply: str,
) -> None:
    booked = book(demo, starts, phone=number)
    run_clock(app, demo, starts - THREE_DAYS)
    with demo.begin():
        appointment = demo.get_one(Appointment, booked)
        move_appointment(demo, settings_of(app), appointment, starts + timedelta(days=1), utcnow())
    assert phone(number).text(answer) == [reply]
    assert notes(demo)[-2:] == [
        ("note.appointment.outdated", True),
        ("note.escalation.raised", False),
    ]
    assert escalations(demo, said=answer) == [("outdated", "today", "open", SPECIALIST[number])]
    assert status(demo, booked) == "scheduled"


def test_a_new_time_proposed_after_staff_already_moved_it_is_not_taken_as_a_request(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime, booked: int
) -> None:
    run_clock(app, demo, starts - THREE_DAYS)
    phone(ALEX).text("3")
    with demo.begin():
        appointment = demo.get_one(Appointment, booked)
        move_appointment(demo, settings_of(app), appointment, starts + timedelta(days=1), utcnow())
    assert phone(ALEX).text("monday at 10") == [
        "Thanks, Alex. That appointment has changed; your specialist will be in touch."
    ]
    demo.rollback()
    assert demo.get_one(Appointment, booked).proposed_text is None
    demo.rollback()
    assert status(demo, booked) == "scheduled"


def test_a_spanish_speaker_gets_the_day_and_time_in_spanish_and_may_answer_in_spanish(
    app: Flask, demo: Session, phone: MakePhone, starts: datetime
) -> None:
    booked = book(demo, starts, phone=LUCIA)
    run_clock(app, demo, starts - THREE_DAYS)
    [reminder] = texts_to(demo, LUCIA)
    assert day(starts, "es", "America/Chicago") in reminder and "14:30" in reminder
    phone(LUCIA).text("¿Podemos el viernes a las 3?")
    demo.rollback()
    proposed = demo.get_one(Appointment, booked).proposed_at
    demo.rollback()
    assert proposed is not None and proposed.astimezone(CHICAGO).time() == time(15)


def test_a_spanish_speaker_is_reminded_in_spanish(
    app: Flask, demo: Session, starts: datetime
) -> None:
    book(demo, starts, phone=LUCIA)
    run_clock(app, demo, starts - THREE_DAYS)
    assert texts_to(demo, LUCIA)[0].startswith(
        "Recordatorio de Job Connect: su entrevista de trabajo"
    )


NOW = datetime(2025, 12, 1, 15, 0, tzinfo=UTC)  # Monday 9:00 in Chicago
STARTS = datetime(2025, 12, 4, 20, 30, tzinfo=UTC)  # Thursday 14:30 in Chicago


@pytest.mark.parametrize(
    ("text", "locale", "wanted"),
    [
        ("can we do Friday at 2?", "en", "Fri 12-05 14:00"),
        ("Friday", "en", "Fri 12-05 14:30"),
        ("3pm instead", "en", "Thu 12-04 15:00"),
        ("tomorrow at 9:15", "en", "Tue 12-02 09:15"),
        ("12/5 at 11", "en", "Fri 12-05 11:00"),
        ("noon on monday", "en", "Mon 12-08 12:00"),
        ("15:00", "en", "Thu 12-04 15:00"),
        ("at 7 in the evening", "en", "Thu 12-04 19:00"),
        ("¿el viernes a las 3?", "es", "Fri 12-05 15:00"),
        ("mañana por la mañana a las 10", "es", "Tue 12-02 10:00"),
        ("pasado mañana", "es", "Wed 12-03 14:30"),
        ("el 5/12 a las 4 de la tarde", "es", "Fri 12-05 16:00"),
        ("next week sometime", "en", None),
        ("3", "en", None),
        ("13/13", "en", None),
    ],
)
def test_a_proposed_day_and_time_are_read_in_english_and_spanish(
    text: str, locale: str, wanted: str | None
) -> None:
    found = proposed_time(text, STARTS, "America/Chicago", NOW, locale)
    assert (found.astimezone(CHICAGO).strftime("%a %m-%d %H:%M") if found else None) == wanted
