"""Sending a broadcast: every recipient's text goes to the outbox at once, in their language,
held for quiet hours in their own timezone, behind replies and alerts; a scheduled one starts
on the clock's tick, once; a cancelled one stops what has not gone; a client who opts out
after it was queued gets nothing; and only those who manage it may send it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from botapp.broadcasts import report, sending, tick
from botapp.broadcasts.segment import Segment
from botapp.config import sessions_of, settings_of
from botapp.db import restate
from botapp.delivery import outbox
from botapp.models import (
    BROADCAST_SCOPE,
    Agency,
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    ConsentKind,
    Message,
    MessageStatus,
    Staff,
)
from botapp.services import consent
from botapp.services.access import NotAllowed
from botapp.services.agency import Refused
from botapp.transport.base import build_transport
from botapp.workers import clock
from botapp.workers.dispatcher import Dispatcher
from tests.support import (
    ALEX,
    CHICAGO,
    JAMES,
    LUCIA,
    MARIA,
    MakePhone,
    audits,
    client_by_phone,
    count,
    drain,
    fresh,
    look,
    ok,
    refused,
    send_once,
    sent_to,
    today,
)

TYRONE, JOSE, PRIYA, ANA = "+17735550188", "+17735550189", "+12065550100", "+12125550123"
ADMIN = "admin@demo.example"
STAFF_PHONE = "+13125550177"  # an alert goes to a staff phone
# An afternoon in Chicago: no recipient's quiet hours (20:00-09:00), whatever the real hour.
AFTERNOON = datetime.combine(today() + timedelta(days=1), time(15, 0), CHICAGO)
TEXTS = {"en": "Job fair at {place}.", "es": "Feria de empleo en {place}."}
IS_BROADCAST = Message.category == outbox.BROADCAST.name


def _broadcast(session: Session, segment: Segment | None = None) -> int:
    """A draft broadcast of the demo agency to `segment` (every active client by default)."""
    with fresh(session).begin():
        agency_id = session.scalars(select(Agency.id)).one()
        broadcast = Broadcast(
            agency_id=agency_id,
            name="December job fair",
            texts=TEXTS,
            default_language="en",
            event_place="Harold Washington Library",
            segment=(segment or Segment()).as_json(),
        )
        session.add(broadcast)
        session.flush()
        return broadcast.id


def _staff(session: Session, email: str) -> Staff:
    return session.scalars(select(Staff).where(Staff.email == email)).one()


def _send(app: Flask, session: Session, broadcast_id: int, now: datetime = AFTERNOON) -> int:
    """An administrator sends the broadcast at `now`, as `botapp broadcast send` does."""
    with fresh(session).begin():
        broadcast = session.get_one(Broadcast, broadcast_id)
        admin = _staff(session, ADMIN)
        return sending.send(session, settings_of(app), broadcast, admin, now)


def _status(session: Session, broadcast_id: int) -> BroadcastStatus:
    """The broadcast's status as committed now."""
    [(status,)] = look(session, select(Broadcast.status).where(Broadcast.id == broadcast_id))
    return status


def _dispatcher(app: Flask, now: datetime, batch: int) -> Dispatcher:
    settings = settings_of(app)
    transport = build_transport(settings)
    return Dispatcher(sessions_of(app), settings, transport, batch=batch, clock=lambda: now)


def test_sending_writes_each_recipient_and_their_text_in_their_language(
    app: Flask, demo: Session
) -> None:
    broadcast_id = _broadcast(demo)
    assert _send(app, demo, broadcast_id) == 6
    rows = look(
        demo,
        select(BroadcastRecipient.language, Message.phone, Message.body, Message.status)
        .join(Message, Message.id == BroadcastRecipient.message_id)
        .where(BroadcastRecipient.broadcast_id == broadcast_id),
    )
    bodies = {phone: (language, body.splitlines()[0]) for language, phone, body, _ in rows}
    assert bodies[ALEX] == ("en", "Job fair at Harold Washington Library.")
    assert bodies[LUCIA] == ("es", "Feria de empleo en Harold Washington Library.")
    assert len(bodies) == 6 and {status for *_, status in rows} == {MessageStatus.PENDING}
    assert count(demo, Message, IS_BROADCAST) == 6  # one text per recipient, no more
    [(key, priority, segments)] = look(
        demo,
        select(Message.idempotency_key, Message.priority, Message.segments).where(
            Message.phone == ALEX
        ),
    )
    alex = client_by_phone(fresh(demo), ALEX)
    assert key == f"broadcast:{broadcast_id}:{alex.id}"
    assert priority == outbox.BROADCAST.priority and segments == 1
    broadcast = fresh(demo).get_one(Broadcast, broadcast_id)
    assert broadcast.status is BroadcastStatus.SENDING and broadcast.recipient_count == 6
    assert broadcast.started_at == AFTERNOON
    # Sending it again is refused, and could not queue twice anyway (the idempotency keys).
    with pytest.raises(Refused, match="already_started"):
        _send(app, demo, broadcast_id)
    assert count(demo, Message, IS_BROADCAST) == 6


