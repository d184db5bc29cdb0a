"""Client import from CSV: check every row, import the good ones, report the others by line."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import SUPPORTED_LOCALES
from botapp.db import restate
from botapp.messages import staff as t
from botapp.models import Client, Office, Staff
from botapp.models.broadcast import TAG_MAX, normal_tag
from botapp.phone import mask, to_e164
from botapp.services.access import staff_by_phone
from botapp.services.clients import ClientFields, find_by_phone, upsert_client
from botapp.services.csvfiles import CsvRow, ImportReport, read_rows

REQUIRED = ("external_id", "first_name", "last_name", "phone", "language", "timezone")
# tags (separated by ";"), zip_code and county: for broadcasts' segments; a column the file
# lacks leaves what the client had, a present one replaces it (an empty cell clears it).
OPTIONAL = ("specialist_email", "tags", "zip_code", "county")
_ZIP = re.compile(r"\d{5}(-\d{4})?")
COUNTY_MAX = 100  # the column's length
MAX_LENGTH = {"external_id": 64, "first_name": 100, "last_name": 100}  # the Client columns


def _language(raw: str) -> str:
    base = raw.replace("_", "-").split("-")[0].lower()  # "es-MX" -> "es"
    if base not in SUPPORTED_LOCALES:
        raise ValueError(raw)
    return base


REASONS = {"phone": t.PHONE, "language": t.LANGUAGE, "timezone": t.TIMEZONE}


class _Row(CsvRow):
    """A client row of the file, checked field by field."""

    def __init__(self, line: int, cells: list[str], positions: dict[str, int], *rest: Any) -> None:
        super().__init__(line, cells, positions, *rest)
        self.columns = set(positions)  # the optional columns the file has

    def get(self, name: str) -> str:
        raw = self.values[name]
        if not raw:
            self.fail(t.REQUIRED, field=name)
        elif len(raw) > MAX_LENGTH.get(name, len(raw)):
            self.fail(t.TOO_LONG, field=name, max=MAX_LENGTH[name])
        else:
            try:
                if name == "phone":
                    return to_e164(raw)
                if name == "language":
                    return _language(raw)
                if name == "timezone":
                    return ZoneInfo(raw).key  # KeyError if unknown, OSError for "America"
            except (ValueError, KeyError, OSError):
                self.fail(REASONS[name], value=raw, supported=", ".join(SUPPORTED_LOCALES))
                return ""
        return raw

    def fields(self, staff_emails: set[str]) -> ClientFields:
        required = {name: self.get(name) for name in REQUIRED}
        email = self.values.get("specialist_email", "")
        if email and email.lower() not in staff_emails:
            self.fail(t.SPECIALIST, value=email)
        return ClientFields(
            **required,
            specialist_email=email.lower() or None,
            tags=self.tags() if "tags" in self.columns else None,
            zip_code=self.zip_code() if "zip_code" in self.columns else None,
            county=self.county() if "county" in self.columns else None,
        )

    def tags(self) -> tuple[str, ...]:
        """The row's tags, normalised, each once; too long a tag fails the row."""
        found: dict[str, None] = {}
        for raw in self.values["tags"].split(";"):
            tag = normal_tag(raw)
            if len(tag) > TAG_MAX:
                self.fail(t.TAG_TOO_LONG, value=raw.strip(), max=TAG_MAX)
            elif tag:
                found[tag] = None
        return tuple(found)

    def zip_code(self) -> str:
        raw = self.values["zip_code"]
        if raw and not _ZIP.fullmatch(raw):
            self.fail(t.BAD_ZIP, value=raw)
        return raw

    def county(self) -> str:
        raw = self.values["county"]
        if len(raw) > COUNTY_MAX:
            self.fail(t.TOO_LONG, field="county", max=COUNTY_MAX)
        return raw


def _check_unique(session: Session, row: _Row, fields: ClientFields, seen: dict[str, int]) -> None:
    """Reject a row repeating an earlier row's external_id or phone, another client's phone or
    an active staff member's."""
    for key, value, reason in (
        ("id:", fields.external_id, t.DUPLICATE_ID),
        ("phone:", fields.phone, t.DUPLICATE_PHONE),
    ):
        if value and key + value in seen:
            row.fail(reason, value=value, phone=mask(value), first=seen[key + value])
        elif value:
            seen[key + value] = row.line
    first_holder = fields.phone and seen.get("phone:" + fields.phone) == row.line
    owner = find_by_phone(session, fields.phone) if first_holder else None
    if owner is not None and owner.external_id != fields.external_id:
        row.fail(t.PHONE_TAKEN, phone=mask(fields.phone), external_id=owner.external_id)
    staff = staff_by_phone(session, fields.phone) if first_holder else None
    if staff is not None:  # a text from it is staff's (docs/decisions/0026-staff-texts.md)
        row.fail(t.ROW_PHONE_IS_STAFF, phone=mask(fields.phone), email=staff.email)


def import_clients(session: Session, office: Office, data: bytes) -> ImportReport:
    """Create or update (by external_id) the clients of a CSV file; the caller commits."""
    rows, report = read_rows(data, _Row, REQUIRED, OPTIONAL)
    staff_emails = set(session.scalars(select(Staff.email).where(Staff.active)))
    seen: dict[str, int] = {}  # "id:<external_id>" or "phone:<E.164>" -> first line holding it
    for row in rows:
        fields = row.fields(staff_emails)
        _check_unique(session, row, fields, seen)
        if row.problems:
            report.rejected += [(row.line, p) for p in row.problems]
        elif upsert_client(session, office, fields)[1]:
            report.created += 1
        else:
            report.updated += 1
    if report.created:  # an agency's first caseload: plans made for an empty table (decision 30)
        restate(session, Client.__tablename__, report.created)
    return report
