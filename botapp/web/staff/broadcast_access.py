"""Who may open the Broadcasts pages: administrators (the agency's broadcasts) and supervisors
(their office's). A specialist, or a broadcast outside one's office, gets the 404 a record
outside one's scope gets, and the refusal is audited (recipient lists are confidential client
information, 34 CFR 361.38)."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, request
from sqlalchemy.orm import Session

from botapp.broadcasts import service
from botapp.db import get_session
from botapp.models import Broadcast, Staff
from botapp.services.access import NotAllowed, audit
from botapp.services.agency import Refused
from botapp.web.staff.auth import current_staff


def refuse(db: Session, action: str, target: str) -> NoReturn:
    """Audit the refusal and answer 404, as for a record that does not exist."""
    db.rollback()
    audit(db, current_staff().email, f"{action}_denied", target)
    db.commit()
    abort(404)


def manager(action: str) -> tuple[Session, Staff]:
    """The session and the signed-in admin or supervisor; a specialist gets a 404 (audited as
    `broadcasts_denied`)."""
    db, staff = get_session(), current_staff()
    try:
        service.composing_office(staff)
    except NotAllowed:
        refuse(db, "broadcasts", f"{action} {request.path}")
    return db, staff


def managed(db: Session, staff: Staff, broadcast_id: int, action: str) -> Broadcast:
    """Broadcast `broadcast_id` if `staff` manages it; else a 404 (audited `{action}_denied`)."""
    try:
        broadcast = service.broadcast_for(db, staff, broadcast_id)
    except (Refused, NotAllowed):
        refuse(db, action, f"broadcast #{broadcast_id}")
    if broadcast.agency_id != service.agency_of(db, staff).id:
        refuse(db, action, f"broadcast #{broadcast_id}")
    return broadcast
