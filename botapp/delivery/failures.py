"""Acting on a failed text by the error rules: retry later, or give up with the reason recorded.

Errors arrive two ways: a refused REST call (21211, 429, 5xx, a timeout) while sending, and
a status callback that reports "undelivered"/"failed" with an ErrorCode (30003, 30005…)
after Twilio accepted the text. Both end here, so each code is handled the same way.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.delivery.errors import Action, ErrorRule, retry_delay, rule_for
from botapp.delivery.status import advance, requeue
from botapp.messages import notes
from botapp.models import Client, ConsentKind, Message, MessageStatus, Reason, Severity
from botapp.phone import mask
from botapp.services import alerts, case_record, consent
from botapp.transport.base import SendError

log = logging.getLogger(__name__)
RETRYING = (Action.RETRY, Action.RETRY_LATER)


def after_send_error(
    session: Session, message: Message, error: SendError, rng: random.Random
) -> None:
    """A send was refused: requeue with backoff, or fail the text."""
    rule = rule_for(error.code, error.http_status)
    # The retry holds the phone's later texts, so that they still reach it in order.
    if rule.action in RETRYING and _retried(session, message, rule, rng, error.retry_after, True):
        return
    code = str(error.code) if error.code is not None else None
    reason = rule.reason if rule.action not in RETRYING else _gave_up(message, rule)
    message.claim_token = None
    advance(session, message, MessageStatus.FAILED, error_code=code, detail=reason)
    _consequences(session, message, rule, reason, code)


def after_delivery_failure(session: Session, message: Message, code: int | None) -> None:
    """Twilio reported the accepted text undelivered: send it again later, or record why not."""
    rule = rule_for(code, 400)
    if rule.action in RETRYING and _retried(session, message, rule, random.Random(), None):
        return
    reason = rule.reason if rule.action not in RETRYING else _gave_up(message, rule)
    message.failure_reason = reason
    _consequences(session, message, rule, reason, str(code) if code is not None else None)


def _gave_up(message: Message, rule: ErrorRule) -> str:
    return f"gave up after {message.attempts} attempts: {rule.reason}"


def _retried(
    session: Session,
    message: Message,
    rule: ErrorRule,
    rng: random.Random,
    retry_after: float | None,
    holds_phone: bool = False,
) -> bool:
    """Requeue `message` if the rule allows another attempt; True when it did."""
    delay = retry_delay(rule.action, message.attempts, rng)
    if delay is None:
        return False
    if retry_after:
        delay = max(delay, timedelta(seconds=retry_after))
    reason = rule.reason
    if message.twilio_sid:  # a new attempt is a new Twilio message; keep the old SID's trail
        reason = f"{rule.reason} (was {message.twilio_sid})"
        message.twilio_sid = None
    requeue(session, message, utcnow() + delay, reason, holds_phone=holds_phone)
    log.info(
        "message %s to %s: %s, retry in %ss",
        message.id,
        mask(message.phone),
        rule.reason,
        int(delay.total_seconds()),
    )
    return True


def _consequences(
    session: Session, message: Message, rule: ErrorRule, reason: str, code: str | None
) -> None:
    """Record what a final failure means: an opt-out, an alert, a line in the case record."""
    client = session.get(Client, message.client_id) if message.client_id else None
    if rule.action is Action.OPTED_OUT:
        consent.record(
            session,
            phone=message.phone,
            client=client,
            kind=ConsentKind.OPT_OUT,
            method="carrier_error",
            keyword=code,
            message_id=message.id,
        )
    if rule.action is Action.CONFIG:
        log.error("message %s failed on our configuration: %s", message.id, reason)
    else:
        log.warning("message %s to %s failed: %s", message.id, mask(message.phone), reason)
    alert = rule.action in (Action.UNREACHABLE, Action.REVIEW)
    entry = notes.UNREACHABLE if rule.action is Action.UNREACHABLE else notes.DELIVERY_FAILED
    case_record.note(session, client, entry, message=message, alert=alert, reason=reason)
    if alert:
        cause = Reason.UNREACHABLE if rule.action is Action.UNREACHABLE else Reason.DELIVERY_FAILED
        alerts.need_person(session, client, cause, Severity.TODAY, message)
