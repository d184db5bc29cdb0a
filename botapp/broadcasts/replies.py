"""Understanding an answer to an event's RSVP question: "1", "YES", "Sí voy", "2", "no puedo",
"3", "I need an interpreter", "silla de ruedas" — and which accommodation, when one is named.

The options are read by the engine's matcher (`botapp.flows.replies.choose`), with this
feature's words: each language's table here, merged, as `botapp/words/` holds the words of the
flows' questions (decision 19). Naming an accommodation answers "3" even beside a yes ("yes,
I need a ride"); beside a no it is unclear. A reply with a question mark is a question: a
person answers it (the specialist's inbox), whatever words it holds.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from botapp.flows.replies import REPLY_WORDS, Option, choose
from botapp.keywords import normalize
from botapp.models import Rsvp
from botapp.words import EMOJI, ReplyWords, merged

YES = Option("1", Rsvp.YES.value, "broadcast.rsvp.yes")
NO = Option("2", Rsvp.NO.value, "broadcast.rsvp.no")
ACCOMMODATION = Option("3", Rsvp.ACCOMMODATION.value, "broadcast.rsvp.accommodation")
OPTIONS = (YES, NO, ACCOMMODATION)


class Need(enum.StrEnum):
    """The accommodation a client named (stored on their recipient row; never their words)."""

    INTERPRETER = "interpreter"
    ASL = "asl"
    ACCESSIBLE_ENTRANCE = "accessible_entrance"
    TRANSPORT = "transport"
    OTHER = "other"  # words beside the "3" that name none of the above


# Words written as `normalize` leaves a text: lower case, no accents, punctuation as spaces.
NEEDS_EN: Mapping[Need, frozenset[str]] = {
    Need.INTERPRETER: frozenset({"interpreter", "interpretation", "translator", "translation"}),
    Need.ASL: frozenset({"asl", "sign language", "deaf"}),
    Need.ACCESSIBLE_ENTRANCE: frozenset(
        {"wheelchair", "accessible", "ramp", "elevator", "walker", "accessible entrance"}
    ),
    Need.TRANSPORT: frozenset({"ride", "transport", "transportation", "bus pass", "a ride"}),
}
NEEDS_ES: Mapping[Need, frozenset[str]] = {
    Need.INTERPRETER: frozenset({"interprete", "traductor", "traductora", "traduccion"}),
    Need.ASL: frozenset({"lenguaje de senas", "lengua de senas", "senas", "sordo", "sorda"}),
    Need.ACCESSIBLE_ENTRANCE: frozenset(
        {"silla de ruedas", "accesible", "entrada accesible", "rampa", "ascensor", "elevador"}
    ),
    Need.TRANSPORT: frozenset({"transporte", "aventon", "raite", "quien me lleve"}),
}
NEEDS = {"en": NEEDS_EN, "es": NEEDS_ES}


def _options(
    yes: frozenset[str],
    no: frozenset[str],
    accommodation: frozenset[str],
    needs: Mapping[Need, frozenset[str]],
) -> ReplyWords:
    """One language's words for the three answers; naming a need answers "3"."""
    every_need = frozenset().union(*needs.values())
    return ReplyWords(
        options={YES.words: yes, NO.words: no, ACCOMMODATION.words: accommodation | every_need}
    )


# A bare "coming" or "voy" is left out: "not coming", "no voy" would then pick yes and no.
ENGLISH = _options(
    frozenset("yes y yeah yep sure ok okay attending".split())
    | {"count me in", "i ll be there", "ill be there", "i will be there", "see you there"}
    | {"i m coming", "im coming", "i ll come", "i will come", "i will attend"},
    frozenset("no nope nah cant cannot".split())
    | {"can t", "not coming", "can t make it", "not going"},
    frozenset({"accommodation", "accommodations", "disability"}),
    NEEDS_EN,
)
SPANISH = _options(
    frozenset("si claro asistire ire vale ok".split())
    | {"si voy", "alli estare", "ahi estare", "alli voy", "ahi voy", "cuenten conmigo"}
    | {"de acuerdo"},
    frozenset({"no", "no voy", "no puedo", "no puedo ir", "no asistire"}),
    frozenset({"ajuste", "ajustes", "acomodacion", "acomodo", "discapacidad"}),
    NEEDS_ES,
)
WORDS = merged((ENGLISH, SPANISH, REPLY_WORDS))  # "option 3" / "opcion 3" too


@dataclass(frozen=True)
class Answer:
    """What a reply answers: coming, not, or coming with an accommodation (which, if named)."""

    rsvp: Rsvp
    need: Need | None = None


# Words beside a "3" that say no more than the number does.
_NOT_A_NEED = frozenset(
    "please pls thanks thank you yes y ok si gracias por favor i m coming need accommodation"
    " ajuste necesito un una".split()
)


@lru_cache(maxsize=1)
def _need_words() -> tuple[tuple[Need, re.Pattern[str]], ...]:
    """Each named accommodation and a pattern finding any of its words, in every language."""
    found = []
    for need in (Need.INTERPRETER, Need.ASL, Need.ACCESSIBLE_ENTRANCE, Need.TRANSPORT):
        words = sorted({w for table in NEEDS.values() for w in table.get(need, ())})
        found.append((need, re.compile(r"(^|\s)(" + "|".join(map(re.escape, words)) + r")(\s|$)")))
    return tuple(found)


def need_named(reply: str) -> Need | None:
    """The accommodation `reply` names (the first of the list when it names two); OTHER when it
    says more than an option number and names none; None for a bare number."""
    text = normalize(reply)
    for need, pattern in _need_words():
        if pattern.search(text):
            return need
    said = set(re.sub(r"^(#|option |opcion )?3\b", "", text).split()) - _NOT_A_NEED
    return Need.OTHER if said else None


def is_question(reply: str) -> bool:
    """A reply asking something: a person answers it, not the RSVP."""
    return "?" in reply or "¿" in reply


def _thumb(reply: str) -> Option | None:
    """Yes or no said with the flows' emoji alone (👍, 👎); None for both or neither."""
    said = [o for o, name in ((YES, "yes"), (NO, "no")) if any(e in reply for e in EMOJI[name])]
    return said[0] if len(said) == 1 else None


def read(reply: str) -> Answer | None:
    """The RSVP `reply` gives, or None (a question, no answer, or an unclear one)."""
    if is_question(reply):
        return None
    option = choose(reply, OPTIONS, WORDS) or _thumb(reply)
    named = any(p.search(normalize(reply)) for _, p in _need_words())
    if option is None and named and choose(reply, (NO,), WORDS) is None:
        option = ACCOMMODATION  # "yes, I need a ride"
    elif option is YES and named:
        option = ACCOMMODATION  # "1 interpreter please"
    if option is None:
        return None
    if option is ACCOMMODATION:
        return Answer(Rsvp.ACCOMMODATION, need_named(reply))
    return Answer(Rsvp(option.key))
