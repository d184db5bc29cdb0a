"""No text's body or full phone number in any process's log, even when the database errors."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import traceback
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from botapp.config import engine_of
from botapp.services import inbound
from botapp.web.sms import save
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

BODY = "locked-db probe A"
# A new client's row in the import: its number and names must not reach a log either.
CSV = (
    "external_id,first_name,last_name,phone,language,timezone\n"
    "VR-77,Marisol,Quintanilla,3125550177,es,America/Chicago\n"
)
SECRETS = (BODY, "3125550142", "3125550177", "Marisol", "Quintanilla")


def assert_private(output: str) -> None:
    leaked = [s for s in SECRETS if s in output]
    assert not leaked, f"{leaked} in:\n{output}"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_nul_byte_refused_by_postgresql_does_not_put_the_text_in_the_error(app: Flask) -> None:
    # The webhook now refuses a NUL itself; this is the database's own error, were one to pass.
    sms = inbound.InboundSms(sid="SM" + "c" * 32, sender=ALEX, body=BODY + "\x00")
    with pytest.raises(DBAPIError) as raised:
        save(engine_of(app), sms)
    assert_private("".join(traceback.format_exception(raised.value)))
    assert "parameters hidden" in str(raised.value)


def short_waits(url: str) -> str:
    """`url` with lock waits cut to 0.3 s, so that a held lock is an error at once."""
    if url.startswith("sqlite"):
        return url + "?timeout=0.3"
    return url + "%20-clock_timeout%3D300"  # joins the options= that sets the search_path


@contextmanager
def write_locked(session: Session, database_url: str) -> Iterator[None]:
    """Hold the database's write lock (SQLite) or lock the tables a text touches (PostgreSQL)."""
    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    with session.begin():
        session.execute(text("LOCK TABLE messages, clients IN ACCESS EXCLUSIVE MODE"))
        yield


@pytest.mark.slow
def test_no_process_logs_a_body_or_number_when_the_database_is_locked(
    app: Flask, demo: Session, database_url: str, tmp_path: Path
) -> None:
    # SQLAlchemy's error text used to end with the statement's parameters:
    # [parameters: ('+13125550142', 'inbound', …, 'locked-db probe A', …)].
    port = free_port()
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        **app_env(short_waits(database_url)),
        "PORT": str(port),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    (tmp_path / "clients.csv").write_text(CSV, encoding="utf-8")
    logs = {name: tmp_path / f"{name}.log" for name in ("web", "inbound", "dispatch", "import")}
    botapp = [sys.executable, "-c", "from botapp.cli import main; main()"]
    commands = {
        "web": ["bash", "-c", f"exec {procfile()['web']}"],
        "inbound": [*botapp, "inbound", "--idle", "0.05"],
        "dispatch": [*botapp, "dispatch"],
    }
    running = {}
    for name, command in commands.items():
        with logs[name].open("ab") as out:
            running[name] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
            )
    try:
        wait_for(lambda: running["web"].poll() is not None or answered(port), 60)
        with write_locked(demo, database_url):
            form = {"MessageSid": "SM" + "7" * 32, "From": ALEX, "Body": BODY}
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/sms/inbound",
                data=urlencode(form).encode(),
                headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms/inbound", form)},
            )
            with pytest.raises(HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            refused.value.close()
            assert refused.value.code == 500  # the database refused: Twilio will retry
            with logs["import"].open("ab") as out:
                imported = subprocess.run(
                    [*botapp, "import", "clients", str(tmp_path / "clients.csv")],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=out,
                    timeout=60,
                )
            assert imported.returncode == 1
    finally:
        for process in running.values():
            os.killpg(process.pid, signal.SIGTERM)
        for process in running.values():
            process.wait(timeout=30)
    outputs = {name: path.read_text(encoding="utf-8") for name, path in logs.items()}
    for output in outputs.values():
        assert_private(output)
    # The errors did happen, and were logged:
    assert "Exception on /sms/inbound" in outputs["web"]
    assert "parameters hidden" in outputs["import"]
    # On SQLite the webhook waits at its BEGIN IMMEDIATE, which has no parameters to hide.
    assert database_url.startswith("sqlite") or "parameters hidden" in outputs["web"]
