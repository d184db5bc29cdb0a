"""Understanding replies about appointments: the answers offered, and a proposed day and time.

Reading "Friday at 2", "mañana a las 3" or "12/5 3pm" is best effort, for the specialist's
convenience: the client's own words are always kept too. A day without a time keeps the
appointment's time ("can we do Friday?"), a time without a day keeps its day ("3pm
instead?"). An hour with no am/pm is read in office hours: 1 to 6 afternoon, 7 to 11 morning.
The answers' words and the words for days and times are each language's, in `botapp/words/`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from botapp.flows.replies import REPLY_WORDS, Option
from botapp.words import ReplyWords

CONFIRM = Option("1", "confirm", "appointment.confirm")
CANCEL = Option("2", "cancel", "appointment.cancel")
RESCHEDULE = Option("3", "reschedule", "appointment.reschedule")
WENT = Option("1", "attended", "appointment.attended")
MISSED = Option("2", "missed", "appointment.missed")

_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b")
_AM_PM = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?")
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")


@lru_cache(maxsize=32)
def _whole_words(patterns: tuple[str, ...] | frozenset[str]) -> re.Pattern[str]:
    """Finds any of `patterns` as whole words (none: never)."""
    return re.compile(r"\b(?:" + ("|".join(sorted(patterns)) or "(?!)") + r")\b")


@lru_cache(maxsize=8)
def _hour_after(words: tuple[str, ...]) -> re.Pattern[str]:
    """An hour after one of `words` or "@": "at 2", "a las 3", "@5" (not a date's "5/12")."""
    return re.compile(r"(?:\b(?:" + ("|".join(words) or "(?!)") + r")|@)\s*(\d{1,2})\b(?!/)")


def _plain(text: str) -> str:
    """Lower case without accents, punctuation kept (it tells 3:30 and 12/5 apart)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _day(text: str, today: date, locale: str, words: ReplyWords) -> date | None:
    """The day named: today, tomorrow, a weekday (the next one), or a date (US order in
    English, day first in Spanish)."""
    if _whole_words(words.day_after_tomorrow).search(text):
        return today + timedelta(days=2)
    if _whole_words(words.today).search(text):
        return today
    if _whole_words(words.tomorrow).search(text):
        return today + timedelta(days=1)
    if weekday := _whole_words(frozenset().union(*words.weekdays)).search(text):
        number = next(n for n, names in enumerate(words.weekdays) if weekday.group() in names)
        return today + timedelta(days=(number - today.weekday() - 1) % 7 + 1)
    if found := _DATE.search(text):
        first, second, year = found.groups()
        month, day = (int(second), int(first)) if locale == "es" else (int(first), int(second))
        full_year = int(year) + (2000 if year and len(year) == 2 else 0) if year else today.year
        try:
            named = date(full_year, month, day)
        except ValueError:
            return None
        return named.replace(year=named.year + 1) if not year and named < today else named
    return None


def _time(text: str, words: ReplyWords) -> time | None:
    """The time named: 3pm, 15:00, 2:30, "at 2", "a las 3", noon."""
    if _whole_words(words.noon).search(text):
        return time(12)
    if found := _AM_PM.search(text):
        hour, minute, half = int(found.group(1)), int(found.group(2) or 0), found.group(3)
        hour = hour % 12 + (12 if half == "p" else 0)
    elif found := _CLOCK.search(text):
        hour, minute = int(found.group(1)), int(found.group(2))
        hour += 12 if hour < 12 and _afternoon(text, hour, words) else 0
    elif found := _hour_after(words.at).search(text):
        hour, minute = int(found.group(1)), 0
        hour += 12 if hour < 12 and _afternoon(text, hour, words) else 0
    else:
        return None
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _afternoon(text: str, hour: int, words: ReplyWords) -> bool:
    """An hour without am/pm: afternoon when the words say so, or in office hours (1 to 6)."""
    if _whole_words(words.morning).search(text):
        return False
    return bool(_whole_words(words.afternoon).search(text)) or 1 <= hour <= 6


def proposed_time(
    text: str,
    starts_at: datetime,
    timezone: str,
    now: datetime,
    locale: str,
    words: ReplyWords = REPLY_WORDS,
) -> datetime | None:
    """The moment `text` proposes, in UTC, or None when it names no day and no time."""
    zone = ZoneInfo(timezone)
    plain, original = _plain(text), starts_at.astimezone(zone)
    named_day = _day(plain, now.astimezone(zone).date(), locale, words)
    named_time = _time(plain, words)
    if named_day is None and named_time is None:
        return None
    moment = datetime.combine(
        named_day or original.date(), named_time or original.time(), tzinfo=zone
    )
    return moment.astimezone(UTC)
