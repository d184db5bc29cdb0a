"""Stories of clients opting out, back in, asking for help and switching language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import String, select, update
from sqlalchemy.orm import Session

from botapp.config import SUPPORTED_LOCALES, sessions_of
from botapp.db import utcnow
from botapp.keywords import VOCABULARY, KeywordKind, classify, normalize
from botapp.models import CaseNote, Client, ConsentEvent, ConsentKind, Message
from botapp.services.consent import is_opted_out
from botapp.words import all_languages
from tests.support import ALEX, LUCIA, STRANGER, MakeApp, MakePhone, PhoneFor, texts_to

OPT_OUT_EN = [
    "STOP",
    "stop",
    " Stop ",
    "STOPALL",
    "unsubscribe",
    "CANCEL",
    "end",
    "Quit",
    "REVOKE",
    "optout",
    "opt out",
    "Stop. Thank you",
    "stop please",
    "STOP!!",
    "stop texting me",
    "Please stop sending me messages",
    "don't text me",
    "Remove me from this list",
    "no more texts",
]
OPT_OUT_ES = [
    "PARAR",
    "parar por favor",
    "BAJA",
    "no más",
    "No mas",
    "Basta",
    "alto",
    "no me envíen más mensajes",
    "ya no quiero recibir mensajes",
    "dejen de mandar mensajes",
]
NOT_OPT_OUT = [
    "I can't stop thinking about the interview",
    "I quit",
    "cancelar",
    "stop by the office?",
    "when does my shift end",
    "yes",
    "Sí",
    "no",
    "para mañana?",
    "thank you",
    "cancel it please",
    "Cancel please",
]


@pytest.mark.parametrize("body", OPT_OUT_EN + OPT_OUT_ES)
def test_opt_out_phrases_are_recognised(body: str) -> None:
    assert (kw := classify(body)) is not None and kw.kind is KeywordKind.OPT_OUT


@pytest.mark.parametrize("body", NOT_OPT_OUT)
def test_ordinary_replies_are_not_opt_outs(body: str) -> None:
    kw = classify(body)
    assert kw is None or kw.kind is not KeywordKind.OPT_OUT


HELP_OPT_IN_LANGUAGE = [
    ("HELP", KeywordKind.HELP, None),
    ("info", KeywordKind.HELP, None),
    ("Ayuda", KeywordKind.HELP, None),
    ("START", KeywordKind.OPT_IN, None),
    ("unstop", KeywordKind.OPT_IN, None),
    ("ALTA", KeywordKind.OPT_IN, None),
    ("Inicio", KeywordKind.OPT_IN, None),
    ("ESPAÑOL", KeywordKind.LANGUAGE, "es"),
    ("spanish", KeywordKind.LANGUAGE, "es"),
    ("en español por favor", KeywordKind.LANGUAGE, "es"),
    ("English", KeywordKind.LANGUAGE, "en"),
    ("INGLÉS", KeywordKind.LANGUAGE, "en"),
    ("ingles", KeywordKind.LANGUAGE, "en"),
    ("help me", KeywordKind.HELP, None),
    ("información", KeywordKind.HELP, None),
    ("ayúdame", KeywordKind.HELP, None),
    ("subscribe", KeywordKind.OPT_IN, None),
    ("Resume", KeywordKind.OPT_IN, None),
    ("opt in", KeywordKind.OPT_IN, None),
    ("iniciar", KeywordKind.OPT_IN, None),
    ("comenzar", KeywordKind.OPT_IN, None),
    ("in Spanish", KeywordKind.LANGUAGE, "es"),
    ("castellano", KeywordKind.LANGUAGE, "es"),
    ("in English please", KeywordKind.LANGUAGE, "en"),
    ("en inglés", KeywordKind.LANGUAGE, "en"),
    # Twilio's words with anything around them are botapp's to read.
    ("Start please", KeywordKind.OPT_IN, None),
    ("unstop!", KeywordKind.OPT_IN, None),
    ("Help?", KeywordKind.HELP, None),
    ("info please", KeywordKind.HELP, None),
]


@pytest.mark.parametrize(("body", "kind", "language"), HELP_OPT_IN_LANGUAGE)
def test_help_opt_in_and_language_words(body: str, kind: KeywordKind, language: str | None) -> None:
    kw = classify(body)
    assert kw is not None and (kw.kind, kw.language) == (kind, language)


def test_every_help_opt_in_and_language_word_of_every_language_is_tested_above() -> None:
    tested = {VOCABULARY.core(normalize(body)) for body, _, _ in HELP_OPT_IN_LANGUAGE}
    for lang in all_languages():
        words = lang.help | lang.opt_in | set().union(*lang.switch_to.values())
        assert words - lang.opt_in_only_when_out - tested == set()
    assert {"yes", "si"} == set().union(*(lang.opt_in_only_when_out for lang in all_languages()))


def test_botapp_answers_in_every_language_it_reads_and_reads_every_language_it_answers_in() -> None:
    codes = [lang.code for lang in all_languages()]
    assert sorted(codes) == sorted(SUPPORTED_LOCALES)
    for lang in all_languages():
        assert set(lang.switch_to) == set(SUPPORTED_LOCALES), lang.code


def test_yes_is_an_answer_unless_the_client_is_opted_out() -> None:
    assert classify("YES") is None and classify("sí") is None
    for body in ("YES", "Sí", "Yes please"):
        kw = classify(body, opted_out=True)
        assert kw is not None and kw.kind is KeywordKind.OPT_IN, body
    assert classify("Yes please") is None


def test_a_client_who_texted_stop_gets_one_confirmation_then_nothing_until_start(
    phone: MakePhone, demo: Session
) -> None:
    alex = phone(ALEX)
    [confirm] = alex.text("stop texting me")
    assert confirm.startswith("Job Connect: You are unsubscribed") and "START" in confirm
    assert alex.text("STOP") == []  # exactly one confirmation
    assert alex.text("HELP") == []
    assert alex.text("are you there?") == []
    assert is_opted_out(demo, ALEX)
    [back] = alex.text("START")
    assert "subscribed again" in back and "Msg & data rates may apply" in back
    assert not is_opted_out(demo, ALEX)
    assert len(alex.text("HELP")) == 1
    kinds = demo.scalars(select(ConsentEvent.kind).order_by(ConsentEvent.id)).all()
    assert kinds == [
        ConsentKind.OPT_OUT,
        ConsentKind.OPT_OUT,
        ConsentKind.HELP,
        ConsentKind.OPT_IN,
        ConsentKind.HELP,
    ]
    notes = demo.scalars(select(CaseNote.note_key).order_by(CaseNote.id)).all()
    assert "note.inbox.opted_out" in notes and notes[0] == "note.consent.opt_out"


def test_spanish_speaker_opts_out_in_spanish_and_gets_the_confirmation_in_spanish(
    phone: MakePhone, demo: Session
) -> None:
    lucia = phone(LUCIA)
    [confirm] = lucia.text("No más")
    assert "Se dio de baja" in confirm
    [back] = lucia.text("ALTA")
    assert "suscrito de nuevo" in back
    [yes_back] = [*lucia.text("BAJA"), *lucia.text("sí")][1:]
    assert "suscrito de nuevo" in yes_back


def test_help_names_program_contact_frequency_rates_and_stop_in_each_language(
    phone: MakePhone, demo: Session
) -> None:
    [en] = phone(ALEX).text("HELP")
    [es] = phone(LUCIA).text("AYUDA")
    for text in (en, es):
        assert "Job Connect" in text and "+13125550100" in text and "STOP" in text
    assert "Msg frequency varies" in en and "Msg & data rates may apply" in en
    assert "frecuencia" in es and "tarifas" in es


def test_language_switch_changes_every_later_reply(phone: MakePhone, demo: Session) -> None:
    alex = phone(ALEX)
    [switched] = alex.text("ESPAÑOL")
    assert switched == "Job Connect: Listo, desde ahora le escribiremos en español."
    assert demo.scalars(select(Client.language).where(Client.phone == ALEX)).one() == "es"
    [help_es] = alex.text("HELP")
    assert "Preguntas" in help_es
    [back] = alex.text("english please")
    assert back.endswith("we will text you in English.")
    event = demo.scalars(
        select(ConsentEvent).where(ConsentEvent.kind == ConsentKind.LANGUAGE)
    ).first()
    assert event is not None and event.language == "es"


def test_twilio_answers_its_own_keywords_on_a_real_number(
    make_app: MakeApp, phone_for: PhoneFor
) -> None:
    """With OPT_OUT_HANDLER=twilio, Twilio confirms STOP/START/HELP; botapp only records them."""
    app, session = make_app(OPT_OUT_HANDLER="twilio"), None
    alex = phone_for(app, ALEX)
    session = sessions_of(app)()
    assert alex.text("STOP") == []
    assert is_opted_out(session, ALEX)
    assert alex.text("UNSTOP") == []
    assert not is_opted_out(session, ALEX)
    assert alex.text("INFO") == []
    # Words Twilio does not know are botapp's to confirm.
    [confirm] = alex.text("PARAR")
    assert "Se dio de baja" not in confirm and "unsubscribed" in confirm
    assert is_opted_out(session, ALEX)
    notes = session.scalars(select(CaseNote.note_key).order_by(CaseNote.id)).all()
    assert notes[0] == "note.consent.opt_out_twilio"
    session.close()


# Twilio's default keywords (its documentation; /work/shared/domain.md), written out here
# rather than imported, so that a word lost from botapp's copy is noticed.
TWILIO_OPT_OUT_WORDS = [
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
]
TWILIO_OPT_IN_WORDS = ["START", "YES", "UNSTOP"]


def test_twilio_alone_confirms_each_of_its_own_words_and_botapp_every_other(
    make_app: MakeApp, phone_for: PhoneFor
) -> None:
    """A word Twilio answers itself must get no second confirmation from botapp, and a phrase
    Twilio does not know must get botapp's, or the client hears nothing."""
    app = make_app(OPT_OUT_HANDLER="twilio")
    alex = phone_for(app, ALEX)
    session = sessions_of(app)()
    for i, word in enumerate(TWILIO_OPT_OUT_WORDS):
        for body in (word, word.lower().center(len(word) + 2)):  # whole message, any case
            assert alex.text(body) == [], body
            assert is_opted_out(session, ALEX), body
            back = TWILIO_OPT_IN_WORDS[i % len(TWILIO_OPT_IN_WORDS)]
            assert alex.text(back) == [], back
            assert not is_opted_out(session, ALEX), back
    assert alex.text("START") == []  # Twilio answers START from a subscribed number too
    assert alex.text("HELP") == [] and alex.text("info") == []
    # Not Twilio's words: botapp confirms them, once each.
    [out] = alex.text("stop please")
    assert "unsubscribed" in out and is_opted_out(session, ALEX)
    [back] = alex.text("resume")
    assert "subscribed again" in back and not is_opted_out(session, ALEX)
    [helped] = alex.text("help me")
    assert "Msg & data rates may apply" in helped
    assert alex.text("yes") == [
        "Thanks, Alex. Your specialist will read your message and get back to you."
    ]
    assert not is_opted_out(session, ALEX)  # a subscribed client's YES answers a question
    session.close()


