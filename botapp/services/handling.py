"""Acting on a received text: a staff phone's is a command; a client's or a stranger's, crisis
language first, then consent keywords, then the open question, else a person (always a person
while the client's automated flows are paused).

The inbound worker calls `handle` in the transaction that marks the row processed, so a text
is acted on once (docs/decisions/0009-inbound-queue.md). Answers go to the outbox (category
"reply": first in the queue, exempt from quiet hours) in the same transaction.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.crisis import CrisisKind, crisis_kind
from botapp.db import utcnow
from botapp.delivery import email, outbox
from botapp.delivery.program import Program, program_of
from botapp.flows import engine, schedule
from botapp.keywords import Keyword, KeywordKind, classify
from botapp.messages import Msg, notes, render
from botapp.messages import sms as texts
from botapp.messages import staff as staff_texts
from botapp.messages.formatting import clock, day
from botapp.models import Agency, Client, ConsentKind, Message, Reason, Severity, Staff
from botapp.models.consent import ALL_SCOPES
from botapp.phone import mask
from botapp.services import alerts, case_record, consent, staff_phones
from botapp.services.access import staff_by_phone

log = logging.getLogger(__name__)

# Twilio Advanced Opt-Out tells us what it already did (and answered) with OptOutType.
ADVANCED_OPT_OUT = {
    "STOP": KeywordKind.OPT_OUT,
    "START": KeywordKind.OPT_IN,
    "HELP": KeywordKind.HELP,
}
UNKNOWN_REPLY_EVERY = timedelta(days=30)
INBOX_ACK_EVERY = timedelta(hours=24)
# One clarifying reply to a request that limits texting, not one per text (decision 13).
PARTIAL_REPLY_EVERY = timedelta(hours=24)
# The crisis lines once an hour however many texts follow; every one still alerts (decision 23).
CRISIS_REPLY_EVERY = timedelta(hours=1)
# What a staff phone's text may mean to the carriers besides a command (decision 26).
_CARRIER_CONSENT = (KeywordKind.OPT_OUT, KeywordKind.OPT_IN)
CRISIS_KINDS = {
    CrisisKind.SUICIDE: notes.CRISIS_SUICIDE,
    CrisisKind.SELF_HARM: notes.CRISIS_SELF_HARM,
    CrisisKind.HARM_TO_OTHERS: notes.CRISIS_HARM_TO_OTHERS,
    CrisisKind.ABUSE: notes.CRISIS_ABUSE,
}


class _Reply:
    """Collects the answer to one inbound message and records each text of it."""

    def __init__(
        self,
        session: Session,
        settings: Settings,
        message: Message,
        client: Client | None,
        locale: str | None = None,
    ):
        self.session, self.settings, self.message, self.client = session, settings, message, client
        self.locale = locale  # a staff member's language; None: the client's or the default
        self.bodies: list[str] = []

    @property
    def program(self) -> Program:
        """The program this answer speaks for: the client's agency's (read once per batch)."""
        return program_of(self.session, self.settings, self.client)

    def send(self, msg: Msg, category: outbox.Category = outbox.REPLY, **params: Any) -> None:
        """Answer with `msg` in the client's language (the default one for a stranger, the
        staff member's own for a staff phone)."""
        params.setdefault("phone", self.program.phone)
        sent = outbox.queue_text(
            self.session,
            self.settings,
            msg,
            params,
            phone=self.message.phone,
            client=self.client,
            category=category,
            in_reply_to=self.message,
            locale=self.locale,
        )
        self.bodies.append(sent.body)


