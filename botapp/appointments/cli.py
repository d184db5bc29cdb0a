"""`botapp import appointments FILE`: appointments with their reminders planned or re-timed."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from botapp.appointments.importer import import_appointments
from botapp.cli.io import run_import
from botapp.config import settings_of
from botapp.db import utcnow


@click.command(
    "appointments",
    epilog="Columns: external_id, client_external_id, kind (specialist, interview, job_fair, "
    "benefits_orientation or other), date (YYYY-MM-DD), time (HH:MM, 24-hour, local), place, "
    "and optionally timezone (default: the client's), check_attendance (yes/no; default yes, "
    "no for specialist meetings) and status (cancelled cancels). Importing again updates by "
    "external_id: a new time re-times the reminders. Exit status: 0 all rows imported, "
    "1 some rows rejected, 2 nothing imported.",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Add, move or cancel appointments from a CSV file; reminders follow every change."""
    settings = settings_of(current_app)
    run_import(file, lambda session, data: import_appointments(session, settings, data, utcnow()))
