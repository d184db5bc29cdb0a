"""`botapp broadcast`: compose, preview, send, schedule, cancel, and follow a broadcast
(every read of recipients and every action audited)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from babel.dates import format_timedelta
from babel.numbers import format_currency
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import report, sending, service, templates
from botapp.broadcasts.preview import Preview, preview, warning_lines
from botapp.cli.io import acting_staff, actor_of, record_refusal
from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.db import get_session, utcnow
from botapp.messages import render, roster
from botapp.messages import staff as shared
from botapp.messages.formatting import LocalTime, language_name
from botapp.models import Agency, Broadcast, BroadcastStatus, ClientStatus, Staff
from botapp.services import agency
from botapp.services.access import NotAllowed, audit, staff_by_email
from botapp.services.agency import Refused
from botapp.services.csvfiles import Notice


@click.group("broadcast", cls=AppGroup)
def group() -> None:
    """Job-fair and hiring-event notices to chosen clients, in their languages."""


# Composing and previewing (create, preview, list, template): docs/decisions/0029-broadcasts.md.

T = TypeVar("T")
BY = click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member acting: an admin or a supervisor (their office only)  [default: the "
    "operator, recorded by login name]",
)
TEXT = click.option(
    "--text",
    "texts",
    metavar="LANG=TEXT",
    multiple=True,
    help="The text in one language, such as es='Feria de empleo {date}' (repeat per language). "
    "It may name {program} {event} {place} {address} {date} {time}.",
)


def _acting(action: str, actor: str | None, work: Callable[[Session, Staff | None, str], T]) -> T:
    """Run `work` in one transaction as the `--by` staff member (with their locale); a refusal
    is one line on standard error in their language and exit 2, a role's refusal audited."""
    session = get_session()
    locale = settings_of(current_app).default_locale
    try:
        with session.begin():
            staff = acting_staff(session, actor)
            locale = staff.locale if staff else locale
            return work(session, staff, locale)
    except Refused as refused:
        notice = refused.notice
    except NotAllowed as refused:
        record_refusal(action, actor, refused)
        notice = Notice(t.NOT_YOURS, {"email": actor, "role": refused.role})
    click.echo(notice.text(locale), err=True)
    raise SystemExit(2)


