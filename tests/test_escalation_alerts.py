"""Alerts reach a person: the holder's phone (through the real Twilio client, to the fake
Twilio) and inbox (a real SMTP server), in their language and without the client's words;
urgent ones at once, the others in working hours; an urgent one nobody acknowledges climbs to
the supervisor and then the on-call number, one clock tick after another, across restarts,
never twice; and once a day each holder gets a digest of what they hold."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.cli.demo import ON_CALL, STAFF_PHONES
from botapp.config import ConfigError, load_settings, sessions_of, settings_of
from botapp.db import utcnow
from botapp.encoding import analyze
from botapp.escalations import timing
from botapp.models import (
    Agency,
    Escalation,
    EscalationStep,
    ItemStatus,
    Message,
    Office,
    ScheduledItem,
    Staff,
)
from botapp.services.access import staff_by_email
from botapp.services.staff import next_working_moment, set_away
from botapp.workers.clock import tick
from tests.fake_twilio import FakeTwilio
from tests.smtp_server import SmtpServer
from tests.support import (
    ALEX,
    LUCIA,
    PROGRAM_PHONE,
    PUBLIC_URL,
    SENDER,
    MakeApp,
    MakePhone,
    app_env,
    escalations,
    fresh,
    look,
    notes,
    ok,
    send_emails,
    send_once,
    texts_to,
)

JAMES = "james.carter@demo.example"  # Alex's specialist, English
MARIA = "maria.lopez@demo.example"  # Lucía's specialist, Spanish
DANA = "dana.reed@demo.example"  # their supervisor
ALERT_EMAIL = "alerts@demo.example"  # the demo agency's alert email
CRISIS = "i dont want to live anymore"

Build = Callable[..., Flask]


@pytest.fixture
def build(make_app: MakeApp, fake: FakeTwilio, smtp: SmtpServer) -> Build:
    """Start an app sending texts to the fake Twilio and emails to the SMTP server: each call a
    fresh engine and session factory over the same database (a restart)."""

    def start(**extra: str) -> Flask:
        return make_app(
            **{**fake.env(), "PUBLIC_BASE_URL": PUBLIC_URL},
            TWILIO_FROM_NUMBER=PROGRAM_PHONE,
            OPT_OUT_HANDLER="botapp",
            SMTP_URL=smtp.url(),
            ALERT_EMAIL_FROM=SENDER,
            **extra,
        )

    return start


def at_local_hour(session: Session, hour: int) -> ZoneInfo:
    """Move the demo agency to the zone where it is now `hour` o'clock, every day a working day
    (08:00-17:00): a story may then happen "at 3 a.m." whenever it runs."""
    now = utcnow()
    offset = next(h for h in range(-12, 15) if (now + timedelta(hours=h)).hour == hour)
    zone = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
    with fresh(session).begin():
        agency = session.scalars(select(Agency)).one()
        agency.timezone, agency.work_days = zone, "1234567"
        agency.work_start, agency.work_end = time(8), time(17)
    return ZoneInfo(zone)


def delivered(app: Flask, fake: FakeTwilio, smtp: SmtpServer, now: datetime) -> None:
    """Let the dispatcher and the mailer send what is due at `now`."""
    send_once(app, now)
    send_emails(app, lambda: now)


def texts_at(fake: FakeTwilio, email: str) -> list[str]:
    """The bodies the fake Twilio accepted for the staff member `email`'s phone."""
    return [m["body"] for m in fake.messages if m["to"] == STAFF_PHONES[email]]


def mails_to(smtp: SmtpServer, address: str) -> list[tuple[str, str]]:
    """(subject, body) of the alert emails the SMTP server accepted for `address` (not
    digests)."""
    return [
        (str(m["Subject"]), m.get_content().strip())
        for m in smtp.received
        if m["To"] == address and str(m["Subject"]).startswith(("Escalation ", "Escalamiento "))
    ]


def raised_at(session: Session) -> datetime:
    [(created,)] = look(session, select(Escalation.created_at))
    return created


