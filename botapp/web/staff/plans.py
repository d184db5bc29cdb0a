"""Changing a client's plan from the client page: create, move and cancel an appointment, add
an IPE goal step, record a placement.

Each form checks its values as the CSV import checks a row (the importers' parsers and limits)
and then calls the same service the import calls, so reminders, check-ins and follow-ups are
planned, case-record lines written and client texts queued exactly as on import. Every change
is audited; a client, appointment or placement outside one's scope is a 404 (audited too).
Dates and times are the client's, in the client's timezone.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms import BooleanField, Field, SelectField, StringField  # type: ignore[import-untyped]

from botapp.appointments.importer import MAX_LENGTH as APPOINTMENT_LIMITS
from botapp.appointments.importer import parse_date, parse_time
from botapp.appointments.service import (
    KINDS,
    AppointmentFields,
    add_appointment,
    cancel_appointment,
    move_appointment,
)
from botapp.config import settings_of
from botapp.db import get_session, utcnow
from botapp.goals.importer import (
    DEFAULT_CADENCE,
    MAX_CADENCE,
    PLAIN,
    RESPONSIBLE,
    StepRow,
    save_step,
)
from botapp.goals.importer import MAX_LENGTH as GOAL_LIMITS
from botapp.messages import Msg
from botapp.messages import web_plans as p
from botapp.models import Appointment, AppointmentStatus, Client, GoalStep, Placement
from botapp.placements.importer import create_placement
from botapp.placements.rows import MAX_HOURS, WAGE, PlacementFields
from botapp.placements.rows import MAX_LENGTH as PLACEMENT_LIMITS
from botapp.services.access import NotAllowed, audit, check_can_read
from botapp.web.staff import bp
from botapp.web.staff.auth import current_staff, page_locale, text

OPEN = (
    AppointmentStatus.SCHEDULED,
    AppointmentStatus.CONFIRMED,
    AppointmentStatus.RESCHEDULE_REQUESTED,
)


class PlanForm(FlaskForm):  # type: ignore[misc]  # WTForms ships no types
    """A plan form. The blueprint's gate checks every POST's CSRF token already (auth.gate), so
    the form does not check it a second time."""

    class Meta:
        csrf = False

    def refuse(self, field: Field, msg: Msg, **params: Any) -> None:
        """Note a problem next to `field`, in the staff member's language."""
        field.errors = [*field.errors, text(msg, **params)]

    def required(self, field: Field, limit: int | None = None) -> str:
        """The field's value stripped; a problem noted when empty or longer than `limit`."""
        value = (field.data or "").strip()
        if not value:
            self.refuse(field, p.ERR_REQUIRED)
        elif limit is not None and len(value) > limit:
            self.refuse(field, p.ERR_TOO_LONG, max=limit)
        return value

    def field_problems(self) -> bool:
        """Whether a field has a problem noted next to it."""
        return any(field.errors for field in self)

    def has_problems(self) -> bool:
        """Whether the form goes back: a field's problem, or one about the whole form."""
        return bool(self.form_errors) or self.field_problems()


class AppointmentForm(PlanForm):
    kind = SelectField(validate_choice=False)
    day = StringField()
    time = StringField()
    place = StringField()
    check_attendance = BooleanField(default=True)


class MoveForm(PlanForm):
    day = StringField()
    time = StringField()


class CancelForm(PlanForm):
    pass


class StepForm(PlanForm):
    goal = StringField()
    step = StringField()
    responsible = SelectField(validate_choice=False)
    due_on = StringField()
    cadence_days = StringField()


class PlacementForm(PlanForm):
    employer = StringField()
    job_title = StringField()
    start_date = StringField()
    hours_per_week = StringField()
    hourly_wage = StringField()
    employer_contact = StringField()
    may_contact_employer = BooleanField(default=False)


