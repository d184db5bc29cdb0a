"""The Escalations page: the queue in the reader's scope with filters (state, severity, office,
specialist), and an escalation's page to acknowledge it, text the client, resolve it with an
outcome note or give it to someone else. Every action is audited as the CLI names it; a
refusal is a message on the page; an escalation outside one's scope is a 404."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from botapp.db import get_session, utcnow
from botapp.escalations import messages as terms
from botapp.escalations import service as escalations
from botapp.escalations import staff_texts
from botapp.messages import queues as q
from botapp.models import Escalation, EscalationState, Office, Role, Severity, Staff
from botapp.services.access import NotAllowed, audit
from botapp.services.agency import Refused
from botapp.web.staff import bp
from botapp.web.staff.auth import current_staff, page_locale, text
from botapp.web.staff.pages import row_of
from botapp.web.staff.today_view import specialist_choices


@bp.app_context_processor
def queue_terms() -> dict[str, object]:
    """The Escalations, Inbox and Clients pages' catalog, as `q` in every template (the menu)."""
    return {"q": q}


def _state() -> EscalationState | None:
    """The state filter of the query string; None if unset or not understood."""
    value = request.args.get("state", "")
    return EscalationState(value) if value in set(EscalationState) else None


def _severity() -> Severity | None:
    """The severity filter of the query string; None if unset or not understood."""
    value = request.args.get("severity", "")
    return Severity(value) if value in set(Severity) else None


def _number(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.get("/escalations")
def escalation_queue() -> str:
    """The queue, filtered, oldest urgent first (the read is audited as `botapp escalations`)."""
    db, staff, locale, now = get_session(), current_staff(), page_locale(), utcnow()
    state = _state()
    found = escalations.listing(
        db,
        staff,
        (state,) if state else escalations.UNRESOLVED,
        severity=_severity(),
        office_id=_number("office"),
        specialist_id=_number("specialist"),
    )
    rows = [row_of(escalation, locale, now) for escalation in found]
    audit(db, staff.email, "read_escalations", f"{len(rows)} {state or 'unresolved'}")
    by_name = select(Office.id, Office.name).order_by(Office.name)
    offices = db.execute(by_name).all() if staff.role is Role.ADMIN else []
    page = render_template(
        "staff/escalations.html",
        q=q,
        rows=rows,
        args=request.args,
        states=[(s.value, text(terms.STATES[s])) for s in EscalationState],
        severities=[(s.value, text(terms.SEVERITIES[s])) for s in Severity],
        offices=[(str(office_id), name) for office_id, name in offices],
        specialists=specialist_choices(db, staff),
    )
    db.commit()
    return page


def _escalation(escalation_id: int, action: str) -> Escalation:
    """Escalation `escalation_id` for the signed-in staff member to read or act on; a 404 (the
    refusal audited as `{action}_denied`) when there is none or it is not theirs."""
    db, staff = get_session(), current_staff()
    try:
        if db.get(Escalation, escalation_id) is None:  # a guessed number reads as a refusal
            raise NotAllowed(staff, f"escalation #{escalation_id}")
        return escalations.find_for(db, escalation_id, staff)
    except NotAllowed as refused:
        db.rollback()
        audit(db, staff.email, f"{action}_denied", refused.target)
        db.commit()
        abort(404)


@bp.get("/escalations/<int:escalation_id>")
def escalation_page(escalation_id: int) -> str:
    """An escalation: who, why, since when, who has it, and the forms to act on it."""
    db, staff = get_session(), current_staff()
    escalation = _escalation(escalation_id, "read_escalation")
    row = row_of(escalation, page_locale(), utcnow())
    audit(db, staff.email, "read_escalation", f"escalation {escalation_id}")
    page = render_template(
        "staff/escalation.html",
        q=q,
        row=row,
        escalation=escalation,
        state=text(terms.STATES[escalation.state]),
        resolved=escalation.state is EscalationState.RESOLVED,
        candidates=escalations.candidates(db, escalation),
        max_text=staff_texts.MAX_TEXT,
    )
    db.commit()
    return page


def _back(escalation_id: int) -> Response:
    return redirect(url_for("staff.escalation_page", escalation_id=escalation_id))


@bp.post("/escalations/<int:escalation_id>/reply")
def reply(escalation_id: int) -> Response:
    """Text the client as written, as `@42 …` from a staff phone does (audited `relay_text`)."""
    db, staff = get_session(), current_staff()
    escalation = _escalation(escalation_id, staff_texts.RELAY)
    notice = staff_texts.relay(
        db, staff, escalation, request.form.get("text", ""), how="on the web"
    )
    if notice.msg is not staff_texts.RELAYED:
        db.rollback()
    db.commit()
    flash(notice.text(page_locale()))
    return _back(escalation_id)


@bp.post("/escalations/<int:escalation_id>/resolve")
def resolve(escalation_id: int) -> Response:
    """Close it with the outcome note (audited `resolve_escalation`)."""
    db, staff = get_session(), current_staff()
    escalation = _escalation(escalation_id, "resolve_escalation")
    outcome = request.form.get("outcome", "").strip()[:2000] or None
    try:
        escalations.resolve(db, escalation, staff, outcome)
    except Refused as refused:
        db.rollback()
        flash(refused.notice.text(page_locale()))
        return _back(escalation_id)
    audit(db, staff.email, "resolve_escalation", f"escalation {escalation_id}")
    db.commit()
    flash(text(q.RESOLVED, id=escalation_id))
    return _back(escalation_id)


@bp.post("/escalations/<int:escalation_id>/reassign")
def reassign(escalation_id: int) -> Response:
    """Give it to another active staff member who may read the client (audited
    `reassign_escalation`); they are alerted."""
    db, staff = get_session(), current_staff()
    escalation = _escalation(escalation_id, "reassign_escalation")
    chosen = request.form.get("staff", "")
    target = db.get(Staff, int(chosen)) if chosen.isdigit() else None
    try:
        if target is None:
            raise Refused(terms.CANNOT_HOLD, id=escalation_id, name=chosen[:40])
        escalations.reassign(db, escalation, target)
    except Refused as refused:
        db.rollback()
        flash(refused.notice.text(page_locale()))
        return _back(escalation_id)
    audit(db, staff.email, "reassign_escalation", f"escalation {escalation_id} to {target.email}")
    db.commit()
    flash(text(q.REASSIGNED, id=escalation_id, name=target.name))
    return _back(escalation_id)
