"""Reply words are data: each language's table answers every question, and a new table is read.

The words each shipped language understands are tested in the features' own tests; these tests
hold the tables to their shape (decision 19).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from botapp.appointments.replies import CANCEL, CONFIRM, RESCHEDULE, proposed_time
from botapp.features import FEATURES
from botapp.flows.replies import Option, choose
from botapp.keywords import KeywordKind, Vocabulary, classify
from botapp.placements.job_loss import ENDED, LET_GO, QUIT, job_loss_reason
from botapp.words import EMOJI, LanguageWords, ReplyWords, all_languages, merged
from tests.support import CHICAGO

NOW = datetime(2025, 12, 1, 15, 0, tzinfo=UTC)  # Monday 9:00 in Chicago
STARTS = datetime(2025, 12, 4, 20, 30, tzinfo=UTC)  # Thursday 14:30 in Chicago
YES, NO = Option("1", "yes", "yes"), Option("2", "no", "no")

# German, written the way a new language would be: one table, consent words and reply words.
GERMAN = LanguageWords(
    code="de",
    opt_out=frozenset({"stopp"}),
    bare_opt_out=frozenset(),
    stop_requests=(),
    limits=(),
    partial_requests=(),
    texts=r"(?:nachrichten)",
    replies=ReplyWords(
        options={
            "yes": frozenset({"ja"}),
            "no": frozenset({"nein"}),
            "appointment.confirm": frozenset({"ja", "bis dann"}),
        },
        numbered=frozenset({"nummer"}),
        weekdays=tuple(
            frozenset({day})
            for day in ("montag", "dienstag", "mittwoch", "donnerstag", "freitag")
            + ("samstag", "sonntag")
        ),
        tomorrow=("morgen",),
        at=("um",),
        job_loss={QUIT: (r"\bich habe gekundigt\b",)},
    ),
)


def option_words() -> set[str]:
    """The name of the words of every option some flow offers."""
    return {
        option.words
        for feature in FEATURES
        for flow in feature.flows
        for step in flow.steps.values()
        for option in step.options
    }


@pytest.mark.parametrize("lang", all_languages(), ids=lambda lang: lang.code)
def test_each_shipped_language_has_words_for_every_option_a_flow_offers(
    lang: LanguageWords,
) -> None:
    every_name = option_words() | {"yes", "no"}
    assert {name for name in every_name if not lang.replies.options.get(name)} == set()
    assert set(lang.replies.options) - every_name == set()  # none left for an option now gone


@pytest.mark.parametrize("lang", all_languages(), ids=lambda lang: lang.code)
def test_each_shipped_language_names_days_times_and_the_ways_a_job_ends(
    lang: LanguageWords,
) -> None:
    words = lang.replies
    assert len(words.weekdays) == 7 and all(words.weekdays)
    for name in ("numbered", "today", "tomorrow", "noon", "morning", "afternoon", "at"):
        assert getattr(words, name), name
    assert set(words.job_loss) == {QUIT, LET_GO, ENDED} and all(words.job_loss.values())
    assert words.not_so


def test_emoji_pick_only_options_that_have_words() -> None:
    assert set(EMOJI) <= option_words() | {"yes", "no"}


def test_a_new_language_s_table_is_read_beside_the_others() -> None:
    languages = (*all_languages(), GERMAN)
    words = merged(lang.replies for lang in languages)

    assert choose("ja", (YES, NO)) is None  # not a shipped language
    assert choose("ja", (YES, NO), words) == YES
    assert choose("Nummer 2", (YES, NO), words) == NO
    assert choose("Ja, bis dann!", (CONFIRM, CANCEL, RESCHEDULE), words) == CONFIRM
    assert choose("yes", (YES, NO), words) == YES  # English is still read
    assert choose("no puedo", (YES, NO), words) == NO  # and Spanish

    assert proposed_time("Freitag um 3", STARTS, "America/Chicago", NOW, "de") is None
    found = proposed_time("Freitag um 3", STARTS, "America/Chicago", NOW, "de", words)
    assert found is not None
    assert found.astimezone(CHICAGO).strftime("%a %m-%d %H:%M") == "Fri 12-05 15:00"
    found = proposed_time("morgen", STARTS, "America/Chicago", NOW, "de", words)
    assert found is not None
    assert found.astimezone(CHICAGO).strftime("%a %m-%d %H:%M") == "Tue 12-02 14:30"

    assert job_loss_reason("Ich habe gekündigt.") is None
    assert job_loss_reason("Ich habe gekündigt.", words) == QUIT
    assert job_loss_reason("I quit", words) == QUIT

    keyword = classify("Stopp!", vocabulary=Vocabulary(languages))
    assert keyword is not None and keyword.kind is KeywordKind.OPT_OUT
