"""The terminal phone texts a running app over real HTTP with a valid signature, shows every
text the app sends it, and says why a text got no answer."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from botapp.cli.demo import bring_forward, seed_plans, without_quiet_hours
from botapp.cli.phone_screen import silence
from botapp.cli.simulate import simulate
from botapp.cli.workers import start_workers
from botapp.config import sessions_of, settings_of
from botapp.db import utcnow
from botapp.models import Message
from botapp.services import handling
from botapp.workers import inbound as inbound_queue
from botapp.workers.clock import tick
from botapp.workers.threads import build_dispatcher
from tests.support import (
    ALEX,
    STRANGER,
    MakeApp,
    MakePhone,
    Phone,
    PhoneFor,
    sent_to,
    serving,
    wait_for,
)


def test_simulator_texts_the_running_app_and_prints_replies(
    app: Flask, demo: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    workers, stop = start_workers(app)
    try:
        url = f"http://127.0.0.1:{server.server_port}/sms/inbound"
        result = app.test_cli_runner().invoke(
            simulate, ["(312) 555-0143", "--url", url], input="AYUDA\nhola, necesito hablar\n"
        )
    finally:
        stop.set()
        for worker in workers:
            worker.join()
        server.shutdown()
        server.server_close()
        thread.join()
    assert result.exit_code == 0, result.output
    assert "as +13125550143" in result.output
    assert "app> Job Connect: mensajes sobre su plan de empleo" in result.output
    assert "app> Gracias, Lucía. Su especialista leerá su mensaje" in result.output


def test_simulator_says_which_worker_is_missing(app: Flask, demo: Session) -> None:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/sms/inbound"
    args = [ALEX, "--url", url, "--wait", "0.5"]
    stop = threading.Event()
    try:
        no_workers = app.test_cli_runner().invoke(simulate, args, input="HELP\n")
        inbound_only = threading.Thread(
            target=inbound_queue.run,
            args=(sessions_of(app), settings_of(app), stop, 0.05),
        )
        inbound_only.start()
        no_dispatcher = app.test_cli_runner().invoke(simulate, args, input="HELP\n")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
    assert "is an inbound worker running" in no_workers.output
    assert "1 reply still queued" in no_dispatcher.output
    assert "inbound worker" not in no_dispatcher.output


def test_simulator_says_when_the_app_is_not_running(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        simulate, [ALEX, "--url", "http://127.0.0.1:9/sms/inbound"], input="hi\n"
    )
    assert "the app is not answering" in result.output


@contextmanager
def running(app: Flask) -> Iterator[str]:
    """The app served on a free port with its workers, as `botapp serve` runs it; its URL."""
    with serving(app) as base:
        workers, stop = start_workers(app)
        try:
            yield f"{base}/sms/inbound"
        finally:
            stop.set()
            for worker in workers:
                worker.join()


def test_the_phone_shows_a_reminder_nobody_asked_for_and_the_answers_to_it(
    app: Flask, demo: Session
) -> None:
    settings = settings_of(app)
    with demo.begin():
        without_quiet_hours(demo)
        seed_plans(demo, settings, utcnow())
        bring_forward(demo, utcnow() - timedelta(minutes=2))  # due already
    keyboard, typing = os.pipe()

    def person() -> None:
        """Waits for the reminder to be sent, then confirms it, then quits."""
        with os.fdopen(typing, "w") as keys:
            tick(sessions_of(app), settings, utcnow())
            wait_for(lambda: len(sent_to(app, ALEX)) == 1, 15)
            keys.write("1\n")
            keys.flush()
            wait_for(lambda: len(sent_to(app, ALEX)) == 2, 15)

    with running(app) as url, os.fdopen(keyboard, "rb") as stdin:
        typist = threading.Thread(target=person)
        typist.start()
        result = app.test_cli_runner().invoke(simulate, [ALEX, "--url", url], input=stdin)
        typist.join()
    assert result.exit_code == 0, result.output
    reminder = result.output.index("app> Job Connect reminder: your meeting with your specialist")
    assert result.output.index("app> Great! What time will you leave") > reminder


def test_a_text_left_unanswered_by_design_says_why(app: Flask, demo: Session) -> None:
    limit, note = "don't text me after 8pm", "can we talk tomorrow?"
    with running(app) as url:
        result = app.test_cli_runner().invoke(
            simulate, [ALEX, "--url", url], input=f"{limit}\n{limit}\n{note}\n{note}\n"
        )
    assert result.exit_code == 0, result.output
    assert result.output.count("app> Job Connect: We passed your request to your specialist") == 1
    assert "already answered about limiting texts in the last 24 hours" in result.output
    assert result.output.count("app> Thanks, Alex. Your specialist will read your message") == 1
    assert "the text is in the specialist's inbox, and this phone was told" in result.output


def test_a_text_botapp_failed_to_act_on_says_so(
    app: Flask, demo: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> list[str]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(handling, "handle", broken)
    with running(app) as url:
        result = app.test_cli_runner().invoke(simulate, [ALEX, "--url", url], input="hello\n")
    assert "[botapp could not act on this text" in result.output


def inbound(app: Flask, sid: str) -> str:
    """Why the text `sid` got no answer, as the simulator tells it."""
    with sessions_of(app)() as session:
        message = session.scalars(select(Message).where(Message.twilio_sid == sid)).one()
        return silence(session, message).key


def text(number: Phone, body: str) -> str:
    form = number.form(body)
    number.post(form)
    return form["MessageSid"]


def test_no_reply_to_an_opted_out_phone_or_an_unknown_number_says_why(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    alex, stranger = phone(ALEX), phone(STRANGER)
    alex.text("STOP")
    assert inbound(app, text(alex, "hello?")) == "demo.simulate.opted_out"
    assert inbound(app, text(alex, "HELP")) == "demo.simulate.opted_out"
    stranger.text("who is this")
    assert inbound(app, text(stranger, "hello?")) == "demo.simulate.unknown"


def test_no_reply_when_twilio_answers_the_keyword_says_so(
    make_app: MakeApp, phone_for: PhoneFor
) -> None:
    app = make_app(OPT_OUT_HANDLER="twilio")
    alex = phone_for(app, ALEX)
    assert inbound(app, text(alex, "STOP")) == "demo.simulate.carrier"
    assert inbound(app, text(alex, "START")) == "demo.simulate.carrier"


def test_the_phone_shows_its_last_texts_when_it_starts(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("HELP")
    dispatcher = build_dispatcher(app)
    try:
        dispatcher.run_once()
    finally:
        dispatcher.close()
    result = app.test_cli_runner().invoke(
        simulate, [ALEX, "--url", "http://127.0.0.1:9/sms/inbound"], input=""
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    earlier = lines.index("Earlier on this phone:")
    assert lines[earlier + 1] == "you> HELP"
    assert lines[earlier + 2].startswith("app> Job Connect: ")
    assert result.output.count("app> Job Connect: ") == 1  # shown once, not again as new
