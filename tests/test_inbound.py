"""Stories of texts arriving at the signed webhook."""

from __future__ import annotations

import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import QueuePool, select, text
from sqlalchemy.orm import Session

from botapp import db
from botapp.config import engine_of
from botapp.models import CaseNote, Direction, Message, MessageStatus
from tests.support import (
    ALEX,
    PUBLIC_URL,
    STRANGER,
    MakePhone,
    client_by_phone,
    count,
    post_signed,
    sign,
)


def test_forged_signature_is_refused_and_nothing_is_written(
    client: FlaskClient, phone: MakePhone, demo: Session, caplog: pytest.LogCaptureFixture
) -> None:
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


def test_a_signature_with_non_ascii_characters_is_refused_not_an_error(
    client: FlaskClient, phone: MakePhone, demo: Session
) -> None:
    form = phone(ALEX).form("hello")
    forged = "é" + sign(PUBLIC_URL + "/sms/inbound", form)[1:]
    resp = client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": forged})
    assert resp.status_code == 403
    assert count(demo, Message) == 0


def test_signature_is_checked_against_public_url_not_request_url(
    client: FlaskClient, phone: MakePhone, demo: Session
) -> None:
    form = phone(ALEX).form("hello")
    local = sign("http://localhost/sms/inbound", form)
    assert (
        client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": local}).status_code
        == 403
    )


def test_a_signature_over_the_url_with_its_port_is_accepted(
    client: FlaskClient, phone: MakePhone, demo: Session
) -> None:
    form = phone(ALEX).form("hello")
    with_port = sign("https://sms.example.org:443/sms/inbound", form)
    resp = client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": with_port})
    assert resp.status_code == 200
    assert count(demo, Message, Message.twilio_sid == form["MessageSid"]) == 1


def test_a_client_text_lands_in_the_case_record_with_an_acknowledgement(
    phone: MakePhone, demo: Session, caplog: pytest.LogCaptureFixture
) -> None:
    replies = phone(ALEX).text("Can I move my meeting? 🙏")
    assert replies == ["Thanks, Alex. Your specialist will read your message and get back to you."]
    alex = client_by_phone(demo, ALEX)
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
        "note.inbox.message",
        "note.escalation.raised",  # a routine escalation: a person reads it
    ]
    assert "move my meeting" not in caplog.text and ALEX not in caplog.text


def test_the_acknowledgement_is_sent_once_a_day_not_for_every_text(
    phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    assert len(alex.text("first")) == 1
    assert alex.text("second") == []
    assert count(demo, CaseNote) == 4  # each text and its escalation (raised, raised again)


def test_a_retried_webhook_gets_the_same_answer_and_writes_nothing_twice(
    phone: MakePhone, demo: Session
) -> None:
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
    phone: MakePhone, demo: Session
) -> None:
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


def test_long_unicode_bodies_and_media_are_kept_whole(phone: MakePhone, demo: Session) -> None:
    body = ("مرحبا Xin chào 👋🏽 " * 80)[:1600]
    phone(ALEX).text(
        body, NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME1", MediaContentType0="image/jpeg"
    )
    row = demo.scalars(select(Message).where(Message.direction == Direction.INBOUND)).one()
    assert row.body == body
    assert row.media == [{"url": "https://api.twilio.com/m/ME1", "content_type": "image/jpeg"}]


def test_malformed_posts_get_a_precise_400(phone: MakePhone, demo: Session) -> None:
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


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("Body", "stop\x00", "Body contains a NUL"),
        ("OptOutType", "STOP\x00", "OptOutType contains a NUL"),
        ("MediaUrl0", "https://api.twilio.com/m/ME1\x00", "MediaUrl0 contains a NUL"),
        ("NumMedia", "2000000", "NumMedia is not a number from 0 to 10"),
        ("NumMedia", "11", "NumMedia"),
        ("NumMedia", "-1", "NumMedia"),
        ("NumMedia", "\u0661", "NumMedia"),  # an Arabic-Indic one: a digit, not ASCII
        ("MessageSid", "SM" + "a" * 32 + "\n", "MessageSid"),
        ("MessageSid", "SM" + "a" * 33, "MessageSid"),
    ],
)
def test_input_twilio_never_sends_gets_a_400_on_both_databases(
    phone: MakePhone,
    demo: Session,
    caplog: pytest.LogCaptureFixture,
    field: str,
    value: str,
    words: str,
) -> None:
    alex = phone(ALEX)
    form = {**alex.form("stop", MediaUrl0="https://api.twilio.com/m/ME1"), "NumMedia": "1"}
    resp = alex.post({**form, field: value})
    assert resp.status_code == 400 and words in resp.get_data(as_text=True)
    assert count(demo, Message) == 0
    assert ALEX not in caplog.text


