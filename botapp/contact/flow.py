"""The monthly contact check: a friendly text to active clients who have not written in 30 days.

Contact standards ask for contact with every active case at least every 30 days, and a text
counts only as a two-way exchange, so "quiet" means no text from the client in that window.
Any reply is the answer: it goes to the specialist's inbox and the client is thanked. The
question is not re-asked (a second "checking in" helps nobody) and closes after a day; a
later reply still reaches the inbox the usual way. Diagram: contact.md.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.contact import messages as texts
from botapp.flows import engine, schedule
from botapp.flows.engine import Flow, Step, Turn
from botapp.messages import Msg, notes, sms
from botapp.models import Client, ClientStatus, Conversation, Direction, Message
from botapp.services import consent

CONTACT_EVERY = timedelta(days=30)


class ContactStep(enum.StrEnum):
    """The contact check's one step, as `Conversation.step` stores it."""

    HOW = "how"


def ask_how(turn: Turn[None]) -> tuple[Msg, dict[str, Any]]:
    """The friendly check-in, by first name."""
    return texts.ASK, {"first_name": turn.client.first_name}


def how_answered(turn: Turn[None]) -> None:
    """Puts the client's reply in the specialist's inbox and thanks them."""
    turn.note(notes.INBOX)
    turn.say(sms.INBOX_ACK, first_name=turn.client.first_name)
    return None


def no_reply(turn: Turn[None]) -> None:
    """Notes that the monthly text went unanswered (a call may be due; not an alarm)."""
    turn.note(texts.NOTE_NO_REPLY)


CONTACT_CHECK = Flow(
    name="contact_check",
    first=ContactStep.HOW,
    steps={ContactStep.HOW: Step(ask_how, how_answered, on_no_reply=no_reply)},
    # Expiry with no re-prompt: the engine re-asks only while the question is not expired.
    reprompt_after=timedelta(days=1),
    expire_after=timedelta(days=1),
)


def quiet_since(now: datetime) -> list[ColumnElement[bool]]:
    """Filters on Client for the contact standard's rule: an active case, older than 30 days,
    with no text from the client in 30 days (a text counts only as a two-way exchange). The
    contact check and the staff web app's Today read it."""
    since = now - CONTACT_EVERY
    # The client's newest text, read backwards through ix_messages_client_id_id (a text's id
    # and time are both given as it arrives): a row or two per client, where "any text since"
    # read every text of the client's and made PostgreSQL scan all the clients for Today.
    newest = (
        select(Message.created_at)
        .where(Message.client_id == Client.id, Message.direction == Direction.INBOUND)
        .order_by(Message.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return [
        Client.status == ClientStatus.ACTIVE,
        Client.created_at < since,  # a new case starts from its intake contact
        func.coalesce(newest, Client.created_at) < since,  # no text: as old as the case
    ]


def due_for_contact(session: Session, now: datetime) -> list[Client]:
    """Active clients, not paused, with no text from them and no contact check in 30 days:
    one query."""
    since = now - CONTACT_EVERY
    checked = exists().where(
        Conversation.client_id == Client.id,
        Conversation.flow == CONTACT_CHECK.name,
        Conversation.created_at >= since,
    )
    query = select(Client).where(
        *quiet_since(now),
        ~checked,
        ~consent.opted_out_clause(Client.phone),
        ~schedule.paused_clause(Client.id),  # staff or an open escalation paused them
    )
    return list(session.scalars(query.order_by(Client.id)))


def contact_check(session: Session, settings: Settings, now: datetime) -> int:
    """Start the monthly check-in with every client due for one; return how many."""
    clients = due_for_contact(session, now)
    for client in clients:
        engine.start(session, settings, client, CONTACT_CHECK, None, now)
    return len(clients)
