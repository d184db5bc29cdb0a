"""'I quit', 'me despidieron': a job that ends is news for the specialist at once.

An engine interrupt, so it works in answer to any question or to none. It looks at the words
first (no database work for ordinary texts) and acts only for a client with an active
placement: the placement ends with the reason, its follow-ups stop, the specialist gets an
alert and the client a kind word. Words said as a question or denied ("if I quit", "no me
despidieron") are left alone. The phrases and the words that deny them are each language's,
in `botapp/words/`, matched on normalised text (lower case, no accents, "don t").
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.delivery import outbox
from botapp.flows import engine
from botapp.flows.replies import REPLY_WORDS
from botapp.keywords import normalize
from botapp.models import Client, Message, Placement, Reason, Severity
from botapp.placements import messages as texts
from botapp.placements import service
from botapp.placements.flow import FLOW
from botapp.placements.timing import end_placement, local_day
from botapp.services import alerts, case_record
from botapp.words import ReplyWords

QUIT, LET_GO, ENDED = "quit", "let_go", "ended"
SENTENCES = re.compile(r"[.!?;,\n]+")


@lru_cache(maxsize=8)
def _said(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Finds any of `patterns` (none: never)."""
    return re.compile("|".join(patterns) or "(?!)")


def job_loss_reason(body: str, words: ReplyWords = REPLY_WORDS) -> str | None:
    """QUIT, LET_GO or ENDED when the text says the client's job ended; None otherwise."""
    for sentence in SENTENCES.split(body):  # "No, I quit": the "no" answers something else
        text = normalize(sentence)
        for reason in (QUIT, LET_GO, ENDED):
            for match in _said(words.job_loss.get(reason, ())).finditer(text):
                if not words.not_so.intersection(text[: match.start()].split()[-2:]):
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
    alerts.need_person(session, client, Reason.JOB_LOSS, Severity.TODAY, message)
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