def test_ten_media_are_accepted(phone: MakePhone, demo: Session) -> None:
    media = {f"MediaUrl{i}": f"https://api.twilio.com/m/ME{i}" for i in range(10)}
    phone(ALEX).text("photos", NumMedia="10", **media)
    row = demo.scalars(select(Message).where(Message.direction == Direction.INBOUND)).one()
    assert row.media is not None
    assert [m["url"] for m in row.media] == list(media.values())


def test_the_largest_webhook_twilio_sends_is_accepted(phone: MakePhone, demo: Session) -> None:
    body = "👋" * 800  # 1,600 UTF-16 units: Twilio's limit
    extra = {f"MediaUrl{i}": "https://api.twilio.com/" + "m" * 200 for i in range(10)}
    extra.update({f"MediaContentType{i}": "image/jpeg" for i in range(10)})
    extra.update({f"NewField{i}": "value" for i in range(60)})
    phone(ALEX).text(body[:800], NumMedia="10", **extra)
    assert count(demo, Message, Message.direction == Direction.INBOUND) == 1


@pytest.mark.parametrize(
    "form",
    [
        {"Body": "x" * 10_000_000},  # ~10 MB
        {f"p{i}": "" for i in range(1_000)},  # many small parameters under the byte cap
    ],
    ids=["10 MB", "1,000 parameters"],
)
def test_an_oversized_request_is_refused_before_its_signature_is_checked(
    client: FlaskClient, demo: Session, form: dict[str, str]
) -> None:
    started = time.perf_counter()
    resp = client.post("/sms/inbound", data=form, headers={"X-Twilio-Signature": "anything"})
    assert resp.status_code == 413
    assert time.perf_counter() - started < 1.0
    assert (
        client.post("/sms/status", data=form, headers={"X-Twilio-Signature": "x"}).status_code
        == 413
    )
    assert count(demo, Message) == 0


@pytest.mark.parametrize(
    ("sid", "error_code", "words"),
    [
        ("SM" + "b" * 31 + "\x00", "", "MessageSid"),  # was a 500 on PostgreSQL
        ("SM" + "b" * 32 + "\n", "", "MessageSid"),
        ("SM" + "b" * 32, "3" * 21, "ErrorCode must be at most 20"),  # was a 500 on PostgreSQL
        ("SM" + "b" * 32, "30003\x00", "ErrorCode"),
    ],
)
def test_a_malformed_status_callback_gets_a_400_and_changes_nothing(
    client: FlaskClient, demo: Session, sid: str, error_code: str, words: str
) -> None:
    known = "SM" + "b" * 32
    sent = Message(
        direction=Direction.OUTBOUND,
        phone=ALEX,
        body="hi",
        twilio_sid=known,
        status=MessageStatus.SENT,
    )
    with demo.begin():
        demo.add(sent)
    form = {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": error_code}
    resp = post_signed(client, "/sms/status", form)
    assert resp.status_code == 400 and words in resp.get_data(as_text=True)
    demo.expire_all()
    stored = demo.get_one(Message, sent.id)
    assert (stored.status, stored.error_code) == ("sent", None)
    form = {"MessageSid": known, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert post_signed(client, "/sms/status", form).status_code == 200


def test_healthz(client: FlaskClient, app: Flask) -> None:
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok"}


def _drop_pooled_connections(app: Flask) -> int:
    """Have PostgreSQL close every connection in the app's pool, as a restart does."""
    engine = engine_of(app)
    assert isinstance(engine.pool, QueuePool)
    raws = [engine.raw_connection() for _ in range(engine.pool.checkedin())]
    pids = []
    for raw in raws:
        cur = raw.cursor()
        cur.execute("SELECT pg_backend_pid()")
        found = cur.fetchone()
        assert found is not None
        pids.append(found[0])
        cur.close()
        raw.close()  # back to the pool, stamped as just used
    admin = db.create_quiet_engine(engine.url)
    with admin.begin() as conn:
        for pid in pids:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    return len(pids)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_text_arriving_just_after_a_database_restart_is_recorded_once(
    app: Flask, phone: MakePhone, demo: Session, caplog: pytest.LogCaptureFixture
) -> None:
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
def test_a_connection_idle_in_the_pool_is_pinged_before_use(
    app: Flask,
    phone: MakePhone,
    demo: Session,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alex = phone(ALEX)
    alex.post(alex.form("before"), handle=False)
    assert _drop_pooled_connections(app) >= 1
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)  # as if they had sat there for a while
    form = alex.form("after a quiet night")
    assert alex.post(form, handle=False).status_code == 200
    assert "database connection lost" not in caplog.text  # replaced before the INSERT
    assert count(demo, Message, Message.twilio_sid == form["MessageSid"]) == 1
