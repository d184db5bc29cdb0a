"""Who may read which client's record: a specialist their caseload, a supervisor their office,
an administrator everyone. The command line run by an operator on the server reads as an
administrator unless it names the staff member it acts for. Every read, export and refusal is
written to the audit trail."""

from __future__ import annotations

from sqlalchemy import ColumnElement, bindparam, select, true
from sqlalchemy.orm import Session

from botapp.models import AuditEvent, Client, Role, Staff


class NotAllowed(PermissionError):
    """The staff member's role does not cover this record (`target`, as the audit trail names
    it: "client VR-1", "unmatched texts")."""

    def __init__(self, staff: Staff, target: str) -> None:
        super().__init__(f"{staff.email} ({staff.role.value}) may not read {target}")
        self.role = staff.role.value
        self.target = target  # for the audit trail, read before rollback


def staff_by_email(session: Session, email: str) -> Staff | None:
    """The staff member with `email` (case-insensitive)."""
    return session.scalars(select(Staff).where(Staff.email == email.strip().lower())).one_or_none()


# Built once: the inbound worker asks it for every text from a number no client has.
_BY_PHONE = select(Staff).where(Staff.phone == bindparam("phone"), Staff.active)


def staff_by_phone(session: Session, phone: str) -> Staff | None:
    """The active staff member whose phone is `phone` (E.164): at most one, by the partial
    unique index `uq_staff_phone_active` (decision 22)."""
    return session.scalars(_BY_PHONE, {"phone": phone}).one_or_none()


def visible_clients(staff: Staff | None) -> ColumnElement[bool]:
    """A filter on Client selecting the clients `staff` may read (None: the operator)."""
    if staff is None or staff.role is Role.ADMIN:
        return true()
    if staff.role is Role.SUPERVISOR:
        return Client.office_id == staff.office_id
    return Client.specialist_id == staff.id


def check_can_read(staff: Staff | None, client: Client) -> None:
    """Raise NotAllowed unless `staff` may read `client`'s record."""
    if staff is None or staff.role is Role.ADMIN:
        return
    if staff.role is Role.SUPERVISOR and client.office_id == staff.office_id:
        return
    if staff.role is Role.SPECIALIST and client.specialist_id == staff.id:
        return
    raise NotAllowed(staff, f"client {client.external_id}")


def check_can_read_unmatched(staff: Staff | None) -> None:
    """Raise NotAllowed unless `staff` may read texts from numbers that match no client.

    Such a text belongs to no caseload: a supervisor or an administrator sorts it out (a new
    client texting early, a wrong number), not every specialist.
    """
    if staff is not None and staff.role is Role.SPECIALIST:
        raise NotAllowed(staff, "unmatched texts")


def audit(session: Session, actor: str, action: str, detail: str) -> AuditEvent:
    """Record that `actor` read, exported or was refused something (`detail`: never content)."""
    event = AuditEvent(actor=actor[:254], action=action, detail=detail)
    session.add(event)
    return event
