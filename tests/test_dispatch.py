"""Stories of the outbox being sent through the real Twilio client to a local fake Twilio."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from time import monotonic, sleep

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import sessions_of, settings_of
from botapp.delivery import outbox
from botapp.delivery.errors import MAX_ATTEMPTS
from botapp.models import (
    Agency,
    CaseNote,
    Client,
    ConsentEvent,
    Message,
    MessageStatus,
    MessageStatusEvent,
)
from botapp.services.consent import is_opted_out
from botapp.transport.twilio import TwilioTransport
from botapp.workers.dispatcher import Dispatcher
from tests.fake_twilio import FakeTwilio
from tests.support import (
    ALEX,
    CHICAGO,
    LUCIA,
    PUBLIC_URL,
    SPECIALIST,
    Clock,
    Phone,
    client_by_phone,
    count,
    drain,
    escalations,
    handle_waiting,
    notes,
    report_status,
    serving,
    sign,
    texts_to,
    wait_for,
)

NOON_CHICAGO = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def db(twilio_app: Flask) -> Iterator[Session]:
    from botapp.cli.demo import seed

    s: Session = sessions_of(twilio_app)()
    with s.begin():
        seed(s)
        # Never quiet, so that the time of day CI runs at cannot matter; the quiet-hours
        # stories set their own window and clock.
        s.scalars(select(Agency)).one().quiet_start = time(0, 0)
        s.scalars(select(Agency)).one().quiet_end = time(0, 0)
    yield s
    s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def set_quiet(db: Session, start: time, end: time) -> None:
    with db.begin():
        agency = db.scalars(select(Agency)).one()
        agency.quiet_start, agency.quiet_end = start, end


@pytest.fixture
def dispatcher(twilio_app: Flask, clock: Clock) -> Iterator[Dispatcher]:
    settings = settings_of(twilio_app)
    transport = TwilioTransport(settings, timeout=1.0)
    dispatcher = Dispatcher(
        sessions_of(twilio_app),
        settings,
        transport,
        None,
        batch=10,
        clock=clock,
        rng=random.Random(7),
    )
    yield dispatcher
    dispatcher.close()


def queue(
    db: Session,
    phone: str,
    body: str,
    category: outbox.Category = outbox.REMINDER,
    due: datetime | None = None,
) -> int:
    with db.begin():
        row = outbox.enqueue(
            db,
            phone=phone,
            body=body,
            key="test",
            category=category,
            client=client_by_phone(db, phone),
            due=due,
        )
        return row.id


def sent_to_client(fake: FakeTwilio, number: str = ALEX) -> list[str]:
    """What the fake Twilio took for the client at `number` (their specialist's alert may go
    too, in working hours)."""
    return [m["body"] for m in fake.messages if m["to"] == number]


def row(db: Session, message_id: int) -> Message:
    db.expire_all()
    return db.get_one(Message, message_id)


def next_try(db: Session, message_id: int) -> datetime:
    """When the dispatcher may send the text next (a pending text always has that time)."""
    not_before = row(db, message_id).not_before
    assert not_before is not None
    return not_before


def test_a_queued_text_is_sent_once_with_its_sid_status_and_callback(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio
) -> None:
    mid = queue(db, ALEX, "Your appointment is Thu at 2:30 PM. What time will you leave home?")
    drain(dispatcher)
    drain(dispatcher)
    [sent] = fake.messages
    assert (sent["to"], sent["from"], sent["status_callback"]) == (
        ALEX,
        "+13125550100",
        PUBLIC_URL + "/sms/status",
    )
    message = row(db, mid)
    assert (message.twilio_sid, message.status, message.attempts) == (sent["sid"], "queued", 1)
    assert message.sent_at is not None
    assert db.scalars(
        select(MessageStatusEvent.status).where(MessageStatusEvent.message_id == mid)
    ).all() == ["queued"]


def test_replies_and_alerts_jump_a_draining_broadcast(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio
) -> None:
    for i in range(30):
        queue(db, LUCIA, f"Feria de empleo {i}", category=outbox.BROADCAST)
    dispatcher.run_once()  # ten broadcast texts are already on their way
    queue(db, ALEX, "alert", category=outbox.ALERT)
    queue(db, ALEX, "reply", category=outbox.REPLY)
    dispatcher.run_once()
    # Sends within a round run concurrently: the round after the first takes both first.
    second_round = [m["body"] for m in fake.messages][10:]
    assert len(second_round) == 10 and {"reply", "alert"} <= set(second_round)


def test_a_client_who_texts_stop_after_a_reminder_was_queued_does_not_get_it(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, twilio_app: Flask
) -> None:
    mid = queue(db, ALEX, "Reminder: job fair tomorrow at 10")
    assert Phone(twilio_app.test_client(), ALEX).text("STOP")
    drain(dispatcher)
    [confirmation] = [m["body"] for m in fake.messages]
    assert confirmation.startswith("Job Connect: You are unsubscribed")
    assert (row(db, mid).status, row(db, mid).failure_reason) == (
        "canceled",
        "client opted out before it was sent",
    )


def test_outreach_due_at_night_waits_for_the_morning_in_the_clients_timezone(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    set_quiet(db, time(20, 0), time(9, 0))
    ten_pm_chicago = datetime(2026, 12, 2, 4, 0, tzinfo=UTC)
    mid = queue(db, ALEX, "Check-in: how is the job search going?", due=ten_pm_chicago)
    assert row(db, mid).not_before == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # 09:00 CST
    clock.now = ten_pm_chicago + timedelta(hours=2)
    drain(dispatcher)
    assert fake.messages == []
    clock.now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    drain(dispatcher)
    assert len(fake.messages) == 1


def test_a_text_claimed_during_quiet_hours_is_deferred_not_dropped(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    set_quiet(db, time(20, 0), time(9, 0))
    mid = queue(db, ALEX, "Check-in", due=NOON_CHICAGO)
    clock.now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 21:00 in Chicago
    drain(dispatcher)
    assert fake.messages == [] and row(db, mid).status == "pending"
    assert row(db, mid).not_before == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


def test_a_reply_is_not_held_for_quiet_hours(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock, twilio_app: Flask
) -> None:
    local = clock.now.astimezone(CHICAGO)
    set_quiet(db, (local - timedelta(hours=1)).time(), (local + timedelta(hours=1)).time())
    reminder = queue(db, ALEX, "Check-in")
    Phone(twilio_app.test_client(), ALEX).text("HELP")
    drain(dispatcher)
    assert [m["body"][:21] for m in fake.messages] == ["Job Connect: texts ab"]
    assert row(db, reminder).status == "pending" and next_try(db, reminder) > clock.now


def test_an_outdated_text_is_reported_expired_never_sent_stale(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    mid = queue(db, ALEX, "Job fair today!", category=outbox.BROADCAST)
    clock.now += timedelta(days=3)
    drain(dispatcher)
    assert fake.messages == []
    assert (row(db, mid).status, row(db, mid).failure_reason) == (
        "expired",
        "not sent within its validity window",
    )


def test_21610_means_the_client_opted_out_at_the_carrier(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio
) -> None:
    fake.fail_next(code=21610, status=400)
    mid = queue(db, ALEX, "Reminder")
    drain(dispatcher)
    message = row(db, mid)
    assert (message.status, message.error_code, message.attempts) == ("failed", "21610", 1)
    assert is_opted_out(db, ALEX)
    assert db.scalars(select(ConsentEvent.method)).one() == "carrier_error"


def sent_and_reported(
    db: Session,
    dispatcher: Dispatcher,
    twilio_app: Flask,
    status: str,
    code: str,
    phone: str = ALEX,
) -> int:
    """Send a reminder to `phone` that Twilio accepts, then reports `status` with `code`."""
    mid = queue(db, phone, "Reminder")
    drain(dispatcher)
    sid = row(db, mid).twilio_sid
    assert sid is not None
    assert report_status(twilio_app.test_client(), sid, status, code).status_code == 200
    return mid


@pytest.mark.parametrize("number", [ALEX, LUCIA])
def test_an_invalid_number_is_flagged_for_the_specialist_without_retrying(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, number: str
) -> None:
    fake.fail_next(code=21211, status=400)
    mid = queue(db, number, "Reminder")
    drain(dispatcher)
    assert (row(db, mid).status, row(db, mid).attempts) == ("failed", 1)
    assert notes(db) == [("note.delivery.unreachable", True), ("note.escalation.raised", False)]
    assert escalations(db) == [("unreachable", "today", "open", SPECIALIST[number])]


@pytest.mark.parametrize("number", [ALEX, LUCIA])
@pytest.mark.parametrize("code", ["30005", "30006"])
def test_an_unreachable_number_reported_by_callback_is_flagged_without_retrying(
    db: Session,
    dispatcher: Dispatcher,
    fake: FakeTwilio,
    twilio_app: Flask,
    code: str,
    number: str,
) -> None:
    mid = sent_and_reported(db, dispatcher, twilio_app, "undelivered", code, number)
    drain(dispatcher)
    message = row(db, mid)
    assert (message.status, message.error_code, len(sent_to_client(fake, number))) == (
        "undelivered",
        code,
        1,
    )
    assert message.failure_reason in (
        "unknown or inactive number",
        "landline or unreachable carrier",
    )
    assert notes(db) == [("note.delivery.unreachable", True), ("note.escalation.raised", False)]
    assert escalations(db) == [("unreachable", "today", "open", SPECIALIST[number])]


@pytest.mark.parametrize("number", [ALEX, LUCIA])
def test_carrier_filtering_fails_and_asks_for_review(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, twilio_app: Flask, number: str
) -> None:
    mid = sent_and_reported(db, dispatcher, twilio_app, "failed", "30007", number)
    drain(dispatcher)
    assert (row(db, mid).status, len(sent_to_client(fake, number))) == ("failed", 1)
    assert notes(db) == [("note.delivery.failed", True), ("note.escalation.raised", False)]
    assert escalations(db) == [("delivery_failed", "today", "open", SPECIALIST[number])]


def test_an_unknown_code_fails_with_the_code_in_the_case_record(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio
) -> None:
    fake.fail_next(code=21999, status=400)
    mid = queue(db, ALEX, "Reminder")
    drain(dispatcher)
    assert (row(db, mid).status, row(db, mid).failure_reason) == ("failed", "Twilio error 21999")
    note = db.scalars(select(CaseNote)).one()
    assert note.params == {"reason": "Twilio error 21999"} and note.alert is False


@pytest.mark.parametrize(("status", "code"), [(429, None), (500, None), (400, 20429)])
def test_throttling_and_server_errors_back_off_then_succeed(
    db: Session,
    dispatcher: Dispatcher,
    fake: FakeTwilio,
    clock: Clock,
    status: int,
    code: int | None,
) -> None:
    fake.fail_next(code=code, status=status)
    mid = queue(db, ALEX, "Reminder")
    drain(dispatcher)
    assert row(db, mid).status == "pending" and next_try(db, mid) > clock.now
    assert next_try(db, mid) - clock.now <= timedelta(seconds=2)
    clock.now = next_try(db, mid)
    drain(dispatcher)
    assert (row(db, mid).status, row(db, mid).attempts, len(fake.messages)) == ("queued", 2, 1)


def test_a_timeout_is_retried(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    fake.delay_next(2.0)
    mid = queue(db, ALEX, "Reminder")
    drain(dispatcher)
    assert row(db, mid).status == "pending"
    detail = db.scalars(select(MessageStatusEvent.detail)).one()
    assert detail is not None and "timeout" in detail


def test_retries_stop_at_the_limit_with_the_reason(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    fake.fail_next(status=503, times=MAX_ATTEMPTS)
    mid = queue(db, ALEX, "Reminder")
    for _ in range(MAX_ATTEMPTS):
        drain(dispatcher)
        clock.now += timedelta(minutes=15)
    message = row(db, mid)
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert message.failure_reason == f"gave up after {MAX_ATTEMPTS} attempts: HTTP 503"
    assert fake.messages == []


def test_handset_unreachable_is_sent_again_hours_later(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock, twilio_app: Flask
) -> None:
    mid = sent_and_reported(db, dispatcher, twilio_app, "undelivered", "30003")
    first_sid = fake.messages[0]["sid"]
    assert row(db, mid).status == "pending" and next_try(db, mid) - clock.now >= timedelta(hours=2)
    clock.now = next_try(db, mid)
    drain(dispatcher)
    assert len(fake.messages) == 2 and row(db, mid).twilio_sid not in (None, first_sid)
    # A late callback about the first attempt changes nothing.
    assert report_status(twilio_app.test_client(), first_sid, "delivered").status_code == 200
    assert row(db, mid).status == "queued"


# PostgreSQL only: on SQLite a callback waits for the write lock before it reads anything.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_callback_that_comes_while_another_is_being_recorded_waits_and_never_goes_back(
    db: Session, dispatcher: Dispatcher, twilio_app: Flask
) -> None:
    mid = queue(db, ALEX, "Reminder")
    drain(dispatcher)
    sid = row(db, mid).twilio_sid
    assert sid is not None
    other = sessions_of(twilio_app)()
    with other.begin():  # "delivered", being recorded: the row locked, not yet committed
        message = other.scalars(select(Message).where(Message.id == mid).with_for_update()).one()
        message.status, message.delivered_at = MessageStatus.DELIVERED, datetime.now(UTC)
        other.flush()
        answers: list[int] = []
        late = threading.Thread(
            target=lambda: answers.append(
                report_status(twilio_app.test_client(), sid, "sent").status_code
            )
        )
        late.start()
        sleep(0.3)
        assert answers == []  # "sent" waits for "delivered" to commit
    late.join(10)
    other.close()
    assert answers == [200]
    assert row(db, mid).status == "delivered"  # not back to "sent"


def test_status_callbacks_only_move_forward_and_record_times(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, twilio_app: Flask
) -> None:
    mid = queue(db, ALEX, "Reminder")
    drain(dispatcher)
    sid = row(db, mid).twilio_sid
    assert sid is not None
    for status in ("sent", "delivered", "sent", "delivered", "queued"):
        assert report_status(twilio_app.test_client(), sid, status).status_code == 200
    message = row(db, mid)
    assert message.status == "delivered" and message.delivered_at is not None
    trail = db.scalars(
        select(MessageStatusEvent.status)
        .where(MessageStatusEvent.message_id == mid)
        .order_by(MessageStatusEvent.id)
    ).all()
    assert trail == ["queued", "sent", "delivered"]


def test_status_callbacks_refuse_forgeries_and_tolerate_unknown_sids(
    db: Session, twilio_app: Flask
) -> None:
    form = {"MessageSid": "SM" + "f" * 32, "MessageStatus": "delivered"}
    forged = twilio_app.test_client().post(
        "/sms/status",
        data=form,
        headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms/status", form, "x")},
    )
    assert forged.status_code == 403
    assert report_status(twilio_app.test_client(), "SM" + "f" * 32, "delivered").status_code == 200
    assert report_status(twilio_app.test_client(), "SM" + "f" * 32, "exploded").status_code == 400


def test_a_claim_abandoned_before_sending_is_sent_after_checking(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    mid = queue(db, ALEX, "Reminder")
    with db.begin():
        db.get_one(Message, mid).status = MessageStatus.CLAIMED
        db.get_one(Message, mid).claimed_at = clock.now - timedelta(minutes=5)
    drain(dispatcher)
    assert len(fake.messages) == 1 and row(db, mid).twilio_sid == fake.messages[0]["sid"]


def test_a_text_twilio_accepted_before_the_dispatcher_died_is_adopted_not_resent(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    mid = queue(db, ALEX, "Reminder: interview at 10")
    queue(db, ALEX, "Reminder: interview at 10", category=outbox.ALERT)  # same words, other row
    with db.begin():
        message = db.get_one(Message, mid)
        message.status, message.claimed_at = MessageStatus.CLAIMED, clock.now - timedelta(minutes=5)
    from botapp.transport.base import OutboundSms

    accepted = dispatcher.transport.send(OutboundSms(to=ALEX, body="Reminder: interview at 10"))
    drain(dispatcher)
    assert row(db, mid).twilio_sid == accepted.sid
    assert len(fake.messages) == 2  # the other row was sent; the adopted one was not resent


# One phone's texts in order, and no duplicate after an ambiguous failure (issue 11) -------


def add_clients(db: Session, count: int) -> list[str]:
    """`count` more clients of the demo office, numbered +1312666nnnn; their phones."""
    with db.begin():
        office_id = client_by_phone(db, ALEX).office_id
        phones = [f"+1312666{n:04d}" for n in range(count)]
        for n, number in enumerate(phones):
            db.add(
                Client(
                    office_id=office_id,
                    external_id=f"order-{n}",
                    first_name="Client",
                    last_name=f"N{n}",
                    phone=number,
                )
            )
    return phones


def unsent(db: Session) -> int:
    return count(db, Message, Message.status.in_(["pending", "claimed"]))


def dispatch_together(twilio_app: Flask, count: int = 3, seconds: float = 60) -> None:
    """Send the whole outbox, retries included, with `count` dispatchers running at once."""
    settings = settings_of(twilio_app)
    sessions = sessions_of(twilio_app)
    dispatchers = [
        Dispatcher(
            sessions,
            settings,
            TwilioTransport(settings, timeout=1.0),
            None,
            batch=7,
            rng=random.Random(n),
        )
        for n in range(count)
    ]
    done, errors = threading.Event(), []

    def work(dispatcher: Dispatcher) -> None:
        try:
            while not done.is_set():
                if not dispatcher.run_once():
                    done.wait(0.05)
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d,)) for d in dispatchers]
    for thread in threads:
        thread.start()
    watch = sessions()
    try:
        deadline = monotonic() + seconds
        while unsent(watch) and monotonic() < deadline and not errors:
            sleep(0.1)
        left = unsent(watch)
    finally:
        done.set()
        for thread in threads:
            thread.join()
        for dispatcher in dispatchers:
            dispatcher.close()
        watch.close()  # an open snapshot would block the TRUNCATE that empties the database
    assert not errors, errors
    assert left == 0, "the outbox was not sent in time"


def at_twilio(fake: FakeTwilio, phone: str) -> list[str]:
    """The bodies Twilio accepted for `phone`, in the order it accepted them."""
    return [m["body"] for m in fake.messages if m["to"] == phone]


def test_thirty_language_switches_are_answered_in_the_order_they_were_sent(
    db: Session, fake: FakeTwilio, twilio_app: Flask
) -> None:
    phone = Phone(twilio_app.test_client(), ALEX)
    for n in range(30):
        assert len(phone.text("ESPAÑOL" if n % 2 == 0 else "ENGLISH")) == 1
    dispatch_together(twilio_app)
    languages = "".join("E" if "English" in b else "S" for b in at_twilio(fake, ALEX))
    assert at_twilio(fake, ALEX) == texts_to(db, ALEX)
    assert languages == "SE" * 15


def test_unsubscribed_always_reaches_the_phone_before_subscribed_again(
    db: Session, fake: FakeTwilio, twilio_app: Flask
) -> None:
    phones = [Phone(twilio_app.test_client(), n) for n in add_clients(db, 40)]
    for phone in phones:
        for words in ("STOP", "HELP", "When is my next appointment?", "START", "HELP"):
            assert phone.post(phone.form(words), handle=False).status_code == 200
    handle_waiting(twilio_app)
    dispatch_together(twilio_app)
    consent = {
        p.number: ["unsubscribed" in b for b in at_twilio(fake, p.number) if "subscribed" in b]
        for p in phones
    }
    assert [n for n, seen in consent.items() if seen != [True, False]] == []
    for phone in phones:
        assert at_twilio(fake, phone.number) == texts_to(db, phone.number)


@pytest.mark.slow
def test_texts_twilio_accepted_before_failing_are_not_sent_twice(
    db: Session, fake: FakeTwilio, twilio_app: Flask
) -> None:
    phones = add_clients(db, 30)
    with db.begin():
        for n in range(300):
            outbox.enqueue(
                db, phone=phones[n % 30], body=f"Text {n:03d}", key="test", category=outbox.REPLY
            )
    fake.fail_after_accept_randomly(0.2, seed=11, hang=1.5)  # the client gives up after 1 s
    dispatch_together(twilio_app, seconds=120)
    assert sum(fake.faults_after_accept.values()) >= 40
    bodies = Counter(m["body"] for m in fake.messages)
    assert len(fake.messages) == 300 and set(bodies.values()) == {1}, "a text was sent twice"
    for number in phones:
        assert at_twilio(fake, number) == texts_to(db, number)
    db.rollback()
    sids = set(db.scalars(select(Message.twilio_sid).where(Message.direction == "outbound")))
    assert sids == {m["sid"] for m in fake.messages}


def test_a_text_held_for_quiet_hours_does_not_hold_a_reply(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock, twilio_app: Flask
) -> None:
    set_quiet(db, time(20, 0), time(9, 0))
    clock.now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 21:00 in Chicago
    check_in = queue(db, ALEX, "Check-in", due=NOON_CHICAGO)  # written first, due at night
    reply = queue(db, ALEX, "Reply", category=outbox.REPLY, due=clock.now)
    drain(dispatcher)
    assert [m["body"] for m in fake.messages] == ["Reply"]
    assert row(db, check_in).status == "pending" and row(db, reply).status == "queued"


def test_a_text_waiting_to_retry_holds_the_later_texts_of_its_phone(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    fake.fail_next(status=503, to=ALEX)
    first = queue(db, ALEX, "First", category=outbox.REPLY)
    queue(db, ALEX, "Second", category=outbox.REPLY)
    queue(db, LUCIA, "Other phone", category=outbox.REPLY)
    drain(dispatcher)
    assert [m["body"] for m in fake.messages] == ["Other phone"]  # ALEX's texts wait
    clock.now = next_try(db, first)
    drain(dispatcher)
    assert [m["body"] for m in fake.messages][1:] == ["First", "Second"]


def test_a_retried_text_twilio_already_has_is_adopted_not_sent_again(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, clock: Clock
) -> None:
    fake.fail_after_accept("500")
    mid = queue(db, ALEX, "Reminder", category=outbox.REPLY)
    drain(dispatcher)
    assert row(db, mid).status == "pending" and len(fake.messages) == 1
    clock.now = next_try(db, mid)
    drain(dispatcher)
    assert len(fake.messages) == 1 and row(db, mid).twilio_sid == fake.messages[0]["sid"]


FINAL = {"delivered", "undelivered"}


@pytest.fixture
def app_server(twilio_app: Flask) -> Iterator[str]:
    """The app served over real HTTP on a free local port: its base URL."""
    with serving(twilio_app) as base:
        yield base


def test_twilios_status_callbacks_bring_a_sent_text_to_delivered_or_undelivered(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, app_server: str
) -> None:
    fake.post_callbacks_to(app_server, sent_after=(0.01, 0.02), final_after=(0.05, 0.1))
    fake.fail_for(LUCIA, 30007)  # accepted, then undelivered: filtered by the carrier
    delivered = queue(db, ALEX, "Your appointment is Thu at 2:30 PM.")
    undelivered = queue(db, LUCIA, "Su cita es el jueves a las 2:30 PM.")
    drain(dispatcher)
    wait_for(lambda: {row(db, delivered).status, row(db, undelivered).status} == FINAL, 10)
    events = {
        mid: db.scalars(
            select(MessageStatusEvent.status)
            .where(MessageStatusEvent.message_id == mid)
            .order_by(MessageStatusEvent.id)
        ).all()
        for mid in (delivered, undelivered)
    }
    assert events == {
        delivered: ["queued", "sent", "delivered"],
        undelivered: ["queued", "sent", "undelivered"],
    }
    assert row(db, undelivered).error_code == "30007"
    # Each callback was signed as Twilio signs it, and the app answered 200.
    assert sorted((c[0], c[1]) for m in fake.messages for c in m["callbacks"]) == [
        ("delivered", 200),
        ("sent", 200),
        ("sent", 200),
        ("undelivered", 200),
    ]
