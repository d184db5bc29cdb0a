"""Recognise consent keywords (opt-out, limits, opt-in, help, language) in what people type.

Twilio's own keywords count only as the whole message; the FCC asks that consent be revocable
"in any reasonable manner", so natural phrases, typos and Spanish forms are recognised too. A
request that limits texting ("not after 8pm", "stop texting my mom") is not an opt-out: it is
answered once and handed to the specialist. A request naming event notices alone ("STOP JOBS",
"no más avisos") stops only them: a Keyword with the broadcasts' scope. Words that answer
questions ("cancelar" an appointment, "I quit" a job) are left to the flows. The words are
data, one table per language in `botapp/words/`; the rules and the boundary cases:
docs/decisions/0013-opt-out-phrasings.md.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from botapp.models.broadcast import BROADCAST_SCOPE
from botapp.models.consent import ALL_SCOPES
from botapp.words import LanguageWords, all_languages


class KeywordKind(enum.StrEnum):
    """The consent action a message asks for."""

    OPT_OUT = "opt_out"
    PARTIAL_OPT_OUT = "partial_opt_out"  # limits or redirects texting; opts nothing out
    OPT_IN = "opt_in"
    HELP = "help"
    LANGUAGE = "language"


@dataclass(frozen=True)
class Keyword:
    """A recognised keyword: what it asks, the words matched, whether Twilio knows it, and
    which texts it is about (all, or event notices: `BROADCAST_SCOPE`)."""

    kind: KeywordKind
    matched: str
    twilio_standard: bool = False
    language: str | None = None
    scope: str = ALL_SCOPES


# Twilio's default keywords, honoured by Twilio itself on a real number (whole message only).
TWILIO_OPT_OUT = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
TWILIO_OPT_IN = frozenset({"START", "YES", "UNSTOP"})
TWILIO_HELP = frozenset({"HELP", "INFO"})

_CLAUSE_END = re.compile(r"[.!?¡¿,;:\n]+")
_STRETCHED = re.compile(r"(\w)\1{2,}")  # "stooop", "pleeease"


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: "¡No más!" -> "no mas"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[^\w\s]", " ", plain)
    return " ".join(plain.split())


def _one_slip(typed: str, word: str) -> bool:
    """True when `typed` is `word` with one letter wrong, missing, extra or swapped."""
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == word[diff[1]]
        return len(diff) == 1 or (swapped and typed[diff[1]] == word[diff[0]])
    # Lengths one apart: the same after the first difference, less one letter of the longer.
    # (Two or more apart never are: the tails compared differ in length.)
    short, long = sorted((typed, word), key=len)
    i = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
    return short[i:] == long[i + 1 :]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


class Vocabulary:
    """Every language's words merged and compiled once (classify runs on every inbound text)."""

    def __init__(self, languages: Iterable[LanguageWords]):
        langs = tuple(languages)
        self.symbols = {s: w for lang in langs for s, w in lang.symbols.items()}
        self.spellings = {k: v for lang in langs for k, v in lang.spellings.items()}
        self.typos = frozenset().union(*(lang.typos for lang in langs))
        self.not_typos = frozenset().union(*(lang.not_typos for lang in langs))
        opt_out = frozenset().union(*(lang.opt_out for lang in langs))
        filler = frozenset().union(*(lang.filler for lang in langs))
        self.bare_only = frozenset().union(*(lang.bare_opt_out for lang in langs))
        self.opt_in = frozenset().union(*(lang.opt_in for lang in langs))
        self.opt_in_only_when_out = frozenset().union(
            *(lang.opt_in_only_when_out for lang in langs)
        )
        self.help = frozenset().union(*(lang.help for lang in langs))
        notice_words = frozenset().union(*(lang.notice_words for lang in langs))
        notices_on = frozenset().union(*(lang.notices_on for lang in langs))
        self.switch_to = {
            w: code for lang in langs for code, ws in lang.switch_to.items() for w in ws
        }
        every = (
            opt_out
            | filler
            | self.bare_only
            | self.opt_in
            | self.help
            | set(self.switch_to)
            | set(self.spellings.values())
            | notice_words
            | notices_on
        )
        self.known = frozenset(token for phrase in every for token in phrase.split())
        word, fill = _alternation(opt_out), _alternation(filler)
        # A clause of nothing but opt-out words and filler: "ya basta", "wrong number stop".
        self.only_opt_out = re.compile(rf"(?:(?:{fill}|{word}) )*(?:{word})(?: (?:{fill}|{word}))*")
        self.edges = re.compile(rf"^(?:(?:{fill}) )+|(?: (?:{fill}))+$")
        # One alternation per kind: one scan of the text each, not one per pattern.
        self.requests = [
            (_any_of(_texts(lang, lang.stop_requests)), _negated(lang)) for lang in langs
        ]
        self.limits = _any_of(p for lang in langs for p in _texts(lang, lang.limits))
        self.partial = _any_of(p for lang in langs for p in _texts(lang, lang.partial_requests))
        notices = [p for lang in langs for p in _texts(lang, lang.notices)]
        self.notices = _any_of(notices)
        # Phrases first: at "job fair texts" the whole phrase, not the word "job".
        self.notice_names = _any_of([*notices, rf"(?:{_alternation(notice_words)})\b"])
        self.all_texts = _any_of(p for lang in langs for p in lang.all_texts)
        on = _alternation(notices_on) or r"(?!)"
        self.only_on = re.compile(rf"(?:(?:{fill}|{on}) )*(?:{on})(?: (?:{fill}|{on}))*")
        self.fix_typo = lru_cache(maxsize=4096)(self._fix_typo)

    def _fix_typo(self, token: str) -> str:
        if len(token) < 3 or token in self.known or token in self.not_typos:
            return token
        return next((w for w in sorted(self.typos) if _one_slip(token, w)), token)

    def clauses(self, body: str) -> list[str]:
        """The message's clauses, each normalised, respelled and with repeats dropped."""
        for symbol, word in self.symbols.items():
            body = body.replace(symbol, f" {word} ")
        if len(body) < 40:  # "s t o p", "S.T.O.P"
            letters = normalize(body).split()
            if len(letters) > 2 and all(len(t) == 1 for t in letters):
                body = "".join(letters)
        out = []
        for part in _CLAUSE_END.split(body):
            tokens = " ".join(
                self.fix_typo(self.spellings.get(t, t))
                for t in _STRETCHED.sub(r"\1", normalize(part)).split()
            ).split()
            words = [t for i, t in enumerate(tokens) if i == 0 or t != tokens[i - 1]]
            if words:
                out.append(" ".join(words))
        return out

    def core(self, text: str) -> str:
        """`text` without polite filler at either end (all of it when it is only filler)."""
        return self.edges.sub("", text) or text

    def asks_to_stop(self, clauses: list[str]) -> bool:
        """True when a clause is opt-out words alone or asks, unnegated, to stop texting."""
        for clause in clauses:
            if self.only_opt_out.fullmatch(clause):
                return True
            core = self.core(clause)
            for pattern, negated in self.requests:
                if any(not negated.search(core[: m.start()]) for m in pattern.finditer(core)):
                    return True
        return False

    def names_notices_beside(self, clause: str, words: re.Pattern[str]) -> bool:
        """True when `clause` is names of event notices beside `words` alone: "stop jobs",
        "avisos si", "start job fair texts please", "STOP JOBS STOP JOBS"."""
        rest = " ".join(self.notice_names.sub(" ", clause).split())
        return rest != clause and bool(rest) and words.fullmatch(rest) is not None

    def stops_only_notices(self, clauses: list[str]) -> bool:
        """True when every clause asking to stop asks it of event notices, and no texts beyond
        them are named anywhere ("I got a job, stop texting me": the job is not a notice; "no
        quiero nada, bórrenme de la lista de avisos": nothing is everything)."""
        asking = [
            c
            for c in clauses
            if self.asks_to_stop([c]) or self.names_notices_beside(c, self.only_opt_out)
        ]
        wider = self.all_texts.search(self.notices.sub(" ", " ".join(clauses)))
        return bool(asking) and all(self._of_notices(c) for c in asking) and not wider

    def _of_notices(self, clause: str) -> bool:
        if self.names_notices_beside(clause, self.only_opt_out):
            return True
        return not self.only_opt_out.fullmatch(clause) and bool(self.notices.search(clause))


