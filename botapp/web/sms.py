"""Twilio's inbound webhook: validate, record, answer with an empty TwiML <Response/>.

Acting on the text (consent keywords, flows, the specialist's inbox) is the inbound worker's
job (`botapp inbound`), after this transaction commits: see docs/decisions/0009-inbound-queue.md.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from twilio.twiml.messaging_response import MessagingResponse

from botapp.config import engine_of, settings_of
from botapp.db import write_lock
from botapp.services import inbound
from botapp.web.twilio_auth import is_signed

log = logging.getLogger(__name__)
bp = Blueprint("sms", __name__)


EMPTY_TWIML = str(MessagingResponse())  # <?xml …?><Response />


@bp.post("/sms/inbound")
def receive() -> Response:
    """Record an inbound text once (a retried MessageSid writes nothing) and answer at once."""
    settings = settings_of(current_app)
    if not is_signed(request, settings.twilio_auth_token, settings.inbound_url):
        log.warning("refused unsigned or forged inbound webhook from %s", request.remote_addr)
        abort(403)
    try:
        sms = inbound.parse(request.form)
    except inbound.InvalidWebhook as exc:
        log.warning("malformed inbound webhook: %s", exc)
        return Response(str(exc), status=400, mimetype="text/plain")
    if not save(engine_of(current_app), sms):
        log.info("inbound webhook for a known MessageSid was retried; nothing written")
    # Answers go out through the outbox (consent re-checked, paced, recorded with their SID).
    return Response(EMPTY_TWIML, mimetype="application/xml")


def save(engine: Engine, sms: inbound.InboundSms) -> bool:
    """Record `sms` in its own transaction; False when its MessageSid was already recorded.

    A connection the database dropped (a restart) is found dead mid-statement at most once:
    the pool then replaces every older connection, and the text is written on a new one. If the
    first attempt had committed after all, the second meets the unique SID and writes nothing.
    """
    try:
        return _save_once(engine, sms)
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        log.warning("database connection lost while recording a text; writing it again")
        return _save_once(engine, sms)


def _save_once(engine: Engine, sms: inbound.InboundSms) -> bool:
    try:
        with engine.begin() as conn:  # one statement: no Session needed
            write_lock(conn)  # on SQLite: asked for promptly, not in the busy handler's steps
            inbound.record(conn, sms)
        return True
    except IntegrityError:
        with engine.connect() as conn:
            if not inbound.is_known(conn, sms.sid):
                raise
        return False