def handle(session: Session, settings: Settings, message: Message, opted_out: bool) -> list[str]:
    """Act on a recorded inbound message; return the texts queued in answer.

    `opted_out`: whether the sender's number stood opted out before this text (the worker
    reads it for a whole batch at once, see `inbound_queue`).
    """
    client = message.client
    if client is None:  # only then: a client's text pays no staff lookup
        staff = staff_by_phone(session, message.phone)
        if staff is not None:
            return _from_staff(session, settings, message, staff, opted_out)
    reply = _Reply(session, settings, message, client)
    # Before anything else, and beside a STOP in the same text (decision 23); from a number
    # not on file too (decision 26).
    crisis = crisis_kind(message.body)
    if crisis is not None and client is not None:
        _crisis(reply, client, crisis, opted_out)
    elif crisis is not None:
        _stranger_in_crisis(reply, opted_out)
    keyword, answered_by_twilio = _keyword(settings, message, opted_out)
    if keyword is not None and (client or keyword.kind is not KeywordKind.LANGUAGE):
        _consent_keyword(reply, keyword, opted_out, answered_by_twilio, bool(message.opt_out_type))
    elif crisis is not None:
        pass  # never an answer: the open question stays open, the alert is the record
    elif opted_out:
        case_record.note(session, client, notes.WHILE_OPTED_OUT, message=message)
    elif client is None:
        _unknown_sender(reply)
    elif schedule.is_paused(session, client.id) or not engine.answer(
        session, settings, client, message, utcnow()
    ):
        _to_inbox(reply, client)  # paused: a person answers, not a flow
    log.info(
        "inbound message %s from %s: %s, %d repl%s",
        message.id,
        mask(message.phone),
        keyword.kind if keyword else "crisis" if crisis else "text",
        len(reply.bodies),
        "y" if len(reply.bodies) == 1 else "ies",
    )
    return reply.bodies


def _keyword(settings: Settings, message: Message, opted_out: bool) -> tuple[Keyword | None, bool]:
    """The consent keyword `message` holds, if any, and whether Twilio already answered it."""
    opt_out_type = message.opt_out_type or ""
    if opt_out_type in ADVANCED_OPT_OUT:
        return Keyword(ADVANCED_OPT_OUT[opt_out_type], message.body.strip()[:160]), True
    keyword = classify(message.body, opted_out=opted_out)
    answered = bool(keyword and keyword.twilio_standard and settings.opt_out_handler == "twilio")
    return keyword, answered


def _from_staff(
    session: Session, settings: Settings, message: Message, staff: Staff, opted_out: bool
) -> list[str]:
    """A text from an active staff member's phone: never a client's (no crisis check, flow,
    inbox or unknown-sender answer). Twilio's own STOP and START words are consent for that
    phone, as carriers require; anything else, HELP too, is a command for the features, so
    "@42 please stop texting me" is relayed, not an opt-out (decision 26)."""
    message.sent_by_id = staff.id  # written by staff: never in the unmatched inbox
    keyword, answered_by_twilio = _keyword(settings, message, opted_out)
    carrier = keyword is not None and (keyword.twilio_standard or bool(message.opt_out_type))
    if keyword is not None and carrier and keyword.kind in _CARRIER_CONSENT:
        reply = _Reply(session, settings, message, None, locale=staff.locale)
        _consent_keyword(reply, keyword, opted_out, answered_by_twilio, bool(message.opt_out_type))
        bodies = reply.bodies
    else:
        bodies = staff_phones.staff_text(session, settings, message, staff, opted_out)
    log.info(
        "inbound message %s from staff %s (%s): %s, %d repl%s",
        message.id,
        staff.id,
        mask(message.phone),
        keyword.kind if keyword is not None and carrier else "command",
        len(bodies),
        "y" if len(bodies) == 1 else "ies",
    )
    return bodies


