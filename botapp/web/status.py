"""Twilio's status callback: each outbound text's progress, forward only."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Blueprint, Response, abort, current_app, request

from botapp.config import settings_of
from botapp.db import get_session, write_lock
from botapp.delivery import failures
from botapp.delivery.status import FAILED, RANK, STAYED, UNKNOWN, advance_by_sid
from botapp.models import Message
from botapp.models.message import ERROR_CODE_LENGTH
from botapp.services.inbound import SID
from botapp.web.twilio_auth import is_signed

log = logging.getLogger(__name__)
bp = Blueprint("status", __name__)


MAX_ERROR_CODE = ERROR_CODE_LENGTH  # what the column holds; Twilio's codes have five digits


def _code(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _problem(form: Mapping[str, str]) -> str | None:
    """What makes a status callback unusable, in words for its 400, or None."""
    if not SID.fullmatch(form.get("MessageSid", "")) or form.get("MessageStatus") not in RANK:
        return "MessageSid and a known MessageStatus are required"
    code = form.get("ErrorCode", "")
    if len(code) > MAX_ERROR_CODE or not code.isprintable():
        return f"ErrorCode must be at most {MAX_ERROR_CODE} printable characters"
    return None


@bp.post("/sms/status")
def status_callback() -> Response:
    """Record a delivery status; late, repeated or unknown callbacks change nothing."""
    settings = settings_of(current_app)
    if not is_signed(request, settings.twilio_auth_token, settings.public_base_url + "/sms/status"):
        log.warning("refused unsigned or forged status callback from %s", request.remote_addr)
        abort(403)
    problem = _problem(request.form)
    if problem is not None:
        log.warning("malformed status callback: %s", problem)
        return Response(problem, 400, mimetype="text/plain")
    sid, status = request.form["MessageSid"], request.form["MessageStatus"]
    error_code = request.form.get("ErrorCode") or None
    session = get_session()
    with session.begin():
        write_lock(session)  # on SQLite: asked for promptly (decision 31); nothing on PostgreSQL
        moved = advance_by_sid(session, sid, status, error_code=error_code)
        if moved == UNKNOWN:
            log.warning("status callback for unknown message %s", sid)
        elif moved != STAYED:
            log.info("message %s is now %s", moved, status)
            if status in FAILED:
                message = session.get_one(Message, moved)
                failures.after_delivery_failure(session, message, _code(error_code))
    return Response("", 200)