def _texts(pairs: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in pairs:
        language, sep, text = pair.partition("=")
        if not sep:
            raise Refused(t.BAD_TEXT_OPTION, value=pair)
        found[language.strip().lower()] = text
    return found


def _moment(raw: str | None, zone: str) -> datetime | None:
    """ "2026-12-03 10:00" where the event happens, as an aware datetime."""
    if raw is None:
        return None
    try:
        wall = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise Refused(t.BAD_MOMENT, value=raw) from None
    return wall.replace(tzinfo=ZoneInfo(zone))


def _zone(raw: str) -> str:
    try:
        return ZoneInfo(raw).key
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise Refused(roster.BAD_TIMEZONE, value=raw) from None


def _segment(session: Session, options: dict[str, Any]) -> dict[str, Any]:
    """The segment as `Segment.from_json` reads it, from the command's options."""
    offices = []
    for name in options["offices"]:
        office = agency.office_named(session, name)
        if office is None:
            names = ", ".join(o.name for o in agency.offices(session))
            raise Refused(shared.UNKNOWN_OFFICE, name=name, names=names)
        offices.append(office.id)
    specialists = []
    for email in options["specialists"]:
        found = staff_by_email(session, email)
        if found is None:
            raise Refused(shared.NO_STAFF, email=email)
        specialists.append(found.id)
    segment: dict[str, Any] = {
        "office_ids": offices,
        "specialist_ids": specialists,
        "languages": list(options["languages"]),
        "tags": list(options["tags"]),
        "zip_codes": list(options["zips"]),
        "counties": list(options["counties"]),
        "open_goal": options["open_goal"],
        "active_placement": options["active_placement"],
        "skip_open_question": not options["include_open_questions"],
        "skip_open_escalation": not options["include_open_escalations"],
        "skip_texted_within_days": options["skip_texted_within"],
    }
    if options["statuses"]:
        segment["statuses"] = list(options["statuses"])
    return segment


@group.command(
    "create",
    epilog="Dates and times are YYYY-MM-DD HH:MM where the event happens (--event-timezone). "
    "Exit status: 0 created, 2 nothing created (the line on standard error says why).",
)
@click.option("--name", required=True, help="What staff call it (1 to 200 characters).")
@TEXT
@click.option("--default-language", metavar="LANG", help="[default: DEFAULT_LOCALE]")
@click.option("--template", metavar="NAME", help="Start from a saved template's texts.")
@click.option("--office", "offices", metavar="NAME", multiple=True, help="Clients of this office.")
@click.option("--specialist", "specialists", metavar="EMAIL", multiple=True)
@click.option(
    "--status", "statuses", type=click.Choice([s.value for s in ClientStatus]), multiple=True
)
@click.option("--language", "languages", metavar="LANG", multiple=True)
@click.option("--tag", "tags", metavar="TAG", multiple=True, help="Any of these tags.")
@click.option("--zip", "zips", metavar="ZIP", multiple=True)
@click.option("--county", "counties", metavar="NAME", multiple=True)
@click.option("--open-goal/--no-open-goal", default=None, help="[default: either]")
@click.option("--active-placement/--no-active-placement", default=None, help="[default: either]")
@click.option("--include-open-questions", is_flag=True, help="Do not skip clients a flow asks.")
@click.option("--include-open-escalations", is_flag=True, help="Do not skip escalated clients.")
@click.option("--skip-texted-within", type=int, metavar="DAYS")
@click.option("--event-name", metavar="TEXT")
@click.option("--event-place", metavar="TEXT")
@click.option("--event-address", metavar="TEXT")
@click.option("--event-at", metavar="'YYYY-MM-DD HH:MM'")
@click.option("--event-timezone", metavar="ZONE", help="[default: the agency's]")
@click.option("--rsvp", is_flag=True, help="Ask who is coming (needs --event-at).")
@click.option("--rsvp-deadline", metavar="'YYYY-MM-DD HH:MM'", help="[default: the event]")
@click.option("--organiser", metavar="EMAIL", help="Told of accommodation requests.")
@BY
def create(**options: Any) -> None:
    """Compose a draft broadcast and print its number."""
    settings = settings_of(current_app)

    def work(session: Session, staff: Staff | None, locale: str) -> str:
        given = _texts(options["texts"])
        if options["template"]:
            saved = templates.template_named(session, staff, options["template"])
            given = {**saved.texts, **given}
        zone = options["event_timezone"] or service.agency_of(session, staff).timezone
        zone = _zone(zone)
        fields = service.BroadcastFields(
            name=options["name"],
            texts=given,
            default_language=options["default_language"] or settings.default_locale,
            segment=_segment(session, options),
            event_name=options["event_name"],
            event_place=options["event_place"],
            event_address=options["event_address"],
            event_at=_moment(options["event_at"], zone),
            event_timezone=zone,
            ask_rsvp=options["rsvp"],
            rsvp_deadline=_moment(options["rsvp_deadline"], zone),
            organiser_email=options["organiser"],
        )
        actor = actor_of(options["actor"])
        made = service.create_broadcast(
            session, staff, fields, utcnow(), settings=settings, actor=actor
        )
        return render(t.CREATED, locale, id=made.id, name=printable(made.name))

    click.echo(_acting("create_broadcast", options["actor"], work))


@group.command("preview")
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
def preview_cmd(broadcast_id: int, actor: str | None) -> None:
    """What broadcast ID will say, to how many, at what cost, how long it takes (audited)."""
    settings = settings_of(current_app)

    def work(session: Session, staff: Staff | None, locale: str) -> list[str]:
        broadcast = service.broadcast_for(session, staff, broadcast_id)
        shown = preview(session, settings, broadcast, utcnow())
        audit(session, actor_of(actor), "preview_broadcast", f"broadcast {broadcast.id}")
        zone = session.get_one(Agency, broadcast.agency_id).timezone
        return list(_preview_lines(broadcast, shown, locale, zone))

    for line in _acting("preview_broadcast", actor, work):
        click.echo(line)


def _preview_lines(broadcast: Broadcast, shown: Preview, locale: str, zone: str) -> Iterator[str]:
    """The preview as `botapp broadcast preview` prints it, in `locale`."""

    def say(msg: Any, **params: Any) -> str:
        return render(msg, locale, **params)

    def span(time: timedelta) -> str:
        return format_timedelta(time, locale=locale, threshold=2)

    yield say(
        t.PREVIEW_HEADING,
        id=broadcast.id,
        name=printable(broadcast.name),
        status=say(t.STATUSES[broadcast.status]),
        start=LocalTime(shown.start, zone).text(locale),
    )
    for text in shown.texts:
        yield say(
            t.PREVIEW_TEXT,
            n=text.readers,
            language=text.language,
            characters=text.characters,
            encoding=text.encoding,
            segments=text.segments,
        )
        yield from ("    " + printable(line) for line in text.body.split("\n"))
        if text.gsm7_text is not None and text.gsm7_segments is not None:
            yield say(t.PREVIEW_GSM7, segments=text.gsm7_segments, instead=text.segments)
            yield from ("    " + printable(line) for line in text.gsm7_text.split("\n"))
    languages = ", ".join(f"{lang} {n}" for lang, n in shown.by_language.items())
    yield say(t.PREVIEW_RECIPIENTS, n=shown.recipients, languages=languages or "-")
    if shown.fallback:
        yield say(
            t.PREVIEW_FALLBACK,
            n=sum(shown.fallback.values()),
            languages=", ".join(f"{lang} {n}" for lang, n in shown.fallback.items()),
            default=broadcast.default_language,
        )
    left_out = [f"{say(t.EXCLUSIONS[why])} {n}" for why, n in shown.excluded.items() if n]
    if left_out:
        yield say(t.PREVIEW_EXCLUDED, n=sum(shown.excluded.values()), reasons="; ".join(left_out))
    cost = format_currency(
        shown.cost, "USD", format="¤#,##0.00##", locale=locale, currency_digits=False
    )
    yield say(t.PREVIEW_COST, n=shown.total_segments, cost=cost)
    if shown.last_wait is None:
        yield say(t.PREVIEW_UNPACED)
    else:
        ahead = say(t.PREVIEW_AHEAD, n=shown.ahead_segments) if shown.ahead_segments else ""
        yield (say(t.PREVIEW_TIME, time=span(shown.last_wait), mps=f"{shown.mps:g}") + ahead)
    yield from warning_lines(shown, locale, zone)


@group.command("list")
@BY
def list_cmd(actor: str | None) -> None:
    """The broadcasts you may manage, newest first: number, name, status, office, created,
    recipients (counted when sent; before that, see `preview`)."""

    def work(session: Session, staff: Staff | None, locale: str) -> list[str]:
        found = service.managed_broadcasts(session, staff)
        audit(session, actor_of(actor), "list_broadcasts", f"{len(found)} broadcasts")
        zone = service.agency_of(session, staff).timezone
        return [_row(broadcast, locale, zone) for broadcast in found] or [render(t.NONE, locale)]

    for line in _acting("list_broadcasts", actor, work):
        click.echo(line)


def _row(broadcast: Broadcast, locale: str, zone: str) -> str:
    office = broadcast.office.name if broadcast.office else render(t.WHOLE_AGENCY, locale)
    count = broadcast.recipient_count
    return render(
        t.ROW,
        locale,
        id=broadcast.id,
        name=printable(broadcast.name),
        status=render(t.STATUSES[broadcast.status], locale),
        office=printable(office),
        created=LocalTime(broadcast.created_at, zone).text(locale),
        recipients=render(t.NOT_COUNTED, locale) if count is None else count,
    )


@group.group("template")
def template_group() -> None:
    """Saved texts per language that a broadcast starts from (`create --template NAME`)."""


@template_group.command("save")
@click.argument("name")
@TEXT
@click.option("--default-language", metavar="LANG", help="[default: DEFAULT_LOCALE]")
@BY
def template_save(
    name: str, texts: tuple[str, ...], default_language: str | None, actor: str | None
) -> None:
    """Save texts under NAME (a name not yet used in the agency)."""
    language = default_language or settings_of(current_app).default_locale

    def work(session: Session, staff: Staff | None, locale: str) -> str:
        saved = templates.save_template(
            session, staff, name, _texts(texts), language, actor_of(actor)
        )
        return render(t.TEMPLATE_SAVED, locale, name=printable(saved.name))

    click.echo(_acting("save_broadcast_template", actor, work))


@template_group.command("list")
@BY
def template_list(actor: str | None) -> None:
    """The agency's templates by name, with their languages."""

    def work(session: Session, staff: Staff | None, locale: str) -> list[str]:
        found = templates.agency_templates(session, staff)
        lines = [
            render(
                t.TEMPLATE_ROW, locale, name=printable(saved.name), languages=", ".join(saved.texts)
            )
            for saved in found
        ]
        return lines or [render(t.NO_TEMPLATES, locale)]

    for line in _acting("list_broadcast_templates", actor, work):
        click.echo(line)


@template_group.command("delete")
@click.argument("name")
@BY
def template_delete(name: str, actor: str | None) -> None:
    """Delete template NAME (broadcasts made from it keep their texts)."""

    def work(session: Session, staff: Staff | None, locale: str) -> str:
        templates.delete_template(session, staff, name, actor_of(actor))
        return render(t.TEMPLATE_DELETED, locale, name=printable(name))

    click.echo(_acting("delete_broadcast_template", actor, work))


# Sending, scheduling, cancelling and following a broadcast (send, schedule, cancel, status):
# botapp/broadcasts/sending.py and report.py. Every action and every read is audited.

EXIT = "Exit status: 0 done, 2 nothing done (an unknown broadcast, not yours, refused)."


def _on_broadcast(
    action: str,
    broadcast_id: int,
    actor: str | None,
    change: Callable[[Session, Broadcast, Staff | None, str], T],
) -> T:
    """`_acting` on broadcast ID, which `--by` must manage; the action audited."""

    def work(session: Session, staff: Staff | None, locale: str) -> T:
        broadcast = service.broadcast_for(session, staff, broadcast_id)
        done = change(session, broadcast, staff, locale)
        audit(session, actor_of(actor), action, f"broadcast {broadcast_id}")
        return done

    return _acting(action, actor, work)


@group.command("send", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
def send_cmd(broadcast_id: int, actor: str | None) -> None:
    """Send broadcast ID now: its recipients' texts go to the outbox at once."""
    settings = settings_of(current_app)

    def act(session: Session, broadcast: Broadcast, staff: Staff | None, locale: str) -> str:
        n = sending.send(session, settings, broadcast, staff, utcnow())
        return render(t.CMD_SENT, locale, id=broadcast.id, count=n)

    click.echo(_on_broadcast("send_broadcast", broadcast_id, actor, act))


@group.command("schedule", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@click.option("--at", "at", metavar='"YYYY-MM-DD HH:MM"', required=True, help="When it starts.")
@click.option(
    "--timezone", metavar="ZONE", help="Where --at is read  [default: the agency's timezone]"
)
@BY
def schedule_cmd(broadcast_id: int, at: str, timezone: str | None, actor: str | None) -> None:
    """Start broadcast ID later, at a set time (cancel it to unschedule)."""

    def act(session: Session, broadcast: Broadcast, staff: Staff | None, locale: str) -> str:
        zone = _zone(timezone) if timezone else _agency_zone(session, broadcast)
        when = _moment(at, zone)
        assert when is not None  # --at is required
        sending.schedule(broadcast, when, staff, utcnow())
        start = LocalTime(when, zone).text(locale)
        return render(t.CMD_SCHEDULED, locale, id=broadcast.id, when=start)

    click.echo(_on_broadcast("schedule_broadcast", broadcast_id, actor, act))


@group.command("cancel", epilog=EXIT)
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
def cancel_cmd(broadcast_id: int, actor: str | None) -> None:
    """Cancel broadcast ID: what has not gone out yet never will."""

    def act(session: Session, broadcast: Broadcast, staff: Staff | None, locale: str) -> str:
        done = sending.cancel(session, broadcast, staff, utcnow())
        counts = {"went": done.went, "in_flight": done.in_flight, "stopped": done.stopped}
        return render(t.CMD_CANCELLED, locale, id=broadcast.id, **counts)

    click.echo(_on_broadcast("cancel_broadcast", broadcast_id, actor, act))


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

    def act(
        session: Session, broadcast: Broadcast, staff: Staff | None, locale: str
    ) -> tuple[list[str], list[dict[str, str]], str]:
        zone = _agency_zone(session, broadcast)
        coming: list[dict[str, str]] = []
        if coming_csv is not None:  # a read of client information: audited before it is written
            coming = report.coming(session, broadcast)
            detail = f"broadcast {broadcast.id}: {len(coming)} clients"
            audit(session, actor_of(actor), "export_broadcast_coming", detail)
        return _status_lines(session, broadcast, locale, zone), coming, locale

    lines, coming, locale = _on_broadcast("read_broadcast", broadcast_id, actor, act)
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


def _agency_zone(session: Session, broadcast: Broadcast) -> str:
    return session.get_one(Agency, broadcast.agency_id).timezone


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


COMMANDS = (group,)
