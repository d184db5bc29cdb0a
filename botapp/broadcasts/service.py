"""Broadcasts for staff: who may compose, see and send them.

Recipient lists are confidential client information (34 CFR 361.38): an administrator manages
the agency's broadcasts, a supervisor their office's; a specialist none. The command line run
by an operator on the server acts as an administrator unless `--by` names someone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import texts
from botapp.broadcasts.segment import Segment, SegmentError
from botapp.config import SUPPORTED_LOCALES, Settings
from botapp.delivery.program import program
from botapp.encoding import analyze
from botapp.messages import roster
from botapp.messages import staff as shared
from botapp.messages.formatting import LocalTime
from botapp.models import (
    Agency,
    Broadcast,
    BroadcastStatus,
    Office,
    Role,
    Staff,
)
from botapp.services.access import NotAllowed, audit, staff_by_email
from botapp.services.agency import Refused, the_agency

NAME_MAX = 200  # the column's length
TEXT_MAX = 1000  # far above MAX_SEGMENTS; a guard against a pasted document
# A notice longer than this costs too much per recipient and reads badly on a phone.
MAX_SEGMENTS = 4
# {program} in the length check when neither the agency nor the settings name the program.
PROGRAM_SAMPLE = "X" * 40


def composing_office(staff: Staff | None) -> int | None:
    """The office a new broadcast of `staff` is limited to (None: the whole agency); raises
    NotAllowed for a specialist."""
    if staff is None or staff.role is Role.ADMIN:
        return None
    if staff.role is Role.SUPERVISOR:
        return staff.office_id
    raise NotAllowed(staff, "broadcasts")


def may_manage(staff: Staff | None, broadcast: Broadcast) -> bool:
    """Whether `staff` may see `broadcast`, its recipients and figures, and send or cancel it."""
    if staff is None or staff.role is Role.ADMIN:
        return True
    return staff.role is Role.SUPERVISOR and broadcast.office_id == staff.office_id


def check_can_manage(staff: Staff | None, broadcast: Broadcast) -> None:
    """Raise NotAllowed unless `staff` may manage `broadcast` (see `may_manage`)."""
    if not may_manage(staff, broadcast):
        assert staff is not None  # the operator may manage every one
        raise NotAllowed(staff, f"broadcast {broadcast.id}")


def visible_broadcasts(staff: Staff | None) -> ColumnElement[bool]:
    """A filter on Broadcast selecting those `staff` may manage."""
    if staff is None or staff.role is Role.ADMIN:
        return true()
    if staff.role is Role.SUPERVISOR:
        return Broadcast.office_id == staff.office_id
    return false()


# Composing: a draft from checked fields, its changes, and templates.


@dataclass(frozen=True)
class BroadcastFields:
    """What staff give to compose a broadcast; every value is checked by `create_broadcast`."""

    name: str
    texts: Mapping[str, str]  # language -> text (may name `texts.PLACEHOLDERS`)
    default_language: str = "en"
    segment: Mapping[str, Any] = field(default_factory=dict)  # as `Segment.as_json` writes it
    event_name: str | None = None
    event_place: str | None = None
    event_address: str | None = None
    event_at: datetime | None = None  # timezone-aware
    event_timezone: str | None = None  # None: the agency's
    ask_rsvp: bool = False
    rsvp_deadline: datetime | None = None  # None: the event's start
    organiser_email: str | None = None  # None: whoever composes it


def create_broadcast(
    session: Session,
    staff: Staff | None,
    fields: BroadcastFields,
    now: datetime,
    *,
    settings: Settings | None = None,
    actor: str | None = None,
) -> Broadcast:
    """A draft broadcast of `staff`'s agency (their office for a supervisor); Refused naming the
    first bad field, NotAllowed for a specialist. The length check fills {program} with the
    name the texts will carry: the agency's, else the settings' PROGRAM_NAME."""
    office_id = composing_office(staff)
    agency = agency_of(session, staff)
    broadcast = Broadcast(agency_id=agency.id, office_id=office_id, created_by=staff)
    _apply(session, agency, broadcast, fields, now, _program_name(agency, settings))
    session.add(broadcast)
    session.flush()
    audit(session, actor_name(staff, actor), "create_broadcast", f"broadcast {broadcast.id}")
    return broadcast


def update_broadcast(
    session: Session,
    staff: Staff | None,
    broadcast: Broadcast,
    fields: BroadcastFields,
    now: datetime,
    *,
    settings: Settings | None = None,
    actor: str | None = None,
) -> None:
    """Replace a draft's or a scheduled broadcast's fields, checked as `create_broadcast` does."""
    check_can_manage(staff, broadcast)
    if broadcast.status not in (BroadcastStatus.DRAFT, BroadcastStatus.SCHEDULED):
        raise Refused(t.NOT_EDITABLE, id=broadcast.id, status=broadcast.status.value)
    agency = session.get_one(Agency, broadcast.agency_id)
    _apply(session, agency, broadcast, fields, now, _program_name(agency, settings))
    session.flush()
    audit(session, actor_name(staff, actor), "update_broadcast", f"broadcast {broadcast.id}")


def broadcast_for(session: Session, staff: Staff | None, broadcast_id: int) -> Broadcast:
    """Broadcast `broadcast_id`; Refused when there is none, NotAllowed when not `staff`'s."""
    broadcast = session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise Refused(t.NO_BROADCAST, id=broadcast_id)
    check_can_manage(staff, broadcast)
    return broadcast