def test_a_long_opt_out_is_recorded_in_the_clients_words_as_far_as_the_record_holds(
    phone: MakePhone, demo: Session
) -> None:
    body = (
        "Hi, this is Alex. I started a full-time job at the warehouse on Monday and my "
        "schedule is full, so I do not need the job search texts anymore. Thank you for all "
        "the help this year. Please stop texting me."
    )
    [confirm] = phone(ALEX).text(f"  {body}  ")
    assert "unsubscribed" in confirm
    column = ConsentEvent.__table__.c.keyword.type
    assert isinstance(column, String) and column.length is not None
    room = column.length
    assert len(body) > room
    event = demo.scalars(select(ConsentEvent)).one()
    assert event.keyword == body[:room]
    note = demo.scalars(select(CaseNote).where(CaseNote.note_key == "note.consent.opt_out")).one()
    assert note.params == {"keyword": body[:room]}


def test_a_text_with_no_words_goes_to_the_specialist(phone: MakePhone, demo: Session) -> None:
    alex = phone(ALEX)
    for body in ("", "  ", "?", "😀", "..."):
        alex.text(body)
        assert not is_opted_out(demo, ALEX), body
    assert demo.scalars(select(ConsentEvent)).all() == []
    inbox = demo.scalars(select(CaseNote).where(CaseNote.note_key == "note.inbox.message")).all()
    assert len(inbox) == 5


