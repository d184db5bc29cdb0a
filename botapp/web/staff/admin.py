"""The admin pages: offices, staff, CSV imports by upload and the agency's settings, for
administrators only (anyone else gets the 404 a page outside their scope gets, audited).

Each form calls the service its `botapp` command calls (offices add, staff add|set|away|
deactivate|invite, import …, agency set); a refusal is shown next to the form in the admin's
language and nothing changes. Every change is audited. The agency page also sets the program
name and phone and the crisis replies; left empty, each is the environment's, which the page
shows (docs/decisions/0027-staff-web-app.md, part "Admin pages")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from botapp.appointments.importer import import_appointments
from botapp.config import SUPPORTED_LOCALES, settings_of
from botapp.db import get_session, utcnow
from botapp.delivery.program import program
from botapp.goals.importer import import_goals
from botapp.messages import Msg
from botapp.messages import admin as a
from botapp.messages import clients as client_terms
from botapp.messages import roster as r
from botapp.messages import staff as import_terms
from botapp.messages import web as w
from botapp.messages.formatting import language_name
from botapp.models import Agency, Role, Staff
from botapp.placements.importer import import_placements
from botapp.services import agency as agencies
from botapp.services import sign_in
from botapp.services import staff as roster
from botapp.services.access import audit
from botapp.services.agency import AgencyChanges, Refused
from botapp.services.csvfiles import ImportAborted, ImportReport
from botapp.services.importer import import_clients
from botapp.services.staff import AGENCY, StaffChanges
from botapp.web.staff import bp
from botapp.web.staff.auth import current_staff, page_locale, text

MAX_UPLOAD_MB = 5
ROLES = {
    Role.SPECIALIST: a.ROLE_SPECIALIST,
    Role.SUPERVISOR: a.ROLE_SUPERVISOR,
    Role.ADMIN: a.ROLE_ADMIN,
}
Loader = Callable[[Session, bytes], ImportReport]


def _load_clients(session: Session, data: bytes) -> ImportReport:
    """`botapp import clients`, into the office the form names (the first office if none)."""
    name = request.form.get("office") or None
    found = agencies.offices(session)
    if not found:
        raise ImportAborted(import_terms.NO_OFFICE)
    office = agencies.office_named(session, name) if name else found[0]
    if office is None:
        names = ", ".join(o.name for o in found)
        raise ImportAborted(import_terms.UNKNOWN_OFFICE, name=name, names=names)
    return import_clients(session, office, data)


# What the import form offers: the kind, its label, its loader and its report's count lines.
IMPORTS: dict[str, tuple[Msg, Loader, tuple[Msg, Msg]]] = {
    "clients": (a.KIND_CLIENTS, _load_clients, (import_terms.IMPORTED, import_terms.UPDATED)),
    "appointments": (
        a.KIND_APPOINTMENTS,
        lambda s, data: import_appointments(s, settings_of(current_app), data, utcnow()),
        (import_terms.ROWS_CREATED, import_terms.ROWS_UPDATED),
    ),
    "goals": (
        a.KIND_GOALS,
        lambda s, data: import_goals(s, data, utcnow()),
        (import_terms.ROWS_CREATED, import_terms.ROWS_UPDATED),
    ),
    "placements": (
        a.KIND_PLACEMENTS,
        lambda s, data: import_placements(s, data, utcnow()),
        (import_terms.ROWS_CREATED, import_terms.ROWS_UPDATED),
    ),
}


@bp.app_context_processor
def admin_terms() -> dict[str, object]:
    """What the admin templates read besides the app's globals: their catalog modules."""
    return {"a": a, "r": r, "days_text": agencies.days_text}


def admin_only() -> tuple[Session, Staff]:
    """The session and the signed-in administrator; anyone else gets a 404 (audited), the
    answer a page outside their scope gets."""
    db, staff = get_session(), current_staff()
    if staff.role is not Role.ADMIN:
        audit(db, staff.email, "admin_denied", request.path)
        db.commit()
        abort(404)
    return db, staff


