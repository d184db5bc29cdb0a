"""The email outbox, delivered to a real SMTP server: sent once per key, retried while the
server says "later", failed when it says "never", and resent with the same Message-ID after a
sender dies."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from botapp.config import ConfigError, SmtpSettings, load_settings, sessions_of, smtp_settings
from botapp.db import utcnow
from botapp.delivery import email
from botapp.models import Email, EmailStatus
from botapp.workers.threads import build_mailer
from tests.smtp_server import SmtpServer
from tests.support import (
    SENDER,
    Clock,
    MakeApp,
    app_env,
    count,
    fresh,
    procfile,
    send_emails,
    stop,
    wait_for,
)

ALERT = ("james.carter@agency.example", "Alex C. needs a call", "Case 42: asked for help.")


def _enqueue(app: Flask, key: str = "alert-42") -> None:
    with sessions_of(app).begin() as session:
        email.enqueue(session, *ALERT, key)


def _row(session: Session) -> Email:
    return fresh(session).scalars(select(Email)).one()


def test_an_enqueued_email_arrives_with_its_headers_and_a_message_id_from_its_row(
    mail_app: Flask, smtp: SmtpServer, session: Session
) -> None:
    _enqueue(mail_app)
    send_emails(mail_app)

    [received] = smtp.received
    row = _row(session)
    assert (received["From"], received["To"], received["Subject"]) == (SENDER, *ALERT[:2])
    assert received.get_content().strip() == ALERT[2]
    assert received["Message-ID"] == row.message_id
    assert row.message_id == email.message_id(row.id, "alert-42", SENDER)
    assert row.message_id.endswith("@agency.example>")
    assert smtp.envelopes == [(SENDER, [ALERT[0]])]
    assert (row.status, row.attempts, row.error_code) == (EmailStatus.SENT, 1, None)
    assert row.sent_at is not None and row.claim_token is None


def test_enqueuing_the_same_key_twice_sends_once(
    mail_app: Flask, smtp: SmtpServer, session: Session
) -> None:
    _enqueue(mail_app)
    _enqueue(mail_app)
    send_emails(mail_app)
    _enqueue(mail_app)  # after it was sent, too
    send_emails(mail_app)

    assert count(session, Email) == 1
    assert len(smtp.received) == 1


def test_a_server_that_says_later_is_tried_again_after_a_wait_and_gets_the_email_once(
    mail_app: Flask, smtp: SmtpServer, session: Session
) -> None:
    smtp.refuse("451 4.3.0 Try again later")
    _enqueue(mail_app)
    clock = Clock(utcnow())
    send_emails(mail_app, clock)
    row = _row(session)
    assert (row.status, row.error_code, row.attempts) == (EmailStatus.PENDING, "smtp-451", 1)
    assert row.next_attempt_at == clock.now + email.FIRST_RETRY
    assert smtp.received == []

    send_emails(mail_app, clock)  # not yet due
    assert smtp.received == []
    clock.now += email.FIRST_RETRY
    send_emails(mail_app, clock)

    assert [m["Message-ID"] for m in smtp.received] == [row.message_id]
    assert (_row(session).status, _row(session).attempts) == (EmailStatus.SENT, 2)


def test_a_lost_connection_is_retried_like_a_4xx(
    mail_app: Flask, smtp: SmtpServer, session: Session
) -> None:
    _enqueue(mail_app)
    smtp.stop()
    send_emails(mail_app)

    row = _row(session)
    assert (row.status, row.error_code) == (EmailStatus.PENDING, "connection")


def test_a_server_that_says_never_leaves_the_email_failed_without_a_retry(
    mail_app: Flask, smtp: SmtpServer, session: Session
) -> None:
    smtp.refuse("550 5.1.1 No such mailbox")
    _enqueue(mail_app)
    clock = Clock(utcnow())
    send_emails(mail_app, clock)
    clock.now += timedelta(days=2)
    send_emails(mail_app, clock)

    row = _row(session)
    assert (row.status, row.error_code, row.attempts) == (EmailStatus.FAILED, "smtp-550", 1)
    assert smtp.received == [] and smtp.replies == []


def test_the_email_of_a_sender_that_died_is_sent_again_with_the_same_message_id(
    mail_app: Flask, smtp: SmtpServer, session: Session
) -> None:
    _enqueue(mail_app)
    clock = Clock(utcnow())
    first = send_emails(mail_app, clock)
    sent_id = _row(session).message_id
    # As if the first sender had died after the server took the email, before recording it.
    with sessions_of(mail_app).begin() as s:
        s.execute(
            update(Email).values(
                status=EmailStatus.CLAIMED, claim_token=first.token, claimed_at=clock.now
            )
        )

    send_emails(mail_app, clock)  # the claim is not stale yet
    assert len(smtp.received) == 1
    clock.now += timedelta(minutes=6)
    send_emails(mail_app, clock)

    assert [m["Message-ID"] for m in smtp.received] == [sent_id, sent_id]
    row = _row(session)
    assert (row.status, row.attempts) == (EmailStatus.SENT, 2)


def test_without_smtp_the_demo_prints_emails_with_the_recipient_masked(
    make_app: MakeApp, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(BOTAPP_ENV="development")
    _enqueue(app)
    send_emails(app)

    out = capsys.readouterr().out
    assert "[email to j***@agency.example] Alex C. needs a call\nCase 42: asked for help." in out
    assert "james.carter" not in out


def test_without_smtp_in_production_emails_wait_in_the_outbox(app: Flask) -> None:
    assert build_mailer(app) is None


def test_smtp_url_is_read_into_its_parts_and_its_password_is_never_shown(tmp_path: Path) -> None:
    env = {
        "SMTP_URL": "smtp://alerts%40agency:s3cr%2Ft@mail.agency.example:587?starttls=1",
        "ALERT_EMAIL_FROM": SENDER,
    }
    settings = load_settings(env, tmp_path)
    smtp = smtp_settings(settings.smtp_url)

    assert smtp == SmtpSettings("mail.agency.example", 587, "alerts@agency", "s3cr/t", False, True)
    assert "s3cr" not in repr(settings) + repr(smtp)
    implicit = smtp_settings("smtps://mail.agency.example")
    assert (implicit.port, implicit.implicit_tls, implicit.starttls) == (465, True, False)
    with pytest.raises(ConfigError) as refused:
        load_settings({**env, "SMTP_URL": "smtpx://u:s3cret@mail.agency.example"}, tmp_path)
    assert "s3cret" not in str(refused.value)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with the openssl command."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_starttls_then_login_before_sending_and_a_refused_login_waits_for_the_fix(
    make_app: MakeApp, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the mailer trusts the test certificate
    with SmtpServer(tls=server_tls, login=("alerts", "s3cret")) as smtp:
        # Without STARTTLS the server offers no login: a set-up error, retried, not failed.
        clear = make_app(SMTP_URL=smtp.url(), ALERT_EMAIL_FROM=SENDER)
        _enqueue(clear)
        send_emails(clear)
        row = _row(session)
        assert (row.status, row.error_code) == (EmailStatus.PENDING, "smtp-unsupported")

        fixed = make_app(SMTP_URL=smtp.url(query="?starttls=1"), ALERT_EMAIL_FROM=SENDER)
        send_emails(fixed, Clock(utcnow() + email.FIRST_RETRY))

        assert [m["Subject"] for m in smtp.received] == [ALERT[1]]
        assert _row(session).status == EmailStatus.SENT


@pytest.mark.slow
def test_the_procfile_worker_sends_the_email_outbox_and_stops_on_sigterm(
    mail_app: Flask, smtp: SmtpServer, session: Session, database_url: str
) -> None:
    _enqueue(mail_app)
    env = {**os.environ, **app_env(database_url, SMTP_URL=smtp.url(), ALERT_EMAIL_FROM=SENDER)}
    program, *args = procfile()["worker"].split()  # botapp dispatch
    command = [str(Path(sys.executable).parent / program), *args]
    worker = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(lambda: len(smtp.received) == 1, 20)
    finally:
        assert stop(worker) == [0]
    assert _row(session).status == EmailStatus.SENT
