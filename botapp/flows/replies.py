"""Understanding what people text back: "1", "yes i'll be there", "Sí!!", 👍, "confirmar", typos.

Each option of a question has a number and a few words in English and Spanish. A reply picks
an option when it is the number, starts with or contains one of the option's words (after
normalising case, accents and punctuation), or is a near-miss spelling of one. A reply that
matches two options, or none, is unclear.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from botapp.keywords import normalize

THUMBS_UP = ("👍", "👌", "✅", "🙂", "😀", "😊")
THUMBS_DOWN = ("👎", "❌", "🚫")
YES_WORDS = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yep",
        "yup",
        "ok",
        "okay",
        "sure",
        "si",
        "claro",
        "confirm",
        "confirmed",
        "confirmo",
        "confirmar",
        "vale",
        "of course",
        "de acuerdo",
        "i will be there",
        "ill be there",
        "alli estare",
    }
)
NO_WORDS = frozenset(
    {"no", "nope", "nah", "cancel", "cancelar", "cancela", "cant", "can t", "cannot", "no puedo"}
)


@dataclass(frozen=True)
class Option:
    """One answer a question offers: its number, its stable key, and the words that pick it."""

    number: str
    key: str
    words: frozenset[str] = field(default_factory=frozenset)
    emoji: tuple[str, ...] = ()


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(^|\s){re.escape(phrase)}(\s|$)", text) is not None


def _near(text: str, words: frozenset[str]) -> bool:
    """A one-word reply within a typo of an option word ("confrim", "cancle")."""
    return len(text) >= 4 and bool(difflib.get_close_matches(text, words, n=1, cutoff=0.8))


def choose(reply: str, options: Sequence[Option]) -> Option | None:
    """The option `reply` picks, or None when it picks none or more than one."""
    text = normalize(reply)
    number = re.fullmatch(r"(?:#|option |opcion )?(\d{1,2})", text)
    if number:
        return next((o for o in options if o.number == number.group(1)), None)
    lead = re.match(r"(\d{1,2})\b", text)  # "1 yes" / "2, sorry"
    if lead and any(o.number == lead.group(1) for o in options):
        return next(o for o in options if o.number == lead.group(1))
    picked = {o.key for o in options if any(e in reply for e in o.emoji)}
    picked |= {o.key for o in options if any(_contains(text, w) for w in o.words)}
    if not picked and " " not in text:
        picked = {o.key for o in options if _near(text, o.words)}
    if len(picked) != 1:
        return None
    return next(o for o in options if o.key in picked)
