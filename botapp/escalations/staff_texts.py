"""Answering from a staff phone: the commands a staff member texts the botapp number
(docs/decisions/0026-staff-texts.md).

- "ACK 42" / "OK 42": take escalation 42 in hand.
- "@42 See you at 3" / "R 42 See you at 3": that text, as written, to its client from the
  agency number; it acknowledges the escalation if still open.
- "CLOSE 42 called her, rescheduled": resolve it with that note.
- "HELP" / "?": the list; anything else: "not understood" and the list.

Sender numbers can be forged, so a command only does what a forger gains little from, for the
sender's own caseload (the role rules of `botapp escalations --by`), audited under their email.
Answers go to the staff phone in the staff member's language, naming a client by first name
and last initial only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.delivery import outbox
from botapp.escalations import messages as t
from botapp.escalations import service
from botapp.models import Client, Escalation, EscalationState, Message, Staff
from botapp.services import consent
from botapp.services.access import NotAllowed, audit
from botapp.services.agency import Refused
from botapp.services.csvfiles import Notice

MAX_TEXT, RELAY_KEY = service.MAX_TEXT, service.RELAY_KEY
_NUMBER = r"#?\s*(\d{1,9})"  # nine digits at most: any longer is no escalation's number
_ACK = re.compile(rf"(?:ack|ok)\s*{_NUMBER}[.!]*", re.IGNORECASE)
_RELAY = re.compile(
    rf"(?:@|r(?=\s*#?\s*\d))\s*{_NUMBER}(?=[\s:]|$):?(.*)", re.IGNORECASE | re.DOTALL
)
_CLOSE = re.compile(rf"close\s*{_NUMBER}(?=[\s:.,]|$)[:.,]?(.*)", re.IGNORECASE | re.DOTALL)
_HELP = re.compile(r"help|info|ayuda|\?+", re.IGNORECASE)
# What each command is audited as (the first two as `botapp escalations ack|resolve`).
ACK, RELAY, CLOSE = "ack_escalation", "relay_text", "resolve_escalation"
RELAYED = t.SMS_RELAYED  # the notice of a text sent


@dataclass(frozen=True)
class Command:
    """A command read from a staff text: what it does, to which escalation, with what words."""

    action: str  # ACK, RELAY or CLOSE
    escalation_id: int
    text: str = ""  # the words to send (RELAY) or the outcome note (CLOSE), as written


def parse(body: str) -> Command | None:
    """The command `body` holds, or None (HELP and anything not understood)."""
    body = body.strip()
    if found := _ACK.fullmatch(body):
        return Command(ACK, int(found[1]))
    if found := _RELAY.fullmatch(body):
        return Command(RELAY, int(found[1]), found[2].strip())
    if found := _CLOSE.fullmatch(body):
        return Command(CLOSE, int(found[1]), found[2].strip())
    return None


def answer(
    session: Session, settings: Settings, message: Message, staff: Staff, opted_out: bool
) -> list[str]:
    """Act on a text from `staff`'s phone and answer it there in their language (a phone that
    opted out gets no answer, the command still acts); the answer's body."""
    notice = act(session, message, staff)
    if opted_out:
        return []
    sent = outbox.enqueue(
        session,
        phone=message.phone,
        body=notice.text(staff.locale),
        key=notice.msg.key,
        category=outbox.REPLY,
        in_reply_to=message,
    )
    return [sent.body]


def act(session: Session, message: Message, staff: Staff) -> Notice:
    """Run the command `message` holds for `staff`; what to tell them."""
    command = parse(message.body)
    if command is None:
        if _HELP.fullmatch(message.body.strip()):
            return Notice(t.SMS_COMMANDS)
        return Notice(t.SMS_NOT_UNDERSTOOD, {"commands": Notice(t.SMS_COMMANDS)})
    number = command.escalation_id
    try:
        escalation = service.find_for(session, number, staff)
    except Refused:
        audit(session, staff.email, f"{command.action}_denied", f"escalation {number}")
        return Notice(t.SMS_UNKNOWN, {"id": number})
    except NotAllowed as refused:
        audit(session, staff.email, f"{command.action}_denied", refused.target)
        return Notice(t.SMS_NOT_YOURS, {"id": number})
    try:
        if command.action == RELAY:
            return relay(session, staff, escalation, command.text, message)
        if command.action == ACK:
            service.acknowledge(session, escalation, staff)
            done = t.SMS_ACKNOWLEDGED
        else:
            service.resolve(session, escalation, staff, command.text or None)
            done = t.SMS_RESOLVED
    except Refused as refused:  # already acknowledged by someone, already resolved
        return refused.notice
    _audit(session, staff, command.action, escalation)
    return Notice(done, {"id": number, "name": short_name(escalation.client)})


