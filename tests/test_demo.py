"""The demo command loads a caseload with something to talk about, and can be run again; at
any hour, Alex's reminder, check-in and follow-up reach his phone a minute after seeding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.cli.demo import bring_forward, seed_plans, without_quiet_hours
from botapp.config import sessions_of, settings_of
from botapp.db import utcnow
from botapp.delivery import outbox
from botapp.delivery.quiet_hours import is_quiet
from botapp.models import Appointment, Client, GoalStep, Message, Placement, ScheduledItem
from botapp.workers.clock import tick
from tests.support import ALEX, CHICAGO, MakePhone, botapp, client_by_phone, send_once, sent_to


def test_seed_demo_loads_clients_and_their_plans_and_is_rerunnable(
    app: Flask, runner: FlaskCliRunner, session: Session
) -> None:
    for _ in range(2):
        result = botapp(runner, "seed-demo")
        assert result.exit_code == 0, result.output
    counts = [
        session.scalar(select(func.count()).select_from(model))
        for model in (Client, Appointment, GoalStep, Placement)
    ]
    assert counts == [6, 1, 2, 2]
    pending = session.scalars(select(ScheduledItem.kind).where(ScheduledItem.status == "pending"))
    assert {"appointment.reminder", "goal.checkin", "placement.followup"} <= set(pending)
    assert "The demo agency has no quiet hours" in result.output
    assert f"botapp simulate {ALEX}" in result.output


def test_seed_demo_brings_alexs_texts_a_minute_ahead_in_the_order_they_are_asked(
    app: Flask, runner: FlaskCliRunner, session: Session
) -> None:
    before = utcnow()
    result = botapp(runner, "seed-demo")
    assert "Alex's appointment reminder falls due at" in result.output
    alex = client_by_phone(session, ALEX)
    due = session.execute(
        select(ScheduledItem.kind, ScheduledItem.due_at)
        .where(
            ScheduledItem.client_id == alex.id,
            ScheduledItem.due_at <= before + timedelta(minutes=2),
        )
        .order_by(ScheduledItem.due_at)
    ).all()
    assert [kind for kind, _ in due] == [
        "appointment.reminder",
        "goal.checkin",
        "placement.followup",
    ]
    assert all(
        before + timedelta(seconds=50) < at < before + timedelta(seconds=90) for _, at in due
    )


def next_local(hour: int, minute: int) -> datetime:
    """The next time the clock in Chicago shows hour:minute (the outbox checks the real time)."""
    local = utcnow().astimezone(CHICAGO)
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return (at if at > local else at + timedelta(days=1)).astimezone(UTC)


def test_at_a_quarter_to_six_in_the_morning_alex_gets_a_whole_conversation(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    """Started at 05:45 in Chicago, deep in a real agency's quiet hours."""
    start = next_local(5, 45)
    settings = settings_of(app)
    with demo.begin():
        without_quiet_hours(demo)
        seed_plans(demo, settings, start)
        first = bring_forward(demo, start)
        alex = client_by_phone(demo, ALEX)
        assert not is_quiet(start, alex.timezone, outbox.quiet_hours_for(demo, alex))
    assert first is not None and first <= start + timedelta(minutes=1)
    two_minutes = start + timedelta(minutes=2)
    assert tick(sessions_of(app), settings, two_minutes).ran >= 3
    send_once(app, two_minutes)
    sent = sent_to(app, ALEX)
    assert len(sent) == 1  # one question at a time: the check-in and follow-up wait their turn
    assert sent[0].startswith("Job Connect reminder: your meeting with your specialist is")
    alex_phone = phone(ALEX)
    assert alex_phone.text("1") == ["Great! What time will you leave to get there?"]
    plan = alex_phone.text("8:30")
    assert plan[0] == "Thanks, Alex. See you there!"
    assert plan[1].startswith("Job Connect: Did you finish: Finish the food safety course?")
    working = alex_phone.text("2")
    assert working[1] == (
        "Job Connect: Hi Alex, how is work going at Union Station Cafe? "
        "Reply 1 Great, 2 OK, 3 Having problems"
    )
    assert alex_phone.text("1") == ["That is great to hear, Alex. Thanks for letting us know!"]


def test_other_agencies_keep_their_quiet_hours(app: Flask, demo: Session) -> None:
    night = next_local(5, 45)
    with demo.begin():
        alex = client_by_phone(demo, ALEX)
        assert is_quiet(night, alex.timezone, outbox.quiet_hours_for(demo, alex))


def test_the_reminder_goes_out_at_night_only_for_the_demo_agency(app: Flask, demo: Session) -> None:
    """The dispatcher checks quiet hours again at sending: the demo agency has none."""
    night = next_local(5, 45)
    with demo.begin():
        seed_plans(demo, settings_of(app), night)
        bring_forward(demo, night)
    tick(sessions_of(app), settings_of(app), night + timedelta(minutes=2))
    send_once(app, night + timedelta(minutes=2))
    with sessions_of(app)() as session:
        reminder = session.scalars(select(Message).where(Message.phone == ALEX)).one()
    assert reminder.sent_at is None  # a real agency's 20:00-09:00: it waits for the morning
