"""Stories of staff importing appointments: good rows planned, bad rows reported by line, and
importing again moves, cancels or leaves alone what the client already answered."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments.importer import import_appointments
from botapp.config import settings_of
from botapp.models import Appointment, CaseNote, Message, ScheduledItem
from tests.support import ALEX, CHICAGO, MakePhone, WriteCsv, botapp, fresh, look, run_clock, today

HEADER = "external_id,client_external_id,kind,date,time,place,timezone,check_attendance,status\n"


def on(days: int) -> str:
    """The date `days` from today in Chicago, as the file writes it."""
    return (today() + timedelta(days=days)).isoformat()


def botapp_import(runner: FlaskCliRunner, tmp_csv: WriteCsv, content: str) -> Result:
    return botapp(runner, "import", "appointments", str(tmp_csv(content)))


def appointment(session: Session, external_id: str) -> Appointment:
    query = select(Appointment).where(Appointment.external_id == external_id)
    return fresh(session).scalars(query).one()


def pending(session: Session, appointment_id: int) -> list[str]:
    """The kinds of the appointment's items still to run, with their keys' time stamps."""
    query = (
        select(ScheduledItem.kind, ScheduledItem.key)
        .where(ScheduledItem.subject_id == appointment_id, ScheduledItem.status == "pending")
        .order_by(ScheduledItem.due_at)
    )
    return [f"{kind} {key.split(':', 2)[2]}" for kind, key in look(session, query)]


def test_a_good_file_is_imported_and_its_reminders_planned(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = botapp_import(
        runner,
        tmp_csv,
        HEADER
        + f"A-1,DEMO-1001,interview,{on(10)},14:30,200 W Madison St,America/New_York,,\n"
        + f"A-2,DEMO-1002,Specialist,{on(10)},9:05,Oficina 3,,,\n",
    )
    assert result.exit_code == 0, result.output
    interview, meeting = appointment(demo, "A-1"), appointment(demo, "A-2")
    new_york = datetime.combine(
        datetime.fromisoformat(on(10)).date(), time(14, 30), tzinfo=ZoneInfo("America/New_York")
    )
    assert interview.starts_at == new_york and interview.check_attendance
    assert (meeting.kind, meeting.timezone, meeting.check_attendance) == (
        "specialist",  # the specialist knows whether the client came: no question by default
        "America/Chicago",
        False,
    )
    stamp = new_york.astimezone(UTC).isoformat()
    assert pending(demo, interview.id) == [
        f"appointment.reminder reminder:P3D:{stamp}",
        f"appointment.reminder reminder:P1D:{stamp}",
        f"appointment.reminder reminder:PT2H:{stamp}",
        f"appointment.started started:{stamp}",
        f"appointment.attendance attendance:{stamp}",
    ]
    assert len(pending(demo, meeting.id)) == 4


def test_bad_rows_are_reported_by_line_and_the_good_rows_still_imported(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    good = f"A-1,DEMO-1001,interview,{on(10)},14:30,Main St,,yes,\n"
    result = botapp_import(
        runner,
        tmp_csv,
        HEADER
        + good
        + f"A-2,NOBODY,interview,{on(10)},14:30,Main St,,,\n"
        + "A-3,DEMO-1001,coffee,2026-02-30,2:30 PM,Main St,,,\n"
        + f"A-4,DEMO-1001,job fair,{on(10)},25:00,,Mars/Olympus,maybe,postponed\n"
        + good,
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[:9] == [
        "line 3: no client has client_external_id 'NOBODY'",
        "line 4: kind 'coffee' must be specialist, interview, job_fair, benefits_orientation "
        "or other",
        "line 4: date '2026-02-30' is not a date written as YYYY-MM-DD",
        "line 4: time '2:30 PM' is not a 24-hour time written as HH:MM (2:30 PM is 14:30)",
        "line 5: timezone 'Mars/Olympus' is not a time zone name such as America/Chicago",
        "line 5: time '25:00' is not a 24-hour time written as HH:MM (2:30 PM is 14:30)",
        "line 5: check_attendance 'maybe' must be yes or no",
        "line 5: status 'postponed' must be empty, scheduled or cancelled",
        "line 5: place is empty",
    ]
    assert "line 6: external_id 'A-1' already appears on line 2" in result.output
    assert appointment(demo, "A-1").kind == "interview"


def test_a_nul_character_in_an_appointment_row_rejects_that_row(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = botapp_import(
        runner,
        tmp_csv,
        HEADER
        + f"A-1,DEMO-1001,interview,{on(10)},14:30,Main St,,yes,\n"
        + f"A-2,DEMO-1002\x00,interview,{on(10)},14:30,Main\x00 St,,yes,\n",
    )
    assert result.exit_code == 1, result.output
    assert "line 3: client_external_id holds a NUL character" in result.output
    assert "line 3: place holds a NUL character" in result.output
    assert appointment(demo, "A-1").place == "Main St"


def test_importing_a_new_time_moves_it_and_re_times_the_reminders(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    row = "A-1,DEMO-1001,interview,{},{},Main St,,,\n"
    assert botapp_import(runner, tmp_csv, HEADER + row.format(on(10), "14:30")).exit_code == 0
    before = appointment(demo, "A-1")
    old_id, old_stamp = before.id, before.starts_at.isoformat()
    result = botapp_import(runner, tmp_csv, HEADER + row.format(on(11), "10:00"))
    assert result.exit_code == 0, result.output
    moved = appointment(demo, "A-1")
    assert moved.id == old_id and moved.status.value == "scheduled"
    assert moved.starts_at.astimezone(CHICAGO).strftime("%H:%M") == "10:00"
    new = pending(demo, old_id)
    assert len(new) == 5 and all(moved.starts_at.isoformat() in k for k in new)
    assert not any(old_stamp in k for k in new)
    demo.rollback()
    assert demo.scalars(select(CaseNote.note_key).order_by(CaseNote.id)).all()[-1] == (
        "note.appointment.moved"
    )
    demo.rollback()


def test_importing_status_cancelled_cancels_and_withdraws(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    row = f"A-1,DEMO-1001,interview,{on(10)},14:30,Main St,,,{{}}\n"
    botapp_import(runner, tmp_csv, HEADER + row.format(""))
    assert botapp_import(runner, tmp_csv, HEADER + row.format("Cancelled")).exit_code == 0
    cancelled = appointment(demo, "A-1")
    assert cancelled.status.value == "cancelled"
    assert pending(demo, cancelled.id) == []
    demo.rollback()
    assert demo.scalars(select(Message)).all() == []  # never reminded: nothing to tell them
    demo.rollback()


def test_an_older_export_does_not_undo_what_the_client_answered(
    app: Flask, runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv, phone: MakePhone
) -> None:
    row = HEADER + f"A-1,DEMO-1001,interview,{on(10)},14:30,Main St,,,\n"
    botapp_import(runner, tmp_csv, row)
    run_clock(app, demo, appointment(demo, "A-1").starts_at - timedelta(days=3))
    phone(ALEX).text("2")  # the client cancels by text
    assert botapp_import(runner, tmp_csv, row).exit_code == 0  # the agency's file still has it
    cancelled = appointment(demo, "A-1")
    assert cancelled.status.value == "cancelled"
    assert pending(demo, cancelled.id) == []


def test_turning_the_attendance_check_off_withdraws_it(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    row = f"A-1,DEMO-1001,interview,{on(10)},14:30,Main St,,{{}},\n"
    botapp_import(runner, tmp_csv, HEADER + row.format("yes"))
    botapp_import(runner, tmp_csv, HEADER + row.format("no"))
    found = appointment(demo, "A-1")
    assert not found.check_attendance
    assert [k.split()[0] for k in pending(demo, found.id)][-1] == "appointment.started"


def test_a_past_appointment_is_kept_with_a_warning_and_no_reminders(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = botapp_import(
        runner, tmp_csv, HEADER + f"A-1,DEMO-1001,job_fair,{on(-2)},10:00,Navy Pier,,,\n"
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"line 2: the appointment on {on(-2)} at 10:00 has already begun: no reminders are sent"
    )
    assert pending(demo, appointment(demo, "A-1").id) == []


def test_an_appointment_stays_with_its_client(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    botapp_import(runner, tmp_csv, HEADER + f"A-1,DEMO-1001,interview,{on(10)},14:30,Main,,,\n")
    result = botapp_import(
        runner, tmp_csv, HEADER + f"A-1,DEMO-1002,interview,{on(10)},14:30,Main,,,\n"
    )
    assert result.exit_code == 2  # its one row rejected: nothing imported
    assert "line 2: appointment 'A-1' already belongs to client DEMO-1001" in result.output


def scheduled(app: Flask, session: Session, content: str, now: datetime) -> list[str]:
    """What an import at `now` says each row scheduled, and why not."""
    with session.begin():
        report = import_appointments(session, settings_of(app), content.encode(), now)
    return [notice.text("en") for notice in report.scheduled]


def test_an_appointment_at_dawn_booked_two_hours_before_says_why_no_reminder_goes(
    app: Flask, demo: Session
) -> None:
    booked = datetime(2026, 4, 14, 4, 54, tzinfo=CHICAGO)
    lines = scheduled(
        app, demo, HEADER + "A-1,DEMO-1001,interview,2026-04-14,06:56,Main St,,,\n", booked
    )
    assert lines == [
        "line 2: no reminder will be sent before the appointment on "
        "Tue, Apr 14, 6:56 AM America/Chicago",
        "line 2: no reminder 3 days before: its time, Sat, Apr 11, 6:56 AM America/Chicago, "
        "has passed",
        "line 2: no reminder 1 day before: its time, Mon, Apr 13, 6:56 AM America/Chicago, "
        "has passed",
        # 04:56 is in quiet hours; the last time before them, 19:56 the evening before, is past
        "line 2: no reminder 2 hours before: its time, Tue, Apr 14, 4:56 AM America/Chicago, "
        "falls in quiet hours (20:00-09:00) and the last time before them has passed",
    ]


def test_an_import_says_when_each_reminder_goes_and_which_one_quiet_hours_moved(
    app: Flask, demo: Session
) -> None:
    lines = scheduled(
        app,
        demo,
        HEADER + "A-1,DEMO-1001,interview,2026-04-15,09:30,Main St,,,\n",
        datetime(2026, 4, 1, 12, 0, tzinfo=CHICAGO),
    )
    assert lines == [
        "line 2: reminders 3 days before (Sun, Apr 12, 9:30 AM America/Chicago); "
        "1 day before (Tue, Apr 14, 9:30 AM America/Chicago); "
        "2 hours before (Tue, Apr 14, 7:30 PM America/Chicago)",
        "line 2: the reminder 2 hours before would fall in quiet hours (20:00-09:00), at "
        "Wed, Apr 15, 7:30 AM America/Chicago: it goes earlier, at "
        "Tue, Apr 14, 7:30 PM America/Chicago",
    ]


def test_the_import_report_prints_what_each_row_scheduled(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    result = botapp_import(
        runner,
        tmp_csv,
        HEADER
        + f"A-1,DEMO-1001,interview,{on(10)},14:30,Main St,,,\n"
        + f"A-2,NOBODY,interview,{on(10)},14:30,Main St,,,\n",
    )
    lines = result.output.splitlines()
    assert lines[0] == "line 3: no client has client_external_id 'NOBODY'"
    assert lines[1].startswith("line 2: reminders 3 days before (")
    assert lines[2:] == ["1 record created", "0 records updated", "1 row rejected"]
