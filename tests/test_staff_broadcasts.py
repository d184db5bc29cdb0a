"""Broadcasts on the staff web app: an admin or a supervisor composes one (texts per language,
who gets it, the event), reads its preview, edits it, keeps templates; a mistake is said next
to its field and nothing is saved; a specialist, or a supervisor looking at a broadcast that is
not their office's, gets a 404 and the refusal is audited. Sent now, its texts are in the
outbox and its figures change as they go; scheduled, it waits; cancelled, what had not gone
never goes; the coming list downloads as CSV, audited. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.broadcasts.segment import Segment
from botapp.models import (
    BROADCAST_SCOPE,
    Agency,
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    BroadcastTemplate,
    Client,
    Message,
    MessageStatus,
    Office,
    Rsvp,
    Staff,
)
from tests.support import (
    ADMIN,
    DANA,
    JAMES,
    MakeApp,
    MakeBrowser,
    StaffBrowser,
    audits,
    count,
    fresh,
    look,
)

FAIR: dict[str, Any] = {
    "name": "Spring job fair",
    "text_en": "{event} on {date} at {time}, {place}.",
    "text_es": "{event}: {date} a las {time}, {place}.",
    "default_language": "en",
    "statuses": "active",
    "skip_questions": "y",
    "skip_escalations": "y",
    "event_name": "Job fair",
    "event_place": "Harold Washington Library",
    "event_date": "2030-06-03",
    "event_time": "10:00",
    "event_timezone": "America/Chicago",
    "ask_rsvp": "y",
}


def signed_in(browser: MakeBrowser, email: str) -> StaffBrowser:
    """A browser in which `email` signed in with the demo password."""
    staff = browser()
    assert staff.sign_in(email).status_code == 302
    return staff


def compose(staff: StaffBrowser, **changes: Any) -> Any:
    """Send the compose form with the spring fair's values, changed by `changes`."""
    form = {**FAIR, **changes}
    data = {"csrf_token": staff.token("/broadcasts/new"), **form}
    return staff.http.post("/broadcasts/new", data=data)


def only(session: Session) -> Broadcast:
    return fresh(session).scalars(select(Broadcast)).one()


def statewide(session: Session) -> int:
    """A draft of the whole agency (the admin's): no supervisor's to manage."""
    with session.begin():
        admin = session.scalars(select(Staff).where(Staff.email == ADMIN)).one()
        broadcast = Broadcast(
            agency_id=session.scalars(select(Office.agency_id)).one(),
            office_id=None,
            created_by=admin,
            name="Statewide",
            texts={"en": "Hi"},
            default_language="en",
            segment={},
        )
        session.add(broadcast)
        session.flush()
        return broadcast.id


