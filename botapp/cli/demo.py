"""`botapp seed-demo`: a small fictional agency to try botapp with (re-running changes nothing)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.db import get_session
from botapp.models import Agency, Office, Role, Staff
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
    return len(CLIENTS)


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load a fictional agency with two specialists and English- and Spanish-speaking clients."""
    session = get_session()
    with session.begin():
        count = seed(session)
    click.echo(f"demo caseload ready: {count} clients; try `botapp simulate {CLIENTS[0].phone}`")
