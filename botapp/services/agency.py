"""The agency and its offices, set up by staff on an empty database: its working hours, the
on-call number, the alert email, and the program name, phone and crisis replies its clients'
texts give. Every refusal names its reason from the catalog."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import SUPPORTED_LOCALES, Settings
from botapp.messages import Msg
from botapp.messages import admin as a
from botapp.messages import roster as t
from botapp.messages import staff as shared
from botapp.messages.formatting import Language
from botapp.models import Agency, Office
from botapp.phone import InvalidPhone, to_e164
from botapp.services.csvfiles import Notice

NAME_MAX = 200
MAX_ACK_MINUTES = 24 * 60
PROGRAM_NAME_MAX = 60  # every text botapp starts begins with it: short keeps them one segment
# A crisis reply is sent whole, at once, at any hour: never empty, at most two texts' worth,
# and expected to give the 988 Suicide & Crisis Lifeline (README "Crisis language").
CRISIS_MAX = 320
CRISIS_LINE = "988"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # ISO weekdays 1 to 7
_HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Refused(Exception):
    """A setting or a change that cannot be made; nothing was changed."""

    def __init__(self, msg: Msg, **params: Any) -> None:
        super().__init__(msg.key)
        self.notice = Notice(msg, params)


@dataclass(frozen=True)
class AgencyChanges:
    """What `botapp agency set` changes; None leaves a setting as it is."""

    on_call_phone: str | None = None
    alert_email: str | None = None
    hours: str | None = None  # "08:00-17:00"
    days: str | None = None  # "mon-fri"
    timezone: str | None = None
    quiet: str | None = None  # "20:00-09:00": no outreach then, in the client's timezone
    ack_minutes: str | None = None  # a whole number; "": back to ESCALATION_ACK_MINUTES
    program_name: str | None = None  # "": back to PROGRAM_NAME
    program_phone: str | None = None  # "": back to PROGRAM_PHONE
    # Language -> the agency's crisis reply; "": back to CRISIS_REPLY_xx or the catalog's.
    crisis_replies: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Hours:
    """Working hours in the agency's timezone: from `start` to `end` on ISO weekdays `days`."""

    start: time
    end: time
    days: str  # "12345"

    def text(self) -> str:
        """As the options take them: "08:00-17:00 mon-fri"."""
        return f"{self.start:%H:%M}-{self.end:%H:%M} {days_text(self.days)}"


def agency_hours(agency: Agency) -> Hours:
    """The agency's working hours: everyone's who sets none of their own."""
    return Hours(agency.work_start, agency.work_end, agency.work_days)


def the_agency(session: Session) -> Agency | None:
    """The agency botapp serves (the first one: an install serves one agency)."""
    return session.scalars(select(Agency).order_by(Agency.id).limit(1)).first()


def open_agency(session: Session, name: str, timezone: str) -> tuple[Agency, bool]:
    """The agency, created with `name` and `timezone` when there is none yet; True if created."""
    agency = the_agency(session)
    if agency is not None:
        return agency, False
    agency = Agency(name=name, timezone=timezone)
    session.add(agency)
    session.flush()
    return agency, True


def configure(agency: Agency, changes: AgencyChanges) -> list[Notice]:
    """Apply `changes` to `agency`, or Refused naming the first bad value; what the admin
    should check (a crisis reply without 988) comes back as warnings."""
    if changes.on_call_phone is not None:
        agency.on_call_phone = phone_number(changes.on_call_phone)
    if changes.alert_email is not None:
        agency.alert_email = email_address(changes.alert_email)
    if changes.hours is not None:
        agency.work_start, agency.work_end = parse_hours(changes.hours)
    if changes.days is not None:
        agency.work_days = parse_days(changes.days)
    if changes.timezone is not None:
        agency.timezone = zone_name(changes.timezone)
    if changes.quiet is not None:
        agency.quiet_start, agency.quiet_end = parse_quiet_hours(changes.quiet)
    if changes.ack_minutes is not None:
        agency.escalation_ack_minutes = parse_ack_minutes(changes.ack_minutes)
    if changes.program_name is not None:
        agency.program_name = program_name(changes.program_name)
    if changes.program_phone is not None:
        raw = changes.program_phone.strip()
        agency.program_phone = phone_number(raw) if raw else None
    if changes.crisis_replies is None:
        return []
    own = dict(agency.crisis_replies or {})
    warnings = []
    for language, raw in changes.crisis_replies.items():
        reply = crisis_reply(language, raw)
        if reply is None:
            own.pop(language, None)
        else:
            own[language] = reply
            if CRISIS_LINE not in reply:
                warnings.append(Notice(a.CRISIS_NO_988, {"language": Language(language)}))
    agency.crisis_replies = own or None  # a new dict: the JSON column sees the change
    return warnings


def program_name(raw: str) -> str | None:
    """A program name on one line, trimmed; None for empty (PROGRAM_NAME); Refused when too
    long."""
    name = " ".join(raw.split())
    if len(name) > PROGRAM_NAME_MAX:
        raise Refused(a.BAD_PROGRAM_NAME, max=PROGRAM_NAME_MAX)
    return name or None


def crisis_reply(language: str, raw: str) -> str | None:
    """The crisis reply for `language`, trimmed; None for empty (CRISIS_REPLY_xx or the
    catalog's); Refused for a language botapp does not text in or a text over CRISIS_MAX."""
    if language not in SUPPORTED_LOCALES:
        raise Refused(a.BAD_CRISIS_LANGUAGE, value=language, languages=", ".join(SUPPORTED_LOCALES))
    reply = raw.strip()
    if len(reply) > CRISIS_MAX:
        raise Refused(
            a.CRISIS_TOO_LONG, language=Language(language), length=len(reply), max=CRISIS_MAX
        )
    return reply or None


