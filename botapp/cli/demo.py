"""`botapp seed-demo`: a small fictional agency to try botapp with (re-running adds nothing twice).

Two things only the demo does, so that it shows a whole conversation at any hour: its agency
has no quiet hours, and Alex's next reminder, check-in and follow-up are brought forward to a
minute after seeding. And in development only, its staff get a password printed here, to sign
in to the staff web app at once.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments.importer import import_appointments
from botapp.appointments.timing import REMINDER
from botapp.config import Settings, settings_of
from botapp.db import get_session, utcnow
from botapp.goals.importer import import_goals
from botapp.goals.timing import CHECKIN
from botapp.messages import demo as texts
from botapp.messages import render
from botapp.messages.formatting import LocalTime
from botapp.models import Agency, ItemStatus, Office, Role, ScheduledItem, Staff
from botapp.placements.importer import import_placements
from botapp.placements.timing import FOLLOW_UP
from botapp.services.access import staff_by_email
from botapp.services.clients import ClientFields, find_by_phone, upsert_client
from botapp.services.sign_in import set_password

AGENCY = "Demo Vocational Services"
ALWAYS = time(0, 0)  # quiet hours from 00:00 to 00:00: none (botapp.delivery.quiet_hours)
# Alex's first text falls due this long after `botapp seed-demo`, the next ones this far apart.
FIRST_TEXT_AFTER = timedelta(minutes=1)
BETWEEN = timedelta(seconds=10)
# Fictional people; every number is in the 555-01xx range reserved for fiction.
STAFF = [
    ("maria.lopez@demo.example", "María López", Role.SPECIALIST, "es"),
    ("james.carter@demo.example", "James Carter", Role.SPECIALIST, "en"),
    ("dana.reed@demo.example", "Dana Reed", Role.SUPERVISOR, "en"),
    ("admin@demo.example", "Sam Admin", Role.ADMIN, "en"),
]
CLIENTS = [
    ClientFields(
        "DEMO-1001",
        "Alex",
        "Johnson",
        "+13125550142",
        "en",
        "America/Chicago",
        "james.carter@demo.example",
    ),
    ClientFields(
        "DEMO-1002",
        "Lucía",
        "Hernández",
        "+13125550143",
        "es",
        "America/Chicago",
        "maria.lopez@demo.example",
    ),
    ClientFields(
        "DEMO-1003",
        "Tyrone",
        "Williams",
        "+17735550188",
        "en",
        "America/Chicago",
        "james.carter@demo.example",
    ),
    ClientFields(
        "DEMO-1004",
        "José",
        "Ramírez",
        "+17735550189",
        "es",
        "America/Denver",
        "maria.lopez@demo.example",
    ),
    ClientFields(
        "DEMO-1005",
        "Priya",
        "Natarajan",
        "+12065550100",
        "en",
        "America/Los_Angeles",
        "james.carter@demo.example",
    ),
    ClientFields(
        "DEMO-1006",
        "Ana",
        "Torres",
        "+12125550123",
        "es",
        "America/New_York",
        "maria.lopez@demo.example",
    ),
]


def seed(session: Session) -> int:
    """Write the demo agency, office, staff and clients; return how many clients exist."""
    agency = session.scalars(select(Agency).where(Agency.name == AGENCY)).first()
    if agency is None:
        agency = Agency(name=AGENCY, timezone="America/Chicago")
        office = Office(agency=agency, name="Chicago Loop Office", phone="+13125550100")
        session.add_all([agency, office])
        session.flush()
    office = agency.offices[0]
    for email, name, role, locale in STAFF:
        if session.scalars(select(Staff).where(Staff.email == email)).first() is None:
            session.add(
                Staff(office_id=office.id, email=email, name=name, role=role, locale=locale)
            )
    session.flush()
    for fields in CLIENTS:
        upsert_client(session, office, fields)
    seed_reachability(session, agency)
    return len(CLIENTS)


# How the demo's staff are reached when a client needs a person (fictional 555-01xx numbers).
STAFF_PHONES = {
    "maria.lopez@demo.example": "+13125550111",
    "james.carter@demo.example": "+13125550112",
    "dana.reed@demo.example": "+13125550113",
    "admin@demo.example": "+13125550114",
}
SUPERVISOR = "dana.reed@demo.example"  # the specialists' supervisor
ON_CALL = "+13125550199"
# The demo staff's password for the staff web app: public here, so only a development app
# (a loopback PUBLIC_BASE_URL or BOTAPP_ENV=development) gives it; real staff set their own.
DEMO_PASSWORD = "demo-password-2026"
ALERT_EMAIL = "alerts@demo.example"


def seed_reachability(session: Session, agency: Agency) -> None:
    """Give the demo staff phones and the specialists a supervisor, and the agency an on-call
    number and an alert email; only where none is set, so changes made since stay."""
    agency.on_call_phone = agency.on_call_phone or ON_CALL
    agency.alert_email = agency.alert_email or ALERT_EMAIL
    supervisor = staff_by_email(session, SUPERVISOR)
    for staff in session.scalars(select(Staff).where(Staff.email.in_(STAFF_PHONES))):
        staff.phone = staff.phone or STAFF_PHONES[staff.email]
        if staff.role is Role.SPECIALIST and staff.supervisor_id is None:
            staff.supervisor = supervisor
    session.flush()


def seed_passwords(session: Session) -> None:
    """Give the demo staff who have no password the demo's, so they can sign in at once."""
    for staff in session.scalars(select(Staff).where(Staff.email.in_(STAFF_PHONES))):
        if staff.password_hash is None:
            set_password(session, staff, DEMO_PASSWORD)


