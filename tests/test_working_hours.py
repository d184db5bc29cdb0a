"""Is this person at work now, and who stands in for them today: the two questions an alert
asks, answered in the agency's timezone from the agency's hours or the person's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from botapp.models import Agency, Office, Role, Staff
from botapp.services.agency import Refused, days_text, parse_days, parse_hours
from botapp.services.staff import hours_of, is_working, stand_in
from tests.support import CHICAGO


def person(name: str = "james", agency: Agency | None = None, **fields: object) -> Staff:
    """A staff member of an agency with the default hours (8:00-17:00, Monday to Friday, in
    Chicago), not saved: these rules read only the objects."""
    agency = agency or Agency(
        name="A",
        timezone="America/Chicago",
        work_start=time(8),
        work_end=time(17),
        work_days="12345",
    )
    office = Office(name="Loop", agency=agency)
    return Staff(
        email=f"{name}@agency.example",
        name=name,
        role=Role.SPECIALIST,
        office=office,
        **{"active": True, **fields},
    )


def chicago(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHICAGO)


# Wednesday 2026-12-02 and the weekend after it.
@pytest.mark.parametrize(
    ("at", "working"),
    [
        (chicago(2026, 12, 2, 7, 59), False),  # before hours
        (chicago(2026, 12, 2, 8, 0), True),  # the first minute
        (chicago(2026, 12, 2, 12, 30), True),
        (chicago(2026, 12, 2, 16, 59), True),
        (chicago(2026, 12, 2, 17, 0), False),  # the end is not included
        (chicago(2026, 12, 5, 10, 0), False),  # Saturday
        (chicago(2026, 12, 6, 10, 0), False),  # Sunday
        (datetime(2026, 12, 2, 15, 0, tzinfo=UTC), True),  # 9:00 in Chicago
        (datetime(2026, 12, 2, 13, 0, tzinfo=UTC), False),  # 7:00 in Chicago
        (datetime(2026, 12, 3, 0, 30, tzinfo=UTC), False),  # Thursday in UTC, 18:30 Wednesday
    ],
)
def test_the_agencys_hours_in_its_own_timezone(at: datetime, working: bool) -> None:
    assert is_working(person(), at) is working


def test_hours_follow_the_agencys_clock_across_daylight_saving_time() -> None:
    assert not is_working(person(), datetime(2026, 3, 6, 13, 30, tzinfo=UTC))
    assert is_working(person(), datetime(2026, 3, 9, 13, 30, tzinfo=UTC))
    # And back (1 November 2026): 22:30 UTC is 17:30 in October, 16:30 in November.
    assert not is_working(person(), datetime(2026, 10, 30, 22, 30, tzinfo=UTC))
    assert is_working(person(), datetime(2026, 11, 2, 22, 30, tzinfo=UTC))


def test_a_persons_own_hours_and_days_replace_the_agencys_one_by_one() -> None:
    part_time = person(work_start=time(9), work_end=time(13))
    assert not is_working(part_time, chicago(2026, 12, 2, 8, 30))
    assert not is_working(part_time, chicago(2026, 12, 2, 14, 0))
    assert is_working(part_time, chicago(2026, 12, 2, 12, 59))
    weekends = person(work_days="67")  # the agency's hours, on Saturday and Sunday
    assert is_working(weekends, chicago(2026, 12, 5, 10, 0))
    assert not is_working(weekends, chicago(2026, 12, 2, 10, 0))
    assert hours_of(weekends).text() == "08:00-17:00 sat,sun"
    assert hours_of(part_time).text() == "09:00-13:00 mon-fri"


def test_nobody_is_at_work_while_away_or_after_leaving() -> None:
    away = person(away_from=date(2026, 12, 1), away_to=date(2026, 12, 2))
    assert not is_working(away, chicago(2026, 12, 2, 10, 0))
    assert is_working(away, chicago(2026, 12, 3, 10, 0))
    # The away days are the agency's days: 3:00 UTC on 3 December is still the 2nd in Chicago.
    assert not is_working(
        person(away_from=date(2026, 12, 2), away_to=date(2026, 12, 2), work_start=time(0)),
        datetime(2026, 12, 3, 3, 0, tzinfo=UTC),
    )
    assert not is_working(person(active=False), chicago(2026, 12, 2, 10, 0))


def test_the_stand_in_is_the_person_themself_unless_away_then_their_backup() -> None:
    maria = person("maria")
    james = person("james", away_from=date(2026, 12, 22), away_to=date(2026, 12, 31), backup=maria)
    assert stand_in(james, date(2026, 12, 21)) is james
    assert stand_in(james, date(2026, 12, 22)) is maria
    assert stand_in(james, date(2026, 12, 31)) is maria
    assert stand_in(james, date(2027, 1, 1)) is james


def test_a_backup_who_is_away_too_passes_it_on_and_a_circle_leads_to_nobody() -> None:
    dana = person("dana")
    maria = person("maria", away_from=date(2026, 12, 24), away_to=date(2026, 12, 26), backup=dana)
    james = person("james", away_from=date(2026, 12, 22), away_to=date(2026, 12, 31), backup=maria)
    assert stand_in(james, date(2026, 12, 23)) is maria
    assert stand_in(james, date(2026, 12, 25)) is dana
    dana.away_from, dana.away_to, dana.backup = date(2026, 12, 25), date(2026, 12, 25), james
    assert stand_in(james, date(2026, 12, 25)) is None  # the supervisor's turn


def test_nobody_stands_in_for_or_as_someone_who_has_left() -> None:
    maria = person("maria", active=False)
    james = person("james", away_from=date(2026, 12, 22), away_to=date(2026, 12, 31), backup=maria)
    assert stand_in(james, date(2026, 12, 23)) is None
    assert stand_in(person(active=False), date(2026, 12, 23)) is None


@pytest.mark.parametrize(
    ("typed", "days", "shown"),
    [
        ("mon-fri", "12345", "mon-fri"),
        ("Mon-Thu", "1234", "mon-thu"),
        ("mon,wed,fri", "135", "mon,wed,fri"),
        ("sat-sun", "67", "sat,sun"),
        ("fri-mon", "1567", "mon,fri-sun"),
        ("mon-wed, fri", "1235", "mon-wed,fri"),
        ("sun", "7", "sun"),
    ],
)
def test_days_are_typed_and_shown_as_short_english_names(typed: str, days: str, shown: str) -> None:
    assert parse_days(typed) == days
    assert days_text(days) == shown


@pytest.mark.parametrize("typed", ["", "weekdays", "mon-", "mon--fri", "lun-vie", "mon;fri"])
def test_days_that_are_not_days_are_refused(typed: str) -> None:
    with pytest.raises(Refused):
        parse_days(typed)


def test_hours_are_a_start_before_an_end_within_one_day() -> None:
    assert parse_hours("08:00-17:00") == (time(8), time(17))
    assert parse_hours(" 7:30 - 16:15 ") == (time(7, 30), time(16, 15))
    for typed in ("17:00-08:00", "08:00-08:00", "08:00", "24:00-25:00", "08:60-17:00", "8-17"):
        with pytest.raises(Refused):
            parse_hours(typed)
