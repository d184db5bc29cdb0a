"""Composing a broadcast on the web: the form (texts per language with their counters, a
template to start from, the segment's filters and guards, the event), read into the fields
`botapp broadcast create` gives the same service; a refusal is shown next to the field it names.
Saving keeps a draft and opens its preview (botapp/web/staff/broadcasts.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import (  # type: ignore[import-untyped]
    BooleanField,
    Field,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)

from botapp.appointments.importer import parse_date, parse_time
from botapp.broadcasts import messages as t
from botapp.broadcasts import service, templates, texts
from botapp.broadcasts.segment import Segment
from botapp.config import SUPPORTED_LOCALES, settings_of
from botapp.db import utcnow
from botapp.messages import queues as q
from botapp.messages import roster
from botapp.messages import web_broadcasts as b
from botapp.messages.formatting import language_name
from botapp.models import Broadcast, ClientStatus, Office, Role, Staff
from botapp.services.agency import Refused
from botapp.web.staff import bp
from botapp.web.staff.auth import page_locale, text
from botapp.web.staff.broadcast_access import managed, manager
from botapp.web.staff.plans import PlanForm

# The segment's filters as the form names them (a refusal naming a filter lands there).
SEGMENT_FIELDS = {
    "office_ids": "offices",
    "specialist_ids": "specialists",
    "statuses": "statuses",
    "languages": "languages",
    "tags": "tags",
    "zip_codes": "zips",
    "counties": "counties",
    "open_goal": "open_goal",
    "active_placement": "active_placement",
    "skip_texted_within_days": "skip_texted",
}
# The service's refusals and the field each is about ("text_" + its language for the texts).
REFUSAL_FIELDS = {
    t.BAD_NAME.key: "name",
    t.BAD_LANGUAGE.key: "default_language",
    t.EVENT_PAST.key: "event_date",
    t.RSVP_NEEDS_EVENT.key: "ask_rsvp",
    t.DEADLINE_AFTER_EVENT.key: "deadline_date",
    t.BAD_ORGANISER.key: "organiser",
    t.OUTSIDE_OFFICE.key: "offices",
    roster.BAD_TIMEZONE.key: "event_timezone",
}
TEXT_REFUSALS = {
    t.NO_DEFAULT_TEXT.key,
    t.TEXT_TOO_LONG.key,
    t.STRAY_BRACE.key,
    t.BAD_PLACEHOLDER.key,
    t.TOO_MANY_SEGMENTS.key,
}
TRISTATE = {"": None, "yes": True, "no": False}
CLIENT_STATUSES = {ClientStatus.ACTIVE: q.STATUS_ACTIVE, ClientStatus.CLOSED: q.STATUS_CLOSED}


class ComposeForm(PlanForm):
    name = StringField()
    default_language = SelectField(validate_choice=False)
    offices = SelectMultipleField(validate_choice=False)
    specialists = SelectMultipleField(validate_choice=False)
    statuses = SelectMultipleField(validate_choice=False, default=[ClientStatus.ACTIVE.value])
    languages = SelectMultipleField(validate_choice=False)
    tags = StringField()
    zips = StringField()
    counties = StringField()
    open_goal = SelectField(validate_choice=False)
    active_placement = SelectField(validate_choice=False)
    skip_questions = BooleanField(default=True)
    skip_escalations = BooleanField(default=True)
    skip_texted = StringField()
    event_name = StringField()
    event_place = StringField()
    event_address = StringField()
    event_date = StringField()
    event_time = StringField()
    event_timezone = StringField()
    ask_rsvp = BooleanField(default=False)
    deadline_date = StringField()
    deadline_time = StringField()
    organiser = StringField()

    def text_field(self, language: str) -> Field:
        """The text box of `language`."""
        return self[f"text_{language}"]


for _language in SUPPORTED_LOCALES:  # one text box per language botapp speaks
    setattr(ComposeForm, f"text_{_language}", TextAreaField())


def _choices(db: Session, staff: Staff, form: ComposeForm) -> None:
    """The lists the form offers, within what `staff` manages."""
    office_id = service.composing_office(staff)
    agency = service.agency_of(db, staff)
    offices = select(Office).where(Office.agency_id == agency.id).order_by(Office.name)
    if office_id is not None:
        offices = offices.where(Office.id == office_id)
    found = list(db.scalars(offices))
    form.offices.choices = [(str(o.id), o.name) for o in found]
    people = select(Staff).where(Staff.active, Staff.office_id.in_([o.id for o in found]))
    people = people.order_by(Staff.name)
    form.specialists.choices = [(str(s.id), s.name) for s in db.scalars(people)]
    form.statuses.choices = [(s.value, text(msg)) for s, msg in CLIENT_STATUSES.items()]
    named = [(code, language_name(code, page_locale())) for code in SUPPORTED_LOCALES]
    form.languages.choices = named
    form.default_language.choices = named
    either = [("", text(b.EITHER)), ("yes", text(b.YES)), ("no", text(b.NO))]
    form.open_goal.choices = either
    form.active_placement.choices = either


def _words(field: Field) -> list[str]:
    return [part.strip() for part in (field.data or "").split(",") if part.strip()]


def _segment(form: ComposeForm) -> dict[str, Any]:
    """The segment as `Segment.from_json` reads it; a bad number noted next to its field."""
    days = (form.skip_texted.data or "").strip()
    if days and not (days.isdigit() and 1 <= int(days) <= 365):
        form.refuse(form.skip_texted, b.ERR_NUMBER)
    return {
        "office_ids": [int(i) for i in form.offices.data or [] if i.isdigit()],
        "specialist_ids": [int(i) for i in form.specialists.data or [] if i.isdigit()],
        "statuses": list(form.statuses.data or []),
        "languages": list(form.languages.data or []),
        "tags": _words(form.tags),
        "zip_codes": _words(form.zips),
        "counties": _words(form.counties),
        "open_goal": TRISTATE.get(form.open_goal.data or ""),
        "active_placement": TRISTATE.get(form.active_placement.data or ""),
        "skip_open_question": bool(form.skip_questions.data),
        "skip_open_escalation": bool(form.skip_escalations.data),
        "skip_texted_within_days": int(days) if days.isdigit() else None,
    }


def _moment(form: ComposeForm, day: Field, clock: Field, zone: str | None) -> datetime | None:
    """A date and time of the form in `zone`; None when both are empty (problems noted)."""
    raw_day, raw_time = (day.data or "").strip(), (clock.data or "").strip()
    if not raw_day and not raw_time:
        return None
    parsed_day, parsed_time = parse_date(raw_day), parse_time(raw_time)
    if not raw_day or not raw_time:
        form.refuse(day if not raw_day else clock, b.ERR_BOTH)
    elif parsed_day is None:
        form.refuse(day, b.ERR_DATE)
    elif parsed_time is None:
        form.refuse(clock, b.ERR_TIME)
    if parsed_day is None or parsed_time is None or zone is None:
        return None
    return datetime.combine(parsed_day, parsed_time, tzinfo=ZoneInfo(zone))


def _zone(form: ComposeForm) -> str | None:
    raw = (form.event_timezone.data or "").strip()
    try:
        return ZoneInfo(raw).key
    except (ZoneInfoNotFoundError, ValueError, OSError):
        form.refuse(form.event_timezone, roster.BAD_TIMEZONE, value=raw)
        return None


def _fields(form: ComposeForm) -> service.BroadcastFields:
    """What the form says, as the service reads it (problems of form noted on the fields)."""
    zone = _zone(form)
    return service.BroadcastFields(
        name=form.name.data or "",
        texts={lang: form.text_field(lang).data or "" for lang in SUPPORTED_LOCALES},
        default_language=form.default_language.data or "",
        segment=_segment(form),
        event_name=form.event_name.data,
        event_place=form.event_place.data,
        event_address=form.event_address.data,
        event_at=_moment(form, form.event_date, form.event_time, zone),
        event_timezone=zone,
        ask_rsvp=bool(form.ask_rsvp.data),
        rsvp_deadline=_moment(form, form.deadline_date, form.deadline_time, zone),
        organiser_email=(form.organiser.data or "").strip() or None,
    )


def _place(form: ComposeForm, refused: Refused) -> None:
    """Show the service's refusal next to the field it is about (else above the form)."""
    notice, said = refused.notice, refused.notice.text(page_locale())
    key = notice.msg.key
    name = REFUSAL_FIELDS.get(key)
    if key in TEXT_REFUSALS:
        name = f"text_{notice.params.get('language', '')}"
    elif key == t.BAD_SEGMENT.key:
        name = SEGMENT_FIELDS.get(str(notice.params.get("field")))
    if name is not None and name in form:
        form[name].errors = [*form[name].errors, said]
    else:
        form.form_errors.append(said)


