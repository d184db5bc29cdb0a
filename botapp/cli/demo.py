"""`botapp seed-demo`: a small fictional agency to try botapp with (re-running changes nothing)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments.importer import import_appointments
from botapp.config import Settings, settings_of
from botapp.db import get_session, utcnow
from botapp.goals.importer import import_goals
from botapp.models import Agency, Office, Role, Staff
from botapp.placements.importer import import_placements
from botapp.services.access import staff_by_email
from botapp.services.clients import ClientFields, upsert_client

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
    agency = session.scalars(
        select(Agency).where(Agency.name == "Demo Vocational Services")
    ).first()
    if agency is None:
        agency = Agency(name="Demo Vocational Services", timezone="America/Chicago")
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


def seed_plans(session: Session, settings: Settings, now: datetime) -> None:
    """Give the demo something to talk about, through the real CSV imports (re-runnable).

    Alex has a job interview tomorrow, a few minutes past this time, so the one-day reminder
    falls due minutes after the demo starts; Lucía has an IPE step to check in on; Tyrone
    started a job yesterday, so his follow-up ladder runs.
    """
    chicago = now.astimezone(ZoneInfo("America/Chicago")) + timedelta(days=1, minutes=3)
    appointments = (
        "external_id,client_external_id,kind,date,time,timezone,place\n"
        f"DEMO-A1,DEMO-1001,interview,{chicago:%Y-%m-%d},{chicago:%H:%M},America/Chicago,"
        "200 W Madison St\n"
    )
    goals = (
        "client_external_id,goal,step_id,step,responsible,cadence_days\n"
        "DEMO-1002,Asistente de oficina,DEMO-S1,Actualizar su currículum,client,7\n"
    )
    start = (now - timedelta(days=1)).date()
    placements = (
        "external_id,client_external_id,employer,job_title,start_date,hours_per_week\n"
        f"DEMO-P1,DEMO-1003,Lakeside Grocery,Stock associate,{start:%Y-%m-%d},24\n"
    )
    import_appointments(session, settings, appointments.encode(), now)
    import_goals(session, goals.encode(), now)
    import_placements(session, placements.encode(), now)


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load a fictional agency with two specialists and English- and Spanish-speaking clients."""
    session = get_session()
    with session.begin():
        count = seed(session)
        seed_plans(session, settings_of(current_app), utcnow())
    click.echo(f"demo caseload ready: {count} clients; try `botapp simulate {CLIENTS[0].phone}`")
