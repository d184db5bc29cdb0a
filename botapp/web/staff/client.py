"""A client's record: who they are, their consent history, the conversation (the latest texts,
new ones fetched as they arrive), case notes, the plan, pausing the automated texts, answering
the client, and exporting the texts.

Every view of the record and every action is in the audit trail, except the transcript's
polling for new texts, which the page's own view already covers (decision 27). A client outside
one's scope is a 404, like a client that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_time
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from botapp.appointments import messages as appointment_terms
from botapp.db import get_session, utcnow
from botapp.delivery import outbox
from botapp.delivery.errors import rule_for
from botapp.delivery.quiet_hours import is_quiet
from botapp.encoding import SmsCost, analyze
from botapp.escalations import service as escalations
from botapp.escalations import staff_texts
from botapp.messages import Msg, render
from botapp.messages import clients as paused_terms
from botapp.messages import web as m
from botapp.messages.formatting import language_name
from botapp.models import BROADCAST_SCOPE, Client, Direction, MessageStatus, Staff
from botapp.models.consent import ALL_SCOPES
from botapp.placements import timing as ladders
from botapp.services import case_record, consent, pausing, plans
from botapp.services.access import NotAllowed, audit, check_can_read
from botapp.services.agency import Refused
from botapp.services.export import export_messages, write_csv, write_json
from botapp.web.staff import bp
from botapp.web.staff.auth import current_staff, page_locale, text

PAGE = 50  # texts shown at once: the latest, with a link to earlier ones
NEWER = 200  # at most this many new texts in one poll's answer
NOTES = 100  # the latest case notes shown
FAILED = (MessageStatus.FAILED, MessageStatus.UNDELIVERED)
_FILE_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Line:
    """A text of the transcript as the page shows it, in the reader's language."""

    id: int
    side: str  # "inbound" (the client), "bot" or "staff"
    who: str
    at: datetime
    body: str
    status: str  # an outbound text's delivery state, else ""
    failure: str  # for a text not delivered: why, in words


def _client(db: Session, staff: Staff, client_id: int) -> Client:
    """The client `staff` may read, or a 404 (audited as a refused read of the record)."""
    client = db.get(Client, client_id)
    try:
        if client is None:
            raise NotAllowed(staff, f"client #{client_id}")  # a guessed id reads as a refusal
        check_can_read(staff, client)
    except NotAllowed as refused:
        db.rollback()
        audit(db, staff.email, "read_case_denied", refused.target)
        db.commit()
        abort(404)
    return client


def _lines(client: Client, texts: list[case_record.Text], locale: str) -> list[Line]:
    """The transcript's lines: who wrote each text, its delivery state and why it failed."""
    lines = []
    for found in texts:
        message = found.message
        if message.direction is Direction.INBOUND:
            side, who = "inbound", render(m.FROM_CLIENT, locale, name=client.first_name)
        elif found.staff is not None:
            side, who = "staff", render(m.FROM_STAFF, locale, name=found.staff)
        else:
            side, who = "bot", render(m.FROM_BOTAPP, locale)
        outbound = message.direction is Direction.OUTBOUND
        lines.append(
            Line(
                id=message.id,
                side=side,
                who=who,
                at=message.created_at,
                body=message.body,
                status=message.status.value if outbound else "",
                failure=_failure(message.status, message.failure_reason, message.error_code)
                if outbound
                else "",
            )
        )
    return lines


def _failure(status: MessageStatus, reason: str | None, code: str | None) -> str:
    """Why a text was not delivered, in words in the reader's language for Twilio's known
    codes, else the delivery rules' reason; "" for a text not failed."""
    if status not in FAILED:
        return ""
    if code in m.FAILURES:
        reason = text(m.FAILURES[code])
    elif not reason:
        reason = rule_for(int(code) if code and code.isdigit() else None, 400).reason
    if code:
        return text(m.NOT_DELIVERED, reason=reason, code=code)
    return text(m.NOT_DELIVERED_NO_CODE, reason=reason)


def _term(terms: dict[str, Msg], value: str) -> str:
    """A stored state or kind in the reader's words (as stored when the catalog has none)."""
    return text(terms[value]) if value in terms else value.replace("_", " ")


