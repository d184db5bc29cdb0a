"""Staff and how to reach them: adding and changing staff, time away with a backup, leaving,
and the two questions an alert asks: is this person at work now, and who stands in for them
today (docs/decisions/0022-working-hours-and-deactivated-staff.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.messages import notes
from botapp.messages import roster as t
from botapp.messages import staff as shared
from botapp.models import Client, Role, Staff
from botapp.phone import mask
from botapp.services import alerts, case_record
from botapp.services.access import staff_by_email
from botapp.services.agency import (
    Hours,
    Refused,
    email_address,
    find_office,
    parse_days,
    parse_hours,
    person_or_place,
    phone_number,
)
from botapp.services.clients import find_by_phone

AGENCY = "agency"  # `--hours agency`, `--days agency`: back to the agency's


@dataclass(frozen=True)
class StaffChanges:
    """What `botapp staff add` or `staff set` gives; None leaves a field as it is."""

    name: str | None = None
    role: Role | None = None
    office: str | None = None
    phone: str | None = None
    supervisor: str | None = None  # an email
    language: str | None = None
    hours: str | None = None  # "08:00-17:00", or AGENCY
    days: str | None = None  # "mon-fri", or AGENCY


def find_staff(session: Session, email: str) -> Staff:
    """The staff member with `email`, or Refused."""
    staff = staff_by_email(session, email)
    if staff is None:
        raise Refused(shared.NO_STAFF, email=email)
    return staff


def check_active(staff: Staff) -> None:
    """Refused when `staff` has been deactivated."""
    if not staff.active:
        raise Refused(t.INACTIVE, email=staff.email)


def roster(session: Session) -> list[Staff]:
    """Every staff member, those still on staff first, by email."""
    return list(session.scalars(select(Staff).order_by(Staff.active.desc(), Staff.email)))


def add_staff(
    session: Session, email: str, name: str, role: Role, more: StaffChanges = StaffChanges()
) -> Staff:
    """A new staff member in `more.office` (the only office when not named); Refused for a taken
    email and for anything `change_staff` refuses."""
    email = email_address(email)
    if staff_by_email(session, email) is not None:
        raise Refused(t.DUPLICATE_EMAIL, email=email)
    staff = Staff(
        email=email,
        name=person_or_place(name),
        role=role,
        office=find_office(session, more.office),
        locale=more.language or "en",
    )
    session.add(staff)
    session.flush()
    change_staff(session, staff, replace(more, office=None))
    return staff


def change_staff(session: Session, staff: Staff, changes: StaffChanges) -> None:
    """Apply `changes` to an active staff member, or Refused naming the first bad value."""
    check_active(staff)
    if changes.name is not None:
        staff.name = person_or_place(changes.name)
    if changes.role is not None:
        staff.role = changes.role
    if changes.office is not None:
        staff.office = find_office(session, changes.office)
    if changes.language is not None:
        staff.locale = changes.language
    if changes.phone is not None:
        staff.phone = _free_phone(session, staff, phone_number(changes.phone))
    if changes.supervisor is not None:
        staff.supervisor = _supervisor_for(session, staff, changes.supervisor)
    if changes.hours is not None:
        own = None if changes.hours == AGENCY else parse_hours(changes.hours)
        staff.work_start, staff.work_end = own or (None, None)
    if changes.days is not None:
        staff.work_days = None if changes.days == AGENCY else parse_days(changes.days)
    session.flush()


def _free_phone(session: Session, staff: Staff, phone: str) -> str:
    """`phone`, unless another active staff member or a client texts from it: a text from a
    staff phone must name one person, and never a client."""
    holder = session.scalars(
        select(Staff).where(Staff.phone == phone, Staff.active, Staff.id != staff.id)
    ).first()
    if holder is not None:
        raise Refused(t.PHONE_TAKEN, phone=mask(phone), email=holder.email)
    client = find_by_phone(session, phone)
    if client is not None:
        raise Refused(t.PHONE_IS_CLIENT, phone=mask(phone), external_id=client.external_id)
    return phone


def _supervisor_for(session: Session, staff: Staff, email: str) -> Staff:
    """The active staff member `email` names, who must not be `staff` or below them (an
    unanswered alert climbs the supervisors: it must reach the top)."""
    supervisor = find_staff(session, email)
    if supervisor.id == staff.id:
        raise Refused(t.OWN_SUPERVISOR)
    check_active(supervisor)
    above: Staff | None = supervisor
    while above is not None:
        if above.id == staff.id:
            raise Refused(t.SUPERVISOR_CIRCLE, supervisor=supervisor.email, email=staff.email)
        above = above.supervisor
    return supervisor


def set_away(
    session: Session, staff: Staff, start: date, end: date, backup_email: str
) -> tuple[Staff, int]:
    """Record `staff` out of the office from `start` to `end` (both included) with the backup
    who stands in; Refused unless the backup is someone else, active and not away then.
    Returns the backup and, when the time away has begun, how many of the escalations `staff`
    held went to who stands in."""
    check_active(staff)
    if start > end:
        raise Refused(t.BAD_RANGE, start=start.isoformat(), end=end.isoformat())
    backup = find_staff(session, backup_email)
    if backup.id == staff.id:
        raise Refused(t.OWN_BACKUP)
    check_active(backup)
    if backup.away_from and backup.away_to and backup.away_from <= end and start <= backup.away_to:
        raise Refused(
            t.BACKUP_AWAY,
            email=backup.email,
            start=backup.away_from.isoformat(),
            end=backup.away_to.isoformat(),
        )
    staff.away_from, staff.away_to, staff.backup = start, end, backup
    session.flush()
    today = utcnow().astimezone(ZoneInfo(staff.office.agency.timezone)).date()
    moved = alerts.holder_changed(session, staff=staff) if is_away(staff, today) else 0
    return backup, moved


def deactivate(session: Session, staff: Staff) -> tuple[int, list[str], int]:
    """Mark `staff` as gone: what they held goes to who stands in (their supervisor, for their
    own clients); their clients stay, with no specialist and a case-record line saying why.
    Returns how many clients that left unassigned, the emails of the active staff they
    supervised (who need another supervisor), and how many escalations moved."""
    staff.active = False
    session.flush()
    moved = alerts.holder_changed(session, staff=staff)  # while their clients still name them
    clients = list(session.scalars(select(Client).where(Client.specialist_id == staff.id)))
    for client in clients:
        client.specialist_id = None
        case_record.note(session, client, notes.UNASSIGNED, name=staff.name)
    team = session.scalars(
        select(Staff.email)
        .where(Staff.supervisor_id == staff.id, Staff.active)
        .order_by(Staff.email)
    ).all()
    return len(clients), list(team), moved


def hours_of(staff: Staff) -> Hours:
    """`staff`'s working hours: their own where they set them, else the agency's."""
    agency = staff.office.agency
    return Hours(
        start=agency.work_start if staff.work_start is None else staff.work_start,
        end=agency.work_end if staff.work_end is None else staff.work_end,
        days=agency.work_days if staff.work_days is None else staff.work_days,
    )


def is_away(staff: Staff, on: date) -> bool:
    """Whether `on` falls in `staff`'s time out of the office."""
    return bool(staff.away_from and staff.away_to and staff.away_from <= on <= staff.away_to)


