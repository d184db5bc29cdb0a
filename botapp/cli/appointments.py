"""`botapp import appointments FILE`: appointments with their reminders planned or re-timed."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from botapp import settings_of
from botapp.cli.io import import_group, run_import
from botapp.db import utcnow
from botapp.services.appointments_import import import_appointments


@import_group.command(
    "appointments",
    epilog="Columns: external_id, client_external_id, kind (specialist, interview, job_fair, "
    "benefits_orientation or other), date (YYYY-MM-DD), time (HH:MM, 24-hour, local), place, "
    "and optionally timezone (default: the client's), check_attendance (yes/no; default yes, "
    "no for specialist meetings) and status (cancelled cancels). Importing again updates by "
    "external_id: a new time re-times the reminders. Exit status: 0 all rows imported, "
    "1 some rows rejected, 2 nothing imported.",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_appointments_cmd(file: Path) -> None:
    """Add, move or cancel appointments from a CSV file; reminders follow every change."""
    settings = settings_of(current_app)
    run_import(file, lambda session, data: import_appointments(session, settings, data, utcnow()))