def test_each_recipient_waits_for_the_end_of_quiet_hours_in_their_own_timezone(
    app: Flask, demo: Session
) -> None:
    evening = datetime.combine(today() + timedelta(days=1), time(21, 30), CHICAGO)
    _send(app, demo, _broadcast(demo), evening)
    due = dict(look(demo, select(Message.phone, Message.not_before).where(IS_BROADCAST)))
    morning = evening.date() + timedelta(days=1)
    for phone, zone in (
        (ANA, "America/New_York"),
        (ALEX, "America/Chicago"),
        (JOSE, "America/Denver"),
    ):
        at = due[phone]
        assert at is not None
        local = at.astimezone(ZoneInfo(zone))
        assert (local.date(), local.time()) == (morning, time(9, 0)), phone
    # 19:30 in Los Angeles is before its quiet hours: Priya's text may go now.
    assert due[PRIYA] == evening


def test_a_reply_and_a_staff_alert_go_before_the_broadcasts_backlog(
    app: Flask, demo: Session
) -> None:
    _send(app, demo, _broadcast(demo, Segment(languages=("es",))))
    with fresh(demo).begin():  # queued after the broadcast: priority, not order, decides
        alex = client_by_phone(demo, ALEX)
        reply, alert = outbox.REPLY, outbox.ALERT
        outbox.enqueue(
            demo, phone=ALEX, body="Got it.", key="t", category=reply, client=alex, due=AFTERNOON
        )
        outbox.enqueue(
            demo, phone=STAFF_PHONE, body="Alert", key="t", category=alert, due=AFTERNOON
        )
    dispatcher = _dispatcher(app, AFTERNOON, batch=1)
    try:
        dispatcher.run_once()
        assert sent_to(app, ALEX) == ["Got it."] and sent_to(app, LUCIA) == []
        dispatcher.run_once()
        assert sent_to(app, STAFF_PHONE) == ["Alert"] and sent_to(app, LUCIA) == []
        drain(dispatcher)
    finally:
        dispatcher.close()
    assert [len(sent_to(app, phone)) for phone in (LUCIA, JOSE, ANA)] == [1, 1, 1]


def test_a_scheduled_broadcast_starts_on_the_clocks_tick_once(app: Flask, demo: Session) -> None:
    broadcast_id = _broadcast(demo)
    at = AFTERNOON + timedelta(hours=1)
    with fresh(demo).begin():
        broadcast = demo.get_one(Broadcast, broadcast_id)
        with pytest.raises(Refused, match="not_in_future"):
            sending.schedule(broadcast, AFTERNOON, _staff(demo, ADMIN), AFTERNOON)
        sending.schedule(broadcast, at, _staff(demo, ADMIN), AFTERNOON)
    sessions, settings = sessions_of(app), settings_of(app)
    clock.tick(sessions, settings, at - timedelta(seconds=1))
    assert count(demo, Message, IS_BROADCAST) == 0
    # A second clock read it while it was still scheduled: the claim lets one start it.
    with sessions() as other:
        stale = other.get_one(Broadcast, broadcast_id)
        other.expunge(stale)
        other.rollback()
        assert clock.tick(sessions, settings, at).features == 1
        assert clock.tick(sessions, settings, at + timedelta(seconds=1)).features == 0
        with pytest.raises(Refused, match="already_started"), other.begin():
            other.add(stale)
            assert stale.status is BroadcastStatus.SCHEDULED  # as that clock read it
            sending.start(other, settings, stale, at)
    assert count(demo, Message, IS_BROADCAST) == 6
    broadcast = fresh(demo).get_one(Broadcast, broadcast_id)
    assert (broadcast.status, broadcast.started_at) == (BroadcastStatus.SENDING, at)


