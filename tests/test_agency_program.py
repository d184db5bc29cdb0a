"""Stories of an administrator who names the program, gives its phone and writes the crisis
replies on the agency settings page (or with `botapp agency set`): the next texts say them,
and a field left empty is the server's (PROGRAM_NAME, PROGRAM_PHONE, CRISIS_REPLY_xx). On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from botapp.appointments.service import AppointmentFields, add_appointment
from botapp.appointments.timing import DEFAULT_OFFSETS
from botapp.config import engine_of
from botapp.db import utcnow
from botapp.messages import render, sms
from botapp.models import Agency
from tests.support import (
    ADMIN,
    ALEX,
    CHICAGO,
    DANA,
    LUCIA,
    PROGRAM_PHONE,
    STRANGER,
    MakeApp,
    MakeBrowser,
    MakePhone,
    PhoneFor,
    StaffBrowser,
    audits,
    client_by_phone,
    handle_waiting,
    look,
    ok,
    refused,
    run_clock,
    texts_to,
    today,
)

AGENCY = "/admin/agency"
OWN_ES = "Llame o envie AYUDA al 988 (linea de crisis), de dia o de noche. Peligro: llame al 911."
CATALOG_EN = (
    "You can call or text 988 now, day or night, to talk with someone "
    "(Suicide & Crisis Lifeline). If you are in danger right now, call 911."
)


@pytest.fixture
def admin(browser: MakeBrowser, demo_staff: Session) -> StaffBrowser:
    """The demo's administrator, signed in."""
    staff = browser()
    assert staff.sign_in(ADMIN).status_code == 302
    return staff


def save(admin: StaffBrowser, **fields: str) -> TestResponse:
    """Send the agency settings form with `fields` (the others left as the page has them)."""
    return admin.submit(AGENCY, AGENCY, **fields)


def program_row(session: Session) -> tuple[str | None, str | None, dict[str, str] | None]:
    """The agency's own program name, phone and crisis replies, as committed."""
    [row] = look(session, select(Agency.program_name, Agency.program_phone, Agency.crisis_replies))
    return row