@dataclass(frozen=True)
class Input:
    """A form field as the page lays it out: its label, an optional hint and input type."""

    field: Field
    label: str
    hint: str = ""
    type: str = ""

    @property
    def problem(self) -> str:
        """What is wrong with the value sent, or "" (shown next to the field)."""
        return " ".join(self.field.errors)

    def attrs(self) -> dict[str, str]:
        """The input's attributes: its type, and the hint, problem and timezone it is read with."""
        described = [
            f"{self.field.id}-{part}"
            for part, shown in (("hint", self.hint), ("error", self.problem))
            if shown
        ]
        if self.type in ("date", "time"):
            described.append("zone")
        found = {"aria-describedby": " ".join(described)} if described else {}
        if self.problem:
            found["aria-invalid"] = "true"
        if self.type and self.type != "checkbox":
            found["type"] = self.type
        return found


@dataclass(frozen=True)
class Coming:
    """An open appointment as a line of the client page's plan part."""

    id: int
    line: str
    move_label: str
    cancel_label: str


def register() -> None:
    """The routes are declared on `bp` by importing this module (the app factory calls this)."""


bp.record_once(lambda state: state.app.jinja_env.globals.update(p=p))  # the forms' texts


@bp.app_template_global()
def coming_appointments(client: Client) -> list[Coming]:
    """The client's open appointments still ahead, soonest first, for the client page."""
    db = get_session()
    found = db.scalars(
        select(Appointment)
        .where(
            Appointment.client_id == client.id,
            Appointment.status.in_(OPEN),
            Appointment.starts_at > utcnow(),
        )
        .order_by(Appointment.starts_at)
    )
    rows = []
    for appointment in found:
        kind, when = _kind(appointment.kind), _when(appointment.starts_at, client)
        rows.append(
            Coming(
                id=appointment.id,
                line=text(p.APPOINTMENT_LINE, kind=kind, when=when, place=appointment.place),
                move_label=text(p.MOVE_LABEL, kind=kind, when=when),
                cancel_label=text(p.CANCEL_LABEL, kind=kind, when=when),
            )
        )
    return rows


def _kind(kind: str) -> str:
    return text(p.KINDS.get(kind, p.KINDS["other"]))


def _when(at: datetime, client: Client) -> str:
    """A moment as the client lives it: "12/3/26, 2:30 PM" in their timezone."""
    return format_datetime(at, "short", tzinfo=ZoneInfo(client.timezone), locale=page_locale())


def _client(db: Session, client_id: int, action: str) -> Client:
    """The client of the URL, or a 404 (audited) when absent or outside one's scope."""
    client = db.get(Client, client_id)
    try:
        if client is None:
            raise NotAllowed(current_staff(), f"client #{client_id}")
        check_can_read(current_staff(), client)
    except NotAllowed as refused:
        _refuse(db, action, refused.target)
    return client


def _appointment(db: Session, client: Client, appointment_id: int, action: str) -> Appointment:
    """The client's appointment of the URL; another client's, or none, is a 404 (audited)."""
    appointment = db.get(Appointment, appointment_id)
    if appointment is None or appointment.client_id != client.id:
        _refuse(db, action, f"appointment #{appointment_id} of client {client.external_id}")
    return appointment


def _refuse(db: Session, action: str, target: str) -> NoReturn:
    """Audit the refusal and answer 404, as for a record that does not exist."""
    db.rollback()
    audit(db, current_staff().email, f"{action}_denied", target)
    db.commit()
    abort(404)


def _done(db: Session, client: Client, action: str, detail: str, notice: str) -> Response:
    """Audit the change, commit the edge's one transaction, and go back to the client page."""
    audit(db, current_staff().email, action, f"client {client.external_id}, {detail}")
    db.commit()
    flash(notice)
    return redirect(url_for("staff.client_record", client_id=client.id))


