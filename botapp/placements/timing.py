"""The follow-up ladder of a placement: when to ask, restarting the clock, and stopping.

Each rung is a ScheduledItem whose key includes the clock start, so a restarted clock makes
new rungs instead of finding the old ones. The day-90 rung also records the outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.db import utcnow
from botapp.flows import engine, schedule
from botapp.models import ItemStatus, Message, Placement, PlacementStatus, ScheduledItem
from botapp.placements import messages as notes
from botapp.placements import messages as t
from botapp.placements import service
from botapp.placements.flow import FLOW
from botapp.services import case_record
from botapp.services.csvfiles import Notice

FOLLOW_UP = "placement.followup"
# Common job-coach practice: day 1, week 1, week 2, then monthly until the 90 days are up.
DEFAULT_DAYS = (1, 7, 14, 30, 60, service.RETENTION_DAY)
SEND_AT = time(10, 0)  # mid-morning where the client lives: after a first shift has begun


def schedule_ladder(
    session: Session,
    placement: Placement,
    *,
    days: Sequence[int] = DEFAULT_DAYS,
    now: datetime | None = None,
) -> list[ScheduledItem]:
    """Schedule a follow-up `days` after the clock start, at 10:00 in the client's timezone."""
    client = service.client_of(session, placement)
    zone = ZoneInfo(client.timezone)
    today = (now or utcnow()).astimezone(zone).date()
    items = []
    for day in days:
        on = placement.clock_start + timedelta(days=day)
        # A placement recorded late must not send its missed check-ins in one burst; the
        # retention rung always stays, since it records the outcome.
        if on < today and day != service.RETENTION_DAY:
            continue
        due = datetime.combine(on, SEND_AT, tzinfo=zone)
        item = schedule.schedule(
            session,
            client_id=client.id,
            kind=FOLLOW_UP,
            due_at=due,
            key=f"placement:{placement.id}:followup:{placement.clock_start}:day{day}",
            subject_id=placement.id,
            params={"day": day},
        )
        if item.status == ItemStatus.CANCELLED:  # this clock start again (a start date put back)
            item.status, item.due_at = ItemStatus.PENDING, due
        items.append(item)
    return items


def restart_clock(
    session: Session, placement: Placement, on: date, reason: str, *, now: datetime | None = None
) -> list[ScheduledItem]:
    """Count the 90 days again from `on`, when a new service was authorised: a fresh ladder."""
    service.check_active(placement)
    if on <= placement.clock_start:
        start = placement.clock_start.isoformat()
        raise service.CannotChange(t.NOT_LATER, external_id=placement.external_id, date=start)
    schedule.cancel_pending(session, [FOLLOW_UP], placement.id)
    placement.clock_start = on
    items = schedule_ladder(session, placement, now=now)
    case_record.note(
        session,
        service.client_of(session, placement),
        notes.CLOCK_RESTARTED,
        date=case_record.calendar_day(on),
        reason=reason,
        employer=placement.employer,
        end=case_record.calendar_day(service.retention_date(placement)),
    )
    return items


def end_placement(
    session: Session,
    settings: Settings,
    placement: Placement,
    *,
    on: date,
    reason: str,
    now: datetime,
    message: Message | None = None,
) -> int:
    """Mark the job ended, stop its follow-ups and close its question; return rungs withdrawn."""
    client = service.client_of(session, placement)
    service.mark_ended(placement, on, reason)
    cut = schedule.cancel_pending(session, [FOLLOW_UP], placement.id)
    # Waiting questions about this job go first, or closing the open one would open one.
    engine.withdraw(session, placement.id, FLOW.name)
    for question in engine.asking(session, placement.id, FLOW.name):
        engine.close(session, settings, client, question, now, message)
    return cut


def end_by_staff(
    session: Session,
    settings: Settings,
    placement: Placement,
    on: date | None,
    reason: str,
    now: datetime,
) -> int:
    """End a job staff heard about another way (on `on`, or today), noted in the case record."""
    on = on or local_day(session, placement, now)
    cut = end_placement(session, settings, placement, on=on, reason=reason, now=now)
    case_record.note(
        session,
        service.client_of(session, placement),
        notes.ENDED_BY_STAFF,
        employer=placement.employer,
        date=case_record.calendar_day(on),
        reason=reason,
    )
    return cut


def describe(session: Session, item: ScheduledItem) -> Notice:
    """What the item will do, as `botapp schedule` says it."""
    placement = session.get(Placement, item.subject_id)
    if placement is None:
        return Notice(t.ITEM_GONE)
    day = int(item.params["day"])
    msg = t.ITEM_RETENTION if day == service.RETENTION_DAY else t.ITEM_FOLLOW_UP
    return Notice(msg, {"day": day, "employer": placement.employer})


def local_day(session: Session, placement: Placement, now: datetime) -> date:
    """The date `now` is where the placement's client lives."""
    return now.astimezone(ZoneInfo(service.client_of(session, placement).timezone)).date()


def follow_up(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """Asks how work is going; on day 90 of a job still held, first records the outcome."""
    placement = session.get(Placement, item.subject_id)
    if placement is None or placement.status is PlacementStatus.ENDED:
        return
    day = int(item.params["day"])
    if day == service.RETENTION_DAY and placement.status is PlacementStatus.ACTIVE:
        service.record_retention(session, placement)
    client = service.client_of(session, placement)
    conversation = engine.start(session, settings, client, FLOW, placement.id, now)
    conversation.state = {**conversation.state, "day": day}


def stale(session: Session, item: ScheduledItem, now: datetime) -> bool:
    """Whether a held follow-up would be stale if it ran `now`: its job ended, or a later rung
    is due too (that one asks; a burst of the same question is not sent). The day-90 rung
    never is: it records the outcome."""
    placement = session.get(Placement, item.subject_id)
    if placement is None or placement.status is PlacementStatus.ENDED:
        return True
    if int(item.params["day"]) == service.RETENTION_DAY:
        return False
    later = select(ScheduledItem.id).where(
        ScheduledItem.kind == FOLLOW_UP,
        ScheduledItem.subject_id == placement.id,
        ScheduledItem.due_at > item.due_at,
        or_(
            ScheduledItem.status == ItemStatus.HELD,  # it fell due too
            and_(ScheduledItem.status == ItemStatus.PENDING, ScheduledItem.due_at <= now),
        ),
    )
    return session.scalars(later.limit(1)).first() is not None


def ladder(session: Session, placement: Placement) -> list[ScheduledItem]:
    """The placement's follow-ups, every clock start's, by due time (what `botapp schedule`
    lists of it, done and cancelled ones too)."""
    query = (
        select(ScheduledItem)
        .where(ScheduledItem.kind == FOLLOW_UP, ScheduledItem.subject_id == placement.id)
        .order_by(ScheduledItem.due_at, ScheduledItem.id)
    )
    return list(session.scalars(query))