def _consent_keyword(
    reply: _Reply, keyword: Keyword, opted_out: bool, answered_by_twilio: bool, advanced: bool
) -> None:
    """Record a consent keyword and confirm it once, unless Twilio already did.

    A request that limits texting opts nothing out: the specialist gets an alert, the client
    one answer saying how to stop every text.
    """
    if keyword.scope != ALL_SCOPES:
        _notices_keyword(reply, keyword, opted_out)
        return
    session, message, client = reply.session, reply.message, reply.client
    method = "twilio_advanced_opt_out" if advanced else "sms_keyword"
    kind = ConsentKind(keyword.kind.value)
    consent.record(
        session,
        phone=message.phone,
        client=client,
        kind=kind,
        method=method,
        keyword=keyword.matched,
        language=keyword.language,
        message_id=message.id,
    )
    if kind is ConsentKind.OPT_OUT:
        entry = notes.OPT_OUT_BY_TWILIO if answered_by_twilio else notes.OPT_OUT
        case_record.note(session, client, entry, message=message, keyword=keyword.matched)
        if not (opted_out or answered_by_twilio):  # exactly one confirmation
            reply.send(texts.OPT_OUT_CONFIRM, category=outbox.OPT_OUT_CONFIRMATION)
    elif kind is ConsentKind.PARTIAL_OPT_OUT:
        case_record.note(
            session,
            client,
            notes.PARTIAL_OPT_OUT,
            message=message,
            alert=True,
            keyword=keyword.matched,
        )
        alerts.need_person(session, client, Reason.LIMIT_TEXTING, Severity.TODAY, message)
        if not (
            opted_out
            or _recently_sent(session, message.phone, texts.PARTIAL_OPT_OUT, PARTIAL_REPLY_EVERY)
        ):
            reply.send(texts.PARTIAL_OPT_OUT)
    elif kind is ConsentKind.OPT_IN:
        case_record.note(session, client, notes.OPT_IN, message=message, keyword=keyword.matched)
        if not answered_by_twilio:
            reply.send(texts.OPT_IN_CONFIRM)
    elif kind is ConsentKind.HELP:
        case_record.note(session, client, notes.HELP, message=message, keyword=keyword.matched)
        if not (opted_out or answered_by_twilio):
            reply.send(texts.HELP_REPLY)
    elif client is not None and keyword.language:
        client.language = keyword.language
        case_record.note(
            session, client, notes.LANGUAGE, message=message, language=keyword.language
        )
        if not opted_out:
            reply.send(texts.LANGUAGE_CHANGED)


def _notices_keyword(reply: _Reply, keyword: Keyword, opted_out: bool) -> None:
    """Stop or restart event notices alone (STOP JOBS, START JOBS), confirmed in the client's
    language: the first STOP JOBS once, each START JOBS. Not Twilio's words, so botapp's to
    answer whoever handles opt-outs. From a number opted out of everything it is only noted:
    nothing is texted to it, and a START JOBS lifts nothing (decision 13)."""
    session, message, client = reply.session, reply.message, reply.client
    if opted_out:
        case_record.note(
            session, client, notes.NOTICES_WHILE_OPTED_OUT, message=message, keyword=keyword.matched
        )
        if keyword.kind is not KeywordKind.OPT_OUT:
            return  # an opt-in here would let notices through to a number that said STOP
    stopping = keyword.kind is KeywordKind.OPT_OUT
    already_out = stopping and consent.is_opted_out(session, message.phone, keyword.scope)
    consent.record(
        session,
        phone=message.phone,
        client=client,
        kind=ConsentKind(keyword.kind.value),
        method="sms_keyword",
        keyword=keyword.matched,
        message_id=message.id,
        scope=keyword.scope,
    )
    if opted_out:
        return
    entry = notes.NOTICES_OFF if stopping else notes.NOTICES_ON
    case_record.note(session, client, entry, message=message, keyword=keyword.matched)
    if not already_out:  # exactly one confirmation of a STOP JOBS
        reply.send(texts.NOTICES_OFF_CONFIRM if stopping else texts.NOTICES_ON_CONFIRM)


def _crisis(reply: _Reply, client: Client, kind: CrisisKind, opted_out: bool) -> None:
    """Offer the crisis lines at once and flag the record urgent, naming the kind only.

    An opted-out client gets no text: the alert tells staff to call.
    """
    session, message = reply.session, reply.message
    entry = notes.CRISIS_OPTED_OUT if opted_out else notes.CRISIS
    case_record.note(
        session,
        client,
        entry,
        message=message,
        alert=True,
        kind=case_record.term(CRISIS_KINDS[kind]),
    )
    alerts.need_person(session, client, Reason.CRISIS, Severity.URGENT, message)
    if opted_out or _recently_sent(
        session, message.phone, texts.CRISIS_RESOURCES, CRISIS_REPLY_EVERY
    ):
        return
    sent = outbox.enqueue(
        session,
        phone=message.phone,
        body=reply.program.crisis_reply(client.language),
        key=texts.CRISIS_RESOURCES.key,
        category=outbox.CRISIS,
        client=client,
        in_reply_to=message,
    )
    reply.bodies.append(sent.body)


