"""Who a broadcast goes to: the segment's filters, and the clients each guard leaves out.

A `Segment` is saved with its broadcast (`as_json`) and read back (`from_json`, which names
the field a bad value is in). `recipients` is the one statement that says who gets the text
(the preview counts it, the send inserts from it); `tally` counts the same clients by
language, and those left out by the first guard that applies to them, in `Exclusion` order.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, select
from sqlalchemy.orm import Session

from botapp.models import (
    BROADCAST_SCOPE,
    BroadcastRecipient,
    Client,
    ClientStatus,
    ClientTag,
    Conversation,
    ConversationStatus,
    Escalation,
    EscalationState,
    Goal,
    GoalStep,
    Office,
    Placement,
    PlacementStatus,
    StepStatus,
)
from botapp.models.broadcast import normal_tag
from botapp.services import consent


class SegmentError(ValueError):
    """A segment that cannot be read: `field` names the filter, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class Exclusion(enum.StrEnum):
    """Why a client the filters chose gets no text; each counted once, under the first."""

    OPTED_OUT = "opted_out"  # of every text (STOP)
    OPTED_OUT_BROADCASTS = "opted_out_broadcasts"  # of event notices only (STOP JOBS)
    OPEN_ESCALATION = "open_escalation"  # a person has to answer them first
    OPEN_QUESTION = "open_question"  # a flow's question waits for their answer
    RECENT_BROADCAST = "recent_broadcast"  # texted a broadcast in the last N days