def test_a_scheduled_broadcast_that_cannot_start_goes_back_to_draft_once(
    app: Flask, demo: Session, caplog: pytest.LogCaptureFixture
) -> None:
    broadcast_id = _broadcast(demo)
    with fresh(demo).begin():
        broadcast = demo.get_one(Broadcast, broadcast_id)
        broadcast.texts = {"en": "Job fair for {first_name}"}  # no such placeholder
        broadcast.status, broadcast.send_at = BroadcastStatus.SCHEDULED, AFTERNOON
    sessions, settings = sessions_of(app), settings_of(app)
    assert clock.tick(sessions, settings, AFTERNOON).features == 0
    clock.tick(sessions, settings, AFTERNOON + timedelta(seconds=1))
    said = [r.getMessage() for r in caplog.records if "back to draft" in r.getMessage()]
    assert said == [
        f"scheduled broadcast {broadcast_id} back to draft: broadcast {broadcast_id} cannot be "
        "sent: unknown placeholder {first_name}"
    ]
    assert _status(demo, broadcast_id) is BroadcastStatus.DRAFT
    assert count(demo, Message, IS_BROADCAST) == 0


def test_the_clock_marks_it_sent_once_nothing_is_left_to_send(app: Flask, demo: Session) -> None:
    broadcast_id = _broadcast(demo)
    _send(app, demo, broadcast_id)
    sessions, settings = sessions_of(app), settings_of(app)
    later = AFTERNOON + tick.FINISHED_CHECK
    clock.tick(sessions, settings, later)
    assert _status(demo, broadcast_id) is BroadcastStatus.SENDING
    send_once(app, later)
    done = later + tick.FINISHED_CHECK
    clock.tick(sessions, settings, done)
    broadcast = fresh(demo).get_one(Broadcast, broadcast_id)
    assert (broadcast.status, broadcast.finished_at) == (BroadcastStatus.SENT, done)


def test_cancelling_mid_way_stops_what_has_not_gone_and_says_how_many_went(
    app: Flask, demo: Session
) -> None:
    broadcast_id = _broadcast(demo)
    _send(app, demo, broadcast_id)
    dispatcher = _dispatcher(app, AFTERNOON, batch=2)
    try:
        dispatcher.run_once()  # two texts go
        with fresh(demo).begin():
            broadcast = demo.get_one(Broadcast, broadcast_id)
            done = sending.cancel(demo, broadcast, _staff(demo, ADMIN), AFTERNOON)
        assert (done.went, done.in_flight, done.stopped) == (2, 0, 4)
        drain(dispatcher)
    finally:
        dispatcher.close()
    sent = look(demo, select(Message.id).where(IS_BROADCAST, Message.sent_at.is_not(None)))
    assert len(sent) == 2  # nothing more went
    with fresh(demo).begin():
        broadcast = demo.get_one(Broadcast, broadcast_id)
        assert broadcast.status is BroadcastStatus.CANCELLED
        assert broadcast.cancelled_by_id == _staff(demo, ADMIN).id
        found = report.figures(demo, broadcast).total
    assert found.outcomes[report.Outcome.SENT] == 2
    assert found.outcomes[report.Outcome.CANCELLED] == 4
    # A cancelled broadcast stays cancelled: the clock never calls it sent.
    clock.tick(sessions_of(app), settings_of(app), AFTERNOON + timedelta(hours=1))
    assert _status(demo, broadcast_id) is BroadcastStatus.CANCELLED


