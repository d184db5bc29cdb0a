"""A client who needs a person gets one: every alert opens an escalation held by the right
staff member, listed by `botapp escalations`, acknowledged and resolved on the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from botapp.escalations import service
from botapp.models import AuditEvent, EscalationStep, Reason, Severity
from tests.support import (
    ALEX,
    JAMES,
    LUCIA,
    MARIA,
    SPECIALIST,
    MakePhone,
    client_by_phone,
    escalations,
    fresh,
    look,
    notes,
    ok,
    refused,
    run,
    today,
)

DANA = "dana.reed@demo.example"  # the specialists' supervisor
ADMIN = "admin@demo.example"


# How each reply begins, in the client's language.
CRISIS_EN, CRISIS_ES = "You can call or text 988 now", "Puede llamar al 988 y marcar 2"
INBOX_EN, INBOX_ES = (
    "Thanks, Alex. Your specialist will read",
    "Gracias, Lucía. Su especialista leerá",
)
LIMIT_EN, LIMIT_ES = "Job Connect: We passed your request", "Job Connect: Pasamos su pedido"


@pytest.mark.parametrize(
    ("number", "text", "reason", "severity", "reply"),
    [
        (ALEX, "i dont want to live anymore", "crisis", "urgent", CRISIS_EN),
        (ALEX, "I want to kill myself", "crisis", "urgent", CRISIS_EN),
        (LUCIA, "ya no quiero vivir", "crisis", "urgent", CRISIS_ES),
        (LUCIA, "me quiero matar", "crisis", "urgent", CRISIS_ES),
        (LUCIA, "estoy pensando en suicidarme", "crisis", "urgent", CRISIS_ES),
        (LUCIA, "me voy a quitar la vida", "crisis", "urgent", CRISIS_ES),
        (ALEX, "see you friday", "routine_inbox", "routine", INBOX_EN),
        (LUCIA, "nos vemos el viernes", "routine_inbox", "routine", INBOX_ES),
        (ALEX, "don't text me after 8pm", "limit_texting", "today", LIMIT_EN),
        (ALEX, "only about appointments", "limit_texting", "today", LIMIT_EN),
        (LUCIA, "no me escriban después de las 8", "limit_texting", "today", LIMIT_ES),
        (LUCIA, "solo sobre mis citas", "limit_texting", "today", LIMIT_ES),
        (LUCIA, "no me escriban los fines de semana", "limit_texting", "today", LIMIT_ES),
    ],
)
def test_a_text_that_needs_a_person_opens_an_escalation_for_their_specialist(
    phone: MakePhone,
    demo: Session,
    number: str,
    text: str,
    reason: str,
    severity: str,
    reply: str,
) -> None:
    [answer] = phone(number).text(text)
    assert answer.startswith(reply)  # in the client's own language
    assert escalations(demo, said=text) == [(reason, severity, "open", SPECIALIST[number])]


@pytest.mark.parametrize(
    ("number", "stop", "text"),
    [(ALEX, "STOP", "i want to kill myself"), (LUCIA, "BAJA", "me voy a suicidar")],
)
def test_a_crisis_text_from_an_opted_out_client_is_still_urgent(
    phone: MakePhone, demo: Session, number: str, stop: str, text: str
) -> None:
    client = phone(number)
    client.text(stop)
    assert client.text(text) == []  # no text: staff must call
    assert escalations(demo, said=text) == [("crisis", "urgent", "open", SPECIALIST[number])]


def test_the_case_record_says_who_holds_it_without_the_clients_words(
    phone: MakePhone, demo: Session
) -> None:
    phone(LUCIA).text("me quiero matar")
    lines = [line for line, _alert in notes(demo, "en")]
    assert lines[-1] == "Escalation 1 opened (crisis language, urgent) and given to María López."
    assert notes(demo, "es")[-1] == (
        "Escalamiento 1 abierto (lenguaje de crisis, urgente) y asignado a María López.",
        False,
    )
    assert not any("matar" in line for line in lines)


def test_while_the_specialist_is_away_their_backup_holds_it(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    day = today().isoformat()
    ok(runner, f"staff away {JAMES} --from {day} --to {day} --backup {MARIA}")
    phone(ALEX).text("see you friday")
    assert escalations(demo) == [("routine_inbox", "routine", "open", MARIA)]


def test_with_no_one_to_stand_in_the_supervisor_holds_it(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    day = today().isoformat()
    ok(runner, f"staff away {JAMES} --from {day} --to {day} --backup {MARIA}")
    ok(runner, f"staff deactivate {MARIA}")  # the backup has left since
    phone(ALEX).text("see you friday")
    assert escalations(demo) == [("routine_inbox", "routine", "open", DANA)]


def test_a_client_without_a_specialist_has_it_held_by_nobody_and_says_so(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    ok(runner, f"staff deactivate {JAMES}")
    phone(ALEX).text("see you friday")
    assert escalations(demo) == [("routine_inbox", "routine", "open", None)]
    assert notes(demo, "en")[-1] == (
        "Escalation 1 opened (text to read, routine); nobody on staff could be given it.",
        False,
    )


def test_the_same_need_again_adds_a_step_instead_of_a_second_escalation(
    phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    alex.text("see you friday")
    alex.text("and bring my ID?")
    alex.text("i dont want to live anymore")  # another need: its own escalation
    assert escalations(demo) == [
        ("routine_inbox", "routine", "open", JAMES),
        ("crisis", "urgent", "open", JAMES),
    ]
    steps = look(
        demo,
        select(EscalationStep.escalation_id, EscalationStep.kind).where(
            EscalationStep.kind != "alerted"  # when: test_escalation_alerts.py
        ),
    )
    assert steps == [
        (1, "raised"),
        (1, "routed"),
        (1, "raised_again"),
        (2, "raised"),
        (2, "routed"),
    ]


@pytest.fixture
def queue(phone: MakePhone, demo: Session) -> None:
    """Alex texted first (routine), Lucía then spoke of crisis (urgent)."""
    phone(ALEX).text("see you friday")
    phone(LUCIA).text("ya no quiero vivir")


def test_the_queue_puts_the_urgent_first_and_each_reads_only_what_their_role_allows(
    runner: FlaskCliRunner, demo: Session, queue: None
) -> None:
    everything = ok(runner, f"escalations --by {DANA}")
    assert [line.split(" ")[0:2] for line in everything] == [
        ["#2", "[urgent]"],
        ["#1", "[routine]"],
    ]
    alex = "#1 [routine] text to read: Alex Johnson (DEMO-1001), open, opened "
    assert everything[1].startswith(alex) and everything[1].endswith(" ago, held by James Carter")
    assert ok(runner, f"escalations --by {JAMES}") == everything[1:]
    [spanish] = ok(runner, f"escalations --by {MARIA}")  # in María's language
    assert spanish.startswith("#2 [urgente] lenguaje de crisis: Lucía Hernández (DEMO-1002)")
    assert ok(runner, "escalations --state resolved") == ["No escalations resolved."]
    reads = look(
        demo,
        select(AuditEvent.actor, AuditEvent.detail).where(AuditEvent.action == "read_escalations"),
    )
    assert reads == [
        (DANA, "2 open"),
        (JAMES, "1 open"),
        (MARIA, "1 open"),
        (reads[-1][0], "0 resolved"),  # the operator, by login name
    ]


def test_acknowledging_takes_it_and_resolving_closes_it_with_a_note(
    runner: FlaskCliRunner, demo: Session, queue: None
) -> None:
    assert ok(runner, f"escalations ack 2 --by {DANA}") == [
        "escalation 2 acknowledged: Dana Reed holds it"
    ]
    assert escalations(demo)[1] == ("crisis", "urgent", "acknowledged", DANA)
    assert ok(runner, f"escalations resolve 2 --by {DANA} --note 'called her, safe'") == [
        "escalation 2 resolved"
    ]
    assert escalations(demo)[1] == ("crisis", "urgent", "resolved", DANA)
    assert [line for line, _ in notes(demo, "en")[-2:]] == [
        "Escalation 2 acknowledged by Dana Reed.",
        "Escalation 2 resolved by Dana Reed: called her, safe",
    ]
    assert ok(runner, f"escalations --state resolved --by {DANA}")[0].startswith("#2 [urgent]")
    assert ok(runner, f"escalations resolve 1 --by {JAMES}") == ["escalation 1 resolved"]
    steps = look(demo, select(EscalationStep.kind).where(EscalationStep.escalation_id == 2))
    assert [kind for (kind,) in steps] == [
        "raised",
        "routed",
        "alerted",
        "acknowledged",
        "resolved",
    ]


def test_acting_on_an_escalation_is_refused_in_one_line_when_it_cannot_be_done(
    runner: FlaskCliRunner, demo: Session, queue: None
) -> None:
    assert refused(runner, f"escalations ack 99 --by {JAMES}") == (
        "no escalation has the number 99"
    )
    assert refused(runner, f"escalations ack 2 --by {JAMES}") == (
        f"{JAMES} (specialist) may not act on escalation 2"
    )
    ok(runner, f"escalations ack 1 --by {JAMES}")
    assert refused(runner, f"escalations ack 1 --by {ADMIN}") == (
        "escalation 1 is already acknowledged by James Carter"
    )
    ok(runner, f"escalations resolve 1 --by {JAMES}")
    assert refused(runner, f"escalations resolve 1 --by {JAMES}") == (
        "escalation 1 is already resolved"
    )
    assert escalations(demo) == [
        ("routine_inbox", "routine", "resolved", JAMES),
        ("crisis", "urgent", "open", MARIA),
    ]
    denied = look(
        demo,
        select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail)
        .limit(1)
        .where(AuditEvent.action.endswith("_denied")),
    )
    assert denied == [(JAMES, "ack_escalation_denied", "client DEMO-1002")]


def test_resolving_another_specialists_escalation_is_refused_and_audited(
    runner: FlaskCliRunner, demo: Session, queue: None
) -> None:
    # The command's refusals are in the agency's default language, whoever reads them.
    assert refused(runner, f"escalations resolve 1 --by {MARIA}") == (
        f"{MARIA} (specialist) may not act on escalation 1"
    )
    assert escalations(demo)[0] == ("routine_inbox", "routine", "open", JAMES)
    denied = look(
        demo,
        select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail).where(
            AuditEvent.action.endswith("_denied")
        ),
    )
    assert denied == [(MARIA, "resolve_escalation_denied", "client DEMO-1001")]


def test_a_backup_may_act_on_what_they_hold_outside_their_caseload(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    day = today().isoformat()
    ok(runner, f"staff away {JAMES} --from {day} --to {day} --backup {MARIA}")
    phone(ALEX).text("see you friday")
    assert [line[:2] for line in ok(runner, f"escalations --by {MARIA}")] == ["#1"]
    assert run(runner, f"escalations ack 1 --by {MARIA}").exit_code == 0


def statements_of(session: Session, action: Callable[[], object]) -> list[str]:
    """The SQL statements `action` sent, first words only."""
    seen: list[str] = []

    def grab(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(" ".join(statement.split()))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", grab)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


def test_raising_one_reads_the_holders_agency_in_one_query_and_writes_two_steps_at_once(
    demo: Session,
) -> None:
    # The inbound worker raises one per text to a person: each statement counts
    # (bench/notes/escalation-raise.md).
    with fresh(demo).begin():
        demo.expunge_all()  # nothing of Alex's specialist in the session
        alex = client_by_phone(demo, ALEX)

        def raise_it() -> None:
            service.raise_escalation(demo, alex, Reason.ROUTINE_INBOX, Severity.ROUTINE, None)
            demo.flush()

        first = statements_of(demo, raise_it)
        again = statements_of(demo, raise_it)
    lookup = [s for s in first if s.startswith("SELECT escalations.id")]
    assert len(lookup) == 1 and "IN ('open', 'acknowledged')" in lookup[0]  # decision 11
    assert len([s for s in first if " FROM staff " in s]) == 1
    assert not [s for s in first if s.startswith(("SELECT offices", "SELECT agencies"))]
    raised = next(n for n, s in enumerate(first) if s.startswith("INSERT INTO escalations "))
    assert first[raised + 1].startswith("INSERT INTO escalation_steps")  # raised and routed
    assert not first[raised + 2].startswith("INSERT INTO escalation_steps")
    # raised again: the one lookup (the statement built at import), a step and a note
    assert again[0] == lookup[0]
    assert sorted(s.split(" (")[0] for s in again[1:]) == [
        "INSERT INTO case_notes",
        "INSERT INTO escalation_steps",
    ]
    assert escalations(demo) == [("routine_inbox", "routine", "open", JAMES)]
    kinds = look(demo, select(EscalationStep.kind).order_by(EscalationStep.id))
    assert [kind for (kind,) in kinds][:2] == ["raised", "routed"]
