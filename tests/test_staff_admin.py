"""The admin pages of the staff web app: offices, staff (add, change, time away, password link,
deactivate), CSV imports by upload with the CLI's report, and the agency's settings. Only
administrators reach them; every change is audited. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from botapp.escalations import service as escalations
from botapp.models import Agency, Client, Email, Escalation, Office, Reason, Role, Severity, Staff
from botapp.web.staff.admin import MAX_UPLOAD_MB
from tests.support import (
    ADMIN,
    ALEX,
    DANA,
    JAMES,
    MARIA,
    MakeBrowser,
    StaffBrowser,
    audits,
    client_by_phone,
    look,
    ok,
)

NEW = "sam.ortiz@demo.example"
CLIENTS_HEADER = "external_id,first_name,last_name,phone,language,timezone\n"
GOOD_CLIENT = "C-900,Rosa,Diaz,+13125550177,es,America/Chicago\n"
BAD_CLIENT = "C-901,Tom,Lee,not a phone,en,America/Chicago\n"


def signed_in(browser: MakeBrowser, email: str) -> StaffBrowser:
    """A browser in which `email` signed in with the demo password."""
    staff = browser()
    assert staff.sign_in(email).status_code == 302
    return staff


@pytest.fixture
def admin(browser: MakeBrowser, demo_staff: Session) -> StaffBrowser:
    """The demo's administrator, signed in."""
    return signed_in(browser, ADMIN)


def page(answer: TestResponse) -> str:
    """The page an answer carries."""
    return answer.get_data(as_text=True)


def staff_id(session: Session, email: str) -> int:
    """The id of the staff member with `email`."""
    [(found,)] = look(session, select(Staff.id).where(Staff.email == email))
    return found


def upload(admin: StaffBrowser, kind: str, content: bytes, **more: str) -> TestResponse:
    """Send the import form with `content` as the chosen file (`more`: other fields)."""
    form = {"csrf_token": admin.token("/admin/imports"), "kind": kind, **more}
    files = {"file": (io.BytesIO(content), "file.csv", "text/csv")}
    return admin.http.post(
        "/admin/imports", data={**form, **files}, content_type="multipart/form-data"
    )


# Who may open them.


@pytest.mark.parametrize("email", [JAMES, DANA])
@pytest.mark.parametrize(
    "path", ["/admin/staff", "/admin/offices", "/admin/imports", "/admin/agency", "/admin/staff/1"]
)
def test_specialists_and_supervisors_get_a_404_for_every_admin_page_and_it_is_audited(
    browser: MakeBrowser, demo_staff: Session, email: str, path: str
) -> None:
    someone = signed_in(browser, email)
    answer = someone.http.get(path)
    assert answer.status_code == 404 and "Not found" in page(answer)
    assert 'href="/admin/staff"' not in someone.read("/")  # no menu link either
    assert audits(demo_staff, "admin_denied") == [(email, "admin_denied", path)]


