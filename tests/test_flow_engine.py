"""The engine's promises, told with a two-step flow made for the test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, Literal

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import settings_of
from botapp.db import utcnow
from botapp.flows import engine
from botapp.flows.engine import Flow, Step, Turn
from botapp.flows.replies import Option, choose
from botapp.messages import Msg, notes
from botapp.messages import sms as texts
from botapp.models import CaseNote, Conversation, FlowAnswer
from tests.support import (
    ALEX,
    MakePhone,
    client_by_phone,
    replies_to,
    resolve_escalations,
    start_flow,
    texts_to,
)

YES = Option("1", "yes", "yes")
NO = Option("2", "no", "no")


def ask_coffee(turn: Turn[None]) -> tuple[Msg, dict[str, Any]]:
    return texts.HELP_REPLY, {"phone": "COFFEE?"}


def ask_why(turn: Turn[None]) -> tuple[Msg, dict[str, Any]]:
    return texts.HELP_REPLY, {"phone": "WHY?"}


def coffee_answered(turn: Turn[None]) -> Literal["why"] | None:
    """Stores yes/no and asks why after a no."""
    assert turn.option is not None  # a step with options is answered with one of them
    turn.conversation.state = {**turn.conversation.state, "coffee": turn.option.key}
    return "why" if turn.option.key == "no" else None


def why_answered(turn: Turn[None]) -> None:
    """Keeps the reason in the record."""
    turn.note(notes.INBOX)
    return None


def no_reply(turn: Turn[None]) -> None:
    """Records that nobody answered."""
    turn.note(notes.WHILE_OPTED_OUT, alert=True)


TEST_FLOW = Flow(
    name="test_coffee",
    first="coffee",
    steps={
        "coffee": Step(ask_coffee, coffee_answered, (YES, NO), on_no_reply=no_reply),
        "why": Step(ask_why, why_answered),
    },
)


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    engine.register(TEST_FLOW)
    yield
    engine.REGISTRY.pop(TEST_FLOW.name)


def vague_answered(turn: Turn[None]) -> str | None:
    """Says nothing of where it goes."""
    return "why"


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            ("test_no_first", "start", TEST_FLOW.steps),
            "flow test_no_first: its first step 'start' is not in its table",
        ),
        (
            ("test_no_why", "coffee", {"coffee": Step(ask_coffee, coffee_answered)}),
            "flow test_no_why: step 'coffee' may go to 'why', not in its table",
        ),
        (
            ("test_vague", "coffee", {"coffee": Step(ask_coffee, vague_answered)}),
            "step function vague_answered must declare the steps it returns",
        ),
    ],
    ids=["first step missing", "next step missing", "next steps not declared"],
)
def test_a_table_naming_a_step_it_lacks_is_refused_when_made(
    table: tuple[str, str, dict[str, Step[None]]], problem: str
) -> None:
    with pytest.raises(engine.FlowTableError, match=re.escape(problem)):
        Flow(*table)
    assert table[0] not in engine.REGISTRY


def test_each_flow_s_steps_go_only_where_its_table_leads() -> None:
    goes = {
        name: {step: sorted(engine.next_steps(s.on_answer)) for step, s in flow.steps.items()}
        for name, flow in engine.REGISTRY.items()
        if not name.startswith("test_")
    }
    assert goes == {
        "appointment_reminder": {
            "reminder": ["new_time", "plan"],
            "plan": [],
            "new_time": ["new_time"],
        },
        "appointment_attendance": {"attended": []},
        "goal_checkin": {"progress": []},
        "placement_followup": {"rating": ["problem"], "problem": []},
        "contact_check": {"how": []},
    }


@pytest.mark.parametrize(
    ("reply", "key"),
    [
        ("1", "yes"),
        ("YES!!", "yes"),
        ("yes i'll be there", "yes"),
        ("Sí", "yes"),
        ("si claro", "yes"),
        ("👍", "yes"),
        ("ok", "yes"),
        ("confrim", "yes"),
        ("2", "no"),
        ("no", "no"),
        ("👎", "no"),
        ("cancel", "no"),
        ("No puedo", "no"),
        ("#1", "yes"),
        ("1 yes", "yes"),
        ("2, sorry", "no"),
        ("2:30 works", None),  # a time of day, not option 2
        ("1 pm is fine", None),
        ("3", None),
        ("maybe", None),
        ("yes no", None),
        ("what time?", None),
    ],
)
def test_replies_people_really_send_are_understood(reply: str, key: str | None) -> None:
    picked = choose(reply, (YES, NO))
    assert (picked.key if picked else None) == key


def test_a_question_is_asked_answered_and_recorded_with_the_options_offered(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start_flow(app, demo, TEST_FLOW)
    assert "COFFEE?" in texts_to(demo)[0]
    assert "WHY?" in phone(ALEX).text("no thanks")[0]
    assert phone(ALEX).text("too tired") == []
    answers = demo.scalars(select(FlowAnswer).order_by(FlowAnswer.id)).all()
    assert [(a.step, a.offered, a.chosen, a.text) for a in answers] == [
        ("coffee", ["yes", "no"], "no", "no thanks"),
        ("why", [], None, "too tired"),
    ]
    assert demo.scalars(select(Conversation.status)).one() == "done"


def test_an_unclear_reply_gets_one_clarification_then_goes_to_a_person(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start_flow(app, demo, TEST_FLOW)
    [clarify] = phone(ALEX).text("what?")
    assert clarify.startswith("Sorry, we did not understand.") and "COFFEE?" in clarify
    assert phone(ALEX).text("huh") == [
        "Thanks, Alex. Your specialist will read your message and get back to you."
    ]
    # The person now holds it: the flow waits until they resolve it (decision 24).
    assert phone(ALEX).text("yes") == []
    assert demo.scalars(select(Conversation.status)).one() == "active"
    demo.rollback()
    resolve_escalations(demo)
    assert phone(ALEX).text("yes") == []  # the question is still open and takes a clear answer
    assert demo.scalars(select(Conversation.status)).one() == "done"


def test_a_client_is_never_asked_two_things_at_once(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    first, second = start_flow(app, demo, TEST_FLOW), start_flow(app, demo, TEST_FLOW)
    statuses = dict(demo.execute(select(Conversation.id, Conversation.status)).tuples().all())
    assert statuses == {first: "active", second: "queued"}
    assert len(texts_to(demo)) == 1
    [opened] = phone(ALEX).text("1")  # answers the first; the second is asked next
    assert "COFFEE?" in opened
    demo.expire_all()
    statuses = dict(demo.execute(select(Conversation.id, Conversation.status)).tuples().all())
    assert statuses == {first: "done", second: "active"}


def test_no_reply_gets_one_reprompt_then_expires_with_a_record(app: Flask, demo: Session) -> None:
    cid = start_flow(app, demo, TEST_FLOW)
    settings = settings_of(app)
    later = utcnow() + TEST_FLOW.reprompt_after + timedelta(minutes=1)
    with demo.begin():
        engine.wake(demo, settings, demo.get_one(Conversation, cid), later)
        engine.wake(demo, settings, demo.get_one(Conversation, cid), later)  # no second re-prompt
    assert [b.startswith("Just checking in.") for b in texts_to(demo)] == [False, True]
    with demo.begin():
        engine.wake(demo, settings, demo.get_one(Conversation, cid), utcnow() + timedelta(days=2))
    assert demo.get_one(Conversation, cid).status == "expired"
    assert demo.scalars(select(CaseNote.alert)).one() is True


def test_global_keywords_win_over_an_open_question(
    app: Flask, demo: Session, phone: MakePhone
) -> None:
    start_flow(app, demo, TEST_FLOW)
    [help_text] = phone(ALEX).text("HELP")
    assert "Msg & data rates may apply" in help_text
    assert demo.scalars(select(Conversation.step)).one() == "coffee"
    assert replies_to(app, "nothing") == []


def test_questions_about_a_subject_are_found_and_only_the_waiting_ones_withdrawn(
    app: Flask, demo: Session
) -> None:
    settings = settings_of(app)
    with demo.begin():
        alex = client_by_phone(demo, ALEX)

        def ask(subject_id: int) -> int:
            return engine.start(demo, settings, alex, TEST_FLOW, subject_id, utcnow()).id

        open_7, waiting_7, waiting_8 = ask(7), ask(7), ask(8)
        other = Conversation(client_id=alex.id, flow="test_other", step="x", subject_id=7)
        demo.add(other)
        demo.flush()
        other_7 = other.id
        assert [c.id for c in engine.asking(demo, 7, TEST_FLOW.name)] == [open_7, waiting_7]
        assert [c.id for c in engine.asking(demo, 7, TEST_FLOW.name, "test_other")] == [
            open_7,
            waiting_7,
            other_7,
        ]
        engine.withdraw(demo, 7, TEST_FLOW.name)
        assert [c.id for c in engine.asking(demo, 7, TEST_FLOW.name)] == [open_7]
    statuses = dict(demo.execute(select(Conversation.id, Conversation.status)).tuples().all())
    assert statuses == {
        open_7: "active",  # the open one is the caller's to close
        waiting_7: "withdrawn",
        waiting_8: "queued",  # another subject
        other_7: "queued",  # another flow
    }
    demo.rollback()
    with demo.begin():
        engine.close(demo, settings, alex, demo.get_one(Conversation, open_7), utcnow())
        assert engine.asking(demo, 7, TEST_FLOW.name) == []  # done is no longer asking
        assert [c.id for c in engine.asking(demo, 8, TEST_FLOW.name)] == [waiting_8]
    assert demo.get_one(Conversation, waiting_8).status == "active"  # next, not the withdrawn
    assert len(texts_to(demo)) == 2  # the withdrawn question was never asked
