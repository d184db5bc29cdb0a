"""Stories of clients who stop event notices alone (STOP JOBS, NO MÁS AVISOS) and keep their
reminders and check-ins, then ask for notices again (START JOBS, QUIERO AVISOS); a plain STOP
still stops everything (docs/decisions/0013-opt-out-phrasings.md). On SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import time

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import sessions_of, settings_of
from botapp.delivery import outbox
from botapp.encoding import analyze
from botapp.keywords import VOCABULARY, KeywordKind, classify, normalize
from botapp.models import BROADCAST_SCOPE, Agency, CaseNote, ConsentEvent, ConsentKind, Message
from botapp.models.consent import ALL_SCOPES
from botapp.services.consent import is_opted_out
from botapp.transport.twilio import TwilioTransport
from botapp.words import all_languages
from botapp.workers.dispatcher import Dispatcher
from tests.fake_twilio import FakeTwilio
from tests.support import (
    ALEX,
    JAMES,
    LUCIA,
    MARIA,
    Clock,
    MakeApp,
    MakeBrowser,
    MakePhone,
    Phone,
    PhoneFor,
    botapp,
    client_by_phone,
    drain,
)

NOTICES_OFF = (
    "Job Connect: You will get no more job-fair and event notices. Reminders and check-ins "
    "continue. Reply START JOBS to get notices again."
)
NOTICES_ON = (
    "Job Connect: You will get job-fair and event notices again. Reply STOP JOBS to stop them."
)
AVISOS_OFF = (
    "Job Connect: Ya no le enviaremos avisos de ferias de empleo ni eventos. Recordatorios y "
    "seguimientos siguen. Responda QUIERO AVISOS para recibirlos de nuevo."
)

STOP_NOTICES = [
    "STOP JOBS",
    "stop jobs please",
    "Stop Events",
    "stop job texts",
    "no more job fair texts",
    "stop sending me job notices",
    "Stop texting me about job fairs.",
    "NO MÁS AVISOS",
    "no mas avisos",
    "NO MAS EVENTOS",
    "ya no quiero avisos de empleo",
    "PARAR AVISOS",
    "stpo jobs",  # a one-letter slip, as for STOP
    "STOP JOBS STOP JOBS",
    "How do I stop the job fair texts?",
    "NO, no más avisos",
]
START_NOTICES = [
    "START JOBS",
    "START EVENTS",
    "start job fair texts please",
    "restart jobs",
    "resume event notices",
    "opt in jobs",
    "subscribe events",
    "AVISOS SÍ",
    "QUIERO AVISOS",
    "quiero recibir avisos",
    "REANUDAR AVISOS",
    "activar avisos",
    "alta avisos",
    "iniciar eventos",
]
# Sentences about a job, or asking to stop everything: never a scoped opt-out.
NOT_NOTICES = [
    ("I stopped my job", None),
    ("no more jobs for me at the warehouse?", None),
    ("Stop by the job fair?", None),
    ("Why did you stop the job fair texts?", None),
    ("no dejen de mandar avisos", None),
    ("I start my job monday", None),
    ("sí, le aviso mañana", None),
    ("no me escriban más yo les aviso", KeywordKind.OPT_OUT),
    ("I found a job, stop texting me", KeywordKind.OPT_OUT),
    ("STOP", KeywordKind.OPT_OUT),
    ("STOP! no more job fair texts", KeywordKind.OPT_OUT),
    ("stop jobs. stop texting me", KeywordKind.OPT_OUT),
    ("no quiero recibir mensajes ni avisos", KeywordKind.OPT_OUT),
    ("stop the job fair texts after 8pm", KeywordKind.PARTIAL_OPT_OUT),
    ("START", KeywordKind.OPT_IN),
]


@pytest.mark.parametrize("body", STOP_NOTICES)
def test_stop_jobs_and_its_natural_forms_stop_event_notices_alone(body: str) -> None:
    kw = classify(body)
    assert kw is not None and (kw.kind, kw.scope) == (KeywordKind.OPT_OUT, BROADCAST_SCOPE)
    assert not kw.twilio_standard  # Twilio opts a number out on its whole-message words only


@pytest.mark.parametrize("body", START_NOTICES)
def test_start_jobs_and_its_forms_ask_for_event_notices_again(body: str) -> None:
    kw = classify(body)
    assert kw is not None and (kw.kind, kw.scope) == (KeywordKind.OPT_IN, BROADCAST_SCOPE)


@pytest.mark.parametrize(("body", "kind"), NOT_NOTICES)
def test_a_sentence_about_a_job_or_a_stop_of_everything_is_not_a_scoped_opt_out(
    body: str, kind: KeywordKind | None
) -> None:
    kw = classify(body)
    assert (kw.kind if kw else None) == kind
    assert kw is None or kw.scope == ALL_SCOPES


def test_every_word_that_brings_notices_back_is_tested_above() -> None:
    tested = " ".join(normalize(body) for body in START_NOTICES).split()
    for lang in all_languages():
        for word in lang.notices_on:
            assert all(token in tested for token in word.split()), (lang.code, word)
    # A typo is fixed to a known word, never away from a notices word.
    assert VOCABULARY.fix_typo("jobs") == "jobs" and VOCABULARY.fix_typo("avisos") == "avisos"


def test_a_client_who_texts_stop_jobs_keeps_reminders_and_gets_one_confirmation(
    phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    assert alex.text("STOP JOBS") == [NOTICES_OFF]
    assert analyze(NOTICES_OFF).segments == 1
    assert is_opted_out(demo, ALEX, BROADCAST_SCOPE) and not is_opted_out(demo, ALEX)
    assert alex.text("no more job fair texts") == []  # exactly one confirmation
    [helped] = alex.text("HELP")  # still subscribed: HELP is answered, and names STOP JOBS
    assert "STOP JOBS to stop event notices" in helped
    assert alex.text("START JOBS") == [NOTICES_ON]
    assert not is_opted_out(demo, ALEX, BROADCAST_SCOPE)
    events = demo.execute(
        select(ConsentEvent.kind, ConsentEvent.scope, ConsentEvent.keyword).order_by(
            ConsentEvent.id
        )
    ).all()
    assert [tuple(e) for e in events] == [
        (ConsentKind.OPT_OUT, BROADCAST_SCOPE, "STOP JOBS"),
        (ConsentKind.OPT_OUT, BROADCAST_SCOPE, "no more job fair texts"),
        (ConsentKind.HELP, ALL_SCOPES, "HELP"),
        (ConsentKind.OPT_IN, BROADCAST_SCOPE, "START JOBS"),
    ]
    notes = demo.scalars(select(CaseNote.note_key).order_by(CaseNote.id)).all()
    assert notes == [
        "note.consent.notices_off",
        "note.consent.notices_off",
        "note.consent.help",
        "note.consent.notices_on",
    ]


def test_a_spanish_speaker_stops_and_restarts_notices_in_spanish_in_gsm7(
    phone: MakePhone, demo: Session
) -> None:
    lucia = phone(LUCIA)
    assert lucia.text("No más avisos") == [AVISOS_OFF]
    [back] = lucia.text("Quiero avisos")
    assert back.startswith("Job Connect: Volvemos a enviarle avisos")
    assert "NO MAS AVISOS" in back
    [ayuda] = lucia.text("AYUDA")
    assert "NO MAS AVISOS" in ayuda and "BAJA o STOP" in ayuda
    for text in (AVISOS_OFF, back):
        assert analyze(text).encoding == "GSM-7" and analyze(text).segments == 1, text


def test_help_names_stop_jobs_in_each_language_within_two_gsm7_segments(
    phone: MakePhone, demo: Session
) -> None:
    [en] = phone(ALEX).text("HELP")
    [es] = phone(LUCIA).text("AYUDA")
    assert "Reply STOP JOBS to stop event notices, STOP to opt out." in en
    for text in (en, es):
        assert analyze(text).encoding == "GSM-7" and analyze(text).segments <= 2, text


def test_a_plain_stop_after_stop_jobs_stops_everything_and_start_restores_everything(
    phone: MakePhone, demo: Session
) -> None:
    """The newest opt-out/opt-in of all texts or of notices decides: START is newer than the
    STOP JOBS before it, so it brings notices back too."""
    alex = phone(ALEX)
    alex.text("STOP JOBS")
    [stopped] = alex.text("STOP")
    assert stopped.startswith("Job Connect: You are unsubscribed")
    assert is_opted_out(demo, ALEX) and is_opted_out(demo, ALEX, BROADCAST_SCOPE)
    [back] = alex.text("START")
    assert "subscribed again" in back
    assert not is_opted_out(demo, ALEX) and not is_opted_out(demo, ALEX, BROADCAST_SCOPE)


def test_notice_words_from_a_client_opted_out_of_everything_change_nothing_but_the_record(
    phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    alex.text("STOP")
    assert alex.text("STOP JOBS") == []  # nothing is texted to a number that said STOP
    assert alex.text("START JOBS") == []  # and only START lifts a STOP
    assert is_opted_out(demo, ALEX) and is_opted_out(demo, ALEX, BROADCAST_SCOPE)
    events = demo.execute(
        select(ConsentEvent.kind, ConsentEvent.scope).order_by(ConsentEvent.id)
    ).all()
    assert [tuple(e) for e in events] == [
        (ConsentKind.OPT_OUT, ALL_SCOPES),
        (ConsentKind.OPT_OUT, BROADCAST_SCOPE),  # the STOP JOBS, on the record
    ]
    notes = demo.scalars(select(CaseNote.note_key).order_by(CaseNote.id)).all()
    assert notes[1:] == ["note.consent.notices_opted_out"] * 2
    [back] = alex.text("START")
    assert "subscribed again" in back and not is_opted_out(demo, ALEX, BROADCAST_SCOPE)


def test_botapp_answers_stop_jobs_even_when_twilio_handles_opt_outs(
    make_app: MakeApp, phone_for: PhoneFor
) -> None:
    """STOP JOBS is not Twilio's whole-message STOP: Twilio neither opts out nor answers."""
    app = make_app(OPT_OUT_HANDLER="twilio")
    alex = phone_for(app, ALEX)
    session = sessions_of(app)()
    assert alex.text("STOP JOBS") == [NOTICES_OFF]
    assert is_opted_out(session, ALEX, BROADCAST_SCOPE) and not is_opted_out(session, ALEX)
    assert alex.text("START JOBS") == [NOTICES_ON]
    assert alex.text("STOP") == []  # Twilio's own: Twilio answers it
    session.close()


