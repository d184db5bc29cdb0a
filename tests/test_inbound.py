"""Stories of texts arriving at the signed webhook."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from botapp import db
from botapp.models import CaseNote, Client, Direction, Message
from tests.conftest import PUBLIC_URL, sign

ALEX = "+13125550142"  # demo client, English
LUCIA = "+13125550143"  # demo client, Spanish
STRANGER = "+13125550199"


def count(session: Session, model: type, *where: object) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_forged_signature_is_refused_and_nothing_is_written(client, phone, demo, caplog):
    form = phone(ALEX).form("my case number is 12345")
    resp = client.post(
        "/sms/inbound",
        data=form,
        headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms/inbound", form, "wrong")},
    )
    assert resp.status_code == 403
    assert client.post("/sms/inbound", data=form).status_code == 403  # unsigned
    assert count(demo, Message) == 0
    assert "12345" not in caplog.text and ALEX not in caplog.text


def test_a_signature_with_non_ascii_characters_is_refused_not_an_error(client, phone, demo):
    form = phone(ALEX).form("hello")
    forged = "é" + sign(PUBLIC_URL + "/sms/inbound", form)[1:]
    resp = client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": forged})
    assert resp.status_code == 403
    assert count(demo, Message) == 0


def test_signature_is_checked_against_public_url_not_request_url(client, phone, demo):
    form = phone(ALEX).form("hello")
    local = sign("http://localhost/sms/inbound", form)
    assert (
        client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": local}).status_code
        == 403
    )


def test_a_signature_over_the_url_with_its_port_is_accepted(client, phone, demo):
    # Twilio has signed with the default port written out; the exact URL is checked first,
    # then the library's own with- and without-port forms.
    form = phone(ALEX).form("hello")
    with_port = sign("https://sms.example.org:443/sms/inbound", form)
    resp = client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": with_port})
    assert resp.status_code == 200
    assert count(demo, Message, Message.twilio_sid == form["MessageSid"]) == 1


def test_a_client_text_lands_in_the_case_record_with_an_acknowledgement(phone, demo, caplog):
    replies = phone(ALEX).text("Can I move my meeting? 🙏")
    assert replies == ["Thanks, Alex. Your specialist will read your message and get back to you."]
    alex = demo.scalars(select(Client).where(Client.phone == ALEX)).one()
    inbound = demo.scalars(select(Message).where(Message.direction == Direction.INBOUND)).one()
    assert (inbound.client_id, inbound.body, inbound.status) == (
        alex.id,
        "Can I move my meeting? 🙏",
        "processed",
    )
    assert inbound.encoding == "UCS-2"
    reply = demo.scalars(select(Message).where(Message.in_reply_to_id == inbound.id)).one()
    assert (reply.encoding, reply.segments, reply.message_key) == ("GSM-7", 1, "sms.inbox.ack")
    assert (reply.status, reply.category, reply.priority) == ("pending", "reply", 0)
    assert demo.scalars(select(CaseNote.note_key).where(CaseNote.client_id == alex.id)).all() == [
        "note.inbox.message"
    ]
    assert "move my meeting" not in caplog.text and ALEX not in caplog.text


def test_the_acknowledgement_is_sent_once_a_day_not_for_every_text(phone, demo):
    alex = phone(ALEX)
    assert len(alex.text("first")) == 1
    assert alex.text("second") == []
    assert count(demo, CaseNote) == 2


def test_a_retried_webhook_gets_the_same_answer_and_writes_nothing_twice(phone, demo):
    alex = phone(ALEX)
    form = alex.form("HELP")
    first = alex.post(form)
    again = alex.post(form)
    assert first.status_code == again.status_code == 200
    assert first.get_data() == again.get_data() == alex.post(form).get_data()
    assert count(demo, Message, Message.twilio_sid == form["MessageSid"]) == 1
    assert count(demo, Message, Message.direction == Direction.OUTBOUND) == 1
    assert count(demo, CaseNote) == 1


def test_an_unknown_number_gets_one_generic_bilingual_reply_and_lands_in_the_unmatched_inbox(
    phone, demo
):
    stranger = phone(STRANGER)
    replies = stranger.text("hi is this the job program?")
    assert len(replies) == 1
    assert "Job Connect" not in replies[0]
    assert "could not find your number" in replies[0] and "No encontramos su número" in replies[0]
    assert stranger.text("hello??") == []
    unmatched = demo.scalars(
        select(Message).where(Message.direction == Direction.INBOUND, Message.client_id.is_(None))
    ).all()
    assert [m.body for m in unmatched] == ["hi is this the job program?", "hello??"]
    assert all(m.is_unmatched for m in unmatched)


def test_long_unicode_bodies_and_media_are_kept_whole(phone, demo):
    body = ("مرحبا Xin chào 👋🏽 " * 80)[:1600]
    phone(ALEX).text(
        body, NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME1", MediaContentType0="image/jpeg"
    )
    row = demo.scalars(select(Message).where(Message.direction == Direction.INBOUND)).one()
    assert row.body == body
    assert row.media == [{"url": "https://api.twilio.com/m/ME1", "content_type": "image/jpeg"}]


def test_malformed_posts_get_a_precise_400(phone, demo):
    alex = phone(ALEX)
    for field, value, words in [
        ("MessageSid", "", "MessageSid"),
        ("From", "not-a-number", "From"),
        ("Body", "x" * 1601, "1600"),
        ("NumMedia", "two", "NumMedia"),
    ]:
        resp = alex.post(alex.form("hi", **{field: value}))
        assert resp.status_code == 400
        assert words in resp.get_data(as_text=True)
    assert count(demo, Message) == 0


def test_healthz(client, app):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok"}


def _drop_pooled_connections(app) -> int:  # type: ignore[no-untyped-def]
    """Have PostgreSQL close every connection in the app's pool, as a restart does."""
    engine = app.extensions["botapp.engine"]
    raws = [engine.raw_connection() for _ in range(engine.pool.checkedin())]
    pids = []
    for raw in raws:
        cur = raw.cursor()
        cur.execute("SELECT pg_backend_pid()")
        pids.append(cur.fetchone()[0])
        cur.close()
        raw.close()  # back to the pool, stamped as just used
    admin = db.create_quiet_engine(engine.url)
    with admin.begin() as conn:
        for pid in pids:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    return len(pids)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_text_arriving_just_after_a_database_restart_is_recorded_once(app, phone, demo, caplog):
    alex = phone(ALEX)
    alex.post(alex.form("before"), handle=False)
    assert _drop_pooled_connections(app) >= 1
    form = alex.form("right after the restart")
    assert alex.post(form, handle=False).status_code == 200
    # The pooled connection was used again at once (no ping), found dead, and the text written
    # on a new one.
    assert "database connection lost while recording a text" in caplog.text
    assert count(demo, Message, Message.twilio_sid == form["MessageSid"]) == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_connection_idle_in_the_pool_is_pinged_before_use(app, phone, demo, caplog, monkeypatch):
    alex = phone(ALEX)
    alex.post(alex.form("before"), handle=False)
    assert _drop_pooled_connections(app) >= 1
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)  # as if they had sat there for a while
    form = alex.form("after a quiet night")
    assert alex.post(form, handle=False).status_code == 200
    assert "database connection lost" not in caplog.text  # replaced before the INSERT
    assert count(demo, Message, Message.twilio_sid == form["MessageSid"]) == 1
