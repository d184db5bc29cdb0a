"""Dates, times and language names in the reader's locale and timezone, safe for SMS.

CLDR puts narrow no-break spaces in times ("8:30\u202fPM"); one such character would turn a
whole text into UCS-2 and double its cost, so they become plain spaces here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, format_skeleton, format_time

from botapp.messages.catalog import supported

_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})


def _plain(text: str) -> str:
    return text.translate(_SPACES)


def day(moment: datetime, locale: str, timezone: str) -> str:
    """A short weekday and date: "Thu, Dec 3" / "jue, 3 dic"."""
    tz = ZoneInfo(timezone)
    return _plain(format_skeleton("MMMEd", moment, tzinfo=tz, locale=supported(locale), fuzzy=True))


def long_day(on: date, locale: str) -> str:
    """A calendar date with its year: "Dec 3, 2025" / "3 dic 2025"."""
    return _plain(format_skeleton("yMMMd", on, locale=supported(locale), fuzzy=True))


def clock(moment: datetime, locale: str, timezone: str) -> str:
    """A short time of day: "2:30 PM" / "14:30"."""
    return _plain(format_time(moment, "short", tzinfo=ZoneInfo(timezone), locale=supported(locale)))


def zone_name(moment: datetime, locale: str, timezone: str) -> str:
    """The zone's name at `moment`: "Central Standard Time" / "hora estándar central"."""
    return format_datetime(moment, "zzzz", tzinfo=ZoneInfo(timezone), locale=supported(locale))


@dataclass(frozen=True)
class LocalTime:
    """A moment as staff read it where it happens, in each reader's language: a notice holds
    it and renders it when read ("Sun, Mar 8, 10:30 AM America/Chicago")."""

    at: datetime
    timezone: str

    def text(self, locale: str | None, seconds: bool = False) -> str:
        """The weekday, date, time (to the second if asked) and zone, in `locale`."""
        lang, zone = supported(locale), ZoneInfo(self.timezone)
        time_of_day = format_time(
            self.at, "medium" if seconds else "short", tzinfo=zone, locale=lang
        )
        return f"{day(self.at, lang, self.timezone)}, {_plain(time_of_day)} {self.timezone}"


@dataclass(frozen=True)
class Language:
    """A language a notice names, read in each reader's language ("es" -> "Spanish")."""

    code: str

    def text(self, locale: str | None) -> str:
        """The language's name in `locale`."""
        return language_name(self.code, locale or "en")


def language_name(code: str, locale: str) -> str:
    """The name of language `code` in `locale`: ("es", "en") -> "Spanish"."""
    name = Locale.parse(code).get_display_name(supported(locale)) or code
    return str(name)
