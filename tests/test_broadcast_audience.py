"""Who a broadcast reaches, and what they read: the segment's filters choose clients of the
agency; those who opted out, of everything or of event notices, those a person must answer
first and those with an open question are left out, and counted under the first reason that
applies; each reads the notice in their language, or the default one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.broadcasts import texts
from botapp.broadcasts.segment import Exclusion, Segment, SegmentError, recipients, tally
from botapp.db import utcnow
from botapp.encoding import analyze
from botapp.models import (
    BROADCAST_SCOPE,
    Agency,
    Broadcast,
    ClientStatus,
    ClientTag,
    ConsentKind,
    Escalation,
    Reason,
    Severity,
    Staff,
)
from botapp.services import consent
from tests.support import ALEX, LUCIA, client_by_phone

TYRONE, JOSE, PRIYA, ANA = "+17735550188", "+17735550189", "+12065550100", "+12125550123"


def _agency(session: Session) -> int:
    return session.scalars(select(Agency.id)).one()


def _phones(session: Session, segment: Segment) -> set[str]:
    rows = session.execute(recipients(segment, _agency(session), None, utcnow())).all()
    return {phone for _, _, _, phone in rows}


def test_by_default_every_active_client_of_the_agency_in_their_language(demo: Session) -> None:
    counted = tally(demo, Segment(), _agency(demo), None, utcnow())
    assert counted.by_language == {"en": 3, "es": 3}
    assert counted.recipients == 6
    assert set(counted.excluded.values()) == {0}
    assert _phones(demo, Segment()) == {ALEX, LUCIA, TYRONE, JOSE, PRIYA, ANA}


def test_filters_choose_by_language_specialist_tag_zip_and_status(demo: Session) -> None:
    with demo.begin():
        maria = demo.scalars(select(Staff).where(Staff.email == "maria.lopez@demo.example")).one()
        demo.add(ClientTag(client_id=client_by_phone(demo, TYRONE).id, tag="forklift"))
        client_by_phone(demo, PRIYA).zip_code = "60601-1234"
        client_by_phone(demo, ANA).status = ClientStatus.CLOSED
    assert _phones(demo, Segment(languages=("es",))) == {LUCIA, JOSE}
    assert _phones(demo, Segment(specialist_ids=(maria.id,))) == {LUCIA, JOSE}
    assert _phones(demo, Segment(tags=("forklift",))) == {TYRONE}
    assert _phones(demo, Segment(zip_codes=("60601",))) == {PRIYA}
    assert _phones(demo, Segment(statuses=(ClientStatus.CLOSED,))) == {ANA}


def test_each_guard_leaves_clients_out_and_counts_them_once(demo: Session) -> None:
    with demo.begin():
        consent.record(
            demo, phone=ALEX, client=None, kind=ConsentKind.OPT_OUT, method="sms_keyword"
        )
        consent.record(
            demo,
            phone=LUCIA,
            client=None,
            kind=ConsentKind.OPT_OUT,
            method="sms_keyword",
            scope=BROADCAST_SCOPE,
        )
        tyrone = client_by_phone(demo, TYRONE)
        demo.add(Escalation(client_id=tyrone.id, reason=Reason.NEEDS_HELP, severity=Severity.TODAY))
    counted = tally(demo, Segment(), _agency(demo), None, utcnow())
    assert counted.excluded[Exclusion.OPTED_OUT] == 1
    assert counted.excluded[Exclusion.OPTED_OUT_BROADCASTS] == 1
    assert counted.excluded[Exclusion.OPEN_ESCALATION] == 1
    assert counted.recipients == 3
    assert _phones(demo, Segment()) == {JOSE, PRIYA, ANA}
    # The guard against a person's open work can be lifted; an opt-out never can.
    lifted = Segment(skip_open_escalation=False)
    assert _phones(demo, lifted) == {TYRONE, JOSE, PRIYA, ANA}


def test_a_saved_segment_reads_back_and_a_bad_one_names_its_field() -> None:
    segment = Segment(languages=("es",), tags=("youth",), skip_texted_within_days=14)
    assert Segment.from_json(segment.as_json()) == segment
    with pytest.raises(SegmentError) as error:
        Segment.from_json({"skip_texted_within_days": 0})
    assert error.value.field == "skip_texted_within_days"
    with pytest.raises(SegmentError) as error:
        Segment.from_json({"colour": ["red"]})
    assert error.value.field == "colour"
    assert Segment.from_json({"tags": [" Forklift "]}).tags == ("forklift",)


def test_a_notice_reads_in_the_clients_language_or_the_default_one() -> None:
    broadcast = Broadcast(
        texts={
            "en": "{event}: {date} at {time}, {place}.",
            "es": "{event}: {date} a las {time}, {place}.",
        },
        default_language="en",
        event_name="Job fair",
        event_place="Harold Washington Library",
        event_at=datetime(2026, 12, 3, 16, 0, tzinfo=UTC),
        event_timezone="America/Chicago",
        ask_rsvp=True,
    )
    english = texts.body(broadcast, "en", "Job Connect")
    assert english.splitlines()[0] == "Job fair: Thu, Dec 3 at 10:00 AM, Harold Washington Library."
    assert "Reply 1 for yes" in english and english.endswith(
        "Reply STOP JOBS to stop event notices."
    )
    spanish = texts.body(broadcast, "es", "Job Connect")
    assert spanish.startswith("Job fair: jue, 3 dic a las 10:00")
    assert spanish.endswith("Responda NO MAS AVISOS para no recibir avisos de eventos.")
    assert analyze(spanish).encoding == "GSM-7"  # the catalog's lines cost no UCS-2
    # A language without a text gets the default language's, whole.
    assert texts.language_for(broadcast, "ht") == "en"
    assert texts.body(broadcast, "ht", "Job Connect") == english
    with pytest.raises(texts.BroadcastTextError, match="first_name"):
        texts.check("Hi {first_name}")
