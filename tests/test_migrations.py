"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import Connection, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, load_only

from botapp.cli.database import alembic_config, upgrade
from botapp.config import engine_of
from botapp.db import Base, create_quiet_engine
from botapp.models import Agency, ClockJob, SenderPacing, Staff


def test_models_and_migrations_agree(app: Flask) -> None:
    engine = engine_of(app)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def _statuses(url: str) -> dict[str, str]:
    engine = create_quiet_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT flow, status FROM conversations ORDER BY id"))
        found = {f"{flow} {n}": status for n, (flow, status) in enumerate(rows)}
    engine.dispose()
    return found


def test_0008_questions_withdrawn_as_cancelled_become_withdrawn_and_back(
    bare_database_url: str,
) -> None:
    url = bare_database_url
    upgrade(url, "0007")
    engine = create_quiet_engine(url)
    at = datetime(2026, 11, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agencies (id, name, timezone, created_at) VALUES (1, 'A', 'UTC', :at)"
            ),
            {"at": at},
        )
        conn.execute(text("INSERT INTO offices (id, agency_id, name) VALUES (1, 1, 'O')"))
        conn.execute(
            text(
                "INSERT INTO clients (id, office_id, external_id, first_name, last_name, phone,"
                " language, timezone, status, created_at, updated_at)"
                " VALUES (1, 1, 'C-1', 'Alex', 'K', '+13125550142', 'en', 'UTC', 'active',"
                " :at, :at)"
            ),
            {"at": at},
        )
        for flow, status in [
            ("placement_followup", "cancelled"),  # written by the job-loss path before 0008
            ("appointment_reminder", "withdrawn"),
            ("placement_followup", "done"),
        ]:
            conn.execute(
                text(
                    "INSERT INTO conversations (client_id, flow, step, status, priority, state,"
                    " unclear_replies, reprompted, created_at, updated_at)"
                    " VALUES (1, :flow, 'ask', :status, 20, '{}', 0, :no, :at, :at)"
                ),
                {"flow": flow, "status": status, "no": False, "at": at},
            )
    engine.dispose()

    upgrade(url, "0008")
    assert _statuses(url) == {
        "placement_followup 0": "withdrawn",
        "appointment_reminder 1": "withdrawn",
        "placement_followup 2": "done",
    }
    command.downgrade(alembic_config(url), "0007")
    assert _statuses(url) == {
        "placement_followup 0": "cancelled",
        "appointment_reminder 1": "withdrawn",
        "placement_followup 2": "done",
    }


def _pacing(url: str) -> dict[str, datetime]:
    engine = create_quiet_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(SenderPacing.sender, SenderPacing.next_slot_at)).all()
    engine.dispose()
    return {sender: at for sender, at in rows}


def _clock_jobs(url: str) -> dict[str, datetime]:
    engine = create_quiet_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(ClockJob.name, ClockJob.next_run_at)).all()
    engine.dispose()
    return {name: at for name, at in rows}


def test_0009_moves_the_daily_checks_next_run_from_sender_pacing_to_clock_jobs_and_back(
    bare_database_url: str,
) -> None:
    url = bare_database_url
    upgrade(url, "0008")
    tomorrow = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    slot = datetime(2026, 12, 1, 16, 0, 5, tzinfo=UTC)
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(SenderPacing),
            [
                {"sender": "clock:contact-check", "next_slot_at": tomorrow},  # before 0009
                {"sender": "+13125550100", "next_slot_at": slot},  # a real sender's pacing
            ],
        )
    engine.dispose()

    upgrade(url, "0009")
    assert _clock_jobs(url) == {"contact.daily": tomorrow}
    assert _pacing(url) == {"+13125550100": slot}
    command.downgrade(alembic_config(url), "0008")
    assert _pacing(url) == {"clock:contact-check": tomorrow, "+13125550100": slot}


def test_0009_on_a_database_the_clock_never_ran_on_starts_with_no_job_rows(
    bare_database_url: str,
) -> None:
    upgrade(bare_database_url, "0009")
    assert _clock_jobs(bare_database_url) == {}
    assert _pacing(bare_database_url) == {}