def test_an_admin_composes_a_draft_and_reads_its_preview(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin = signed_in(browser, ADMIN)
    assert '<a href="/broadcasts">Broadcasts</a>' in admin.read("/")
    page = admin.read("/broadcasts/new")
    assert '<label for="text_es">Text in Spanish</label>' in page
    assert 'data-counts="text_en"' in page and "/staff/static/counter.js" in page
    answer = compose(admin)
    broadcast = only(demo_staff)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/broadcasts/{broadcast.id}"
    assert broadcast.status is BroadcastStatus.DRAFT and broadcast.office_id is None
    assert broadcast.event_at == datetime(2030, 6, 3, 15, 0, tzinfo=UTC)  # 10:00 in Chicago
    assert broadcast.ask_rsvp and broadcast.organiser is not None
    assert broadcast.organiser.email == ADMIN
    preview = admin.read(f"/broadcasts/{broadcast.id}")
    assert f"Broadcast {broadcast.id} created as a draft: Spring job fair" in preview
    assert "Job fair on Mon, Jun 3 at 10:00 AM, Harold Washington Library." in preview
    assert "Text in Spanish, for" in preview and "Reply STOP JOBS" in preview
    assert "recipients by language: en" in preview and "estimated cost $" in preview
    assert f'href="/broadcasts/{broadcast.id}/edit"' in preview
    assert audits(demo_staff, "create_broadcast", "preview_broadcast") == [
        (ADMIN, "create_broadcast", f"broadcast {broadcast.id}"),
        (ADMIN, "preview_broadcast", f"broadcast {broadcast.id}"),
    ]
    listing = admin.read("/broadcasts")
    assert f'<a href="/broadcasts/{broadcast.id}">Spring job fair</a>' in listing
    assert "whole agency" in listing and "draft" in listing


def test_the_preview_warns_of_quiet_hours_that_begin_before_the_last_text(
    make_app: MakeApp, demo_staff: Session
) -> None:
    slow = make_app(SENDER_MPS="0.001")  # six texts: 1 h 40 min
    number = statewide(demo_staff)
    with demo_staff.begin():
        agency = demo_staff.scalars(select(Agency)).one()
        agency.quiet_start, agency.quiet_end = time(20, 0), time(9, 0)
        ana = demo_staff.scalars(select(Client).where(Client.timezone == "America/New_York")).one()
        ana.timezone = "America/Los_Angeles"  # Chicago 3, Denver 1, Los Angeles 2
        broadcast = demo_staff.get_one(Broadcast, number)
        broadcast.send_at = datetime(2030, 1, 8, 0, 30, tzinfo=UTC)  # 18:30 in Chicago
    admin = StaffBrowser(slow.test_client())
    assert admin.sign_in(ADMIN).status_code == 302
    page = admin.read(f"/broadcasts/{number}")
    assert (
        '<p class="warning">WARNING: sending runs until about Mon, Jan 7, 8:10 PM America/Chicago, '
        "after quiet hours begin for 3 recipients (America/Chicago 3): texts that reach them "
        "after then wait until the morning there.</p>"
    ) in page
    assert "Start at Tue, Jan 8, 11:00 AM America/Chicago and every text goes out" in page


def test_the_segment_filters_and_guards_are_saved_as_chosen(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin = signed_in(browser, ADMIN)
    office = fresh(demo_staff).scalars(select(Office)).one().id
    answer = compose(
        admin,
        offices=[str(office)],
        languages=["es"],
        statuses=["active", "closed"],
        tags="Forklift, warehouse",
        zips="60601",
        counties="Cook",
        open_goal="yes",
        active_placement="no",
        skip_questions="",
        skip_texted="14",
    )
    assert answer.status_code == 302
    segment = Segment.from_json(only(demo_staff).segment)
    assert segment.office_ids == (office,) and segment.languages == ("es",)
    assert [s.value for s in segment.statuses] == ["active", "closed"]
    assert segment.tags == ("forklift", "warehouse") and segment.zip_codes == ("60601",)
    assert segment.counties == ("Cook",) and segment.open_goal is True
    assert segment.active_placement is False and not segment.skip_open_question
    assert segment.skip_open_escalation and segment.skip_texted_within_days == 14


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"name": ""}, "name", "A broadcast&#39;s name must be 1 to 200 characters."),
        ({"text_en": ""}, "text_en", "A text in the default language (en) is required"),
        ({"text_es": "Hola {first_name}"}, "text_es", "{first_name}"),
        ({"event_timezone": "Mars/Olympus"}, "event_timezone", "Mars/Olympus"),
        ({"event_time": ""}, "event_time", "Give both the date and the time."),
        ({"event_date": "3 June"}, "event_date", "Give a date as YYYY-MM-DD."),
        ({"event_date": "2020-06-03"}, "event_date", "has passed"),
        ({"event_date": "", "event_time": ""}, "ask_rsvp", "needs the event&#39;s date"),
        ({"skip_texted": "many"}, "skip_texted", "Give a whole number from 1 to 365."),
        ({"organiser": "nobody@example.org"}, "organiser", "nobody@example.org"),
        ({"deadline_date": "2030-06-04", "deadline_time": "09:00"}, "deadline_date", "after"),
    ],
)
def test_a_mistake_is_said_next_to_its_field_and_nothing_is_saved(
    browser: MakeBrowser, demo_staff: Session, changes: dict[str, str], field: str, said: str
) -> None:
    admin = signed_in(browser, ADMIN)
    answer = compose(admin, **changes)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Some fields need a change: see below." in page
    problem = page.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert said in problem
    assert f'id="{field}"' in page and 'aria-invalid="true"' in page
    assert count(demo_staff, Broadcast) == 0


