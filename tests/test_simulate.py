"""The terminal phone texts a running app over real HTTP with a valid signature."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from botapp.cli.simulate import simulate
from botapp.cli.workers import start_workers
from botapp.config import sessions_of, settings_of
from botapp.workers import inbound as inbound_queue


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
    args = ["+13125550142", "--url", url, "--wait", "0.5"]
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
        simulate, ["+13125550142", "--url", "http://127.0.0.1:9/sms/inbound"], input="hi\n"
    )
    assert "the app is not answering" in result.output