def clock(app: Flask, now: datetime) -> None:
    """One clock tick at `now`."""
    tick(sessions_of(app), settings_of(app), now)


def test_an_urgent_alert_at_3_am_reaches_the_holders_phone_and_inbox_at_once(
    build: Build, phone: MakePhone, demo: Session, fake: FakeTwilio, smtp: SmtpServer
) -> None:
    app = build()
    at_local_hour(demo, 3)
    phone(ALEX).text(CRISIS)
    delivered(app, fake, smtp, utcnow())

    [sms] = texts_at(fake, JAMES)
    assert sms == (
        "Escalation 1, urgent: Alex J., crisis language. Reply ACK 1 to take it, or @1 and "
        "your message to text them; CLOSE 1 and a note when done."
    )
    [(subject, body)] = mails_to(smtp, JAMES)
    assert subject == "Escalation 1 (urgent): Alex J., crisis language"
    assert "botapp escalations ack 1 --by james.carter@demo.example" in body
    assert "Chicago Loop Office" in body
    for text in (sms, subject, body):  # never the client's words or number
        assert "live" not in text and "Johnson" not in text
        assert "5550142" not in text and ALEX not in text
    assert analyze(sms).encoding == "GSM-7" and analyze(sms).segments <= 2
    steps = look(demo, select(EscalationStep.kind, Staff.email).join(Staff))
    assert ("alerted", JAMES) in steps


def test_spanish_speaking_staff_get_their_alerts_in_spanish_in_gsm7(
    build: Build, phone: MakePhone, demo: Session, fake: FakeTwilio, smtp: SmtpServer
) -> None:
    app = build()
    phone(LUCIA).text("ya no quiero vivir")
    delivered(app, fake, smtp, utcnow())

    [sms] = texts_at(fake, MARIA)
    assert sms == (
        "Escalamiento 1, urgente: Lucia H., lenguaje de crisis. Responda ACK 1 para tomarlo, "
        "o @1 y su mensaje para escribirle; CLOSE 1 y una nota al terminar."
    )
    assert analyze(sms).encoding == "GSM-7" and analyze(sms).segments <= 2
    [(subject, body)] = mails_to(smtp, MARIA)
    assert subject == "Escalamiento 1 (urgente): Lucía H., lenguaje de crisis"
    assert body.startswith("Lucía H. necesita a una persona")
    assert "vivir" not in body


def test_the_alert_of_an_opted_out_client_in_crisis_says_no_text_reached_them(
    build: Build, phone: MakePhone, demo: Session, fake: FakeTwilio, smtp: SmtpServer
) -> None:
    app = build()
    alex = phone(ALEX)
    alex.text("STOP")
    assert alex.text("i want to kill myself") == []
    delivered(app, fake, smtp, utcnow())

    [sms] = texts_at(fake, JAMES)
    assert "Opted out: no text reached them, call them." in sms
    assert "@1" not in sms  # texting them would reach nobody
    [(_, body)] = mails_to(smtp, JAMES)
    assert body.startswith("The client has opted out of texts: no text reached them. Call them.")


