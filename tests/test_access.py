"""Staff read only what their role allows, in their own language, and every read is audited."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.models import AuditEvent
from tests.support import ALEX, LUCIA, MakePhone, botapp

JAMES = "james.carter@demo.example"  # ALEX's specialist
MARIA = "maria.lopez@demo.example"  # LUCIA's specialist
DANA = "dana.reed@demo.example"  # supervisor of the office


def test_a_specialist_reads_their_own_clients_case_in_their_language(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(LUCIA).text("No más")
    result = botapp(runner, "case", LUCIA, "--by", MARIA)
    assert result.exit_code == 0, result.output
    assert (
        "Lucía Hernández (DEMO-1002), mensajes en español, especialista: María López"
        in result.output
    )
    assert "Dado de baja de los mensajes" in result.output
    assert "<- No más" in result.output
    assert 'El cliente envió "No más" y se le dio de baja de todos los mensajes.' in result.output
    assert "-> Job Connect: Se dio de baja" in result.output and "[pending]" in result.output


def test_a_specialist_cannot_read_another_specialists_client(
    runner: FlaskCliRunner, demo: Session
) -> None:
    result = botapp(runner, "case", ALEX, "--by", MARIA)
    assert result.exit_code == 1
    assert "no puede leer el expediente" in result.output
    exported = botapp(runner, "export", "messages", "--client", ALEX, "--by", MARIA)
    assert exported.exit_code == 1


def test_a_supervisor_reads_the_whole_office_and_exports_only_what_their_role_covers(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("hello")
    phone(LUCIA).text("hola")
    assert botapp(runner, "case", ALEX, "--by", DANA).exit_code == 0
    mine = botapp(runner, "export", "messages", "--format", "json", "--by", JAMES)
    assert {m["body"] for m in json.loads(mine.stdout)} == {
        "hello",
        "Thanks, Alex. Your specialist will read your message and get back to you.",
    }
    office = botapp(runner, "export", "messages", "--format", "json", "--by", DANA)
    assert {"hello", "hola"} <= {m["body"] for m in json.loads(office.stdout)}


def test_an_unknown_staff_email_is_refused(runner: FlaskCliRunner, demo: Session) -> None:
    result = botapp(runner, "case", ALEX, "--by", "nobody@example.org")
    assert (
        result.exit_code == 2
        and "no staff member has the email nobody@example.org" in result.output
    )


def test_every_read_is_audited_without_content(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("my secret")
    botapp(runner, "case", ALEX, "--by", JAMES)
    event = demo.scalars(select(AuditEvent)).one()
    assert (event.actor, event.action, event.detail) == (JAMES, "read_case", "client DEMO-1001")


def test_a_refused_read_is_audited_with_who_tried_and_which_client(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("my secret")
    assert botapp(runner, "case", ALEX, "--by", MARIA).exit_code == 1
    assert botapp(runner, "export", "messages", "--client", ALEX, "--by", MARIA).exit_code == 1
    demo.rollback()
    events = demo.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor, e.action, e.detail) for e in events] == [
        (MARIA, "read_case_denied", "client DEMO-1001"),
        (MARIA, "export_messages_denied", "client DEMO-1001"),
    ]


def test_a_refused_read_says_why_in_one_line_and_shows_nothing(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("my secret")
    # `case` says it as its other errors, in the reader's language; the export in the
    # agency's default language, as all its output.
    read = botapp(runner, "case", ALEX, "--by", MARIA)
    assert (read.exit_code, read.stdout) == (1, "")
    assert (
        read.stderr == f"Error: {MARIA} (specialist) no puede leer el expediente de este cliente\n"
    )
    export = botapp(runner, "export", "messages", "--client", ALEX, "--by", MARIA)
    assert (export.exit_code, export.stdout) == (1, "")
    assert export.stderr == f"{MARIA} (specialist) may not read this client's record\n"
    demo.rollback()
    events = demo.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor, e.action) for e in events] == [
        (MARIA, "read_case_denied"),
        (MARIA, "export_messages_denied"),
    ]


def test_without_by_both_commands_record_the_login_name(
    runner: FlaskCliRunner, demo: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "jcarter")
    monkeypatch.delenv("SUDO_USER", raising=False)
    assert botapp(runner, "case", ALEX).exit_code == 0
    assert botapp(runner, "export", "messages", "--client", ALEX).exit_code == 0
    monkeypatch.setattr("getpass.getuser", lambda: "root")
    monkeypatch.setenv("SUDO_USER", "dreed")
    assert botapp(runner, "case", LUCIA).exit_code == 0
    demo.rollback()
    events = demo.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor, e.action) for e in events] == [
        ("jcarter", "read_case"),
        ("jcarter", "export_messages"),
        ("root (sudo from dreed)", "read_case"),
    ]


def test_what_a_client_typed_cannot_drive_the_staff_members_terminal(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("hi\x1b[2J\x1b]0;owned\x07\rOK\u202eevil\x9b31m\n1/1/25 -> fake")
    result = botapp(runner, "case", ALEX, "--by", JAMES)
    assert result.exit_code == 0, result.output
    shown = r"<- hi\x1b[2J\x1b]0;owned\x07\rOK\u202eevil\x9b31m\n1/1/25 -> fake"
    assert shown in result.output
    assert not [ch for ch in result.output if ch in "\x1b\x07\r\u202e\x9b"]
    assert "\n1/1/25 -> fake" not in result.output