class Unsent(StrEnum):
    """Why a staff member's text to a client was not sent."""

    RESOLVED = "resolved"  # the escalation it answers is closed
    EMPTY = "empty"
    TOO_LONG = "too long"
    OPTED_OUT = "opted out"


class NotSent(Exception):
    """The relay refused the text (`why`; `length`: its characters), sending nothing."""

    def __init__(self, why: Unsent, length: int) -> None:
        super().__init__(why.value)
        self.why, self.length = why, length


def send(
    session: Session,
    staff: Staff,
    client: Client,
    text: str,
    answering: Sequence[Escalation],
    in_reply_to: Message | None = None,
) -> list[Escalation]:
    """The one way a staff member's own words reach a client, from a staff phone, an
    escalation's page or the client's page: `text` as written, from the agency number; it
    answers the unresolved escalations of `answering`. NotSent, sending nothing, when one of
    them is resolved, the text is empty or too long, or the client opted out. `in_reply_to`:
    the staff text that asked for it (None from the web app). The escalations `staff` took in
    hand by answering them (the caller audits them)."""
    text = text.strip()
    if any(escalation.state is EscalationState.RESOLVED for escalation in answering):
        raise NotSent(Unsent.RESOLVED, len(text))
    if not text:
        raise NotSent(Unsent.EMPTY, 0)
    if len(text) > MAX_TEXT:
        raise NotSent(Unsent.TOO_LONG, len(text))
    if consent.is_opted_out(session, client.phone):
        raise NotSent(Unsent.OPTED_OUT, len(text))
    sent = service.staff_text(session, client, staff, text, in_reply_to=in_reply_to)
    entry = t.RELAYED if in_reply_to is not None else t.ANSWERED_ON_WEB
    return [e for e in answering if service.answered(session, e, staff, sent, entry)]


# What a staff phone, and an escalation's page, say when a relay is refused.
_REFUSALS = {
    Unsent.RESOLVED: t.SMS_RELAY_RESOLVED,
    Unsent.EMPTY: t.SMS_RELAY_EMPTY,
    Unsent.TOO_LONG: t.SMS_RELAY_TOO_LONG,
    Unsent.OPTED_OUT: t.SMS_RELAY_OPTED_OUT,
}


def relay(
    session: Session,
    staff: Staff,
    escalation: Escalation,
    text: str,
    in_reply_to: Message | None = None,
    *,
    how: str = "by text",
) -> Notice:
    """`send` `text` to the escalation's client, answering it; `how` it came, for the audit
    trail. What to tell `staff` (RELAYED when sent, else why nothing was)."""
    client, number = escalation.client, escalation.id
    name = short_name(client)
    try:
        taken = send(session, staff, client, text, [escalation], in_reply_to)
    except NotSent as refused:
        params = {"id": number, "name": name, "count": refused.length, "max": MAX_TEXT}
        return Notice(_REFUSALS[refused.why], params)
    if taken:  # it was open: answering took it in hand
        _audit(session, staff, ACK, escalation, how)
    _audit(session, staff, RELAY, escalation, how)
    return Notice(RELAYED, {"id": number, "name": name})


def _audit(
    session: Session, staff: Staff, action: str, escalation: Escalation, how: str = "by text"
) -> None:
    """Record what `staff` did by text or on the web (the CLI's action names, with how)."""
    audit(session, staff.email, action, f"escalation {escalation.id}, {how}")


def short_name(client: Client) -> str:
    """How a text to staff names a client: first name and last initial ("Alex J.")."""
    initial = client.last_name[:1]
    return f"{client.first_name} {initial}." if initial else client.first_name
