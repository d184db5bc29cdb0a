"""Before a broadcast goes out, staff see what it says and what it costs: each language's text
with its segments (and a cheaper spelling when an accent doubles them), who reads which text,
the price, how long the sender takes, and warnings when texts would outlive Twilio's queue or
reach clients at night in their own time zones."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.broadcasts.preview import Preview, preview
from botapp.broadcasts.segment import Exclusion
from botapp.broadcasts.service import BroadcastFields, create_broadcast
from botapp.config import ConfigError, load_settings, settings_of
from botapp.delivery import outbox
from botapp.models import Agency, Broadcast, Client, ConsentKind, Staff
from botapp.services import consent
from tests.support import ALEX, MakeApp, audits, ok

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)  # noon in Chicago: nobody's quiet hours
ENGLISH = "Hiring event at the Loop office next week. Bring your resume."
# ó and ú are not GSM-7 (é is): this text costs three UCS-2 segments, one spelled plainly.
SPANISH = "Evento de contratación en la oficina del Loop la próxima semana. Traiga su currículum."


def _compose(session: Session, **texts: str) -> Broadcast:
    with session.begin():
        made = create_broadcast(session, None, BroadcastFields("Loop hiring", texts), NOW)
    return made


def _preview(
    app: Flask, session: Session, broadcast: Broadcast, mps: float = 1.0, price: str = "0.0083"
) -> Preview:
    settings = replace(settings_of(app), sender_mps=mps, sms_segment_price=Decimal(price))
    with session.begin():
        return preview(session, settings, broadcast, NOW)


def test_each_language_shows_its_text_segments_and_a_cheaper_spelling(
    app: Flask, demo: Session
) -> None:
    broadcast = _compose(demo, en=ENGLISH, es=SPANISH)
    shown = _preview(app, demo, broadcast, price="0.01")
    english, spanish = shown.texts
    assert (english.language, english.encoding, english.segments, english.readers) == (
        "en",
        "GSM-7",
        1,
        3,
    )
    assert english.body == ENGLISH + "\nReply STOP JOBS to stop event notices."
    assert english.gsm7_text is None
    assert (spanish.encoding, spanish.segments, spanish.readers) == ("UCS-2", 3, 3)
    assert spanish.characters == len(spanish.body)
    assert spanish.gsm7_segments == 1
    assert spanish.gsm7_text is not None
    assert spanish.gsm7_text.startswith("Evento de contratacion en la oficina del Loop la proxima")
    assert shown.by_language == {"en": 3, "es": 3}
    assert shown.fallback == {}
    assert shown.total_segments == 3 * 1 + 3 * 3
    assert shown.cost == Decimal("0.12")


def test_a_text_with_only_gsm7_accents_gets_no_suggestion(app: Flask, demo: Session) -> None:
    # É, é, ñ, ü, ¿ and ¡ are in the GSM-7 alphabet: nothing to spell differently.
    spanish_text = "¿Busca empleo? ¡Feria en Pilsen! Señora Müller, café."
    broadcast = _compose(demo, en=ENGLISH, es=spanish_text)
    [_, spanish] = _preview(app, demo, broadcast).texts
    assert spanish.encoding == "GSM-7"
    assert spanish.gsm7_text is None


def test_clients_whose_language_has_no_text_get_the_default_and_are_counted(
    app: Flask, demo: Session
) -> None:
    with demo.begin():
        consent.record(
            demo, phone=ALEX, client=None, kind=ConsentKind.OPT_OUT, method="sms_keyword"
        )
    broadcast = _compose(demo, en=ENGLISH)
    shown = _preview(app, demo, broadcast)
    [english] = shown.texts
    assert english.readers == 2 + 3  # Alex opted out; the Spanish readers get English
    assert shown.fallback == {"es": 3}
    assert shown.excluded[Exclusion.OPTED_OUT] == 1
    assert shown.recipients == 5


def test_the_time_to_send_counts_what_the_outbox_holds_ahead(app: Flask, demo: Session) -> None:
    broadcast = _compose(demo, en=ENGLISH)
    with demo.begin():
        for n in range(2):
            outbox.enqueue(
                demo, phone=ALEX, body="Reminder", key=f"test.{n}", category=outbox.REPLY, due=NOW
            )
    shown = _preview(app, demo, broadcast, mps=0.001)
    assert shown.ahead_segments == 2
    assert shown.last_wait == timedelta(seconds=(2 + 6) / 0.001)
    assert shown.queue_warning is None  # 2 h 13 min: within Twilio's queue window
    # An hour later the texts ahead have gone: only the broadcast's own six segments remain.
    with demo.begin():
        broadcast.send_at = NOW + timedelta(hours=1)
    later = _preview(app, demo, broadcast, mps=0.001)
    assert later.start == NOW + timedelta(hours=1)
    assert later.last_wait == timedelta(seconds=6 / 0.001)


def test_texts_past_twilios_ten_hour_queue_bring_a_suggested_split(
    app: Flask, demo: Session
) -> None:
    with demo.begin():  # no quiet hours: the queue alone sets the split
        agency = demo.scalars(select(Agency)).one()
        agency.quiet_start = agency.quiet_end = time(9, 0)
    broadcast = _compose(demo, en=ENGLISH)
    shown = _preview(app, demo, broadcast, mps=0.0001)  # 6 segments: 16 h 40 min
    assert shown.last_wait == timedelta(seconds=60_000)
    warning = shown.queue_warning
    assert warning is not None
    assert (warning.days, warning.per_part) == (2, 3)
    assert shown.quiet_warning is None


def test_an_unpaced_sender_sets_no_time_limit(app: Flask, demo: Session) -> None:
    broadcast = _compose(demo, en=ENGLISH)
    shown = _preview(app, demo, broadcast, mps=0.0)
    assert shown.last_wait is None
    assert shown.queue_warning is None


@pytest.mark.parametrize(
    ("start", "quiet", "later"),
    [
        # 07:30 in Chicago, 06:30 in Denver, 05:30 in Los Angeles, 08:30 in New York.
        (
            datetime(2026, 12, 2, 13, 30, tzinfo=UTC),
            {
                "America/Chicago": 3,
                "America/Denver": 1,
                "America/Los_Angeles": 1,
                "America/New_York": 1,
            },
            datetime(2026, 12, 2, 17, 0, tzinfo=UTC),  # 9:00 in Los Angeles, the last to wake
        ),
        # 20:30 in New York only; its morning (14:00 UTC) is still night in Los Angeles.
        (
            datetime(2026, 12, 3, 1, 30, tzinfo=UTC),
            {"America/New_York": 1},
            datetime(2026, 12, 3, 17, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_start_in_recipients_quiet_hours_is_named_by_time_zone_with_a_later_start(
    app: Flask, demo: Session, start: datetime, quiet: dict[str, int], later: datetime
) -> None:
    with demo.begin():
        agency = demo.scalars(select(Agency)).one()
        agency.quiet_start, agency.quiet_end = time(20, 0), time(9, 0)
    broadcast = _compose(demo, en=ENGLISH)
    with demo.begin():
        broadcast.send_at = start
    shown = _preview(app, demo, broadcast)
    assert shown.quiet_warning is not None
    assert shown.quiet_warning.by_timezone == quiet
    assert shown.quiet_warning.later_start == later
    with demo.begin():
        broadcast.send_at = later
    assert _preview(app, demo, broadcast).quiet_warning is None


def three_time_zones(session: Session, quiet_start: time = time(20, 0)) -> None:
    """The demo agency's quiet hours from `quiet_start` to 9:00, its New York client moved to Los
    Angeles: Chicago 3, Denver 1, Los Angeles 2."""
    with session.begin():
        agency = session.scalars(select(Agency)).one()
        agency.quiet_start, agency.quiet_end = quiet_start, time(9, 0)
        ana = session.scalars(select(Client).where(Client.timezone == "America/New_York")).one()
        ana.timezone = "America/Los_Angeles"


def test_quiet_hours_beginning_before_the_last_text_are_named_with_a_start_that_fits(
    app: Flask, demo: Session
) -> None:
    three_time_zones(demo)
    broadcast = _compose(demo, en=ENGLISH)
    # 18:30 in Chicago, 17:30 in Denver, 16:30 in Los Angeles; six segments take 1 h 40 min.
    start = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)
    with demo.begin():
        broadcast.send_at = start
    shown = _preview(app, demo, broadcast, mps=0.001)
    warning = shown.quiet_warning
    assert warning is not None
    assert warning.by_timezone == {}  # nobody's quiet hours at the start
    assert warning.during == {"America/Chicago": 3}  # 20:00 there comes at 19:40 in Denver
    assert warning.end == start + timedelta(seconds=6000)
    # 9:00 in Los Angeles, the last to wake; 12:40 in Chicago when the last text goes.
    assert warning.later_start == datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    assert warning.shared_hours is None
    # Half an hour earlier the last text goes at 19:40 in Chicago: nothing to warn of.
    with demo.begin():
        broadcast.send_at = start - timedelta(minutes=30)
    assert _preview(app, demo, broadcast, mps=0.001).quiet_warning is None


def test_a_send_longer_than_the_hours_every_zone_allows_brings_a_split(
    app: Flask, demo: Session
) -> None:
    three_time_zones(demo, quiet_start=time(18, 0))  # 9:00 in Los Angeles to 18:00 in Chicago
    broadcast = _compose(demo, en=ENGLISH)
    shown = _preview(app, demo, broadcast, mps=0.0002)  # six segments: 8 h 20 min
    assert shown.queue_warning is None
    warning = shown.quiet_warning
    assert warning is not None
    assert warning.during == {"America/Chicago": 3, "America/Denver": 1, "America/Los_Angeles": 2}
    assert warning.later_start is None
    assert (warning.shared_hours, warning.days, warning.per_part) == (timedelta(hours=7), 2, 3)


def test_a_supervisor_reads_the_preview_in_their_language_and_it_is_audited(
    runner: FlaskCliRunner, demo: Session
) -> None:
    with demo.begin():
        dana = demo.scalars(select(Staff).where(Staff.email == "dana.reed@demo.example")).one()
        dana.locale = "es"
    by = "--by dana.reed@demo.example"
    [created] = ok(runner, f'broadcast create --name "Feria" --text "en={ENGLISH}" {by}')
    broadcast_id = created.split()[1]
    lines = ok(runner, f"broadcast preview {broadcast_id} {by}")
    assert lines[0].startswith(f"Aviso {broadcast_id}, Feria (borrador), si se envía")
    assert "Texto en en, para 6 destinatarios: 100 caracteres, GSM-7, 1 segmento(s) cada uno" in (
        lines
    )
    assert "6 destinatarios por idioma: en 3, es 3" in lines
    assert any(line.startswith("3 destinatarios leen un idioma sin texto (es 3)") for line in lines)
    assert any(line.startswith("6 segmentos en total, costo estimado") for line in lines)
    assert ("dana.reed@demo.example", "preview_broadcast", f"broadcast {broadcast_id}") in audits(
        demo, "preview_broadcast"
    )


def test_the_segment_price_is_a_setting_that_must_be_a_price() -> None:
    base = {"DATABASE_URL": "sqlite://"}
    assert load_settings(base).sms_segment_price == Decimal("0.0083")
    assert load_settings({**base, "SMS_SEGMENT_PRICE": "0.0079"}).sms_segment_price == Decimal(
        "0.0079"
    )
    for bad in ("-0.01", "cheap", "NaN"):
        with pytest.raises(ConfigError, match="SMS_SEGMENT_PRICE"):
            load_settings({**base, "SMS_SEGMENT_PRICE": bad})


def test_the_command_warns_past_the_queue_window_and_says_when_unpaced(
    make_app: MakeApp, demo: Session
) -> None:
    slow = make_app(SENDER_MPS="0.0001").test_cli_runner()
    [created] = ok(slow, f'broadcast create --name Fair --text "en={ENGLISH}"')
    broadcast_id = created.split()[1]
    lines = ok(slow, f"broadcast preview {broadcast_id}")
    # 17 hours cross everyone's quiet hours too: only 8 a day suit all four time zones, so both
    # warnings suggest three parts (each fits Twilio's window as well).
    assert (
        "WARNING: the last text would wait 17 hours, past Twilio's queue window (10 hours), and "
        "texts after it would fail. Send it over 3 days: 3 broadcasts of at most 2 recipients, "
        "one a day."
    ) in lines
    assert lines[-1] == (
        "No start fits the whole sending in the hours every recipient's time zone allows (8 hours "
        "a day). Send it over 3 days: 3 broadcasts of at most 2 recipients, one a day."
    )
    unpaced = make_app(SENDER_MPS="0").test_cli_runner()
    # (Then, depending on the hour the test runs at, a quiet-hours warning for some zones.)
    assert (
        "The sender is not paced (SENDER_MPS = 0): the time to send is not limited by the sender."
    ) in ok(unpaced, f"broadcast preview {broadcast_id}")
