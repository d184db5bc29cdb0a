"""What a broadcast will cost and how it will go, before it is sent: each text as a recipient
reads it (characters, encoding, segments, and a cheaper GSM-7 spelling when an accent alone
doubles the cost), who gets which text, the total segments and their price, how long the
sender takes to send them, and warnings when texts would outlive Twilio's queue or reach
clients in their quiet hours (docs/decisions/0029-broadcasts.md, "Composing and previewing").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.broadcasts import texts
from botapp.broadcasts.segment import Exclusion, Segment, recipients, tally
from botapp.config import Settings
from botapp.delivery import backlog
from botapp.delivery.quiet_hours import QuietHours, is_quiet, next_allowed
from botapp.encoding import Encoding, analyze, gsm7_spelling
from botapp.models import Agency, Broadcast

# Twilio keeps a text in a sender's queue at most this long, then fails it (error 30001).
QUEUE_WINDOW = timedelta(hours=10)


@dataclass(frozen=True)
class TextPreview:
    """One language's text as its readers get it, and what it costs each of them."""

    language: str
    body: str
    characters: int
    encoding: Encoding
    segments: int
    readers: int  # recipients who get this text (their language's, or the default's)
    gsm7_text: str | None = None  # the body spelled without accents, when that is cheaper
    gsm7_segments: int | None = None


@dataclass(frozen=True)
class QueueWarning:
    """The last text would wait past Twilio's queue window: send it over `days` days, in as
    many parts of at most `per_part` recipients, each draining within one window."""

    last_wait: timedelta
    days: int
    per_part: int


@dataclass(frozen=True)
class QuietWarning:
    """Sent at the start, these recipients are in their quiet hours; the outbox holds their
    texts until the morning there. `later_start`: the first moment every timezone allows."""

    by_timezone: dict[str, int]
    later_start: datetime | None

    @property
    def recipients(self) -> int:
        return sum(self.by_timezone.values())


@dataclass(frozen=True)
class Preview:
    """The figures `botapp broadcast preview` and the web composer show."""

    texts: list[TextPreview]
    by_language: dict[str, int]  # recipients by their own language
    fallback: dict[str, int]  # recipients by a language without a text (they get the default)
    excluded: dict[Exclusion, int]
    total_segments: int
    cost: Decimal  # USD
    start: datetime
    mps: float
    ahead_segments: int  # pending in the outbox: sent before this broadcast's texts
    last_wait: timedelta | None  # from the start to the last text sent; None when unpaced
    queue_warning: QueueWarning | None
    quiet_warning: QuietWarning | None

    @property
    def recipients(self) -> int:
        return sum(self.by_language.values())


def preview(session: Session, settings: Settings, broadcast: Broadcast, now: datetime) -> Preview:
    """Render, count and time `broadcast` as if sent at its `send_at` (or now)."""
    segment = Segment.from_json(broadcast.segment)
    counted = tally(session, segment, broadcast.agency_id, broadcast.office_id, now)
    by_language = dict(sorted(counted.by_language.items()))
    name = texts.program_name(session, settings, broadcast)
    bodies = {
        language: _text(texts.body(broadcast, language, name), language)
        for language in sorted(broadcast.texts)
    }
    readers = dict.fromkeys(bodies, 0)
    fallback: dict[str, int] = {}
    for language, count in by_language.items():
        used = texts.language_for(broadcast, language)
        readers[used] += count
        if used != language:
            fallback[language] = count
    shown = [replace(text, readers=readers[language]) for language, text in bodies.items()]
    total = sum(text.segments * text.readers for text in shown)
    start = max(broadcast.send_at or now, now)
    ahead = backlog.measure(session, settings.sender_mps, now).pending_segments
    last_wait = _last_wait(total, ahead, settings.sender_mps, start - now)
    agency = session.get_one(Agency, broadcast.agency_id)
    zones = _by_timezone(session, segment, broadcast, now)
    hours = QuietHours(agency.quiet_start, agency.quiet_end)
    readers_total = sum(readers.values())
    return Preview(
        texts=shown,
        by_language=by_language,
        fallback=fallback,
        excluded=counted.excluded,
        total_segments=total,
        cost=total * settings.sms_segment_price,
        start=start,
        mps=settings.sender_mps,
        ahead_segments=ahead,
        last_wait=last_wait,
        queue_warning=_queue_warning(last_wait, readers_total),
        quiet_warning=_quiet_warning(zones, start, hours),
    )


def _text(body: str, language: str) -> TextPreview:
    """A text's figures, with its GSM-7 spelling when only accents make it UCS-2 and dropping
    them saves segments."""
    cost = analyze(body)
    text = TextPreview(language, body, len(body), cost.encoding, cost.segments, readers=0)
    plain = gsm7_spelling(body) if cost.encoding == "UCS-2" else None
    if plain is None or analyze(plain).segments >= cost.segments:
        return text
    return replace(text, gsm7_text=plain, gsm7_segments=analyze(plain).segments)


def _last_wait(total: int, ahead: int, mps: float, until_start: timedelta) -> timedelta | None:
    """From the start to the last text's turn: what is pending now and still unsent at the
    start goes first, then this broadcast's segments, at `mps`; None when unpaced."""
    if mps <= 0:
        return None
    still_ahead = max(0.0, ahead / mps - until_start.total_seconds())
    return timedelta(seconds=math.ceil(still_ahead + total / mps))


def _queue_warning(last_wait: timedelta | None, recipients: int) -> QueueWarning | None:
    """As many parts, a day apart, as queue windows the whole would take, when over one."""
    if last_wait is None or last_wait <= QUEUE_WINDOW or recipients == 0:
        return None
    days = math.ceil(last_wait / QUEUE_WINDOW)
    return QueueWarning(last_wait, days, math.ceil(recipients / days))


def _by_timezone(
    session: Session, segment: Segment, broadcast: Broadcast, now: datetime
) -> dict[str, int]:
    chosen = recipients(segment, broadcast.agency_id, broadcast.office_id, now).subquery()
    rows = session.execute(
        select(chosen.c.timezone, func.count()).group_by(chosen.c.timezone)
    ).tuples()
    return dict(sorted(rows))


def _quiet_warning(
    zones: dict[str, int], start: datetime, hours: QuietHours
) -> QuietWarning | None:
    """The recipients whose timezone is in quiet hours at `start`, and a start that suits all."""
    quiet = {zone: n for zone, n in zones.items() if is_quiet(start, zone, hours)}
    if not quiet:
        return None
    return QuietWarning(quiet, _allowed_everywhere(start, list(zones), hours))


def _allowed_everywhere(start: datetime, zones: list[str], hours: QuietHours) -> datetime | None:
    """The first moment from `start` outside quiet hours in every one of `zones`; None when
    their allowed hours never overlap (zones half a day apart with long quiet hours)."""
    moment = start
    for _ in range(2 * len(zones) + 2):  # each step moves past one zone's quiet hours
        later = max(next_allowed(moment, zone, hours) for zone in zones)
        if later == moment:
            return moment
        moment = later
    return None
