"""Recognise crisis language (suicide, self-harm, harm to others, abuse) in what clients text.

A client who writes "i dont want to live anymore" or "me pega" gets the crisis resources at
once and their specialist an urgent alert (`botapp.services.handling`). The phrases are data,
one table per language in `botapp/words/`, with the sayings that must not fire ("this job is
killing me", "me muero de hambre"); the rules: docs/decisions/0023-crisis-language.md.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

from botapp.keywords import normalize
from botapp.words import LanguageWords, all_languages

_STRETCHED = re.compile(r"(\w)\1{2,}")  # "pleeease", "diiie": letters held for emphasis


class CrisisKind(enum.StrEnum):
    """What a crisis text is about; the most urgent kind first."""

    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    HARM_TO_OTHERS = "harm_to_others"
    ABUSE = "abuse"


class CrisisWords:
    """Every language's crisis phrases merged and compiled once (checked on every inbound text)."""

    def __init__(self, languages: Iterable[LanguageWords]):
        langs = tuple(languages)
        self.sayings = _any_of(p for lang in langs for p in lang.not_crisis)
        self.kinds = [
            (kind, _any_of(p for lang in langs for p in lang.crisis.get(kind.value, ())))
            for kind in CrisisKind
        ]


def _any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


CRISIS_WORDS = CrisisWords(all_languages())


def crisis_kind(body: str, words: CrisisWords = CRISIS_WORDS) -> CrisisKind | None:
    """The kind of crisis `body` speaks of, the most urgent first, or None."""
    # A held letter may stand for two ("killl") or one ("diiie"): read the text both ways.
    for text in dict.fromkeys(normalize(_STRETCHED.sub(held, body)) for held in (r"\1\1", r"\1")):
        text = words.sayings.sub(" | ", text)  # a saying is no crisis, and joins nothing around it
        kind = next((kind for kind, pattern in words.kinds if pattern.search(text)), None)
        if kind is not None:
            return kind
    return None
