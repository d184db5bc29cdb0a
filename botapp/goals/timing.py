"""When an IPE step's next check-in falls, and keeping its one pending check-in up to date.

Each check-in is a ScheduledItem ("goal.checkin", subject = the step) named by the step and a
sequence number, so running or planning the same check-in twice adds nothing. Check-ins go
out mid-morning in the client's own timezone: an answer is likelier then than at the hour a
file happened to be imported, and the engine's re-prompt four hours later still falls in the
day.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.flows import schedule
from botapp.goals import messages as texts
from botapp.messages import Msg
from botapp.models import Client, ClientStatus, GoalStep, ItemStatus, ScheduledItem, StepStatus
from botapp.services.csvfiles import Notice

CHECKIN = "goal.checkin"
CHECKIN_TIME = time(10, 0)


def no_checkins(step: GoalStep, client: Client) -> Msg | None:
    """Why `step` gets no check-ins, as the import says it; None when it gets them."""
    if step.responsible != "client":
        return texts.NOT_THE_CLIENTS  # the client cannot report on others' work
    if step.status is StepStatus.DONE:
        return texts.STEP_DONE
    if client.status is not ClientStatus.ACTIVE:
        return texts.CLIENT_INACTIVE
    return None


def wants_checkins(step: GoalStep, client: Client) -> bool:
    """True for an open step the client does themself, while their case is active."""
    return no_checkins(step, client) is None


def next_checkin(step: GoalStep, client: Client, now: datetime) -> datetime:
    """`cadence_days` after today, or on the step's due date when that comes first."""
    zone = ZoneInfo(client.timezone)
    today = now.astimezone(zone).date()
    day = today + timedelta(days=step.cadence_days)
    if step.due_on is not None and today < step.due_on < day:
        day = step.due_on
    return datetime.combine(day, CHECKIN_TIME, tzinfo=zone).astimezone(UTC)


def pending_checkin(session: Session, step: GoalStep) -> ScheduledItem | None:
    """The step's check-in still to come, if any."""
    return session.scalars(
        select(ScheduledItem).where(
            ScheduledItem.kind == CHECKIN,
            ScheduledItem.subject_id == step.id,
            ScheduledItem.status == ItemStatus.PENDING,
        )
    ).first()


def schedule_checkin(
    session: Session, step: GoalStep, client: Client, now: datetime, seq: int
) -> ScheduledItem:
    """Add check-in number `seq` of `step` (once), remembering the plan it was timed by."""
    return schedule.schedule(
        session,
        client_id=client.id,
        kind=CHECKIN,
        due_at=next_checkin(step, client, now),
        key=f"goal_step:{step.id}:checkin:{seq}",
        subject_id=step.id,
        params={
            "seq": seq,
            "cadence_days": step.cadence_days,
            "due_on": step.due_on.isoformat() if step.due_on else None,
        },
    )


def plan_checkins(session: Session, step: GoalStep, client: Client, now: datetime) -> None:
    """After an import: keep, replace or withdraw the step's pending check-in to fit its plan."""
    pending = pending_checkin(session, step)
    if not wants_checkins(step, client):
        schedule.cancel_pending(session, [CHECKIN], step.id)
        return
    due_on = step.due_on.isoformat() if step.due_on else None
    if pending is not None:
        if (pending.params.get("cadence_days"), pending.params.get("due_on")) == (
            step.cadence_days,
            due_on,
        ):
            return  # the same plan: the check-in already set stands
        schedule.cancel_pending(session, [CHECKIN], step.id)
    planned = session.scalar(
        select(func.count(ScheduledItem.id)).where(
            ScheduledItem.kind == CHECKIN, ScheduledItem.subject_id == step.id
        )
    )
    schedule_checkin(session, step, client, now, int(planned or 0) + 1)


def describe(session: Session, item: ScheduledItem) -> Notice:
    """What the item will do, as `botapp schedule` says it."""
    step = session.get(GoalStep, item.subject_id)
    if step is None:
        return Notice(texts.ITEM_GONE)
    return Notice(texts.ITEM_CHECKIN, {"seq": item.params.get("seq", ""), "step": step.description})
