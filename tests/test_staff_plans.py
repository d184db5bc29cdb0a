"""The staff web app's plan forms on the client page: create, move and cancel an appointment,
add a goal step, record a placement. Each change plans what the CSV import plans (reminders,
check-ins, follow-ups), texts the client as staff changes do, is audited and in the case
record; each form says what is wrong next to the field; another caseload, a guessed id or
another client's appointment is a 404; a form without its CSRF token is refused. On SQLite
and PostgreSQL; the real browser is tests/test_staff_plans_browser.py."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments.service import AppointmentFields, add_appointment
from botapp.appointments.timing import REMINDER
from botapp.db import utcnow
from botapp.goals.timing import CHECKIN
from botapp.models import (
    Appointment,
    AppointmentStatus,
    Goal,
    GoalStep,
    ItemStatus,
    Placement,
    ScheduledItem,
)
from botapp.placements.timing import FOLLOW_UP
from tests.support import (
    ALEX,
    DANA,
    JAMES,
    LUCIA,
    MARIA,
    MakeBrowser,
    StaffBrowser,
    audits,
    client_by_phone,
    count,
    look,
    notes,
    ok,
    texts_to,
)

CHICAGO = ZoneInfo("America/Chicago")


def signed_in(browser: MakeBrowser, email: str) -> StaffBrowser:
    """A browser in which `email` signed in with the demo password."""
    staff = browser()
    assert staff.sign_in(email).status_code == 302
    return staff


def ahead(days: int) -> date:
    """A day `days` after today where the demo clients live."""
    return utcnow().astimezone(CHICAGO).date() + timedelta(days=days)


def client_id(session: Session, phone: str) -> int:
    found = client_by_phone(session, phone).id
    session.rollback()
    return found


def booked(session: Session, phone: str, days: int = 10) -> int:
    """An appointment of the client at `phone`, `days` ahead at 14:30, as an import adds it."""
    with session.begin():
        client = client_by_phone(session, phone)
        starts = datetime.combine(ahead(days), datetime.min.time(), CHICAGO) + timedelta(
            hours=14, minutes=30
        )
        fields = AppointmentFields(None, "interview", starts, client.timezone, "1 Main St")
        return add_appointment(session, client, fields, utcnow()).id


def reminders(session: Session, appointment: int) -> list[datetime]:
    """When the appointment's pending reminders are due, soonest first."""
    query = (
        select(ScheduledItem.due_at)
        .where(
            ScheduledItem.kind == REMINDER,
            ScheduledItem.subject_id == appointment,
            ScheduledItem.status == ItemStatus.PENDING,
        )
        .order_by(ScheduledItem.due_at)
    )
    return [due for (due,) in look(session, query)]


def remind(session: Session, appointment: int) -> None:
    """As if the first reminder had gone: the client knows of the appointment."""
    with session.begin():
        item = session.scalars(
            select(ScheduledItem).where(
                ScheduledItem.kind == REMINDER, ScheduledItem.subject_id == appointment
            )
        ).first()
        assert item is not None
        item.status = ItemStatus.DONE


def appointment_of(session: Session, appointment: int) -> tuple[AppointmentStatus, datetime]:
    [(status, starts)] = look(
        session,
        select(Appointment.status, Appointment.starts_at).where(Appointment.id == appointment),
    )
    return status, starts


# Appointments.


