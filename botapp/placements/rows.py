"""Checking the rows of a placements CSV: each value parsed, each problem kept with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.messages import staff as t
from botapp.models import Client
from botapp.placements import messages as pt
from botapp.services.csvfiles import CsvRow

REQUIRED = ("external_id", "client_external_id", "employer", "job_title", "start_date")
OPTIONAL = ("hours_per_week", "hourly_wage", "employer_contact", "may_contact_employer")
MAX_LENGTH = {"external_id": 64, "employer": 200, "job_title": 200, "employer_contact": 200}
MAX_HOURS = 100
WAGE = re.compile(r"\$?\s*(\d{1,6}(?:\.\d{1,2})?)")  # Numeric(8, 2): up to 999999.99
YES = {"yes", "y", "true", "1", "si", "sí"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class PlacementFields:
    """One placement as a CSV row gives it, already checked."""

    external_id: str | None  # None for a placement recorded on the web page
    client_id: int
    employer: str
    job_title: str
    start_date: date
    hours_per_week: int | None
    hourly_wage: Decimal | None
    employer_contact: str | None
    may_contact_employer: bool


class Row(CsvRow):
    """A placement row of the file, checked field by field."""

    def text(self, name: str, required: bool = True) -> str:
        raw = self.values[name]
        if required and not raw:
            self.fail(t.REQUIRED, field=name)
        elif len(raw) > MAX_LENGTH.get(name, len(raw)):
            self.fail(t.TOO_LONG, field=name, max=MAX_LENGTH[name])
        return raw

    def start_date(self) -> date:
        raw = self.text("start_date")
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            if raw:
                self.fail(pt.DATE, field="start_date", value=raw)
            return date.min

    def hours(self) -> int | None:
        raw = self.values["hours_per_week"]
        if raw.isdigit() and 1 <= int(raw) <= MAX_HOURS:
            return int(raw)
        if raw:
            self.fail(pt.HOURS, value=raw, max=MAX_HOURS)
        return None

    def wage(self) -> Decimal | None:
        raw = self.values["hourly_wage"]
        match = WAGE.fullmatch(raw)
        if match:
            return Decimal(match.group(1))
        if raw:
            self.fail(pt.WAGE, value=raw)
        return None

    def permission(self) -> bool:
        raw = self.values["may_contact_employer"].casefold()
        if raw not in YES | NO:
            self.fail(pt.YES_NO, value=self.values["may_contact_employer"])
        return raw in YES


def fields_of(session: Session, row: Row) -> PlacementFields:
    """The row's placement, with a problem noted for each bad value."""
    client_ref = row.text("client_external_id")
    client = session.scalars(select(Client).where(Client.external_id == client_ref)).one_or_none()
    if client_ref and client is None:
        row.fail(pt.NO_CLIENT, value=client_ref)
    return PlacementFields(
        external_id=row.text("external_id"),
        client_id=client.id if client else 0,
        employer=row.text("employer"),
        job_title=row.text("job_title"),
        start_date=row.start_date(),
        hours_per_week=row.hours(),
        hourly_wage=row.wage(),
        employer_contact=row.text("employer_contact", required=False) or None,
        may_contact_employer=row.permission(),
    )