def _page(
    client: Client, form: PlanForm, title: str, inputs: list[Input], submit: str, **extra: Any
) -> tuple[str, int]:
    """The form page; 400 when it comes back with problems."""
    get_session().rollback()  # nothing of a refused form is kept
    page = render_template(
        "staff/plans_form.html",
        client=client,
        form=form,
        title=title,
        inputs=inputs,
        submit=submit,
        zone_hint=text(p.ZONE_HINT, zone=client.timezone),
        **extra,
    )
    return page, 400 if form.has_problems() else 200


def _moment(form: AppointmentForm | MoveForm, client: Client) -> datetime | None:
    """The form's date and time in the client's timezone; problems noted, a past time too."""
    raw_day, raw_time = form.required(form.day), form.required(form.time)
    day, clock = parse_date(raw_day), parse_time(raw_time)
    if raw_day and day is None:
        form.refuse(form.day, p.ERR_DATE)
    if raw_time and clock is None:
        form.refuse(form.time, p.ERR_TIME)
    if day is None or clock is None:
        return None
    moment = datetime.combine(day, clock, tzinfo=ZoneInfo(client.timezone))
    if moment <= utcnow():
        form.refuse(form.time, p.ERR_PAST)
        return None
    return moment


def _web_id(db: Session, model: type[GoalStep] | type[Placement]) -> str:
    """A new external id for a step or placement made here, such as "web-3f9a0c1d": unique,
    shown on the client page, so `botapp placements end|restart-clock` can name it."""
    while True:
        candidate = f"web-{secrets.token_hex(4)}"
        if db.scalar(select(model.id).where(model.external_id == candidate)) is None:
            return candidate


def _full_name(client: Client) -> str:
    return f"{client.first_name} {client.last_name}"


@bp.route("/clients/<int:client_id>/appointments/new", methods=["GET", "POST"])
def new_appointment(client_id: int) -> ResponseReturnValue:
    """Add an appointment; its reminders are planned as on import."""
    db = get_session()
    client = _client(db, client_id, "add_appointment")
    form = AppointmentForm()
    form.kind.choices = [(kind, _kind(kind)) for kind in KINDS]
    if form.is_submitted():
        kind = form.kind.data or ""
        if kind not in KINDS:
            form.refuse(form.kind, p.ERR_KIND)
        place = form.required(form.place, APPOINTMENT_LIMITS["place"])
        starts_at = _moment(form, client)
        if starts_at is not None and not form.has_problems():
            fields = AppointmentFields(
                external_id=None,
                kind=kind,
                starts_at=starts_at,
                timezone=client.timezone,
                place=place,
                check_attendance=bool(form.check_attendance.data),
            )
            appointment = add_appointment(db, client, fields, utcnow())
            notice = text(
                p.ADDED, kind=_kind(kind), when=_when(starts_at, client), zone=client.timezone
            )
            return _done(db, client, "add_appointment", f"appointment {appointment.id}", notice)
    inputs = [
        Input(form.kind, text(p.KIND)),
        Input(form.day, text(p.DATE), type="date"),
        Input(form.time, text(p.TIME), type="time"),
        Input(form.place, text(p.PLACE)),
        Input(form.check_attendance, text(p.ASK_ATTENDANCE), type="checkbox"),
    ]
    title = text(p.NEW_APPOINTMENT_TITLE, name=_full_name(client))
    return _page(client, form, title, inputs, text(p.SAVE_APPOINTMENT))


def _closed(form: PlanForm, appointment: Appointment) -> bool:
    """Whether the appointment is cancelled or over (then it cannot change): said on the form."""
    if appointment.status in OPEN:
        return False
    form.form_errors.append(text(p.ERR_CLOSED))
    return True


