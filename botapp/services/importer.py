"""Client import from CSV: check every row, import the good ones, report the others by line."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import SUPPORTED_LOCALES
from botapp.messages import Msg, render
from botapp.messages import staff as t
from botapp.models import Office, Staff
from botapp.phone import mask, to_e164
from botapp.services.clients import ClientFields, find_by_phone, upsert_client

REQUIRED = ("external_id", "first_name", "last_name", "phone", "language", "timezone")
OPTIONAL = ("specialist_email",)
MAX_LENGTH = {"external_id": 64, "first_name": 100, "last_name": 100}  # the Client columns


@dataclass(frozen=True)
class Notice:
    """A staff-facing remark: a catalog message and its parameters, rendered per reader."""

    msg: Msg
    params: dict[str, Any] = field(default_factory=dict)
    n: int | None = None

    def text(self, locale: str | None) -> str:
        """The remark in `locale`."""
        return render(self.msg, locale, n=self.n, **self.params)


class ImportAborted(Exception):
    """The file (or the office) cannot be used at all: nothing was imported."""

    def __init__(self, msg: Msg, n: int | None = None, **params: Any) -> None:
        super().__init__(msg.key)
        self.notice = Notice(msg, params, n)


@dataclass
class ImportReport:
    """What an import did: counts, rejected rows as (line, reason), and warnings."""

    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, Notice]] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        """How many rows were rejected (a row may have several reasons)."""
        return len({line for line, _ in self.rejected})


def read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    """The non-blank records of a UTF-8 CSV file (BOM or not) with their line numbers."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportAborted(t.NOT_UTF8, line=data[: exc.start].count(b"\n") + 1) from None
    first = text.partition("\n")[0]
    # Excel in many European locales (Spanish included) saves "CSV" separated by semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Blank records still count, so line numbers match the rows a spreadsheet shows.
        records = [(n, [_clean(c) for c in r]) for n, r in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportAborted(t.BAD_CSV, line=reader.line_num, detail=str(exc)) from None
    return [(n, cells) for n, cells in records if any(cells)]


def _clean(cell: str) -> str:
    # Names typed on a Mac can arrive decomposed (e + combining accent): store one form.
    return unicodedata.normalize("NFC", cell.strip())


def _columns(header: list[str]) -> tuple[dict[str, int], list[Notice]]:
    names = [c.lower() for c in header]
    for name in names:
        if name and names.count(name) > 1:
            raise ImportAborted(t.DUPLICATE_COLUMN, column=name)
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportAborted(t.MISSING_COLUMNS, len(missing), columns=", ".join(missing))
    unknown = [c for c in header if c and c.lower() not in REQUIRED + OPTIONAL]
    warning = Notice(t.UNKNOWN_COLUMNS, {"columns": ", ".join(unknown)}, len(unknown))
    return {n: i for i, n in enumerate(names) if n}, [warning] if unknown else []


def _language(raw: str) -> str:
    base = raw.replace("_", "-").split("-")[0].lower()  # "es-MX" -> "es"
    if base not in SUPPORTED_LOCALES:
        raise ValueError(raw)
    return base


REASONS = {"phone": t.PHONE, "language": t.LANGUAGE, "timezone": t.TIMEZONE}


class _Row:
    """One data row being checked; every problem is kept, not just the first."""

    def __init__(self, line: int, cells: list[str], columns: dict[str, int], width: int) -> None:
        self.line = line
        self.values = {n: cells[i] if i < len(cells) else "" for n, i in columns.items()}
        self.problems: list[Notice] = []
        if any(cells[width:]):  # values shifted right: a name holding an unquoted comma
            self.fail(t.EXTRA_VALUES)

    def fail(self, msg: Msg, **params: Any) -> None:
        self.problems.append(Notice(msg, {"line": self.line, **params}))

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
        return ClientFields(**required, specialist_email=email.lower() or None)


def _check_unique(session: Session, row: _Row, fields: ClientFields, seen: dict[str, int]) -> None:
    """Reject a row repeating an earlier row's external_id or phone, or another client's phone."""
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


def import_clients(session: Session, office: Office, data: bytes) -> ImportReport:
    """Create or update (by external_id) the clients of a CSV file; the caller commits."""
    records = read_csv(data)
    if not records:
        raise ImportAborted(t.EMPTY)
    (_, header), *rows = records
    columns, warnings = _columns(header)
    report = ImportReport(warnings=warnings)
    staff_emails = set(session.scalars(select(Staff.email)))
    seen: dict[str, int] = {}  # "id:<external_id>" or "phone:<E.164>" -> first line holding it
    for line, cells in rows:
        row = _Row(line, cells, columns, len(header))
        fields = row.fields(staff_emails)
        _check_unique(session, row, fields, seen)
        if row.problems:
            report.rejected += [(line, p) for p in row.problems]
        elif upsert_client(session, office, fields)[1]:
            report.created += 1
        else:
            report.updated += 1
    return report
