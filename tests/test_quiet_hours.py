"""Quiet hours follow the client's own wall clock, across timezones and DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from botapp.delivery.quiet_hours import DEFAULT, QuietHours, is_quiet, next_allowed, next_quiet

CHICAGO = "America/Chicago"


def local(tz: str, y: int, mo: int, d: int, h: int, mi: int, fold: int = 0) -> datetime:
    """An aware datetime on the wall clock of `tz`."""
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(tz), fold=fold)


def utc(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def assert_utc(value: datetime) -> None:
    assert value.tzinfo is UTC


def test_a_minute_before_quiet_hours_is_allowed() -> None:
    moment = local(CHICAGO, 2024, 6, 3, 19, 59)
    assert not is_quiet(moment, CHICAGO, DEFAULT)
    assert next_allowed(moment, CHICAGO, DEFAULT) == moment
    assert_utc(next_allowed(moment, CHICAGO, DEFAULT))


def test_quiet_hours_start_at_eight_and_end_at_nine_the_next_morning() -> None:
    moment = local(CHICAGO, 2024, 6, 3, 20, 0)
    assert is_quiet(moment, CHICAGO, DEFAULT)
    resumed = next_allowed(moment, CHICAGO, DEFAULT)
    assert resumed == local(CHICAGO, 2024, 6, 4, 9, 0)
    assert_utc(resumed)


def test_after_midnight_quiet_hours_end_the_same_morning() -> None:
    resumed = next_allowed(local(CHICAGO, 2024, 6, 4, 3, 0), CHICAGO, DEFAULT)
    assert resumed == local(CHICAGO, 2024, 6, 4, 9, 0)
    assert resumed == utc(2024, 6, 4, 14, 0)


def test_quiet_hours_next_begin_at_eight_that_evening_or_hold_already() -> None:
    begins = next_quiet(local(CHICAGO, 2024, 6, 3, 9, 0), CHICAGO, DEFAULT)
    assert begins == local(CHICAGO, 2024, 6, 3, 20, 0)
    assert begins is not None
    assert_utc(begins)
    night = local(CHICAGO, 2024, 6, 4, 3, 0)
    assert next_quiet(night, CHICAGO, DEFAULT) == night
    assert next_quiet(night, CHICAGO, QuietHours(time(9, 0), time(9, 0))) is None  # none set


def test_nine_in_the_morning_is_allowed() -> None:
    moment = local(CHICAGO, 2024, 6, 4, 9, 0)
    assert not is_quiet(moment, CHICAGO, DEFAULT)
    assert is_quiet(moment - timedelta(seconds=1), CHICAGO, DEFAULT)
    assert next_allowed(moment, CHICAGO, DEFAULT) == moment


def test_the_clients_own_timezone_decides() -> None:
    moment = utc(2024, 6, 4, 1, 30)  # 21:30 in New York, 15:30 in Honolulu
    assert is_quiet(moment, "America/New_York", DEFAULT)
    assert not is_quiet(moment, "Pacific/Honolulu", DEFAULT)
    assert next_allowed(moment, "America/New_York", DEFAULT) == utc(2024, 6, 4, 13, 0)
    assert next_allowed(moment, "Pacific/Honolulu", DEFAULT) == moment


def test_spring_forward_night_is_an_hour_shorter() -> None:
    # 2024-03-10: Chicago jumps from 02:00 CST to 03:00 CDT.
    evening = local(CHICAGO, 2024, 3, 9, 21, 0)
    resumed = next_allowed(evening, CHICAGO, DEFAULT)
    assert resumed == utc(2024, 3, 10, 14, 0)  # 09:00 CDT
    assert resumed - evening == timedelta(hours=11)


def test_an_end_inside_the_spring_forward_gap_resolves_to_the_jump() -> None:
    hours = QuietHours(time(20, 0), time(2, 30))  # 02:30 does not exist on 2024-03-10
    night = local(CHICAGO, 2024, 3, 10, 1, 45)
    resumed = next_allowed(night, CHICAGO, hours)
    assert resumed == utc(2024, 3, 10, 8, 0)  # 03:00 CDT, the first instant past 02:30
    assert_utc(resumed)
    assert not is_quiet(resumed, CHICAGO, hours)
    assert is_quiet(resumed - timedelta(seconds=1), CHICAGO, hours)


@pytest.mark.parametrize("minute", [1, 10, 17, 59])
def test_any_end_inside_the_gap_resumes_at_the_very_second_of_the_jump(minute: int) -> None:
    hours = QuietHours(time(20, 0), time(2, minute))
    resumed = next_allowed(local(CHICAGO, 2024, 3, 10, 1, 0), CHICAGO, hours)
    assert resumed == utc(2024, 3, 10, 8, 0)  # 03:00 CDT, not a second later


def test_fall_back_night_is_an_hour_longer() -> None:
    # 2024-11-03: Chicago falls back from 02:00 CDT to 01:00 CST.
    evening = local(CHICAGO, 2024, 11, 2, 21, 0)
    resumed = next_allowed(evening, CHICAGO, DEFAULT)
    assert resumed == utc(2024, 11, 3, 15, 0)  # 09:00 CST
    assert resumed - evening == timedelta(hours=13)


def test_an_end_in_the_repeated_hour_is_reached_on_each_pass() -> None:
    hours = QuietHours(time(23, 0), time(1, 30))
    first = local(CHICAGO, 2024, 11, 3, 0, 30)
    assert next_allowed(first, CHICAGO, hours) == utc(2024, 11, 3, 6, 30)  # 01:30 CDT
    second = local(CHICAGO, 2024, 11, 3, 1, 10, fold=1)  # 01:10 CST, the clock's second pass
    assert is_quiet(second, CHICAGO, hours)
    assert next_allowed(second, CHICAGO, hours) == utc(2024, 11, 3, 7, 30)  # 01:30 CST


@pytest.mark.parametrize(
    ("hour", "minute", "quiet", "resumes"),
    [
        (11, 59, False, (11, 59)),
        (12, 0, True, (13, 0)),
        (12, 30, True, (13, 0)),
        (13, 0, False, (13, 0)),
        (21, 0, False, (21, 0)),
        (3, 0, False, (3, 0)),
    ],
)
def test_a_window_that_does_not_wrap_midnight(
    hour: int, minute: int, quiet: bool, resumes: tuple[int, int]
) -> None:
    lunch = QuietHours(time(12, 0), time(13, 0))
    moment = local(CHICAGO, 2024, 6, 4, hour, minute)
    assert is_quiet(moment, CHICAGO, lunch) is quiet
    assert next_allowed(moment, CHICAGO, lunch) == local(CHICAGO, 2024, 6, 4, *resumes)


@pytest.mark.parametrize("hour", [0, 3, 9, 12, 20, 23])
def test_equal_start_and_end_means_never_quiet(hour: int) -> None:
    never = QuietHours(time(20, 0), time(20, 0))
    moment = local(CHICAGO, 2024, 6, 4, hour, 0)
    assert not is_quiet(moment, CHICAGO, never)
    assert next_allowed(moment, CHICAGO, never) == moment


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        is_quiet(datetime(2024, 6, 4, 12, 0), CHICAGO, DEFAULT)
    with pytest.raises(ValueError):
        next_allowed(datetime(2024, 6, 4, 3, 0), CHICAGO, DEFAULT)


class NoOffset(tzinfo):
    """A timezone that cannot say its offset: the moment is as naive as one without."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_a_timezone_without_an_offset_is_refused_like_a_naive_datetime() -> None:
    with pytest.raises(ValueError):
        is_quiet(datetime(2024, 6, 4, 12, 0, tzinfo=NoOffset()), CHICAGO, DEFAULT)


def test_a_skipped_calendar_day_resumes_the_morning_after() -> None:
    # Samoa skipped 2011-12-30 entirely when it crossed the date line.
    evening = local("Pacific/Apia", 2011, 12, 29, 21, 0)
    resumed = next_allowed(evening, "Pacific/Apia", DEFAULT)
    assert resumed == local("Pacific/Apia", 2011, 12, 31, 9, 0)
    assert resumed - evening == timedelta(hours=12)
