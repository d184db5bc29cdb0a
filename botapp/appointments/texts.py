"""What client texts and case-record lines say about an appointment, and texting the client."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from botapp.appointments import messages as texts
from botapp.config import Settings
from botapp.delivery import outbox
from botapp.messages import Msg, render
from botapp.messages.formatting import clock, day
from botapp.models import Appointment
from botapp.services.csvfiles import Notice


def local_when(appointment: Appointment, moment: datetime | None = None) -> str:
    """The start (or `moment`) as staff read it: "2025-12-03 14:30 America/Chicago"."""
    at = (moment or appointment.starts_at).astimezone(ZoneInfo(appointment.timezone))
    return f"{at:%Y-%m-%d %H:%M} {appointment.timezone}"


def about(appointment: Appointment, locale: str) -> dict[str, Any]:
    """The placeholders of a client text: what, which day, what time, where."""
    at, tz = appointment.starts_at, appointment.timezone
    return {
        "kind": render(texts.KIND.get(appointment.kind, texts.KIND["other"]), locale),
        "day": day(at, locale, tz),
        "time": clock(at, locale, tz),
        "place": appointment.place,
    }


def record(appointment: Appointment) -> dict[str, Any]:
    """The placeholders of a case-record line about `appointment`."""
    return {"kind": appointment.kind, "when": local_when(appointment), "place": appointment.place}


def tell(
    session: Session,
    settings: Settings,
    appointment: Appointment,
    msg: Msg,
    idempotency_key: str | None = None,
) -> None:
    """Text the client `msg` about `appointment` (quiet hours and consent apply on sending)."""
    client = appointment.client
    params = about(appointment, client.language)
    body = render(msg, client.language, program=settings.program_name, **params)
    outbox.enqueue(
        session,
        phone=client.phone,
        body=body,
        key=msg.key,
        category=outbox.REMINDER,
        client=client,
        idempotency_key=idempotency_key,
    )


def before(offset: timedelta) -> Notice:
    """How long before the start a reminder goes, as staff read it: "3 days before"."""
    minutes = int(offset.total_seconds()) // 60
    if minutes % (24 * 60) == 0:
        return Notice(texts.BEFORE_DAYS, n=minutes // (24 * 60))
    if minutes % 60 == 0:
        return Notice(texts.BEFORE_HOURS, n=minutes // 60)
    return Notice(texts.BEFORE_MINUTES, n=minutes)