def _consent_event(kind: str, scope: str) -> str:
    """A consent event in the reader's words, and what it was about when not every text."""
    event = _term(m.CONSENT_KINDS, kind)
    if scope == ALL_SCOPES:
        return event
    return text(m.CONSENT_SCOPED, event=event, scope=_term(m.CONSENT_SCOPES, scope))


def _when(client: Client, locale: str) -> Callable[[datetime], str]:
    """Formats a moment as the client's local date and time."""
    zone = ZoneInfo(client.timezone)
    return lambda at: format_datetime(at, "short", tzinfo=zone, locale=locale)


def _automated(db: Session, client: Client, locale: str) -> str:
    """Whether the client's automated texts run, in words."""
    if client.paused_at is not None:
        zone = ZoneInfo(client.timezone)
        when = format_datetime(client.paused_at, "short", tzinfo=zone, locale=locale)
        return text(m.CLIENT_PAUSED_BY_STAFF, when=when)
    if escalations.unresolved_of(db, client):
        return text(m.CLIENT_HELD_BY_ESCALATION)
    return text(m.CLIENT_RUNNING)


def _quiet_now(db: Session, client: Client, locale: str) -> str:
    """The quiet-hours warning for a text sent now, or "" outside the client's quiet hours."""
    now = utcnow()
    if not is_quiet(now, client.timezone, outbox.quiet_hours_for(db, client)):
        return ""
    local = format_time(now, "short", tzinfo=ZoneInfo(client.timezone), locale=locale)
    return text(m.REPLY_QUIET, time=local, name=client.first_name)


def _page(
    client_id: int, draft: str = "", problem: str = "", status: int = 200
) -> ResponseReturnValue:
    """The record's page (audited as a read); `draft`: the reply box's text, with its figures."""
    db, staff, locale = get_session(), current_staff(), page_locale()
    client = _client(db, staff, client_id)
    before = request.args.get("before", type=int)
    texts = case_record.texts(db, client, limit=PAGE + 1, before=before)
    earlier = len(texts) > PAGE
    texts = texts[-PAGE:]
    cost: SmsCost | None = analyze(draft) if draft else None
    context = {
        "client": client,
        "language": language_name(client.language, locale),
        "specialist": client.specialist.name if client.specialist else text(m.CLIENT_NO_SPECIALIST),
        "automated": _automated(db, client, locale),
        "opted_out": consent.is_opted_out(db, client.phone),
        "notices_off": consent.is_opted_out(db, client.phone, BROADCAST_SCOPE),
        "consent_events": consent.history(db, client),
        "lines": _lines(client, texts, locale),
        "earlier": texts[0].message.id if earlier and texts else None,
        "paging": before is not None,
        "notes": case_record.latest_notes(db, client, locale, NOTES),
        "appointments": plans.appointments(db, client),
        "goals": plans.goals(db, client),
        "placements": [(p, ladders.ladder(db, p)) for p in plans.placements(db, client)],
        "quiet": _quiet_now(db, client, locale),
        "draft": draft,
        "cost": cost,
        "problem": problem,
        "max_text": escalations.MAX_TEXT,
        "when": _when(client, locale),
        "state": lambda value: _term(m.STATES, value),
        "consent_event": _consent_event,
        "appointment_kind": lambda value: _term(appointment_terms.KIND, value),
    }
    audit(db, staff.email, "read_case", f"client {client.external_id}")
    db.commit()
    return render_template("staff/client.html", **context), status


@bp.get("/clients/<int:client_id>")
def client_record(client_id: int) -> ResponseReturnValue:
    """A client's record (audited); `?before=ID`: the texts before that one."""
    return _page(client_id)


@bp.get("/clients/<int:client_id>/texts")
def client_texts(client_id: int) -> Response:
    """The texts after `?after=ID`, as the transcript's list items and the last id (JSON), for
    the page's polling. Not audited: the page's view is (decision 27)."""
    db, staff, locale = get_session(), current_staff(), page_locale()
    client = _client(db, staff, client_id)
    after = request.args.get("after", default=0, type=int)
    lines = _lines(client, case_record.texts(db, client, limit=NEWER, after=after), locale)
    db.rollback()
    html = render_template("staff/client_texts.html", lines=lines, when=_when(client, locale))
    return jsonify(last=lines[-1].id if lines else after, html=html)