def _filled(broadcast: Broadcast) -> dict[str, Any]:
    """A broadcast's values as the form shows them (to edit it)."""
    segment = Segment.from_json(broadcast.segment)
    zone = ZoneInfo(broadcast.event_timezone or "UTC")
    at = broadcast.event_at.astimezone(zone) if broadcast.event_at else None
    deadline = broadcast.rsvp_deadline.astimezone(zone) if broadcast.rsvp_deadline else None
    said = {True: "yes", False: "no", None: ""}
    data: dict[str, Any] = {
        "name": broadcast.name,
        "default_language": broadcast.default_language,
        "offices": [str(i) for i in segment.office_ids],
        "specialists": [str(i) for i in segment.specialist_ids],
        "statuses": [s.value for s in segment.statuses],
        "languages": list(segment.languages),
        "tags": ", ".join(segment.tags),
        "zips": ", ".join(segment.zip_codes),
        "counties": ", ".join(segment.counties),
        "open_goal": said[segment.open_goal],
        "active_placement": said[segment.active_placement],
        "skip_questions": segment.skip_open_question,
        "skip_escalations": segment.skip_open_escalation,
        "skip_texted": str(segment.skip_texted_within_days or ""),
        "event_name": broadcast.event_name or "",
        "event_place": broadcast.event_place or "",
        "event_address": broadcast.event_address or "",
        "event_date": at.strftime("%Y-%m-%d") if at else "",
        "event_time": at.strftime("%H:%M") if at else "",
        "event_timezone": broadcast.event_timezone,
        "ask_rsvp": broadcast.ask_rsvp,
        "deadline_date": deadline.strftime("%Y-%m-%d") if deadline else "",
        "deadline_time": deadline.strftime("%H:%M") if deadline else "",
        "organiser": broadcast.organiser.email if broadcast.organiser else "",
    }
    data.update({f"text_{lang}": broadcast.texts.get(lang, "") for lang in SUPPORTED_LOCALES})
    return data


