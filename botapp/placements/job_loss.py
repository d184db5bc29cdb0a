"""'I quit', 'me despidieron': a job that ends is news for the specialist at once.

An engine interrupt, so it works in answer to any question or to none. It looks at the words
first (no database work for ordinary texts) and acts only for a client with an active
placement: the placement ends with the reason, its follow-ups stop, the specialist gets an
alert and the client a kind word. Words said as a question or denied ("if I quit", "no me
despidieron") are left alone.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.delivery import outbox
from botapp.flows import engine
from botapp.keywords import normalize
from botapp.models import Client, Message, Placement
from botapp.placements import messages as texts
from botapp.placements import service
from botapp.placements.flow import FLOW
from botapp.placements.timing import end_placement, local_day
from botapp.services import case_record

QUIT, LET_GO, ENDED = "quit", "let_go", "ended"
# Patterns run on normalised text: lower case, no accents, punctuation as spaces ("don t").
PATTERNS = {
    QUIT: re.compile(
        r"\bi (just |already )?(quit|resigned)\b|\bquit (my|the|that) job\b"
        r"|\brenuncie\b|\bdeje (el|mi) (trabajo|empleo)\b"
    ),
    LET_GO: re.compile(
        r"\b(i|i ve|i have) (just )?(was |got |been )?(fired|let go|laid off|terminated)\b"
        r"|\b(fired|laid) me( off)?\b|\blet me go\b"
        r"|\bme (despidieron|corrieron|echaron|botaron)\b|\bme (han|ha) despedido\b"
    ),
    ENDED: re.compile(
        r"\blost (my|the|that) job\b|\bno longer (work|working|employed)\b"
        r"|\b(don t|dont|do not) work there\b|\bnot working there\b"
        r"|\bya no (trabajo|tengo (trabajo|empleo))\b|\bperdi (mi|el) (trabajo|empleo)\b"
        r"|\bme quede sin (trabajo|empleo)\b"
    ),
}
# Words just before the phrase, in the same sentence, that make it a question, a plan or a
# denial: "what if I quit", "want to quit my job", "no me despidieron", "haven't lost my job".
NOT_SO = frozenset(
    "no not never nunca if si should would could might may can will to want didn t".split()
)
SENTENCES = re.compile(r"[.!?;,\n]+")


def job_loss_reason(body: str) -> str | None:
    """QUIT, LET_GO or ENDED when the text says the client's job ended; None otherwise."""
    for sentence in SENTENCES.split(body):  # "No, I quit": the "no" answers something else
        text = normalize(sentence)
        for reason, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                if not NOT_SO.intersection(text[: match.start()].split()[-2:]):
                    return reason
    return None


def _names(text: str, employer: str) -> bool:
    return f" {normalize(employer)} " in f" {normalize(text)} "


def _which(session: Session, client: Client, body: str) -> tuple[list[Placement], Placement | None]:
    """The client's active placements, and the one the text is about when that is clear."""
    placements = service.active_placements(session, client)
    question = engine.active(session, client)
    asked = question.subject_id if question is not None and question.flow == FLOW.name else None
    named = [p for p in placements if _names(body, p.employer)]
    for candidates in (named, [p for p in placements if p.id == asked], placements):
        if len(candidates) == 1:
            return placements, candidates[0]
    return placements, None


def job_ended(
    session: Session, settings: Settings, client: Client, message: Message, now: datetime
) -> bool:
    """Ends the placement the client says they lost, alerts the specialist, answers kindly."""
    reason = job_loss_reason(message.body)
    if reason is None:
        return False
    placements, placement = _which(session, client, message.body)
    if not placements:
        return False
    outbox.queue_text(
        session,
        settings,
        texts.ENDED_ACK,
        {"first_name": client.first_name},
        phone=client.phone,
        client=client,
        category=outbox.REPLY,
        in_reply_to=message,
    )
    if placement is None:  # two jobs and no telling which: a person asks
        employers = ", ".join(p.employer for p in placements)
        case_record.note(
            session, client, texts.ENDED_WHICH, message=message, alert=True, employers=employers
        )
        return True
    case_record.note(
        session,
        client,
        texts.ENDED[reason],
        message=message,
        alert=True,
        employer=placement.employer,
    )
    today = local_day(session, placement, now)
    end_placement(session, settings, placement, on=today, reason=reason, now=now, message=message)
    return True
