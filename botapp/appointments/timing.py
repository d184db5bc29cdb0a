"""When an appointment's texts fall due, and withdrawing them when it changes.

Each reminder, the start and the attendance check is a scheduled item whose key holds the
appointment's start time, so a moved appointment gets new items while the old ones are
withdrawn: no reminder ever goes out for a time that no longer holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from botapp.appointments import messages as texts
from botapp.appointments.texts import before
from botapp.db import utcnow
from botapp.delivery import outbox
from botapp.delivery.quiet_hours import QuietHours, is_quiet
from botapp.flows import engine, schedule
from botapp.messages.formatting import LocalTime
from botapp.models import (
    Appointment,
    Client,
    ItemStatus,
    ScheduledItem,
)
from botapp.services.csvfiles import Notice

REMINDER = "appointment.reminder"
STARTED = "appointment.started"  # closes questions about it still open: none is asked late
ATTENDANCE = "appointment.attendance"
ITEM_KINDS = (REMINDER, STARTED, ATTENDANCE)
REMINDER_FLOW, ATTENDANCE_FLOW = "appointment_reminder", "appointment_attendance"
# The court-reminder trials (ideas42) texted 7, 3 and 1 days ahead; appointments are booked
# closer in, so: 3 days (time to free the slot), 1 day, and 2 hours (time to leave).
DEFAULT_OFFSETS = (timedelta(days=3), timedelta(days=1), timedelta(hours=2))
_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?")  # as `duration` writes it
ATTENDANCE_AFTER = timedelta(hours=2)
# Held while the client was paused, the attendance question is not asked this long after the
# start: by then staff have talked with them, and the question would come out of nowhere.
ATTENDANCE_STALE_AFTER = timedelta(days=2)


def stamp(appointment: Appointment) -> str:
    """The start time as item keys and params hold it: ISO 8601 in UTC."""
    return appointment.starts_at.astimezone(UTC).isoformat()


def duration(offset: timedelta) -> str:
    """An offset in ISO 8601: P3D, PT2H, P1DT12H, PT30M."""
    hours, seconds = divmod(offset.seconds, 3600)
    clock = (f"{hours}H" if hours else "") + (f"{seconds // 60}M" if seconds >= 60 else "")
    return "P" + (f"{offset.days}D" if offset.days else "") + (f"T{clock}" if clock else "")


def _before_quiet_hours(due: datetime, client: Client, hours: QuietHours) -> datetime:
    """`due`, or earlier by whole hours until it is outside the client's quiet hours."""
    # Deferred by the outbox instead, a 2-hour reminder of a 9:00 appointment would go at 9:00.
    for _ in range(24):
        if not is_quiet(due, client.timezone, hours):
            break
        due -= timedelta(hours=1)
    return due


@dataclass(frozen=True)
class Planned:
    """One item an appointment calls for: its kind and name, when it falls due, and when it
    would have without quiet hours (a reminder is moved earlier, out of them)."""

    kind: str
    name: str
    due: datetime
    wanted: datetime
    offset: timedelta = timedelta(0)  # a reminder's time before the start


def plan(
    appointment: Appointment, hours: QuietHours, offsets: Sequence[timedelta] = DEFAULT_OFFSETS
) -> list[Planned]:
    """The reminders `offsets` ahead, the start and the attendance check, past ones included."""
    client, starts = appointment.client, appointment.starts_at
    planned = [
        Planned(
            REMINDER,
            f"reminder:{duration(o)}",
            _before_quiet_hours(starts - o, client, hours),
            starts - o,
            o,
        )
        for o in offsets
    ]
    planned.append(Planned(STARTED, "started", starts, starts))
    if appointment.check_attendance:
        at = starts + ATTENDANCE_AFTER
        planned.append(Planned(ATTENDANCE, "attendance", at, at))
    return planned


