"""The staff web app: signing in and out, the lockout, idle sessions, CSRF, headers, passwords
set at the terminal or from an emailed link, Today, and a client's record. On SQLite and
PostgreSQL; who may open what is tests/test_staff_access_matrix.py, the real browser
tests/test_staff_browser.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.cli.demo import DEMO_PASSWORD
from botapp.db import utcnow
from botapp.escalations import service as escalations
from botapp.models import (
    Email,
    Escalation,
    EscalationState,
    Reason,
    Severity,
    Staff,
)
from tests.support import (
    ALEX,
    DANA,
    JAMES,
    LUCIA,
    MARIA,
    MakeBrowser,
    MakePhone,
    StaffBrowser,
    audits,
    botapp,
    client_by_phone,
    look,
)

NEW_PASSWORD = "a long new password"
Clock = Callable[[timedelta], None]


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Move the web app's clock (sessions, lockout, links) forward by a duration."""
    import botapp.services.sign_in
    import botapp.web.staff.auth

    moved = timedelta()

    def now() -> datetime:
        return utcnow() + moved

    def forward(by: timedelta) -> None:
        nonlocal moved
        moved += by

    monkeypatch.setattr(botapp.services.sign_in, "utcnow", now)
    monkeypatch.setattr(botapp.web.staff.auth, "utcnow", now)
    return forward


def signed_in(browser: MakeBrowser, email: str) -> StaffBrowser:
    """A browser in which `email` signed in with the demo password."""
    staff = browser()
    assert staff.sign_in(email).status_code == 302
    return staff


# Signing in and out.


