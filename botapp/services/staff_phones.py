"""Texts from staff phones: an active staff member texting the botapp number is staff, never a
client. The inbound worker hands such a text here; whatever feature answers staff commands
(escalations: "ACK 42", "@42 …", "CLOSE 42") listens. The registry starts empty and
`botapp.features` fills it, so the core names no feature (docs/decisions/0026-staff-texts.md).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.models import Message, Staff

# Acts on one text from `staff`'s phone, in the transaction that marks it processed (must not
# commit); returns the bodies it queued in answer. The bool: the phone stood opted out.
Handler = Callable[[Session, Settings, Message, Staff, bool], list[str]]
HANDLERS: list[Handler] = []


def staff_text(
    session: Session, settings: Settings, message: Message, staff: Staff, opted_out: bool
) -> list[str]:
    """Mark `message` as written by `staff` (so it never lands in the unmatched inbox) and let
    every handler act on it; the bodies they queued in answer."""
    message.sent_by_id = staff.id
    queued: list[str] = []
    for handler in HANDLERS:
        queued += handler(session, settings, message, staff, opted_out)
    return queued