def test_a_program_name_set_by_the_admin_is_in_the_next_reminder_and_in_helps_answer(
    app: Flask, admin: StaffBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    assert (
        save(admin, program_name="  Pathways  to Work ", program_phone="(312) 555-0188").status_code
        == 302
    )
    assert program_row(demo_staff)[:2] == ("Pathways to Work", "+13125550188")
    starts = datetime.combine(today() + timedelta(days=5), time(14, 30), tzinfo=CHICAGO)
    with demo_staff.begin():
        fields = AppointmentFields(None, "interview", starts, "America/Chicago", "200 W Madison St")
        add_appointment(demo_staff, client_by_phone(demo_staff, ALEX), fields, utcnow())
    run_clock(app, demo_staff, starts - DEFAULT_OFFSETS[0])
    [reminder] = texts_to(demo_staff, ALEX)
    assert reminder.startswith("Pathways to Work reminder: your job interview is ")
    assert phone(ALEX).text("HELP") == [
        render(sms.HELP_REPLY, "en", program="Pathways to Work", phone="+13125550188")
    ]
    assert [a[1] for a in audits(demo_staff, "admin_agency_settings")] == ["admin_agency_settings"]


def test_a_spanish_crisis_reply_set_by_the_admin_is_what_a_spanish_client_in_crisis_gets(
    admin: StaffBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    assert save(admin, crisis_es=OWN_ES, crisis_en="").status_code == 302
    assert program_row(demo_staff)[2] == {"es": OWN_ES}
    assert phone(LUCIA).text("ya no quiero vivir") == [OWN_ES]
    assert phone(ALEX).text("i want to die") == [CATALOG_EN]  # English left to botapp's own
    # A number not on file hears both languages, the agency's own among them.
    assert phone(STRANGER).text("quiero morir") == [f"{CATALOG_EN} / {OWN_ES}"]


def test_fields_left_empty_are_the_servers_and_emptying_one_goes_back_to_it(
    make_app: MakeApp, phone_for: PhoneFor, demo_staff: Session
) -> None:
    server_es = "Texto del servidor: llame o envie un mensaje al 988, de dia o de noche."
    app = make_app(CRISIS_REPLY_ES=server_es)
    admin = StaffBrowser(app.test_client())
    assert admin.sign_in(ADMIN).status_code == 302
    shown = admin.read(AGENCY)
    assert "PROGRAM_NAME (Job Connect)" in shown and server_es in shown
    save(admin, program_name="Pathways", program_phone="+13125550188", crisis_es=OWN_ES)
    assert phone_for(app, ALEX).text("HELP") == [
        render(sms.HELP_REPLY, "en", program="Pathways", phone="+13125550188")
    ]
    save(admin, program_name="", program_phone="", crisis_es="")
    assert program_row(demo_staff) == (None, None, None)
    assert phone_for(app, ALEX).text("HELP") == [
        render(sms.HELP_REPLY, "en", program="Job Connect", phone=PROGRAM_PHONE)
    ]
    assert phone_for(app, LUCIA).text("ya no quiero vivir") == [server_es]


def test_a_form_without_the_program_fields_leaves_them_as_they_are(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    save(admin, program_name="Pathways", crisis_es=OWN_ES)
    save(admin, quiet="21:00-08:00")
    assert program_row(demo_staff) == ("Pathways", None, {"es": OWN_ES})


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("program_phone", "call us", "'call us' is not a valid phone number"),
        ("program_name", "P" * 61, "A program name is at most 60 characters"),
        (
            "crisis_es",
            "988 " * 81,
            "The crisis reply in Spanish has 323 characters: at most 320",
        ),
    ],
)
def test_a_bad_program_setting_is_refused_next_to_the_form_and_nothing_changes(
    admin: StaffBrowser, demo_staff: Session, field: str, value: str, says: str
) -> None:
    answer = save(admin, **({"program_name": "Pathways"} | {field: value}))
    assert answer.status_code == 400
    assert says in answer.get_data(as_text=True).replace("&#39;", "'")
    assert program_row(demo_staff) == (None, None, None)
    assert audits(demo_staff, "admin_agency_settings") == []


def test_a_crisis_reply_without_988_is_saved_with_a_warning(
    admin: StaffBrowser, demo_staff: Session
) -> None:
    save(admin, crisis_en="Call our office: 312-555-0100.")
    shown = admin.read(AGENCY)
    assert "Agency settings saved." in shown
    assert "Check the crisis reply in English: it does not give 988" in shown
    assert program_row(demo_staff)[2] == {"en": "Call our office: 312-555-0100."}


def test_a_supervisor_cannot_change_them(browser: MakeBrowser, demo_staff: Session) -> None:
    supervisor = browser()
    assert supervisor.sign_in(DANA).status_code == 302
    fields = {"program_name": "Rogue", "program_phone": "+13125550111", "crisis_en": "Call 555."}
    assert supervisor.submit("/", AGENCY, **fields).status_code == 404
    assert program_row(demo_staff) == (None, None, None)
    assert [a[:2] for a in audits(demo_staff, "admin_denied")] == [(DANA, "admin_denied")]


def test_the_inbound_worker_reads_the_agency_with_the_texts_not_by_a_query_of_its_own(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    with demo.begin():
        demo.scalars(select(Agency)).one().program_name = "Pathways"
    for number in (ALEX, LUCIA):
        phone(number).post(phone(number).form("HELP"), handle=False)
    seen: list[str] = []

    def grab(_conn: Connection, _cursor: Any, sql: str, *_rest: Any) -> None:
        seen.append(sql)

    engine = engine_of(app)
    event.listen(engine, "before_cursor_execute", grab)
    try:
        assert handle_waiting(app) == 2
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    reading_agencies = [sql for sql in seen if "agencies" in sql]
    assert len(reading_agencies) == 1 and "messages" in reading_agencies[0]  # the batch's load
    assert texts_to(demo, ALEX)[-1].startswith("Pathways: texts about your job plan")


# At the terminal.


def test_botapp_agency_set_takes_the_same_settings_and_show_marks_the_servers(
    runner: FlaskCliRunner, demo: Session
) -> None:
    said = ok(
        runner,
        f"agency set --program-name Pathways --crisis-reply es '{OWN_ES}' --crisis-reply en "
        "'Call our office.' --ack-minutes 10",
    )
    assert "program: Pathways, phone +13125550100 (the server's)" in said
    assert f"crisis reply in Spanish: {OWN_ES}" in said
    assert said[-1] == (
        "Check the crisis reply in English: it does not give 988, the Suicide & Crisis Lifeline."
    )
    assert program_row(demo) == ("Pathways", None, {"es": OWN_ES, "en": "Call our office."})
    said = ok(runner, "agency set --program-name '' --crisis-reply en ''")
    assert "program: Job Connect (the server's), phone +13125550100 (the server's)" in said
    assert f"crisis reply in English: {CATALOG_EN} (the server's)" in said
    assert refused(runner, "agency set --crisis-reply fr 'Appelez le 988.'") == (
        "'fr' is not a language botapp texts in (en, es)"
    )
    assert refused(runner, "agency set --program-phone 12") == "'12' is not a valid phone number"
    assert program_row(demo) == (None, None, {"es": OWN_ES})
