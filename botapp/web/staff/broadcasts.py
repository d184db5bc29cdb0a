"""The Broadcasts pages: the list, a broadcast's preview (what each language's text says and
costs, who gets it, the warnings) with its send, schedule and cancel buttons, and once it goes
out its live figures and the coming list. Composing is broadcast_compose.py.

Recipient lists are confidential client information (34 CFR 361.38): administrators see the
agency's broadcasts, supervisors their office's; a specialist, or a broadcast outside one's
office, gets the 404 a record outside one's scope gets, the refusal audited. Every read of
figures or recipients and every action is audited as `botapp broadcast` names it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from babel.dates import format_timedelta
from babel.numbers import format_currency
from flask import current_app, render_template
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import service
from botapp.broadcasts.preview import Preview, preview, warning_lines
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.messages import web_broadcasts as b
from botapp.messages.formatting import LocalTime, language_name
from botapp.models import Agency, Broadcast, BroadcastStatus
from botapp.services.access import audit
from botapp.web.staff import bp
from botapp.web.staff.auth import page_locale, text
from botapp.web.staff.broadcast_access import managed, manager
from botapp.web.staff.broadcast_sending import LIVE, figures_shown

EDITABLE = (BroadcastStatus.DRAFT, BroadcastStatus.SCHEDULED)


def register() -> None:
    """The routes are declared on `bp` by importing this module and the composer's (the app
    factory calls this)."""
    from botapp.web.staff import broadcast_compose, broadcast_templates  # noqa: F401


bp.record_once(lambda state: state.app.jinja_env.globals.update(b=b, bt=t))  # the pages' texts


@dataclass(frozen=True)
class Line:
    """A broadcast as a row of the list."""

    id: int
    name: str
    status: str
    office: str
    when: str
    recipients: str = ""
    sent: str = ""
    delivered: str = ""
    failed: str = ""
    coming: str = ""
    accommodation: str = ""


def _line(db: Session, broadcast: Broadcast, zone: str) -> Line:
    office = broadcast.office.name if broadcast.office else text(t.WHOLE_AGENCY)
    moment = broadcast.started_at or broadcast.send_at or broadcast.created_at
    line = Line(
        id=broadcast.id,
        name=broadcast.name,
        status=text(t.STATUSES[broadcast.status]),
        office=office,
        when=LocalTime(moment, zone).text(page_locale()),
        recipients=text(t.NOT_COUNTED),
    )
    shown = figures_shown(db, broadcast)
    if shown is None:  # not sent yet: nothing to count
        return line
    total = shown.rows[0]
    return replace(
        line,
        recipients=str(total.recipients),
        sent=str(total.sent),
        delivered=str(total.delivered),
        failed=str(total.failed),
        coming=str(total.coming),
        accommodation=str(total.accommodation),
    )


@bp.get("/broadcasts")
def broadcast_list() -> str:
    """The broadcasts one manages, newest first, with their figures (audited `list_broadcasts`)."""
    db, staff = manager("list_broadcasts")
    found = service.managed_broadcasts(db, staff)
    zone = service.agency_of(db, staff).timezone
    audit(db, staff.email, "list_broadcasts", f"{len(found)} broadcasts")
    page = render_template(
        "staff/broadcasts/list.html", lines=[_line(db, broadcast, zone) for broadcast in found]
    )
    db.commit()
    return page


@dataclass(frozen=True)
class TextShown:
    """One language's text on the preview."""

    heading: str
    body: str
    cheaper: str  # the GSM-7 suggestion's line, or ""
    cheaper_body: str


@dataclass(frozen=True)
class PreviewShown:
    """The preview's figures in the reader's language."""

    texts: list[TextShown]
    audience: list[str]
    cost_time: list[str]
    warnings: list[str]


def _span(time: timedelta) -> str:
    return format_timedelta(time, locale=page_locale(), threshold=2)


def _shown(broadcast: Broadcast, shown: Preview, zone: str) -> PreviewShown:
    """The preview's lines, as `botapp broadcast preview` words them."""
    locale = page_locale()
    bodies = [
        TextShown(
            heading=text(
                t.PREVIEW_TEXT,
                n=one.readers,
                language=language_name(one.language, locale),
                characters=one.characters,
                encoding=one.encoding,
                segments=one.segments,
            ),
            body=one.body,
            cheaper=""
            if one.gsm7_segments is None
            else text(t.PREVIEW_GSM7, segments=one.gsm7_segments, instead=one.segments).strip(),
            cheaper_body=one.gsm7_text or "",
        )
        for one in shown.texts
    ]
    languages = ", ".join(f"{lang} {n}" for lang, n in shown.by_language.items())
    audience = [text(t.PREVIEW_RECIPIENTS, n=shown.recipients, languages=languages or "-")]
    if shown.fallback:
        fell_back = ", ".join(f"{lang} {n}" for lang, n in shown.fallback.items())
        default = broadcast.default_language
        count = sum(shown.fallback.values())
        audience.append(text(t.PREVIEW_FALLBACK, n=count, languages=fell_back, default=default))
    left_out = [f"{text(t.EXCLUSIONS[why])} {n}" for why, n in shown.excluded.items() if n]
    if left_out:
        count = sum(shown.excluded.values())
        audience.append(text(t.PREVIEW_EXCLUDED, n=count, reasons="; ".join(left_out)))
    cost = format_currency(
        shown.cost, "USD", format="¤#,##0.00##", locale=locale, currency_digits=False
    )
    cost_time = [text(t.PREVIEW_COST, n=shown.total_segments, cost=cost)]
    if shown.last_wait is None:
        cost_time.append(text(t.PREVIEW_UNPACED))
    else:
        ahead = text(t.PREVIEW_AHEAD, n=shown.ahead_segments) if shown.ahead_segments else ""
        said = text(t.PREVIEW_TIME, time=_span(shown.last_wait), mps=f"{shown.mps:g}")
        cost_time.append(said + ahead)
    warnings = warning_lines(shown, locale, zone)
    return PreviewShown(bodies, audience, cost_time, warnings)


@bp.get("/broadcasts/<int:broadcast_id>")
def broadcast_page(broadcast_id: int) -> str:
    """A broadcast: its preview while it can still change (audited `preview_broadcast`), then
    what it did."""
    db, staff = manager("preview_broadcast")
    broadcast = managed(db, staff, broadcast_id, "preview_broadcast")
    zone = db.get_one(Agency, broadcast.agency_id).timezone
    shown = None
    if broadcast.status in EDITABLE:
        estimate = preview(db, settings_of(current_app), broadcast, utcnow())
        shown = _shown(broadcast, estimate, zone)
        audit(db, staff.email, "preview_broadcast", f"broadcast {broadcast.id}")
    figures = figures_shown(db, broadcast)
    if figures is not None:
        audit(db, staff.email, "read_broadcast", f"broadcast {broadcast.id}")
    page = render_template(
        "staff/broadcasts/broadcast.html",
        broadcast=broadcast,
        status=text(t.STATUSES[broadcast.status]),
        shown=shown,
        editable=broadcast.status in EDITABLE,
        zone=zone,
        figures=figures,
        live=broadcast.status in LIVE,
    )
    db.commit()
    return page
