"""What a broadcast will cost and how it will go, before it is sent: each text as a recipient
reads it (characters, encoding, segments, and a cheaper GSM-7 spelling when an accent alone
doubles the cost), who gets which text, the total segments and their price, how long the
sender takes to send them, and warnings when texts would outlive Twilio's queue or reach
clients in their quiet hours, at the start or before the last is sent
(docs/decisions/0029-broadcasts.md, "Composing and previewing").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from babel.dates import format_timedelta
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import texts
from botapp.broadcasts.segment import Exclusion, Segment, recipients, tally
from botapp.config import Settings
from botapp.delivery import backlog
from botapp.delivery.quiet_hours import QuietHours, is_quiet, next_allowed, next_quiet
from botapp.encoding import Encoding, analyze, gsm7_spelling
from botapp.messages import render
from botapp.messages.formatting import LocalTime
from botapp.models import Agency, Broadcast

# Twilio keeps a text in a sender's queue at most this long, then fails it (error 30001).
QUEUE_WINDOW = timedelta(hours=10)
# How far past the start to look for one whose whole drain fits everyone's allowed hours: they
# repeat daily, so two days see every case but a clock change.
FIT_SEARCH = timedelta(days=2)
Drain = Callable[[datetime], timedelta]  # from a start to the last text's turn


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
    """Recipients whose texts would meet their quiet hours (the outbox holds those until the
    morning there): `by_timezone` at the start; `during`, in time zones not quiet then whose
    quiet hours begin before the drain's estimated `end` (the drain read as uniform, a zone's
    recipients anywhere in the queue). `later_start`: the first start whose whole drain falls
    in every time zone's allowed hours; with none, when they share `shared_hours` a day, the
    drain split as the queue warning splits it: `days` parts of at most `per_part`."""

    by_timezone: dict[str, int]
    during: dict[str, int]
    end: datetime
    later_start: datetime | None
    shared_hours: timedelta | None = None
    days: int = 0
    per_part: int = 0

    @property
    def recipients(self) -> int:
        return sum(self.by_timezone.values())

    @property
    def reached(self) -> int:
        return sum(self.during.values())


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

    def drain(at: datetime) -> timedelta:
        """Started at `at`: what the outbox holds then goes first (unpaced: no time)."""
        return _last_wait(total, ahead, settings.sender_mps, at - now) or timedelta(0)

    queue, quiet = _one_split(
        _queue_warning(last_wait, readers_total),
        _quiet_warning(zones, start, hours, drain, readers_total),
    )
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
        queue_warning=queue,
        quiet_warning=quiet,
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
    return QueueWarning(last_wait, *_split(last_wait, QUEUE_WINDOW, recipients))


def _split(wait: timedelta, window: timedelta, recipients: int) -> tuple[int, int]:
    """Days, and recipients at most a day, for a send of `wait` to go in parts of `window`."""
    days = math.ceil(wait / window)
    return days, math.ceil(recipients / days)


def _one_split(
    queue: QueueWarning | None, quiet: QuietWarning | None
) -> tuple[QueueWarning | None, QuietWarning | None]:
    """When both warnings split the send, both suggest the split in more parts: its parts fit
    the other's window as well."""
    if queue is None or quiet is None or not quiet.days:
        return queue, quiet
    days, per_part = max((queue.days, queue.per_part), (quiet.days, quiet.per_part))
    return replace(queue, days=days, per_part=per_part), replace(
        quiet, days=days, per_part=per_part
    )


def _by_timezone(
    session: Session, segment: Segment, broadcast: Broadcast, now: datetime
) -> dict[str, int]:
    chosen = recipients(segment, broadcast.agency_id, broadcast.office_id, now).subquery()
    rows = session.execute(
        select(chosen.c.timezone, func.count()).group_by(chosen.c.timezone)
    ).tuples()
    return dict(sorted(rows))


