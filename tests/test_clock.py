"""The clock's tick, told in the database: due texts go out once, late questions wake, daily once.

Each story drives the tick with chosen times. A reminder kind made for these tests enqueues
one text per item *without* an idempotency key, so only the clock's claims keep it single.
Real clock processes are in test_clock_processes.py.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from botapp import features
from botapp.config import Settings, sessions_of, settings_of
from botapp.delivery import outbox
from botapp.flows import engine, schedule
from botapp.flows.feature import DailyJob
from botapp.models import (
    CaseNote,
    Client,
    ClockJob,
    Conversation,
    Direction,
    Message,
    ScheduledItem,
    SenderPacing,
)
from botapp.workers.clock import Tick, tick
from tests.support import ALEX, MakePhone, botapp, client_by_phone, count, look, send_once

# 11:00 in Chicago (CDT): inside the day, outside quiet hours.
NOW = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)


def remind(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """A test reminder: one outreach text for the item, no idempotency key."""
    client = session.get_one(Client, item.client_id)
    outbox.enqueue(
        session,
        phone=client.phone,
        body=f"Reminder {item.key}",
        key="test.reminder",
        category=outbox.REMINDER,
        client=client,
        due=now,
    )


def broken(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """A handler with a bug, whose error quotes a phone number and a body."""
    raise ValueError("could not text +13125550142: 'Your appointment is at 3pm'")


@pytest.fixture(autouse=True)
def handlers() -> Iterator[None]:
    schedule.HANDLERS.update({"test.reminder": remind, "test.broken": broken})
    yield
    for kind in ("test.reminder", "test.broken"):
        schedule.HANDLERS.pop(kind)


@pytest.fixture
def caseload(app: Flask, demo: Session) -> Session:
    """The demo clients, all of them new on NOW (so no monthly check-in is due yet)."""
    with demo.begin():
        demo.execute(update(Client).values(created_at=NOW))
    return demo


def run(app: Flask, now: datetime, batch: int = 200) -> Tick:
    return tick(sessions_of(app), settings_of(app), now, batch)


def add_items(
    session: Session, count: int, kind: str = "test.reminder", due_at: datetime = NOW
) -> list[int]:
    with session.begin():
        clients = session.scalars(select(Client.id).order_by(Client.id)).all()
        items = [
            schedule.schedule(
                session,
                client_id=clients[i % len(clients)],
                kind=kind,
                due_at=due_at,
                key=f"{kind}:{i}",
            )
            for i in range(count)
        ]
        return [item.id for item in items]


def outbound(session: Session) -> list[Message]:
    session.rollback()  # a fresh snapshot; leaves no transaction open
    query = select(Message).where(Message.direction == Direction.OUTBOUND).order_by(Message.id)
    rows = list(session.scalars(query))
    session.rollback()
    return rows


def statuses(session: Session) -> dict[str, int]:
    query = select(ScheduledItem.status, func.count()).group_by(ScheduledItem.status)
    return {status: n for status, n in look(session, query)}


def test_a_reminder_waits_for_its_time_then_goes_to_the_outbox_once(
    app: Flask, caseload: Session
) -> None:
    add_items(caseload, 1)
    assert not run(app, NOW - timedelta(seconds=1)).ran
    assert run(app, NOW).ran == 1
    assert run(app, NOW + timedelta(minutes=1)).ran == 0
    assert [m.body for m in outbound(caseload)] == ["Reminder test.reminder:0"]
    assert statuses(caseload) == {"done": 1}


def test_many_due_reminders_go_out_in_batches_each_once(app: Flask, caseload: Session) -> None:
    add_items(caseload, 25)
    assert run(app, NOW, batch=7).ran == 25
    assert sorted(m.body for m in outbound(caseload)) == sorted(
        f"Reminder test.reminder:{i}" for i in range(25)
    )


def test_a_reminder_due_at_night_waits_in_the_outbox_for_the_clients_morning(
    app: Flask, caseload: Session
) -> None:
    night = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 03:00 in Chicago
    add_items(caseload, 1, due_at=night)
    run(app, night)
    (text,) = outbound(caseload)
    assert text.category == "reminder"
    assert text.not_before == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 09:00 in Chicago


def test_a_client_who_texted_stop_does_not_get_the_reminder_the_clock_enqueued(
    app: Flask, caseload: Session, phone: MakePhone
) -> None:
    with caseload.begin():
        alex = client_by_phone(caseload, ALEX)
        schedule.schedule(
            caseload, client_id=alex.id, kind="test.reminder", due_at=NOW, key="alex-reminder"
        )
    phone(ALEX).text("STOP")
    run(app, NOW)
    send_once(app, NOW)
    reminder = [m for m in outbound(caseload) if m.message_key == "test.reminder"]
    assert [m.status for m in reminder] == ["canceled"]


def test_a_failing_item_is_logged_by_id_and_marked_failed_while_the_others_go_out(
    app: Flask, caseload: Session, caplog: pytest.LogCaptureFixture
) -> None:
    add_items(caseload, 3)
    (bad,) = add_items(caseload, 1, kind="test.broken")
    with caplog.at_level(logging.ERROR):
        done = run(app, NOW)
    assert (done.ran, done.failed) == (3, 1)
    assert statuses(caseload) == {"done": 3, "failed": 1}
    assert f"scheduled item {bad} failed (ValueError at test_clock.py" in caplog.text
    assert "5550142" not in caplog.text and "appointment" not in caplog.text
    assert run(app, NOW + timedelta(minutes=1)).failed == 0  # given up, not retried forever


def test_a_database_hiccup_stops_the_tick_and_loses_nothing(
    app: Flask, caseload: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_items(caseload, 2)

    def hiccup(*args: object) -> int:
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(schedule, "run_due", hiccup)
    with pytest.raises(OperationalError):
        run(app, NOW)
    assert statuses(caseload) == {"pending": 2}  # not marked failed: it was not the items
    monkeypatch.undo()
    assert run(app, NOW + timedelta(seconds=1)).ran == 2


def two_clocks(app: Flask, now: datetime, batch: int) -> list[Tick]:
    """Two clocks ticking at the same moment, each with its own connections."""
    results: list[Tick] = []
    start = threading.Barrier(2)

    def one_clock() -> None:
        start.wait()
        results.append(run(app, now, batch))

    threads = [threading.Thread(target=one_clock) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_clocks_ticking_together_enqueue_each_due_text_once(
    app: Flask, caseload: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    jobs = {name: counted(name, job, runs) for name, job in features.daily_jobs().items()}
    monkeypatch.setattr(features, "daily_jobs", lambda: jobs)
    add_items(caseload, 300)
    first, second = two_clocks(app, NOW, batch=7)
    assert first.ran + second.ran == 300
    bodies = [m.body for m in outbound(caseload)]
    assert len(bodies) == len(set(bodies)) == 300
    assert statuses(caseload) == {"done": 300}
    assert sorted(runs) == sorted(jobs)  # each daily job ran once, on one clock or the other


def counted(name: str, job: DailyJob, runs: list[str]) -> DailyJob:
    """`job`, noting each run of it in `runs`."""

    def run_job(session: Session, settings: Settings, now: datetime) -> int:
        runs.append(name)
        return job(session, settings, now)

    return run_job


def back_date_clients(session: Session, days: int) -> None:
    with session.begin():
        session.execute(update(Client).values(created_at=NOW - timedelta(days=days)))


def contact_notes(session: Session) -> int:
    return count(session, CaseNote, CaseNote.note_key == "note.contact.no_reply")


def test_the_daily_check_texts_quiet_clients_once_however_often_the_clock_ticks(
    app: Flask, caseload: Session
) -> None:
    back_date_clients(caseload, 40)
    clients = len(caseload.scalars(select(Client.id)).all())
    caseload.rollback()
    assert run(app, NOW).checked == clients
    assert run(app, NOW + timedelta(minutes=1)).checked is None  # a restart finds it done
    assert len(outbound(caseload)) == clients
    with caseload.begin():
        row = caseload.get_one(ClockJob, "contact.daily")
        assert row.next_run_at == datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # 10:00 Chicago


def test_each_daily_job_keeps_its_next_run_in_clock_jobs_and_none_in_sender_pacing(
    app: Flask, caseload: Session
) -> None:
    run(app, NOW)
    with caseload.begin():
        jobs = caseload.scalars(select(ClockJob.name).order_by(ClockJob.name)).all()
        assert jobs == list(features.daily_jobs()) == ["contact.daily", "escalations.daily"]
        assert caseload.scalar(select(func.count()).select_from(SenderPacing)) == 0


def test_the_next_daily_check_comes_at_ten_the_next_morning_and_skips_the_recently_texted(
    app: Flask, caseload: Session
) -> None:
    back_date_clients(caseload, 40)
    run(app, NOW)
    assert run(app, datetime(2026, 3, 11, 14, 59, tzinfo=UTC)).checked is None
    assert run(app, datetime(2026, 3, 11, 15, 0, tzinfo=UTC)).checked == 0


def test_an_unanswered_monthly_check_in_is_closed_by_the_clock_the_next_day(
    app: Flask, caseload: Session
) -> None:
    back_date_clients(caseload, 40)
    run(app, NOW)
    assert run(app, NOW + timedelta(hours=23)).woke == 0
    done = run(app, NOW + timedelta(days=1))
    clients = len(outbound(caseload))
    assert done.woke == clients
    assert contact_notes(caseload) == clients
    caseload.rollback()
    assert set(caseload.scalars(select(Conversation.status))) == {"expired"}


def test_a_question_that_fails_to_wake_is_logged_and_given_up_alone(
    app: Flask, caseload: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    back_date_clients(caseload, 40)
    run(app, NOW)
    with caseload.begin():
        first = caseload.scalars(select(Conversation.id).order_by(Conversation.id)).first()
    real_wake = engine.wake

    def wake(
        session: Session, settings: Settings, conversation: Conversation, now: datetime
    ) -> None:
        if conversation.id == first:
            raise KeyError("no such step")
        real_wake(session, settings, conversation, now)

    monkeypatch.setattr(engine, "wake", wake)
    with caplog.at_level(logging.ERROR):
        done = run(app, NOW + timedelta(days=1))
    assert done.failed == 1 and done.woke == len(outbound(caseload)) - 1
    assert f"conversation {first} failed (KeyError" in caplog.text
    with caseload.begin():
        assert caseload.get_one(Conversation, first).status == "failed"


def test_a_failing_daily_check_is_logged_and_waits_for_tomorrow(
    app: Flask, caseload: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(session: Session, settings: Settings, now: datetime) -> int:
        raise RuntimeError("bug")

    jobs = {**features.daily_jobs(), "contact.daily": boom}
    monkeypatch.setattr(features, "daily_jobs", lambda: jobs)
    add_items(caseload, 1)
    with caplog.at_level(logging.ERROR):
        done = run(app, NOW)
    # The reminders still went out, and the escalations' digest ran (it starts no text).
    assert (done.checked, done.ran) == (0, 1)
    assert "daily job contact.daily failed (RuntimeError" in caplog.text
    monkeypatch.undo()
    assert run(app, NOW + timedelta(minutes=1)).checked is None


def test_a_failing_daily_job_does_not_stop_the_others(
    app: Flask, caseload: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(session: Session, settings: Settings, now: datetime) -> int:
        raise RuntimeError("bug")

    def three(session: Session, settings: Settings, now: datetime) -> int:
        return 3

    monkeypatch.setattr(features, "daily_jobs", lambda: {"a.daily": boom, "b.daily": three})
    assert run(app, NOW).checked == 3
    assert run(app, NOW + timedelta(minutes=1)).checked is None  # both wait for tomorrow


def test_a_new_daily_job_runs_at_once_and_a_gone_one_keeps_nothing_due(
    app: Flask, caseload: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def one(session: Session, settings: Settings, now: datetime) -> int:
        return 1

    run(app, NOW)  # the contact check: done for today
    monkeypatch.setattr(features, "daily_jobs", lambda: {"contact.daily": one, "new.daily": one})
    assert run(app, NOW + timedelta(minutes=1)).checked == 1  # only the new job was due
    with caseload.begin():
        caseload.add(ClockJob(name="gone.daily", next_run_at=NOW))  # its feature was removed
    assert not run(app, NOW + timedelta(minutes=2))  # the first read finds nothing due


def test_clock_once_runs_one_tick_says_what_it_did_and_exits(app: Flask, demo: Session) -> None:
    add_items(demo, 2)  # due on NOW, long past
    result = botapp(app.test_cli_runner(), "clock", "--once")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "one tick: scheduled items run: 2; unanswered questions re-asked or closed: 0; "
        "failed: 0; daily contact check: 0 clients texted\n"
    )
    assert statuses(demo) == {"done": 2}
    again = botapp(app.test_cli_runner(), "clock", "--once")
    assert "scheduled items run: 0" in again.output and "contact check: not due" in again.output


def test_clock_once_exits_1_when_an_item_failed(app: Flask, demo: Session) -> None:
    add_items(demo, 1, kind="test.broken")
    result = botapp(app.test_cli_runner(), "clock", "--once")
    assert result.exit_code == 1
    assert "failed: 1" in result.output
