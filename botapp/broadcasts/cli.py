"""`botapp broadcast`: compose, preview, send, schedule, cancel, and follow a broadcast
(every read of recipients and every action audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import report, sending
from botapp.broadcasts.service import check_can_manage
from botapp.cli.io import acting_staff, actor_of, record_refusal
from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.db import get_session, utcnow
from botapp.messages import render
from botapp.messages.formatting import LocalTime, language_name
from botapp.models import Agency, Broadcast, BroadcastStatus, Staff
from botapp.services.access import NotAllowed, audit
from botapp.services.agency import Refused
from botapp.services.csvfiles import Notice


@click.group("broadcast", cls=AppGroup)
def group() -> None:
    """Job-fair and hiring-event notices to chosen clients, in their languages."""


# -- Sending, scheduling, cancelling and following a broadcast (botapp/broadcasts/sending.py,
# report.py). Every action and every read of its figures or coming list is audited.

BY = click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member acting: an administrator, or the supervisor of the broadcast's "
    "office  [default: the operator, recorded by login name]",
)
EXIT = "Exit status: 0 done, 2 nothing done (an unknown broadcast, not yours, refused)."


@group.command("send", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
def send_cmd(broadcast_id: int, actor: str | None) -> None:
    """Send broadcast ID now: its recipients' texts go to the outbox at once."""

    def act(session: Session, broadcast: Broadcast, staff: Staff | None) -> Notice:
        n = sending.send(session, settings_of(current_app), broadcast, staff, utcnow())
        return Notice(t.CMD_SENT, {"id": broadcast.id, "count": n})

    _act("send_broadcast", broadcast_id, actor, act)


@group.command("schedule", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@click.option("--at", "at", metavar='"YYYY-MM-DD HH:MM"', required=True, help="When it starts.")
@click.option(
    "--timezone", metavar="ZONE", help="Where --at is read  [default: the agency's timezone]"
)
@BY
def schedule_cmd(broadcast_id: int, at: str, timezone: str | None, actor: str | None) -> None:
    """Start broadcast ID later, at a set time (cancel it to unschedule)."""

    def act(session: Session, broadcast: Broadcast, staff: Staff | None) -> Notice:
        zone = timezone or _agency_zone(session, broadcast)
        when = _moment(at, zone)
        sending.schedule(broadcast, when, staff, utcnow())
        return Notice(t.CMD_SCHEDULED, {"id": broadcast.id, "when": LocalTime(when, zone)})

    _act("schedule_broadcast", broadcast_id, actor, act)


@group.command("cancel", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
def cancel_cmd(broadcast_id: int, actor: str | None) -> None:
    """Cancel broadcast ID: what has not gone out yet never will."""

    def act(session: Session, broadcast: Broadcast, staff: Staff | None) -> Notice:
        done = sending.cancel(session, broadcast, staff, utcnow())
        params = {"went": done.went, "in_flight": done.in_flight, "stopped": done.stopped}
        return Notice(t.CMD_CANCELLED, {"id": broadcast.id, **params})

    _act("cancel_broadcast", broadcast_id, actor, act)


@group.command("status", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@click.option(
    "--coming-csv",
    "coming_csv",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write who is coming (names, cases, accommodations; no phone numbers) to FILE.",
)
@BY
def status_cmd(broadcast_id: int, coming_csv: Path | None, actor: str | None) -> None:
    """Show broadcast ID's figures now, in all and per language."""
    lines: list[str] = []
    coming: list[dict[str, str]] = []

    def act(session: Session, broadcast: Broadcast, staff: Staff | None) -> Notice | None:
        locale = _locale_of(staff)
        zone = _agency_zone(session, broadcast)
        lines.extend(_status_lines(session, broadcast, locale, zone))
        if coming_csv is not None:
            coming.extend(report.coming(session, broadcast))
            audit(
                session,
                actor_of(actor),
                "export_broadcast_coming",
                _coming_detail(broadcast, coming),
            )
        return None

    staff_locale = _act("read_broadcast", broadcast_id, actor, act)
    for line in lines:
        click.echo(printable(line))
    if coming_csv is not None:
        try:
            with coming_csv.open("w", encoding="utf-8", newline="") as out:
                report.write_coming(coming, out)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            _fail(Notice(t.CANNOT_WRITE, {"file": str(coming_csv), "reason": reason}), staff_locale)
        notice = Notice(t.CMD_COMING_WRITTEN, {"count": len(coming), "file": str(coming_csv)})
        click.echo(notice.text(staff_locale))


def _coming_detail(broadcast: Broadcast, coming: list[dict[str, str]]) -> str:
    return f"broadcast {broadcast.id}: {len(coming)} clients"


def _act(
    action: str,
    broadcast_id: int,
    actor: str | None,
    change: Callable[[Session, Broadcast, Staff | None], Notice | None],
) -> str:
    """Run `change` on broadcast ID in one audited transaction and say what it did; or say
    why nothing was done in one line on stderr (exit 2). The reader's locale."""
    session = get_session()
    locale = settings_of(current_app).default_locale
    try:
        with session.begin():
            staff = acting_staff(session, actor)
            locale = _locale_of(staff)
            broadcast = session.get(Broadcast, broadcast_id)
            if broadcast is None:
                raise Refused(t.NO_BROADCAST, id=broadcast_id)
            check_can_manage(staff, broadcast)
            done = change(session, broadcast, staff)
            audit(session, actor_of(actor), action, f"broadcast {broadcast_id}")
    except Refused as refused:
        _fail(refused.notice, locale)
    except NotAllowed as refused:
        record_refusal(action, actor, refused)
        params = {"email": actor, "role": refused.role, "id": broadcast_id}
        _fail(Notice(t.NOT_YOURS, params), locale)
    if done is not None:
        click.echo(done.text(locale))
    return locale


def _fail(notice: Notice, locale: str) -> NoReturn:
    """Say why nothing was done, in one line on stderr in the reader's language; exit 2."""
    click.echo(notice.text(locale), err=True)
    raise SystemExit(2)


def _locale_of(staff: Staff | None) -> str:
    return staff.locale if staff is not None else settings_of(current_app).default_locale


def _agency_zone(session: Session, broadcast: Broadcast) -> str:
    return session.get_one(Agency, broadcast.agency_id).timezone


def _moment(text: str, zone: str) -> datetime:
    """ "YYYY-MM-DD HH:MM" on the wall clocks of `zone`, as a UTC instant; Refused if not."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise Refused(t.BAD_TIMEZONE, value=zone) from error
    try:
        wall = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError as error:
        raise Refused(t.BAD_TIME, value=text) from error
    return wall.replace(tzinfo=tz).astimezone(UTC)


def _status_lines(session: Session, broadcast: Broadcast, locale: str, zone: str) -> list[str]:
    """The figures as lines in `locale`; times on the agency's clocks."""
    status = render(t.STATUSES[broadcast.status], locale)
    lines = [render(t.STATUS_HEAD, locale, id=broadcast.id, name=broadcast.name, status=status)]

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


COMMANDS = (group,)
