"""The dispatcher: claims due outbox rows, sends them, records what happened.

Each round is three short transactions around the network calls: claim a batch; check
consent, validity and quiet hours for the whole batch just before sending; send the texts
(paced per sender), different phones concurrently and each phone's texts one after another
in the order they were written; then record every outcome at once. Delivery guarantee
(docs/decisions/0005-delivery-guarantee.md): a text whose send failed, or whose dispatcher
died, is sent again only after asking the transport whether Twilio already accepted it.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from botapp.config import Settings
from botapp.db import utcnow
from botapp.delivery import failures
from botapp.delivery.claims import Claimed, claim, release, take_over_stale
from botapp.delivery.outbox import CATEGORIES
from botapp.delivery.quiet_hours import QuietHours, is_quiet, next_allowed
from botapp.delivery.status import FAILED, Move, advance, advance_many, requeue
from botapp.models import Agency, Client, Message, MessageStatus, Office
from botapp.phone import mask
from botapp.services import consent
from botapp.transport.base import OutboundSms, SendError, SendResult, Transport
from botapp.workers.pacing import Pacer
from botapp.workers.rounds import run_rounds

log = logging.getLogger(__name__)
# How long a paced round should last: the claim is sized to this many seconds of segments at
# the sender's pace, so a reply written just after a claim waits about this long behind it
# (a broadcast's two-segment texts at 50 a batch were two seconds; docs/decisions/0004-outbox.md).
ROUND_SECONDS = 0.5
# Message id, phone, what happened: accepted, refused, or None when it was not tried because
# an earlier text of its phone failed.
Outcome = tuple[int, str, SendResult | SendError | None]


@dataclass(frozen=True)
class _Ready:
    """A checked text about to be sent; `since` is set when its last send failed in a way
    that may hide an acceptance (a timeout, a 5xx), so Twilio is asked before sending again."""

    id: int
    sms: OutboundSms
    segments: int
    since: datetime | None
    at: datetime | None = None  # its slot at the sender's pace


class Dispatcher:
    """Sends the outbox through one transport, paced per sender."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        transport: Transport,
        pacer: Pacer | None = None,
        *,
        batch: int = 50,
        threads: int = 8,
        stale_after: timedelta = timedelta(seconds=60),
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.sessions, self.settings, self.transport, self.pacer = (
            sessions,
            settings,
            transport,
            pacer,
        )
        # A paced sender gets small batches, so that consent is checked just before sending
        # and a reply is never far behind a round (see `claim_size`).
        self.batch = batch
        self.mps = pacer.mps if pacer is not None and pacer.mps > 0 else 0.0
        self.segments_per_text = 1.0  # of the last round's texts: what a claim will cost
        self.stale_after, self.clock = stale_after, clock
        self.rng = rng or random.Random()
        self.token = secrets.token_hex(8)
        self.callback_url = settings.public_base_url + "/sms/status"
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="send")

    def run_once(self) -> int:
        """Recover stale claims, then claim, check, send and record one batch; rows handled."""
        handled = self.recover()
        with self.sessions.begin() as session:
            claimed = claim(session, self.token, self.clock(), self.claim_size())
        if not claimed:
            return handled
        with self.sessions.begin() as session:
            ready = self._checked(session, claimed)
        if ready:
            self.segments_per_text = sum(item.segments for item in ready) / len(ready)
        if ready and self.pacer is not None:  # the round's slots, in claim order, at once
            slots = self.pacer.reserve_each([item.segments for item in ready])
            ready = [replace(item, at=at) for item, at in zip(ready, slots, strict=True)]
        # Past half of stale_after another dispatcher may soon take these claims over, so the
        # rest of a chain is given back rather than sent late (a chain of timeouts, a queue).
        deadline = time.monotonic() + self.stale_after.total_seconds() / 2
        chains: dict[str, list[_Ready]] = {}  # the claim lists each phone's texts in order
        for item in ready:
            chains.setdefault(item.sms.to, []).append(item)
        sent = self.pool.map(lambda chain: self._send_chain(chain, deadline), chains.values())
        outcomes = [o for chain_outcomes in sent for o in chain_outcomes]
        with self.sessions.begin() as session:
            self._settle(session, outcomes, {item.id: item.since for item in ready})
        return handled + len(claimed)

    def claim_size(self) -> int:
        """Texts to claim this round: `batch`, or for a paced sender at most ROUND_SECONDS of
        segments at its pace, reckoned at the last round's segments per text."""
        if not self.mps:
            return self.batch
        return max(1, min(self.batch, int(self.mps * ROUND_SECONDS / self.segments_per_text)))

    def run(self, stop: threading.Event, idle: float = 0.5) -> None:
        """Send until `stop` is set, sleeping `idle` seconds whenever the outbox is empty."""
        log.info("dispatcher %s started (%s transport)", self.token, self.transport.name)
        run_rounds(self.run_once, stop, idle, log, "dispatcher")

    def close(self) -> None:
        """Stop the send threads and release the transport's connections."""
        self.pool.shutdown(wait=True)
        self.transport.close()

    def _checked(self, session: Session, claimed: list[Claimed]) -> list[_Ready]:
        """The claimed texts that may go now; the others are expired, canceled or deferred."""
        ids = [c.id for c in claimed]
        failed_attempt = {c.id: c.failed_attempt for c in claimed}
        found = {r.id: r for r in session.execute(_CHECK.where(Message.id.in_(ids)))}
        rows = [found[i] for i in ids if found[i].claim_token == self.token]
        now, ready = self.clock(), []
        held: dict[int, MessageStatus | datetime] = {}  # a status in _HELD, or when to try again
        for r in rows:
            category = CATEGORIES[r.category or "reply"]
            hours = QuietHours(r.quiet_start, r.quiet_end) if r.timezone else None
            if r.expires_at is not None and now > r.expires_at:
                held[r.id] = MessageStatus.EXPIRED
            elif not category.consent_exempt and r.opted_out:
                held[r.id] = MessageStatus.CANCELED
            elif not category.quiet_exempt and hours and is_quiet(now, r.timezone, hours):
                held[r.id] = next_allowed(now, r.timezone, hours)
            else:
                sms = OutboundSms(
                    to=r.phone,
                    body=r.body,
                    status_callback=self.callback_url,
                    idempotency_key=f"message-{r.id}",
                )
                ready.append(_Ready(r.id, sms, r.segments or 1, failed_attempt[r.id]))
        if ready:  # the staleness clock restarts at the send
            session.execute(
                update(Message)
                .where(Message.id.in_([i.id for i in ready]), Message.claim_token == self.token)
                .values(claimed_at=now)
                .execution_options(synchronize_session=False)
            )
        if held:
            _hold(session, held)
        return ready

    def _send_chain(self, chain: list[_Ready], deadline: float) -> list[Outcome]:
        """Send one phone's texts in order until one fails or `deadline` (monotonic) passes
        (runs on a send thread)."""
        outcomes: list[Outcome] = []
        for item in chain:
            failed = outcomes and not isinstance(outcomes[-1][2], SendResult)
            if failed or time.monotonic() > deadline:
                outcomes.append((item.id, item.sms.to, None))  # tried in a later round
                continue
            try:
                outcomes.append((item.id, item.sms.to, self._send(item)))
            except SendError as error:
                outcomes.append((item.id, item.sms.to, error))
        return outcomes

    def _send(self, item: _Ready) -> SendResult:
        """Send one text, unless Twilio already has it from an earlier attempt."""
        if item.since is not None:
            with self.sessions() as session:
                found = self._already_accepted(session, item.sms.to, item.sms.body, item.since)
            if found is not None:
                log.info("message %s to %s was already accepted", item.id, mask(item.sms.to))
                return found
        if self.pacer is not None and item.at is not None:
            self.pacer.wait_until(item.at)
        return self.transport.send(item.sms)

    def _settle(
        self, session: Session, outcomes: list[Outcome], since: dict[int, datetime | None]
    ) -> None:
        """Record each send's SID, act on its error, give back the texts not tried (each with
        `since`, when its last attempt failed, kept)."""
        self._record(session, [(i, to, r) for i, to, r in outcomes if isinstance(r, SendResult)])
        release(
            session, self.token, [Claimed(i, to, since[i]) for i, to, r in outcomes if r is None]
        )
        refused = {i: e for i, _, e in outcomes if isinstance(e, SendError)}
        if refused:
            for m in session.scalars(select(Message).where(Message.id.in_(refused))):
                failures.after_send_error(session, m, refused[m.id], self.rng)

    def _record(self, session: Session, sent: list[tuple[int, str, SendResult]]) -> None:
        """Store each SID and Twilio's first status (queued, when that is not forward)."""
        moves = [
            Move(i, (r.status, MessageStatus.QUEUED), {"twilio_sid": r.sid, "claim_token": None})
            for i, _, r in sent
        ]
        advance_many(session, moves)
        for message_id, to, result in sent:
            log.info("message %s to %s sent as %s", message_id, mask(to), result.sid)

    def recover(self) -> int:
        """Settle claims left by a dispatcher that died: adopt a text Twilio has, else requeue."""
        now = self.clock()
        with self.sessions.begin() as session:
            ids = take_over_stale(session, self.token, now, now - self.stale_after)
        for message_id in ids:
            with self.sessions.begin() as session:
                message = session.get_one(Message, message_id)
                found = self._already_accepted(
                    session, message.phone, message.body, message.created_at
                )
                if found is not None:
                    self._record(session, [(message.id, message.phone, found)])
                else:
                    requeue(session, message, now, "dispatcher stopped before sending")
        return len(ids)

    def _already_accepted(
        self, session: Session, phone: str, body: str, since: datetime
    ) -> SendResult | None:
        """The provider's record of this text on its way, ignoring SIDs other rows own.

        An earlier attempt Twilio reports undelivered or failed (30003, retried hours later)
        does not count: it will not reach the phone, so the text is sent again.
        """
        for candidate in self.transport.find_sent(phone, body, since):
            if candidate.status in FAILED:
                continue
            taken = session.scalar(select(Message.id).where(Message.twilio_sid == candidate.sid))
            if taken is None:
                return candidate
        return None


