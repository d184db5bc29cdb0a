"""Stories of staff answering from their own phones: "ACK 42", "@42 See you at 3", "CLOSE 42
called her", "HELP"; and of a number not on file that texts crisis language
(docs/decisions/0026-staff-texts.md)."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.escalations import staff_texts
from botapp.models import AuditEvent, Email, EscalationStep, Message, Office, Staff
from botapp.services import inbox
from botapp.services.access import staff_by_email
from botapp.services.agency import Refused
from botapp.services.clients import ClientFields, upsert_client
from botapp.services.consent import is_opted_out
from tests.fake_twilio import FakeTwilio
from tests.smtp_server import SmtpServer
from tests.support import (
    ALEX,
    LUCIA,
    STRANGER,
    MakePhone,
    PhoneFor,
    WriteCsv,
    count,
    escalations,
    fresh,
    look,
    notes,
    ok,
    refused,
    run,
    send_emails,
    send_once,
    texts_to,
)

JAMES, JAMES_PHONE = "james.carter@demo.example", "+13125550112"  # ALEX's specialist
MARIA, MARIA_PHONE = "maria.lopez@demo.example", "+13125550111"  # LUCIA's, in Spanish
DANA, DANA_PHONE = "dana.reed@demo.example", "+13125550113"  # the office's supervisor
COMMANDS = (
    "Commands: ACK 42 (or OK 42) takes escalation 42. @42 your text (or R 42 your text) sends "
    "your text to its client. CLOSE 42 what you did closes it. HELP: this list. STOP: no more "
    "texts to this phone."
)


@pytest.fixture
def alex_waits(phone: MakePhone, demo: Session) -> None:
    """Alex texted something for his specialist: escalation 1, held by James."""
    phone(ALEX).text("see you friday")
    assert escalations(demo) == [("routine_inbox", "routine", "open", JAMES)]


def audited(session: Session, actor: str) -> list[tuple[str, str]]:
    """What the audit trail says `actor` did, oldest first."""
    query = select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.actor == actor)
    return look(session, query.order_by(AuditEvent.id))


@pytest.mark.parametrize("command", ["ACK 1", "ok  #1", "  Ack1. "])
def test_ack_takes_the_escalation_and_says_so(
    phone: MakePhone, demo: Session, alex_waits: None, command: str
) -> None:
    assert phone(JAMES_PHONE).text(command) == [
        "Escalation #1 (Alex J.) acknowledged: you hold it."
    ]
    assert escalations(demo) == [("routine_inbox", "routine", "acknowledged", JAMES)]
    assert audited(demo, JAMES) == [("ack_escalation", "escalation 1, by text")]


@pytest.mark.parametrize(
    "command",
    ["@1 See you at 3 tomorrow", "R 1   See you at 3 tomorrow", "@ #1: See you at 3 tomorrow"],
)
def test_a_relayed_text_goes_to_the_client_as_written_and_acknowledges(
    phone: MakePhone, demo: Session, alex_waits: None, command: str
) -> None:
    # What was queued in answer: the text to Alex, then the confirmation to James.
    assert phone(JAMES_PHONE).text(command) == ["See you at 3 tomorrow", "Sent to Alex J. (#1)."]
    assert texts_to(demo, ALEX)[-1] == "See you at 3 tomorrow"
    [(category, sent_by, in_reply_to)] = look(
        demo,
        select(Message.category, Staff.email, Message.in_reply_to_id)
        .join(Staff, Message.sent_by_id == Staff.id)
        .where(Message.phone == ALEX),
    )
    [(command_id,)] = look(
        demo,
        select(Message.id).where(Message.phone == JAMES_PHONE, Message.sent_by_id.is_not(None)),
    )
    assert (category, sent_by, in_reply_to) == ("staff", JAMES, command_id)
    assert escalations(demo) == [("routine_inbox", "routine", "acknowledged", JAMES)]
    steps = look(demo, select(EscalationStep.kind).order_by(EscalationStep.id))
    assert [kind for (kind,) in steps][-2:] == ["acknowledged", "relayed"]
    assert notes(demo, "en")[-1] == (
        "Escalation 1: James Carter texted the client from their phone.",
        False,
    )
    assert audited(demo, JAMES) == [
        ("ack_escalation", "escalation 1, by text"),
        ("relay_text", "escalation 1, by text"),
    ]


def test_the_case_record_and_the_export_name_who_relayed_a_text(
    runner: FlaskCliRunner, phone: MakePhone, demo: Session
) -> None:
    phone(LUCIA).text("nos vemos el viernes")
    phone(MARIA_PHONE).text("@1 Nos vemos el viernes a las 10")
    lines = ok(runner, f"case {LUCIA} --by {DANA}")
    [relayed] = [line for line in lines if "Nos vemos el viernes a las 10" in line]
    assert relayed.endswith("  [pending]  (staff: María López)")
    bot = [line for line in lines if "-> " in line and line not in (relayed,)]
    assert bot and not any("staff:" in line for line in bot)  # the bot's own answers
    spanish = ok(runner, f"case {LUCIA} --by {MARIA}")
    assert any(line.endswith("(personal: María López)") for line in spanish)

    result = run(runner, f"export messages --client {LUCIA} --by {DANA} --format json")
    rows = json.loads(result.stdout)
    assert [r["sent_by"] for r in rows if r["body"] == "Nos vemos el viernes a las 10"] == [
        "María López"
    ]
    assert {r["sent_by"] for r in rows if r["body"] != "Nos vemos el viernes a las 10"} == {None}


def test_the_relayed_text_reaches_twilio_from_the_agency_number(
    twilio_app: Flask, fake: FakeTwilio, phone_for: PhoneFor, demo: Session
) -> None:
    phone_for(twilio_app, ALEX).text("see you friday")
    assert (
        phone_for(twilio_app, JAMES_PHONE).text("@1 Call me at 3?")[-1] == "Sent to Alex J. (#1)."
    )
    send_once(twilio_app, utcnow())
    sent = [(m["to"], m["body"]) for m in fake.messages]
    assert (ALEX, "Call me at 3?") in sent
    assert (JAMES_PHONE, "Sent to Alex J. (#1).") in sent


def test_close_resolves_with_the_note(phone: MakePhone, demo: Session, alex_waits: None) -> None:
    james = phone(JAMES_PHONE)
    assert james.text("CLOSE 1 called him, rescheduled") == ["Escalation #1 (Alex J.) closed."]
    assert escalations(demo) == [("routine_inbox", "routine", "resolved", JAMES)]
    assert notes(demo, "en")[-1] == (
        "Escalation 1 resolved by James Carter: called him, rescheduled",
        False,
    )
    assert james.text("close 1") == ["escalation 1 is already resolved"]
    assert james.text("@1 one more thing") == [
        "Escalation #1 is closed: nothing was sent. If Alex J. texted since, use the newest "
        "escalation number, or call them."
    ]
    assert texts_to(demo, ALEX)[-1] != "one more thing"
    assert audited(demo, JAMES) == [("resolve_escalation", "escalation 1, by text")]


def test_help_lists_the_commands_and_anything_else_is_not_understood(
    phone: MakePhone, demo: Session
) -> None:
    james = phone(JAMES_PHONE)
    assert james.text("HELP") == [COMMANDS]
    assert james.text("?") == [COMMANDS]
    assert james.text("what do I do") == [f"Not understood. {COMMANDS}"]
    assert james.text("ACK 12345678901234") == [f"Not understood. {COMMANDS}"]


def test_spanish_staff_get_spanish_answers(phone: MakePhone, demo: Session) -> None:
    phone(LUCIA).text("nos vemos el viernes")
    maria = phone(MARIA_PHONE)
    assert maria.text("OK 1") == ["Escalamiento #1 (Lucía H.) reconocido: queda a su cargo."]
    assert maria.text("@1 Nos vemos el viernes a las 10")[-1] == "Enviado a Lucía H. (#1)."
    assert maria.text("hola")[0].startswith("No se entendió. Comandos: ACK 42")


def test_an_unknown_number_is_refused_and_audited(
    phone: MakePhone, demo: Session, alex_waits: None
) -> None:
    before = texts_to(demo, ALEX)
    assert phone(JAMES_PHONE).text("@99 hello") == [
        "No escalation has the number 99: nothing was done."
    ]
    assert texts_to(demo, ALEX) == before
    assert audited(demo, JAMES) == [("relay_text_denied", "escalation 99")]


def test_another_caseload_is_refused_and_nothing_is_queued(phone: MakePhone, demo: Session) -> None:
    phone(LUCIA).text("nos vemos el viernes")  # María's client
    before = texts_to(demo, LUCIA)
    james = phone(JAMES_PHONE)
    not_yours = "Escalation #1 is not in your caseload: nothing was done."
    assert james.text("@1 hola Lucía") == [not_yours]
    assert james.text("ACK 1") == [not_yours]
    assert james.text("CLOSE 1 done") == [not_yours]
    assert texts_to(demo, LUCIA) == before
    assert escalations(demo) == [("routine_inbox", "routine", "open", MARIA)]
    assert audited(demo, JAMES) == [
        ("relay_text_denied", "client DEMO-1002"),
        ("ack_escalation_denied", "client DEMO-1002"),
        ("resolve_escalation_denied", "client DEMO-1002"),
    ]


def test_the_offices_supervisor_may_answer(phone: MakePhone, demo: Session) -> None:
    phone(LUCIA).text("nos vemos el viernes")
    assert phone(DANA_PHONE).text("R 1 María is out today; I will call you at 2.")[-1] == (
        "Sent to Lucía H. (#1)."
    )
    assert texts_to(demo, LUCIA)[-1] == "María is out today; I will call you at 2."
    assert escalations(demo) == [("routine_inbox", "routine", "acknowledged", DANA)]


def test_someone_else_holding_it_does_not_stop_a_relay(
    phone: MakePhone, demo: Session, alex_waits: None
) -> None:
    phone(DANA_PHONE).text("ACK 1")
    james = phone(JAMES_PHONE)
    assert james.text("ack 1") == ["escalation 1 is already acknowledged by Dana Reed"]
    assert james.text("@1 Dana asked me to confirm friday")[-1] == "Sent to Alex J. (#1)."
    assert escalations(demo) == [("routine_inbox", "routine", "acknowledged", DANA)]


def test_nothing_is_sent_to_an_opted_out_client_or_when_the_text_is_unusable(
    phone: MakePhone, demo: Session, alex_waits: None
) -> None:
    james = phone(JAMES_PHONE)
    assert james.text("@1") == [
        "Nothing was sent: write your text after the number, like @1 See you at 3."
    ]
    phone(ALEX).text("STOP")
    before = texts_to(demo, ALEX)
    assert james.text("@1 are you ok?") == [
        "Alex J. (#1) has opted out of texts: nothing was sent. Call them instead."
    ]
    assert texts_to(demo, ALEX) == before
    assert escalations(demo) == [("routine_inbox", "routine", "open", JAMES)]


def test_a_text_too_long_for_one_sms_is_refused(demo: Session, alex_waits: None) -> None:
    # Twilio's webhook never carries more than 1600 characters; a command of that size still
    # leaves fewer for the text, so this is the rule on its own.
    james = staff_by_email(fresh(demo), JAMES)
    assert james is not None
    command = Message(phone=JAMES_PHONE, body="@1 " + "x" * 1601)
    assert staff_texts.act(demo, command, james).text("en") == (
        "Nothing was sent: your text has 1601 characters, more than the 1600 a text can hold."
    )
    demo.rollback()


def test_a_staff_phone_is_never_a_client_an_inbox_item_or_a_crisis(
    phone: MakePhone, demo: Session
) -> None:
    james = phone(JAMES_PHONE)
    assert james.text("i want to kill myself") == [f"Not understood. {COMMANDS}"]
    assert escalations(demo) == []
    assert [alert for _line, alert in notes(demo)] == []
    assert inbox.unmatched(fresh(demo), 10) == []
    assert count(demo, Message, Message.category == "crisis") == 0


def test_stop_and_start_from_a_staff_phone_are_consent_and_help_is_the_list(
    phone: MakePhone, demo: Session
) -> None:
    james = phone(JAMES_PHONE)
    [confirmation] = james.text("STOP")
    assert "unsubscribed" in confirmation
    assert is_opted_out(fresh(demo), JAMES_PHONE)
    assert james.text("HELP") == []  # opted out: no answer
    [resumed] = james.text("START")
    assert "subscribed again" in resumed
    assert james.text("HELP") == [COMMANDS]


def test_a_spanish_staff_members_stop_and_start_are_confirmed_in_spanish(
    phone: MakePhone, demo: Session
) -> None:
    maria = phone(MARIA_PHONE)
    [confirmation] = maria.text("STOP")
    assert confirmation.startswith("Job Connect: Se dio de baja y no recibirá más mensajes")
    [resumed] = maria.text("START")
    assert resumed.startswith("Job Connect: Está suscrito de nuevo.")


def test_a_staff_phone_and_a_client_phone_never_clash(
    runner: FlaskCliRunner, demo: Session, tmp_csv: WriteCsv
) -> None:
    assert refused(runner, f"staff set {JAMES} --phone {ALEX}") == (
        "phone +*******0142 belongs to client DEMO-1001: a staff phone must be the staff "
        "member's own"
    )
    path = tmp_csv(
        "external_id,first_name,last_name,phone,language,timezone\n"
        f"VR-9,Nia,Brooks,{JAMES_PHONE},en,America/Chicago\n"
    )
    result = run(runner, f"import clients {path}")
    assert result.exit_code == 2
    assert (
        "line 2: phone +*******0112 is the work phone of staff member james.carter@demo.example"
        in result.output.splitlines()
    )
    fields = ClientFields("VR-9", "Nia", "Brooks", JAMES_PHONE, "en", "America/Chicago")
    with fresh(demo).begin(), pytest.raises(Refused) as clash:
        upsert_client(demo, demo.scalars(select(Office)).one(), fields)
    assert clash.value.notice.text("en") == (
        "phone +*******0112 is the work phone of staff member james.carter@demo.example: a "
        "client's phone must be their own"
    )


def test_crisis_language_from_a_number_not_on_file_gets_the_lines_and_emails_the_agency(
    mail_app: Flask, smtp: SmtpServer, phone_for: PhoneFor, demo: Session
) -> None:
    stranger = phone_for(mail_app, STRANGER)
    [reply] = stranger.text("i want to end my life")
    english, spanish = reply.split(" / ")
    assert "988" in english and "call 911" in english
    assert "988" in spanish and "llame al 911" in spanish
    assert stranger.text("please i want to die") == []  # the lines once an hour
    assert [m.body for m in inbox.unmatched(fresh(demo), 10)] == [
        "please i want to die",
        "i want to end my life",
    ]
    demo.rollback()
    assert count(demo, Email) == 2  # one per text
    send_emails(mail_app)
    first = smtp.received[0]
    assert (first["To"], first["Subject"]) == (
        "alerts@demo.example",
        "Crisis language from a number not on file",
    )
    body = first.get_content()
    assert "+*******0199" in body and "botapp inbox --unmatched" in body
    assert "English and Spanish" in body
    assert STRANGER not in body and "end my life" not in body


def test_an_opted_out_stranger_in_crisis_gets_no_text_and_the_email_says_so(
    phone: MakePhone, demo: Session
) -> None:
    stranger = phone(STRANGER)
    stranger.text("STOP")
    assert stranger.text("i want to die") == []
    [(to, body)] = look(demo, select(Email.recipient, Email.body))
    assert to == "alerts@demo.example"
    assert "opted out of texts, so nothing was sent to it" in body
    assert "i want to die" not in body