@dataclass(frozen=True)
class Segment:
    """The filters (empty: any) and the guards of one broadcast's audience."""

    office_ids: tuple[int, ...] = ()
    specialist_ids: tuple[int, ...] = ()
    statuses: tuple[ClientStatus, ...] = (ClientStatus.ACTIVE,)
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # any of them
    zip_codes: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    open_goal: bool | None = None  # True: an IPE step not done; False: none; None: either
    active_placement: bool | None = None
    skip_open_escalation: bool = True
    skip_open_question: bool = True
    skip_texted_within_days: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The segment as a JSON object (the broadcast's `segment` column)."""
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Segment:
        """Read a saved segment back; a missing filter takes its default."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise SegmentError(unknown[0], "not a filter a segment has")
        values: dict[str, Any] = {}
        for name in ("office_ids", "specialist_ids"):
            if name in data:
                values[name] = tuple(_ints(name, data[name]))
        if "statuses" in data:
            try:
                values["statuses"] = tuple(ClientStatus(s) for s in _list("statuses", data))
            except ValueError as error:
                raise SegmentError("statuses", str(error)) from error
        for name in ("languages", "zip_codes", "counties"):
            if name in data:
                values[name] = tuple(str(v).strip() for v in _list(name, data) if str(v).strip())
        if "tags" in data:
            values["tags"] = tuple(
                normal_tag(str(v)) for v in _list("tags", data) if str(v).strip()
            )
        for name in ("open_goal", "active_placement"):
            if name in data:
                if data[name] is not None and not isinstance(data[name], bool):
                    raise SegmentError(name, "must be true, false or null")
                values[name] = data[name]
        for name in ("skip_open_escalation", "skip_open_question"):
            if name in data:
                if not isinstance(data[name], bool):
                    raise SegmentError(name, "must be true or false")
                values[name] = data[name]
        if data.get("skip_texted_within_days") is not None:
            days = data["skip_texted_within_days"]
            if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
                raise SegmentError("skip_texted_within_days", "must be a whole number, 1 to 365")
            values["skip_texted_within_days"] = days
        return cls(**values)


def _list(name: str, data: Mapping[str, Any]) -> list[Any]:
    value = data[name]
    if not isinstance(value, list | tuple):
        raise SegmentError(name, "must be a list")
    return list(value)


def _ints(name: str, value: Any) -> list[int]:
    items = _list(name, {name: value})
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in items):
        raise SegmentError(name, "must be a list of ids")
    return items


def chosen(segment: Segment, agency_id: int, office_id: int | None) -> list[ColumnElement[bool]]:
    """The filters, as conditions on `Client`, within the agency (or the one office)."""
    if office_id is not None:
        where = [Client.office_id == office_id]
    else:
        where = [Client.office_id.in_(select(Office.id).where(Office.agency_id == agency_id))]
    if segment.office_ids:
        where.append(Client.office_id.in_(segment.office_ids))
    if segment.specialist_ids:
        where.append(Client.specialist_id.in_(segment.specialist_ids))
    if segment.statuses:
        where.append(Client.status.in_(segment.statuses))
    if segment.languages:
        where.append(Client.language.in_(segment.languages))
    if segment.zip_codes:
        # By the five-digit ZIP: "60601" finds a client imported as "60601-1234".
        five = sorted({z[:5] for z in segment.zip_codes})
        where.append(func.substr(Client.zip_code, 1, 5).in_(five))
    if segment.counties:
        where.append(func.lower(Client.county).in_([c.casefold() for c in segment.counties]))
    if segment.tags:
        where.append(
            exists().where(ClientTag.client_id == Client.id, ClientTag.tag.in_(segment.tags))
        )
    if segment.open_goal is not None:
        open_step = (
            exists()
            .where(GoalStep.goal_id == Goal.id, Goal.client_id == Client.id)
            .where(GoalStep.status != StepStatus.DONE)
        )
        where.append(open_step if segment.open_goal else ~open_step)
    if segment.active_placement is not None:
        active = exists().where(
            Placement.client_id == Client.id, Placement.status == PlacementStatus.ACTIVE
        )
        where.append(active if segment.active_placement else ~active)
    return where


def guards(segment: Segment, now: datetime) -> dict[Exclusion, ColumnElement[bool]]:
    """The guards that apply, in `Exclusion` order, as conditions true of a left-out client."""
    found: dict[Exclusion, ColumnElement[bool]] = {
        Exclusion.OPTED_OUT: consent.opted_out_clause(Client.phone),
        Exclusion.OPTED_OUT_BROADCASTS: consent.opted_out_clause(Client.phone, BROADCAST_SCOPE),
    }
    if segment.skip_open_escalation:
        found[Exclusion.OPEN_ESCALATION] = exists().where(
            Escalation.client_id == Client.id,
            Escalation.state.in_([EscalationState.OPEN, EscalationState.ACKNOWLEDGED]),
        )
    if segment.skip_open_question:
        found[Exclusion.OPEN_QUESTION] = exists().where(
            Conversation.client_id == Client.id,
            Conversation.status == ConversationStatus.ACTIVE,
        )
    if segment.skip_texted_within_days is not None:
        since = now - timedelta(days=segment.skip_texted_within_days)
        found[Exclusion.RECENT_BROADCAST] = exists().where(
            BroadcastRecipient.client_id == Client.id, BroadcastRecipient.created_at >= since
        )
    return found


def recipients(
    segment: Segment, agency_id: int, office_id: int | None, now: datetime
) -> Select[tuple[int, str, str, str]]:
    """Who gets the text: (client id, language, timezone, phone), by client id."""
    left_out = list(guards(segment, now).values())
    return (
        select(Client.id, Client.language, Client.timezone, Client.phone)
        .where(*chosen(segment, agency_id, office_id))
        .where(*(~condition for condition in left_out))
        .order_by(Client.id)
    )


@dataclass
class Tally:
    """How many the segment reaches, by the client's language, and how many each guard left
    out."""

    by_language: dict[str, int]
    excluded: dict[Exclusion, int]

    @property
    def recipients(self) -> int:
        return sum(self.by_language.values())


def tally(
    session: Session, segment: Segment, agency_id: int, office_id: int | None, now: datetime
) -> Tally:
    """Count the segment in one statement: recipients by language, the rest by first guard."""
    found = guards(segment, now)
    reason = case(*((condition, kind.value) for kind, condition in found.items()), else_=None)
    query = (
        select(Client.language, reason.label("excluded"), func.count())
        .where(*chosen(segment, agency_id, office_id))
        .group_by(Client.language, reason)
    )
    result = Tally(by_language={}, excluded=dict.fromkeys(found, 0))
    for language, excluded, count in session.execute(query):
        if excluded is None:
            result.by_language[language] = result.by_language.get(language, 0) + count
        else:
            result.excluded[Exclusion(excluded)] += count
    return result
