"""`botapp schedule` says what is due, when (where the client lives) and what holds it back; it
reads client records, so it is audited and limited by role like `botapp case`."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments.importer import import_appointments
from botapp.cli.demo import seed_plans
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.messages.formatting import LocalTime
from botapp.models import Agency, AuditEvent, Client, ScheduledItem
from tests.support import (
    ALEX,
    CHICAGO,
    LUCIA,
    STRANGER,
    MakePhone,
    botapp,
    client_by_phone,
)


def plans(app: Flask, session: Session) -> Client:
    """The demo's plans (Alex: a meeting tomorrow, an IPE step, a job since yesterday)."""
    with session.begin():
        seed_plans(session, settings_of(app), utcnow())
        return client_by_phone(session, ALEX)


def alexs(session: Session, kind: str) -> ScheduledItem:
    """Alex's first pending item of `kind`."""
    item = session.scalars(
        select(ScheduledItem)
        .join(Client, ScheduledItem.client_id == Client.id)
        .where(Client.phone == ALEX, ScheduledItem.kind == kind, ScheduledItem.status == "pending")
        .order_by(ScheduledItem.due_at)
    ).first()
    assert item is not None
    return item


def local(moment: datetime) -> str:
    return LocalTime(moment, "America/Chicago").text("en")


def test_the_schedule_says_what_is_due_when_and_what_holds_it_back(
    app: Flask, demo: Session, runner: FlaskCliRunner
) -> None:
    plans(app, demo)
    now = utcnow()
    soon, late = now + timedelta(hours=1), now - timedelta(minutes=10)
    quiet = [(now + timedelta(minutes=m)).astimezone(CHICAGO).time() for m in (30, 90)]
    quiet = [at.replace(second=0, microsecond=0) for at in quiet]
    with demo.begin():
        alexs(demo, "goal.checkin").due_at = soon  # in quiet hours set around it
        alexs(demo, "placement.followup").due_at = late  # the clock is not running
        agency = demo.scalars(select(Agency)).one()
        agency.quiet_start, agency.quiet_end = quiet
    result = botapp(runner, "schedule", "--client", "(312) 555-0142", "--days", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "Due in the next 1 day (and anything overdue), at each client's local time:"
    )
    follow_up = lines.index(f"{local(late)}: Alex Johnson (DEMO-1001), +13125550142")
    assert lines[follow_up + 1 : follow_up + 3] == [
        "    day 1 follow-up on the job at Union Station Cafe",
        "    overdue: is the clock running (`botapp serve` or `botapp clock`)?",
    ]
    check_in = lines.index(f"{local(soon)}: Alex Johnson (DEMO-1001), +13125550142")
    ends = datetime.combine(soon.astimezone(CHICAGO).date(), quiet[1], tzinfo=CHICAGO)
    ends += timedelta(days=1) if ends < soon else timedelta(0)
    assert lines[check_in + 1 : check_in + 3] == [
        '    check-in 1 on the IPE step "Finish the food safety course"',
        f"    falls in quiet hours ({quiet[0]:%H:%M}-{quiet[1]:%H:%M}): a text it sends waits "
        f"until {local(ends)}",
    ]
    assert follow_up < check_in  # soonest first
    assert lines[-1].endswith(" items")
    with demo.begin():
        event = demo.scalars(select(AuditEvent)).one()
        assert (event.action, event.detail.split(":")[0]) == ("read_schedule", "client DEMO-1001")


def test_an_escalation_alert_in_quiet_hours_has_no_quiet_hours_remark(
    demo: Session, runner: FlaskCliRunner, phone: MakePhone
) -> None:
    """Staff alerts follow the holder's working hours, not the client's quiet hours."""
    phone(ALEX).text("see you friday")  # escalation 1, its alert item for James
    now = utcnow()
    soon = now + timedelta(hours=1)
    quiet = [(now + timedelta(minutes=m)).astimezone(CHICAGO).time() for m in (30, 90)]
    with demo.begin():
        alexs(demo, "escalation.alert").due_at = soon
        agency = demo.scalars(select(Agency)).one()
        agency.quiet_start, agency.quiet_end = [at.replace(second=0, microsecond=0) for at in quiet]
    result = botapp(runner, "schedule", "--client", ALEX, "--days", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    alert = lines.index(f"{local(soon)}: Alex Johnson (DEMO-1001), +13125550142")
    assert lines[alert + 1] == "    alert whoever holds escalation 1"
    assert not lines[alert + 2].startswith("    ")  # nothing holds it back
    assert "quiet hours" not in result.output


def test_a_reminder_moved_out_of_quiet_hours_says_so(
    app: Flask, demo: Session, runner: FlaskCliRunner
) -> None:
    """A meeting at 08:30: its 2-hour reminder would fall at 06:30; it goes the evening before."""
    day = (utcnow().astimezone(CHICAGO) + timedelta(days=30)).date()
    row = f"M-1,DEMO-1002,specialist,{day},08:30,Oficina,America/Chicago\n"
    with demo.begin():
        header = "external_id,client_external_id,kind,date,time,place,timezone\n"
        import_appointments(demo, settings_of(app), (header + row).encode(), utcnow())
    result = botapp(runner, "schedule", "--client", LUCIA, "--days", "31")
    meeting = local(datetime.combine(day, time(8, 30), tzinfo=CHICAGO))
    assert (
        f"    reminder 2 hours before the specialist appointment on {meeting}, "
        "moved earlier out of quiet hours"
    ) in result.output.splitlines()


def test_a_specialist_sees_only_their_caseload_and_is_refused_another_client(
    app: Flask, demo: Session, runner: FlaskCliRunner
) -> None:
    plans(app, demo)
    mine = botapp(runner, "schedule", "--by", "maria.lopez@demo.example", "--days", "30")
    assert mine.exit_code == 0, mine.output
    assert "Lucía Hernández (DEMO-1002)" in mine.output and "Alex" not in mine.output
    assert mine.output.startswith("Pendiente en los próximos 30 días")  # María reads Spanish
    refused = botapp(runner, "schedule", "--client", ALEX, "--by", "maria.lopez@demo.example")
    assert refused.exit_code == 1
    assert "maria.lopez@demo.example (specialist) no puede leer" in refused.output
    with demo.begin():
        actions = demo.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["read_schedule", "read_schedule_denied"]


def test_nothing_due_and_unknown_numbers_are_said_plainly(
    demo: Session, runner: FlaskCliRunner
) -> None:
    assert botapp(runner, "schedule").output == "Nothing is due in the next 7 days.\n"
    unknown = botapp(runner, "schedule", "--client", STRANGER)
    assert unknown.exit_code == 1
    assert "no client has the phone number +*******0199" in unknown.output
    assert botapp(runner, "schedule", "--client", "not a phone").exit_code == 2