def managed_broadcasts(session: Session, staff: Staff | None) -> list[Broadcast]:
    """The broadcasts `staff` may manage, newest first."""
    query = select(Broadcast).where(visible_broadcasts(staff)).order_by(Broadcast.id.desc())
    if staff is not None:
        query = query.where(Broadcast.agency_id == agency_of(session, staff).id)
    return list(session.scalars(query))


def _program_name(agency: Agency, settings: Settings | None) -> str:
    """What {program} will read in `agency`'s texts (a long sample when nothing names it)."""
    if settings is None:
        return agency.program_name or PROGRAM_SAMPLE
    return program(agency, settings).name


def _apply(
    session: Session,
    agency: Agency,
    broadcast: Broadcast,
    fields: BroadcastFields,
    now: datetime,
    program_name: str,
) -> None:
    """Check `fields` and set them on `broadcast`; Refused naming the first bad one."""
    name = fields.name.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise Refused(t.BAD_NAME, max=NAME_MAX)
    zone = _zone(fields.event_timezone or agency.timezone)
    language = fields.default_language
    if language not in SUPPORTED_LOCALES:
        raise Refused(t.BAD_LANGUAGE, language=language, supported=", ".join(SUPPORTED_LOCALES))
    segment = _segment(session, agency, broadcast.office_id, fields.segment)
    broadcast.name = name
    broadcast.texts = checked_texts(fields.texts, language)
    broadcast.default_language = language
    broadcast.segment = segment.as_json()
    broadcast.event_name = _optional(fields.event_name)
    broadcast.event_place = _optional(fields.event_place)
    broadcast.event_address = _optional(fields.event_address)
    broadcast.event_timezone = zone
    broadcast.event_at = fields.event_at
    broadcast.ask_rsvp = fields.ask_rsvp
    broadcast.rsvp_deadline = None
    if fields.event_at is not None and fields.event_at <= now:
        raise Refused(t.EVENT_PAST, at=LocalTime(fields.event_at, zone))
    if fields.ask_rsvp:
        if fields.event_at is None:
            raise Refused(t.RSVP_NEEDS_EVENT)
        deadline = fields.rsvp_deadline or fields.event_at
        if deadline > fields.event_at:
            raise Refused(
                t.DEADLINE_AFTER_EVENT,
                deadline=LocalTime(deadline, zone),
                at=LocalTime(fields.event_at, zone),
            )
        broadcast.rsvp_deadline = deadline
    for used in broadcast.texts:
        segments = analyze(texts.body(broadcast, used, program_name)).segments
        if segments > MAX_SEGMENTS:
            raise Refused(t.TOO_MANY_SEGMENTS, language=used, segments=segments, max=MAX_SEGMENTS)
    organiser = broadcast.created_by
    if fields.organiser_email:
        organiser = staff_by_email(session, fields.organiser_email)
        if organiser is None or not organiser.active or not may_manage(organiser, broadcast):
            raise Refused(t.BAD_ORGANISER, email=fields.organiser_email)
    broadcast.organiser = organiser


def checked_texts(given: Mapping[str, str], default_language: str) -> dict[str, str]:
    """The texts trimmed, the empty ones left out; Refused for a language botapp cannot speak,
    a bad placeholder, or no text in the default language."""
    found: dict[str, str] = {}
    for language, raw in given.items():
        if language not in SUPPORTED_LOCALES:
            raise Refused(t.BAD_LANGUAGE, language=language, supported=", ".join(SUPPORTED_LOCALES))
        text = raw.strip()
        if not text:
            continue
        if len(text) > TEXT_MAX:
            raise Refused(t.TEXT_TOO_LONG, language=language, max=TEXT_MAX)
        try:
            named = texts.placeholders_in(text)
        except texts.BroadcastTextError:
            raise Refused(t.STRAY_BRACE, language=language) from None
        unknown = [n for n in named if n not in texts.PLACEHOLDERS]
        if unknown:
            allowed = ", ".join(f"{{{n}}}" for n in texts.PLACEHOLDERS)
            raise Refused(t.BAD_PLACEHOLDER, language=language, name=unknown[0], allowed=allowed)
        found[language] = text
    if default_language not in found:
        raise Refused(t.NO_DEFAULT_TEXT, language=default_language)
    return found


def _segment(
    session: Session, agency: Agency, office_id: int | None, data: Mapping[str, Any]
) -> Segment:
    """The segment read back; its offices must be the agency's, within a supervisor's own."""
    try:
        segment = Segment.from_json(data)
    except SegmentError as error:
        reason = str(error).removeprefix(f"{error.field}: ")
        raise Refused(t.BAD_SEGMENT, field=error.field, reason=reason) from None
    agency_offices = set(session.scalars(select(Office.id).where(Office.agency_id == agency.id)))
    reachable = agency_offices if office_id is None else {office_id}
    outside = [i for i in segment.office_ids if i not in reachable]
    if outside:
        raise Refused(t.OUTSIDE_OFFICE, id=outside[0])
    return segment


def agency_of(session: Session, staff: Staff | None) -> Agency:
    """The agency `staff` works for (the operator: the agency botapp serves)."""
    if staff is not None:
        return session.get_one(Office, staff.office_id).agency
    agency = the_agency(session)
    if agency is None:
        raise Refused(shared.NO_OFFICE)
    return agency


def _zone(name: str) -> str:
    try:
        return ZoneInfo(name).key
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a directory
        raise Refused(roster.BAD_TIMEZONE, value=name) from None


def _optional(value: str | None) -> str | None:
    return (value or "").strip() or None


def actor_name(staff: Staff | None, actor: str | None) -> str:
    """Who the audit trail names: the caller's `actor`, else the staff member's email."""
    return actor or (staff.email if staff is not None else "operator")