@pytest.fixture
def db(twilio_app: Flask) -> Iterator[Session]:
    from botapp.cli.demo import seed

    s: Session = sessions_of(twilio_app)()
    with s.begin():
        seed(s)
        agency = s.scalars(select(Agency)).one()
        agency.quiet_start = agency.quiet_end = time(0, 0)  # never quiet: any hour may run
    yield s
    s.close()


@pytest.fixture
def dispatcher(twilio_app: Flask) -> Iterator[Dispatcher]:
    settings = settings_of(twilio_app)
    sender = Dispatcher(
        sessions_of(twilio_app),
        settings,
        TwilioTransport(settings, timeout=1.0),
        None,
        batch=10,
        clock=Clock(),
        rng=random.Random(7),
    )
    yield sender
    sender.close()


def _queue(db: Session, body: str, category: outbox.Category) -> None:
    with db.begin():
        outbox.enqueue(
            db,
            phone=ALEX,
            body=body,
            key="test",
            category=category,
            client=client_by_phone(db, ALEX),
        )


def test_after_stop_jobs_a_reminder_goes_and_a_notice_does_not_until_start_jobs(
    db: Session, dispatcher: Dispatcher, fake: FakeTwilio, twilio_app: Flask
) -> None:
    alex = Phone(twilio_app.test_client(), ALEX)
    alex.text("STOP JOBS")
    _queue(db, "Reminder: your appointment is Thu at 2:30 PM.", outbox.REMINDER)
    _queue(db, "Job fair Friday at the library!", outbox.BROADCAST)
    drain(dispatcher)
    sent = [m["body"] for m in fake.messages if m["to"] == ALEX]
    assert sent == [NOTICES_OFF, "Reminder: your appointment is Thu at 2:30 PM."]
    notice = db.scalars(select(Message).where(Message.category == "broadcast")).one()
    assert (notice.status, notice.failure_reason) == (
        "canceled",
        "client opted out before it was sent",
    )
    db.rollback()
    alex.text("START JOBS")
    _queue(db, "Hiring event Monday at 10!", outbox.BROADCAST)
    drain(dispatcher)
    sent = [m["body"] for m in fake.messages if m["to"] == ALEX]
    assert sent[2:] == [NOTICES_ON, "Hiring event Monday at 10!"]


def test_staff_see_the_scope_of_each_consent_event_in_words(
    phone: MakePhone, browser: MakeBrowser, demo_staff: Session, runner: FlaskCliRunner
) -> None:
    phone(ALEX).text("STOP JOBS")
    phone(LUCIA).text("no más avisos")
    james = browser()
    assert james.sign_in(JAMES).status_code == 302
    page = james.read(f"/clients/{client_by_phone(demo_staff, ALEX).id}")
    demo_staff.rollback()
    assert "opted out: event notices only" in page
    assert "This client stopped event notices (job fairs, hiring events)" in page
    assert "This client opted out" not in page
    case = botapp(runner, "case", ALEX, "--by", JAMES)
    assert case.exit_code == 0, case.output
    assert "Opted out of event notices (job fairs, hiring events); reminders and" in case.output
    assert (
        'Client texted "STOP JOBS" and was opted out of event notices (job fairs, hiring '
        "events); reminders and check-ins continue." in case.output
    )
    caso = botapp(runner, "case", LUCIA, "--by", MARIA)
    assert "Dado de baja de los avisos de eventos" in caso.output
    assert 'El cliente envió "no más avisos" y se dio de baja de los avisos' in caso.output