def test_0010_keeps_staff_on_staff_gives_agencies_the_default_hours_and_goes_back(
    bare_database_url: str,
) -> None:
    url = bare_database_url
    upgrade(url, "0009")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agencies (id, name, timezone, quiet_start, quiet_end, created_at)"
                " VALUES (1, 'A', 'America/Chicago', '20:00:00', '09:00:00', :at)"
            ),
            {"at": datetime(2026, 12, 1, tzinfo=UTC)},
        )
        conn.execute(text("INSERT INTO offices (id, agency_id, name) VALUES (1, 1, 'O')"))
        for n, email in enumerate(["ann@agency.example", "bo@agency.example"], start=1):
            conn.execute(
                text(
                    "INSERT INTO staff (id, office_id, email, name, role, locale)"
                    " VALUES (:id, 1, :email, 'N', 'specialist', 'en')"
                ),
                {"id": n, "email": email},
            )
        # A client of Ann's: rebuilding the staff table on SQLite must keep the reference.
        conn.execute(
            text(
                "INSERT INTO clients (id, office_id, external_id, first_name, last_name, phone,"
                " language, timezone, specialist_id, status, created_at, updated_at)"
                " VALUES (1, 1, 'C-1', 'Alex', 'K', '+13125550142', 'en', 'UTC', 1, 'active',"
                " :at, :at)"
            ),
            {"at": datetime(2026, 12, 1, tzinfo=UTC)},
        )
    engine.dispose()

    upgrade(url, "0010")
    engine = create_quiet_engine(url)
    with Session(engine) as session:
        known_then = load_only(  # the columns 0010 knows (later migrations add more)
            Agency.work_start, Agency.work_end, Agency.work_days, Agency.on_call_phone
        )
        agency = session.scalars(select(Agency).options(known_then)).one()
        assert (agency.work_start, agency.work_end, agency.work_days) == (
            time(8),
            time(17),
            "12345",
        )
        assert (agency.on_call_phone, agency.alert_email) == (None, None)
        # Only the columns 0010 knows (later migrations add more to the model).
        known = load_only(Staff.id, Staff.phone, Staff.active, Staff.supervisor_id)
        ann, bo = session.scalars(select(Staff).options(known).order_by(Staff.id))
        assert ann.active and bo.active and ann.phone is None and ann.supervisor is None
        # Two people still on staff cannot share a phone; someone who left frees theirs.
        ann.phone = bo.phone = "+13125550111"
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        ann, bo = session.scalars(select(Staff).options(known).order_by(Staff.id))
        ann.phone, ann.active = "+13125550111", False
        bo.phone = "+13125550111"
        session.commit()
    engine.dispose()

    command.downgrade(alembic_config(url), "0009")
    engine = create_quiet_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT email FROM staff ORDER BY id")).scalars().all() == [
            "ann@agency.example",
            "bo@agency.example",
        ]
        assert conn.execute(text("SELECT specialist_id FROM clients")).scalar_one() == 1
    engine.dispose()


def _agency_since_0010(conn: Connection) -> None:
    """Agency 1, "A", as the schema stands from 0010 (working hours) on."""
    conn.execute(
        text(
            "INSERT INTO agencies (id, name, timezone, quiet_start, quiet_end, work_start,"
            " work_end, work_days, created_at) VALUES (1, 'A', 'America/Chicago',"
            " '20:00:00', '09:00:00', '08:00:00', '17:00:00', '12345', :at)"
        ),
        {"at": datetime(2026, 12, 1, tzinfo=UTC)},
    )


def test_0015_leaves_the_escalation_window_to_the_environment_and_goes_back(
    bare_database_url: str,
) -> None:
    url = bare_database_url
    upgrade(url, "0014")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        _agency_since_0010(conn)
    engine.dispose()
    upgrade(url, "0015")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        found = conn.execute(text("SELECT escalation_ack_minutes FROM agencies")).all()
        assert [tuple(row) for row in found] == [(None,)]  # ESCALATION_ACK_MINUTES still rules
    engine.dispose()
    command.downgrade(alembic_config(url), "0014")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT name FROM agencies")).scalar_one() == "A"
    engine.dispose()


def test_0017_leaves_the_program_settings_to_the_environment_and_goes_back(
    bare_database_url: str,
) -> None:
    url = bare_database_url
    upgrade(url, "0016")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        _agency_since_0010(conn)
    engine.dispose()
    upgrade(url, "0017")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        found = conn.execute(
            text("SELECT program_name, program_phone, crisis_replies FROM agencies")
        ).all()
        assert [tuple(row) for row in found] == [(None, None, None)]  # PROGRAM_NAME… still rule
    engine.dispose()
    command.downgrade(alembic_config(url), "0016")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT name FROM agencies")).scalar_one() == "A"
    engine.dispose()


def test_0018_folds_the_names_of_the_clients_already_there_and_goes_back(
    bare_database_url: str,
) -> None:
    url = bare_database_url
    upgrade(url, "0017")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        _agency_since_0010(conn)
        conn.execute(text("INSERT INTO offices (id, agency_id, name) VALUES (1, 1, 'O')"))
        conn.execute(
            text(
                "INSERT INTO clients (id, office_id, external_id, first_name, last_name, phone,"
                " language, timezone, status, created_at, updated_at)"
                " VALUES (1, 1, 'C-1', 'José Luis', 'López  Núñez', '+13125550142', 'es', 'UTC',"
                " 'active', :at, :at)"
            ),
            {"at": datetime(2026, 12, 1, tzinfo=UTC)},
        )
    engine.dispose()
    upgrade(url, "0018")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        found = conn.execute(text("SELECT first_name_search, last_name_search FROM clients"))
        assert [tuple(row) for row in found] == [("jose luis", "lopez nunez")]
    engine.dispose()
    command.downgrade(alembic_config(url), "0017")
    engine = create_quiet_engine(url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT last_name FROM clients")).scalar_one() == "López  Núñez"
    engine.dispose()
