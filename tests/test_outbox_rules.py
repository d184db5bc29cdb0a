"""Stories of the outbox's rules per kind of text: quiet hours, order, validity, consent scope."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import sessions_of, settings_of
from botapp.delivery import outbox
from botapp.messages import Msg
from botapp.messages import sms as texts
from botapp.models import Client, ConsentKind, Direction, Message, MessageStatus
from botapp.models.consent import ALL_SCOPES
from botapp.services import consent
from botapp.transport.console import ConsoleTransport
from botapp.workers.dispatcher import Dispatcher
from botapp.workers.pacing import Pacer
from tests.support import ALEX, LUCIA, STRANGER, Clock, client_by_phone, drain

NOON_CHICAGO = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
ELEVEN_PM_CHICAGO = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)
NINE_AM_CHICAGO = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
# Staff alerts too: they go to staff phones, timed by working hours (decision 24).
EXEMPT = (
    outbox.REPLY,
    outbox.OPT_OUT_CONFIRMATION,
    outbox.CRISIS,
    outbox.ALERT_URGENT,
    outbox.ALERT,
)
OUTREACH = (outbox.REMINDER, outbox.CHECK_IN, outbox.BROADCAST)
# Not sent to a client who opted out of them by the time they go: all but the opt-out
# confirmation and the crisis resources (docs/decisions/0023-crisis-language.md).
CONSENT_BOUND = tuple(c for c in EXEMPT + OUTREACH if not c.consent_exempt)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON_CHICAGO)


@pytest.fixture
def screen() -> io.StringIO:
    """What the console transport 'sent'."""
    return io.StringIO()


@pytest.fixture
def dispatcher(
    app: Flask, demo: Session, clock: Clock, screen: io.StringIO
) -> Iterator[Dispatcher]:
    sessions = sessions_of(app)
    transport = ConsoleTransport(screen)
    running = Dispatcher(
        sessions, settings_of(app), transport, None, clock=clock, rng=random.Random(1)
    )
    yield running
    running.close()


def queue(
    session: Session,
    category: outbox.Category,
    due: datetime,
    body: str = "",
    phone: str = ALEX,
    idempotency_key: str | None = None,
) -> Message:
    with session.begin():
        return outbox.enqueue(
            session,
            phone=phone,
            body=body or category.name,
            key="test",
            category=category,
            client=client_by_phone(session, ALEX) if phone == ALEX else None,
            due=due,
            idempotency_key=idempotency_key,
        )


def printed(screen: io.StringIO) -> list[str]:
    """The bodies the console transport printed, in the order it sent them."""
    return [line.split("] ", 1)[1] for line in screen.getvalue().splitlines()]


def statuses(session: Session) -> dict[str, str]:
    session.expire_all()
    return {m.body: m.status for m in session.scalars(select(Message).order_by(Message.id))}


@pytest.mark.parametrize("category", EXEMPT, ids=lambda c: c.name)
def test_replies_the_stop_confirmation_and_crisis_texts_are_queued_for_now_at_night(
    demo: Session, category: outbox.Category
) -> None:
    row = queue(demo, category, ELEVEN_PM_CHICAGO)
    assert row.not_before == ELEVEN_PM_CHICAGO


@pytest.mark.parametrize("category", OUTREACH, ids=lambda c: c.name)
def test_outreach_queued_at_night_waits_for_nine_in_the_clients_morning(
    demo: Session, category: outbox.Category
) -> None:
    row = queue(demo, category, ELEVEN_PM_CHICAGO)
    assert row.not_before == NINE_AM_CHICAGO


def test_at_night_the_dispatcher_sends_replies_and_defers_every_kind_of_outreach(
    demo: Session, dispatcher: Dispatcher, clock: Clock, screen: io.StringIO
) -> None:
    for category in OUTREACH:  # due at 19:30, still waiting at 23:00
        queue(demo, category, ELEVEN_PM_CHICAGO - timedelta(hours=3, minutes=30))
    for category in EXEMPT:  # written at 22:30
        queue(demo, category, ELEVEN_PM_CHICAGO - timedelta(minutes=30))
    clock.now = ELEVEN_PM_CHICAGO
    drain(dispatcher)
    assert sorted(printed(screen)) == ["alert", "alert_urgent", "consent", "crisis", "reply"]
    deferred = demo.scalars(select(Message).where(Message.status == "pending")).all()
    assert sorted(m.body for m in deferred) == ["broadcast", "check_in", "reminder"]
    assert {m.not_before for m in deferred} == {NINE_AM_CHICAGO}
    clock.now = NINE_AM_CHICAGO
    drain(dispatcher)
    assert sorted(printed(screen)[5:]) == ["broadcast", "check_in", "reminder"]


def test_each_kind_of_text_has_the_documented_place_in_the_queue_and_validity() -> None:
    # README, "Delivery: the outbox": the order and the validity windows staff rely on.
    assert {
        name: (c.priority, c.valid_for, c.quiet_exempt) for name, c in outbox.CATEGORIES.items()
    } == {
        "reply": (0, timedelta(hours=1), True),
        "consent": (0, timedelta(hours=1), True),
        "crisis": (-10, timedelta(hours=1), True),
        "staff": (0, timedelta(hours=1), True),  # a person writing now (decision 26)
        "alert_urgent": (-5, timedelta(days=1), True),  # an urgent escalation (decision 24)
        "alert": (10, timedelta(days=1), True),
        "reminder": (20, timedelta(days=1), False),
        "check_in": (20, timedelta(days=2), False),
        "broadcast": (50, timedelta(days=2), False),
    }


def test_texts_go_out_replies_first_then_alerts_then_reminders_then_broadcasts(
    demo: Session, dispatcher: Dispatcher, screen: io.StringIO
) -> None:
    # Priorities order texts to different phones; one phone's texts keep the order they were
    # written (decision 4), as the next test shows.
    for n, category in enumerate(reversed(EXEMPT + OUTREACH)):
        queue(demo, category, NOON_CHICAGO - timedelta(minutes=1), phone=f"+1312555017{n}")
    dispatcher.batch = 1
    drain(dispatcher)
    assert printed(screen) == [
        "crisis",
        "alert_urgent",
        "consent",
        "reply",
        "alert",
        "check_in",
        "reminder",
        "broadcast",
    ]


def test_an_urgent_alert_queued_after_a_backlog_of_replies_goes_first(
    demo: Session, dispatcher: Dispatcher, screen: io.StringIO
) -> None:
    # Replies to five phones wait; an urgent escalation's alert to a staff phone, queued after
    # them, goes right after the crisis lines: before the replies (decision 24).
    for n in range(5):
        queue(
            demo, outbox.REPLY, NOON_CHICAGO - timedelta(minutes=2), f"reply {n}", f"+131255501{n}0"
        )
    queue(demo, outbox.ALERT, NOON_CHICAGO - timedelta(minutes=1), "routine alert", "+13125550112")
    queue(demo, outbox.ALERT_URGENT, NOON_CHICAGO, "urgent alert", "+13125550113")
    dispatcher.batch = 1
    drain(dispatcher)
    assert printed(screen) == [
        "urgent alert",
        *(f"reply {n}" for n in range(5)),
        "routine alert",
    ]


def test_one_phones_texts_go_out_in_the_order_they_were_written_whatever_their_priority(
    demo: Session, dispatcher: Dispatcher, screen: io.StringIO
) -> None:
    for category in reversed(EXEMPT + OUTREACH):
        queue(demo, category, NOON_CHICAGO - timedelta(minutes=1))
    dispatcher.batch = 1
    drain(dispatcher)
    # All but the crisis text, which waits for nothing (docs/decisions/0023-crisis-language.md).
    in_order = [c.name for c in reversed(EXEMPT + OUTREACH) if c is not outbox.CRISIS]
    assert printed(screen) == ["crisis", *in_order]


def test_a_crisis_text_waits_neither_for_a_retry_nor_a_text_in_flight_of_its_phone(
    demo: Session, dispatcher: Dispatcher, clock: Clock, screen: io.StringIO
) -> None:
    # Decision 4 holds a phone's later texts behind these; the crisis lines wait for no one
    # (docs/decisions/0023-crisis-language.md).
    retry = queue(demo, outbox.REPLY, NOON_CHICAGO + timedelta(minutes=5), body="retry")
    in_flight = queue(demo, outbox.REPLY, NOON_CHICAGO - timedelta(minutes=2), body="in flight")
    queue(demo, outbox.REMINDER, NOON_CHICAGO - timedelta(minutes=1), body="reminder")
    queue(demo, outbox.CRISIS, NOON_CHICAGO, body="crisis")
    with demo.begin():
        demo.get_one(Message, retry.id).claimed_at = NOON_CHICAGO - timedelta(minutes=1)
        row = demo.get_one(Message, in_flight.id)
        row.status, row.claim_token, row.claimed_at = MessageStatus.CLAIMED, "other", NOON_CHICAGO
    drain(dispatcher)
    assert printed(screen) == ["crisis"]
    assert statuses(demo)["reminder"] == "pending"  # still behind the retry, in order


def test_a_crisis_text_goes_before_the_earlier_due_texts_of_its_phone(
    demo: Session, dispatcher: Dispatcher, screen: io.StringIO
) -> None:
    for category in (outbox.BROADCAST, outbox.REMINDER, outbox.REPLY, outbox.CRISIS):
        queue(demo, category, NOON_CHICAGO - timedelta(minutes=1))
    drain(dispatcher)
    assert printed(screen) == ["crisis", "broadcast", "reminder", "reply"]


@pytest.mark.parametrize("category", EXEMPT + OUTREACH, ids=lambda c: c.name)
def test_a_text_is_sent_up_to_the_end_of_its_window_and_expires_after(
    demo: Session,
    dispatcher: Dispatcher,
    clock: Clock,
    screen: io.StringIO,
    category: outbox.Category,
) -> None:
    due = NOON_CHICAGO - timedelta(hours=2)  # 10:00 in Chicago; every window ends by day
    assert queue(demo, category, due, body="on time").expires_at == due + category.valid_for
    queue(demo, category, due - timedelta(seconds=1), body="too late")
    clock.now = due + category.valid_for
    drain(dispatcher)
    assert statuses(demo) == {"on time": "sent", "too late": "expired"}
    assert printed(screen) == ["on time"]


@pytest.mark.parametrize("category", CONSENT_BOUND, ids=lambda c: c.name)
def test_a_client_who_opted_out_of_one_kind_of_text_still_gets_the_others(
    demo: Session, dispatcher: Dispatcher, screen: io.StringIO, category: outbox.Category
) -> None:
    with demo.begin():
        consent.record(
            demo,
            phone=ALEX,
            client=client_by_phone(demo, ALEX),
            kind=ConsentKind.OPT_OUT,
            method="staff",
            scope=category.name,
        )
    others = [c for c in CONSENT_BOUND if c is not category]
    for each in (category, *others):
        queue(demo, each, NOON_CHICAGO - timedelta(minutes=1))
    drain(dispatcher)
    assert statuses(demo)[category.name] == "canceled"
    assert sorted(printed(screen)) == sorted(c.name for c in others)
    assert consent.is_opted_out(demo, ALEX, category.name)
    assert not consent.is_opted_out(demo, ALEX)


def test_opting_back_in_to_a_kind_of_text_or_to_all_restores_it(demo: Session) -> None:
    def record(kind: ConsentKind, scope: str) -> None:
        consent.record(demo, phone=ALEX, client=None, kind=kind, method="staff", scope=scope)
        demo.commit()

    record(ConsentKind.OPT_OUT, "broadcast")
    record(ConsentKind.OPT_IN, "broadcast")
    assert not consent.is_opted_out(demo, ALEX, "broadcast")
    record(ConsentKind.OPT_OUT, "broadcast")
    record(ConsentKind.OPT_IN, ALL_SCOPES)  # START after a broadcast opt-out
    assert not consent.is_opted_out(demo, ALEX, "broadcast")
    record(ConsentKind.OPT_OUT, ALL_SCOPES)  # then STOP: every kind is out
    assert consent.is_opted_out(demo, ALEX, "broadcast")


def test_the_same_occurrence_is_queued_once(demo: Session) -> None:
    first = queue(demo, outbox.REMINDER, NOON_CHICAGO, idempotency_key="appt-7-reminder-1d")
    again = queue(demo, outbox.REMINDER, NOON_CHICAGO, idempotency_key="appt-7-reminder-1d")
    other = queue(demo, outbox.REMINDER, NOON_CHICAGO, idempotency_key="appt-7-reminder-2h")
    plain = queue(demo, outbox.REMINDER, NOON_CHICAGO)
    assert first.id == again.id
    assert len({first.id, other.id, plain.id}) == 3


def test_a_text_without_a_client_keeps_the_default_quiet_hours_in_the_timezone_given(
    demo: Session,
) -> None:
    with demo.begin():
        stranger = outbox.enqueue(
            demo,
            phone=STRANGER,
            body="hi",
            key="test",
            category=outbox.BROADCAST,
            due=ELEVEN_PM_CHICAGO,
        )
        chicago = outbox.enqueue(
            demo,
            phone=STRANGER,
            body="hi",
            key="test",
            category=outbox.BROADCAST,
            due=ELEVEN_PM_CHICAGO,
            timezone="America/Chicago",
        )
        # A timezone given wins over the client's own (Chicago).
        la = outbox.enqueue(
            demo,
            phone=ALEX,
            body="hi",
            key="test",
            category=outbox.BROADCAST,
            client=client_by_phone(demo, ALEX),
            due=ELEVEN_PM_CHICAGO,
            timezone="America/Los_Angeles",
        )
    assert stranger.not_before == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # 9:00 in UTC
    assert chicago.not_before == NINE_AM_CHICAGO
    assert la.not_before == NINE_AM_CHICAGO + timedelta(hours=2)


def test_a_catalog_text_is_queued_in_its_readers_language_with_the_programs_name(
    app: Flask, demo: Session
) -> None:
    settings = settings_of(app)
    with demo.begin():
        lucia = client_by_phone(demo, LUCIA)
        asked = Message(
            direction=Direction.INBOUND,
            phone=LUCIA,
            body="hola",
            client_id=lucia.id,
            status=MessageStatus.PROCESSED,
        )
        demo.add(asked)
        demo.flush()

        def text(
            client: Client | None,
            category: outbox.Category,
            in_reply_to: Message | None = None,
            idempotency_key: str | None = None,
            within: Msg | None = None,
        ) -> Message:
            return outbox.queue_text(
                demo,
                settings,
                texts.LANGUAGE_CHANGED,
                {},
                phone=client.phone if client else STRANGER,
                client=client,
                category=category,
                in_reply_to=in_reply_to,
                idempotency_key=idempotency_key,
                within=within,
            )

        spanish = text(lucia, category=outbox.REPLY, in_reply_to=asked, idempotency_key="k")
        assert text(lucia, category=outbox.REPLY, idempotency_key="k") is spanish  # once
        stranger = text(None, category=outbox.CHECK_IN)
        wrapped = text(lucia, category=outbox.REPLY, within=texts.FLOW_CLARIFY)
        renamed = outbox.queue_text(
            demo,
            settings,
            texts.LANGUAGE_CHANGED,
            {"program": "Empleo"},
            phone=LUCIA,
            client=lucia,
            category=outbox.REPLY,
        )
    assert spanish.body == "Job Connect: Listo, desde ahora le escribiremos en español."
    assert (spanish.phone, spanish.client_id, spanish.in_reply_to_id) == (LUCIA, lucia.id, asked.id)
    assert (spanish.message_key, spanish.category) == ("sms.language.changed", "reply")
    # A stranger's language is the agency's default; the text goes to the number given.
    assert stranger.body == "Job Connect: OK, from now on we will text you in English."
    assert (stranger.phone, stranger.client_id, stranger.category) == (STRANGER, None, "check_in")
    # Wrapped, it keeps its own key: the record says which question was asked again.
    assert wrapped.body == f"Perdón, no entendimos. {spanish.body}"
    assert wrapped.message_key == "sms.language.changed"
    assert renamed.body.startswith("Empleo: ")


def test_a_reply_waits_behind_half_a_second_of_a_broadcasts_segments_not_a_whole_batch(
    app: Flask, demo: Session, clock: Clock, screen: io.StringIO
) -> None:
    # At 20 segments a second a paced dispatcher claims ten texts, then, once it has seen them
    # cost two segments each, five: a reply written during a round goes out in the next one
    # instead of behind a batch of 50 (seconds at a real sender's pace).
    long_text = "Job fair Thursday at the library, 10 to 2, bring a resume. " * 3  # 2 segments
    for n in range(30):
        queue(demo, outbox.BROADCAST, NOON_CHICAGO, long_text, phone=f"+1312555{n:04d}")
    pacer = Pacer(sessions_of(app), "+13125550100", 20, clock=clock, sleep=lambda _: None)
    paced = Dispatcher(
        sessions_of(app), settings_of(app), ConsoleTransport(screen), pacer, clock=clock
    )
    try:
        assert paced.run_once() == 10
        queue(demo, outbox.REPLY, NOON_CHICAGO, "reply", phone="+13125559999")
        assert paced.run_once() == 5
    finally:
        paced.close()
    sent = printed(screen)  # a round sends to different phones at once, in any order
    assert "reply" in sent[10:] and len(sent) == 15
