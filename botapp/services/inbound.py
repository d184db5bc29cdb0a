"""Receiving a text: check the webhook's fields and record the inbound row, once.

The webhook does only this, in one INSERT in its own transaction (`botapp.web.sms.save`), and
answers Twilio at once; the inbound worker
(`botapp.workers.inbound`) then acts on the row. The row carries everything acting on
it needs (the matched client, the body, Twilio's OptOutType), so nothing of a text is lost
between the two, and a retried MessageSid meets the unique SID and writes nothing.
See docs/decisions/0009-inbound-queue.md.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select

from botapp.db import utcnow
from botapp.encoding import analyze
from botapp.models import Client, Direction, Message, MessageStatus
from botapp.phone import InvalidPhone, to_e164

log = logging.getLogger(__name__)

MAX_BODY = 1600
MAX_MEDIA = 10  # Twilio attaches at most 10 media to a message
SID = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")  # whole value only: use fullmatch


class InvalidWebhook(ValueError):
    """The POST is not a well-formed Twilio inbound message; the text says which field."""


@dataclass(frozen=True)
class InboundSms:
    """The fields of Twilio's inbound webhook that botapp uses."""

    sid: str
    sender: str
    body: str
    opt_out_type: str | None = None
    media: list[dict[str, Any]] = field(default_factory=list)


def parse(form: Mapping[str, str]) -> InboundSms:
    """Check and extract an inbound webhook's fields, or raise InvalidWebhook naming the problem."""
    sid = form.get("MessageSid", "")
    if not SID.fullmatch(sid):
        raise InvalidWebhook("MessageSid is missing or not a Twilio message SID")
    try:
        sender = to_e164(form.get("From", ""))
    except InvalidPhone:
        raise InvalidWebhook("From is missing or not a phone number") from None
    body = _text(form, "Body")
    if len(body) > MAX_BODY:
        raise InvalidWebhook(f"Body is longer than {MAX_BODY} characters")
    raw_media = form.get("NumMedia", "0") or "0"
    if not (raw_media.isascii() and raw_media.isdigit() and int(raw_media) <= MAX_MEDIA):
        raise InvalidWebhook(f"NumMedia is not a number from 0 to {MAX_MEDIA}")
    media = [
        {"url": _text(form, f"MediaUrl{i}"), "content_type": _text(form, f"MediaContentType{i}")}
        for i in range(int(raw_media))
    ]
    opt_out_type = _text(form, "OptOutType").upper()[:10] or None
    return InboundSms(sid=sid, sender=sender, body=body, opt_out_type=opt_out_type, media=media)


def _text(form: Mapping[str, str], name: str) -> str:
    """Field `name` (empty when absent), or InvalidWebhook if it holds a NUL character.

    No SMS carries one (GSM's 0x00 is "@"), and PostgreSQL cannot store one in text: refused
    alike on both databases rather than a 500 on one.
    """
    value = form.get(name, "")
    if "\x00" in value:
        raise InvalidWebhook(f"{name} contains a NUL character")
    return value


def record(conn: Connection, sms: InboundSms) -> None:
    """Write the inbound row, matched to its client by a subquery, in one statement.

    A MessageSid already recorded (Twilio's retry, or two copies of one webhook at once)
    meets the unique SID: IntegrityError, which the webhook answers as a retry (`is_known`).
    """
    cost, now = analyze(sms.body), utcnow()
    conn.execute(
        RECORD,
        {
            "direction": Direction.INBOUND,
            "phone": sms.sender,
            "body": sms.body,
            "twilio_sid": sms.sid,
            "status": MessageStatus.RECEIVED,
            "encoding": cost.encoding,
            "segments": cost.segments,
            "media": sms.media or None,
            "opt_out_type": sms.opt_out_type,
            "created_at": now,
            "updated_at": now,
        },
    )


def is_known(conn: Connection, sid: str) -> bool:
    """True when a message with Twilio SID `sid` is recorded."""
    return conn.scalar(select(Message.id).where(Message.twilio_sid == sid)) is not None


# Built once, so it is compiled once (a dialect's INSERT … ON CONFLICT is never cached).
RECORD = insert(cast(Table, Message.__table__)).values(
    client_id=select(Client.id).where(Client.phone == bindparam("phone")).scalar_subquery(),
    **{
        name: bindparam(name)
        for name in (
            "direction",
            "phone",
            "body",
            "twilio_sid",
            "status",
            "encoding",
            "segments",
            "media",
            "opt_out_type",
            "created_at",
            "updated_at",
        )
    },
)
