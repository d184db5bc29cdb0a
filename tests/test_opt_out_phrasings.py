"""What people write to stop texts, measured on a table of phrasings kept as data.

tests/data/opt_out_phrasings.tsv: text, language, expected (opt_out | notices | partial | other),
written as a reviewer would read each text (docs/decisions/0013-opt-out-phrasings.md).
"""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from botapp.keywords import KeywordKind, Vocabulary, classify
from botapp.models import BROADCAST_SCOPE
from botapp.words import LanguageWords, all_languages

TABLE = Path(__file__).parent / "data" / "opt_out_phrasings.tsv"
OUTCOME = {KeywordKind.OPT_OUT: "opt_out", KeywordKind.PARTIAL_OPT_OUT: "partial"}
# Entries another rule also covers, kept so the word stands on its own: "para" is also
# "parar" missing a letter.
REDUNDANT = {("es", "opt_out", "para")}


def phrasings() -> list[tuple[str, str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["text"], r["language"], r["expected"]) for r in rows]


def outcome(text: str, vocabulary: Vocabulary | None = None) -> str:
    kw = classify(text) if vocabulary is None else classify(text, vocabulary=vocabulary)
    if kw is not None and (kw.kind, kw.scope) == (KeywordKind.OPT_OUT, BROADCAST_SCOPE):
        return "notices"  # STOP JOBS: event notices alone
    return OUTCOME.get(kw.kind, "other") if kw else "other"


def test_the_table_is_large_bilingual_and_well_formed() -> None:
    rows = phrasings()
    assert len(rows) >= 400
    assert {lang for _, lang, _ in rows} == {"en", "es"}
    assert {expected for _, _, expected in rows} == {"opt_out", "notices", "partial", "other"}
    assert len({(text, lang) for text, lang, _ in rows}) == len(rows), "duplicate rows"


def test_opt_outs_are_recognised_and_ordinary_sentences_are_left_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = phrasings()
    got = Counter((expected, outcome(text)) for text, _, expected in rows)
    total = Counter(expected for _, _, expected in rows)
    recall = got["opt_out", "opt_out"] / total["opt_out"]
    false_out = got["other", "opt_out"] / total["other"]
    with capsys.disabled():
        print(
            f"\nopt-out phrasings: {len(rows)} rows; "
            f"recall {recall:.1%} of {total['opt_out']} opt-outs; "
            f"false full opt-outs {false_out:.1%} of {total['other']} ordinary sentences; "
            f"{total['partial']} partial requests -> "
            + ", ".join(f"{got['partial', o]} {o}" for o in ("partial", "other", "opt_out"))
            + f"; ordinary sentences answered as partial {got['other', 'partial']}"
            + f"; {got['notices', 'notices']} of {total['notices']} STOP JOBS requests heard"
        )
    wrong = [(t, e, outcome(t)) for t, _, e in rows if outcome(t) != e]
    assert recall >= 0.98, wrong
    assert false_out <= 0.01, wrong
    assert got["partial", "opt_out"] == 0, "a limiting request became a silent full opt-out"
    assert got["partial", "partial"] / total["partial"] >= 0.95, wrong
    assert got["other", "partial"] / total["other"] <= 0.02, wrong
    # A request to stop everything never stops only event notices; STOP JOBS is mostly heard.
    assert got["opt_out", "notices"] == got["partial", "notices"] == 0, wrong
    assert got["notices", "notices"] / total["notices"] >= 0.9, wrong
    assert got["other", "notices"] / total["other"] <= 0.01, wrong


# Rows the classifier gets wrong, each with the reason it is left so; none today. The rates
# above are the issue's goal; this keeps every row that is right from silently turning wrong.
# Widening a stop request's object from texts to every name of event notices read "stop by the
# job fair?" and "no job fair this month?" as opt-outs: these stay unheard (the specialist
# reads them).
KNOWN_MISSES: dict[str, str] = {
    "I don't want the jobs list anymore": "a notice name as a stop request's object",
    "no quiero ofertas de trabajo": "a notice name as a stop request's object",
}


def test_every_phrasing_gets_the_outcome_written_for_it() -> None:
    wrong = [
        (text, expected, got)
        for text, _, expected in phrasings()
        if (got := outcome(text)) != expected and text not in KNOWN_MISSES
    ]
    assert wrong == []


def _without(lang: LanguageWords, name: str, entry: object) -> LanguageWords:
    """`lang` with `entry` taken out of its field `name` (a set, a tuple or a mapping)."""
    value = getattr(lang, name)
    kept: Any  # the field's own type, whichever of the three
    if isinstance(value, frozenset):
        kept = value - {entry}
    elif isinstance(value, tuple):
        kept = tuple(v for v in value if v != entry)
    else:
        kept = {k: v for k, v in value.items() if k != entry}
    return dataclasses.replace(lang, **{name: kept})


# Measured by the table; the other words are checked one by one in test_consent.py.
OPT_OUT_FIELDS = (
    "opt_out",
    "bare_opt_out",
    "stop_requests",
    "negations",
    "limits",
    "partial_requests",
    "filler",
    "spellings",
    "typos",
    "not_typos",
    "symbols",
    "notices",
    "notice_words",
    "all_texts",
)


def test_every_opt_out_word_and_rule_is_needed_by_some_phrasing() -> None:
    """Dropping any one word or rule from a language's table changes some row's outcome."""
    rows = phrasings()
    languages = all_languages()
    unused = []
    for i, lang in enumerate(languages):
        for name in OPT_OUT_FIELDS:
            for entry in getattr(lang, name):
                if (lang.code, name, entry) in REDUNDANT:
                    continue
                trimmed = list(languages)
                trimmed[i] = _without(lang, name, entry)
                vocabulary = Vocabulary(trimmed)
                if all(outcome(text, vocabulary) == expected for text, _, expected in rows):
                    unused.append((lang.code, name, entry))
    assert unused == [], "no phrasing needs these: add a row that does, or drop them"


@pytest.mark.parametrize("lang", all_languages(), ids=lambda lang: lang.code)
def test_each_opt_out_word_alone_or_politely_stops_everything(lang: LanguageWords) -> None:
    for word in lang.opt_out:
        for text in (word, word.upper() + "!!", f"{word} please", f"por favor {word}"):
            kw = classify(text)
            assert kw is not None and kw.kind is KeywordKind.OPT_OUT, text
    for word in lang.bare_opt_out:  # "cancel" answers a question unless it is the whole text
        kw = classify(word.capitalize() + ".")
        assert kw is not None and kw.kind is KeywordKind.OPT_OUT, word
        assert classify(f"{word} please") is None


# The issue's examples (issue 11, item 1): missed opt-outs, and sentences that were wrongly
# treated as full opt-outs.
MISSED = [
    "please stop",
    "stop stop",
    "unsub",
    "no more text",
    "stop these messages",
    "I want to opt out",
    "take me off the list please",
    "remove my number",
    "Wrong number stop",
    "dar de baja",
    "ya basta",
    "no me escriban más",
    "quítenme de la lista",
]
LIMITING = [
    "don't text me after 8pm",
    "stop texting me so early",
    "please don't text me on Sundays",
    "stop texting my mom",
    "not after 8pm",
    "only about appointments",
    "text my new number",
]


@pytest.mark.parametrize("text", MISSED)
def test_the_issues_missed_opt_outs_now_opt_out(text: str) -> None:
    assert outcome(text) == "opt_out"


@pytest.mark.parametrize("text", LIMITING)
def test_the_issues_limiting_requests_are_partial_not_opt_outs(text: str) -> None:
    assert outcome(text) == "partial"
