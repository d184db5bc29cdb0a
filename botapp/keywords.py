"""Recognise consent keywords (opt-out, opt-in, help, language) in what a person actually types.

Twilio's own keywords count only as the whole message; the FCC asks that consent be revocable
"in any reasonable manner", so natural phrases and Spanish forms are recognised too. Words that
mean something else inside a conversation ("cancelar" an appointment, "I quit" a job) are left
to the flows on purpose.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass


class KeywordKind(enum.StrEnum):
    """The consent action a message asks for."""

    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"
    LANGUAGE = "language"


@dataclass(frozen=True)
class Keyword:
    """A recognised keyword: what it asks, the words matched, and whether Twilio knows it."""

    kind: KeywordKind
    matched: str
    twilio_standard: bool = False
    language: str | None = None


# Twilio's default keywords, honoured by Twilio itself on a real number (whole message only).
TWILIO_OPT_OUT = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
TWILIO_OPT_IN = frozenset({"START", "YES", "UNSTOP"})
TWILIO_HELP = frozenset({"HELP", "INFO"})

_OPT_OUT_WORDS = frozenset(w.lower() for w in TWILIO_OPT_OUT) | {
    "opt out",
    "parar",
    "para",
    "pare",
    "baja",
    "alto",
    "detener",
    "no mas",
    "basta",
    "unsubscribe me",
}
_OPT_IN_WORDS = frozenset(w.lower() for w in TWILIO_OPT_IN) | {
    "si",
    "alta",
    "inicio",
    "iniciar",
    "comenzar",
    "subscribe",
    "resume",
    "opt in",
}
_HELP_WORDS = frozenset(w.lower() for w in TWILIO_HELP) | {
    "ayuda",
    "informacion",
    "help me",
    "ayudame",
}
_LANGUAGE_WORDS = {
    "es": {"espanol", "spanish", "en espanol", "in spanish", "castellano"},
    "en": {"english", "ingles", "en ingles", "in english"},
}
# Polite words a person adds around a keyword: "Stop. Thank you", "PARAR por favor".
# Opt-out words that also answer questions ("cancel" an appointment, "end" of a shift): only
# the word alone opts out, never the word with polite filler around it.
_CONVERSATION_WORDS = frozenset({"cancel", "end", "quit"})
_FILLER = {
    "please",
    "pls",
    "plz",
    "thanks",
    "thank",
    "you",
    "thx",
    "ty",
    "now",
    "it",
    "all",
    "ok",
    "por",
    "favor",
    "gracias",
    "ya",
    "texting",
    "texts",
    "messages",
}
_OPT_OUT_PHRASES = [
    re.compile(p)
    for p in (
        r"^(please )?stop (texting|messaging|sending|contacting|txting)( me)?\b",
        r"^(please )?(do not|dont|don t) (text|message|contact|txt) me\b",
        r"^(please )?(remove|delete|unsubscribe|take) me( off)?( from)?( (this|the|your) list)?$",
        r"^no more (texts|messages|txts)\b",
        r"^(no )?(me )?(envien|manden|escriban|mande|envie) (mas )?(mensajes|textos)?$",
        r"^no (me )?(envien|manden|escriban|mande|envie|quiero) (mas )?(mensajes|textos)",
        r"^(ya )?no (quiero )?(recibir )?(mas )?(mensajes|textos)",
        r"^(dejen|deje) de (enviar|mandar|escribir)",
    )
]


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: "¡No más!" -> "no mas"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[^\w\s]", " ", plain)
    return " ".join(plain.split())


def _strip_filler(words: list[str]) -> str:
    """The message with polite filler words at the end removed."""
    while len(words) > 1 and words[-1] in _FILLER:
        words = words[:-1]
    return " ".join(words)


def classify(body: str, *, opted_out: bool = False) -> Keyword | None:
    """The consent keyword in `body`, or None when the text is for a person or a flow.

    YES/SI mean opt-in only for someone opted out; otherwise they answer a question.
    """
    raw = body.strip().upper()
    norm = normalize(body)
    if not norm:
        return None
    core = _strip_filler(norm.split())
    if raw in TWILIO_OPT_OUT:
        return Keyword(KeywordKind.OPT_OUT, raw, twilio_standard=True)
    if raw in TWILIO_HELP:
        return Keyword(KeywordKind.HELP, raw, twilio_standard=True)
    if raw in TWILIO_OPT_IN and (opted_out or raw != "YES"):
        return Keyword(KeywordKind.OPT_IN, raw, twilio_standard=True)
    # "cancel it please" answers a reminder; only the bare word is Twilio's (and our) opt-out.
    ambiguous = core in _CONVERSATION_WORDS and norm != core
    if (core in _OPT_OUT_WORDS and not ambiguous) or any(p.search(norm) for p in _OPT_OUT_PHRASES):
        return Keyword(KeywordKind.OPT_OUT, body.strip()[:160])
    if core in _HELP_WORDS:
        return Keyword(KeywordKind.HELP, body.strip()[:160])
    if core in _OPT_IN_WORDS and (opted_out or core not in {"yes", "si"}):
        return Keyword(KeywordKind.OPT_IN, body.strip()[:160])
    for lang, words in _LANGUAGE_WORDS.items():
        if core in words:
            return Keyword(KeywordKind.LANGUAGE, body.strip()[:160], language=lang)
    return None