def _page(db: Session, staff: Staff, form: ComposeForm, title: str) -> tuple[str, int]:
    """The compose page; 400 when it comes back with problems."""
    db.rollback()  # nothing of a refused form is kept
    page = render_template(
        "staff/broadcasts/compose.html",
        form=form,
        title=title,
        languages=[(lang, language_name(lang, page_locale())) for lang in SUPPORTED_LOCALES],
        placeholders=", ".join(f"{{{n}}}" for n in texts.PLACEHOLDERS),
        saved=templates.agency_templates(db, staff),
        chosen=request.args.get("template", ""),
    )
    return page, 400 if form.has_problems() else 200


def _save(db: Session, staff: Staff, form: ComposeForm, broadcast: Broadcast | None) -> int | None:
    """Create or update from the form, and its number; None (problems noted) when refused."""
    fields = _fields(form)
    if form.has_problems():
        return None
    settings, now = settings_of(current_app), utcnow()
    try:
        if broadcast is None:
            broadcast = service.create_broadcast(db, staff, fields, now, settings=settings)
            said = text(t.CREATED, id=broadcast.id, name=broadcast.name)
        else:
            service.update_broadcast(db, staff, broadcast, fields, now, settings=settings)
            said = text(b.SAVED, id=broadcast.id)
    except Refused as refused:
        _place(form, refused)
        return None
    db.commit()
    flash(said)
    return broadcast.id


@bp.route("/broadcasts/new", methods=["GET", "POST"])
def new_broadcast() -> ResponseReturnValue:
    """Compose a broadcast; saved as a draft, it opens on its preview."""
    db, staff = manager("compose_broadcast")
    form = ComposeForm()
    _choices(db, staff, form)
    if form.is_submitted():
        made = _save(db, staff, form, None)
        if made is not None:
            return redirect(url_for("staff.broadcast_page", broadcast_id=made))
    else:
        agency = service.agency_of(db, staff)
        form.event_timezone.data = agency.timezone
        form.default_language.data = settings_of(current_app).default_locale
        if staff.role is Role.SUPERVISOR:
            form.offices.data = [str(staff.office_id)]
        _start_from(db, staff, form)
    return _page(db, staff, form, text(b.NEW))


def _start_from(db: Session, staff: Staff, form: ComposeForm) -> None:
    """Fill the texts from the template the query string names (`?template=ID`)."""
    chosen = request.args.get("template", "")
    for saved in templates.agency_templates(db, staff):
        if str(saved.id) == chosen:
            for language, said in saved.texts.items():
                if f"text_{language}" in form:
                    form.text_field(language).data = said


@bp.route("/broadcasts/<int:broadcast_id>/edit", methods=["GET", "POST"])
def edit_broadcast(broadcast_id: int) -> ResponseReturnValue:
    """Change a draft or scheduled broadcast; back to its preview."""
    db, staff = manager("update_broadcast")
    broadcast = managed(db, staff, broadcast_id, "update_broadcast")
    form = ComposeForm() if request.method == "POST" else ComposeForm(data=_filled(broadcast))
    _choices(db, staff, form)
    if form.is_submitted() and _save(db, staff, form, broadcast) is not None:
        return redirect(url_for("staff.broadcast_page", broadcast_id=broadcast_id))
    return _page(db, staff, form, text(b.EDIT_TITLE, id=broadcast_id))
