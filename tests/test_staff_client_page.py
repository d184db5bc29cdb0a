"""The staff web app's client page: the record's sections, the transcript (who wrote each text,
delivery and failures in words, the latest texts first then earlier ones, new ones by polling),
pausing and resuming, answering the client through the outbox, and the export. On SQLite and
PostgreSQL; the real browser is tests/test_staff_client_browser.py."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.cli.demo import seed_plans
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.escalations import service as escalations
from botapp.models import ConsentKind, EscalationState, Message, Reason, Severity, Staff
from botapp.services import consent
from botapp.web.staff import client as page_module
from tests.fake_twilio import FakeTwilio
from tests.support import (
    ALEX,
    JAMES,
    LUCIA,
    MARIA,
    MakeBrowser,
    MakePhone,
    PhoneFor,
    StaffBrowser,
    audits,
    client_by_phone,
    look,
    send_once,
)
from tests.support import (
    escalations as escalations_of,
)


def signed_in(browser: MakeBrowser, email: str = JAMES) -> StaffBrowser:
    """A browser in which `email` signed in with the demo password."""
    staff = browser()
    assert staff.sign_in(email).status_code == 302
    return staff


def _id(session: Session, phone: str = ALEX) -> int:
    found = client_by_phone(session, phone).id
    session.rollback()
    return found


def _texts_to(session: Session, phone: str) -> list[tuple[str, int | None, str | None]]:
    """(body, sent_by_id, category) of the outbound texts to `phone`, oldest first."""
    query = (
        select(Message.body, Message.sent_by_id, Message.category)
        .where(Message.phone == phone, Message.direction == "outbound")
        .order_by(Message.id)
    )
    return look(session, query)


def test_every_section_of_the_record_shows(
    app: Flask, browser: MakeBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    with demo_staff.begin():
        seed_plans(demo_staff, settings_of(app), utcnow())
    phone(ALEX).text("STOP")
    phone(ALEX).text("START")
    page = signed_in(browser).read(f"/clients/{_id(demo_staff)}")
    assert "<h1>Alex Johnson</h1>" in page and f"<dd>{ALEX}</dd>" in page
    assert "<dd>America/Chicago</dd>" in page and "<dd>active</dd>" in page
    assert "<dd>James Carter</dd>" in page and '<dd class="automated">running</dd>' in page
    assert "Consent history" in page and "opted out" in page and "STOP" in page
    assert "opted in" in page and "START" in page
    assert "Case notes" in page
    assert "55 W Monroe St" in page and "scheduled" in page  # the appointment
    assert "Goal: Barista" in page and "Finish the food safety course" in page
    assert "Union Station Cafe" in page and "Barista trainee" in page
    assert "day 7 (" in page and "day 90 (" in page  # the follow-up ladder
    assert "Export this record" in page and "/export.csv" in page and "/export.json" in page


def test_the_transcript_tells_client_bot_and_staff_apart(
    browser: MakeBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("Can I move my meeting?")
    james = signed_in(browser)
    alex = _id(demo_staff)
    james.submit(f"/clients/{alex}", f"/clients/{alex}/reply", text="Yes, call me")
    page = james.read(f"/clients/{alex}")
    assert '<li class="inbound inbound"' in page and "Alex wrote" in page
    assert '<li class="outbound bot"' in page and "Sent to the client" in page
    assert '<li class="outbound staff"' in page and "James Carter wrote to the client" in page
    assert page.index("Can I move my meeting?") < page.index("Yes, call me")  # newest last
    assert "delivery: pending" in page


def test_a_failed_text_says_why_in_words(
    twilio_app: Flask, fake: FakeTwilio, phone_for: PhoneFor, demo_staff: Session
) -> None:
    fake.fail_for(ALEX, 21614)
    phone_for(twilio_app, ALEX).text("hello?")
    james = StaffBrowser(twilio_app.test_client())
    james.sign_in(JAMES)
    alex = _id(demo_staff)
    james.submit(f"/clients/{alex}", f"/clients/{alex}/reply", text="Call me")
    send_once(twilio_app, utcnow())
    page = james.read(f"/clients/{alex}")
    assert "Not delivered: this number cannot receive texts (Twilio error 21614)" in page


def test_the_latest_texts_show_with_a_link_to_earlier_ones(
    browser: MakeBrowser, demo_staff: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_module, "PAGE", 3)
    with demo_staff.begin():
        client = client_by_phone(demo_staff, ALEX)
        for n in range(5):
            demo_staff.add(
                Message(
                    client_id=client.id,
                    direction="inbound",
                    phone=ALEX,
                    body=f"text number {n}",
                    status="processed",
                )
            )
    james = signed_in(browser)
    alex = _id(demo_staff)
    page = james.read(f"/clients/{alex}")
    assert "text number 1" not in page and "text number 2" in page and "text number 4" in page
    assert "Showing the latest 3 texts." in page
    [earlier] = look(demo_staff, select(Message.id).where(Message.body == "text number 2"))
    assert f"/clients/{alex}?before={earlier[0]}#conversation" in page
    older = james.read(f"/clients/{alex}?before={earlier[0]}")
    assert "text number 0" in older and "text number 1" in older and "text number 2" not in older
    assert "data-poll" not in older  # earlier texts: nothing new to fetch there


def test_pause_and_resume_like_the_cli_and_audited(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    james = signed_in(browser)
    alex = _id(demo_staff)
    page = f"/clients/{alex}"
    james.submit(page, f"{page}/pause", note="in hospital")
    shown = james.read(page)
    assert "automated texts paused for Alex Johnson (DEMO-1001)" in shown
    assert "paused by staff since" in shown and "Resume automated texts" in shown
    assert "in hospital" in shown  # the case note
    james.submit(page, f"{page}/resume")
    shown = james.read(page)
    assert "automated texts resumed for Alex Johnson (DEMO-1001)" in shown
    assert '<dd class="automated">running</dd>' in shown
    done = audits(demo_staff, "pause_client", "resume_client")
    assert done == [
        (JAMES, "pause_client", "client DEMO-1001"),
        (JAMES, "resume_client", "client DEMO-1001"),
    ]
    assert client_by_phone(demo_staff, ALEX).paused_at is None


def test_the_reply_reaches_twilio_as_the_staff_members_text_and_acknowledges(
    twilio_app: Flask, fake: FakeTwilio, phone_for: PhoneFor, demo_staff: Session
) -> None:
    phone_for(twilio_app, ALEX).text("see you friday")  # a routine escalation for James
    james = StaffBrowser(twilio_app.test_client())
    james.sign_in(JAMES)
    alex = _id(demo_staff)
    answer = james.submit(f"/clients/{alex}", f"/clients/{alex}/reply", text="Friday at 3 then!")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("#reply")
    assert "Your text to Alex is on its way." in james.read(f"/clients/{alex}")
    [(james_id,)] = look(demo_staff, select(Staff.id).where(Staff.email == JAMES))
    assert ("Friday at 3 then!", james_id, "staff") in _texts_to(demo_staff, ALEX)
    assert escalations_of(demo_staff)[0][2] == EscalationState.ACKNOWLEDGED.value
    send_once(twilio_app, utcnow())
    assert (ALEX, "Friday at 3 then!") in [(m["to"], m["body"]) for m in fake.messages]
    done = [a[1:] for a in audits(demo_staff, "ack_escalation", "reply_client")]
    assert ("reply_client", "client DEMO-1001") in done
    assert any(action == "ack_escalation" for action, _ in done)


def test_count_shows_the_figures_without_sending(browser: MakeBrowser, demo_staff: Session) -> None:
    james = signed_in(browser)
    alex = _id(demo_staff)
    answer = james.submit(
        f"/clients/{alex}", f"/clients/{alex}/reply", text="¿Qué tal? 🙂", count="1"
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "11 characters · UCS-2 · 1 segments" in page
    assert "¿Qué tal? 🙂</textarea>" in page
    assert _texts_to(demo_staff, ALEX) == []


def test_an_opted_out_client_is_warned_of_and_sending_is_refused(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    with demo_staff.begin():
        client = client_by_phone(demo_staff, ALEX)
        consent.record(
            demo_staff, phone=ALEX, client=client, kind=ConsentKind.OPT_OUT, method="keyword"
        )
    james = signed_in(browser)
    alex = _id(demo_staff)
    page = james.read(f"/clients/{alex}")
    assert "This client opted out: botapp sends them nothing." in page
    answer = james.submit(f"/clients/{alex}", f"/clients/{alex}/reply", text="Hi")
    assert answer.status_code == 400
    assert "Not sent: this client opted out of texts" in answer.get_data(as_text=True)
    assert _texts_to(demo_staff, ALEX) == []
    assert not audits(demo_staff, "reply_client")


def test_the_quiet_hours_are_warned_of_but_do_not_hold_the_text(
    browser: MakeBrowser, demo_staff: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    night = datetime(2026, 3, 10, 5, 30, tzinfo=UTC)  # 23:30 in Chicago (CDT)
    monkeypatch.setattr(page_module, "utcnow", lambda: night)
    james = signed_in(browser)
    alex = _id(demo_staff)
    page = james.read(f"/clients/{alex}")
    assert "for Alex: their quiet hours. A text from you still goes at once." in page
    monkeypatch.setattr(page_module, "utcnow", lambda: datetime(2026, 3, 10, 17, tzinfo=UTC))
    assert "their quiet hours" not in james.read(f"/clients/{alex}")


def test_polling_returns_only_newer_texts_and_is_not_audited(
    browser: MakeBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("first")
    james = signed_in(browser)
    alex = _id(demo_staff)
    james.read(f"/clients/{alex}")
    [(last,)] = look(demo_staff, select(func.max(Message.id)))  # "first" and botapp's answer
    quiet = james.http.get(f"/clients/{alex}/texts?after={last}").get_json()
    assert quiet["html"].strip() == "" and quiet["last"] == last
    phone(ALEX).text("second one")
    found = james.http.get(f"/clients/{alex}/texts?after={last}").get_json()
    assert "second one" in found["html"] and "first" not in found["html"]
    assert found["last"] > last
    again = james.http.get(f"/clients/{alex}/texts?after={found['last']}").get_json()
    assert "second one" not in again["html"]
    assert len(audits(demo_staff, "read_case")) == 1  # the page, not each poll


@pytest.mark.parametrize("path", ["/texts?after=0", "/export.csv", "/export.json"])
def test_the_endpoints_are_404_outside_ones_scope(
    browser: MakeBrowser, demo_staff: Session, path: str
) -> None:
    lucia = _id(demo_staff, LUCIA)
    james = signed_in(browser)
    assert james.http.get(f"/clients/{lucia}{path}").status_code == 404
    assert james.http.get(f"/clients/987654{path}").status_code == 404
    assert signed_in(browser, MARIA).http.get(f"/clients/{lucia}{path}").status_code == 200


@pytest.mark.parametrize("action", ["pause", "resume", "reply"])
def test_the_actions_are_404_outside_ones_scope(
    browser: MakeBrowser, demo_staff: Session, action: str
) -> None:
    lucia, alex = _id(demo_staff, LUCIA), _id(demo_staff)
    james = signed_in(browser)
    token = james.token(f"/clients/{alex}")
    form = {"csrf_token": token, "text": "hi", "send": "1"}
    assert james.http.post(f"/clients/{lucia}/{action}", data=form).status_code == 404
    assert client_by_phone(demo_staff, LUCIA).paused_at is None
    assert _texts_to(demo_staff, LUCIA) == []


def test_the_export_is_the_clis_and_audited(
    browser: MakeBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("=HYPERLINK(1)")
    james = signed_in(browser)
    alex = _id(demo_staff)
    answer = james.http.get(f"/clients/{alex}/export.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert 'filename="texts-DEMO-1001.csv"' in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(StringIO(answer.get_data(as_text=True))))
    assert "'=HYPERLINK(1)" in [row["body"] for row in rows]
    data = json.loads(james.http.get(f"/clients/{alex}/export.json").get_data(as_text=True))
    assert "=HYPERLINK(1)" in [row["body"] for row in data]
    assert {row["client_external_id"] for row in data} == {"DEMO-1001"}
    exports = audits(demo_staff, "export_messages")
    assert len(exports) == 2 and all(actor == JAMES for actor, _, _ in exports)


def test_polling_does_not_keep_an_idle_session_alive(
    browser: MakeBrowser, demo_staff: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import botapp.web.staff.auth

    james = signed_in(browser)
    alex = _id(demo_staff)
    james.read(f"/clients/{alex}")
    start = utcnow()
    for hours in (3, 6, 9):  # an open page polls on; nobody touches it
        moment = start + timedelta(hours=hours)
        monkeypatch.setattr(botapp.web.staff.auth, "utcnow", lambda at=moment: at)
        james.http.get(f"/clients/{alex}/texts?after=0")
    assert james.http.get(f"/clients/{alex}").status_code == 302  # signed out after 8 hours


def test_the_spanish_specialist_reads_the_page_in_spanish(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    page = signed_in(browser, MARIA).read(f"/clients/{_id(demo_staff, LUCIA)}")
    assert "Historial de consentimiento" in page and "Responder al cliente" in page
    assert "Exportar este expediente" in page


def test_an_escalation_answered_on_the_web_is_in_the_case_record(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    with demo_staff.begin():
        client = client_by_phone(demo_staff, ALEX)
        number = escalations.raise_escalation(
            demo_staff, client, Reason.NEEDS_HELP, Severity.TODAY, None
        ).id
    james = signed_in(browser)
    alex = _id(demo_staff)
    james.submit(f"/clients/{alex}", f"/clients/{alex}/reply", text="On my way")
    page = james.read(f"/clients/{alex}")
    assert f"Escalation {number}: James Carter texted the client from the web app." in page
