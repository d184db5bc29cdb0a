"""Appointment import from CSV: check every row, add or update the good ones, report the others.

Importing again updates by external_id: a new date or time moves the appointment (reminders
re-timed), `status` cancelled cancels it, and a row that changes neither leaves the status as
the client's replies set it (a client's cancellation is not undone by an older export).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments import messages as at
from botapp.appointments.service import (
    KINDS,
    AppointmentFields,
    add_appointment,
    cancel_appointment,
    move_appointment,
)
from botapp.appointments.texts import before
from botapp.appointments.timing import ATTENDANCE, REMINDER, plan, schedule_reminders
from botapp.config import Settings
from botapp.delivery import outbox
from botapp.flows import schedule
from botapp.messages import Msg
from botapp.messages import staff as t
from botapp.messages.formatting import LocalTime
from botapp.models import Appointment, AppointmentStatus, Client
from botapp.services.csvfiles import CsvRow, ImportReport, Notice, read_rows

REQUIRED = ("external_id", "client_external_id", "kind", "date", "time", "place")
OPTIONAL = ("timezone", "check_attendance", "status")
MAX_LENGTH = {"external_id": 64, "client_external_id": 64, "place": 200}
YES, NO = {"yes", "y", "true", "1", "si", "sí"}, {"no", "n", "false", "0"}
STATUSES = {"": False, "scheduled": False, "cancelled": True, "canceled": True}
# The specialist knows whether the client came to their own meeting: no need to ask.
ASK_ATTENDANCE_BY_DEFAULT = {kind: kind != "specialist" for kind in KINDS}


class _Row(CsvRow):
    """An appointment row of the file, checked field by field."""

    def text(self, name: str) -> str:
        raw = self.values[name]
        if name in REQUIRED and not raw:
            self.fail(t.REQUIRED, field=name)
        elif len(raw) > MAX_LENGTH.get(name, len(raw)):
            self.fail(t.TOO_LONG, field=name, max=MAX_LENGTH[name])
        return raw

    def check(self, name: str, good: bool, reason: Msg) -> None:
        """Note `reason` for a value given but not `good` (an empty one is noted by `text`)."""
        if self.values[name] and not good:
            self.fail(reason, value=self.values[name])


def parse_date(raw: str) -> date | None:
    """A day written YYYY-MM-DD, or None (the staff web forms read dates with it too)."""
    try:
        return date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:  # 2025-02-30
        return None


def parse_time(raw: str) -> time | None:
    """A 24-hour time written H:MM or HH:MM, or None."""
    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", raw)
    return time(int(found.group(1)), int(found.group(2))) if found else None


def _zone(row: _Row, client: Client | None) -> str:
    """The row's timezone, or the client's when the cell is empty."""
    raw = row.text("timezone")
    if not raw:
        return client.timezone if client else "UTC"
    try:
        return ZoneInfo(raw).key
    except (ValueError, KeyError, OSError):  # unknown, or a directory such as "America"
        row.fail(t.TIMEZONE, value=raw)
        return "UTC"


def _fields(session: Session, row: _Row) -> tuple[Client | None, AppointmentFields, bool]:
    """The row's client, appointment and whether it is cancelled; a problem noted per bad value."""
    ref = row.text("client_external_id")
    client = session.scalars(select(Client).where(Client.external_id == ref)).one_or_none()
    row.check("client_external_id", client is not None, at.UNKNOWN_CLIENT)
    kind = row.text("kind").lower().replace(" ", "_").replace("-", "_")
    row.check("kind", kind in KINDS, at.BAD_KIND)
    day, clock = parse_date(row.text("date")), parse_time(row.text("time"))
    zone = _zone(row, client)
    row.check("date", day is not None, at.DATE)
    row.check("time", clock is not None, at.TIME)
    asked = row.values["check_attendance"].casefold()
    row.check("check_attendance", asked in YES | NO, at.YES_NO)
    status = row.values["status"].casefold()
    row.check("status", status in STATUSES, at.STATUS)
    fields = AppointmentFields(
        external_id=row.text("external_id"),
        kind=kind,
        starts_at=datetime.combine(day or date.min, clock or time(), tzinfo=ZoneInfo(zone)),
        timezone=zone,
        place=row.text("place"),
        check_attendance=asked in YES if asked else ASK_ATTENDANCE_BY_DEFAULT.get(kind, True),
    )
    return client, fields, STATUSES.get(status, False)


