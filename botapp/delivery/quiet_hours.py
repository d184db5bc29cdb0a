"""Quiet hours in the client's own timezone: when outreach may be sent, and when it may resume."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    """A daily local-time window [start, end) with no outreach; it may wrap midnight."""

    start: time
    end: time


DEFAULT = QuietHours(time(20, 0), time(9, 0))


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("quiet hours need a timezone-aware datetime")
    return moment


def is_quiet(moment: datetime, tz: str, hours: QuietHours) -> bool:
    """Whether `moment` falls in the quiet hours of a client in timezone `tz`."""
    wall = _aware(moment).astimezone(ZoneInfo(tz)).time()
    if hours.start == hours.end:
        return False
    if hours.start < hours.end:
        return hours.start <= wall < hours.end
    return wall >= hours.start or wall < hours.end


def _wall(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _reaching(day: date, at: time, zone: ZoneInfo) -> Iterator[datetime]:
    """The UTC instants at which the wall clock reaches `at` on `day`, earliest first."""
    naive = datetime.combine(day, at)
    early = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    late = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if _wall(early, zone) == naive:
        # Exists once, or twice on a fall-back day (fold 0 is the earlier instant).
        yield early
        if late != early:
            yield late
        return
    # Skipped by a spring-forward gap: the clock first shows a later time at the
    # transition, which lies between the two readings (fold=1 uses the offset
    # after the jump, so it is the earlier instant here). Bisect to the second.
    lo, hi = late, early
    while hi - lo > timedelta(seconds=1):
        mid = lo + timedelta(seconds=(hi - lo).total_seconds() // 2)
        lo, hi = (lo, mid) if _wall(mid, zone) >= naive else (mid, hi)
    yield hi


def next_allowed(moment: datetime, tz: str, hours: QuietHours) -> datetime:
    """`moment` in UTC if outreach is allowed then, else the first instant quiet hours end."""
    moment = _aware(moment).astimezone(UTC)
    if not is_quiet(moment, tz, hours):
        return moment
    zone = ZoneInfo(tz)
    today = moment.astimezone(zone).date()
    # Two days ahead covers a zone that skipped a whole calendar day (Pacific/Apia, 2011).
    for offset in range(3):
        for candidate in _reaching(today + timedelta(days=offset), hours.end, zone):
            if candidate > moment and not is_quiet(candidate, tz, hours):
                return candidate
    raise AssertionError(f"quiet hours {hours} never end in {tz}")  # pragma: no cover


def next_quiet(moment: datetime, tz: str, hours: QuietHours) -> datetime | None:
    """`moment` in UTC if quiet hours hold then, else the first instant they begin; None when
    there are none (start and end alike)."""
    moment = _aware(moment).astimezone(UTC)
    if hours.start == hours.end:
        return None
    if is_quiet(moment, tz, hours):
        return moment
    zone = ZoneInfo(tz)
    today = moment.astimezone(zone).date()
    for offset in range(3):  # as in `next_allowed`: a skipped calendar day is covered
        for candidate in _reaching(today + timedelta(days=offset), hours.start, zone):
            if candidate > moment and is_quiet(candidate, tz, hours):
                return candidate
    raise AssertionError(f"quiet hours {hours} never begin in {tz}")  # pragma: no cover