def schedule_reminders(
    session: Session,
    appointment: Appointment,
    offsets: Sequence[timedelta] = DEFAULT_OFFSETS,
    *,
    now: datetime | None = None,
) -> list[ScheduledItem]:
    """Plan the reminders `offsets` ahead, the start and the attendance check; skip past ones."""
    now = now or utcnow()
    at = stamp(appointment)
    hours = outbox.quiet_hours_for(session, appointment.client)
    due = {
        f"appointment:{appointment.id}:{p.name}:{at}": (p.kind, p.due)
        for p in plan(appointment, hours, offsets)
        if p.due > now
    }
    # Moved back to a time it had before: its withdrawn items come back instead of staying off.
    session.execute(
        update(ScheduledItem)
        .where(ScheduledItem.key.in_(due), ScheduledItem.status == ItemStatus.CANCELLED)
        .values(status=ItemStatus.PENDING)
        .execution_options(synchronize_session=False)
    )
    return [
        schedule.schedule(
            session,
            client_id=appointment.client.id,
            kind=kind,
            due_at=when,
            key=key,
            subject_id=appointment.id,
            params={"starts_at": at},
        )
        for key, (kind, when) in due.items()
    ]


def offset_of(item: ScheduledItem) -> timedelta:
    """How long before the start a reminder item goes, read from its key (…:reminder:P1D:…)."""
    found = _DURATION.fullmatch(item.key.split(":", 4)[3])
    days, hours, minutes = (int(part or 0) for part in found.groups()) if found else (0, 0, 0)
    return timedelta(days=days, hours=hours, minutes=minutes)


def describe(session: Session, item: ScheduledItem) -> Notice:
    """What the item will do, as `botapp schedule` says it."""
    appointment = session.get(Appointment, item.subject_id)
    if appointment is None:
        return Notice(texts.ITEM_GONE)
    about = {
        "kind": appointment.kind,
        "when": LocalTime(appointment.starts_at, appointment.timezone),
    }
    if item.kind == STARTED:
        return Notice(texts.ITEM_STARTED, about)
    if item.kind == ATTENDANCE:
        return Notice(texts.ITEM_ATTENDANCE, about)
    offset, client = offset_of(item), appointment.client
    wanted = appointment.starts_at - offset
    moved = _before_quiet_hours(wanted, client, outbox.quiet_hours_for(session, client))
    earlier = moved != wanted and item.due_at == moved  # not when the demo brought it forward
    msg = texts.ITEM_REMINDER_EARLIER if earlier else texts.ITEM_REMINDER
    return Notice(msg, {**about, "before": before(offset)})


def current(session: Session, item: ScheduledItem) -> Appointment | None:
    """The item's appointment, unless it has moved since the item was planned."""
    appointment = session.get(Appointment, item.subject_id)
    if appointment is None or item.params.get("starts_at") != stamp(appointment):
        return None
    return appointment


def withdraw(session: Session, appointment: Appointment) -> None:
    """Withdraw the appointment's pending items and its questions not yet asked."""
    schedule.cancel_pending(session, ITEM_KINDS, appointment.id)
    engine.withdraw(session, appointment.id, REMINDER_FLOW, ATTENDANCE_FLOW)


def stale(session: Session, item: ScheduledItem, now: datetime) -> bool:
    """Whether a held item would be stale if it ran `now`: its appointment moved or gone, a
    reminder of a begun appointment or one a later reminder has overtaken, an attendance
    question days late. The start never is: it only closes questions."""
    appointment = current(session, item)
    if appointment is None:
        return True
    if item.kind == ATTENDANCE:
        return now > appointment.starts_at + ATTENDANCE_STALE_AFTER
    if item.kind != REMINDER:
        return False
    later = select(ScheduledItem.id).where(
        ScheduledItem.kind == REMINDER,
        ScheduledItem.subject_id == appointment.id,
        ScheduledItem.due_at > item.due_at,
        or_(
            ScheduledItem.status == ItemStatus.HELD,  # it fell due too
            and_(ScheduledItem.status == ItemStatus.PENDING, ScheduledItem.due_at <= now),
        ),
    )
    return appointment.starts_at <= now or session.scalars(later.limit(1)).first() is not None
