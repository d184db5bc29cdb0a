"""Crisis language, measured on a table of phrasings kept as data, both ways.

tests/data/crisis_phrasings.tsv: text, language, expected (suicide | self_harm |
harm_to_others | abuse | none), written as a reviewer would read each text
(docs/decisions/0023-crisis-language.md).
"""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from botapp.crisis import CrisisKind, CrisisWords, crisis_kind
from botapp.words import LanguageWords, all_languages

TABLE = Path(__file__).parent / "data" / "crisis_phrasings.tsv"


def phrasings() -> list[tuple[str, str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r["text"], r["language"], r["expected"]) for r in rows]


def outcome(text: str, words: CrisisWords | None = None) -> str:
    kind = crisis_kind(text) if words is None else crisis_kind(text, words)
    return kind.value if kind else "none"


def test_the_table_is_large_bilingual_and_holds_every_kind_both_ways() -> None:
    rows = phrasings()
    assert len(rows) >= 150
    assert {lang for _, lang, _ in rows} == {"en", "es"}
    for lang in ("en", "es"):
        kinds = {expected for _, row_lang, expected in rows if row_lang == lang}
        assert kinds == {k.value for k in CrisisKind} | {"none"}, lang
    assert len({(text, lang) for text, lang, _ in rows}) == len(rows), "duplicate rows"


def test_every_crisis_text_fires_with_its_kind_and_no_saying_fires(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = phrasings()
    got = Counter((expected != "none", outcome(text) != "none") for text, _, expected in rows)
    crises, sayings = got[True, True] + got[True, False], got[False, False] + got[False, True]
    with capsys.disabled():
        print(
            f"\ncrisis phrasings: {len(rows)} rows; "
            f"fired on {got[True, True] / crises:.1%} of {crises} crisis texts; "
            f"fired on {got[False, True] / sayings:.1%} of {sayings} ordinary texts and sayings"
        )
    wrong = [
        (text, expected, found)
        for text, _, expected in rows
        if (found := outcome(text)) != expected
    ]
    assert wrong == []


def test_every_table_entry_is_needed_by_some_row() -> None:
    # Dropping any one phrase or saying changes the outcome of a row: no untested entry.
    rows = phrasings()
    unneeded = []
    for lang in all_languages():
        for kind, patterns in lang.crisis.items():
            for i, pattern in enumerate(patterns):
                less = {**lang.crisis, kind: patterns[:i] + patterns[i + 1 :]}
                if not _changes_a_row(rows, lang, dataclasses.replace(lang, crisis=less)):
                    unneeded.append((lang.code, kind, pattern))
        for i, saying in enumerate(lang.not_crisis):
            fewer = lang.not_crisis[:i] + lang.not_crisis[i + 1 :]
            if not _changes_a_row(rows, lang, dataclasses.replace(lang, not_crisis=fewer)):
                unneeded.append((lang.code, "not_crisis", saying))
    assert unneeded == []


def _changes_a_row(
    rows: list[tuple[str, str, str]], shipped: LanguageWords, changed: LanguageWords
) -> bool:
    words = CrisisWords(changed if lang is shipped else lang for lang in all_languages())
    return any(outcome(text, words) != outcome(text) for text, _, _ in rows)