@bp.post("/clients/<int:client_id>/reply")
def client_reply(client_id: int) -> ResponseReturnValue:
    """Count the reply's characters and segments (the Count button), or send it to the client
    through the outbox as the staff member's own words; it answers their open escalations."""
    db, staff = get_session(), current_staff()
    client = _client(db, staff, client_id)
    draft = request.form.get("text", "").strip()
    if request.form.get("count"):
        db.rollback()
        return _page(client_id, draft)
    try:
        answering = escalations.unresolved_of(db, client)
        taken = staff_texts.send(db, staff, client, draft, answering)
    except staff_texts.NotSent as refused:
        db.rollback()
        return _page(client_id, draft, _unsent(refused), 400)
    for escalation in taken:
        audit(db, staff.email, "ack_escalation", f"escalation {escalation.id}")
    audit(db, staff.email, "reply_client", f"client {client.external_id}")
    db.commit()
    flash(text(m.REPLY_SENT, name=client.first_name))
    return redirect(url_for("staff.client_record", client_id=client_id) + "#reply")


# What the reply box says when the relay refuses a text (never RESOLVED: it answers only
# the client's unresolved escalations).
_UNSENT = {
    staff_texts.Unsent.EMPTY: m.REPLY_EMPTY,
    staff_texts.Unsent.TOO_LONG: m.REPLY_TOO_LONG,
    staff_texts.Unsent.OPTED_OUT: m.REPLY_REFUSED_OPTED_OUT,
}


def _unsent(refused: staff_texts.NotSent) -> str:
    """Why the reply box's text was not sent, in the page's language."""
    msg = _UNSENT[refused.why]
    return render(msg, page_locale(), count=refused.length, max=staff_texts.MAX_TEXT)


@bp.post("/clients/<int:client_id>/pause")
def client_pause(client_id: int) -> Response:
    """Pause the client's automated texts, as `botapp clients pause` does (audited alike)."""
    db, staff = get_session(), current_staff()
    client = _client(db, staff, client_id)
    note = request.form.get("note", "").strip() or None

    def pause() -> Msg:
        pausing.pause(db, client, staff.name, note, utcnow())
        return paused_terms.CMD_PAUSED

    return _change(db, staff, client, "pause_client", pause)


@bp.post("/clients/<int:client_id>/resume")
def client_resume(client_id: int) -> Response:
    """Resume the client's automated texts, as `botapp clients resume` does (audited alike)."""
    db, staff = get_session(), current_staff()
    client = _client(db, staff, client_id)

    def resume() -> Msg:
        running = pausing.resume(db, client, staff.name, utcnow())
        return paused_terms.CMD_RESUMED if running else paused_terms.CMD_RESUMED_ESCALATED

    return _change(db, staff, client, "resume_client", resume)


def _change(
    db: Session, staff: Staff, client: Client, action: str, change: Callable[[], Msg]
) -> Response:
    """Run `change` (it returns the catalog entry saying what it did) in the request's
    transaction, audited as `action`; back to the page with what happened or why not."""
    try:
        done = change()
    except Refused as refused:
        db.rollback()
        flash(refused.notice.text(page_locale()))
    else:
        audit(db, staff.email, action, f"client {client.external_id}")
        db.commit()
        name = f"{client.first_name} {client.last_name}"
        flash(render(done, page_locale(), name=name, external_id=client.external_id))
    return redirect(url_for("staff.client_record", client_id=client.id) + "#automated")


@bp.get("/clients/<int:client_id>/export.<any(csv, json):fmt>")
def client_export(client_id: int, fmt: str) -> Response:
    """The client's texts as CSV or JSON, as `botapp export messages --client` writes them
    (audited, committed before any data leaves)."""
    db, staff = get_session(), current_staff()
    client = _client(db, staff, client_id)
    rows = export_messages(db, staff.email, client.phone, staff)
    db.commit()
    out = StringIO()
    (write_csv if fmt == "csv" else write_json)(rows, out)
    kind = "text/csv" if fmt == "csv" else "application/json"
    name = _FILE_SAFE.sub("-", client.external_id) or "client"
    answer = Response(out.getvalue(), mimetype=kind)
    answer.headers["Content-Disposition"] = f'attachment; filename="texts-{name}.{fmt}"'
    return answer


def register() -> None:
    """The routes are declared on `bp` by importing this module (the app factory calls this)."""