def test_a_stranger_at_the_root_is_sent_to_the_sign_in_page(browser: MakeBrowser) -> None:
    stranger = browser()
    answer = stranger.http.get("/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/sign-in"
    page = stranger.read("/sign-in")
    assert '<html lang="en">' in page and '<label for="password">Password</label>' in page
    assert stranger.http.get("/clients/1").status_code == 302


def test_a_signed_out_browser_gets_the_language_it_asks_for(browser: MakeBrowser) -> None:
    answer = browser().http.get("/sign-in", headers={"Accept-Language": "es-MX,es;q=0.9"})
    page = answer.get_data(as_text=True)
    assert '<html lang="es">' in page and "<h1>Iniciar sesión</h1>" in page


def test_staff_sign_in_see_today_and_sign_out(browser: MakeBrowser, demo_staff: Session) -> None:
    james = browser()
    answer = james.sign_in(" James.Carter@demo.example ")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    today = james.read("/")
    assert "Signed in as James Carter" in today and "<h1>Today</h1>" in today
    answer = james.submit("/", "/sign-out")
    assert answer.headers["Location"] == "/sign-in"
    assert "You are signed out." in james.read("/sign-in")
    assert james.http.get("/").status_code == 302
    assert [a[1] for a in audits(demo_staff, "sign_in", "sign_out")] == ["sign_in", "sign_out"]


def test_a_wrong_password_or_unknown_email_is_refused_alike_and_audited(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    someone = browser()
    for email, password in ((JAMES, "not the password"), ("nobody@demo.example", DEMO_PASSWORD)):
        answer = someone.sign_in(email, password)
        assert answer.status_code == 401
        assert "That email and password do not match." in answer.get_data(as_text=True)
        assert someone.http.get("/").status_code == 302
    assert [a[:2] for a in audits(demo_staff, "sign_in_failed")] == [
        (JAMES, "sign_in_failed"),
        ("nobody@demo.example", "sign_in_failed"),
    ]


def test_five_failures_lock_the_email_out_for_fifteen_minutes_even_with_the_right_password(
    browser: MakeBrowser, demo_staff: Session, later: Clock
) -> None:
    guesser = browser()
    for _ in range(5):
        assert guesser.sign_in(JAMES, "a wrong guess").status_code == 401
    sixth = guesser.sign_in(JAMES)  # the right password, refused unread
    assert sixth.status_code == 401
    assert "Too many failed sign-ins for this email. Try again in 15 minutes" in sixth.get_data(
        as_text=True
    )
    assert guesser.http.get("/").status_code == 302
    assert [a[1] for a in audits(demo_staff, "sign_in_locked")] == ["sign_in_locked"] * 2
    assert browser().sign_in(MARIA).status_code == 302  # others are not locked out
    later(timedelta(minutes=15, seconds=1))
    assert browser().sign_in(JAMES).status_code == 302


def test_a_session_ends_after_the_idle_hours_and_not_before(
    browser: MakeBrowser, demo_staff: Session, later: Clock
) -> None:
    james = signed_in(browser, JAMES)
    later(timedelta(hours=7, minutes=59))
    james.read("/")  # still in, and the clock restarts
    later(timedelta(hours=7, minutes=59))
    james.read("/")
    later(timedelta(hours=8, minutes=1))
    answer = james.http.get("/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/sign-in"
    assert "You were signed out after a while without use." in james.read("/sign-in")


def test_staff_session_hours_sets_the_idle_limit(
    make_app: Callable[..., Flask], demo_staff: Session, later: Clock
) -> None:
    app = make_app(STAFF_SESSION_HOURS="1")
    james = StaffBrowser(app.test_client())
    assert james.sign_in(JAMES).status_code == 302
    later(timedelta(minutes=61))
    assert james.http.get("/").status_code == 302


def test_a_form_without_its_csrf_token_is_refused(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    stranger = browser()
    answer = stranger.http.post("/sign-in", data={"email": JAMES, "password": DEMO_PASSWORD})
    assert answer.status_code == 400 and "This form had expired." in answer.get_data(as_text=True)
    james = signed_in(browser, JAMES)
    escalation = _escalate(demo_staff, ALEX, Severity.URGENT)
    answer = james.http.post(f"/escalations/{escalation}/acknowledge", data={"csrf_token": "x"})
    assert answer.status_code == 400
    assert _state(demo_staff, escalation) == EscalationState.OPEN


def test_every_answer_carries_the_security_headers_and_cookies_are_locked_down(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    james = browser()
    answer = james.http.get("/sign-in")
    csp = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert "script-src 'self';" in csp  # our own files only: no inline script
    assert "frame-ancestors 'none'" in csp
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")  # https URL
    cookie = james.sign_in(JAMES).headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_on_plain_http_cookies_are_not_secure_and_there_is_no_hsts(
    make_app: Callable[..., Flask], demo_staff: Session
) -> None:
    app = make_app(PUBLIC_BASE_URL="http://127.0.0.1:5000")
    james = StaffBrowser(app.test_client())
    assert "Strict-Transport-Security" not in james.http.get("/sign-in").headers
    cookie = james.sign_in(JAMES).headers["Set-Cookie"]
    assert "Secure" not in cookie and "HttpOnly" in cookie


def test_twilio_webhooks_still_need_no_csrf_token_nor_sign_in(
    demo_staff: Session, phone: MakePhone
) -> None:
    assert phone(ALEX).text("HELP")  # the signed webhook, answered as before


# Passwords: at the terminal, and from an emailed link.


def test_set_password_reads_standard_input_and_ends_other_sessions(
    runner: FlaskCliRunner, browser: MakeBrowser, demo_staff: Session
) -> None:
    james = signed_in(browser, JAMES)
    result = botapp(runner, "staff", "set-password", JAMES, stdin=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f"password set for {JAMES}; their other sessions are ended")
    assert james.http.get("/").status_code == 302  # the old session is over
    assert browser().sign_in(JAMES).status_code == 401  # the demo password is gone
    assert browser().sign_in(JAMES, NEW_PASSWORD).status_code == 302
    assert [a[1:] for a in audits(demo_staff, "set_password")] == [
        ("set_password", f"staff {JAMES}")
    ]


def test_set_password_refuses_a_short_password(runner: FlaskCliRunner, demo_staff: Session) -> None:
    result = botapp(runner, "staff", "set-password", JAMES, stdin="short\n")
    assert result.exit_code == 2
    assert "a password needs at least 12 and at most 1024 characters" in result.stderr
    assert audits(demo_staff, "set_password") == []


def _invite_link(runner: FlaskCliRunner, session: Session, email: str) -> str:
    """Invite `email` and read the link from the email the outbox holds for them."""
    said = botapp(runner, "staff", "invite", email)
    assert said.exit_code == 0, said.output
    assert f"valid 72 hours, emailed to {email}" in said.output
    [(body,)] = look(session, select(Email.body).where(Email.recipient == email))
    found = re.search(r"https://sms\.example\.org(/password/\S+)", body)
    assert found is not None, body
    return found.group(1)


def test_an_invite_link_sets_a_password_once(
    runner: FlaskCliRunner, browser: MakeBrowser, demo: Session
) -> None:
    path = _invite_link(runner, demo, MARIA)
    newcomer = browser()
    page = newcomer.read(path)
    assert '<html lang="es">' not in page  # a stranger's browser: English unless asked
    answer = newcomer.submit(path, path, password=NEW_PASSWORD, again=NEW_PASSWORD)
    assert answer.status_code == 302 and answer.headers["Location"] == "/sign-in"
    assert newcomer.sign_in(MARIA, NEW_PASSWORD).status_code == 302
    again = browser().http.get(path)
    assert again.status_code == 404
    assert "This link has expired or was already used." in again.get_data(as_text=True)
    assert [a[:2] for a in audits(demo, "invite_staff", "set_password")][1] == (
        MARIA,
        "set_password",
    )


def test_an_invite_link_refuses_different_or_short_passwords_and_expires(
    runner: FlaskCliRunner, browser: MakeBrowser, demo: Session, later: Clock
) -> None:
    path = _invite_link(runner, demo, MARIA)
    newcomer = browser()
    answer = newcomer.submit(path, path, password=NEW_PASSWORD, again=NEW_PASSWORD + "!")
    assert answer.status_code == 400
    assert "the two passwords differ" in answer.get_data(as_text=True)
    answer = newcomer.submit(path, path, password="short", again="short")
    assert "at least 12" in answer.get_data(as_text=True)
    later(timedelta(hours=72, seconds=1))
    assert newcomer.http.get(path).status_code == 404
    assert newcomer.http.get("/password/forged-token").status_code == 404


# Today and the client's record.


def _escalate(
    session: Session, phone: str, severity: Severity, reason: Reason = Reason.NEEDS_HELP
) -> int:
    """Raise an escalation for the client at `phone`; its number."""
    with session.begin():
        client = client_by_phone(session, phone)
        found = escalations.raise_escalation(session, client, reason, severity, None)
        number = found.id
    return number


def _state(session: Session, escalation: int) -> EscalationState:
    [(state,)] = look(session, select(Escalation.state).where(Escalation.id == escalation))
    return state


def test_today_lists_my_escalations_urgent_first_and_acknowledging_one_is_audited(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    routine = _escalate(demo_staff, ALEX, Severity.ROUTINE, Reason.ROUTINE_INBOX)
    urgent = _escalate(demo_staff, ALEX, Severity.URGENT, Reason.CRISIS)
    _escalate(demo_staff, LUCIA, Severity.URGENT)  # María's client: not James's
    james = signed_in(browser, JAMES)
    today = james.read("/")
    assert today.index(f"#{urgent}") < today.index(f"#{routine}")
    assert today.count("New: nobody has it yet") == 2 and "Lucía" not in today
    assert "Alex J." in today and "crisis language" in today
    answer = james.submit("/", f"/escalations/{urgent}/acknowledge")
    assert answer.headers["Location"] == "/"
    today = james.read("/")
    assert f"Escalation {urgent} acknowledged: you have it now." in today
    assert "James Carter has it" in today and today.count("New: nobody has it yet") == 1
    assert _state(demo_staff, urgent) == EscalationState.ACKNOWLEDGED
    assert (JAMES, "ack_escalation", f"escalation {urgent}") in audits(demo_staff)


def test_acknowledging_twice_says_who_has_it(browser: MakeBrowser, demo_staff: Session) -> None:
    number = _escalate(demo_staff, ALEX, Severity.URGENT)
    james, dana = signed_in(browser, JAMES), signed_in(browser, DANA)
    page = james.token("/")
    dana.submit("/", f"/escalations/{number}/acknowledge")
    answer = james.http.post(f"/escalations/{number}/acknowledge", data={"csrf_token": page})
    assert answer.status_code == 302
    assert f"escalation {number} is already acknowledged by Dana Reed" in james.read("/")


def test_the_client_page_shows_who_they_are_and_the_conversation(
    browser: MakeBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("Can I move my meeting?")
    alex = client_by_phone(demo_staff, ALEX).id
    demo_staff.rollback()
    page = signed_in(browser, JAMES).read(f"/clients/{alex}")
    assert "<h1>Alex Johnson</h1>" in page and "Case DEMO-1001" in page
    assert "<dd>English</dd>" in page and "<dd>James Carter</dd>" in page
    assert "Alex wrote" in page and "Can I move my meeting?" in page
    assert (JAMES, "read_case", "client DEMO-1001") in audits(demo_staff)


def test_the_spanish_speaking_specialist_reads_the_pages_in_spanish(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    maria = signed_in(browser, MARIA)
    today = maria.read("/")
    assert '<html lang="es">' in today and "<h1>Hoy</h1>" in today
    lucia = client_by_phone(demo_staff, LUCIA).id
    demo_staff.rollback()
    page = maria.read(f"/clients/{lucia}")
    assert "<dd>español</dd>" in page and "Conversación" in page


def test_a_deactivated_staff_member_is_signed_out_at_once(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    james = signed_in(browser, JAMES)
    with demo_staff.begin():
        staff = demo_staff.scalars(select(Staff).where(Staff.email == JAMES)).one()
        staff.active = False
    assert james.http.get("/").status_code == 302
    assert browser().sign_in(JAMES).status_code == 401
