"""The pages: Today (the escalations that need me) and the staff pages' error pages; a client's
record is botapp/web/staff/client.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_timedelta
from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from botapp.db import get_session, utcnow
from botapp.escalations import messages as terms
from botapp.escalations import service as escalations
from botapp.messages import queues as q
from botapp.messages import render
from botapp.messages import web as m
from botapp.models import Escalation, EscalationState, Role, Severity
from botapp.services.access import NotAllowed, audit
from botapp.services.agency import Refused
from botapp.web.staff import bp, today_view
from botapp.web.staff.auth import current_staff, page_locale, text
from botapp.web.staff.security import CSRFError


@dataclass(frozen=True)
class Row:
    """An escalation as a line of Today's table, in the reader's language."""

    id: int
    client_id: int
    client: str  # first name and last initial, as alerts name clients
    reason: str
    severity: str
    urgent: bool
    waiting: str  # "3 hours"
    acknowledged: bool
    holder: str


def register() -> None:
    """The routes are declared on `bp` by importing this module and the other pages' (the app
    factory calls this)."""
    from botapp.web.staff import clients, inbox  # noqa: F401
    from botapp.web.staff import escalations as escalation_pages  # noqa: F401


def row_of(escalation: Escalation, locale: str, now: datetime) -> Row:
    client = escalation.client
    return Row(
        id=escalation.id,
        client_id=client.id,
        client=f"{client.first_name} {client.last_name[:1]}.",
        reason=render(terms.REASONS[escalation.reason], locale),
        severity=render(terms.SEVERITIES[escalation.severity], locale),
        urgent=escalation.severity is Severity.URGENT,
        waiting=format_timedelta(now - escalation.created_at, locale=locale),
        acknowledged=escalation.state is EscalationState.ACKNOWLEDGED,
        holder=escalation.holder.name if escalation.holder else "",
    )


@bp.get("/")
def today() -> str:
    """Today: my unresolved escalations, urgent first, then oldest first, new ones marked;
    clients who wrote and wait for a person; today's and tomorrow's appointments; clients with
    no two-way exchange in 30 days; numbers that could not be reached. A supervisor or an
    administrator may narrow it to one specialist's clients (`?specialist=ID`)."""
    db, staff, locale, now = get_session(), current_staff(), page_locale(), utcnow()
    chosen = request.args.get("specialist", "")
    specialist = int(chosen) if chosen.isdigit() and staff.role is not Role.SPECIALIST else None
    found = escalations.listing(db, staff, specialist_id=specialist)
    rows = [row_of(escalation, locale, now) for escalation in found]
    waiting = escalations.listing(db, staff, specialist_id=specialist, reasons=today_view.WAITING)
    unreachable = escalations.listing(
        db, staff, specialist_id=specialist, reasons=today_view.UNREACHABLE
    )
    appointments = today_view.appointments(db, staff, specialist, now)
    quiet = today_view.quiet(db, staff, specialist, now)
    audit(db, staff.email, "read_escalations", f"{len(rows)} unresolved")
    page = render_template(
        "staff/today.html",
        rows=rows,
        q=q,
        waiting=[row_of(e, locale, now) for e in waiting],
        unreachable=[row_of(e, locale, now) for e in unreachable],
        appointments=[today_view.appointment_line(a, locale) for a in appointments],
        quiet=quiet,
        specialists=[]
        if staff.role is Role.SPECIALIST
        else today_view.specialists_in_scope(db, staff),
        specialist=specialist,
    )
    db.commit()
    return page


@bp.post("/escalations/<int:escalation_id>/acknowledge")
def acknowledge(escalation_id: int) -> Response:
    """Take an escalation in hand (audited); back to Today with what happened."""
    db, staff = get_session(), current_staff()
    try:
        if db.get(Escalation, escalation_id) is None:  # a guessed number reads as a refusal
            raise NotAllowed(staff, f"escalation #{escalation_id}")
        escalation = escalations.find_for(db, escalation_id, staff)
        escalations.acknowledge(db, escalation, staff)
    except Refused as refused:
        db.rollback()
        flash(refused.notice.text(page_locale()))
        return _back_from_ack(escalation_id)
    except NotAllowed as refused:
        db.rollback()
        audit(db, staff.email, "ack_escalation_denied", refused.target)
        db.commit()
        abort(404)
    audit(db, staff.email, "ack_escalation", f"escalation {escalation_id}")
    db.commit()
    flash(text(m.ACKNOWLEDGED, id=escalation_id))
    return _back_from_ack(escalation_id)


def _back_from_ack(escalation_id: int) -> Response:
    """Back to Today, or to the escalation's page when the form came from there."""
    if request.form.get("back") == "escalation":
        return redirect(url_for("staff.escalation_page", escalation_id=escalation_id))
    return redirect(url_for("staff.today"))


@bp.errorhandler(404)
def page_not_found(_error: Exception) -> tuple[str, int]:
    """The staff pages' 404: the same for a record that does not exist and one not ours."""
    return render_template("staff/error.html", title=m.NOT_FOUND_TITLE, detail=m.NOT_FOUND), 404


@bp.errorhandler(CSRFError)
def form_expired(_error: Exception) -> tuple[str, int]:
    """A form posted without this session's CSRF token: refused, saying what to do."""
    page = render_template("staff/error.html", title=m.BAD_REQUEST_TITLE, detail=m.FORM_EXPIRED)
    return page, 400