def _done(db: Session, admin: Staff, action: str, detail: str, said: list[str]) -> None:
    """Audit and commit a change made on an admin page, and say what it did."""
    audit(db, admin.email, action, detail)
    db.commit()
    for line in said:
        flash(line)


def _refused(db: Session, refused: Refused | ImportAborted) -> str:
    """Undo a refused change; the reason in the admin's language."""
    db.rollback()
    return refused.notice.text(page_locale())


def _the_agency(db: Session) -> Agency:
    """The agency, created from the settings on first use, as `botapp offices add` does."""
    settings = settings_of(current_app)
    agency, _created = agencies.open_agency(db, settings.program_name, settings.default_timezone)
    return agency


def _blank_is_none(name: str) -> str | None:
    """A form field, None when left empty (the value stays as it is)."""
    return request.form.get(name, "").strip() or None


# Offices.


@bp.route("/admin/offices", methods=["GET", "POST"])
def admin_offices() -> ResponseReturnValue:
    """The offices, and a form to add one (`botapp offices add`)."""
    db, admin = admin_only()
    problem = None
    if request.method == "POST":
        try:
            office = agencies.add_office(
                db, _the_agency(db), request.form.get("name", ""), _blank_is_none("phone")
            )
        except Refused as refused:
            problem = _refused(db, refused)
        else:
            said = text(r.OFFICE_ADDED, name=office.name)
            _done(db, admin, "admin_add_office", f"office {office.id}", [said])
            return redirect(url_for("staff.admin_offices"))
    page = render_template(
        "staff/admin_offices.html", offices=agencies.offices(db), problem=problem, form=request.form
    )
    return page, 400 if problem else 200


# Staff.


def _role() -> Role:
    """The role the form's select chose (it offers nothing else: anything else is a 400)."""
    try:
        return Role(request.form.get("role", ""))
    except ValueError:
        abort(400)


def _changes() -> StaffChanges:
    """The staff form's fields as the service takes them: the name apart; empty hours or
    days mean the agency's, an empty phone or supervisor leaves them as they are."""
    language = request.form.get("language", "")
    return StaffChanges(
        role=_role(),
        office=_blank_is_none("office"),
        phone=_blank_is_none("phone"),
        supervisor=_blank_is_none("supervisor"),
        language=language if language in SUPPORTED_LOCALES else None,
        hours=_blank_is_none("hours") or AGENCY,
        days=_blank_is_none("days") or AGENCY,
    )


def _staff_page(db: Session, template: str, problem: str | None, **more: object) -> Response:
    """An admin staff page, with what every form on it offers; 400 when `problem` is set."""
    locale = page_locale()
    agency = agencies.the_agency(db)
    page = render_template(
        template,
        problem=problem,
        form=request.form,
        roles=[(role.value, text(msg)) for role, msg in ROLES.items()],
        role_name=lambda role: text(ROLES[role]),
        languages=[(code, language_name(code, locale)) for code in SUPPORTED_LOCALES],
        offices=agencies.offices(db),
        agency_hours=agencies.agency_hours(agency).text() if agency else "",
        **more,
    )
    return Response(page, status=400 if problem else 200, mimetype="text/html")


@bp.route("/admin/staff", methods=["GET", "POST"])
def admin_staff() -> ResponseReturnValue:
    """Everyone on staff, and a form to add someone (`botapp staff add`)."""
    db, admin = admin_only()
    problem = None
    if request.method == "POST":
        form = request.form
        try:
            staff = roster.add_staff(
                db, form.get("email", ""), form.get("name", ""), _role(), _changes()
            )
        except Refused as refused:
            problem = _refused(db, refused)
        else:
            said = text(
                r.STAFF_ADDED,
                email=staff.email,
                role=text(ROLES[staff.role]),
                office=staff.office.name,
            )
            _done(db, admin, "admin_add_staff", f"staff {staff.email}", [said])
            return redirect(url_for("staff.admin_staff_member", staff_id=staff.id))
    return _staff_page(db, "staff/admin_staff.html", problem, people=roster.roster(db))