def _quiet_warning(
    zones: dict[str, int], start: datetime, hours: QuietHours, drain: Drain, recipients: int
) -> QuietWarning | None:
    """The recipients whose time zone is quiet at `start` or turns quiet before the drain's
    end, and a start whose whole drain suits every zone (else how to split it)."""
    end = start + drain(start)
    quiet = {zone: n for zone, n in zones.items() if is_quiet(start, zone, hours)}
    turning = _turning_quiet(start, list(zones), hours, end)
    during = {zone: n for zone, n in zones.items() if zone in turning and zone not in quiet}
    if not quiet and not during:
        return None
    later = _fitting_start(start, list(zones), hours, drain)
    warning = QuietWarning(quiet, during, end, later)
    shared = None if later is not None else _shared_hours(start, list(zones), hours)
    if shared is None:
        return warning
    days, per_part = _split(drain(start), shared, recipients)
    return replace(warning, shared_hours=shared, days=days, per_part=per_part)


def _turning_quiet(
    moment: datetime, zones: list[str], hours: QuietHours, end: datetime
) -> dict[str, datetime]:
    """Those of `zones` whose quiet hours hold or begin from `moment` until `end` (the last
    text's turn: at their first minute it would be held too), and when they begin."""
    begins = {zone: next_quiet(moment, zone, hours) for zone in zones}
    return {zone: at for zone, at in begins.items() if at is not None and at <= end}


def _fitting_start(
    start: datetime, zones: list[str], hours: QuietHours, drain: Drain
) -> datetime | None:
    """The first moment from `start` from which the whole drain falls outside quiet hours in
    every one of `zones`; None when there is none (their shared hours are shorter)."""
    moment = start
    while moment < start + FIT_SEARCH:
        opens = _allowed_everywhere(moment, zones, hours)
        if opens is None:
            return None
        reached = _turning_quiet(opens, zones, hours, opens + drain(opens))
        if not reached:
            return opens
        # A later start ends no sooner, so it must wait out the quiet hours it ran into.
        moment = max(next_allowed(at, zone, hours) for zone, at in reached.items())
    return None


def _shared_hours(start: datetime, zones: list[str], hours: QuietHours) -> timedelta | None:
    """How long every one of `zones` allows texts at a stretch, from the moment the last of
    them wakes to the first quiet hours after; None when that stretch never comes."""
    begins = [at for zone in zones if (at := next_quiet(start, zone, hours)) is not None]
    opens = _allowed_everywhere(min(begins), zones, hours) if begins else None
    if opens is None:
        return None
    closes = [at for zone in zones if (at := next_quiet(opens, zone, hours)) is not None]
    return min(closes) - opens if closes else None


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


def warning_lines(shown: Preview, locale: str, zone: str) -> list[str]:
    """The preview's warnings as `botapp broadcast preview` and the web page word them, in
    `locale`, times in `zone` (the agency's)."""

    def span(time: timedelta) -> str:
        return format_timedelta(time, locale=locale, threshold=2)

    def zones(counts: dict[str, int]) -> str:
        return ", ".join(f"{name} {n}" for name, n in counts.items())

    lines = []
    if shown.queue_warning is not None:
        queue = shown.queue_warning
        window, wait = span(QUEUE_WINDOW), span(queue.last_wait)
        lines.append(
            render(
                t.WARN_QUEUE,
                locale,
                time=wait,
                window=window,
                days=queue.days,
                per_part=queue.per_part,
            )
        )
    quiet = shown.quiet_warning
    if quiet is None:
        return lines
    if quiet.by_timezone:
        lines.append(
            render(t.WARN_QUIET, locale, n=quiet.recipients, zones=zones(quiet.by_timezone))
        )
    if quiet.during:
        end = LocalTime(quiet.end, zone).text(locale)
        lines.append(
            render(t.WARN_QUIET_DURING, locale, n=quiet.reached, zones=zones(quiet.during), end=end)
        )
    if quiet.later_start is not None:
        start = LocalTime(quiet.later_start, zone).text(locale)
        lines.append(render(t.WARN_QUIET_LATER, locale, start=start))
    elif quiet.shared_hours is not None:
        lines.append(
            render(
                t.WARN_QUIET_SPLIT,
                locale,
                window=span(quiet.shared_hours),
                days=quiet.days,
                per_part=quiet.per_part,
            )
        )
    else:
        lines.append(render(t.WARN_QUIET_APART, locale))
    return lines
