"""The phone simulator (demos and training): play a demo client's phone against the real
webhook and watch every text botapp sends to it, as `botapp simulate` does at a terminal.

The page sends the text server-side: it signs the webhook's form with the Twilio auth token,
exactly as Twilio signs it, and POSTs it to `/sms/inbound` through the app itself, so the
token never reaches the browser and the text takes the path a real one takes (recorded by the
webhook, acted on by the inbound worker, answered through the outbox and the dispatcher).
Only clients in the staff member's scope with a fictional 555-01xx number can be played, and
the page is a 404 unless STAFF_SIMULATOR is on (by default, in development only).
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator
from werkzeug.wrappers import Response

from botapp.cli.simulate import inbound_form
from botapp.config import settings_of
from botapp.db import get_session
from botapp.messages import simulator as s
from botapp.models import Client, Direction, Message, MessageStatus, Staff
from botapp.services.access import audit, visible_clients
from botapp.web.staff import bp
from botapp.web.staff.auth import current_staff, text

# The 555-0100 to 555-0199 numbers of any North American area code are kept for fiction.
FICTIONAL = re.compile(r"\+1\d{3}55501\d\d")
SHOWN = 50  # the phone's newest texts on screen
MAX_TEXT = 1600  # Twilio's longest inbound body


@dataclass(frozen=True)
class Line:
    """A text on the simulated phone: from the phone, or from botapp with its state."""

    id: int
    inbound: bool
    body: str
    status: str


def register() -> None:
    """The routes are declared on `bp` by importing this module (the app factory calls this)."""


@bp.app_context_processor
def _menu() -> dict[str, object]:
    """What base.html needs to link the simulator in the menu, when it is on."""
    return {"simulator_on": settings_of(current_app).simulator, "m_simulator": s}


def is_fictional(phone: str) -> bool:
    """True for a North American number in the 555-01xx range kept for fiction."""
    return FICTIONAL.fullmatch(phone) is not None


def playable(session: Session, staff: Staff) -> list[Client]:
    """The clients `staff` may read whose number is fictional, by name."""
    query = select(Client).where(visible_clients(staff), Client.phone.like("+1___55501__"))
    found = session.scalars(query.order_by(Client.first_name, Client.last_name, Client.id))
    return [client for client in found if is_fictional(client.phone)]


def _chosen(clients: list[Client], raw: str | None, action: str) -> Client | None:
    """The client picked by id among `clients`; None when none was picked; a 404 for an id
    outside them (another caseload, a real number, a guess), audited as `action`_denied."""
    if not raw:
        return None
    found = next((c for c in clients if str(c.id) == raw), None)
    if found is None:
        db = get_session()
        db.rollback()
        audit(db, current_staff().email, f"{action}_denied", f"client #{raw[:20]}")
        db.commit()
        abort(404)
    return found


def lines(session: Session, phone: str) -> list[Line]:
    """The phone's newest texts, oldest first: what it sent, and what botapp sent it."""
    query = (
        select(Message.id, Message.direction, Message.body, Message.status)
        .where(
            Message.phone == phone,
            (Message.direction == Direction.INBOUND) | Message.sent_at.is_not(None),
        )
        .order_by(Message.id.desc())
        .limit(SHOWN)
    )
    rows = session.execute(query).all()
    return [
        Line(row.id, row.direction is Direction.INBOUND, row.body, MessageStatus(row.status).value)
        for row in reversed(rows)
    ]


def _enabled() -> None:
    if not settings_of(current_app).simulator:
        abort(404)


@bp.get("/simulator")
def simulator() -> str:
    """Pick a demo client; their phone's texts and a box to text botapp as them."""
    _enabled()
    db, staff = get_session(), current_staff()
    clients = playable(db, staff)
    client = _chosen(clients, request.args.get("client"), "simulator_open")
    shown = lines(db, client.phone) if client else []
    if client is not None:
        audit(db, staff.email, "simulator_open", f"client {client.external_id}")
    db.commit()
    return render_template("staff/simulator.html", s=s, clients=clients, client=client, lines=shown)


@bp.get("/simulator/screen")
def simulator_screen() -> str:
    """The phone's texts alone, for the page's script to refresh them."""
    _enabled()
    db, staff = get_session(), current_staff()
    client = _chosen(playable(db, staff), request.args.get("client"), "simulator_open")
    if client is None:
        abort(404)
    shown = lines(db, client.phone)
    db.rollback()
    return render_template("staff/simulator_screen.html", s=s, client=client, lines=shown)


@bp.post("/simulator")
def simulator_send() -> Response:
    """Text botapp as the client: the real webhook, signed as Twilio signs it."""
    _enabled()
    db, staff = get_session(), current_staff()
    client = _chosen(playable(db, staff), request.form.get("client"), "simulator_text")
    if client is None:
        abort(404)
    body = request.form.get("body", "").strip()[:MAX_TEXT]
    back = redirect(url_for("staff.simulator", client=client.id))
    if not body:
        db.rollback()
        flash(text(s.BLANK))
        return back
    audit(db, staff.email, "simulator_text", f"client {client.external_id}")
    db.commit()  # before the webhook writes, in a transaction of its own
    status = post_to_webhook(client.phone, body)
    flash(text(s.SENT) if status == 200 else text(s.REFUSED, status=status))
    return back


def post_to_webhook(phone: str, body: str) -> int:
    """POST a text from `phone` to /sms/inbound, signed with the auth token; the HTTP status.

    The request runs in a fresh context, as a request of its own: nothing of this page's
    request (its session, its signed-in user) leaks into the webhook's.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = settings_of(app)
    form = inbound_form(settings, phone, body)
    signature = RequestValidator(settings.twilio_auth_token).compute_signature(
        settings.inbound_url, form
    )

    def send() -> int:
        answer = app.test_client().post(
            "/sms/inbound", data=form, headers={"X-Twilio-Signature": signature}
        )
        return int(answer.status_code)

    return contextvars.Context().run(send)
