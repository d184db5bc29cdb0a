"""`botapp inbox --unmatched`: texts from numbers no client has, for a person to sort out."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.models import AuditEvent
from tests.support import ALEX, STRANGER, MakePhone, botapp

NEWCOMER = "+13125550178"  # like STRANGER, a number no demo client has
MARIA, DANA = "maria.lopez@demo.example", "dana.reed@demo.example"  # specialist, supervisor


def test_texts_from_unknown_numbers_are_listed_newest_first_and_the_read_is_audited(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(STRANGER).text("hi is this the job program?")
    phone(ALEX).text("see you friday")  # a client's text: not in this inbox
    phone(NEWCOMER).text("my counselor gave me this number \x1b[2J")
    result = botapp(runner, "inbox", "--unmatched", "--by", DANA)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "2 texts from numbers that match no client, newest first (times in America/Chicago):"
    )
    assert NEWCOMER in lines[1] and "my counselor gave me this number" in lines[1]
    assert "\x1b" not in result.output  # the sender's words cannot drive the terminal
    assert STRANGER in lines[2] and "hi is this the job program?" in lines[2]
    assert "see you friday" not in result.output
    events = demo.scalars(select(AuditEvent).where(AuditEvent.action == "read_unmatched")).all()
    assert [(e.actor, e.detail) for e in events] == [(DANA, "2 texts")]


def test_a_specialist_may_not_read_them_and_the_refusal_is_audited(
    runner: FlaskCliRunner, demo: Session, phone: MakePhone
) -> None:
    phone(STRANGER).text("hello?")
    result = botapp(runner, "inbox", "--unmatched", "--by", MARIA)
    assert result.exit_code == 1
    assert "no puede leer los mensajes de números desconocidos" in result.output  # María: es
    assert "hello?" not in result.output
    denied = demo.scalars(
        select(AuditEvent).where(AuditEvent.action == "read_unmatched_denied")
    ).all()
    assert [(e.actor, e.detail) for e in denied] == [(MARIA, "unmatched texts")]


def test_an_empty_inbox_says_so_and_the_command_asks_which_inbox(
    runner: FlaskCliRunner, demo: Session
) -> None:
    assert botapp(runner, "inbox", "--unmatched").output == "No texts from unknown numbers.\n"
    which = botapp(runner, "inbox")
    assert which.exit_code == 2
    assert "--unmatched" in which.output