def test_adding_an_appointment_plans_its_reminders_audited_and_noted(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    alex = client_id(demo_staff, ALEX)
    james = signed_in(browser, JAMES)
    page = james.read(f"/clients/{alex}")
    assert f'href="/clients/{alex}/appointments/new"' in page and "Change the plan" in page
    form = james.read(f"/clients/{alex}/appointments/new")
    assert "<h1>New appointment for Alex Johnson</h1>" in form
    assert "Dates and times are the client&#39;s, in America/Chicago." in form
    assert '<label for="place">Place</label>' in form and 'type="date"' in form
    day = ahead(10)
    answer = james.submit(
        f"/clients/{alex}/appointments/new",
        f"/clients/{alex}/appointments/new",
        kind="interview",
        day=day.isoformat(),
        time="14:30",
        place="1 Main St",
        check_attendance="y",
    )
    assert answer.status_code == 302 and answer.headers["Location"] == f"/clients/{alex}"
    [(number, kind, starts, place, asked)] = look(
        demo_staff,
        select(
            Appointment.id,
            Appointment.kind,
            Appointment.starts_at,
            Appointment.place,
            Appointment.check_attendance,
        ).where(Appointment.client_id == alex),
    )
    wanted = datetime(day.year, day.month, day.day, 14, 30, tzinfo=CHICAGO)
    assert (kind, starts, place, asked) == ("interview", wanted, "1 Main St", True)
    assert len(reminders(demo_staff, number)) == 3  # 3 days, 1 day and 2 hours before
    assert notes(demo_staff)[-1] == ("note.appointment.added", False)
    assert (JAMES, "add_appointment", f"client DEMO-1001, appointment {number}") in audits(
        demo_staff
    )
    page = james.read(f"/clients/{alex}")
    assert "Appointment added: Job interview," in page and "(America/Chicago)" in page
    assert f'href="/clients/{alex}/appointments/{number}/move"' in page


@pytest.mark.parametrize(
    ("fields", "field", "problem"),
    [
        ({"kind": "", "day": "", "time": "", "place": ""}, "place", "Fill this in."),
        ({"kind": "picnic"}, "kind", "Choose one of the kinds in the list."),
        ({"day": "2026-02-30"}, "day", "Write a date such as 2026-03-05"),
        ({"day": "next week"}, "day", "Write a date such as 2026-03-05"),
        ({"time": "25:00"}, "time", "Write a time such as 14:30"),
        ({"day": "2020-01-06"}, "time", "That time has passed: choose a later one."),
        ({"place": "x" * 201}, "place", "At most 200 characters."),
    ],
)
def test_a_bad_appointment_is_refused_next_to_its_field(
    browser: MakeBrowser,
    demo_staff: Session,
    fields: dict[str, str],
    field: str,
    problem: str,
) -> None:
    alex = client_id(demo_staff, ALEX)
    james = signed_in(browser, JAMES)
    good = {"kind": "interview", "day": ahead(5).isoformat(), "time": "9:00", "place": "Here"}
    path = f"/clients/{alex}/appointments/new"
    answer = james.submit(path, path, **{**good, **fields})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Some fields need a change: see below." in page
    assert f'<p class="field-problem" id="{field}-error">{problem}' in page
    assert f'aria-describedby="{field}-error' in page or f'{field}-error"' in page
    assert count(demo_staff, Appointment, Appointment.client_id == alex) == 0


def test_the_errors_are_in_the_staff_members_language(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    lucia = client_id(demo_staff, LUCIA)
    maria = signed_in(browser, MARIA)
    path = f"/clients/{lucia}/appointments/new"
    page = maria.submit(path, path, kind="interview", day="", time="", place="").get_data(
        as_text=True
    )
    assert '<html lang="es">' in page and "Complete este campo." in page
    assert "Nueva cita para Lucía" in page


def test_moving_an_appointment_re_times_its_reminders_and_tells_a_reminded_client(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    alex = client_id(demo_staff, ALEX)
    number = booked(demo_staff, ALEX)
    remind(demo_staff, number)
    before = reminders(demo_staff, number)
    james = signed_in(browser, JAMES)
    path = f"/clients/{alex}/appointments/{number}/move"
    form = james.read(path)
    assert f'value="{ahead(10).isoformat()}"' in form and 'value="14:30"' in form
    new = ahead(12)
    answer = james.submit(path, path, day=new.isoformat(), time="16:00")
    assert answer.headers["Location"] == f"/clients/{alex}"
    wanted = datetime(new.year, new.month, new.day, 16, 0, tzinfo=CHICAGO)
    assert appointment_of(demo_staff, number) == (AppointmentStatus.SCHEDULED, wanted)
    after = reminders(demo_staff, number)
    assert after != before and after == [
        wanted - timedelta(days=3),
        wanted - timedelta(days=1),
        wanted - timedelta(hours=2),
    ]
    assert "Your job interview has a new time:" in texts_to(demo_staff, ALEX)[-1]
    assert "4:00" in texts_to(demo_staff, ALEX)[-1]
    assert notes(demo_staff)[-1] == ("note.appointment.moved", False)
    assert (JAMES, "move_appointment", f"client DEMO-1001, appointment {number}") in audits(
        demo_staff
    )
    assert "Appointment moved: Job interview, now" in james.read(f"/clients/{alex}")


def test_moving_an_appointment_the_client_was_not_reminded_of_texts_nobody(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    alex = client_id(demo_staff, ALEX)
    number = booked(demo_staff, ALEX)
    path = f"/clients/{alex}/appointments/{number}/move"
    answer = signed_in(browser, JAMES).submit(path, path, day=ahead(11).isoformat(), time="9:00")
    assert answer.status_code == 302
    assert texts_to(demo_staff, ALEX) == []


@pytest.mark.parametrize(
    ("day", "time", "field", "problem"),
    [
        ("", "9:00", "day", "Fill this in."),
        ("2026-13-01", "9:00", "day", "Write a date such as"),
        ("DAY", "9.30", "time", "Write a time such as 14:30"),
        ("2021-03-01", "9:00", "time", "That time has passed"),
    ],
)
def test_a_bad_new_time_is_refused_next_to_its_field(
    browser: MakeBrowser, demo_staff: Session, day: str, time: str, field: str, problem: str
) -> None:
    alex = client_id(demo_staff, ALEX)
    number = booked(demo_staff, ALEX)
    _, starts = appointment_of(demo_staff, number)
    path = f"/clients/{alex}/appointments/{number}/move"
    day = ahead(3).isoformat() if day == "DAY" else day
    answer = signed_in(browser, JAMES).submit(path, path, day=day, time=time)
    assert answer.status_code == 400
    assert f'id="{field}-error">{problem}' in answer.get_data(as_text=True)
    assert appointment_of(demo_staff, number) == (AppointmentStatus.SCHEDULED, starts)


def test_cancelling_an_appointment_withdraws_its_reminders_and_tells_a_reminded_client(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    alex = client_id(demo_staff, ALEX)
    number = booked(demo_staff, ALEX)
    remind(demo_staff, number)
    james = signed_in(browser, JAMES)
    path = f"/clients/{alex}/appointments/{number}/cancel"
    assert "<h1>Cancel the appointment: Job interview," in james.read(path)
    answer = james.submit(path, path)
    assert answer.headers["Location"] == f"/clients/{alex}"
    assert appointment_of(demo_staff, number)[0] == AppointmentStatus.CANCELLED
    assert reminders(demo_staff, number) == []
    assert "Your job interview on" in texts_to(demo_staff, ALEX)[-1]
    assert "is cancelled" in texts_to(demo_staff, ALEX)[-1]
    assert notes(demo_staff)[-1] == ("note.appointment.cancelled", False)
    assert (JAMES, "cancel_appointment", f"client DEMO-1001, appointment {number}") in audits(
        demo_staff
    )
    page = james.read(f"/clients/{alex}")
    assert "Appointment cancelled: Job interview," in page
    assert f"/appointments/{number}/move" not in page  # no longer coming
    again = james.submit(f"/clients/{alex}", path)
    assert again.status_code == 400
    assert "This appointment is cancelled or over" in again.get_data(as_text=True)
    moved = james.submit(f"/clients/{alex}", path.replace("cancel", "move"), day="", time="")
    assert moved.status_code == 400 and len(texts_to(demo_staff, ALEX)) == 1


# Goal steps.


def test_adding_a_clients_own_goal_step_plans_its_check_ins(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    alex = client_id(demo_staff, ALEX)
    james = signed_in(browser, JAMES)
    path = f"/clients/{alex}/goals/steps/new"
    form = james.read(path)
    assert '<option value="client">The client</option>' in form
    answer = james.submit(
        path,
        path,
        goal="Barista",
        step="Finish the food safety course \u2014 online",
        responsible="client",
        due_on=ahead(30).isoformat(),
        cadence_days="7",
    )
    assert answer.headers["Location"] == f"/clients/{alex}"
    [(goal, step, number, due, cadence)] = look(
        demo_staff,
        select(
            Goal.title,
            GoalStep.description,
            GoalStep.id,
            GoalStep.due_on,
            GoalStep.cadence_days,
        )
        .join(Goal)
        .where(Goal.client_id == alex),
    )
    assert (goal, step, due, cadence) == (
        "Barista",
        "Finish the food safety course - online",  # plain GSM-7, as on import
        ahead(30),
        7,
    )
    [(status,)] = look(
        demo_staff,
        select(ScheduledItem.status).where(
            ScheduledItem.kind == CHECKIN, ScheduledItem.subject_id == number
        ),
    )
    assert status == ItemStatus.PENDING
    assert (JAMES, "add_goal_step", f"client DEMO-1001, goal step {number}") in audits(demo_staff)
    assert 'Goal step added to "Barista".' in james.read(f"/clients/{alex}").replace("&#34;", '"')
    james.submit(path, path, goal="Barista", step="Call the employer", responsible="specialist")
    assert count(demo_staff, Goal, Goal.client_id == alex) == 1  # the same goal
    assert count(demo_staff, ScheduledItem, ScheduledItem.kind == CHECKIN) == 1  # not the client's


@pytest.mark.parametrize(
    ("fields", "field", "problem"),
    [
        ({"goal": ""}, "goal", "Fill this in."),
        ({"step": "x" * 161}, "step", "At most 160 characters."),
        ({"responsible": "neighbour"}, "responsible", "Choose who does it from the list."),
        ({"due_on": "2020-01-01"}, "due_on", "That day has passed"),
        ({"due_on": "soon"}, "due_on", "Write a date such as"),
        ({"cadence_days": "0"}, "cadence_days", "A whole number of days from 1 to 365."),
        ({"cadence_days": "400"}, "cadence_days", "A whole number of days from 1 to 365."),
    ],
)
def test_a_bad_goal_step_is_refused_next_to_its_field(
    browser: MakeBrowser,
    demo_staff: Session,
    fields: dict[str, str],
    field: str,
    problem: str,
) -> None:
    alex = client_id(demo_staff, ALEX)
    path = f"/clients/{alex}/goals/steps/new"
    good = {"goal": "Barista", "step": "Apply", "responsible": "client"}
    answer = signed_in(browser, JAMES).submit(path, path, **{**good, **fields})
    assert answer.status_code == 400
    assert f'id="{field}-error">{problem}' in answer.get_data(as_text=True)
    assert count(demo_staff, GoalStep) == 0


# Placements.


def test_recording_a_placement_plans_its_follow_ups(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    alex = client_id(demo_staff, ALEX)
    james = signed_in(browser, JAMES)
    path = f"/clients/{alex}/placements/new"
    assert '<label for="start_date">First day of work</label>' in james.read(path)
    answer = james.submit(
        path,
        path,
        employer="Union Station Cafe",
        job_title="Barista trainee",
        start_date=ahead(3).isoformat(),
        hours_per_week="20",
        hourly_wage="$15.50",
        may_contact_employer="y",
    )
    assert answer.headers["Location"] == f"/clients/{alex}"
    [(number, employer, start, hours, wage, allowed)] = look(
        demo_staff,
        select(
            Placement.id,
            Placement.employer,
            Placement.start_date,
            Placement.hours_per_week,
            Placement.hourly_wage,
            Placement.may_contact_employer,
        ).where(Placement.client_id == alex),
    )
    assert (employer, start, hours, str(wage), allowed) == (
        "Union Station Cafe",
        ahead(3),
        20,
        "15.50",
        True,
    )
    follow_ups = select(ScheduledItem.id).where(
        ScheduledItem.kind == FOLLOW_UP, ScheduledItem.subject_id == number
    )
    assert len(look(demo_staff, follow_ups)) == 6  # days 1, 7, 14, 30, 60 and 90
    assert notes(demo_staff)[-1] == ("note.placements.started", False)
    assert (JAMES, "add_placement", f"client DEMO-1001, placement {number}") in audits(demo_staff)
    page = james.read(f"/clients/{alex}")
    assert "Placement recorded: Barista trainee at Union Station Cafe; 6 follow-ups planned." in (
        page
    )


def test_a_step_and_a_placement_added_here_get_an_id_the_page_shows_and_commands_take(
    browser: MakeBrowser, demo_staff: Session, runner: FlaskCliRunner
) -> None:
    alex = client_id(demo_staff, ALEX)
    james = signed_in(browser, JAMES)
    steps, jobs = f"/clients/{alex}/goals/steps/new", f"/clients/{alex}/placements/new"
    james.submit(steps, steps, goal="Barista", step="Apply", responsible="client")
    james.submit(steps, steps, goal="Barista", step="Call back", responsible="client")
    job = {"employer": "Union Station Cafe", "job_title": "Barista", "start_date": str(ahead(3))}
    assert james.submit(jobs, jobs, **job).status_code == 302
    step_ids = [i for (i,) in look(demo_staff, select(GoalStep.external_id).order_by(GoalStep.id))]
    [(job_id,)] = look(demo_staff, select(Placement.external_id))
    assert all(re.fullmatch(r"web-[0-9a-f]{8}", i or "") for i in [*step_ids, job_id])
    assert len(set(step_ids)) == 2
    page = james.read(f"/clients/{alex}")
    assert all(f"<td>{i}</td>" in page for i in [*step_ids, job_id])
    said = ok(runner, f"placements end {job_id} --reason 'Moved away'")
    assert said == [f"placement {job_id} marked ended; 6 follow-ups withdrawn"]


@pytest.mark.parametrize(
    ("fields", "field", "problem"),
    [
        ({"employer": ""}, "employer", "Fill this in."),
        ({"job_title": "x" * 201}, "job_title", "At most 200 characters."),
        ({"start_date": "2026/01/05"}, "start_date", "Write a date such as"),
        ({"hours_per_week": "101"}, "hours_per_week", "A whole number of hours from 1 to 100."),
        ({"hourly_wage": "fifteen"}, "hourly_wage", "An amount in dollars such as 15.50."),
    ],
)
def test_a_bad_placement_is_refused_next_to_its_field(
    browser: MakeBrowser,
    demo_staff: Session,
    fields: dict[str, str],
    field: str,
    problem: str,
) -> None:
    alex = client_id(demo_staff, ALEX)
    path = f"/clients/{alex}/placements/new"
    good = {"employer": "Cafe", "job_title": "Barista", "start_date": ahead(1).isoformat()}
    answer = signed_in(browser, JAMES).submit(path, path, **{**good, **fields})
    assert answer.status_code == 400
    assert f'id="{field}-error">{problem}' in answer.get_data(as_text=True)
    assert count(demo_staff, Placement) == 0


# Scope and CSRF.


def test_another_caseload_a_guessed_id_or_another_clients_appointment_is_a_404(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    alex, lucia = client_id(demo_staff, ALEX), client_id(demo_staff, LUCIA)
    hers = booked(demo_staff, LUCIA)
    james = signed_in(browser, JAMES)
    token = james.token(f"/clients/{alex}")
    refused = [
        f"/clients/{lucia}/appointments/new",
        f"/clients/{lucia}/goals/steps/new",
        f"/clients/{lucia}/placements/new",
        f"/clients/{lucia}/appointments/{hers}/move",
        f"/clients/{lucia}/appointments/{hers}/cancel",
        f"/clients/{alex}/appointments/{hers}/move",  # hers, under Alex's address
        f"/clients/{alex}/appointments/{hers}/cancel",
        f"/clients/{alex}/appointments/999999/cancel",
        "/clients/999999/appointments/new",
    ]
    for path in refused:
        assert james.http.get(path).status_code == 404, path
        assert james.http.post(path, data={"csrf_token": token}).status_code == 404, path
    assert appointment_of(demo_staff, hers)[0] == AppointmentStatus.SCHEDULED
    denied = audits(demo_staff, "cancel_appointment_denied")
    assert (JAMES, "cancel_appointment_denied", "client DEMO-1002") in denied
    assert (
        JAMES,
        "cancel_appointment_denied",
        f"appointment #{hers} of client DEMO-1001",
    ) in denied
    # Her specialist and the office's supervisor may.
    for email in (MARIA, DANA):
        assert (
            signed_in(browser, email).http.get(f"/clients/{lucia}/appointments/new").status_code
            == 200
        )


def test_a_plan_form_without_its_csrf_token_is_refused(
    browser: MakeBrowser, demo_staff: Session, app: Flask
) -> None:
    alex = client_id(demo_staff, ALEX)
    james = signed_in(browser, JAMES)
    good = {"kind": "interview", "day": ahead(5).isoformat(), "time": "9:00", "place": "Here"}
    for token in ({}, {"csrf_token": "forged"}):
        answer = james.http.post(f"/clients/{alex}/appointments/new", data={**good, **token})
        assert answer.status_code == 400
        assert "This form had expired." in answer.get_data(as_text=True)
    assert count(demo_staff, Appointment) == 0