def _update(
    session: Session,
    settings: Settings,
    appointment: Appointment,
    fields: AppointmentFields,
    cancelled: bool,
    now: datetime,
) -> bool:
    """Bring an existing appointment in line with its row (texts render these at sending);
    True when it moved, so its reminders were planned anew."""
    appointment.kind, appointment.place = fields.kind, fields.place
    appointment.check_attendance = fields.check_attendance
    moved = fields.starts_at != appointment.starts_at or fields.timezone != appointment.timezone
    if cancelled:
        cancel_appointment(session, settings, appointment)
        return False
    if moved:
        move_appointment(
            session, settings, appointment, fields.starts_at, now, timezone=fields.timezone
        )
        return True
    if appointment.status in (AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED):
        if not fields.check_attendance:
            schedule.cancel_pending(session, [ATTENDANCE], appointment.id)
        schedule_reminders(session, appointment, now=now)  # adds only what is missing
    return False


def _scheduled(
    session: Session, appointment: Appointment, line: int, now: datetime
) -> list[Notice]:
    """What the row scheduled: its reminders, and each one not sent or sent earlier, and why."""
    client = appointment.client
    hours = outbox.quiet_hours_for(session, client)
    quiet = f"{hours.start:%H:%M}-{hours.end:%H:%M}"
    reminders = [p for p in plan(appointment, hours) if p.kind == REMINDER]

    def local(moment: datetime) -> LocalTime:
        return LocalTime(moment, client.timezone)  # where the client reads the texts

    going = [
        Notice(at.REMINDER_AT, {"before": before(p.offset), "when": local(p.due)})
        for p in reminders
        if p.due > now
    ]
    notices = [
        Notice(at.SCHEDULED, {"line": line, "reminders": going})
        if going
        else Notice(at.NONE_SCHEDULED, {"line": line, "when": local(appointment.starts_at)})
    ]
    for p in reminders:
        why = {"line": line, "before": before(p.offset), "wanted": local(p.wanted), "quiet": quiet}
        if p.wanted <= now:
            notices.append(Notice(at.SKIPPED_PAST, why))
        elif p.due <= now:
            notices.append(Notice(at.SKIPPED_QUIET, why))
        elif p.due != p.wanted:
            notices.append(Notice(at.MOVED_EARLIER, {**why, "when": local(p.due)}))
    return notices


def _existing(
    session: Session, row: _Row, client: Client | None, seen: dict[str, int]
) -> Appointment | None:
    """The appointment the row updates, if any; a problem noted for a repeated or foreign id."""
    ext = row.values["external_id"]
    if ext in seen:
        row.fail(t.DUPLICATE_ID, value=ext, first=seen[ext])
    elif ext:
        seen[ext] = row.line
    found = session.scalars(select(Appointment).where(Appointment.external_id == ext)).first()
    if found is not None and client is not None and found.client_id != client.id:
        row.fail(at.OTHER_CLIENT, value=ext, external_id=found.client.external_id)
    return found


def import_appointments(
    session: Session, settings: Settings, data: bytes, now: datetime
) -> ImportReport:
    """Add or update (by external_id) the appointments of a CSV file; the caller commits."""
    rows, report = read_rows(data, _Row, REQUIRED, OPTIONAL)
    seen: dict[str, int] = {}  # external_id -> the first line holding it
    for row in rows:
        line = row.line
        client, fields, cancelled = _fields(session, row)
        existing = _existing(session, row, client, seen)
        if row.problems or client is None:
            report.rejected += [(line, p) for p in row.problems]
        elif existing is not None:
            if _update(session, settings, existing, fields, cancelled, now):
                report.scheduled += _scheduled(session, existing, line, now)
            report.updated += 1
        else:
            appointment = add_appointment(session, client, fields, now)
            if cancelled:
                cancel_appointment(session, settings, appointment)
            elif appointment.starts_at <= now:
                when = {"date": row.values["date"], "time": row.values["time"]}
                report.warnings.append(Notice(at.PAST, {"line": line, **when}))
            else:
                report.scheduled += _scheduled(session, appointment, line, now)
            report.created += 1
    return report
