"""Understanding replies about appointments: the answers offered, and a proposed day and time.

Reading "Friday at 2", "mañana a las 3" or "12/5 3pm" is best effort, for the specialist's
convenience: the client's own words are always kept too. A day without a time keeps the
appointment's time ("can we do Friday?"), a time without a day keeps its day ("3pm
instead?"). An hour with no am/pm is read in office hours: 1 to 6 afternoon, 7 to 11 morning.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from botapp.flows.replies import NO_WORDS, THUMBS_DOWN, THUMBS_UP, YES_WORDS, Option

CONFIRM = Option(
    "1",
    "confirm",
    YES_WORDS
    | {"see you", "see you there", "i ll be there", "will be there", "i will", "i can make it"}
    | {"nos vemos", "ahi estare", "alli voy", "ahi voy", "si voy", "confirmado"},
    THUMBS_UP,
)
CANCEL = Option(
    "2",
    "cancel",
    NO_WORDS
    | {"cant make it", "can t make it", "cannot make it", "cancel it", "not going"}
    | {"no voy", "no puedo ir", "cancelarla", "cancelala"},
    THUMBS_DOWN,
)
# Phrases, not weekday names: "yes see you Thursday" confirms, and must not read as a change.
RESCHEDULE = Option(
    "3",
    "reschedule",
    frozenset(
        {"change", "change it", "change the time", "reschedule", "resched", "move it", "later"}
        | {"another day", "another time", "different day", "different time", "other day"}
        | {"can we do", "could we do", "can we make it", "can it be", "how about", "instead"}
        | {"what about", "earlier", "cambiar", "cambio", "cambiarla", "reprogramar", "mover"}
        | {"otro dia", "otra hora", "otra fecha", "otro horario", "mas tarde", "mas temprano"}
        | {"podemos", "podriamos", "se puede", "mejor el", "mejor a las", "en vez"}
    ),
)
WENT = Option(
    "1",
    "attended",
    YES_WORDS | {"i went", "went", "i did", "i made it", "made it", "fui", "si fui", "llegue"},
    THUMBS_UP,
)
MISSED = Option(
    "2",
    "missed",
    NO_WORDS
    | {"missed", "missed it", "did not", "didn t", "didnt", "never", "i didn t go"}
    | {"no fui", "no pude", "no llegue", "falte"},
    THUMBS_DOWN,
)

WEEKDAYS = {
    **dict.fromkeys(("monday", "mon", "lunes"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues", "martes"), 1),
    **dict.fromkeys(("wednesday", "wed", "miercoles"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs", "jueves"), 3),
    **dict.fromkeys(("friday", "fri", "viernes"), 4),
    **dict.fromkeys(("saturday", "sat", "sabado"), 5),
    **dict.fromkeys(("sunday", "sun", "domingo"), 6),
}
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_TODAY = re.compile(r"\b(today|hoy)\b")
_AFTER_TOMORROW = re.compile(r"\bpasado manana\b")
# "mañana" alone is tomorrow; "la mañana" ("por la mañana") is the morning.
_TOMORROW = re.compile(r"\b(tomorrow|tmrw|tmr)\b|(?<!la )\bmanana\b")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b")
_AM_PM = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?")
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_AT = re.compile(r"(?:\bat|\baround|\ba las|\ba la|\bpara las|@)\s*(\d{1,2})\b(?!/)")
_NOON = re.compile(r"\b(noon|mediodia)\b")
_MORNING = re.compile(r"\b(morning|la manana)\b")
_LATER_IN_DAY = re.compile(r"\b(afternoon|evening|tonight|tarde|noche)\b")


def _plain(text: str) -> str:
    """Lower case without accents, punctuation kept (it tells 3:30 and 12/5 apart)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _day(text: str, today: date, locale: str) -> date | None:
    """The day named: today, tomorrow, a weekday (the next one), or a date (US order in
    English, day first in Spanish)."""
    if _AFTER_TOMORROW.search(text):
        return today + timedelta(days=2)
    if _TODAY.search(text):
        return today
    if _TOMORROW.search(text):
        return today + timedelta(days=1)
    if weekday := _WEEKDAY.search(text):
        return today + timedelta(days=(WEEKDAYS[weekday.group(1)] - today.weekday() - 1) % 7 + 1)
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


def _time(text: str) -> time | None:
    """The time named: 3pm, 15:00, 2:30, "at 2", "a las 3", noon."""
    if _NOON.search(text):
        return time(12)
    if found := _AM_PM.search(text):
        hour, minute, half = int(found.group(1)), int(found.group(2) or 0), found.group(3)
        hour = hour % 12 + (12 if half == "p" else 0)
    elif found := _CLOCK.search(text):
        hour, minute = int(found.group(1)), int(found.group(2))
        hour += 12 if hour < 12 and _afternoon(text, hour) else 0
    elif found := _AT.search(text):
        hour, minute = int(found.group(1)), 0
        hour += 12 if hour < 12 and _afternoon(text, hour) else 0
    else:
        return None
    return time(hour, minute) if hour < 24 and minute < 60 else None


def _afternoon(text: str, hour: int) -> bool:
    """An hour without am/pm: afternoon when the words say so, or in office hours (1 to 6)."""
    if _MORNING.search(text):
        return False
    return bool(_LATER_IN_DAY.search(text)) or 1 <= hour <= 6


def proposed_time(
    text: str, starts_at: datetime, timezone: str, now: datetime, locale: str
) -> datetime | None:
    """The moment `text` proposes, in UTC, or None when it names no day and no time."""
    zone = ZoneInfo(timezone)
    plain, original = _plain(text), starts_at.astimezone(zone)
    named_day = _day(plain, now.astimezone(zone).date(), locale)
    named_time = _time(plain)
    if named_day is None and named_time is None:
        return None
    moment = datetime.combine(
        named_day or original.date(), named_time or original.time(), tzinfo=zone
    )
    return moment.astimezone(UTC)
