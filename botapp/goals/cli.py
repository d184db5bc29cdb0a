"""`botapp import goals FILE`: IPE goals and their action steps, with check-ins planned."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from botapp.cli.io import run_import
from botapp.db import utcnow
from botapp.goals.importer import import_goals


@click.command(
    "goals",
    epilog="Columns: client_external_id, goal, step_id, step (at most 160 characters), "
    "responsible (client, specialist or provider), and optionally due_date (YYYY-MM-DD) and "
    "cadence_days (default 14). Exit status: 0 all rows imported, 1 some rows rejected, "
    "2 nothing imported.",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Create or update IPE goal steps from a CSV file; only the client's own steps get texts."""
    run_import(file, lambda session, data: import_goals(session, data, utcnow()))
