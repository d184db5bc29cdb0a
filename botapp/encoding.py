"""SMS encoding and segment count for an outbound body (GSM-7 or UCS-2), as carriers bill it.

GSM-7 follows the 3GPP TS 23.038 default alphabet plus its basic extension table; any other
character makes the whole message UCS-2. The empty body is GSM-7, 0 units and 1 segment,
because Twilio bills an empty message as one segment.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

# The default alphabet in code-point order 0x00-0x7F; ESC (0x1B) is left out because it only
# introduces an extension character and is not text a sender can type.
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
# Basic extension table: each is sent as ESC + char, so it costs two septets.
_GSM7_EXTENSION = frozenset("\f^{}\\[]~|€")

# (units allowed in a single message, units per part once concatenated); the User Data Header
# of a concatenated SMS takes 6 octets, i.e. 7 septets or 3 UTF-16 units.
_LIMITS: dict[Encoding, tuple[int, int]] = {"GSM-7": (160, 153), "UCS-2": (70, 67)}


@dataclass(frozen=True)
class SmsCost:
    """How a body is encoded and what it costs."""

    encoding: Encoding
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def is_gsm7(text: str) -> bool:
    """True if every character of `text` is in the GSM-7 alphabet or its extension table."""
    return all(c in _GSM7_BASIC or c in _GSM7_EXTENSION for c in text)


def _encoding(text: str) -> Encoding:
    return "GSM-7" if is_gsm7(text) else "UCS-2"


def _cost(char: str, encoding: Encoding) -> int:
    """Units one character takes in `encoding`."""
    if encoding == "GSM-7":
        return 2 if char in _GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1  # outside the BMP: a surrogate pair


def _units(text: str, encoding: Encoding) -> int:
    return sum(_cost(c, encoding) for c in text)


def split(text: str) -> list[str]:
    """The segments' texts as a phone receives them; the empty body is one empty segment."""
    encoding = _encoding(text)
    single, per_part = _LIMITS[encoding]
    if _units(text, encoding) <= single:
        return [text]
    parts: list[str] = []
    start = used = 0
    for i, char in enumerate(text):
        cost = _cost(char, encoding)
        # A character is never cut: an ESC pair or surrogate pair that would overflow the
        # current part moves whole into the next one, leaving that part one unit short.
        if used + cost > per_part:
            parts.append(text[start:i])
            start, used = i, 0
        used += cost
    parts.append(text[start:])
    return parts


def analyze(text: str) -> SmsCost:
    """Encoding, units and billed segments of `text`."""
    encoding = _encoding(text)
    return SmsCost(encoding, _units(text, encoding), len(split(text)))


def to_gsm7(text: str) -> str:
    """`text` with each character outside GSM-7 replaced by its letter without accent ("í" →
    "i"), or "?" when it has none: for texts botapp writes to staff, where a name's accent
    must not double the segments (a client's text keeps its letters)."""
    return "".join(c if is_gsm7(c) else _plain(c) for c in text)


def gsm7_spelling(text: str) -> str | None:
    """`text` with each letter outside GSM-7 spelled without its accent ("á" → "a"), or None
    when some character has no such spelling (an emoji, a curly quote): what a broadcast's
    preview suggests when an accent alone makes a text UCS-2."""
    plain = to_gsm7(text)
    spelled_all = all(is_gsm7(c) or _plain(c) != "?" for c in text)
    return plain if spelled_all else None


def _plain(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if base and is_gsm7(base) else "?"
