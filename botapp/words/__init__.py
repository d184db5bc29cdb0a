"""The words botapp understands in each language: one module per language, each a `WORDS` table.

A new language is a new module here holding a `LanguageWords`; nothing else changes. Its consent
words (opt-out, limits, event notices, opt-in, help, language) are merged by `botapp.keywords`
(decision 13); its `replies`, a `ReplyWords`, are merged by `merged` for the reply matchers
(decision 19): `flows.replies.choose` (the options of every question),
`appointments.replies.proposed_time` (a day and a time) and
`placements.job_loss.job_loss_reason` ("I quit"). A reply in any language is understood
whatever the client's language, as a keyword is.

`ReplyWords.options` maps the name of an option's words to the words and phrases that pick it:
"yes" and "no" for any yes/no question, and "<feature>.<key>" for a feature's options
("appointment.confirm", "goal.done", "placement.problem.health"). A feature's `Option` names
its number, the key stored with the answer, and this name; `EMOJI` holds the emoji that pick an
option, the same in every language. Each shipped language has words for every option a flow
offers (tests/test_reply_words.py).

`crisis` and `not_crisis` hold the crisis phrases, read by `botapp.crisis` (decision 23).

Every string is written as `botapp.keywords.normalize` leaves a text: lower case, no accents,
punctuation as spaces ("don't" is "don t"). Words are data, not catalog entries: the catalog
holds what botapp says, this package what it reads.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReplyWords:
    """The words of one language that answer botapp's questions (or of every language, merged)."""

    # The name of an option's words -> the words and phrases that pick it, found anywhere in a
    # reply ("yes", "appointment.confirm"; see the module docstring).
    options: Mapping[str, frozenset[str]]
    # Words written before an option's number: "option 2".
    numbered: frozenset[str] = frozenset()
    # Monday to Sunday: each day's names and short forms.
    weekdays: tuple[frozenset[str], ...] = (frozenset(),) * 7
    # Regexes found as whole words: a day, a time of day. Afternoon words make an hour without
    # am/pm an afternoon hour, morning words a morning one.
    today: tuple[str, ...] = ()
    tomorrow: tuple[str, ...] = ()
    day_after_tomorrow: tuple[str, ...] = ()
    noon: tuple[str, ...] = ()
    morning: tuple[str, ...] = ()
    afternoon: tuple[str, ...] = ()
    # Regexes for the words before an hour: "at 2", "a las 3".
    at: tuple[str, ...] = ()
    # Why a job ended ("quit", "let_go", "ended") -> regexes, found anywhere in a sentence, that
    # say it ended so: "I quit", "me despidieron", "lost my job".
    job_loss: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Words just before a job-loss phrase that make it a question, a plan or a denial: "what
    # if I quit", "want to quit my job", "no me despidieron".
    not_so: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LanguageWords:
    """The words of one language: consent words, and in `replies` the words that answer."""

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
    replies: ReplyWords
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
    # Event notices (job fairs, hiring events: broadcasts, decision 13). Regexes found anywhere
    # in a text that name them ("job fair texts", "avisos de empleo"); `{texts}` as above. A
    # stop request naming them and no wider texts stops only them.
    notices: tuple[str, ...] = ()
    # Words that name them only beside opt-out or `notices_on` words and nothing else:
    # "STOP JOBS", "NO MAS AVISOS" (in a sentence "jobs" is a job, not a notice).
    notice_words: frozenset[str] = frozenset()
    # Words that, beside a name of notices and nothing else, ask for them again: "START JOBS".
    notices_on: frozenset[str] = frozenset()
    # Regexes naming texts beyond notices: a stop request naming them stops everything ("no
    # more messages or job fair texts").
    all_texts: tuple[str, ...] = ()
    # Language code -> the words of this language that ask for it ("spanish" -> "es").
    switch_to: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Crisis language (`botapp.crisis`, decision 23): a kind ("suicide", "self_harm",
    # "harm_to_others", "abuse") -> regexes found anywhere in the text: "kill myself",
    # "me quiero morir", "he hits me".
    crisis: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Regexes of sayings that sound like crisis language and are not, blanked out before
    # `crisis` is searched: "i cut myself shaving", "me muero de hambre", "5 kms".
    not_crisis: tuple[str, ...] = ()


_THUMBS_UP = ("👍", "👌", "✅", "🙂", "😀", "😊")
_THUMBS_DOWN = ("👎", "❌", "🚫")
# The same in every language: the name of an option's words -> the emoji that pick it.
EMOJI: Mapping[str, tuple[str, ...]] = {
    "yes": _THUMBS_UP,
    "no": _THUMBS_DOWN,
    "appointment.confirm": _THUMBS_UP,
    "appointment.cancel": _THUMBS_DOWN,
    "appointment.attended": _THUMBS_UP,
    "appointment.missed": _THUMBS_DOWN,
    "goal.done": ("✅", "👍"),
    "goal.help": ("🆘",),
    "placement.great": _THUMBS_UP,
    "placement.problems": _THUMBS_DOWN,
}


def all_languages() -> tuple[LanguageWords, ...]:
    """Every language table in this package."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__))
    return tuple(importlib.import_module(f"{__name__}.{name}").WORDS for name in names)


def merged(tables: Iterable[ReplyWords]) -> ReplyWords:
    """Every table's reply words in one: a reply in any language is understood."""
    tables = tuple(tables)
    return ReplyWords(
        options=_union_by_key(t.options for t in tables),
        numbered=frozenset().union(*(t.numbered for t in tables)),
        weekdays=tuple(
            frozenset().union(*names) for names in zip(*(t.weekdays for t in tables), strict=True)
        ),
        today=_joined(t.today for t in tables),
        tomorrow=_joined(t.tomorrow for t in tables),
        day_after_tomorrow=_joined(t.day_after_tomorrow for t in tables),
        noon=_joined(t.noon for t in tables),
        morning=_joined(t.morning for t in tables),
        afternoon=_joined(t.afternoon for t in tables),
        at=_joined(t.at for t in tables),
        job_loss={
            reason: _joined(t.job_loss.get(reason, ()) for t in tables)
            for reason in dict.fromkeys(r for t in tables for r in t.job_loss)
        },
        not_so=frozenset().union(*(t.not_so for t in tables)),
    )


def _union_by_key(mappings: Iterable[Mapping[str, frozenset[str]]]) -> dict[str, frozenset[str]]:
    merged: dict[str, frozenset[str]] = {}
    for mapping in mappings:
        for key, words in mapping.items():
            merged[key] = merged.get(key, frozenset()) | words
    return merged


def _joined(patterns: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(p for group in patterns for p in group)
