"""The phone simulator of the staff web app: a text typed on the page reaches the real webhook,
signed as Twilio signs it, is acted on like any text, and botapp's answer appears on the page;
the page is off outside development unless STAFF_SIMULATOR=on, and plays only the staff
member's own clients with a fictional number. On SQLite and PostgreSQL; the real browser is
tests/test_staff_simulator_browser.py."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import ConfigError, load_settings
from botapp.db import utcnow
from botapp.models import Direction, Message, MessageStatus
from tests.support import (
    ALEX,
    DANA,
    JAMES,
    LUCIA,
    MakeApp,
    StaffBrowser,
    app_env,
    audits,
    client_by_phone,
    fresh,
    handle_waiting,
    look,
    send_once,
)


@pytest.fixture
def sim_app(make_app: MakeApp, demo_staff: Session) -> Flask:
    """The app with the simulator on (the tests' https URL is not development)."""
    return make_app(STAFF_SIMULATOR="on")


def signed_in(app: Flask, email: str) -> StaffBrowser:
    staff = StaffBrowser(app.test_client())
    assert staff.sign_in(email).status_code == 302
    return staff


def screen_lines(page: str) -> list[str]:
    """The texts on the simulated phone, as "who: body" in the order shown."""
    items = re.findall(r'<p class="who">(.*?)</p>\s*<p class="body">(.*?)</p>', page, re.S)
    return [f"{' '.join(who.split())}: {body}" for who, body in items]


def test_a_text_typed_in_the_simulator_goes_through_the_signed_webhook_and_the_answer_shows(
    sim_app: Flask, demo_staff: Session
) -> None:
    james = signed_in(sim_app, JAMES)
    alex = client_by_phone(demo_staff, ALEX).id
    page = james.read(f"/simulator?client={alex}")
    assert "No texts on this phone yet" in page
    answer = james.submit(f"/simulator?client={alex}", "/simulator", client=str(alex), body="HELP")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/simulator?client={alex}"
    assert "Your text reached the webhook" in james.read(answer.headers["Location"])
    recorded = look(
        fresh(demo_staff),
        select(Message.twilio_sid, Message.body, Message.status).where(
            Message.phone == ALEX, Message.direction == Direction.INBOUND
        ),
    )
    assert [(sid and sid[:2], body, status) for sid, body, status in recorded] == [
        ("SM", "HELP", MessageStatus.RECEIVED)
    ]
    handle_waiting(sim_app)  # what `botapp serve`'s inbound worker does
    send_once(sim_app, utcnow())  # and its dispatcher, through the console transport
    lines = screen_lines(james.read(f"/simulator/screen?client={alex}"))
    assert lines[0] == "This phone: HELP"
    assert len(lines) == 2 and lines[1].startswith("botapp · delivery: sent: ")
    assert "Job Connect" in lines[1]  # the HELP answer names the program
    assert [a[1:] for a in audits(demo_staff, "simulator_text")] == [
        ("simulator_text", "client DEMO-1001")
    ]


def test_the_simulator_is_off_outside_development_unless_turned_on(
    make_app: MakeApp, demo_staff: Session
) -> None:
    alex = client_by_phone(demo_staff, ALEX).id
    for settings in ({}, {"STAFF_SIMULATOR": "off", "BOTAPP_ENV": "development"}):
        app = make_app(**settings)
        james = signed_in(app, JAMES)
        assert "/simulator" not in james.read("/")  # not in the menu
        for path in ("/simulator", f"/simulator?client={alex}", f"/simulator/screen?client={alex}"):
            assert james.http.get(path).status_code == 404
        token = james.token("/")
        answer = james.http.post(
            "/simulator", data={"csrf_token": token, "client": str(alex), "body": "HELP"}
        )
        assert answer.status_code == 404
    assert look(fresh(demo_staff), select(Message.id).where(Message.phone == ALEX)) == []
    assert load_settings(app_env("sqlite://", BOTAPP_ENV="development")).simulator
    assert not load_settings(app_env("sqlite://", BOTAPP_ENV="production")).simulator
    with pytest.raises(ConfigError, match="STAFF_SIMULATOR must be on or off"):
        load_settings(app_env("sqlite://", STAFF_SIMULATOR="maybe"))


def test_only_ones_own_clients_with_a_fictional_number_can_be_played(
    sim_app: Flask, demo_staff: Session
) -> None:
    james = signed_in(sim_app, JAMES)
    alex = client_by_phone(demo_staff, ALEX).id
    lucia = client_by_phone(demo_staff, LUCIA).id  # María's client
    page = james.read("/simulator")
    assert "Alex J." in page and "Lucía" not in page
    assert 'href="/simulator"' in james.read("/")  # in the menu
    for path in (f"/simulator?client={lucia}", f"/simulator/screen?client={lucia}"):
        assert james.http.get(path).status_code == 404
    assert james.http.get("/simulator?client=999999").status_code == 404
    refused = james.submit("/simulator", "/simulator", client=str(lucia), body="HELP")
    assert refused.status_code == 404
    demo_staff.rollback()
    with demo_staff.begin():  # a real number is never played, even one's own client's
        client_by_phone(demo_staff, ALEX).phone = "+13125551234"
    assert "Alex J." not in james.read("/simulator")
    assert james.http.get(f"/simulator?client={alex}").status_code == 404
    assert look(fresh(demo_staff), select(Message.id)) == []
    assert "Lucía" in signed_in(sim_app, DANA).read("/simulator")  # the office's supervisor
