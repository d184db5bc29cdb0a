"""Stories of clients who text of suicide, self-harm, harming someone or abuse.

They get the crisis lines at once in their language, and their record an urgent alert that
names the kind only (docs/decisions/0023-crisis-language.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import sessions_of
from botapp.db import utcnow
from botapp.flows import engine
from botapp.flows.engine import Flow, Step, Turn
from botapp.flows.replies import Option
from botapp.messages import Msg, notes
from botapp.messages import sms as texts
from botapp.models import CaseNote, Conversation, FlowAnswer, Message
from botapp.services import case_record
from botapp.services.consent import is_opted_out
from tests.support import (
    ALEX,
    LUCIA,
    STRANGER,
    MakeApp,
    MakePhone,
    PhoneFor,
    resolve_escalations,
    start_flow,
)

RESOURCES_EN = (
    "You can call or text 988 now, day or night, to talk with someone "
    "(Suicide & Crisis Lifeline). If you are in danger right now, call 911."
)
INBOX_ACK_EN = "Thanks, Alex. Your specialist will read your message and get back to you."
RESOURCES_ES = (
    "Puede llamar al 988 y marcar 2, o enviar AYUDA al 988, a cualquier hora, para hablar con "
    "alguien en español. Si corre peligro ahora, llame al 911."
)


def alerts(session: Session) -> list[CaseNote]:
    session.expire_all()
    rows = list(session.scalars(select(CaseNote).where(CaseNote.alert).order_by(CaseNote.id)))
    session.rollback()
    return rows


def kinds(session: Session) -> list[tuple[str, str]]:
    """Each alert's entry and the crisis kind it names (the only thing it says of the text)."""
    return [(n.note_key, n.params["kind"]["msg"]) for n in alerts(session)]


def test_a_client_who_writes_of_ending_their_life_gets_the_crisis_lines_at_once(
    demo: Session, phone: MakePhone
) -> None:
    assert phone(ALEX).text("i dont want to live anymore") == [RESOURCES_EN]
    reply = demo.scalars(select(Message).where(Message.message_key == texts.CRISIS_RESOURCES.key))
    row = reply.one()
    assert (row.category, row.priority) == ("crisis", -10)
    # whatever the hour: crisis texts ignore quiet hours
    assert row.not_before is not None and row.not_before <= utcnow()
    assert kinds(demo) == [("note.crisis.alert", "note.crisis.kind.suicide")]


def test_the_alert_names_the_kind_never_the_clients_words(demo: Session, phone: MakePhone) -> None:
    phone(ALEX).text("my husband beats me, please help")
    [note] = alerts(demo)
    assert note.params == {"kind": case_record.term(notes.CRISIS_ABUSE)}
    assert note.message_id is not None  # the words stay in the message, behind access control
    shown = case_record.render_note(note, "en")
    assert shown.startswith("Urgent: the client's text speaks of abuse.")
    assert "beats" not in shown and "husband" not in shown


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("ya no quiero vivir", "suicide"),
        ("me quiero matar", "suicide"),
        ("quiero cortarme", "self_harm"),
        ("lo voy a matar", "harm_to_others"),
        ("mi esposo me pega", "abuse"),
    ],
)
def test_a_spanish_speaker_gets_the_lines_in_spanish(
    demo: Session, phone: MakePhone, body: str, kind: str
) -> None:
    [reply] = phone(LUCIA).text(body)
    assert reply == RESOURCES_ES and "AYUDA" in reply
    [note] = alerts(demo)
    assert note.params["kind"] == {"msg": f"note.crisis.kind.{kind}"}
    assert case_record.render_note(note, "es").startswith("Urgente: el mensaje del cliente")


@pytest.mark.parametrize(
    "body", ["this job is killing me", "I could kill for a coffee", "me muero de hambre"]
)
def test_a_saying_is_an_ordinary_text_for_the_specialist(
    demo: Session, phone: MakePhone, body: str
) -> None:
    assert phone(ALEX).text(body) == [
        "Thanks, Alex. Your specialist will read your message and get back to you."
    ]
    assert alerts(demo) == []


