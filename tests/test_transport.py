"""Outbound transports: the real twilio client against a fake Twilio, and the console."""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from botapp.config import Settings
from botapp.transport import OutboundSms, SendError, build_transport
from botapp.transport.console import ConsoleTransport
from botapp.transport.twilio import TwilioTransport
from tests.fake_twilio import FakeTwilio, num_segments

TO = "+13125550142"
FROM = "+13125550100"
SERVICE = "MG" + "a" * 32
BODY = "Job Connect: your appointment is Tue 3 Dec at 10:00. Reply C to confirm."


def settings_for(fake: FakeTwilio, **changes: Any) -> Settings:
    """Settings that send through `fake` from a plain number."""
    base = Settings(
        database_url="sqlite://",
        secret_key="test",
        public_base_url="https://sms.example.org",
        sms_transport="twilio",
        opt_out_handler="twilio",
        twilio_account_sid=fake.account_sid,
        twilio_auth_token=fake.auth_token,
        twilio_from_number=FROM,
        twilio_api_base_url=fake.base_url,
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    """A running fake Twilio with its own default credentials."""
    with FakeTwilio() as server:
        yield server


@pytest.fixture
def twilio(fake: FakeTwilio) -> Iterator[TwilioTransport]:
    """A TwilioTransport pointed at the fake."""
    transport = TwilioTransport(settings_for(fake), timeout=5)
    yield transport
    transport.close()


def send_error(transport: TwilioTransport, sms: OutboundSms | None = None) -> SendError:
    with pytest.raises(SendError) as info:
        transport.send(sms or OutboundSms(TO, BODY))
    return info.value


def test_send_from_a_number_returns_the_sid_twilio_recorded(
    fake: FakeTwilio, twilio: TwilioTransport
) -> None:
    result = twilio.send(OutboundSms(TO, BODY))
    [recorded] = fake.messages
    assert (result.sid, result.status) == (recorded["sid"], "queued")
    assert re.fullmatch(r"SM[0-9a-f]{32}", result.sid)
    assert (recorded["to"], recorded["from"], recorded["body"]) == (TO, FROM, BODY)
    assert recorded["messaging_service_sid"] is None
    assert recorded["num_segments"] == "1"


def test_send_through_a_messaging_service_uses_it_instead_of_a_from_number(
    fake: FakeTwilio,
) -> None:
    transport = TwilioTransport(settings_for(fake, twilio_messaging_service_sid=SERVICE))
    try:
        result = transport.send(OutboundSms(TO, BODY))
    finally:
        transport.close()
    [recorded] = fake.messages
    assert (result.sid, result.status) == (recorded["sid"], "accepted")
    assert (recorded["messaging_service_sid"], recorded["from"]) == (SERVICE, None)


def test_status_callback_is_passed_through(fake: FakeTwilio, twilio: TwilioTransport) -> None:
    callback = "https://sms.example.org/sms/status"
    twilio.send(OutboundSms(TO, BODY, status_callback=callback))
    twilio.send(OutboundSms(TO, BODY))
    assert [m["status_callback"] for m in fake.messages] == [callback, None]


def test_an_opted_out_recipient_is_a_send_error_with_code_21610(
    fake: FakeTwilio, twilio: TwilioTransport
) -> None:
    fake.fail_next(code=21610, status=400, message=f"Attempt to send to unsubscribed {TO}")
    error = send_error(twilio)
    assert (error.code, error.http_status, error.retry_after) == (21610, 400, None)
    assert TO not in str(error) and "0142" not in error.message
    assert fake.messages == []


def test_too_many_requests_is_a_429_with_retry_after(
    fake: FakeTwilio, twilio: TwilioTransport
) -> None:
    fake.fail_next(status=429, retry_after=2)
    error = send_error(twilio)
    assert (error.code, error.http_status, error.retry_after) == (20429, 429, 2.0)
    assert twilio.send(OutboundSms(TO, BODY)).status == "queued"  # only the next one failed


def test_a_server_error_is_a_send_error(fake: FakeTwilio, twilio: TwilioTransport) -> None:
    fake.fail_next(status=500)
    assert send_error(twilio).http_status == 500


def test_a_reply_slower_than_the_timeout_is_a_timeout_though_twilio_accepted_it(
    fake: FakeTwilio,
) -> None:
    fake.delay_next(5)
    impatient = TwilioTransport(settings_for(fake), timeout=0.2)
    try:
        error = send_error(impatient)
    finally:
        impatient.close()
    assert (error.message, error.code, error.http_status) == ("timeout", None, None)
    # Why callers must check before resending: the message may be on its way anyway.
    assert [m["to"] for m in fake.messages] == [TO]


def test_bad_credentials_are_a_401(fake: FakeTwilio) -> None:
    transport = TwilioTransport(settings_for(fake, twilio_auth_token="wrong"))
    try:
        error = send_error(transport)
    finally:
        transport.close()
    assert (error.code, error.http_status) == (20003, 401)


def test_nothing_listening_is_a_connection_error(fake: FakeTwilio) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    transport = TwilioTransport(
        settings_for(fake, twilio_api_base_url=f"http://127.0.0.1:{closed_port}")
    )
    try:
        assert send_error(transport).message == "connection error"
    finally:
        transport.close()


def test_failures_can_target_one_number(fake: FakeTwilio, twilio: TwilioTransport) -> None:
    other = "+13125550199"
    fake.fail_next(code=21211, to=other)
    fake.fail_for("+13125550177", code=21610)
    assert twilio.send(OutboundSms(TO, BODY)).status == "queued"
    assert send_error(twilio, OutboundSms(other, BODY)).code == 21211
    for _ in range(2):
        assert send_error(twilio, OutboundSms("+13125550177", BODY)).code == 21610


def test_a_delivery_error_is_accepted_then_shows_as_undelivered(
    fake: FakeTwilio, twilio: TwilioTransport
) -> None:
    fake.fail_for(TO, code=30005)
    sid = twilio.send(OutboundSms(TO, BODY)).sid
    fetched = twilio._client.messages(sid).fetch()
    assert (fetched.status, fetched.error_code) == ("undelivered", 30005)


def test_the_fake_lists_and_fetches_recorded_messages_like_twilio(
    fake: FakeTwilio, twilio: TwilioTransport
) -> None:
    sids = [twilio.send(OutboundSms(to, "hi")).sid for to in (TO, "+13125550199", TO)]
    listed = twilio._client.messages.list(to=TO)
    assert [m.sid for m in listed] == [sids[2], sids[0]]  # newest first, like Twilio
    assert twilio._client.messages(sids[1]).fetch().to == "+13125550199"
    with pytest.raises(Exception, match="404"):
        twilio._client.messages("SM" + "0" * 32).fetch()


def test_the_fake_rejects_a_send_without_to_or_body(fake: FakeTwilio) -> None:
    url = f"{fake.base_url}/2010-04-01/Accounts/{fake.account_sid}/Messages.json"
    auth = (fake.account_sid, fake.auth_token)
    with requests.Session() as http:
        no_to = http.post(url, data={"From": FROM, "Body": "hi"}, auth=auth, timeout=5)
        no_body = http.post(url, data={"From": FROM, "To": TO}, auth=auth, timeout=5)
    assert no_to.status_code == 400 and no_to.json()["code"] == 21604
    assert set(no_to.json()) == {"code", "message", "more_info", "status"}
    assert no_body.status_code == 400 and no_body.json()["code"] == 21602


def test_the_fake_counts_segments_like_twilio() -> None:
    assert [num_segments(b) for b in ("a" * 160, "a" * 161, "á" * 70, "á" * 71)] == [1, 2, 1, 2]
    assert num_segments("{" * 80) == 1 and num_segments("{" * 81) == 2


def test_logs_hold_neither_the_number_nor_the_body(
    fake: FakeTwilio, twilio: TwilioTransport, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    twilio.send(OutboundSms(TO, BODY))
    fake.fail_next(code=21610, message=f"unsubscribed {TO}")
    send_error(twilio)
    assert "+*******0142" in caplog.text
    assert TO not in caplog.text and "appointment" not in caplog.text


def test_console_prints_a_masked_number_and_the_body() -> None:
    out = io.StringIO()
    result = ConsoleTransport(out).send(OutboundSms(TO, "Reply C to confirm."))
    assert out.getvalue() == "[sms to +*******0142] Reply C to confirm.\n"
    assert re.fullmatch(r"SMconsole[0-9a-f]{32}", result.sid) and result.status == "sent"


def test_build_transport_picks_by_setting(fake: FakeTwilio) -> None:
    console = build_transport(settings_for(fake, sms_transport="console"))
    assert isinstance(console, ConsoleTransport)
    transport = build_transport(settings_for(fake))
    assert isinstance(transport, TwilioTransport)
    transport.close()
