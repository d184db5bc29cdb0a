"""A broadcast's buttons and what follows them: send now, schedule, cancel (each calls the
service `botapp broadcast send|schedule|cancel` calls and is audited as it is), the live
figures (the page's part, and as JSON for static/broadcast.js to refresh it), and the coming
list as CSV for the front desk (audited `export_broadcast_coming`)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from botapp.appointments.importer import parse_date, parse_time
from botapp.broadcasts import messages as t
from botapp.broadcasts import report, sending
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.messages import web_broadcasts as b
from botapp.messages.formatting import LocalTime, language_name
from botapp.models import Agency, Broadcast, BroadcastStatus, Rsvp, Staff
from botapp.services.access import audit
from botapp.services.agency import Refused
from botapp.services.csvfiles import Notice
from botapp.web.staff import bp
from botapp.web.staff.auth import page_locale, text
from botapp.web.staff.broadcast_access import managed, manager

# Figures may still change: the page polls while the broadcast is in one of these.
LIVE = (BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING)


@dataclass(frozen=True)
class FiguresRow:
    """One line of the figures table: all languages, or one."""

    language: str
    recipients: int
    queued: int
    sent: int
    delivered: int
    failed: int
    not_sent: int
    coming: int
    accommodation: int
    not_coming: int


def _row(language: str, figures: report.Figures) -> FiguresRow:
    went, said = figures.outcomes, figures.rsvps
    out = report.Outcome
    return FiguresRow(
        language=language,
        recipients=figures.recipients,
        queued=went[out.QUEUED],
        sent=went[out.SENT],
        delivered=went[out.DELIVERED],
        failed=went[out.FAILED],
        not_sent=went[out.CANCELLED] + went[out.OPTED_OUT] + went[out.EXPIRED],
        coming=said[Rsvp.YES] + said[Rsvp.ACCOMMODATION],
        accommodation=said[Rsvp.ACCOMMODATION],
        not_coming=said[Rsvp.NO],
    )


@dataclass(frozen=True)
class FiguresShown:
    """A broadcast's figures as the page shows them."""

    rows: list[FiguresRow]
    failures: list[tuple[str, int]]  # why, how many
    opted_out_since: int


def figures_shown(db: Session, broadcast: Broadcast) -> FiguresShown | None:
    """The figures of a broadcast that has started, in the reader's words; None before."""
    if broadcast.started_at is None:
        return None
    found, locale = report.figures(db, broadcast), page_locale()
    rows = [_row(text(b.ALL), found.total)]
    rows += [_row(language_name(lang, locale), one) for lang, one in found.by_language.items()]
    failures = [
        (report.failure_words(code, reason, locale), n) for code, reason, n in found.failures
    ]
    return FiguresShown(rows, failures, found.opted_out_since)


def _back(broadcast_id: int) -> Response:
    return redirect(url_for("staff.broadcast_page", broadcast_id=broadcast_id))


def _act(
    broadcast_id: int, action: str, change: Callable[[Session, Broadcast, Staff], Notice]
) -> Response:
    """Run `change` on a broadcast one manages, audit it and say what it did; a refusal is
    said on the page and nothing changes; not one's own: 404 (audited)."""
    db, staff = manager(action)
    broadcast = managed(db, staff, broadcast_id, action)
    try:
        said = change(db, broadcast, staff)
    except Refused as refused:
        db.rollback()
        flash(refused.notice.text(page_locale()))
        return _back(broadcast_id)
    audit(db, staff.email, action, f"broadcast {broadcast_id}")
    db.commit()
    flash(said.text(page_locale()))
    return _back(broadcast_id)


@bp.post("/broadcasts/<int:broadcast_id>/send")
def send_broadcast(broadcast_id: int) -> Response:
    """Send it now: its recipients' texts go to the outbox at once."""

    def change(db: Session, broadcast: Broadcast, staff: Staff) -> Notice:
        n = sending.send(db, settings_of(current_app), broadcast, staff, utcnow())
        return Notice(b.SENT, {"id": broadcast.id}, n=n)

    return _act(broadcast_id, "send_broadcast", change)


def _start_at(zone: str) -> datetime:
    """The schedule form's date and time in the agency's `zone`; Refused if not read."""
    day = parse_date(request.form.get("day", "").strip())
    clock = parse_time(request.form.get("time", "").strip())
    if day is None or clock is None:
        raise Refused(b.ERR_START)
    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone))


@bp.post("/broadcasts/<int:broadcast_id>/schedule")
def schedule_broadcast(broadcast_id: int) -> Response:
    """Start it later, at the date and time the form gives on the agency's clocks."""

    def change(db: Session, broadcast: Broadcast, staff: Staff) -> Notice:
        zone = db.get_one(Agency, broadcast.agency_id).timezone
        when = _start_at(zone)
        sending.schedule(broadcast, when, staff, utcnow())
        return Notice(b.SCHEDULED, {"id": broadcast.id, "when": LocalTime(when, zone)})

    return _act(broadcast_id, "schedule_broadcast", change)


@bp.post("/broadcasts/<int:broadcast_id>/cancel")
def cancel_broadcast(broadcast_id: int) -> Response:
    """Cancel it: what has not gone out yet never will; says how many went."""

    def change(db: Session, broadcast: Broadcast, staff: Staff) -> Notice:
        done = sending.cancel(db, broadcast, staff, utcnow())
        counts = {"went": done.went, "in_flight": done.in_flight, "stopped": done.stopped}
        return Notice(b.CANCELLED, {"id": broadcast.id, **counts})

    return _act(broadcast_id, "cancel_broadcast", change)


@bp.get("/broadcasts/<int:broadcast_id>/figures")
def broadcast_figures(broadcast_id: int) -> dict[str, Any]:
    """The figures' part of the page as HTML in JSON, for the page's polling. Counts only, no
    client: not audited at each poll (every 5 seconds), the page's load is; a refusal is."""
    db, staff = manager("read_broadcast")
    broadcast = managed(db, staff, broadcast_id, "read_broadcast")
    shown = figures_shown(db, broadcast)
    html = render_template("staff/broadcasts/figures.html", broadcast=broadcast, figures=shown)
    status = text(t.STATUSES[broadcast.status])
    db.commit()
    return {"html": html, "status": text(b.STATUS_LINE, status=status), "live": _live(broadcast)}


def _live(broadcast: Broadcast) -> bool:
    return broadcast.status in LIVE


@bp.get("/broadcasts/<int:broadcast_id>/coming.csv")
def broadcast_coming(broadcast_id: int) -> Response:
    """Who said they are coming, and what they need, as CSV (no phone numbers)."""
    db, staff = manager("export_broadcast_coming")
    broadcast = managed(db, staff, broadcast_id, "export_broadcast_coming")
    rows = report.coming(db, broadcast)
    detail = f"broadcast {broadcast_id}: {len(rows)} clients"
    audit(db, staff.email, "export_broadcast_coming", detail)
    db.commit()
    out = io.StringIO()
    report.write_coming(rows, out)
    name = f"broadcast-{broadcast_id}-coming.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
