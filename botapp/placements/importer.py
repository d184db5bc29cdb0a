"""Placement import from CSV: check every row, import the good ones, report the others by line."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.flows import schedule
from botapp.messages import staff as t
from botapp.messages.formatting import LocalTime
from botapp.models import Client, Placement, PlacementStatus, ScheduledItem
from botapp.placements import messages as notes
from botapp.placements import messages as pt
from botapp.placements.rows import OPTIONAL, REQUIRED, PlacementFields, Row, fields_of
from botapp.placements.timing import DEFAULT_DAYS, FOLLOW_UP, schedule_ladder
from botapp.services import case_record
from botapp.services.csvfiles import ImportReport, Notice, read_rows


def _check_owner(session: Session, row: Row, fields: PlacementFields) -> Placement | None:
    """The placement the row updates; a problem if it belongs to another client."""
    existing = session.scalars(
        select(Placement).where(Placement.external_id == fields.external_id)
    ).one_or_none()
    if existing is not None and fields.client_id and existing.client_id != fields.client_id:
        owner = session.get_one(Client, existing.client_id).external_id
        row.fail(
            pt.OTHER_CLIENT,
            value=fields.external_id,
            owner=owner,
            given=row.values["client_external_id"],
        )
    return existing


def create_placement(
    session: Session, fields: PlacementFields, now: datetime
) -> tuple[Placement, list[ScheduledItem]]:
    """Add the placement, plan its follow-ups, and note it in the case record (the import and
    the staff web page call this); the follow-ups planned are returned with it."""
    placement = Placement(**asdict(fields), clock_start=fields.start_date)
    session.add(placement)
    session.flush()
    items = schedule_ladder(session, placement, now=now)
    case_record.note(
        session,
        session.get_one(Client, fields.client_id),
        notes.STARTED,
        job_title=fields.job_title,
        employer=fields.employer,
        date=case_record.calendar_day(fields.start_date),
        days=", ".join(str(d) for d in DEFAULT_DAYS),
    )
    return placement, items


def _update(
    session: Session, placement: Placement, fields: PlacementFields, now: datetime
) -> list[ScheduledItem]:
    """Take the row's values; a corrected start date moves a clock that was never restarted
    (the follow-ups it then plans are returned)."""
    moved = fields.start_date != placement.start_date and placement.clock_start == (
        placement.start_date
    )
    for name, value in asdict(fields).items():
        setattr(placement, name, value)
    if moved and placement.status is PlacementStatus.ACTIVE:
        schedule.cancel_pending(session, [FOLLOW_UP], placement.id)
        placement.clock_start = fields.start_date
        return schedule_ladder(session, placement, now=now)
    return []


def _scheduled(
    session: Session, fields: PlacementFields, items: list[ScheduledItem], line: int
) -> list[Notice]:
    """What the row scheduled: the follow-ups and the first one's time, and those left out."""
    if not items:
        return []
    zone = session.get_one(Client, fields.client_id).timezone
    planned = [int(item.params["day"]) for item in items]
    first = min(items, key=lambda item: item.due_at)
    notices = [
        Notice(
            pt.SCHEDULED,
            {"line": line, "days": _listed(planned), "when": LocalTime(first.due_at, zone)},
        )
    ]
    skipped = [day for day in DEFAULT_DAYS if day not in planned]
    if skipped:
        params = {"line": line, "days": _listed(skipped), "date": fields.start_date.isoformat()}
        notices.append(Notice(pt.SKIPPED_PAST, params, n=len(skipped)))
    return notices


def _listed(days: list[int]) -> str:
    return ", ".join(str(day) for day in days)


def import_placements(session: Session, data: bytes, now: datetime) -> ImportReport:
    """Create or update (by external_id) the placements of a CSV file; the caller commits."""
    rows, report = read_rows(data, Row, REQUIRED, OPTIONAL)
    seen: dict[str, int] = {}  # external_id -> first line holding it
    for row in rows:
        line = row.line
        fields = fields_of(session, row)
        if fields.external_id in seen:
            row.fail(t.DUPLICATE_ID, value=fields.external_id, first=seen[fields.external_id])
        elif fields.external_id:
            seen[fields.external_id] = line
        existing = _check_owner(session, row, fields)
        if row.problems:
            report.rejected += [(line, p) for p in row.problems]
        elif existing is None:
            _placement, items = create_placement(session, fields, now)
            report.scheduled += _scheduled(session, fields, items, line)
            report.created += 1
        else:
            moved = _update(session, existing, fields, now)
            report.scheduled += _scheduled(session, fields, moved, line)
            report.updated += 1
    return report