def test_a_supervisor_cannot_post_an_admin_form_either(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    dana = signed_in(browser, DANA)
    answer = dana.submit("/", "/admin/offices", name="Rogue office")
    assert answer.status_code == 404
    assert look(demo_staff, select(Office.name).where(Office.name == "Rogue office")) == []


# Offices.


def test_an_admin_adds_an_office_and_a_taken_name_is_refused_next_to_the_form(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    assert "Chicago Loop Office" in admin.read("/admin/offices")
    answer = admin.submit("/admin/offices", "/admin/offices", name="Evanston", phone="312 555 0166")
    assert answer.status_code == 302
    listed = admin.read("/admin/offices")
    assert "office Evanston added" in listed and "+13125550166" in listed
    answer = admin.submit("/admin/offices", "/admin/offices", name=" evanston ", phone="")
    assert answer.status_code == 400
    assert "an office named &#39;evanston&#39; already exists" in page(answer)
    assert len(look(demo_staff, select(Office.id))) == 2
    assert [a[1] for a in audits(demo_staff, "admin_add_office")] == ["admin_add_office"]


# Staff.


def add_form(**more: str) -> dict[str, str]:
    """The add-staff form filled in for Sam Ortiz, a specialist; `more` overrides fields."""
    return {
        "email": NEW,
        "name": "Sam Ortiz",
        "role": "specialist",
        "office": "",
        "phone": "+13125550188",
        "supervisor": DANA,
        "language": "es",
        "hours": "09:00-13:00",
        "days": "mon-thu",
        **more,
    }


def test_an_admin_adds_a_staff_member_as_botapp_staff_add_does(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    answer = admin.submit("/admin/staff", "/admin/staff", **add_form())
    assert answer.status_code == 302
    member = admin.read(answer.headers["Location"])
    assert f"{NEW} added: Specialist at Chicago Loop Office" in member
    assert 'value="09:00-13:00"' in member and 'value="mon-thu"' in member
    [sam] = look(
        demo_staff,
        select(Staff.role, Staff.phone, Staff.locale, Staff.work_days).where(Staff.email == NEW),
    )
    assert sam == (Role.SPECIALIST, "+13125550188", "es", "1234")
    assert audits(demo_staff, "admin_add_staff") == [(ADMIN, "admin_add_staff", f"staff {NEW}")]
    assert "Sam Ortiz" in admin.read("/admin/staff")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("email", JAMES, f"a staff member with the email {JAMES} already exists"),
        ("phone", ALEX, "belongs to client DEMO-1001"),
        ("hours", "17:00-09:00", "'17:00-09:00' is not working hours such as 08:00-17:00"),
        ("supervisor", "nobody@demo.example", "nobody@demo.example"),
    ],
)
def test_a_refused_new_staff_member_says_why_next_to_the_form_in_the_admins_language(
    admin: StaffBrowser, demo_staff: Session, field: str, value: str, says: str
) -> None:
    answer = admin.submit("/admin/staff", "/admin/staff", **add_form(**{field: value}))
    assert answer.status_code == 400
    text = page(answer).replace("&#39;", "'")
    assert 'class="problem" role="alert"' in text and says in text
    assert look(demo_staff, select(Staff.id).where(Staff.email == NEW)) == []
    assert audits(demo_staff, "admin_add_staff") == []


def test_an_admin_changes_role_phone_and_hours_and_a_bad_phone_is_refused(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    james = staff_id(demo_staff, JAMES)
    path = f"/admin/staff/{james}"
    fields = {
        "name": "James Carter",
        "role": "supervisor",
        "office": "Chicago Loop Office",
        "phone": "+13125550191",
        "supervisor": "",
        "language": "en",
        "hours": "",
        "days": "",
    }
    assert admin.submit(path, path, **fields).status_code == 302
    assert f"{JAMES} changed" in admin.read(path)
    [row] = look(demo_staff, select(Staff.role, Staff.phone).where(Staff.id == james))
    assert row == (Role.SUPERVISOR, "+13125550191")
    refused = admin.submit(path, path, **{**fields, "phone": "12"})
    assert refused.status_code == 400 and "12" in page(refused)
    assert look(demo_staff, select(Staff.phone).where(Staff.id == james)) == [("+13125550191",)]
    assert [a[1] for a in audits(demo_staff, "admin_change_staff")] == ["admin_change_staff"]


def test_a_spanish_speaking_admin_reads_the_refusal_in_spanish(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    with demo_staff.begin():
        demo_staff.scalars(select(Staff).where(Staff.email == ADMIN)).one().locale = "es"
    answer = admin.submit("/admin/offices", "/admin/offices", name="Chicago Loop Office")
    assert answer.status_code == 400
    assert "<h1>Oficinas</h1>" in page(answer) and "ya existe" in page(answer)


def test_time_away_names_a_backup_and_refuses_oneself(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    path = f"/admin/staff/{staff_id(demo_staff, JAMES)}"
    own = admin.submit(path, path + "/away", start="2026-12-22", end="2026-12-31", backup=JAMES)
    assert own.status_code == 400 and 'role="alert"' in page(own)
    answer = admin.submit(path, path + "/away", start="2026-12-22", end="2026-12-31", backup=MARIA)
    assert answer.status_code == 302
    shown = admin.read(path)
    assert f"{JAMES} is away from 2026-12-22 to 2026-12-31; {MARIA} stands in" in shown
    assert audits(demo_staff, "admin_staff_away") == [(ADMIN, "admin_staff_away", f"staff {JAMES}")]


def test_a_password_link_is_emailed_through_the_outbox_and_audited(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    path = f"/admin/staff/{staff_id(demo_staff, MARIA)}"
    assert admin.submit(path, path + "/invite").status_code == 302
    assert f"emailed to {MARIA}" in admin.read(path)
    [(subject,)] = look(demo_staff, select(Email.subject).where(Email.recipient == MARIA))
    assert "contraseña" in subject  # María reads Spanish
    assert audits(demo_staff, "admin_invite_staff") == [
        (ADMIN, "admin_invite_staff", f"staff {MARIA}")
    ]


def test_deactivating_moves_the_escalations_they_hold_and_a_second_time_is_refused(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    with demo_staff.begin():
        client = client_by_phone(demo_staff, ALEX)
        held = escalations.raise_escalation(
            demo_staff, client, Reason.NEEDS_HELP, Severity.TODAY, None
        ).id
    james = staff_id(demo_staff, JAMES)
    path = f"/admin/staff/{james}"
    assert admin.submit(path, path + "/deactivate").status_code == 302
    shown = admin.read(path)
    assert f"{JAMES} deactivated" in shown and "Deactivated" in shown
    [(holder,)] = look(demo_staff, select(Escalation.holder_id).where(Escalation.id == held))
    assert holder != james
    assert look(demo_staff, select(Client.specialist_id).where(Client.phone == ALEX)) == [(None,)]
    again = admin.http.post(path + "/deactivate", data={"csrf_token": admin.token("/admin/staff")})
    assert again.status_code == 400 and f"{JAMES} is deactivated" in page(again)
    assert len(audits(demo_staff, "admin_deactivate_staff")) == 1


# CSV imports.


def test_an_uploaded_clients_file_gets_the_clis_report_line_by_line(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    answer = upload(admin, "clients", (CLIENTS_HEADER + GOOD_CLIENT + BAD_CLIENT).encode())
    assert answer.status_code == 200
    report = page(answer)
    assert '<ul class="report">' in report
    assert "line 3" in report and "not a phone" in report
    assert "1 client imported" in report and "1 row rejected" in report
    assert look(demo_staff, select(Client.first_name).where(Client.external_id == "C-900")) == [
        ("Rosa",)
    ]
    assert audits(demo_staff, "admin_import_clients") == [
        (ADMIN, "admin_import_clients", "clients: 1 created, 0 updated, 1 rejected")
    ]


def test_clients_go_to_the_office_chosen_and_an_unknown_office_imports_nothing(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    admin.submit("/admin/offices", "/admin/offices", name="Evanston", phone="")
    assert '<label for="office">Office of new clients</label>' in admin.read("/admin/imports")
    data = (CLIENTS_HEADER + GOOD_CLIENT).encode()
    unknown = upload(admin, "clients", data, office="Springfield")
    assert unknown.status_code == 400 and "Springfield" in page(unknown)
    assert look(demo_staff, select(Client.id).where(Client.external_id == "C-900")) == []
    assert upload(admin, "clients", data, office="Evanston").status_code == 200
    placed = select(Office.name).join(Client.office).where(Client.external_id == "C-900")
    assert look(demo_staff, placed) == [("Evanston",)]


def test_an_uploaded_goals_file_uses_the_goals_importer(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    goals = (
        "client_external_id,goal,step_id,step,responsible,due_date,cadence_days\n"
        "DEMO-1001,Warehouse associate,S-1,Update your resume with your job coach,client,,\n"
        "NOBODY,Warehouse associate,S-2,Visit the job fair,client,,\n"
    )
    report = page(upload(admin, "goals", goals.encode()))
    assert "line 3" in report and "NOBODY" in report and "1 row rejected" in report
    assert len(audits(demo_staff, "admin_import_goals")) == 1


def test_an_unusable_file_imports_nothing_and_says_why(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    answer = upload(admin, "clients", b"first_name,phone\nRosa,+13125550177\n")
    assert answer.status_code == 400 and 'role="alert"' in page(answer)
    assert "external_id" in page(answer)
    assert audits(demo_staff, "admin_import_clients") == []
    no_file = admin.submit("/admin/imports", "/admin/imports", kind="clients")
    assert no_file.status_code == 400 and "Choose a CSV file to import." in page(no_file)


def test_a_file_over_the_size_limit_is_refused_with_a_clear_error(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    big = CLIENTS_HEADER.encode() + b"x" * (MAX_UPLOAD_MB * 1024 * 1024 + 1)
    token = admin.token("/admin/imports")
    boundary = "limit-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    # Sent as the bytes a browser sends (the test client would spool a form this big to a file).
    answer = admin.http.post(
        "/admin/imports", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert answer.status_code == 413
    assert f"That file is larger than {MAX_UPLOAD_MB} MB: nothing was imported." in page(answer)
    assert audits(demo_staff, "admin_import_clients") == []


# The agency's settings.


def test_an_admin_sets_quiet_hours_and_the_on_call_phone_and_sees_the_environments_part(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    shown = admin.read("/admin/agency")
    assert "PROGRAM_NAME" in shown and "CRISIS_REPLY_ES" in shown
    answer = admin.submit(
        "/admin/agency",
        "/admin/agency",
        on_call="+13125550155",
        alert_email="Alerts@Agency.example",
        hours="08:30-16:30",
        days="mon-fri",
        quiet="21:00-08:00",
        timezone="America/Chicago",
        ack_minutes="10",
    )
    assert answer.status_code == 302
    assert "Agency settings saved." in admin.read("/admin/agency")
    [row] = look(
        demo_staff,
        select(
            Agency.on_call_phone,
            Agency.alert_email,
            Agency.quiet_start,
            Agency.quiet_end,
            Agency.work_start,
            Agency.escalation_ack_minutes,
        ),
    )
    assert [str(v) for v in row] == [
        "+13125550155",
        "alerts@agency.example",
        "21:00:00",
        "08:00:00",
        "08:30:00",
        "10",
    ]
    admin.submit("/admin/agency", "/admin/agency", ack_minutes="")  # back to the environment's
    assert look(demo_staff, select(Agency.escalation_ack_minutes)) == [(None,)]
    assert [a[1] for a in audits(demo_staff, "admin_agency_settings")] == [
        "admin_agency_settings"
    ] * 2


def named(html: str) -> tuple[str, str]:
    """What a page's header and the end of its <title> call the app."""
    brand = re.search(r'<p class="brand">([^<]*)</p>', html)
    title = re.search(r"<title>[^<]* · ([^<]*)</title>", html)
    assert brand is not None and title is not None, html
    return brand.group(1), title.group(1)


def test_the_pages_name_the_agencys_own_program_once_it_is_set(
    admin: StaffBrowser, browser: MakeBrowser, runner: FlaskCliRunner
) -> None:
    james = signed_in(browser, JAMES)
    assert named(james.read("/")) == ("Job Connect for staff",) * 2  # PROGRAM_NAME's
    ok(runner, "agency set --program-name Pathways")
    assert named(james.read("/")) == ("Pathways for staff",) * 2
    assert named(james.read("/clients")) == ("Pathways for staff",) * 2
    assert named(browser().read("/sign-in")) == ("Pathways for staff",) * 2
    # Set on the settings page, the name is in the header of the page that says it was saved.
    admin.submit("/admin/agency", "/admin/agency", program_name="Pathways to Work")
    assert named(admin.read("/admin/agency")) == ("Pathways to Work for staff",) * 2
    admin.submit("/admin/agency", "/admin/agency", program_name="")  # back to the server's
    assert named(james.read("/")) == ("Job Connect for staff",) * 2


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("quiet", "21:00-21:00", "is not quiet hours such as 20:00-09:00"),
        ("timezone", "Mars/Olympus", "Mars/Olympus"),
        ("on_call", "call me", "call me"),
        ("ack_minutes", "0", "'0' is not a whole number of minutes from 1 to 1440"),
    ],
)
def test_a_bad_agency_setting_is_refused_and_nothing_changes(
    admin: StaffBrowser, demo_staff: Session, field: str, value: str, says: str
) -> None:
    answer = admin.submit("/admin/agency", "/admin/agency", **{field: value, "days": "sat-sun"})
    assert answer.status_code == 400 and says in page(answer).replace("&#39;", "'")
    assert look(demo_staff, select(Agency.work_days)) == [("12345",)]
    assert audits(demo_staff, "admin_agency_settings") == []