@bp.route(
    "/clients/<int:client_id>/appointments/<int:appointment_id>/move", methods=["GET", "POST"]
)
def move(client_id: int, appointment_id: int) -> ResponseReturnValue:
    """Give an appointment a new time: reminders re-timed, a reminded client told, as on import."""
    db = get_session()
    client = _client(db, client_id, "move_appointment")
    appointment = _appointment(db, client, appointment_id, "move_appointment")
    form = MoveForm()
    if form.is_submitted() and not _closed(form, appointment):
        starts_at = _moment(form, client)
        if starts_at is not None and not form.has_problems():
            settings = settings_of(current_app)
            move_appointment(db, settings, appointment, starts_at, utcnow())
            notice = text(
                p.MOVED,
                kind=_kind(appointment.kind),
                when=_when(starts_at, client),
                zone=client.timezone,
            )
            return _done(db, client, "move_appointment", f"appointment {appointment.id}", notice)
    elif not form.is_submitted():
        local = appointment.starts_at.astimezone(ZoneInfo(client.timezone))
        form.day.data, form.time.data = local.date().isoformat(), f"{local:%H:%M}"
    kind, when = _kind(appointment.kind), _when(appointment.starts_at, client)
    inputs = [
        Input(form.day, text(p.NEW_DATE), type="date"),
        Input(form.time, text(p.NEW_TIME), type="time"),
    ]
    title = text(p.MOVE_LABEL, kind=kind, when=when)
    return _page(client, form, title, inputs, text(p.SAVE_MOVE), hint=text(p.MOVE_HINT))


@bp.route(
    "/clients/<int:client_id>/appointments/<int:appointment_id>/cancel", methods=["GET", "POST"]
)
def cancel(client_id: int, appointment_id: int) -> ResponseReturnValue:
    """Cancel an appointment: reminders withdrawn, a reminded client told, as on import."""
    db = get_session()
    client = _client(db, client_id, "cancel_appointment")
    appointment = _appointment(db, client, appointment_id, "cancel_appointment")
    form = CancelForm()
    kind, when = _kind(appointment.kind), _when(appointment.starts_at, client)
    if form.is_submitted() and not _closed(form, appointment):
        cancel_appointment(db, settings_of(current_app), appointment)
        notice = text(p.CANCELLED, kind=kind, when=when, zone=client.timezone)
        return _done(db, client, "cancel_appointment", f"appointment {appointment.id}", notice)
    title = text(p.CANCEL_LABEL, kind=kind, when=when)
    return _page(client, form, title, [], text(p.SAVE_CANCEL), hint=text(p.CANCEL_HINT))


def _day_ahead(form: PlanForm, field: Field, client: Client) -> date | None:
    """An optional day not yet passed where the client lives; problems noted."""
    raw = (field.data or "").strip()
    if not raw:
        return None
    day = parse_date(raw)
    if day is None:
        form.refuse(field, p.ERR_DATE)
    elif day < utcnow().astimezone(ZoneInfo(client.timezone)).date():
        form.refuse(field, p.ERR_DUE_PAST)
    return day


def _cadence(form: StepForm) -> int:
    raw = (form.cadence_days.data or "").strip()
    if not raw:
        return DEFAULT_CADENCE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_CADENCE:
        form.refuse(form.cadence_days, p.ERR_CADENCE, max=MAX_CADENCE)
        return DEFAULT_CADENCE
    return int(raw)


