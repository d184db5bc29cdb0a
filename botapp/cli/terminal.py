"""Text from clients made safe to print on a staff member's terminal."""

from __future__ import annotations

import unicodedata

# Bidirectional overrides, embeddings, isolates and marks: they reorder what is shown
# ("Trojan Source", CVE-2021-42574); line and paragraph separators break lines.
_INVISIBLE = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BREAKS = frozenset("\u2028\u2029")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every control, bidi and line-breaking character shown as an escape."""
    return "".join(_escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    if unicodedata.category(ch) == "Cc":  # C0, DEL and C1: ESC and CSI drive the terminal
        return f"\\x{ord(ch):02x}"
    if ch in _INVISIBLE or ch in _BREAKS:
        return f"\\u{ord(ch):04x}"
    return ch