def is_working(staff: Staff, at: datetime) -> bool:
    """Whether `staff` is at work at `at` (timezone-aware): active, not away that day, and
    within their working hours on a working day, in the agency's timezone."""
    local = at.astimezone(ZoneInfo(staff.office.agency.timezone))
    hours = hours_of(staff)
    return (
        staff.active
        and not is_away(staff, local.date())
        and str(local.isoweekday()) in hours.days
        and hours.start <= local.time() < hours.end
    )


# Far enough to pass any run of days off a working week allows; a week with no working day
# at all has no working moment (the caller goes on at once).
_LOOK_AHEAD_DAYS = 8


def next_working_moment(staff: Staff, at: datetime) -> datetime:
    """The first instant from `at` (timezone-aware) within `staff`'s working hours on one of
    their working days, in the agency's timezone: `at` itself during working hours. Time away
    is not skipped: whoever then reads it finds the stand-in (decision 22)."""
    zone = ZoneInfo(staff.office.agency.timezone)
    local, hours = at.astimezone(zone), hours_of(staff)
    for ahead in range(_LOOK_AHEAD_DAYS):
        day = local.date() + timedelta(days=ahead)
        if str(day.isoweekday()) not in hours.days:
            continue
        start = datetime.combine(day, hours.start, tzinfo=zone)
        end = datetime.combine(day, hours.end, tzinfo=zone)
        if local < end:
            return max(start, local).astimezone(at.tzinfo)
    return at


def end_of_working_day(staff: Staff, at: datetime) -> datetime:
    """When the working day of `staff` that `at` falls on ends (their hours' end, that local
    day, in the agency's timezone)."""
    zone = ZoneInfo(staff.office.agency.timezone)
    day = at.astimezone(zone).date()
    return datetime.combine(day, hours_of(staff).end, tzinfo=zone).astimezone(at.tzinfo)


def stand_in(staff: Staff, on: date) -> Staff | None:
    """Who does `staff`'s work on day `on`: themself, or while they are away their backup (and
    that backup's, if away too); None when that leads to nobody active (the supervisor's
    turn, for the routing that asks)."""
    seen: list[Staff] = []
    person: Staff | None = staff
    while person is not None and person.active and person not in seen:
        if not is_away(person, on):
            return person
        seen.append(person)
        person = person.backup
    return None
