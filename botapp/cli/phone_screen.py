"""What the simulated phone shows: each text botapp sends it, and why a text got no answer.

The screen reads the messages table, so it shows what the dispatcher sent to this phone
whoever caused it: replies, and the reminders, check-ins and follow-ups the clock starts.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import click
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from botapp.cli.terminal import printable
from botapp.db import utcnow
from botapp.messages import Msg, notes, render
from botapp.messages import demo as texts
from botapp.models import CaseNote, Direction, Message, MessageStatus
from botapp.services import consent

PROMPT, MARK = "you> ", "app> "  # the same width: a text arriving at the prompt overwrites it
UNSENT = (MessageStatus.PENDING, MessageStatus.CLAIMED)
# A text sent just before the screen started may commit just after: look back this far.
LOOK_BACK = timedelta(minutes=1)
EARLIER = 6  # texts of the phone shown when the screen starts


class Screen:
    """Prints each text sent to `phone` once, in the order sent, from any thread that looks."""

    def __init__(self, phone: str, locale: str) -> None:
        self.phone, self.locale = phone, locale
        self.since = utcnow() - LOOK_BACK
        self.shown: set[int] = set()
        self.at_prompt = False
        self._lock = threading.Lock()

    def start(self, session: Session) -> None:
        """Show the phone's last few texts, so a text that came before the screen is seen."""
        self.shown = set(session.scalars(self._sent()))
        rows = session.execute(
            select(Message.direction, Message.body)
            .where(
                Message.phone == self.phone,
                (Message.direction == Direction.INBOUND) | Message.sent_at.is_not(None),
            )
            .order_by(Message.id.desc())
            .limit(EARLIER)
        ).all()
        session.rollback()
        if rows:
            click.echo(render(texts.SIMULATE_EARLIER, self.locale))
        for direction, body in reversed(rows):
            click.echo((PROMPT if direction is Direction.INBOUND else MARK) + printable(body))

    def prompt(self) -> None:
        """Ask for the next text (the prompt is redrawn under a text that arrives meanwhile)."""
        with self._lock:
            self.at_prompt = True
            click.echo(PROMPT, nl=False)

    def typed(self) -> None:
        """The person pressed Enter: texts are shown on lines of their own again."""
        with self._lock:
            self.at_prompt = False

    def show_new(self, session: Session) -> None:
        """Print the texts sent to the phone since the last look."""
        rows = session.execute(self._sent().add_columns(Message.body)).all()
        session.rollback()  # a fresh snapshot on the next look
        with self._lock:
            new = [row for row in rows if row.id not in self.shown]
            if not new:
                return
            if self.at_prompt:
                click.echo("\r", nl=False)
            for row in new:
                click.echo(MARK + printable(row.body))
                self.shown.add(row.id)
            if self.at_prompt:
                click.echo(PROMPT, nl=False)

    def _sent(self) -> Select[tuple[int]]:
        """The texts sent to the phone lately, in the order they were sent."""
        return (
            select(Message.id)
            .where(
                Message.direction == Direction.OUTBOUND,
                Message.phone == self.phone,
                Message.sent_at >= self.since,
            )
            .order_by(Message.sent_at, Message.id)
        )


@dataclass(frozen=True)
class Outcome:
    """What became of one simulated text after the wait."""

    handled: bool  # False while it waits for the inbound worker
    queued: int  # its replies still in the outbox
    why: Msg | None  # why it got no answer, or that handling failed


def watch(session: Session, screen: Screen, sid: str, wait: float) -> Outcome:
    """Show what is sent to the phone until the text `sid` is answered or `wait` seconds pass."""
    deadline = time.monotonic() + wait
    while True:
        screen.show_new(session)
        inbound = session.scalars(select(Message).where(Message.twilio_sid == sid)).one()
        replies = select(Message.status).where(Message.in_reply_to_id == inbound.id)
        statuses = list(session.scalars(replies))
        handled = inbound.status is not MessageStatus.RECEIVED
        queued = sum(1 for status in statuses if status in UNSENT)
        if (handled and not queued) or time.monotonic() >= deadline:
            why = silence(session, inbound) if handled and not statuses else None
            session.rollback()
            screen.show_new(session)
            return Outcome(handled, queued, why)
        session.rollback()
        time.sleep(0.1)


def silence(session: Session, inbound: Message) -> Msg:
    """Why a handled text got no reply: handling failed, or botapp chose not to answer."""
    if inbound.status is MessageStatus.ERROR:
        return texts.SIMULATE_FAILED
    if inbound.client_id is None:
        return texts.SIMULATE_UNKNOWN
    recorded = set(
        session.scalars(select(CaseNote.note_key).where(CaseNote.message_id == inbound.id))
    )
    if notes.OPT_OUT_BY_TWILIO.key in recorded:
        return texts.SIMULATE_CARRIER
    if consent.is_opted_out(session, inbound.phone):
        return texts.SIMULATE_OPTED_OUT
    if recorded & {notes.OPT_IN.key, notes.HELP.key}:
        return texts.SIMULATE_CARRIER  # botapp answers these itself unless Twilio does
    if notes.PARTIAL_OPT_OUT.key in recorded:
        return texts.SIMULATE_LIMIT_TOLD
    if notes.INBOX.key in recorded:
        return texts.SIMULATE_INBOX_TOLD
    return texts.SIMULATE_NO_REPLY
