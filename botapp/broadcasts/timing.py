"""The day-before reminder of an event, to each client who said they are coming.

One scheduled item per broadcast and client, due at 10:00 the day before the event where the
client lives. An answer given after that moment schedules none (the confirmation already says
when and where, and the event is a day away at most). The reminder is a broadcast text (category
BROADCAST): it is an event notice, so "STOP JOBS" stops it, and it keeps the client's quiet
hours; it is never sent once the event has begun. Changing the answer to no, cancelling the
broadcast or moving the event makes it stale (docs/decisions/0029-broadcasts.md).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts.texts import event_params, program_name
from botapp.config import Settings
from botapp.delivery import outbox
from botapp.encoding import to_gsm7
from botapp.flows import schedule
from botapp.messages import render
from botapp.messages.catalog import supported
from botapp.messages.formatting import LocalTime
from botapp.models import (
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    Client,
    ItemStatus,
    Rsvp,
    ScheduledItem,
)
from botapp.services.csvfiles import Notice

REMINDER = "broadcast.reminder"
SEND_AT = time(10, 0)  # mid-morning where the client lives, as placements' follow-ups
COMING = (Rsvp.YES, Rsvp.ACCOMMODATION)


def stamp(broadcast: Broadcast) -> str:
    """The event's start as the item's params hold it: ISO 8601 in UTC ("" without one)."""
    return broadcast.event_at.astimezone(UTC).isoformat() if broadcast.event_at else ""


def reminder_due(broadcast: Broadcast, client: Client) -> datetime | None:
    """10:00 the day before the event in the client's timezone; None without an event."""
    if broadcast.event_at is None:
        return None
    zone = ZoneInfo(client.timezone)
    day_before = broadcast.event_at.astimezone(zone).date() - timedelta(days=1)
    return datetime.combine(day_before, SEND_AT, tzinfo=zone)


def plan_reminder(
    session: Session, broadcast: Broadcast, client: Client, now: datetime
) -> ScheduledItem | None:
    """Schedule the client's reminder of `broadcast` (again, when an earlier answer had
    withdrawn it); None when its moment has passed."""
    due = reminder_due(broadcast, client)
    if due is None or due <= now:
        cancel_reminder(session, broadcast, client)
        return None
    item = schedule.schedule(
        session,
        client_id=client.id,
        kind=REMINDER,
        due_at=due,
        key=f"broadcast:{broadcast.id}:client:{client.id}:reminder",
        subject_id=broadcast.id,
        params={"event_at": stamp(broadcast)},
    )
    if item.status in (ItemStatus.PENDING, ItemStatus.CANCELLED):  # not one already sent
        item.status, item.due_at, item.params = (
            ItemStatus.PENDING,
            due,
            {"event_at": stamp(broadcast)},
        )
    return item


def cancel_reminder(session: Session, broadcast: Broadcast, client: Client) -> None:
    """Withdraw the client's pending reminder of `broadcast` (they said no)."""
    key = f"broadcast:{broadcast.id}:client:{client.id}:reminder"
    item = session.scalars(select(ScheduledItem).where(ScheduledItem.key == key)).one_or_none()
    if item is not None and item.status in (ItemStatus.PENDING, ItemStatus.HELD):
        item.status = ItemStatus.CANCELLED


def recipient_of(session: Session, item: ScheduledItem) -> BroadcastRecipient | None:
    """The recipient row the item reminds."""
    query = select(BroadcastRecipient).where(
        BroadcastRecipient.broadcast_id == item.subject_id,
        BroadcastRecipient.client_id == item.client_id,
    )
    return session.scalars(query).one_or_none()


def stale(session: Session, item: ScheduledItem, now: datetime) -> bool:
    """Whether the reminder would be stale if it ran `now`: the client no longer coming, the
    broadcast gone or cancelled, the event moved or begun."""
    broadcast = session.get(Broadcast, item.subject_id)
    if broadcast is None or broadcast.status is BroadcastStatus.CANCELLED:
        return True
    if broadcast.event_at is None or item.params.get("event_at") != stamp(broadcast):
        return True
    recipient = recipient_of(session, item)
    return recipient is None or recipient.rsvp not in COMING or broadcast.event_at <= now


def where(broadcast: Broadcast) -> str:
    """The event's place and address, as one phrase."""
    return ", ".join(part for part in (broadcast.event_place, broadcast.event_address) if part)


def event_words(broadcast: Broadcast, language: str, program: str) -> dict[str, Any]:
    """The program's name and the event's name, date, time and place in `language`, for a
    client text."""
    params = event_params(broadcast, supported(language), program)
    return {
        "program": program,
        "event": params["event"],
        "date": params["date"],
        "time": params["time"],
        "where": where(broadcast),
    }


def remind(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """Text the client the event's name, time and place in their language, unless stale."""
    if stale(session, item, now):
        return
    broadcast = session.get_one(Broadcast, item.subject_id)
    client = session.get_one(Client, item.client_id)
    language = supported(client.language)
    words = event_words(broadcast, language, program_name(session, settings, broadcast))
    body = render(t.REMINDER, language, **words)
    sent = outbox.enqueue(
        session,
        phone=client.phone,
        body=to_gsm7(body),  # an accent in the event's name must not double the cost
        key=t.REMINDER.key,
        category=outbox.BROADCAST,
        client=client,
        idempotency_key=f"{item.key}:sent",
    )
    starts = broadcast.event_at
    if starts is not None and (sent.expires_at is None or sent.expires_at > starts):
        sent.expires_at = starts  # never a reminder of an event under way


def describe(session: Session, item: ScheduledItem) -> Notice:
    """What the item will do, as `botapp schedule` says it."""
    broadcast = session.get(Broadcast, item.subject_id)
    if broadcast is None or broadcast.event_at is None:
        return Notice(t.ITEM_GONE)
    when = LocalTime(broadcast.event_at, broadcast.event_timezone or "UTC")
    return Notice(t.ITEM_REMINDER, {"event": broadcast.event_name or broadcast.name, "when": when})
