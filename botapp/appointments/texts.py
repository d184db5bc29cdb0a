"""What client texts and case-record lines say about an appointment, and texting the client."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from botapp.appointments import messages as texts
from botapp.config import Settings
from botapp.delivery import outbox
from botapp.messages import Msg, render
from botapp.messages.formatting import clock, day
from botapp.models import Appointment
from botapp.services import case_record
from botapp.services.csvfiles import Notice


def local_when(appointment: Appointment, at: datetime | None = None) -> dict[str, str]:
    """The start (or `at`) as a case-record line shows it to each reader: "Thu, Dec 3 at
    2:30 PM Central Standard Time", "jue, 3 dic a las 14:30 hora estándar central"."""
    return case_record.moment(at or appointment.starts_at, appointment.timezone)


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
    kind = texts.KIND.get(appointment.kind, texts.KIND["other"])
    return {
        "kind": case_record.term(kind),
        "when": local_when(appointment),
        "place": appointment.place,
    }


def tell(
    session: Session,
    settings: Settings,
    appointment: Appointment,
    msg: Msg,
    idempotency_key: str | None = None,
) -> None:
    """Text the client `msg` about `appointment` (quiet hours and consent apply on sending)."""
    client = appointment.client
    outbox.queue_text(
        session,
        settings,
        msg,
        about(appointment, client.language),
        phone=client.phone,
        client=client,
        category=outbox.REMINDER,
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