def ack_minutes(agency: Agency, settings: Settings) -> int:
    """How long an urgent alert waits for an acknowledgement before it goes further: the
    agency's own window when an administrator set one, else ESCALATION_ACK_MINUTES."""
    own = agency.escalation_ack_minutes
    return settings.escalation_ack_minutes if own is None else own


def parse_ack_minutes(raw: str) -> int | None:
    """A whole number of minutes from 1 to a day, or None for empty (the environment's);
    Refused otherwise."""
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_ACK_MINUTES:
        raise Refused(a.BAD_ACK_MINUTES, value=raw, max=MAX_ACK_MINUTES)
    return int(raw)


def offices(session: Session) -> list[Office]:
    """Every office, in the order they were added."""
    return list(session.scalars(select(Office).order_by(Office.id)))


def office_named(session: Session, name: str) -> Office | None:
    """The office called `name`, whatever its case and surrounding spaces."""
    wanted = name.strip().casefold()
    return next((o for o in offices(session) if o.name.casefold() == wanted), None)


def find_office(session: Session, name: str | None) -> Office:
    """The office named `name`; without a name the only office. Refused when there is no such
    office, no office at all, or several to choose from."""
    found = offices(session)
    if not found:
        raise Refused(shared.NO_OFFICE)
    names = ", ".join(o.name for o in found)
    if name is None:
        if len(found) > 1:
            raise Refused(t.CHOOSE_OFFICE, names=names)
        return found[0]
    office = office_named(session, name)
    if office is None:
        raise Refused(shared.UNKNOWN_OFFICE, name=name, names=names)
    return office


def add_office(session: Session, agency: Agency, name: str, phone: str | None) -> Office:
    """A new office of `agency`; Refused for an empty, too long or taken name or a bad phone."""
    name = person_or_place(name)
    if office_named(session, name) is not None:
        raise Refused(t.OFFICE_EXISTS, name=name)
    office = Office(agency=agency, name=name, phone=phone_number(phone) if phone else None)
    session.add(office)
    session.flush()
    return office


def person_or_place(name: str) -> str:
    """A staff member's or an office's name, trimmed; Refused when empty or too long."""
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX:
        raise Refused(t.BAD_NAME, max=NAME_MAX)
    return name


def phone_number(raw: str) -> str:
    """`raw` as E.164, or Refused."""
    try:
        return to_e164(raw)
    except InvalidPhone:
        raise Refused(shared.EXPORT_BAD_PHONE, value=raw) from None


def email_address(raw: str) -> str:
    """`raw` trimmed and lowercased (how staff emails are looked up), or Refused."""
    email = raw.strip().lower()
    if len(email) > 254 or not email.isprintable() or not _EMAIL.fullmatch(email):
        raise Refused(t.BAD_EMAIL, value=raw)
    return email


def zone_name(raw: str) -> str:
    """`raw` as an IANA time zone name, or Refused."""
    try:
        return ZoneInfo(raw.strip()).key
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a directory
        raise Refused(t.BAD_TIMEZONE, value=raw) from None


def parse_hours(raw: str) -> tuple[time, time]:
    """ "08:00-17:00" as its start and end, the start first; Refused otherwise (a shift across
    midnight included: decision 22)."""
    match = _HOURS.fullmatch(raw.strip())
    if match is None:
        raise Refused(t.BAD_HOURS, value=raw)
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if max(h1, h2) > 23 or max(m1, m2) > 59 or (h1, m1) >= (h2, m2):
        raise Refused(t.BAD_HOURS, value=raw)
    return time(h1, m1), time(h2, m2)


def parse_quiet_hours(raw: str) -> tuple[time, time]:
    """ "20:00-09:00" as the quiet hours' start and end; unlike working hours they may span
    midnight (they usually do). Refused when malformed or empty (start equal to end)."""
    match = _HOURS.fullmatch(raw.strip())
    if match is None:
        raise Refused(a.BAD_QUIET, value=raw)
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if max(h1, h2) > 23 or max(m1, m2) > 59 or (h1, m1) == (h2, m2):
        raise Refused(a.BAD_QUIET, value=raw)
    return time(h1, m1), time(h2, m2)


def parse_day(raw: str) -> date:
    """ "2026-12-24" as a date, or Refused."""
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise Refused(t.BAD_DATE, value=raw) from None


def parse_days(raw: str) -> str:
    """ "mon-fri", "mon,wed,fri" or "sat-sun" as ISO weekday digits ("12345"); Refused
    otherwise. A range may wrap round the week ("fri-mon")."""
    days: set[int] = set()
    for part in raw.lower().replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            raise Refused(t.BAD_DAYS, value=raw)
        start = DAY_NAMES.index(first)
        span = (DAY_NAMES.index(last) - start) % 7 if dash else 0
        days |= {(start + k) % 7 + 1 for k in range(span + 1)}
    return "".join(str(d) for d in sorted(days))


def days_text(days: str) -> str:
    """ISO weekday digits as `--days` takes them: "12345" -> "mon-fri", "135" -> "mon,wed,fri"."""
    numbers = [int(d) for d in days]
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run in runs:
        names = [DAY_NAMES[n - 1] for n in run]
        parts.append(f"{names[0]}-{names[-1]}" if len(names) > 2 else ",".join(names))
    return ",".join(parts)
