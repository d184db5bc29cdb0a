"""`botapp import placements FILE` and `botapp placements ...`: jobs followed up for 90 days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.orm import Session

from botapp.cli.io import run_import
from botapp.config import settings_of
from botapp.db import get_session, utcnow
from botapp.messages import render
from botapp.models import Placement
from botapp.placements import messages as t
from botapp.placements import service
from botapp.placements.importer import import_placements
from botapp.placements.timing import end_by_staff, restart_clock

group = AppGroup("placements", help="Follow job placements through the 90 days that close a case.")
DAY = click.DateTime(["%Y-%m-%d"])


def _locale() -> str:
    return settings_of(current_app).default_locale


def _change(external_id: str, change: Callable[[Session, Placement], str]) -> str:
    """Run `change` on the placement named `external_id` in one transaction, or explain why not."""
    session = get_session()
    try:
        with session.begin():
            return change(session, service.by_external_id(session, external_id))
    except service.CannotChange as exc:
        raise click.ClickException(exc.notice.text(_locale())) from None


@click.command(
    "placements",
    epilog="Columns: external_id, client_external_id, employer, job_title, start_date "
    "(YYYY-MM-DD), and optionally hours_per_week, hourly_wage, employer_contact, "
    "may_contact_employer (yes/no, default no). Exit status: 0 all rows imported, "
    "1 some rows rejected, 2 nothing imported.",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Create or update placements and plan their follow-up texts; bad rows are reported."""
    run_import(file, lambda session, data: import_placements(session, data, utcnow()))


@group.command("restart-clock")
@click.argument("external_id")
@click.option("--on", "on", type=DAY, required=True, help="Day the new service was authorised.")
@click.option("--reason", required=True, help="The service, for the case record.")
def restart_clock_cmd(external_id: str, on: datetime, reason: str) -> None:
    """Count the 90 days again from a new service; pending follow-ups are planned anew."""

    def restart(session: Session, placement: Placement) -> str:
        items = restart_clock(session, placement, on.date(), reason)
        end = service.retention_date(placement).isoformat()
        return render(
            t.CLOCK_RESTARTED_CMD,
            _locale(),
            n=len(items),
            external_id=external_id,
            date=on.date().isoformat(),
            end=end,
        )

    click.echo(_change(external_id, restart))


@group.command("end")
@click.argument("external_id")
@click.option("--on", "on", type=DAY, help="Day the job ended  [default: today]")
@click.option("--reason", required=True, help="Why the job ended, for the case record.")
def end_cmd(external_id: str, on: datetime | None, reason: str) -> None:
    """Mark a job ended (staff heard it another way); its follow-ups stop."""
    settings = settings_of(current_app)

    def end(session: Session, placement: Placement) -> str:
        day = on.date() if on else None
        cut = end_by_staff(session, settings, placement, day, reason, utcnow())
        return render(t.ENDED_CMD, _locale(), n=cut, external_id=external_id)

    click.echo(_change(external_id, end))


COMMANDS = (group,)  # `botapp placements …` (botapp.cli adds them)
