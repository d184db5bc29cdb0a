"""Twilio's inbound webhook: validate, record, answer with an empty TwiML <Response/>.

Acting on the text (consent keywords, flows, the specialist's inbox) is the inbound worker's
job (`botapp inbound`), after this commit: see docs/decisions/0009-inbound-queue.md.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from botapp import engine_of, settings_of
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
    if not inbound.save(engine_of(current_app), sms):
        log.info("inbound webhook for a known MessageSid was retried; nothing written")
    # Answers go out through the outbox (consent re-checked, paced, recorded with their SID).
    return Response(EMPTY_TWIML, mimetype="application/xml")
