"""`botapp broadcast send|schedule|cancel|status`: sending a composed broadcast and following
it (botapp/broadcasts/sending.py and report.py). Every action and every read is audited.

The package's `__init__` adds these commands to the `broadcast` group; what they share with
the other half is in `common.py`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import report, sending
from botapp.broadcasts.cli.common import BY, agency_zone, moment, on_broadcast, zone_named
from botapp.cli.io import actor_of
from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.messages import render
from botapp.messages.formatting import LocalTime, language_name
from botapp.models import Broadcast, BroadcastStatus, Staff
from botapp.services.access import audit

EXIT = "Exit status: 0 done, 2 nothing done (an unknown broadcast, not yours, refused)."


@click.command("send", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
@with_appcontext
def send_cmd(broadcast_id: int, actor: str | None) -> None:
    """Send broadcast ID now: its recipients' texts go to the outbox at once."""
    settings = settings_of(current_app)

    def act(session: Session, broadcast: Broadcast, staff: Staff | None, locale: str) -> str:
        n = sending.send(session, settings, broadcast, staff, utcnow())
        return render(t.CMD_SENT, locale, id=broadcast.id, count=n)

    click.echo(on_broadcast("send_broadcast", broadcast_id, actor, act))


@click.command("schedule", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@click.option("--at", "at", metavar='"YYYY-MM-DD HH:MM"', required=True, help="When it starts.")
@click.option(
    "--timezone", metavar="ZONE", help="Where --at is read  [default: the agency's timezone]"
)
@BY
@with_appcontext
def schedule_cmd(broadcast_id: int, at: str, timezone: str | None, actor: str | None) -> None:
    """Start broadcast ID later, at a set time (cancel it to unschedule)."""

    def act(session: Session, broadcast: Broadcast, staff: Staff | None, locale: str) -> str:
        zone = zone_named(timezone) if timezone else agency_zone(session, broadcast)
        when = moment(at, zone)
        assert when is not None  # --at is required
        sending.schedule(broadcast, when, staff, utcnow())
        start = LocalTime(when, zone).text(locale)
        return render(t.CMD_SCHEDULED, locale, id=broadcast.id, when=start)

    click.echo(on_broadcast("schedule_broadcast", broadcast_id, actor, act))


@click.command("cancel", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
@with_appcontext
def cancel_cmd(broadcast_id: int, actor: str | None) -> None:
    """Cancel broadcast ID: what has not gone out yet never will."""

    def act(session: Session, broadcast: Broadcast, staff: Staff | None, locale: str) -> str:
        done = sending.cancel(session, broadcast, staff, utcnow())
        counts = {"went": done.went, "in_flight": done.in_flight, "stopped": done.stopped}
        return render(t.CMD_CANCELLED, locale, id=broadcast.id, **counts)

    click.echo(on_broadcast("cancel_broadcast", broadcast_id, actor, act))


@click.command("status", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@click.option(
    "--coming-csv",
    "coming_csv",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write who is coming (names, cases, accommodations; no phone numbers) to FILE.",
)
@BY
@with_appcontext
def status_cmd(broadcast_id: int, coming_csv: Path | None, actor: str | None) -> None:
    """Show broadcast ID's figures now, in all and per language."""

    def act(
        session: Session, broadcast: Broadcast, staff: Staff | None, locale: str
    ) -> tuple[list[str], list[dict[str, str]], str]:
        zone = agency_zone(session, broadcast)
        coming: list[dict[str, str]] = []
        if coming_csv is not None:  # a read of client information: audited before it is written
            coming = report.coming(session, broadcast)
            detail = f"broadcast {broadcast.id}: {len(coming)} clients"
            audit(session, actor_of(actor), "export_broadcast_coming", detail)
        return _status_lines(session, broadcast, locale, zone), coming, locale

    lines, coming, locale = on_broadcast("read_broadcast", broadcast_id, actor, act)
    for line in lines:
        click.echo(printable(line))
    if coming_csv is None:
        return
    try:
        with coming_csv.open("w", encoding="utf-8", newline="") as out:
            report.write_coming(coming, out)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        click.echo(render(t.CANNOT_WRITE, locale, file=str(coming_csv), reason=reason), err=True)
        raise SystemExit(2) from None
    click.echo(render(t.CMD_COMING_WRITTEN, locale, count=len(coming), file=str(coming_csv)))


def _status_lines(session: Session, broadcast: Broadcast, locale: str, zone: str) -> list[str]:
    """The figures as lines in `locale`; times on the agency's clocks."""
    status = render(t.STATUSES[broadcast.status], locale)
    name = printable(broadcast.name)
    lines = [render(t.STATUS_HEAD, locale, id=broadcast.id, name=name, status=status)]

    def when(at: datetime) -> str:
        return LocalTime(at, zone).text(locale)

    if broadcast.status is BroadcastStatus.SCHEDULED and broadcast.send_at is not None:
        lines.append(render(t.STATUS_STARTS, locale, when=when(broadcast.send_at)))
    if broadcast.started_at is not None:
        n = broadcast.recipient_count or 0
        lines.append(render(t.STATUS_STARTED, locale, when=when(broadcast.started_at), count=n))
    if broadcast.finished_at is not None:
        lines.append(render(t.STATUS_FINISHED, locale, when=when(broadcast.finished_at)))
    if broadcast.cancelled_at is not None:
        lines.append(render(t.STATUS_CANCELLED, locale, when=when(broadcast.cancelled_at)))
    if broadcast.started_at is None:
        return lines
    found = report.figures(session, broadcast)
    lines.append(_figures_line(render(t.STATUS_ALL, locale), found.total, locale))
    for language, figures in found.by_language.items():
        lines.append("  " + _figures_line(language_name(language, locale), figures, locale))
    for code, reason, n in found.failures:
        words = report.failure_words(code, reason, locale)
        lines.append(render(t.STATUS_FAILURE, locale, reason=words, count=n))
    lines.append(render(t.STATUS_OPTED_OUT_SINCE, locale, count=found.opted_out_since))
    return lines


def _figures_line(language: str, figures: report.Figures, locale: str) -> str:
    counts = {outcome.value: n for outcome, n in figures.outcomes.items()}
    answers = {rsvp.value: n for rsvp, n in figures.rsvps.items()}
    return render(
        t.STATUS_FIGURES,
        locale,
        language=language,
        recipients=figures.recipients,
        **counts,
        **answers,
    )
