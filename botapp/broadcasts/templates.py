"""Broadcast templates: texts per language saved by name for the agency, that staff start a
broadcast from (`botapp broadcast create --template NAME`). Admins and supervisors keep them;
each save and delete is audited."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts.service import actor_name, agency_of, checked_texts, composing_office
from botapp.models import Agency, BroadcastTemplate, Staff
from botapp.services.access import audit
from botapp.services.agency import Refused

NAME_MAX = 100  # the column's length


def save_template(
    session: Session,
    staff: Staff | None,
    name: str,
    given: Mapping[str, str],
    default_language: str,
    actor: str | None = None,
) -> BroadcastTemplate:
    """Save texts under `name` (unique in the agency); Refused for a taken name or a bad text."""
    composing_office(staff)
    agency = agency_of(session, staff)
    name = name.strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise Refused(t.BAD_TEMPLATE_NAME, max=NAME_MAX)
    if _template_named(session, agency, name) is not None:
        raise Refused(t.TEMPLATE_EXISTS, name=name)
    template = BroadcastTemplate(
        agency_id=agency.id,
        name=name,
        texts=checked_texts(given, default_language),
        created_by_id=staff.id if staff else None,
    )
    session.add(template)
    session.flush()
    audit(session, actor_name(staff, actor), "save_broadcast_template", f"template {template.id}")
    return template


def agency_templates(session: Session, staff: Staff | None) -> list[BroadcastTemplate]:
    """The agency's templates by name."""
    composing_office(staff)
    agency = agency_of(session, staff)
    query = select(BroadcastTemplate).where(BroadcastTemplate.agency_id == agency.id)
    return list(session.scalars(query.order_by(BroadcastTemplate.name)))


def template_named(session: Session, staff: Staff | None, name: str) -> BroadcastTemplate:
    """The agency's template called `name` (any case); Refused when there is none."""
    composing_office(staff)
    template = _template_named(session, agency_of(session, staff), name.strip())
    if template is None:
        raise Refused(t.NO_TEMPLATE, name=name)
    return template


def delete_template(
    session: Session, staff: Staff | None, name: str, actor: str | None = None
) -> None:
    """Delete the template called `name`; broadcasts made from it keep their texts."""
    template = template_named(session, staff, name)
    audit(session, actor_name(staff, actor), "delete_broadcast_template", f"template {template.id}")
    session.delete(template)
    session.flush()


def _template_named(session: Session, agency: Agency, name: str) -> BroadcastTemplate | None:
    return session.scalars(
        select(BroadcastTemplate).where(
            BroadcastTemplate.agency_id == agency.id,
            func.lower(BroadcastTemplate.name) == name.casefold(),
        )
    ).first()
