"""The Procfile's `web:` command, run as written: gunicorn serves the signed webhook."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp import gunicorn_config
from botapp.models import Message
from tests.support import (
    ALEX,
    PUBLIC_URL,
    ROOT,
    answered,
    app_env,
    free_port,
    procfile,
    sign,
    wait_for,
)

pytestmark = pytest.mark.slow


def test_the_procfile_web_process_records_a_signed_text(
    app: Flask, demo: Session, database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    log = tmp_path / "web.log"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # the venv's
    env = {**os.environ, **app_env(database_url), "PORT": str(port), "PATH": path}
    with log.open("ab") as out:
        web = subprocess.Popen(
            ["bash", "-c", f"exec {procfile()['web']}"],  # as a Procfile runner starts it
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        wait_for(lambda: web.poll() is not None or answered(port), 60)
        assert web.poll() is None, log.read_text(encoding="utf-8")
        form = {"MessageSid": "SM" + "7" * 32, "From": ALEX, "Body": "Hello"}
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/sms/inbound",
            data=urlencode(form).encode(),
            headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms/inbound", form)},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
    finally:
        web.send_signal(signal.SIGTERM)
        assert web.wait(timeout=30) == 0
    demo.rollback()
    assert demo.scalar(select(Message.body).where(Message.twilio_sid == form["MessageSid"])) == (
        "Hello"
    )
    output = log.read_text(encoding="utf-8")
    workers = output.count("Booting worker")
    assert workers >= 1 and output.count("start-up objects frozen") == workers  # every worker
    assert "Traceback" not in output


def test_a_worker_freezes_what_it_loaded_so_full_collections_skip_it() -> None:
    class Worker:
        class log:  # gunicorn's worker.log, with the one method used
            lines: list[str] = []

            @classmethod
            def info(cls, msg: str, *args: object) -> None:
                cls.lines.append(msg % args)

    try:
        gunicorn_config.post_worker_init(Worker())
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    assert frozen > 10_000  # this process's modules, the app's tables, the catalogs
    [line] = Worker.log.lines
    count, _, rest = line.partition(" ")
    assert rest == "start-up objects frozen out of the cycle collector"
    assert abs(int(count) - frozen) < 10  # the log line's own objects may come after