def _texts(lang: LanguageWords, patterns: Iterable[str]) -> Iterator[str]:
    """`patterns` with `{texts}` written out as what `lang` calls texts."""
    return (p.replace("{texts}", lang.texts) for p in patterns)


def _any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One compiled regex matching where any of `patterns` matches.

    Every pattern starts at a word, so the regex tries only word starts (3x faster on long
    texts): normalised text has single spaces between words.
    """
    return re.compile(r"(?<![^ ])(?:" + ("|".join(f"(?:{p})" for p in patterns) or "(?!)") + ")")


def _negated(lang: LanguageWords) -> re.Pattern[str]:
    """Matches the text before a request when it ends with a negation: "don't stop texting"."""
    words = _alternation(lang.negations) or r"(?!)"
    return re.compile(rf"(?:^|\s)(?:{words}) $")


VOCABULARY = Vocabulary(all_languages())


def classify(
    body: str, *, opted_out: bool = False, vocabulary: Vocabulary = VOCABULARY
) -> Keyword | None:
    """The consent keyword in `body`, or None when the text is for a person or a flow.

    YES/SI mean opt-in only for someone opted out; otherwise they answer a question.
    """
    raw = body.strip().upper()
    if raw in TWILIO_OPT_OUT:
        return Keyword(KeywordKind.OPT_OUT, raw, twilio_standard=True)
    if raw in TWILIO_HELP:
        return Keyword(KeywordKind.HELP, raw, twilio_standard=True)
    if raw in TWILIO_OPT_IN and (opted_out or raw != "YES"):
        return Keyword(KeywordKind.OPT_IN, raw, twilio_standard=True)
    v = vocabulary
    clauses = v.clauses(body)  # none for an empty text or only punctuation: no keyword below
    text = " ".join(clauses)
    core = v.core(text)
    matched = body.strip()[:160]
    if core in v.bare_only:  # "cancel it please" answers a reminder; "Cancel." is Twilio's
        return Keyword(KeywordKind.OPT_OUT, matched) if core == text else None
    if v.names_notices_beside(core, v.only_on):  # "START JOBS", "quiero avisos"
        return Keyword(KeywordKind.OPT_IN, matched, scope=BROADCAST_SCOPE)
    if v.asks_to_stop(clauses) or any(v.names_notices_beside(c, v.only_opt_out) for c in clauses):
        if v.limits.search(text) is not None:
            return Keyword(KeywordKind.PARTIAL_OPT_OUT, matched)
        scope = BROADCAST_SCOPE if v.stops_only_notices(clauses) else ALL_SCOPES
        return Keyword(KeywordKind.OPT_OUT, matched, scope=scope)
    if any(v.partial.search(clause) for clause in clauses):
        return Keyword(KeywordKind.PARTIAL_OPT_OUT, matched)
    if core in v.help:
        return Keyword(KeywordKind.HELP, matched)
    if core in v.opt_in and (opted_out or core not in v.opt_in_only_when_out):
        return Keyword(KeywordKind.OPT_IN, matched)
    if core in v.switch_to:
        return Keyword(KeywordKind.LANGUAGE, matched, language=v.switch_to[core])
    return None