def _member(db: Session, staff_id: int) -> Staff:
    """The staff member of the page's address, or a 404 (audited, as every refusal is)."""
    staff = db.get(Staff, staff_id)
    if staff is None:
        db.rollback()
        audit(db, current_staff().email, "admin_staff_denied", f"staff #{staff_id}")
        db.commit()
        abort(404)
    return staff


@bp.get("/admin/staff/<int:staff_id>")
def admin_staff_member(staff_id: int) -> ResponseReturnValue:
    """One staff member: change them, record time away, send a password link, deactivate."""
    db, _admin = admin_only()
    return _staff_page(db, "staff/admin_staff_member.html", None, person=_member(db, staff_id))


def _on_member(
    staff_id: int, action: str, change: Callable[[Session, Staff], list[str]]
) -> ResponseReturnValue:
    """Apply one of the member page's forms: audited and back to the page, or the page again
    with the reason next to the forms."""
    db, admin = admin_only()
    person = _member(db, staff_id)
    try:
        said = change(db, person)
    except Refused as refused:
        problem = _refused(db, refused)
        person = _member(db, staff_id)
        return _staff_page(db, "staff/admin_staff_member.html", problem, person=person)
    _done(db, admin, action, f"staff {person.email}", said)
    return redirect(url_for("staff.admin_staff_member", staff_id=staff_id))


@bp.post("/admin/staff/<int:staff_id>")
def admin_change_staff(staff_id: int) -> ResponseReturnValue:
    """Change role, office, phone, supervisor, language or hours (`botapp staff set`)."""

    def change(db: Session, person: Staff) -> list[str]:
        changes = replace(_changes(), name=request.form.get("name", ""))
        roster.change_staff(db, person, changes)
        return [text(r.STAFF_CHANGED, email=person.email)]

    return _on_member(staff_id, "admin_change_staff", change)


@bp.post("/admin/staff/<int:staff_id>/away")
def admin_staff_away(staff_id: int) -> ResponseReturnValue:
    """Record time away and the backup (`botapp staff away`)."""

    def away(db: Session, person: Staff) -> list[str]:
        first = agencies.parse_day(request.form.get("start", ""))
        last = agencies.parse_day(request.form.get("end", ""))
        backup, moved = roster.set_away(db, person, first, last, request.form.get("backup", ""))
        said = text(
            r.AWAY_SET,
            email=person.email,
            start=first.isoformat(),
            end=last.isoformat(),
            backup=backup.email,
        )
        return [said] + ([text(client_terms.CMD_MOVED, moved)] if moved else [])

    return _on_member(staff_id, "admin_staff_away", away)


@bp.post("/admin/staff/<int:staff_id>/invite")
def admin_invite_staff(staff_id: int) -> ResponseReturnValue:
    """Email a password link (`botapp staff invite`)."""

    def invite(db: Session, person: Staff) -> list[str]:
        sign_in.send_password_link(db, person, settings_of(current_app))
        return [text(w.INVITED, email=person.email, hours=sign_in.LINK_HOURS)]

    return _on_member(staff_id, "admin_invite_staff", invite)


@bp.post("/admin/staff/<int:staff_id>/deactivate")
def admin_deactivate_staff(staff_id: int) -> ResponseReturnValue:
    """Mark someone who has left (`botapp staff deactivate`): what they held moves on."""

    def leave(db: Session, person: Staff) -> list[str]:
        roster.check_active(person)
        unassigned, team, moved = roster.deactivate(db, person)
        said = [text(r.DEACTIVATED, n=unassigned, email=person.email)]
        if team:
            said.append(text(r.DEACTIVATED_TEAM, emails=", ".join(team)))
        return said + ([text(client_terms.CMD_MOVED, moved)] if moved else [])

    return _on_member(staff_id, "admin_deactivate_staff", leave)