def test_a_client_who_opts_out_after_it_was_queued_gets_nothing(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    broadcast_id = _broadcast(demo)
    # Started yesterday afternoon: the opt-outs, now, come after it.
    started = AFTERNOON - timedelta(days=2)
    _send(app, demo, broadcast_id, started)
    phone(ALEX).text("STOP")  # of every text
    with fresh(demo).begin():  # of event notices only ("STOP JOBS")
        consent.record(
            demo,
            phone=LUCIA,
            client=None,
            kind=ConsentKind.OPT_OUT,
            method="sms_keyword",
            scope=BROADCAST_SCOPE,
        )
    send_once(app, started + timedelta(hours=1))
    assert [b for b in sent_to(app, ALEX) if "Job fair" in b] == []
    assert sent_to(app, LUCIA) == []
    assert len(sent_to(app, TYRONE)) == 1
    with fresh(demo).begin():
        found = report.figures(demo, demo.get_one(Broadcast, broadcast_id))
    assert found.total.outcomes[report.Outcome.OPTED_OUT] == 2
    assert found.opted_out_since == 2


def test_only_those_who_manage_it_may_send_schedule_or_cancel_it(
    app: Flask, demo: Session, runner: FlaskCliRunner
) -> None:
    broadcast_id = _broadcast(demo)
    with fresh(demo).begin():
        broadcast = demo.get_one(Broadcast, broadcast_id)
        james = _staff(demo, JAMES)
        with pytest.raises(NotAllowed):
            sending.send(demo, settings_of(app), broadcast, james, AFTERNOON)
        with pytest.raises(NotAllowed):
            sending.schedule(broadcast, AFTERNOON + timedelta(days=1), james, AFTERNOON)
        with pytest.raises(NotAllowed):
            sending.cancel(demo, broadcast, james, AFTERNOON)
    said = refused(runner, f"broadcast send {broadcast_id} --by {JAMES}")
    assert said == (
        f"{JAMES} (specialist) may not manage this broadcast: administrators manage the "
        "agency's, supervisors their office's."
    )
    assert audits(demo, "send_broadcast_denied") == [
        (JAMES, "send_broadcast_denied", f"broadcast {broadcast_id}")
    ]
    assert count(demo, Message, IS_BROADCAST) == 0
    assert _status(demo, broadcast_id) is BroadcastStatus.DRAFT


def test_a_refusal_to_schedule_or_cancel_is_in_the_readers_language_and_audited(
    demo: Session, runner: FlaskCliRunner
) -> None:
    broadcast_id = _broadcast(demo)
    when = (today() + timedelta(days=2)).isoformat()
    for command in (f'schedule {broadcast_id} --at "{when} 10:00"', f"cancel {broadcast_id}"):
        assert refused(runner, f"broadcast {command} --by {MARIA}") == (
            f"{MARIA} (specialist) no puede gestionar este aviso: los administradores "
            "gestionan los de la agencia, los supervisores los de su oficina."
        )
    assert audits(demo, "schedule_broadcast_denied", "cancel_broadcast_denied") == [
        (MARIA, "schedule_broadcast_denied", f"broadcast {broadcast_id}"),
        (MARIA, "cancel_broadcast_denied", f"broadcast {broadcast_id}"),
    ]
    assert _status(demo, broadcast_id) is BroadcastStatus.DRAFT


def test_the_command_line_sends_schedules_and_cancels(
    demo: Session, runner: FlaskCliRunner
) -> None:
    first, second = _broadcast(demo), _broadcast(demo, Segment(languages=("es",)))
    said = refused(runner, f'broadcast schedule {first} --at "tomorrow" --by {ADMIN}')
    assert said == "'tomorrow' is not a date and time such as 2026-12-03 10:00."
    when = (today() + timedelta(days=2)).isoformat()
    [line] = ok(runner, f'broadcast schedule {first} --at "{when} 10:00" --by {ADMIN}')
    assert line.startswith(f"broadcast {first} will start") and "10:00 AM America/Chicago" in line
    assert ok(runner, f"broadcast cancel {first} --by {ADMIN}") == [
        f"broadcast {first} cancelled: 0 had gone, 0 were being sent (they may still "
        "arrive), 0 stopped"
    ]
    [line] = ok(runner, f"broadcast send {second} --by {ADMIN}")
    assert line.startswith(f"broadcast {second} is sending to 3 recipients")
    assert refused(runner, f"broadcast send {second} --by {ADMIN}") == (
        f"broadcast {second} is sending: it cannot be sent or scheduled again"
    )
    assert refused(runner, "broadcast send 999") == "There is no broadcast 999."
    actions = [action for _, action, _ in audits(demo)]
    assert actions.count("schedule_broadcast") == actions.count("send_broadcast") == 1


def test_a_notice_names_the_agencys_own_program_when_an_administrator_set_one(
    app: Flask, demo: Session
) -> None:
    broadcast_id = _broadcast(demo)
    with fresh(demo).begin():
        demo.scalars(select(Agency)).one().program_name = "Pathways to Work"
        demo.get_one(Broadcast, broadcast_id).texts = {"en": "{program}: job fair at {place}."}
    _send(app, demo, broadcast_id)
    [body] = look(demo, select(Message.body).where(IS_BROADCAST, Message.phone == ALEX))
    assert body[0].startswith("Pathways to Work: job fair at Harold Washington Library.")


def test_after_a_send_postgresql_plans_for_the_outboxs_new_size(app: Flask, demo: Session) -> None:
    # Connections keep plans made for the outbox's old size (foreign-key checks, prepared
    # statements) until its statistics change: a send that grows it by over a tenth takes
    # them in its own transaction (decision 30). SQLite keeps no such plans.
    postgres = demo.get_bind().dialect.name == "postgresql"
    size = "SELECT reltuples FROM pg_class WHERE oid = to_regclass('messages')"
    _send(app, demo, _broadcast(demo))
    total = count(demo, Message)
    if postgres:
        assert fresh(demo).scalar(text(size)) == total
    with fresh(demo).begin():  # a tenth of the rows or fewer: left to autovacuum
        assert not restate(demo, "messages", total // 10)
        assert restate(demo, "messages", total // 10 + 1) is postgres
