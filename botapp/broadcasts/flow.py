"""An answer to an event's RSVP question, read on the broadcast's own reply window.

An engine interrupt, not an engine question: a broadcast reaches thousands of clients at once,
and the engine keeps one open question per client, so each would queue behind (or in front
of) the client's own reminders and check-ins (docs/decisions/0029-broadcasts.md). A free text
is an RSVP when it reads as one (`replies.read`: words first, no database work for other
texts) and the client's newest RSVP broadcast that has reached them still takes answers: sent,
not cancelled, its deadline not passed, its event not begun, and no question of a flow asked
since it went out (that question takes the reply). Anything else takes the normal path: the
open question, or the specialist's inbox. The last answer counts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import replies, timing
from botapp.broadcasts.texts import program_name
from botapp.config import Settings
from botapp.delivery import outbox
from botapp.encoding import to_gsm7
from botapp.flows import engine
from botapp.messages import render
from botapp.messages.catalog import supported
from botapp.models import (
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    Client,
    Message,
    MessageStatus,
    Reason,
    Rsvp,
    Severity,
    Staff,
)
from botapp.services import alerts, case_record

# A broadcast text has reached the client once Twilio took it (and it did not fail).
REACHED = (
    MessageStatus.ACCEPTED,
    MessageStatus.QUEUED,
    MessageStatus.SENDING,
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.READ,
)
# The client's newest broadcast asking an RSVP whose text reached them (built once; read down
# ix_broadcast_recipients_client_id_id).
_WINDOW = (
    select(BroadcastRecipient, Broadcast, Message.sent_at)
    .join(Broadcast, Broadcast.id == BroadcastRecipient.broadcast_id)
    .join(Message, Message.id == BroadcastRecipient.message_id)
    .where(
        BroadcastRecipient.client_id == bindparam("client_id"),
        Broadcast.ask_rsvp.is_(True),
        Message.sent_at.is_not(None),
        Message.status.in_(REACHED),
    )
    .order_by(BroadcastRecipient.id.desc())
    .limit(1)
)
_ASKED_AT = select(Message.sent_at).where(Message.idempotency_key == bindparam("key"))
CONFIRMATIONS = {Rsvp.NO: t.CONFIRM_NO, Rsvp.ACCOMMODATION: t.CONFIRM_ACCOMMODATION}


def open_window(
    session: Session, client: Client, now: datetime
) -> tuple[BroadcastRecipient, Broadcast] | None:
    """The recipient row (and its broadcast) an RSVP from `client` now answers, if any."""
    row = session.execute(_WINDOW, {"client_id": client.id}).first()
    if row is None:
        return None
    recipient, broadcast, went_out = row
    if broadcast.status is BroadcastStatus.CANCELLED:
        return None
    if broadcast.rsvp_deadline is not None and now > broadcast.rsvp_deadline:
        return None
    if broadcast.event_at is not None and now >= broadcast.event_at:
        return None
    if went_out is None or _asked_since(session, client, went_out):
        return None
    return recipient, broadcast


def _asked_since(session: Session, client: Client, went_out: datetime) -> bool:
    """Whether a flow's question reached the client after the broadcast did: it takes the
    reply. One not sent yet has not been read, so it does not."""
    question = engine.active(session, client)
    if question is None:
        return False
    key = f"conversation:{question.id}:ask:{int(question.state.get('asked', 0))}"
    asked_at = session.scalar(_ASKED_AT, {"key": key})
    return asked_at is not None and asked_at > went_out


def rsvp_reply(
    session: Session, settings: Settings, client: Client, message: Message, now: datetime
) -> bool:
    """Records the client's answer to the event's question, confirms it in their language,
    plans or withdraws the day-before reminder, and tells the organiser of an accommodation
    request; False when the text is no RSVP (a question, or no window open)."""
    answer = replies.read(message.body)
    if answer is None:
        return False
    found = open_window(session, client, now)
    if found is None:
        return False
    recipient, broadcast = found
    before = recipient.rsvp
    _record(session, client, message, recipient, broadcast, answer, now)
    reminder = None
    if answer.rsvp is Rsvp.NO:
        timing.cancel_reminder(session, broadcast, client)
    else:
        reminder = timing.plan_reminder(session, broadcast, client, now)
    if answer.rsvp is Rsvp.YES:
        confirmation = t.CONFIRM_YES if reminder is not None else t.CONFIRM_YES_SOON
    else:
        confirmation = CONFIRMATIONS[answer.rsvp]
    language = supported(client.language)
    words = timing.event_words(broadcast, language, program_name(session, settings, broadcast))
    body = render(confirmation, language, **words)
    if before is not None and before is not answer.rsvp:
        body = render(t.CHANGED, language, question=body)
    outbox.enqueue(
        session,
        phone=client.phone,
        body=to_gsm7(body),  # an accent in the event's name must not double the cost
        key=confirmation.key,
        category=outbox.REPLY,
        client=client,
        in_reply_to=message,
    )
    if answer.rsvp is Rsvp.ACCOMMODATION:
        _accommodation(session, client, message, recipient, broadcast)
    return True


def _record(
    session: Session,
    client: Client,
    message: Message,
    recipient: BroadcastRecipient,
    broadcast: Broadcast,
    answer: replies.Answer,
    now: datetime,
) -> None:
    """Keep the answer on the recipient row (the last counts) and in the case record."""
    before = recipient.rsvp
    if answer.rsvp is Rsvp.ACCOMMODATION:
        need = answer.need.value if answer.need else None
        recipient.accommodation = need or (
            recipient.accommodation if before is answer.rsvp else None
        )
    else:
        recipient.accommodation = None
    recipient.rsvp, recipient.rsvp_at, recipient.rsvp_message_id = answer.rsvp, now, message.id
    event = broadcast.event_name or broadcast.name
    said = case_record.term(t.ANSWERS[answer.rsvp.value])
    if before is None or before is answer.rsvp:
        case_record.note(session, client, t.NOTE_RSVP, message=message, event=event, answer=said)
    else:
        was = case_record.term(t.ANSWERS[before.value])
        case_record.note(
            session,
            client,
            t.NOTE_RSVP_CHANGED,
            message=message,
            event=event,
            answer=said,
            before=was,
        )


def _accommodation(
    session: Session,
    client: Client,
    message: Message,
    recipient: BroadcastRecipient,
    broadcast: Broadcast,
) -> None:
    """A case-record line naming the need, and an escalation of severity "today" held by the
    event's organiser (the client's specialist's chain when there is none): never the client's
    words in either."""
    need = case_record.term(t.NEEDS[recipient.accommodation or ""])
    event = broadcast.event_name or broadcast.name
    case_record.note(session, client, t.NOTE_ACCOMMODATION, message=message, event=event, need=need)
    organiser = session.get(Staff, broadcast.organiser_id) if broadcast.organiser_id else None
    alerts.need_person(
        session, client, Reason.ACCOMMODATION, Severity.TODAY, message, holder=organiser
    )
