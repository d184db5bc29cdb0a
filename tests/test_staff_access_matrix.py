"""Who may open what in the staff web app: every route of the staff blueprint × every role ×
one's own record, someone else's and a guessed id, with the exact answer each gets (issue 15).

A stranger is sent to the sign-in page; a record outside one's scope is a 404, the answer a
record that does not exist gets, and the refusal is in the audit trail (every view of a
client's record too). A route missing from ROUTES fails the first test, so a new route cannot
be added without its access rules. On SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments.service import AppointmentFields, add_appointment
from botapp.cli.demo import DEMO_PASSWORD
from botapp.db import utcnow
from botapp.escalations import service as escalations
from botapp.models import (
    Agency,
    Broadcast,
    BroadcastTemplate,
    Direction,
    Message,
    Office,
    Reason,
    Role,
    Severity,
    Staff,
)
from botapp.services.clients import ClientFields, upsert_client
from botapp.services.sign_in import set_password
from tests.support import (
    ADMIN,
    ALEX,
    DANA,
    JAMES,
    LUCIA,
    MARIA,
    STRANGER,
    MakeApp,
    MakeBrowser,
    MakePhone,
    StaffBrowser,
    audits,
    client_by_phone,
)

CHICAGO = ZoneInfo("America/Chicago")
GUESSED = 987654  # an id no row has
NORTH = "omar.haddad@demo.example"  # the supervisor of another office, North
NOBODY = "stranger"  # a browser nobody signed in to
ROLES = (NOBODY, JAMES, NORTH, DANA, ADMIN)  # specialist, supervisors elsewhere and here, admin
# Whose records each role may read: James's Alex, María's Lucía (James's office), North's Noor.
SCOPE = {
    JAMES: {"alex"},
    NORTH: {"noor"},
    DANA: {"alex", "lucia"},
    ADMIN: {"alex", "lucia", "noor"},
}
CLIENTS = ("alex", "lucia", "noor", "guessed")
NO_ID = ("-",)
GUESS = ("guessed",)
NAMES = {"alex": "Alex", "lucia": "Lucía", "noor": "Noor"}  # as their records show them


@dataclass(frozen=True)
class Route:
    """A route of the staff web app as one request, and who gets what from it.

    `path` and `form` name the target's ids ({client}, {appointment}, {escalation}, {message},
    {staff}, {token}, {broadcast}, {template}); `who` says who may use it: "public",
    "everyone" signed in, "supervisors" (and administrators), "admins", "scope": whoever may
    read the target client's record, or "managers": a supervisor or administrator whose scope
    holds the target client's office (its broadcast is that office's). `ok`: the answer to
    those who may; `on_guess`: to those who may, for a guessed id; anyone else signed in gets
    a 404. `read`: the audit action of a view of the
    record (its refusal is `read`_denied unless `denied` says; any other refusal is audited as
    some `*_denied`).
    """

    endpoint: str
    method: str
    path: str
    who: str
    ok: int
    targets: tuple[str, ...] = CLIENTS
    form: dict[str, str] = field(default_factory=dict)
    on_guess: int = 404
    stranger: int = 302  # public routes only: the answer to a browser nobody signed in to
    again: int | None = None  # the answer once someone did it to the target (it changed)
    read: str | None = None
    denied: str | None = None  # its refusal's audit action, when not `read`_denied

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


APPOINTMENT = "/clients/{client}/appointments/{appointment}"
ROUTES = [
    # Signing in and out, and password links (a guessed token is a 404 for everyone).
    Route("staff.sign_in", "GET", "/sign-in", "public", 302, NO_ID, stranger=200),
    Route("staff.sign_in", "POST", "/sign-in", "public", 302, NO_ID, stranger=401),
    Route("staff.sign_out", "POST", "/sign-out", "everyone", 302, NO_ID),
    Route("staff.choose_password", "GET", "/password/{token}", "public", 404, GUESS, stranger=404),
    Route("staff.choose_password", "POST", "/password/{token}", "public", 404, GUESS, stranger=404),
    # The pages without an id: the scope shows in what they list (Today: the last test here).
    Route("staff.today", "GET", "/", "everyone", 200, NO_ID),
    Route("staff.escalation_queue", "GET", "/escalations", "everyone", 200, NO_ID),
    Route("staff.client_list", "GET", "/clients", "everyone", 200, NO_ID),
    Route("staff.unmatched_inbox", "GET", "/inbox", "supervisors", 200, NO_ID),
    # A client's record and what is done there.
    Route("staff.client_record", "GET", "/clients/{client}", "scope", 200, read="read_case"),
    Route("staff.client_texts", "GET", "/clients/{client}/texts", "scope", 200),
    Route(
        "staff.client_export",
        "GET",
        "/clients/{client}/export.csv",
        "scope",
        200,
        read="export_messages",
        denied="read_case_denied",  # refused as a view of the record
    ),
    Route("staff.client_reply", "POST", "/clients/{client}/reply", "scope", 400),  # empty text
    Route("staff.client_pause", "POST", "/clients/{client}/pause", "scope", 302),
    Route("staff.client_resume", "POST", "/clients/{client}/resume", "scope", 302),
    Route("staff.new_appointment", "GET", "/clients/{client}/appointments/new", "scope", 200),
    Route("staff.new_appointment", "POST", "/clients/{client}/appointments/new", "scope", 400),
    Route("staff.move", "GET", APPOINTMENT + "/move", "scope", 200),
    Route("staff.move", "POST", APPOINTMENT + "/move", "scope", 400),
    Route("staff.cancel", "GET", APPOINTMENT + "/cancel", "scope", 200),
    Route("staff.cancel", "POST", APPOINTMENT + "/cancel", "scope", 302, again=400),
    Route("staff.new_step", "GET", "/clients/{client}/goals/steps/new", "scope", 200),
    Route("staff.new_step", "POST", "/clients/{client}/goals/steps/new", "scope", 400),
    Route("staff.new_placement", "GET", "/clients/{client}/placements/new", "scope", 200),
    Route("staff.new_placement", "POST", "/clients/{client}/placements/new", "scope", 400),
    # An escalation: one's scope is its client's (or holding it).
    Route(
        "staff.escalation_page",
        "GET",
        "/escalations/{escalation}",
        "scope",
        200,
        read="read_escalation",
    ),
    Route("staff.acknowledge", "POST", "/escalations/{escalation}/acknowledge", "scope", 302),
    Route("staff.reply", "POST", "/escalations/{escalation}/reply", "scope", 302),
    Route("staff.resolve", "POST", "/escalations/{escalation}/resolve", "scope", 302),
    Route("staff.reassign", "POST", "/escalations/{escalation}/reassign", "scope", 302),
    # Texts from numbers no client has: no caseload's; a text gone (or guessed) is a message.
    Route("staff.link_text", "POST", "/inbox/{message}/link", "supervisors", 302, on_guess=302),
    Route(
        "staff.dismiss_text", "POST", "/inbox/{message}/dismiss", "supervisors", 302, on_guess=302
    ),
    # The phone simulator (on in this app): the demo clients one may read.
    Route("staff.simulator", "GET", "/simulator", "everyone", 200, NO_ID),
    Route(
        "staff.simulator",
        "GET",
        "/simulator?client={client}",
        "scope",
        200,
        read="simulator_open",
    ),
    Route("staff.simulator_screen", "GET", "/simulator/screen?client={client}", "scope", 200),
    Route("staff.simulator_send", "POST", "/simulator", "scope", 302, form={"client": "{client}"}),
    # The admin pages (empty forms: refused with the problem, or the settings kept as they are).
    Route("staff.admin_offices", "GET", "/admin/offices", "admins", 200, NO_ID),
    Route("staff.admin_offices", "POST", "/admin/offices", "admins", 400, NO_ID),
    Route("staff.admin_staff", "GET", "/admin/staff", "admins", 200, NO_ID),
    Route("staff.admin_staff", "POST", "/admin/staff", "admins", 400, NO_ID),
    Route("staff.admin_imports", "GET", "/admin/imports", "admins", 200, NO_ID),
    Route("staff.admin_imports", "POST", "/admin/imports", "admins", 400, NO_ID),
    Route("staff.admin_agency", "GET", "/admin/agency", "admins", 200, NO_ID),
    Route("staff.admin_agency", "POST", "/admin/agency", "admins", 302, NO_ID),
    # One staff member: the target's specialist (James, María; North's supervisor for Noor).
    Route("staff.admin_staff_member", "GET", "/admin/staff/{staff}", "admins", 200),
    Route("staff.admin_change_staff", "POST", "/admin/staff/{staff}", "admins", 400),
    Route("staff.admin_staff_away", "POST", "/admin/staff/{staff}/away", "admins", 400),
    Route("staff.admin_invite_staff", "POST", "/admin/staff/{staff}/invite", "admins", 302),
    Route("staff.admin_deactivate_staff", "POST", "/admin/staff/{staff}/deactivate", "admins", 302),
    # Broadcasts: a supervisor's office's, an administrator's all (each target client's office
    # has one); empty forms are refused with the problem; a second send or cancel is refused
    # on the page (302 back to it).
    Route("staff.broadcast_list", "GET", "/broadcasts", "supervisors", 200, NO_ID),
    Route("staff.new_broadcast", "GET", "/broadcasts/new", "supervisors", 200, NO_ID),
    Route("staff.new_broadcast", "POST", "/broadcasts/new", "supervisors", 400, NO_ID),
    Route("staff.broadcast_templates", "GET", "/broadcasts/templates", "supervisors", 200, NO_ID),
    Route("staff.broadcast_templates", "POST", "/broadcasts/templates", "supervisors", 400, NO_ID),
    Route(
        "staff.delete_broadcast_template",
        "POST",
        "/broadcasts/templates/{template}/delete",
        "supervisors",
        302,
        ("alex", "guessed"),
        again=404,
    ),
    Route("staff.broadcast_page", "GET", "/broadcasts/{broadcast}", "managers", 200),
    Route("staff.edit_broadcast", "GET", "/broadcasts/{broadcast}/edit", "managers", 200),
    Route("staff.edit_broadcast", "POST", "/broadcasts/{broadcast}/edit", "managers", 400),
    Route("staff.send_broadcast", "POST", "/broadcasts/{broadcast}/send", "managers", 302),
    Route("staff.schedule_broadcast", "POST", "/broadcasts/{broadcast}/schedule", "managers", 302),
    Route("staff.cancel_broadcast", "POST", "/broadcasts/{broadcast}/cancel", "managers", 302),
    Route("staff.broadcast_figures", "GET", "/broadcasts/{broadcast}/figures", "managers", 200),
    Route("staff.broadcast_coming", "GET", "/broadcasts/{broadcast}/coming.csv", "managers", 200),
]
# Public files, the same for everyone.
UNGUARDED = {("staff.static", "GET")}


def test_every_route_of_the_staff_web_app_is_in_the_matrix(app: Flask) -> None:
    served = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("staff.")
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }
    assert served - UNGUARDED == {(route.endpoint, route.method) for route in ROUTES}


def expected(route: Route, role: str, target: str, done: set[str]) -> int:
    """The answer `role` must get from `route` for `target` (`done`: the targets someone
    may already have changed; `target` joins them if `role` may change it)."""
    if route.who == "public":
        return route.stranger if role == NOBODY else route.ok
    if role == NOBODY:
        return 302
    may = {
        "everyone": True,
        "supervisors": role != JAMES,
        "admins": role == ADMIN,
        "scope": target in SCOPE[role],
        "managers": role != JAMES and target in SCOPE[role],
    }[route.who]
    if not may:
        return 404
    if target == "guessed":
        return route.on_guess
    status = route.again if route.again and target in done else route.ok
    done.add(target)
    return status


@pytest.fixture
def world(demo_staff: Session, phone: MakePhone) -> dict[str, dict[str, str]]:
    """Another office, North, with its supervisor and client Noor; an escalation and an
    appointment for Alex, Lucía and Noor; a text from a number no client has. Each target's
    ids by the names the routes' paths use."""
    phone(STRANGER).text("Hi, can you call me?")
    with demo_staff.begin():
        agency = demo_staff.scalars(select(Agency)).one()
        north = Office(agency_id=agency.id, name="North")
        demo_staff.add(north)
        demo_staff.flush()
        omar = Staff(office_id=north.id, email=NORTH, name="Omar Haddad", role=Role.SUPERVISOR)
        demo_staff.add(omar)
        set_password(demo_staff, omar, DEMO_PASSWORD)
        fields = ClientFields("N-1", "Noor", "Haddad", "+13125550177", "en", "America/Chicago")
        noor, _ = upsert_client(demo_staff, north, fields)
        [message] = demo_staff.scalars(
            select(Message.id).where(
                Message.phone == STRANGER, Message.direction == Direction.INBOUND
            )
        )
        starts = datetime.combine(
            utcnow().astimezone(CHICAGO).date() + timedelta(days=10),
            datetime.min.time().replace(hour=14, minute=30),
            CHICAGO,
        )
        clients = {
            "alex": client_by_phone(demo_staff, ALEX),
            "lucia": client_by_phone(demo_staff, LUCIA),
            "noor": noor,
        }
        specialists = {"alex": JAMES, "lucia": MARIA, "noor": NORTH}
        ids: dict[str, dict[str, str]] = {}
        for name, client in clients.items():
            escalation = escalations.raise_escalation(
                demo_staff, client, Reason.NEEDS_HELP, Severity.TODAY, None
            )
            booked = AppointmentFields(None, "interview", starts, client.timezone, "1 Main St")
            appointment = add_appointment(demo_staff, client, booked, utcnow())
            specialist = demo_staff.scalars(
                select(Staff.id).where(Staff.email == specialists[name])
            ).one()
            notice = Broadcast(
                agency_id=agency.id,
                office_id=client.office_id,
                name=f"Job fair for {name}",
                texts={"en": "A job fair on Monday."},
                default_language="en",
                segment={},
            )
            template = BroadcastTemplate(
                agency_id=agency.id, name=f"Fair {name}", texts={"en": "A job fair."}
            )
            demo_staff.add_all([notice, template])
            demo_staff.flush()
            ids[name] = {
                "client": str(client.id),
                "appointment": str(appointment.id),
                "escalation": str(escalation.id),
                "message": str(message),
                "staff": str(specialist),
                "broadcast": str(notice.id),
                "template": str(template.id),
            }
    ids["guessed"] = {key: str(GUESSED) for key in ids["alex"]}
    ids["guessed"]["token"] = "a-guessed-token"
    ids["-"] = {}
    return ids