# What the check before sending reads of each claimed text: outbox columns, whether its
# number opted out of texts of its kind, and for a client's text, the client's timezone and
# the agency's quiet hours.
_CHECK = (
    select(
        Message.id,
        Message.claim_token,
        Message.phone,
        Message.body,
        Message.category,
        Message.segments,
        Message.expires_at,
        consent.opted_out_clause(Message.phone, func.coalesce(Message.category, "")).label(
            "opted_out"
        ),
        Client.timezone,
        Agency.quiet_start,
        Agency.quiet_end,
    )
    .outerjoin(Client, Message.client_id == Client.id)
    .outerjoin(Office, Client.office_id == Office.id)
    .outerjoin(Agency, Office.agency_id == Agency.id)
)


# Why a claimed text that may not go now is closed instead.
_HELD = {
    MessageStatus.EXPIRED: "not sent within its validity window",
    MessageStatus.CANCELED: "client opted out before it was sent",
}


def _hold(session: Session, held: dict[int, MessageStatus | datetime]) -> None:
    """Close expired and opted-out texts, and requeue the quiet-hours ones for their morning."""
    for m in session.scalars(select(Message).where(Message.id.in_(held))):
        outcome = held[m.id]
        if isinstance(outcome, datetime):
            requeue(session, m, outcome, "quiet hours")
        else:
            advance(session, m, outcome, detail=_HELD[outcome])
