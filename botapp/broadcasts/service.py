"""Broadcasts for staff: who may compose, see and send them.

Recipient lists are confidential client information (34 CFR 361.38): an administrator manages
the agency's broadcasts, a supervisor their office's; a specialist none. The command line run
by an operator on the server acts as an administrator unless `--by` names someone.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from botapp.models import Broadcast, Role, Staff
from botapp.services.access import NotAllowed


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