def seed_plans(session: Session, settings: Settings, now: datetime) -> None:
    """Give the demo something to talk about, through the real CSV imports (re-runnable).

    Alex meets his specialist tomorrow, works on an IPE step and started a job yesterday;
    Lucía has an IPE step to check in on; Tyrone started a job yesterday, so his follow-up
    ladder runs.
    """
    chicago = now.astimezone(ZoneInfo("America/Chicago"))
    tomorrow, yesterday = chicago.date() + timedelta(days=1), chicago.date() - timedelta(days=1)
    appointments = (
        "external_id,client_external_id,kind,date,time,timezone,place\n"
        f"DEMO-A1,DEMO-1001,specialist,{tomorrow:%Y-%m-%d},10:30,America/Chicago,"
        "55 W Monroe St\n"
    )
    goals = (
        "client_external_id,goal,step_id,step,responsible,cadence_days\n"
        "DEMO-1001,Barista,DEMO-S2,Finish the food safety course,client,7\n"
        "DEMO-1002,Asistente de oficina,DEMO-S1,Actualizar su currículum,client,7\n"
    )
    placements = (
        "external_id,client_external_id,employer,job_title,start_date,hours_per_week\n"
        f"DEMO-P1,DEMO-1003,Lakeside Grocery,Stock associate,{yesterday:%Y-%m-%d},24\n"
        f"DEMO-P2,DEMO-1001,Union Station Cafe,Barista trainee,{yesterday:%Y-%m-%d},20\n"
    )
    import_appointments(session, settings, appointments.encode(), now)
    import_goals(session, goals.encode(), now)
    import_placements(session, placements.encode(), now)


def without_quiet_hours(session: Session) -> None:
    """Let the demo agency text at any hour: a demo started at 05:45 must still show texts.

    Only this fictional agency: a real agency keeps its window (default 20:00-09:00).
    """
    agency = session.scalars(select(Agency).where(Agency.name == AGENCY)).one()
    agency.quiet_start = agency.quiet_end = ALWAYS  # an empty window: never quiet


def bring_forward(session: Session, now: datetime) -> datetime | None:
    """Move Alex's next reminder, check-in and follow-up to a minute from now, in that order.

    Ten seconds apart, so the reminder is asked first and the others wait behind it, each
    asked once the one before is answered (one question at a time). Returns when the first
    falls due (None: nothing left to move).
    """
    alex = find_by_phone(session, CLIENTS[0].phone)
    if alex is None:
        return None
    first = now + FIRST_TEXT_AFTER
    moved = 0
    for kind in (REMINDER, CHECKIN, FOLLOW_UP):
        item = session.scalars(
            select(ScheduledItem)
            .where(
                ScheduledItem.client_id == alex.id,
                ScheduledItem.kind == kind,
                ScheduledItem.status == ItemStatus.PENDING,
            )
            .order_by(ScheduledItem.due_at)
        ).first()
        if item is not None:
            item.due_at = first + moved * BETWEEN
            moved += 1
    return first if moved else None


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load a fictional agency with two specialists and English- and Spanish-speaking clients.

    The demo agency has no quiet hours, and Alex's reminder, check-in and job follow-up fall
    due a minute after this command: the demo shows a whole conversation at any hour.
    """
    settings = settings_of(current_app)
    session = get_session()
    now = utcnow()
    with session.begin():
        count = seed(session)
        without_quiet_hours(session)
        seed_plans(session, settings, now)
        first = bring_forward(session, now)
        if settings.development:
            seed_passwords(session)
    locale, alex = settings.default_locale, CLIENTS[0]
    click.echo(render(texts.READY, locale, n=count))
    if first is not None:
        due = LocalTime(first, alex.timezone).text(locale, seconds=True)
        click.echo(render(texts.FIRST_TEXT, locale, name=alex.first_name, due=due))
    click.echo(render(texts.TRY, locale, phone=alex.phone))
    if settings.development:
        emails = ", ".join(email for email, *_ in STAFF)
        url = settings.public_base_url + "/"
        click.echo(render(texts.SIGN_IN, locale, url=url, emails=emails, password=DEMO_PASSWORD))
