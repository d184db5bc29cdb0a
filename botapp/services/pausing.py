"""Pausing a client's automated flows and resuming them, and giving a client another specialist.

A client is paused while they have an unresolved escalation or staff paused them
(`schedule.paused_clause`): their reminders, check-ins and follow-ups are held as they fall due
and released when the pause ends (docs/decisions/0024-escalations.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.delivery import outbox
from botapp.flows import schedule
from botapp.messages import clients as t
from botapp.models import Client, Staff
from botapp.services import alerts, case_record, consent
from botapp.services.agency import Refused


def pause(session: Session, client: Client, by: str, note: str | None, now: datetime) -> None:
    """Staff (`by`: who, as the case record names them) pause the client's automated texts from
    `now`; Refused when already paused."""
    if client.paused_at is not None:
        raise Refused(t.ALREADY_PAUSED, external_id=client.external_id)
    client.paused_at = now
    if note:
        case_record.note(session, client, t.PAUSED_WITH, name=by, note=note)
    else:
        case_record.note(session, client, t.PAUSED, name=by)


def resume(session: Session, client: Client, by: str, now: datetime) -> bool:
    """Staff lift their pause; True when the automated texts run again (False: an unresolved
    escalation still holds them). Refused when staff had not paused the client."""
    if client.paused_at is None:
        raise Refused(t.NOT_PAUSED, external_id=client.external_id)
    client.paused_at = None
    case_record.note(session, client, t.RESUMED, name=by)
    session.flush()
    if schedule.is_paused(session, client.id):
        return False
    schedule.release_held(session, client.id, now)
    return True


def release_after_resolve(session: Session, client: Client, now: datetime) -> bool:
    """An escalation of `client` was resolved: if none is left and staff have not paused them,
    their held texts go back to the clock (with a case-record line when any was held). True
    when they run again."""
    session.flush()
    if schedule.is_paused(session, client.id):
        return False
    if schedule.release_held(session, client.id, now):
        case_record.note(session, client, t.RESUMED_BY_RESOLVE)
    return True


@dataclass(frozen=True)
class Assigned:
    """What `assign` did: how many escalations moved, and whether the client was told."""

    moved: int
    told: bool


def assign(
    session: Session, settings: Settings, client: Client, specialist: Staff, by: str
) -> Assigned:
    """Give `client` the active `specialist`: their unresolved escalations move (the escalations
    feature listens) and the client is texted their new contact's first name unless opted out.
    Refused for a deactivated specialist or the one they already have."""
    if not specialist.active:
        raise Refused(t.SPECIALIST_INACTIVE, email=specialist.email)
    if client.specialist_id == specialist.id:
        raise Refused(t.ALREADY_ASSIGNED, external_id=client.external_id, email=specialist.email)
    old = client.specialist.name if client.specialist else case_record.term(t.NOBODY)
    client.specialist = specialist
    session.flush()
    case_record.note(session, client, t.ASSIGNED, old=old, new=specialist.name, name=by)
    moved = alerts.holder_changed(session, client=client)
    told = not consent.is_opted_out(session, client.phone)
    if told:
        outbox.queue_text(
            session,
            settings,
            t.NEW_CONTACT,
            {"first_name": client.first_name, "contact": first_name(specialist)},
            phone=client.phone,
            client=client,
            category=outbox.CHECK_IN,  # not urgent: waits for the end of quiet hours
        )
    return Assigned(moved, told)


def first_name(staff: Staff) -> str:
    """The first word of `staff`'s name: all a client is told of a staff member."""
    return staff.name.split()[0] if staff.name.split() else staff.name