def test_an_opted_out_client_gets_no_text_and_staff_are_told_to_call(
    demo: Session, phone: MakePhone
) -> None:
    phone(ALEX).text("STOP")
    assert phone(ALEX).text("I want to kill myself") == []
    assert kinds(demo) == [("note.crisis.opted_out", "note.crisis.kind.suicide")]
    shown = case_record.render_note(alerts(demo)[0], "en")
    assert "client is opted out: call" in shown and "kill" not in shown


def test_crisis_and_stop_in_one_text_get_the_lines_then_the_one_confirmation(
    demo: Session, phone: MakePhone
) -> None:
    replies = phone(ALEX).text("i want to die. STOP")
    assert replies[0] == RESOURCES_EN
    assert replies[1].endswith("Reply START to resume.")
    assert is_opted_out(demo, ALEX)
    assert kinds(demo) == [("note.crisis.alert", "note.crisis.kind.suicide")]
    assert phone(ALEX).text("i want to die") == []  # now opted out: a call, not a text


def test_every_crisis_text_alerts_but_the_lines_go_once_an_hour(
    demo: Session, phone: MakePhone
) -> None:
    assert phone(ALEX).text("I want to hurt myself") == [RESOURCES_EN]
    assert phone(ALEX).text("i keep hurting myself") == []
    assert kinds(demo) == [("note.crisis.alert", "note.crisis.kind.self_harm")] * 2


def test_an_agency_writes_its_own_crisis_text_per_language(
    make_app: MakeApp, phone_for: PhoneFor
) -> None:
    own = "Llame o envie AYUDA al 988 (linea de crisis) o llame al 911. Su agencia."
    app = make_app(CRISIS_REPLY_ES=own)
    assert phone_for(app, LUCIA).text("ya no quiero vivir") == [own]
    assert phone_for(app, ALEX).text("kms") == [RESOURCES_EN]  # English from the catalog


YES, NO = Option("1", "yes", "yes"), Option("2", "no", "no")


def _ask(turn: Turn[None]) -> tuple[Msg, dict[str, Any]]:
    return texts.HELP_REPLY, {"phone": "READY?"}


def _answered(turn: Turn[None]) -> None:
    """Keeps the answer."""
    return None


READY: Flow[None] = Flow(
    name="test_ready", first="ready", steps={"ready": Step(_ask, _answered, (YES, NO))}
)


@pytest.fixture
def ready_flow() -> Iterator[Flow[None]]:
    engine.register(READY)
    yield READY
    engine.REGISTRY.pop(READY.name)


def test_a_crisis_text_is_never_an_answer_and_the_question_stays_open(
    app: Flask, demo: Session, phone: MakePhone, ready_flow: Flow[None]
) -> None:
    start_flow(app, demo, ready_flow)
    assert phone(ALEX).text("yes i want to kill myself") == [RESOURCES_EN]
    demo.expire_all()
    assert demo.scalars(select(Conversation.status)).one() == "active"
    assert demo.scalars(select(FlowAnswer)).all() == []
    demo.rollback()
    # While the crisis is unresolved the flows are paused: a person reads what follows.
    assert phone(ALEX).text("1") == [INBOX_ACK_EN]
    resolve_escalations(demo)
    assert phone(ALEX).text("1") == []  # the question still takes its answer
    assert demo.scalars(select(FlowAnswer.chosen)).one() == "yes"


def test_a_stranger_gets_the_lines_in_both_languages_but_no_case_record(
    app: Flask, phone: MakePhone
) -> None:
    [reply] = phone(STRANGER).text("i want to die")  # decision 26; the agency is emailed too
    assert reply == f"{RESOURCES_EN} / {RESOURCES_ES}"
    with sessions_of(app)() as s:
        assert s.scalars(select(CaseNote).where(CaseNote.alert)).all() == []
