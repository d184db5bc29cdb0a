"""Message export for staff: one client's texts or everyone's, oldest first, always audited."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.models import Client, Message, Staff
from botapp.phone import mask, to_e164
from botapp.services.access import audit, check_can_read, visible_clients
from botapp.services.clients import find_by_phone

FIELDS = (
    "direction",
    "body",
    "status",
    "sid",
    "created_at",
    "client_external_id",
    "phone",
    "encoding",
    "segments",
    "message_key",
    "error_code",
    "sent_by",  # the staff member who wrote it from their phone; empty: the bot or the client
)
Row = dict[str, str | int | None]
# A spreadsheet may run a cell starting with one of these as a formula (OWASP CSV injection,
# ASVS 1.2.10); bodies come from clients and other columns from imports, so every cell is guarded.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?\Z")


class UnknownClient(LookupError):
    """No client has the phone number asked for."""

    def __init__(self, phone: str) -> None:
        super().__init__(mask(phone))
        self.phone = phone


def _row(message: Message, external_id: str, sent_by: str | None) -> Row:
    return {
        "direction": message.direction.value,
        "body": message.body,
        "status": message.status,
        "sid": message.twilio_sid,
        "created_at": message.created_at.astimezone(UTC).isoformat(),
        "client_external_id": external_id,
        "phone": message.phone,
        "encoding": message.encoding,
        "segments": message.segments,
        "message_key": message.message_key,
        "error_code": message.error_code,
        "sent_by": sent_by,
    }


def export_messages(
    session: Session, actor: str, phone: str | None = None, staff: Staff | None = None
) -> list[Row]:
    """The messages of the client at `phone` (None: all `staff` may read), oldest first; audited."""
    # Unmatched texts (client_id NULL) belong to no client, so neither export shows them.
    query = (
        select(Message, Client.external_id, Staff.name)
        .join(Client, Message.client_id == Client.id)
        .outerjoin(Staff, Message.sent_by_id == Staff.id)
        .where(visible_clients(staff))
        .order_by(Message.created_at, Message.id)
    )
    scope = "all clients"
    if phone is not None:
        number = to_e164(phone)  # raises InvalidPhone
        client = find_by_phone(session, number)
        if client is None:
            raise UnknownClient(number)
        check_can_read(staff, client)
        query = query.where(Message.client_id == client.id)
        scope = f"client {client.external_id} ({mask(number)})"
    rows = [
        _row(message, external, sent_by) for message, external, sent_by in session.execute(query)
    ]
    detail = f"{scope}: {len(rows)} rows"  # never a body or a full number
    audit(session, actor, "export_messages", detail)
    return rows


def spreadsheet_safe(value: str | int | None) -> str | int | None:
    """`value` as a cell no spreadsheet runs as a formula: text starting like one gets a `'`."""
    # A plain signed number ("+13125550142") cannot call anything: phones stay as exported.
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def write_csv(rows: list[Row], out: TextIO) -> None:
    """Write `rows` as CSV with a header row; no cell can run as a spreadsheet formula."""
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})


def write_json(rows: list[Row], out: TextIO) -> None:
    """Write `rows` as a JSON list of objects, non-ASCII text kept readable."""
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


WRITERS = {"csv": write_csv, "json": write_json}
