"""The dispatcher: claims due outbox rows, sends them, records what happened.

Each round is three short transactions around the network calls: claim a batch; check
consent, validity and quiet hours for the whole batch just before sending; send the texts
concurrently (paced per sender); then record every outcome at once. Delivery guarantee
(docs/decisions/0005-delivery-guarantee.md): a claim older than `stale_after` is taken over
only after asking the transport whether Twilio already accepted that text.
"""

from __future__ import annotations

import logging
import random
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from botapp.config import Settings
from botapp.db import utcnow
from botapp.delivery import failures
from botapp.delivery.claims import claim, take_over_stale
from botapp.delivery.outbox import CATEGORIES
from botapp.delivery.pacing import Pacer
from botapp.delivery.quiet_hours import QuietHours, is_quiet, next_allowed
from botapp.delivery.status import advance, requeue
from botapp.models import Agency, Client, Message, Office
from botapp.phone import mask
from botapp.services import consent
from botapp.transport.base import OutboundSms, SendError, SendResult, Transport

log = logging.getLogger(__name__)
Outcome = tuple[int, SendResult | SendError]


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
        # A paced sender gets small batches, so that consent is checked just before sending.
        paced = pacer is not None and pacer.mps > 0
        self.batch = max(1, min(batch, int(pacer.mps * 2))) if paced and pacer else batch
        self.stale_after, self.clock = stale_after, clock
        self.rng = rng or random.Random()
        self.token = secrets.token_hex(8)
        self.callback_url = settings.public_base_url + "/sms/status"
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="send")

    def run_once(self) -> int:
        """Recover stale claims, then claim, check, send and record one batch; rows handled."""
        handled = self.recover()
        with self.sessions.begin() as session:
            ids = claim(session, self.token, self.clock(), self.batch)
        if not ids:
            return handled
        with self.sessions.begin() as session:
            ready = self._checked(session, ids)
        outcomes = list(self.pool.map(self._send, ready))
        with self.sessions.begin() as session:
            self._settle(session, outcomes)
        return handled + len(ids)

    def run(self, stop: threading.Event, idle: float = 0.5) -> None:
        """Send until `stop` is set, sleeping `idle` seconds whenever the outbox is empty."""
        log.info("dispatcher %s started (%s transport)", self.token, self.transport.name)
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # noqa: BLE001 - a dispatcher outlives one bad round
                log.exception("dispatcher round failed; claims will be recovered")
                busy = 0
            if not busy:
                stop.wait(idle)

    def close(self) -> None:
        """Stop the send threads and release the transport's connections."""
        self.pool.shutdown(wait=True)
        self.transport.close()

    def _checked(self, session: Session, ids: list[int]) -> list[tuple[int, OutboundSms, int]]:
        """The claimed texts that may go now; the others are expired, canceled or deferred."""
        rows = {m.id: m for m in session.scalars(select(Message).where(Message.id.in_(ids)))}
        messages = [rows[i] for i in ids if rows[i].claim_token == self.token]
        clients = {
            c.id: c
            for c in session.scalars(
                select(Client).where(Client.id.in_({m.client_id for m in messages if m.client_id}))
            )
        }
        stopped = consent.opted_out(session, {(m.phone, m.category or "") for m in messages})
        hours = _quiet_hours(session, {c.office_id for c in clients.values()})
        now, ready = self.clock(), []
        for m in messages:
            category = CATEGORIES[m.category or "reply"]
            client = clients.get(m.client_id or 0)
            if m.expires_at is not None and now > m.expires_at:
                advance(session, m, "expired", detail="not sent within its validity window")
            elif not category.consent_exempt and (m.phone, m.category or "") in stopped:
                advance(session, m, "canceled", detail="client opted out before it was sent")
            elif (
                not category.quiet_exempt
                and client
                and is_quiet(now, client.timezone, hours[client.office_id])
            ):
                wake = next_allowed(now, client.timezone, hours[client.office_id])
                requeue(session, m, wake, "quiet hours")
            else:
                m.claimed_at = now  # the staleness clock restarts at the send
                sms = OutboundSms(
                    to=m.phone,
                    body=m.body,
                    status_callback=self.callback_url,
                    idempotency_key=f"message-{m.id}",
                )
                ready.append((m.id, sms, m.segments or 1))
        return ready

    def _send(self, item: tuple[int, OutboundSms, int]) -> Outcome:
        """Wait for the sender's slot, then send one text (runs on a send thread)."""
        message_id, sms, segments = item
        if self.pacer is not None:
            self.pacer.wait(segments)
        try:
            return message_id, self.transport.send(sms)
        except SendError as error:
            return message_id, error

    def _settle(self, session: Session, outcomes: list[Outcome]) -> None:
        """Record each send's SID, or act on its error."""
        ids = [message_id for message_id, _ in outcomes]
        rows = {m.id: m for m in session.scalars(select(Message).where(Message.id.in_(ids)))}
        for message_id, outcome in outcomes:
            if isinstance(outcome, SendError):
                failures.after_send_error(session, rows[message_id], outcome, self.rng)
            else:
                self._record(session, rows[message_id], outcome)

    def _record(self, session: Session, message: Message, result: SendResult) -> None:
        """Store the SID and Twilio's first status."""
        message.twilio_sid = result.sid
        message.claim_token = None
        if not advance(session, message, result.status):
            advance(session, message, "queued")
        log.info("message %s to %s sent as %s", message.id, mask(message.phone), result.sid)

    def recover(self) -> int:
        """Settle claims left by a dispatcher that died: adopt a text Twilio has, else requeue."""
        now = self.clock()
        with self.sessions.begin() as session:
            ids = take_over_stale(session, self.token, now, now - self.stale_after)
        for message_id in ids:
            with self.sessions.begin() as session:
                message = session.get_one(Message, message_id)
                found = self._already_accepted(session, message)
                if found is not None:
                    self._record(session, message, found)
                else:
                    requeue(session, message, now, "dispatcher stopped before sending")
        return len(ids)

    def _already_accepted(self, session: Session, message: Message) -> SendResult | None:
        """The provider's record of this text, ignoring SIDs that belong to other rows."""
        for candidate in self.transport.find_sent(message.phone, message.body, message.created_at):
            taken = session.scalar(select(Message.id).where(Message.twilio_sid == candidate.sid))
            if taken is None:
                return candidate
        return None


def _quiet_hours(session: Session, office_ids: set[int]) -> dict[int, QuietHours]:
    """Each office's quiet hours (its agency's)."""
    rows = session.execute(
        select(Office.id, Agency.quiet_start, Agency.quiet_end)
        .join(Agency, Office.agency_id == Agency.id)
        .where(Office.id.in_(office_ids))
    ).all()
    return {r.id: QuietHours(r.quiet_start, r.quiet_end) for r in rows}