def test_a_routine_alert_at_8_pm_waits_for_the_next_working_morning(
    build: Build, runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    app = build()
    zone = at_local_hour(demo, 20)
    phone(ALEX).text("see you friday")
    assert texts_to(demo, STAFF_PHONES[JAMES]) == []
    assert "    alert whoever holds escalation 1" in ok(runner, "schedule --days 2")

    morning = datetime.combine(utcnow().astimezone(zone).date() + timedelta(days=1), time(8))
    due = morning.replace(tzinfo=zone)
    [(item_due,)] = look(
        demo, select(ScheduledItem.due_at).where(ScheduledItem.kind == timing.ALERT)
    )
    assert item_due == due
    clock(app, due - timedelta(minutes=1))
    assert texts_to(demo, STAFF_PHONES[JAMES]) == []
    clock(app, due)
    [sms] = texts_to(demo, STAFF_PHONES[JAMES])
    assert sms.startswith("Escalation 1, routine: Alex J., text to read.")
    clock(app, due + timedelta(days=1))  # routine: no fallback, no second alert
    assert escalations(demo) == [("routine_inbox", "routine", "open", JAMES)]
    assert len(texts_to(demo, STAFF_PHONES[JAMES])) == 1


def test_an_unacknowledged_urgent_escalation_goes_to_the_supervisor_then_on_call_across_restarts(
    build: Build, phone: MakePhone, demo: Session, fake: FakeTwilio, smtp: SmtpServer
) -> None:
    app = build()
    phone(ALEX).text(CRISIS)
    start = raised_at(demo)
    clock(app, start)
    clock(app, start + timedelta(minutes=14, seconds=59))
    assert escalations(demo) == [("crisis", "urgent", "open", JAMES)]

    app = build()  # a restart: nothing but the database carries the chain on
    for _ in range(2):  # a second tick at the same time does nothing more
        clock(app, start + timedelta(minutes=15))
    assert escalations(demo) == [("crisis", "urgent", "open", DANA)]
    delivered(app, fake, smtp, start + timedelta(minutes=15))
    assert len(texts_at(fake, DANA)) == 1 and len(mails_to(smtp, DANA)) == 1

    app = build()
    for _ in range(2):
        clock(app, start + timedelta(minutes=30))
    delivered(app, fake, smtp, start + timedelta(minutes=30))

    [on_call] = [m["body"] for m in fake.messages if m["to"] == ON_CALL]
    assert on_call == (
        "On call: escalation 1, urgent: Alex J., crisis language. Nobody on staff took it in "
        "15 min. Please act now."
    )
    assert [subject for subject, _ in mails_to(smtp, ALERT_EMAIL)] == [
        "Escalation 1 (urgent): Alex J., crisis language"
    ]
    assert [len(texts_at(fake, who)) for who in (JAMES, DANA)] == [1, 1]
    assert [len(mails_to(smtp, who)) for who in (JAMES, DANA)] == [1, 1]
    kinds = look(demo, select(EscalationStep.kind).order_by(EscalationStep.id))
    assert [kind for (kind,) in kinds] == [
        "raised",
        "routed",
        "alerted",
        "routed",
        "alerted",
        "on_call",
    ]
    assert [line for line, _ in notes(demo, "en")[-2:]] == [
        "Escalation 1 (crisis language) given to Dana Reed.",
        "Escalation 1 (crisis language) not acknowledged in time: the agency's on-call "
        "contact was alerted.",
    ]
    clock(app, start + timedelta(hours=2))  # the chain ends there
    assert len([m for m in fake.messages if m["to"] == ON_CALL]) == 1


def test_urgent_alerts_queue_right_after_the_crisis_lines_routine_ones_after_replies(
    build: Build, phone: MakePhone, demo: Session
) -> None:
    app = build()
    at_local_hour(demo, 10)  # at work: the routine alert goes at once too
    phone(ALEX).text("see you friday")
    phone(LUCIA).text("ya no quiero vivir")
    start = max(created for (created,) in look(demo, select(Escalation.created_at)))
    clock(app, start)
    for minutes in (15, 15, 30, 30):  # to Dana, then to the on-call number
        clock(app, start + timedelta(minutes=minutes))
    queued = look(
        demo,
        select(Message.phone, Message.category, Message.priority)
        .where(Message.phone.in_([*STAFF_PHONES.values(), ON_CALL]))
        .order_by(Message.id),
    )
    assert queued == [
        (STAFF_PHONES[JAMES], "alert", 10),
        (STAFF_PHONES[MARIA], "alert_urgent", -5),
        (STAFF_PHONES[DANA], "alert_urgent", -5),
        (ON_CALL, "alert_urgent", -5),
    ]


def test_acknowledging_within_the_window_stops_the_chain(
    build: Build, runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    app = build()
    phone(ALEX).text(CRISIS)
    start = raised_at(demo)
    clock(app, start)
    ok(runner, f"escalations ack 1 --by {JAMES}")
    clock(app, start + timedelta(minutes=15))
    clock(app, start + timedelta(minutes=30))
    assert escalations(demo) == [("crisis", "urgent", "acknowledged", JAMES)]
    assert texts_to(demo, STAFF_PHONES[DANA]) == [] and texts_to(demo, ON_CALL) == []
    items = look(demo, select(ScheduledItem.kind, ScheduledItem.status))
    assert (timing.FALLBACK, ItemStatus.CANCELLED) in items


def test_with_no_supervisor_it_goes_straight_to_on_call_and_without_one_the_record_says_so(
    build: Build, phone: MakePhone, demo: Session
) -> None:
    app = build()
    with fresh(demo).begin():
        james = demo.scalars(select(Staff).where(Staff.email == JAMES)).one()
        james.supervisor = None
        demo.scalars(select(Agency)).one().on_call_phone = None
    phone(ALEX).text(CRISIS)
    start = raised_at(demo)
    clock(app, start)
    clock(app, start + timedelta(minutes=15))
    assert texts_to(demo, ON_CALL) == []
    with fresh(demo).begin():  # the alert email is still there
        assert demo.scalars(select(Agency)).one().alert_email == ALERT_EMAIL
        demo.scalars(select(Agency)).one().alert_email = None
    assert notes(demo, "en")[-1][0].endswith("the agency's on-call contact was alerted.")

    phone(LUCIA).text("ya no quiero vivir")
    with fresh(demo).begin():
        maria = demo.scalars(select(Staff).where(Staff.email == MARIA)).one()
        maria.supervisor = None
    clock(app, utcnow())
    clock(app, utcnow() + timedelta(minutes=15))
    assert notes(demo, "en")[-1][0] == (
        "Escalation 2 (crisis language) not acknowledged in time, and the agency has no "
        "on-call number or alert email: nobody more could be reached."
    )


def test_a_today_escalation_goes_to_the_supervisor_at_the_end_of_the_working_day(
    build: Build, phone: MakePhone, demo: Session
) -> None:
    app = build()
    zone = at_local_hour(demo, 10)
    phone(ALEX).text("don't text me after 8pm")
    assert len(texts_to(demo, STAFF_PHONES[JAMES])) == 1  # at work: alerted at once
    clock(app, raised_at(demo))

    today = utcnow().astimezone(zone).date()
    five = datetime.combine(today, time(17), tzinfo=zone)
    clock(app, five - timedelta(minutes=1))
    assert escalations(demo)[0][3] == JAMES
    clock(app, five)
    assert escalations(demo) == [("limit_texting", "today", "open", DANA)]
    assert texts_to(demo, STAFF_PHONES[DANA]) == []  # after hours: Dana's alert waits
    clock(app, datetime.combine(today + timedelta(days=1), time(8), tzinfo=zone))
    [sms] = texts_to(demo, STAFF_PHONES[DANA])
    assert sms.startswith("Escalation 1, today: Alex J., asked for fewer texts.")


def test_escalation_ack_minutes_sets_the_window(
    build: Build, phone: MakePhone, demo: Session
) -> None:
    app = build(ESCALATION_ACK_MINUTES="5")
    phone(ALEX).text(CRISIS)
    start = raised_at(demo)
    clock(app, start)
    clock(app, start + timedelta(minutes=4))
    assert escalations(demo)[0][3] == JAMES
    clock(app, start + timedelta(minutes=5))
    assert escalations(demo)[0][3] == DANA


def test_the_agencys_own_window_wins_over_escalation_ack_minutes(
    build: Build, phone: MakePhone, demo: Session
) -> None:
    app = build(ESCALATION_ACK_MINUTES="5")
    with demo.begin():  # as an administrator sets it on the agency settings page
        demo.scalars(select(Agency)).one().escalation_ack_minutes = 10
    phone(ALEX).text(CRISIS)
    start = raised_at(demo)
    clock(app, start)
    clock(app, start + timedelta(minutes=9))
    assert escalations(demo)[0][3] == JAMES
    clock(app, start + timedelta(minutes=10))
    assert escalations(demo)[0][3] == DANA


@pytest.mark.parametrize("value", ["0", "-5", "ten", "1.5", "15m"])
def test_a_bad_escalation_ack_minutes_is_refused_naming_it(value: str) -> None:
    with pytest.raises(ConfigError, match="^ESCALATION_ACK_MINUTES must be a whole number"):
        load_settings(app_env("sqlite://", ESCALATION_ACK_MINUTES=value))
    assert load_settings(app_env("sqlite://")).escalation_ack_minutes == 15


def test_each_holder_gets_one_digest_a_day_in_their_language_oldest_urgent_first(
    build: Build, phone: MakePhone, demo: Session, smtp: SmtpServer
) -> None:
    app = build()
    phone(ALEX).text("see you friday")
    phone(ALEX).text(CRISIS)
    phone(LUCIA).text("nos vemos el viernes")
    now = utcnow()
    clock(app, now)
    clock(app, now + timedelta(minutes=1))  # once a day
    send_emails(app)

    digests = {
        m["To"]: (str(m["Subject"]), m.get_content().strip().splitlines())
        for m in smtp.received
        if str(m["Subject"]).startswith(("Escalations ", "Escalamientos "))
    }
    subject, lines = digests[JAMES]
    assert subject == "Escalations you hold: 2"
    assert lines[2].startswith("#2 [urgent] crisis language: Alex J., open, opened ")
    assert lines[3].startswith("#1 [routine] text to read: Alex J., open, opened ")
    subject, lines = digests[MARIA]
    assert subject == "Escalamientos a su cargo: 1"
    assert lines[2].startswith("#3 [rutina] mensaje por leer: Lucía H., abierto, abierto hace ")
    assert DANA not in digests
    assert [str(m["Subject"]) for m in smtp.received].count("Escalations you hold: 2") == 1


def test_time_away_that_starts_later_hands_over_before_the_next_days_digest(
    build: Build, phone: MakePhone, demo: Session, smtp: SmtpServer
) -> None:
    app = build()
    phone(ALEX).text("see you friday")  # escalation 1, James's
    tomorrow = utcnow() + timedelta(days=1)
    day = tomorrow.astimezone(ZoneInfo("America/Chicago")).date()
    with fresh(demo).begin():
        james = staff_by_email(demo, JAMES)
        assert james is not None
        set_away(demo, james, day, day + timedelta(days=1), MARIA)  # from tomorrow: nothing moves
    assert escalations(demo) == [("routine_inbox", "routine", "open", JAMES)]

    clock(app, tomorrow)  # the daily job, a day later: James is away
    send_emails(app, lambda: tomorrow)
    assert escalations(demo) == [("routine_inbox", "routine", "open", MARIA)]
    digests = [
        (m["To"], str(m["Subject"]))
        for m in smtp.received
        if str(m["Subject"]).startswith(("Escalations ", "Escalamientos "))
    ]
    assert digests == [(MARIA, "Escalamientos a su cargo: 1")]
    assert notes(demo, "en")[-1][0] == "Escalation 1 (text to read) given to María López."


def test_the_next_working_moment_skips_evenings_and_weekends() -> None:
    agency = Agency(
        timezone="America/Chicago", work_start=time(8), work_end=time(17), work_days="12345"
    )
    staff = Staff(office=Office(agency=agency), active=True)
    chicago = ZoneInfo("America/Chicago")

    def local(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=chicago).astimezone(UTC)

    friday, monday = date(2026, 3, 13), date(2026, 3, 16)
    assert next_working_moment(staff, local(friday, 20)) == local(monday, 8)
    assert next_working_moment(staff, local(friday, 16, 59)) == local(friday, 16, 59)
    assert next_working_moment(staff, local(monday, 3)) == local(monday, 8)
    assert next_working_moment(staff, local(friday, 17)) == local(monday, 8)