def test_advanced_opt_out_type_is_recorded_and_never_answered(
    phone: MakePhone, demo: Session
) -> None:
    """Twilio Advanced Opt-Out sends OptOutType for custom words it already confirmed."""
    alex = phone(ALEX)
    assert alex.text("Desuscribir", OptOutType="STOP") == []
    event = demo.scalars(select(ConsentEvent)).one()
    assert (event.kind, event.method, event.keyword) == (
        ConsentKind.OPT_OUT,
        "twilio_advanced_opt_out",
        "Desuscribir",
    )
    assert alex.text("Volver", OptOutType="START") == []
    assert not is_opted_out(demo, ALEX)


def test_unknown_number_can_opt_out_too(phone: MakePhone, demo: Session) -> None:
    stranger = phone(STRANGER)
    assert len(stranger.text("STOP")) == 1
    assert is_opted_out(demo, STRANGER)
    assert stranger.text("who is this") == []
    assert texts_to(demo, STRANGER)[0].startswith("Job Connect: You are unsubscribed")


def test_a_request_to_limit_texts_gets_one_answer_an_alert_and_no_opt_out(
    phone: MakePhone, demo: Session
) -> None:
    """FCC: a partial request is not a silent opt-out; one clarifying reply is allowed."""
    alex = phone(ALEX)
    [answer] = alex.text("don't text me after 8pm")
    assert answer == (
        "Job Connect: We passed your request to your specialist. "
        "To stop all texts from us, reply STOP."
    )
    assert not is_opted_out(demo, ALEX)
    assert alex.text("and not on Sundays please") == []  # one clarifying reply, not one per text
    [note, again] = demo.scalars(
        select(CaseNote).where(CaseNote.note_key == "note.consent.partial_opt_out")
    ).all()
    assert note.alert and note.params == {"keyword": "don't text me after 8pm"} and again.alert
    kinds = demo.scalars(select(ConsentEvent.kind)).all()
    assert kinds == [ConsentKind.PARTIAL_OPT_OUT, ConsentKind.PARTIAL_OPT_OUT]
    [confirm] = alex.text("STOP")  # how to stop everything still works, confirmed once
    assert "unsubscribed" in confirm and is_opted_out(demo, ALEX)
    assert alex.text("stop texting my mom") == []  # opted out: nothing more is sent


def test_a_spanish_speaker_asking_to_limit_texts_is_answered_in_spanish(
    phone: MakePhone, demo: Session
) -> None:
    [answer] = phone(LUCIA).text("no me escriban los domingos")
    assert answer.startswith("Job Connect: Pasamos su pedido a su especialista.")
    assert "BAJA o STOP" in answer and not is_opted_out(demo, LUCIA)


def test_the_limiting_reply_is_sent_again_only_after_a_day(phone: MakePhone, demo: Session) -> None:
    alex = phone(ALEX)
    assert len(alex.text("only about appointments")) == 1
    demo.execute(
        update(Message)
        .where(Message.message_key == "sms.opt_out.partial")
        .values(created_at=utcnow() - timedelta(hours=25))
    )
    demo.commit()
    assert len(alex.text("text my new number")) == 1


@pytest.mark.parametrize("body", ["Cancel it please", "cancelar", "I quit", "stop by the office?"])
def test_flow_words_are_neither_opt_outs_nor_limits(
    phone: MakePhone, demo: Session, body: str
) -> None:
    replies = phone(ALEX).text(body)
    assert not is_opted_out(demo, ALEX)
    assert replies == ["Thanks, Alex. Your specialist will read your message and get back to you."]