def _stranger_in_crisis(reply: _Reply, opted_out: bool) -> None:
    """Crisis language from a number not on file: the lines in both languages (at most once an
    hour), and every agency's alert email told that a text waits in the unmatched inbox, with
    neither its words nor the whole number. The text stays there: there is no case record to
    write to (decision 26)."""
    session, message = reply.session, reply.message
    answered = not opted_out
    for agency_id, address, timezone in session.execute(_ALERT_EMAILS).tuples():
        _crisis_email(reply, agency_id, address or "", timezone, answered)
    if opted_out or _recently_sent(
        session, message.phone, texts.CRISIS_RESOURCES, CRISIS_REPLY_EVERY
    ):
        return
    both = " / ".join(reply.program.crisis_reply(lang) for lang in ("en", "es"))
    sent = outbox.enqueue(  # a ready text: its reader's language is not known
        session,
        phone=message.phone,
        body=both,
        key=texts.CRISIS_RESOURCES.key,
        category=outbox.CRISIS,
        in_reply_to=message,
    )
    reply.bodies.append(sent.body)


# Which agency a number not on file meant is unknown: every agency with an alert address is
# told (a deployment serves one agency, decision 23, so in practice that one).
_ALERT_EMAILS = (
    select(Agency.id, Agency.alert_email, Agency.timezone)
    .where(Agency.alert_email.is_not(None))
    .order_by(Agency.id)
)


def _crisis_email(
    reply: _Reply, agency_id: int, address: str, timezone: str, answered: bool
) -> None:
    """Tell one agency's alert address of a crisis text from a number not on file (once per
    text and agency)."""
    settings, message = reply.settings, reply.message
    locale, at = settings.default_locale, message.created_at
    body = render(
        staff_texts.CRISIS_UNKNOWN_BODY,
        locale,
        phone=mask(message.phone),
        day=day(at, locale, timezone),
        time=clock(at, locale, timezone),
        answer=render(
            staff_texts.CRISIS_UNKNOWN_ANSWERED
            if answered
            else staff_texts.CRISIS_UNKNOWN_OPTED_OUT,
            locale,
        ),
    )
    email.enqueue(
        reply.session,
        address,
        render(staff_texts.CRISIS_UNKNOWN_SUBJECT, locale),
        body,
        key=f"crisis-unknown-{message.id}-{agency_id}",
    )


# Only outbound texts carry a message key (index ix_messages_phone_key_created).
_SENT_SINCE = (
    select(Message.id)
    .where(
        Message.phone == bindparam("phone"),
        Message.message_key == bindparam("key"),
        Message.created_at >= bindparam("since"),
    )
    .limit(1)
)


def _recently_sent(session: Session, phone: str, msg: Msg, within: timedelta) -> bool:
    """True when `msg` went to `phone` less than `within` ago."""
    found = session.scalars(
        _SENT_SINCE, {"phone": phone, "key": msg.key, "since": utcnow() - within}
    ).first()
    return found is not None


def _unknown_sender(reply: _Reply) -> None:
    """Leave the text in the unmatched inbox; answer once, in both languages, with no details."""
    if _recently_sent(
        reply.session, reply.message.phone, texts.UNKNOWN_SENDER, UNKNOWN_REPLY_EVERY
    ):
        return
    phone = reply.program.phone
    both = " / ".join(render(texts.UNKNOWN_SENDER, lang, phone=phone) for lang in ("en", "es"))
    sent = outbox.enqueue(  # a ready text: its reader's language is not known
        reply.session,
        phone=reply.message.phone,
        body=both,
        key=texts.UNKNOWN_SENDER.key,
        category=outbox.REPLY,
        in_reply_to=reply.message,
    )
    reply.bodies.append(sent.body)


def _to_inbox(reply: _Reply, client: Client) -> None:
    """Put a free text in front of the specialist; tell the client a person will read it."""
    case_record.note(reply.session, client, notes.INBOX, message=reply.message)
    alerts.need_person(reply.session, client, Reason.ROUTINE_INBOX, Severity.ROUTINE, reply.message)
    if not _recently_sent(reply.session, client.phone, texts.INBOX_ACK, INBOX_ACK_EVERY):
        reply.send(texts.INBOX_ACK, first_name=client.first_name)
