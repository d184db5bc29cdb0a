"""`botapp broadcast create|preview|list|template`: composing a broadcast and seeing what it
will do, before anything is sent (docs/decisions/0029-broadcasts.md).

The package's `__init__` adds these commands to the `broadcast` group; what they share with
the other half is in `common.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import click
from babel.dates import format_timedelta
from babel.numbers import format_currency
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import service, templates
from botapp.broadcasts.cli.common import BY, agency_zone, managing, moment, on_broadcast, zone_named
from botapp.broadcasts.preview import Preview, preview, warning_lines
from botapp.cli.io import actor_of
from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.messages import render
from botapp.messages import staff as shared
from botapp.messages.formatting import LocalTime
from botapp.models import Broadcast, ClientStatus, Staff
from botapp.services import agency
from botapp.services.access import audit, staff_by_email
from botapp.services.agency import Refused

TEXT = click.option(
    "--text",
    "texts",
    metavar="LANG=TEXT",
    multiple=True,
    help="The text in one language, such as es='Feria de empleo {date}' (repeat per language). "
    "It may name {program} {event} {place} {address} {date} {time}.",
)
DEFAULT_LANGUAGE = click.option(
    "--default-language", metavar="LANG", help="[default: DEFAULT_LOCALE]"
)


def _texts(pairs: tuple[str, ...]) -> dict[str, str]:
    """The `--text LANG=TEXT` options by language, or a refusal naming the one without "="."""
    found: dict[str, str] = {}
    for pair in pairs:
        language, sep, text = pair.partition("=")
        if not sep:
            raise Refused(t.BAD_TEXT_OPTION, value=pair)
        found[language.strip().lower()] = text
    return found


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


@click.command(
    "create",
    epilog="Dates and times are YYYY-MM-DD HH:MM where the event happens (--event-timezone). "
    "Exit status: 0 created, 2 nothing created (the line on standard error says why).",
)
@click.option("--name", required=True, help="What staff call it (1 to 200 characters).")
@TEXT
@DEFAULT_LANGUAGE
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
@with_appcontext
def create(**options: Any) -> None:
    """Compose a draft broadcast and print its number."""
    settings = settings_of(current_app)

    def work(session: Session, staff: Staff | None, locale: str) -> str:
        given = _texts(options["texts"])
        if options["template"]:
            saved = templates.template_named(session, staff, options["template"])
            given = {**saved.texts, **given}
        zone = options["event_timezone"] or service.agency_of(session, staff).timezone
        zone = zone_named(zone)
        fields = service.BroadcastFields(
            name=options["name"],
            texts=given,
            default_language=options["default_language"] or settings.default_locale,
            segment=_segment(session, options),
            event_name=options["event_name"],
            event_place=options["event_place"],
            event_address=options["event_address"],
            event_at=moment(options["event_at"], zone),
            event_timezone=zone,
            ask_rsvp=options["rsvp"],
            rsvp_deadline=moment(options["rsvp_deadline"], zone),
            organiser_email=options["organiser"],
        )
        actor = actor_of(options["actor"])
        made = service.create_broadcast(
            session, staff, fields, utcnow(), settings=settings, actor=actor
        )
        return render(t.CREATED, locale, id=made.id, name=printable(made.name))

    click.echo(managing("create_broadcast", options["actor"], work))


@click.command("preview")
@click.argument("broadcast_id", metavar="ID", type=int)
@BY
@with_appcontext
def preview_cmd(broadcast_id: int, actor: str | None) -> None:
    """What broadcast ID will say, to how many, at what cost, how long it takes (audited)."""
    settings = settings_of(current_app)

    def act(session: Session, broadcast: Broadcast, staff: Staff | None, locale: str) -> list[str]:
        shown = preview(session, settings, broadcast, utcnow())
        return list(_preview_lines(broadcast, shown, locale, agency_zone(session, broadcast)))

    for line in on_broadcast("preview_broadcast", broadcast_id, actor, act):
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


@click.command("list")
@BY
@with_appcontext
def list_cmd(actor: str | None) -> None:
    """The broadcasts you may manage, newest first: number, name, status, office, created,
    recipients (counted when sent; before that, see `preview`)."""

    def work(session: Session, staff: Staff | None, locale: str) -> list[str]:
        found = service.managed_broadcasts(session, staff)
        audit(session, actor_of(actor), "list_broadcasts", f"{len(found)} broadcasts")
        zone = service.agency_of(session, staff).timezone
        return [_row(broadcast, locale, zone) for broadcast in found] or [render(t.NONE, locale)]

    for line in managing("list_broadcasts", actor, work):
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


@click.group("template", cls=AppGroup)
def template_group() -> None:
    """Saved texts per language that a broadcast starts from (`create --template NAME`)."""


@template_group.command("save")
@click.argument("name")
@TEXT
@DEFAULT_LANGUAGE
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

    click.echo(managing("save_broadcast_template", actor, work))


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

    for line in managing("list_broadcast_templates", actor, work):
        click.echo(line)


@template_group.command("delete")
@click.argument("name")
@BY
def template_delete(name: str, actor: str | None) -> None:
    """Delete template NAME (broadcasts made from it keep their texts)."""

    def work(session: Session, staff: Staff | None, locale: str) -> str:
        templates.delete_template(session, staff, name, actor_of(actor))
        return render(t.TEMPLATE_DELETED, locale, name=printable(name))

    click.echo(managing("delete_broadcast_template", actor, work))