@bp.route("/clients/<int:client_id>/goals/steps/new", methods=["GET", "POST"])
def new_step(client_id: int) -> ResponseReturnValue:
    """Add a step to one of the client's goals (a new goal for a new title); check-ins planned
    as on import (only for the client's own steps)."""
    db = get_session()
    client = _client(db, client_id, "add_goal_step")
    form = StepForm()
    form.responsible.choices = [(who, text(p.RESPONSIBLES[who])) for who in RESPONSIBLE]
    if form.is_submitted():
        form.step.data = (form.step.data or "").translate(PLAIN)
        goal = form.required(form.goal, GOAL_LIMITS["goal"])
        step = form.required(form.step, GOAL_LIMITS["step"])
        responsible = form.responsible.data or ""
        if responsible not in RESPONSIBLE:
            form.refuse(form.responsible, p.ERR_RESPONSIBLE)
        due_on, cadence = _day_ahead(form, form.due_on, client), _cadence(form)
        if not form.has_problems():
            step_id = _web_id(db, GoalStep)
            row = StepRow(client, goal, step_id, step, responsible, due_on, cadence)
            saved = save_step(db, row, None, utcnow())
            notice = text(p.STEP_ADDED, goal=goal)
            return _done(db, client, "add_goal_step", f"goal step {saved.id}", notice)
    inputs = [
        Input(form.goal, text(p.GOAL), hint=text(p.GOAL_HINT)),
        Input(form.step, text(p.STEP)),
        Input(form.responsible, text(p.RESPONSIBLE)),
        Input(form.due_on, text(p.DUE), type="date"),
        Input(
            form.cadence_days,
            text(p.CADENCE),
            hint=text(p.CADENCE_HINT, days=DEFAULT_CADENCE),
            type="number",
        ),
    ]
    title = text(p.NEW_STEP_TITLE, name=_full_name(client))
    return _page(client, form, title, inputs, text(p.SAVE_STEP))


def _hours(form: PlacementForm) -> int | None:
    raw = (form.hours_per_week.data or "").strip()
    if raw.isdigit() and 1 <= int(raw) <= MAX_HOURS:
        return int(raw)
    if raw:
        form.refuse(form.hours_per_week, p.ERR_HOURS, max=MAX_HOURS)
    return None


def _wage(form: PlacementForm) -> Decimal | None:
    raw = (form.hourly_wage.data or "").strip()
    match = WAGE.fullmatch(raw)
    if match:
        return Decimal(match.group(1))
    if raw:
        form.refuse(form.hourly_wage, p.ERR_WAGE)
    return None


@bp.route("/clients/<int:client_id>/placements/new", methods=["GET", "POST"])
def new_placement(client_id: int) -> ResponseReturnValue:
    """Record a job placement; its follow-up ladder is planned as on import."""
    db = get_session()
    client = _client(db, client_id, "add_placement")
    form = PlacementForm()
    if form.is_submitted():
        employer = form.required(form.employer, PLACEMENT_LIMITS["employer"])
        job_title = form.required(form.job_title, PLACEMENT_LIMITS["job_title"])
        raw_start = form.required(form.start_date)
        start = parse_date(raw_start)
        if raw_start and start is None:
            form.refuse(form.start_date, p.ERR_DATE)
        hours, wage = _hours(form), _wage(form)
        contact = (form.employer_contact.data or "").strip()
        if len(contact) > PLACEMENT_LIMITS["employer_contact"]:
            form.refuse(
                form.employer_contact, p.ERR_TOO_LONG, max=PLACEMENT_LIMITS["employer_contact"]
            )
        if start is not None and not form.has_problems():
            fields = PlacementFields(
                external_id=_web_id(db, Placement),
                client_id=client.id,
                employer=employer,
                job_title=job_title,
                start_date=start,
                hours_per_week=hours,
                hourly_wage=wage,
                employer_contact=contact or None,
                may_contact_employer=bool(form.may_contact_employer.data),
            )
            placement, items = create_placement(db, fields, utcnow())
            notice = text(
                p.PLACEMENT_RECORDED, n=len(items), job_title=job_title, employer=employer
            )
            detail = f"placement {placement.id}"
            return _done(db, client, "add_placement", detail, notice)
    inputs = [
        Input(form.employer, text(p.EMPLOYER)),
        Input(form.job_title, text(p.JOB_TITLE)),
        Input(form.start_date, text(p.START_DATE), type="date"),
        Input(form.hours_per_week, text(p.HOURS), type="number"),
        Input(form.hourly_wage, text(p.WAGE)),
        Input(form.employer_contact, text(p.CONTACT)),
        Input(form.may_contact_employer, text(p.MAY_CONTACT), type="checkbox"),
    ]
    title = text(p.NEW_PLACEMENT_TITLE, name=_full_name(client))
    return _page(client, form, title, inputs, text(p.SAVE_PLACEMENT))