# CSV imports.


@bp.route("/admin/imports", methods=["GET", "POST"])
def admin_imports() -> ResponseReturnValue:
    """Upload a CSV file of one kind; the report, line by line, as `botapp import` prints it."""
    db, admin = admin_only()
    problem, report, kind = None, None, request.form.get("kind", "clients")
    if request.method == "POST":
        upload = request.files.get("file")
        if kind not in IMPORTS or upload is None or not upload.filename:
            problem = text(a.IMPORT_NO_FILE)
        else:
            _label, load, counts = IMPORTS[kind]
            try:
                done = load(db, upload.read())
            except ImportAborted as aborted:
                problem = _refused(db, aborted)
            else:
                report = done.lines(page_locale(), counts)
                counted = (done.created, done.updated, done.rejected_rows)
                detail = "{}: {} created, {} updated, {} rejected".format(kind, *counted)
                _done(db, admin, f"admin_import_{kind}", detail, [])
    page = render_template(
        "staff/admin_imports.html",
        kinds=[(name, text(label)) for name, (label, _load, _counts) in IMPORTS.items()],
        kind=kind,
        offices=agencies.offices(db),
        problem=problem,
        report=report,
        mb=MAX_UPLOAD_MB,
    )
    return page, 400 if problem else 200


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: Exception) -> tuple[str, int]:
    """An upload over the limit: refused before it is read, saying what to do."""
    return render_template("staff/admin_too_large.html", mb=MAX_UPLOAD_MB), 413


# The agency's settings.


@bp.route("/admin/agency", methods=["GET", "POST"])
def admin_agency() -> ResponseReturnValue:
    """The agency's own settings (`botapp agency set`), and what the environment gives those
    left empty."""
    db, admin = admin_only()
    problem = None
    agency = agencies.the_agency(db)
    if request.method == "POST":
        form = request.form
        crisis = {
            code: form[f"crisis_{code}"] for code in SUPPORTED_LOCALES if f"crisis_{code}" in form
        }
        changes = AgencyChanges(
            on_call_phone=_blank_is_none("on_call"),
            alert_email=_blank_is_none("alert_email"),
            hours=_blank_is_none("hours"),
            days=_blank_is_none("days"),
            timezone=_blank_is_none("timezone"),
            quiet=_blank_is_none("quiet"),
            ack_minutes=form.get("ack_minutes", ""),  # empty: the environment's
            # Empty: the environment's; a field the form did not send stays as it is.
            program_name=form.get("program_name"),
            program_phone=form.get("program_phone"),
            crisis_replies=crisis,
        )
        try:
            agency = _the_agency(db)
            warnings = agencies.configure(agency, changes)
            db.flush()
        except Refused as refused:
            problem = _refused(db, refused)
            agency = agencies.the_agency(db)
        else:
            said = [text(a.AGENCY_SAVED), *(warning.text(page_locale()) for warning in warnings)]
            _done(db, admin, "admin_agency_settings", f"agency {agency.id}", said)
            return redirect(url_for("staff.admin_agency"))
    settings = settings_of(current_app)
    locale = page_locale()
    crisis_fields = [
        (
            code,
            language_name(code, locale),
            (agency.crisis_replies or {}).get(code, "") if agency else "",
            f"CRISIS_REPLY_{code.upper()}",
            program(None, settings).crisis_reply(code),
        )
        for code in SUPPORTED_LOCALES
    ]
    page = render_template(
        "staff/admin_agency.html",
        agency=agency,
        hours=agencies.agency_hours(agency) if agency else None,
        problem=problem,
        form=request.form,
        settings=settings,
        crisis_fields=crisis_fields,
        crisis_max=agencies.CRISIS_MAX,
    )
    return page, 400 if problem else 200
