"""The Inbox page: texts from numbers that match no client, newest first, for supervisors and
administrators (such a text is no one's caseload, as for `botapp inbox --unmatched`); link one
to a client in one's scope (the number's texts join that record) or dismiss it. Specialists
get a 404, audited."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from botapp.config import settings_of
from botapp.db import get_session
from botapp.messages import queues as q
from botapp.models import Client
from botapp.services import inbox as service
from botapp.services.access import NotAllowed, audit, check_can_read_unmatched, visible_clients
from botapp.services.agency import Refused
from botapp.web.staff import bp
from botapp.web.staff.auth import current_staff, page_locale, text

PER_PAGE = 50


def _allowed(action: str) -> None:
    """A 404 (audited as `{action}_denied`) unless the signed-in staff member may sort out
    unmatched texts."""
    db, staff = get_session(), current_staff()
    try:
        check_can_read_unmatched(staff)
    except NotAllowed as refused:
        audit(db, staff.email, f"{action}_denied", refused.target)
        db.commit()
        abort(404)


@bp.get("/inbox")
def unmatched_inbox() -> str:
    """The unmatched texts, newest first, each with the forms to link or dismiss it."""
    _allowed("read_unmatched")
    db, staff, locale = get_session(), current_staff(), page_locale()
    page_arg = request.args.get("page", "1")
    number = int(page_arg) if page_arg.isdigit() and 0 < int(page_arg) < 10_000 else 1
    found = service.unmatched(db, PER_PAGE + 1, (number - 1) * PER_PAGE)
    zone = ZoneInfo(settings_of(current_app).default_timezone)
    audit(db, staff.email, "read_unmatched", f"{len(found[:PER_PAGE])} texts")
    page = render_template(
        "staff/inbox.html",
        q=q,
        texts=found[:PER_PAGE],
        more=len(found) > PER_PAGE,
        page=number,
        when=lambda at: format_datetime(at, "short", tzinfo=zone, locale=locale),
        zone=zone.key,
    )
    db.commit()
    return page


def _back() -> Response:
    return redirect(url_for("staff.unmatched_inbox"))


@bp.post("/inbox/<int:message_id>/link")
def link_text(message_id: int) -> Response:
    """Put the text, and the other unmatched ones from its number, in the record of the client
    with the case id typed (audited `link_unmatched`, with a case-record line)."""
    _allowed("link_unmatched")
    db, staff = get_session(), current_staff()
    external_id = request.form.get("external_id", "").strip()[:64]
    client = db.scalars(
        select(Client).where(Client.external_id == external_id, visible_clients(staff))
    ).one_or_none()
    try:
        message = service.find_unmatched(db, message_id)
        if client is None:
            raise Refused(q.NO_SUCH_CASE, external_id=external_id)
        moved = service.link(db, message, client, staff.name)
    except Refused as refused:
        db.rollback()
        flash(refused.notice.text(page_locale()))
        return _back()
    audit(db, staff.email, "link_unmatched", f"text {message_id} to client {client.external_id}")
    db.commit()
    flash(text(q.LINKED, count=moved, name=f"{client.first_name} {client.last_name}"))
    return _back()


@bp.post("/inbox/<int:message_id>/dismiss")
def dismiss_text(message_id: int) -> Response:
    """Take the text off the inbox (audited `dismiss_unmatched`); it stays stored."""
    _allowed("dismiss_unmatched")
    db, staff = get_session(), current_staff()
    try:
        service.dismiss(db, service.find_unmatched(db, message_id))
    except Refused as refused:
        db.rollback()
        flash(refused.notice.text(page_locale()))
        return _back()
    audit(db, staff.email, "dismiss_unmatched", f"text {message_id}")
    db.commit()
    flash(text(q.DISMISSED))
    return _back()
