"""The words botapp understands in each language: one module per language, each a `WORDS` table.

A new language is a new module here holding a `LanguageWords`; `botapp.keywords` merges every
table at import (decision 13). Every string is written as `botapp.keywords.normalize` leaves a
text: lower case, no accents, punctuation as spaces ("don't" is "don t").
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LanguageWords:
    """The consent words of one language."""

    code: str
    # Alone, or with filler and repeats around them, each asks to stop every text.
    opt_out: frozenset[str]
    # Opt-out words that also answer questions ("cancel" an appointment, "end" of a shift):
    # they stop all texts only as the whole message, never with words around them.
    bare_opt_out: frozenset[str]
    # Regexes found anywhere in a clause, unless a `negations` word comes just before: a
    # request to stop texting. `{texts}` stands for the `texts` pattern.
    stop_requests: tuple[str, ...]
    # Regexes that turn a stop request into a limiting one ("after 8pm", "my mom").
    limits: tuple[str, ...]
    # Regexes that ask to limit or redirect texting on their own ("text my new number").
    partial_requests: tuple[str, ...]
    # What texts are called, as a regex ("texts", "messages", "sms").
    texts: str
    negations: frozenset[str] = frozenset()
    # Polite or emphatic words around a keyword: "Stop. Thank you", "PARAR por favor".
    filler: frozenset[str] = frozenset()
    # Short forms and slang, word for word: "plz" -> "please".
    spellings: Mapping[str, str] = field(default_factory=dict)
    # Words whose one-letter slips count ("stpo", "unsubcribe"), and real words near them.
    typos: frozenset[str] = frozenset()
    not_typos: frozenset[str] = frozenset()
    # Symbols that stand for a word: "🛑" -> "stop".
    symbols: Mapping[str, str] = field(default_factory=dict)
    opt_in: frozenset[str] = frozenset()
    # Opt-in words that otherwise answer a question ("yes"): opt-in only for someone opted out.
    opt_in_only_when_out: frozenset[str] = frozenset()
    help: frozenset[str] = frozenset()
    # Language code -> the words of this language that ask for it ("spanish" -> "es").
    switch_to: Mapping[str, frozenset[str]] = field(default_factory=dict)


def all_languages() -> tuple[LanguageWords, ...]:
    """Every language table in this package."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__))
    return tuple(importlib.import_module(f"{__name__}.{name}").WORDS for name in names)