def ask(
    staff: StaffBrowser, role: str, token: str, route: Route, ids: dict[str, str]
) -> tuple[int, str]:
    """Send `route`'s request for the target of `ids` as `role` (a form with the CSRF token);
    the answer's status and body."""
    path = route.path.format(**ids)
    if route.method == "GET":
        answer = staff.http.get(path)
    else:
        form = {name: value.format(**ids) for name, value in route.form.items()}
        answer = staff.http.post(path, data={"csrf_token": token, **form})
    if answer.status_code == 302 and route.who != "public" and role == NOBODY:
        assert answer.headers["Location"] == "/sign-in", route.name
    return answer.status_code, answer.get_data(as_text=True)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_each_role_gets_exactly_its_answer_and_every_refusal_is_audited(
    make_app: MakeApp,
    demo_staff: Session,
    world: dict[str, dict[str, str]],
    route: Route,
) -> None:
    app = make_app(STAFF_SIMULATOR="on")
    got: dict[tuple[str, str], int] = {}
    for role in ROLES:
        staff = StaffBrowser(app.test_client())
        if role != NOBODY:
            assert staff.sign_in(role).status_code == 302
        token = staff.token("/" if role != NOBODY else "/sign-in")
        for target in route.targets:
            before = len(audits(demo_staff))
            status, body = ask(staff, role, token, route, world[target])
            got[role, target] = status
            written = [(actor, action) for actor, action, _ in audits(demo_staff)[before:]]
            if role == NOBODY or route.who == "public":
                continue
            if status == 404:  # refused as if it did not exist: no name shows, audited
                assert target not in NAMES or NAMES[target] not in body, (route.name, role)
                denied = [a for actor, a in written if actor == role and a.endswith("_denied")]
                assert len(denied) == 1, (route.name, role, target, written)
                if route.read:
                    assert denied == [route.denied or f"{route.read}_denied"], denied
            elif route.read:
                assert (role, route.read) in written, (route.name, role, target)
    done: set[str] = set()
    want = {(role, target): expected(route, role, target, done) for role, target in got}
    assert got == want


# Today shows each role exactly its scope: James's Alex, María's Lucía, another office's Noor.
TODAY = {
    JAMES: {"Alex J.": True, "Lucía H.": False, "Noor H.": False},
    NORTH: {"Alex J.": False, "Lucía H.": False, "Noor H.": True},
    DANA: {"Alex J.": True, "Lucía H.": True, "Noor H.": False},
    ADMIN: {"Alex J.": True, "Lucía H.": True, "Noor H.": True},
}


@pytest.mark.parametrize("email", TODAY)
def test_today_shows_each_role_the_escalations_of_its_scope(
    browser: MakeBrowser, demo_staff: Session, world: dict[str, dict[str, str]], email: str
) -> None:
    staff = browser()
    assert staff.sign_in(email).status_code == 302
    today = staff.read("/")
    assert {name: name in today for name in TODAY[email]} == TODAY[email]
    assert audits(demo_staff, "read_escalations")[0][0] == email