def test_a_draft_is_edited_and_a_sending_one_no_longer_can_be(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin = signed_in(browser, ADMIN)
    compose(admin)
    broadcast = only(demo_staff).id
    form = admin.read(f"/broadcasts/{broadcast}/edit")
    assert 'value="Spring job fair"' in form and 'value="2030-06-03"' in form
    edited = {**FAIR, "name": "Summer job fair", "text_es": ""}
    answer = admin.submit(
        f"/broadcasts/{broadcast}/edit", f"/broadcasts/{broadcast}/edit", **edited
    )
    assert answer.status_code == 302
    changed = only(demo_staff)
    assert changed.name == "Summer job fair" and set(changed.texts) == {"en"}
    assert "recipients read a language with no text" in admin.read(f"/broadcasts/{broadcast}")
    demo_staff.rollback()
    with demo_staff.begin():
        demo_staff.get_one(Broadcast, broadcast).status = BroadcastStatus.SENDING
    answer = admin.submit(f"/broadcasts/{broadcast}", f"/broadcasts/{broadcast}/edit", **FAIR)
    assert (
        answer.status_code == 400
        and "only a draft or a scheduled broadcast can be changed" in answer.get_data(as_text=True)
    )
    assert only(demo_staff).name == "Summer job fair"


def test_a_supervisor_composes_for_their_office_only(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    dana = signed_in(browser, DANA)
    office = fresh(demo_staff).scalars(select(Office)).one().id
    page = dana.read("/broadcasts/new")
    assert f'<option value="{office}" selected>' in page
    assert compose(dana, offices=[str(office)]).status_code == 302
    assert only(demo_staff).office_id == office
    assert "Spring job fair" in dana.read("/broadcasts")


ROUTES = ["/broadcasts", "/broadcasts/new", "/broadcasts/templates", "/broadcasts/{id}"]


def test_a_specialist_sees_no_broadcast_nor_the_menu_entry(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    broadcast = statewide(demo_staff)
    james = signed_in(browser, JAMES)
    assert 'href="/broadcasts"' not in james.read("/")
    paths = [path.format(id=broadcast) for path in ROUTES] + [f"/broadcasts/{broadcast}/edit"]
    for path in paths:
        assert james.http.get(path).status_code == 404, path
    denied = audits(demo_staff, "broadcasts_denied")
    assert len(denied) == len(paths) and {who for who, _, _ in denied} == {JAMES}
    token = james.token("/")
    answer = james.http.post("/broadcasts/new", data={"csrf_token": token, **FAIR})
    assert answer.status_code == 404 and count(demo_staff, Broadcast) == 1


def test_a_broadcast_outside_the_supervisors_office_is_a_404(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    broadcast = statewide(demo_staff)
    dana = signed_in(browser, DANA)
    assert "Statewide" not in dana.read("/broadcasts")
    for path in (f"/broadcasts/{broadcast}", f"/broadcasts/{broadcast}/edit", "/broadcasts/999"):
        assert dana.http.get(path).status_code == 404, path
    assert audits(demo_staff, "preview_broadcast_denied", "update_broadcast_denied") == [
        (DANA, "preview_broadcast_denied", f"broadcast #{broadcast}"),
        (DANA, "update_broadcast_denied", f"broadcast #{broadcast}"),
        (DANA, "preview_broadcast_denied", "broadcast #999"),
    ]


TEMPLATE_ACTIONS = ("save_broadcast_template", "delete_broadcast_template")


def test_templates_are_saved_started_from_and_deleted(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin = signed_in(browser, ADMIN)
    page = "/broadcasts/templates"
    texts = {"text_en": "Hiring event {date}", "text_es": "Evento de empleo {date}"}
    saved = admin.submit(page, page, name="Hiring", default_language="en", **texts)
    assert saved.status_code == 302
    [template] = fresh(demo_staff).scalars(select(BroadcastTemplate)).all()
    assert template.texts == {"en": "Hiring event {date}", "es": "Evento de empleo {date}"}
    again = admin.submit(page, page, name="hiring", default_language="en", **texts)
    assert again.status_code == 400
    assert "There is already a template &#39;hiring&#39;." in again.get_data(as_text=True)
    form = admin.read(f"/broadcasts/new?template={template.id}")
    assert ">Evento de empleo {date}</textarea>" in form
    deleted = admin.submit(page, f"/broadcasts/templates/{template.id}/delete")
    assert deleted.status_code == 302 and count(demo_staff, BroadcastTemplate) == 0
    assert "Template deleted: Hiring" in admin.read(page)
    assert [action for _, action, _ in audits(demo_staff, *TEMPLATE_ACTIONS)] == [
        "save_broadcast_template",
        "delete_broadcast_template",
    ]


def test_a_spanish_reading_supervisor_gets_the_pages_and_refusals_in_spanish(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    with demo_staff.begin():
        demo_staff.scalars(select(Staff).where(Staff.email == DANA)).one().locale = "es"
    dana = signed_in(browser, DANA)
    page = dana.read("/broadcasts/new")
    assert "<h1>Nuevo aviso</h1>" in page and "Texto en español" in page
    assert '<a href="/broadcasts" aria-current="page">Avisos</a>' in page
    answer = compose(dana, event_time="")
    assert answer.status_code == 400
    assert "Escriba la fecha y la hora." in answer.get_data(as_text=True)
    answer = compose(dana, name="")
    assert answer.status_code == 400
    said = "El nombre de un aviso debe tener de 1 a 200 caracteres."
    assert said in answer.get_data(as_text=True)


# Sending, scheduling, cancelling, following.


def sent_draft(browser: MakeBrowser, session: Session) -> tuple[StaffBrowser, int]:
    """The admin's spring fair composed and sent now from its page; the admin and its number."""
    admin = signed_in(browser, ADMIN)
    compose(admin)
    number = only(session).id
    page = f"/broadcasts/{number}"
    assert admin.submit(page, f"{page}/send").status_code == 302
    return admin, number


def outbox(session: Session, number: int) -> list[MessageStatus]:
    """The statuses of the broadcast's texts in the outbox."""
    query = (
        select(Message.status)
        .join(BroadcastRecipient, BroadcastRecipient.message_id == Message.id)
        .where(BroadcastRecipient.broadcast_id == number, Message.category == BROADCAST_SCOPE)
    )
    return sorted(status for (status,) in look(session, query))


def test_send_now_puts_the_texts_in_the_outbox_and_the_figures_follow(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin, number = sent_draft(browser, demo_staff)
    broadcast = only(demo_staff)
    assert broadcast.status is BroadcastStatus.SENDING and broadcast.recipient_count
    queued = outbox(demo_staff, number)
    assert len(queued) == broadcast.recipient_count
    assert set(queued) == {MessageStatus.PENDING}
    page = admin.read(f"/broadcasts/{number}")
    assert f"Broadcast {number} is going out to {len(queued)} clients." in page
    assert "Status: sending" in page and 'data-poll="/broadcasts/' in page
    assert "/staff/static/broadcast.js" in page and "Send now" not in page
    figures = admin.http.get(f"/broadcasts/{number}/figures").get_json()
    assert figures["live"] is True and figures["status"] == "Status: sending"
    assert f'<td data-label="Waiting">{len(queued)}</td>' in figures["html"]
    demo_staff.rollback()
    with demo_staff.begin():
        first = demo_staff.scalars(
            select(Message)
            .join(BroadcastRecipient, BroadcastRecipient.message_id == Message.id)
            .where(BroadcastRecipient.broadcast_id == number)
            .order_by(Message.id)
        ).first()
        assert first is not None
        first.status = MessageStatus.DELIVERED
    figures = admin.http.get(f"/broadcasts/{number}/figures").get_json()
    assert '<td data-label="Delivered">1</td>' in figures["html"]
    # The page's load is audited; its polling (counts only, every 5 seconds) is not.
    read = (ADMIN, "read_broadcast", f"broadcast {number}")
    assert audits(demo_staff, "read_broadcast") == [read]
    listing = admin.read("/broadcasts")
    assert f'<td data-label="Recipients">{len(queued)}</td>' in listing
    assert '<td data-label="Delivered">1</td>' in listing
    assert [action for _, action, _ in audits(demo_staff, "send_broadcast")] == ["send_broadcast"]
    again = admin.submit(f"/broadcasts/{number}", f"/broadcasts/{number}/send")
    assert again.status_code == 302 and outbox(demo_staff, number) == sorted(
        [MessageStatus.DELIVERED] + [MessageStatus.PENDING] * (len(queued) - 1)
    )


def test_a_broadcast_is_scheduled_for_later_and_a_bad_time_is_refused(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin = signed_in(browser, ADMIN)
    compose(admin)
    number = only(demo_staff).id
    page = f"/broadcasts/{number}"
    admin.submit(page, f"{page}/schedule", day="someday", time="10:00")
    assert only(demo_staff).status is BroadcastStatus.DRAFT
    admin.submit(page, f"{page}/schedule", day="2030-05-20", time="09:30")
    scheduled = only(demo_staff)
    assert scheduled.status is BroadcastStatus.SCHEDULED
    assert scheduled.send_at == datetime(2030, 5, 20, 14, 30, tzinfo=UTC)  # Chicago, UTC-5
    assert outbox(demo_staff, number) == []
    shown = admin.read(page)
    assert f"Broadcast {number} will start" in shown and "Status: scheduled" in shown
    assert "Mon, May 20" in shown and "9:30" in shown
    assert [a for _, a, _ in audits(demo_staff, "schedule_broadcast")] == ["schedule_broadcast"]


def test_cancelling_mid_way_stops_what_has_not_gone(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin, number = sent_draft(browser, demo_staff)
    total = len(outbox(demo_staff, number))
    answer = admin.submit(f"/broadcasts/{number}", f"/broadcasts/{number}/cancel")
    assert answer.status_code == 302
    assert only(demo_staff).status is BroadcastStatus.CANCELLED
    assert outbox(demo_staff, number) == [MessageStatus.CANCELED] * total
    page = admin.read(f"/broadcasts/{number}")
    assert f"Broadcast {number} cancelled: 0 texts had gone" in page
    assert f"{total} were stopped." in page and "data-poll" not in page
    assert [a for _, a, _ in audits(demo_staff, "cancel_broadcast")] == ["cancel_broadcast"]


def test_the_coming_list_downloads_as_csv_audited(
    browser: MakeBrowser, demo_staff: Session
) -> None:
    admin, number = sent_draft(browser, demo_staff)
    demo_staff.rollback()
    with demo_staff.begin():
        [recipient, other] = demo_staff.scalars(
            select(BroadcastRecipient)
            .where(BroadcastRecipient.broadcast_id == number)
            .order_by(BroadcastRecipient.id)
            .limit(2)
        )
        recipient.rsvp, recipient.rsvp_at = Rsvp.YES, datetime(2030, 5, 1, 15, 0, tzinfo=UTC)
        other.rsvp, other.rsvp_at = Rsvp.NO, datetime(2030, 5, 1, 16, 0, tzinfo=UTC)
    page = admin.read(f"/broadcasts/{number}")
    assert 'href="/broadcasts/' in page and "Download the coming list (CSV)" in page
    answer = admin.http.get(f"/broadcasts/{number}/coming.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    lines = answer.get_data(as_text=True).splitlines()
    assert lines[0].startswith("case_id,first_name,last_name") and len(lines) == 2
    assert audits(demo_staff, "export_broadcast_coming") == [
        (ADMIN, "export_broadcast_coming", f"broadcast {number}: 1 clients")
    ]
    dana = signed_in(browser, DANA)
    assert dana.http.get(f"/broadcasts/{number}/coming.csv").status_code == 404
    assert dana.http.get(f"/broadcasts/{number}/figures").status_code == 404
