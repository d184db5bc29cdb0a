"""Understanding what people text back: "1", "yes i'll be there", "Sí!!", 👍, "confirmar", typos.

Each option of a question has a number and words in every language (`botapp/words/`, decision
19). A reply picks an option when it is the number, starts with or contains one of the
option's words (after normalising case, accents and punctuation), or is a near-miss spelling of
one. A reply that matches two options, or none, is unclear.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from botapp.keywords import normalize
from botapp.words import EMOJI, ReplyWords, all_languages, merged

# Every language's reply words: what the matchers read unless a test hands them others.
REPLY_WORDS = merged(lang.replies for lang in all_languages())


@dataclass(frozen=True)
class Option:
    """One answer a question offers: its number, its stable key, and the name of its words.

    The key is stored with the answer (informed-choice evidence), so it never changes; `words`
    names the option's entry in each language's table ("appointment.confirm").
    """

    number: str
    key: str
    words: str


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(^|\s){re.escape(phrase)}(\s|$)", text) is not None


def _near(text: str, words: frozenset[str]) -> bool:
    """A one-word reply within a typo of an option word ("confrim", "cancle")."""
    return len(text) >= 4 and bool(difflib.get_close_matches(text, words, n=1, cutoff=0.8))


@lru_cache(maxsize=8)
def _numbered(words: frozenset[str]) -> re.Pattern[str]:
    """A reply that is only an option's number: "2", "#2", "option 2"."""
    named = "|".join(f"{re.escape(w)} " for w in sorted(words))
    return re.compile(rf"(?:#|{named})?(\d{{1,2}})")


# A leading option number, unless it begins a time of day.
_LEAD = re.compile(r"\s*(\d{1,2})\b(?!\s*(?:[:.h]\s*\d|[ap]\.?\s?m\b))")


def choose(reply: str, options: Sequence[Option], words: ReplyWords = REPLY_WORDS) -> Option | None:
    """The option `reply` picks, or None when it picks none or more than one."""
    text = normalize(reply)
    number = _numbered(words.numbered).fullmatch(text)
    if number:
        return next((o for o in options if o.number == number.group(1)), None)
    lead = _LEAD.match(reply.lower())  # "1 yes" / "2, sorry"; not "2:30 works", "3pm ok"
    if lead and any(o.number == lead.group(1) for o in options):
        return next(o for o in options if o.number == lead.group(1))
    offered = {o.key: words.options.get(o.words, frozenset()) for o in options}
    picked = {o.key for o in options if any(e in reply for e in EMOJI.get(o.words, ()))}
    picked |= {key for key, said in offered.items() if any(_contains(text, w) for w in said)}
    if not picked and " " not in text:
        picked = {key for key, said in offered.items() if _near(text, said)}
    if len(picked) != 1:
        return None
    return next(o for o in options if o.key in picked)
