"""The staff web app's Escalations, Inbox and Clients pages and Today's further sections:
filters, actions (acknowledge, text the client, resolve, reassign, link, dismiss), refusals
shown as messages, and who may open what (role × route × someone else's id: a 404 outside
one's scope, audited). On SQLite and PostgreSQL; the real browser is
tests/test_staff_queues_browser.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.escalations import service as escalations
from botapp.models import (
    Agency,
    Appointment,
    AppointmentStatus,
    CaseNote,
    Client,
    Escalation,
    EscalationState,
    Message,
    MessageStatus,
    Office,
    Reason,
    Severity,
    Staff,
)
from botapp.services.clients import ClientFields, upsert_client
from tests.support import (
    ADMIN,
    ALEX,
    DANA,
    JAMES,
    LUCIA,
    MARIA,
    MakeBrowser,
    MakePhone,
    StaffBrowser,
    audits,
    client_by_phone,
    look,
)

STRANGER = "+13125550199"  # a number no client nor staff member has
GUESSED = 987654


def signed_in(browser: MakeBrowser, email: str) -> StaffBrowser:
    """A browser in which `email` signed in with the demo password."""
    staff = browser()
    assert staff.sign_in(email).status_code == 302
    return staff


def _escalate(
    session: Session, phone: str, severity: Severity, reason: Reason = Reason.NEEDS_HELP
) -> int:
    """Raise an escalation for the client at `phone`; its number."""
    with session.begin():
        client = client_by_phone(session, phone)
        number = escalations.raise_escalation(session, client, reason, severity, None).id
    return number


def _escalation(session: Session, number: int) -> tuple[EscalationState, str | None, str | None]:
    """The escalation's state, its holder's email and its outcome note, as committed."""
    [row] = look(
        session,
        select(Escalation.state, Staff.email, Escalation.outcome)
        .outerjoin(Staff, Escalation.holder_id == Staff.id)
        .where(Escalation.id == number),
    )
    return row


@pytest.fixture
def noor(demo_staff: Session) -> int:
    """A client of another office, Noor, with an open escalation; her id."""
    with demo_staff.begin():
        agency = demo_staff.scalars(select(Agency)).one()
        office = Office(agency_id=agency.id, name="North")
        demo_staff.add(office)
        demo_staff.flush()
        fields = ClientFields("N-1", "Noor", "Haddad", "+13125550177", "en", "America/Chicago")
        client, _ = upsert_client(demo_staff, office, fields)
        escalations.raise_escalation(demo_staff, client, Reason.NEEDS_HELP, Severity.TODAY, None)
        return client.id


# The Escalations page.


def test_the_queue_filters_by_state_severity_and_specialist(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    urgent = _escalate(demo_staff, ALEX, Severity.URGENT, Reason.CRISIS)
    routine = _escalate(demo_staff, LUCIA, Severity.ROUTINE, Reason.ROUTINE_INBOX)
    dana = signed_in(browser, DANA)
    page = dana.read("/escalations")
    assert page.index(f">#{urgent}<") < page.index(f">#{routine}<")
    assert f">#{routine}<" not in dana.read("/escalations?severity=urgent")
    james_id = look(demo_staff, select(Staff.id).where(Staff.email == JAMES))[0][0]
    page = dana.read(f"/escalations?specialist={james_id}")
    assert "Alex J." in page and "Lucía H." not in page
    assert "No escalation matches" in dana.read("/escalations?state=resolved")
    assert audits(demo_staff, "read_escalations")[-1][0] == DANA


def test_acknowledge_reply_and_resolve_from_the_escalation_page(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    number = _escalate(demo_staff, ALEX, Severity.URGENT)
    james = signed_in(browser, JAMES)
    page = f"/escalations/{number}"
    answer = james.submit(page, f"/escalations/{number}/acknowledge", back="escalation")
    assert answer.headers["Location"] == page
    assert f"Escalation {number} acknowledged" in james.read(page)
    assert (
        james.submit(page, f"/escalations/{number}/reply", text=" See you at 3 ").status_code == 302
    )
    assert f"Sent to Alex J. (#{number})." in james.read(page)
    [(body, by)] = look(
        demo_staff,
        select(Message.body, Staff.email)
        .join(Staff, Message.sent_by_id == Staff.id)
        .where(Message.phone == ALEX),
    )
    assert (body, by) == ("See you at 3", JAMES)
    james.submit(page, f"/escalations/{number}/resolve", outcome="Called her, rescheduled")
    assert f"Escalation {number} resolved." in james.read(page)
    assert _escalation(demo_staff, number) == (
        EscalationState.RESOLVED,
        JAMES,
        "Called her, rescheduled",
    )
    done = [(a, d) for _, a, d in audits(demo_staff) if d.startswith(f"escalation {number}")]
    assert ("ack_escalation", f"escalation {number}") in done
    assert ("relay_text", f"escalation {number}, on the web") in done
    assert ("resolve_escalation", f"escalation {number}") in done


def test_refusals_are_messages_and_change_nothing(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    number = _escalate(demo_staff, ALEX, Severity.URGENT)
    james = signed_in(browser, JAMES)
    page = f"/escalations/{number}"
    james.submit(page, f"/escalations/{number}/reply", text="   ")
    assert "Nothing was sent" in james.read(page)
    james.submit(page, f"/escalations/{number}/resolve")
    token = james.token("/")
    answer = james.http.post(f"/escalations/{number}/resolve", data={"csrf_token": token})
    assert answer.status_code == 302
    assert f"escalation {number} is already resolved" in james.read(page)
    answer = james.http.post(
        f"/escalations/{number}/reply", data={"csrf_token": token, "text": "hello"}
    )
    assert f"Escalation #{number} is closed: nothing was sent." in james.read(page)
    assert look(demo_staff, select(Message.id).where(Message.sent_by_id.is_not(None))) == []


def test_reassigning_moves_the_holder_and_alerts_them(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    number = _escalate(demo_staff, ALEX, Severity.URGENT)
    [(dana_id,)] = look(demo_staff, select(Staff.id).where(Staff.email == DANA))
    [(maria_id,)] = look(demo_staff, select(Staff.id).where(Staff.email == MARIA))
    james = signed_in(browser, JAMES)
    page = f"/escalations/{number}"
    james.submit(page, f"/escalations/{number}/reassign", staff=str(maria_id))
    assert "María López may not hold escalation" in james.read(page)  # not her caseload
    james.submit(page, f"/escalations/{number}/reassign", staff=str(dana_id))
    assert f"Escalation {number} given to Dana Reed; they are alerted." in james.read(page)
    assert _escalation(demo_staff, number)[1] == DANA
    notes = look(
        demo_staff, select(CaseNote.params).where(CaseNote.note_key == "note.escalation.moved")
    )
    assert notes and notes[-1][0]["holder"] == "Dana Reed"
    assert (JAMES, "reassign_escalation", f"escalation {number} to {DANA}") in audits(demo_staff)


# Who may open what on the Escalations page: James's Alex, María's Lucía, Noor, a guessed id.
MATRIX = {
    JAMES: {"alex": True, "lucia": False, "noor": False, "guessed": False},
    MARIA: {"alex": False, "lucia": True, "noor": False, "guessed": False},
    DANA: {"alex": True, "lucia": True, "noor": False, "guessed": False},
    ADMIN: {"alex": True, "lucia": True, "noor": True, "guessed": False},
}
CASES = [(email, whose, ok) for email, row in MATRIX.items() for whose, ok in row.items()]
ROUTES = ["", "/reply", "/resolve", "/reassign"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(("email", "whose", "allowed"), CASES)
def test_escalation_routes_answer_only_within_ones_scope(
    browser: MakeBrowser,
    demo_staff: Session,
    noor: int,
    route: str,
    email: str,
    whose: str,
    allowed: bool,
) -> None:
    phones = {"alex": ALEX, "lucia": LUCIA}
    if whose in phones:
        number = _escalate(demo_staff, phones[whose], Severity.TODAY)
    elif whose == "noor":
        [(number,)] = look(demo_staff, select(Escalation.id).where(Escalation.client_id == noor))
    else:
        number = GUESSED
    staff = signed_in(browser, email)
    if route:
        answer = staff.submit("/", f"/escalations/{number}{route}", text="hi", outcome="done")
    else:
        answer = staff.http.get(f"/escalations/{number}")
    assert answer.status_code == ((302 if route else 200) if allowed else 404)
    if not allowed:
        denied = [actor for actor, action, _ in audits(demo_staff) if action.endswith("_denied")]
        assert denied == [email]
        if whose != "guessed":
            assert _escalation(demo_staff, number)[0] is EscalationState.OPEN


# The Inbox page.


def test_supervisors_link_an_unknown_numbers_texts_to_a_client(
    browser: MakeBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    stranger = phone(STRANGER)
    stranger.text("Hi, this is Alex, new phone")
    stranger.text("Can you call me?")
    dana = signed_in(browser, DANA)
    page = dana.read("/inbox")
    assert "Can you call me?" in page and STRANGER in page
    [(first,)] = look(
        demo_staff,
        select(Message.id).where(Message.body == "Hi, this is Alex, new phone"),
    )
    dana.submit("/inbox", f"/inbox/{first}/link", external_id="NO-SUCH")
    assert "No client you may read has the case id NO-SUCH" in dana.read("/inbox")
    dana.submit("/inbox", f"/inbox/{first}/link", external_id="DEMO-1001")
    page = dana.read("/inbox")
    assert "2 text(s) joined the record of Alex Johnson." in page
    assert "Can you call me?" not in page
    alex = client_by_phone(demo_staff, ALEX).id
    demo_staff.rollback()
    record = dana.read(f"/clients/{alex}")
    assert "Can you call me?" in record and "linked texts from a number not on file" in record
    assert (DANA, "link_unmatched", f"text {first} to client DEMO-1001") in audits(demo_staff)


def test_dismissing_takes_a_text_off_the_inbox_and_the_cli_list(
    browser: MakeBrowser, demo_staff: Session, phone: MakePhone
) -> None:
    phone(STRANGER).text("wrong number sorry")
    [(text_id,)] = look(demo_staff, select(Message.id).where(Message.body == "wrong number sorry"))
    admin = signed_in(browser, ADMIN)
    admin.submit("/inbox", f"/inbox/{text_id}/dismiss")
    page = admin.read("/inbox")
    assert "The text was dismissed." in page and "wrong number sorry" not in page
    assert look(demo_staff, select(Message.status).where(Message.id == text_id)) == [
        (MessageStatus.DISMISSED,)
    ]
    admin.submit("/inbox", f"/inbox/{text_id}/dismiss")
    assert "That text is no longer in the inbox" in admin.read("/inbox")


@pytest.mark.parametrize("route", ["", "/1/link", "/1/dismiss"])
@pytest.mark.parametrize(
    ("email", "allowed"), [(JAMES, False), (MARIA, False), (DANA, True), (ADMIN, True)]
)
def test_specialists_do_not_get_the_inbox(
    browser: MakeBrowser, demo_staff: Session, route: str, email: str, allowed: bool
) -> None:
    staff = signed_in(browser, email)
    answer = staff.submit("/", f"/inbox{route}") if route else staff.http.get("/inbox")
    assert answer.status_code == ((302 if route else 200) if allowed else 404)
    denied = audits(demo_staff, *(f"{a}_unmatched_denied" for a in ("read", "link", "dismiss")))
    assert [actor for actor, _, _ in denied] == ([] if allowed else [email])
    assert ("Inbox</a>" in staff.read("/")) is allowed


def test_linking_to_a_client_outside_ones_scope_is_refused(
    browser: MakeBrowser, demo_staff: Session, phone: MakePhone, noor: int
) -> None:
    phone(STRANGER).text("hello?")
    [(text_id,)] = look(demo_staff, select(Message.id).where(Message.body == "hello?"))
    dana = signed_in(browser, DANA)
    dana.submit("/inbox", f"/inbox/{text_id}/link", external_id="N-1")
    assert "No client you may read has the case id N-1" in dana.read("/inbox")
    assert look(demo_staff, select(Message.client_id).where(Message.id == text_id)) == [(None,)]


# The Clients page.


@pytest.mark.parametrize(
    ("email", "search", "found", "not_found"),
    [
        (JAMES, "", ["Johnson, Alex", "Williams, Tyrone"], ["Hernández"]),
        (JAMES, "john", ["Johnson, Alex"], ["Williams"]),
        (JAMES, "alex j", ["Johnson, Alex"], ["Williams"]),
        (JAMES, "(312) 555-0142", ["Johnson, Alex"], ["Williams"]),
        (JAMES, "DEMO-1003", ["Williams, Tyrone"], ["Johnson"]),
        (JAMES, "hern", [], ["Hernández"]),  # María's client: not found
        (DANA, "hern", ["Hernández, Lucía"], ["Johnson"]),
        (DANA, "hernandez", ["Hernández, Lucía"], ["Johnson"]),  # no accent typed
        (DANA, "LUCÍA", ["Hernández, Lucía"], ["Johnson"]),
        (DANA, "lucia hernan", ["Hernández, Lucía"], ["Johnson"]),
        (ADMIN, "N-1", ["Haddad, Noor"], []),
        (DANA, "N-1", [], ["Haddad"]),
    ],
)
def test_the_client_search_finds_only_clients_in_scope(
    browser: MakeBrowser,
    demo_staff: Session,
    noor: int,
    email: str,
    search: str,
    found: list[str],
    not_found: list[str],
) -> None:
    page = signed_in(browser, email).read(f"/clients?q={search}")
    assert all(name in page for name in found), found
    assert not any(name in page for name in not_found), not_found
    if not found:
        assert "No client matches." in page
    assert audits(demo_staff, "search_clients")[-1][0] == email


def test_a_renamed_client_is_found_by_the_new_name_only(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    with demo_staff.begin():
        lucia = demo_staff.scalars(select(Client).where(Client.phone == LUCIA)).one()
        office = demo_staff.get(Office, lucia.office_id)
        assert office is not None
        fields = ClientFields(
            lucia.external_id, "Lucía", "Núñez Ortiz", LUCIA, "es", "America/Chicago"
        )
        upsert_client(demo_staff, office, fields)
    dana = signed_in(browser, DANA)
    assert "Núñez Ortiz, Lucía" in dana.read("/clients?q=nunez")
    assert "No client matches." in dana.read("/clients?q=hernandez")


def test_the_client_list_filters_and_pages(browser: MakeBrowser, demo_staff: Session) -> None:
    dana = signed_in(browser, DANA)
    page = dana.read("/clients?language=es")
    assert "Hernández, Lucía" in page and "Johnson" not in page
    with demo_staff.begin():
        demo_staff.execute(update(Client).where(Client.phone == ALEX).values(status="closed"))
    page = dana.read("/clients?status=closed")
    assert "Johnson, Alex" in page and "Williams" not in page
    with demo_staff.begin():
        office = demo_staff.scalars(select(Office)).first()
        assert office is not None
        for n in range(60):
            fields = ClientFields(
                f"P-{n}", "Zed", f"Zz{n:02d}", f"+1312555{2000 + n}", "en", "America/Chicago"
            )
            upsert_client(demo_staff, office, fields)
    first = dana.read("/clients?q=zz")
    assert "Zz00" in first and "Zz59" not in first and "Next page" in first
    second = dana.read("/clients?q=zz&page=2")
    assert "Zz59" in second and "Zz00" not in second and "Previous page" in second


# Today's further sections.


def test_today_shows_waiting_appointments_quiet_and_unreachable_clients(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    _escalate(demo_staff, ALEX, Severity.ROUTINE, Reason.ROUTINE_INBOX)
    _escalate(demo_staff, LUCIA, Severity.TODAY, Reason.UNREACHABLE)
    with demo_staff.begin():
        long_ago = utcnow() - timedelta(days=45)
        demo_staff.execute(update(Client).values(created_at=long_ago))
        alex = client_by_phone(demo_staff, ALEX)
        soon = utcnow() + timedelta(hours=20)
        demo_staff.add(
            Appointment(client=alex, kind="specialist", starts_at=soon, timezone="America/Chicago")
        )
        demo_staff.add(
            Appointment(
                client=alex,
                kind="interview",
                starts_at=soon + timedelta(days=3),  # not today nor tomorrow
                timezone="America/Chicago",
                status=AppointmentStatus.CONFIRMED,
            )
        )
    dana = signed_in(browser, DANA)
    today = dana.read("/")
    waiting = today[today.index("wait for a person") : today.index("Appointments today")]
    assert "Alex J." in waiting and "text to read" in waiting
    appointments = today[today.index("Appointments today") : today.index("No two-way")]
    assert "Alex J." in appointments and "not confirmed yet" in appointments
    assert ">confirmed<" not in appointments
    quiet = today[today.index("No two-way") : today.index("could not be reached")]
    assert "Tyrone W." in quiet and "Lucía H." in quiet
    unreachable = today[today.index("could not be reached") :]
    assert "Lucía H." in unreachable and "Alex J." not in unreachable
    james_id = look(demo_staff, select(Staff.id).where(Staff.email == JAMES))[0][0]
    narrowed = dana.read(f"/?specialist={james_id}")
    assert "Lucía H." not in narrowed and "Tyrone W." in narrowed


def test_a_specialist_today_keeps_to_their_caseload(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    _escalate(demo_staff, LUCIA, Severity.TODAY, Reason.UNREACHABLE)
    with demo_staff.begin():
        demo_staff.execute(update(Client).values(created_at=utcnow() - timedelta(days=45)))
    [(maria_id,)] = look(demo_staff, select(Staff.id).where(Staff.email == MARIA))
    today = signed_in(browser, JAMES).read(f"/?specialist={maria_id}")  # ignored
    assert "Lucía H." not in today and "Tyrone W." in today and "Show the clients of" not in today
