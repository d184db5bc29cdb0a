"""The mailer: claims due emails, sends each over its transport, records what happened.

Each round is short transactions around the network calls: put back emails whose sender
died and claim a batch, send each email, record each outcome. An email is sent at least once,
every attempt with the same Message-ID; SMTP cannot be asked whether an earlier attempt
arrived (docs/decisions/0025-email-outbox.md).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from botapp.db import utcnow
from botapp.delivery import email
from botapp.models import Email, EmailStatus
from botapp.transport.smtp import EmailError, EmailTransport, OutboundEmail, mask_address
from botapp.workers.rounds import run_rounds

log = logging.getLogger(__name__)
# The demo's From address when ALERT_EMAIL_FROM is not set (the console prints it only).
DEMO_SENDER = "botapp@localhost"


class Mailer:
    """Sends the email outbox through one transport, one email at a time."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        transport: EmailTransport,
        sender: str,
        *,
        batch: int = 10,
        stale_after: timedelta = timedelta(minutes=5),
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions, self.transport, self.sender = sessions, transport, sender or DEMO_SENDER
        self.batch, self.stale_after, self.clock = batch, stale_after, clock
        self.token = secrets.token_hex(8)

    def run_once(self) -> int:
        """Put back stale claims, then claim, send and record one batch; emails handled."""
        now = self.clock()
        with self.sessions.begin() as session:  # one transaction: on SQLite, one write lock
            requeued = email.requeue_stale(session, now, now - self.stale_after)
            claimed = email.claim(session, self.token, now, self.batch)
        for email_id in claimed:
            self._send(email_id)
        return requeued + len(claimed)

    def run(self, stop: threading.Event, idle: float = 1.0) -> None:
        """Send until `stop` is set, sleeping `idle` seconds whenever nothing is due."""
        log.info("mailer %s started (%s transport)", self.token, self.transport.name)
        run_rounds(self.run_once, stop, idle, log, "mailer")

    def _send(self, email_id: int) -> None:
        """Send one claimed email and record the outcome (on our claim only: a sender that was
        taken over changes nothing)."""
        with self.sessions() as session:
            row = session.get_one(Email, email_id)
            outbound = OutboundEmail(
                sender=self.sender,
                to=row.recipient,
                subject=row.subject,
                body=row.body,
                message_id=row.message_id
                or email.message_id(row.id, row.idempotency_key, self.sender),
            )
            attempts = row.attempts
        try:
            self.transport.send(outbound)
        except EmailError as error:
            self._record(email_id, outbound.message_id, self._after(error, attempts))
            log.warning(
                "email %s to %s failed: %s (attempt %s)",
                email_id,
                mask_address(outbound.to),
                error.code,
                attempts,
            )
            return
        now = self.clock()
        done = {"status": EmailStatus.SENT, "sent_at": now, "error_code": None}
        self._record(email_id, outbound.message_id, done)
        log.info("email %s to %s sent", email_id, mask_address(outbound.to))

    def _after(self, error: EmailError, attempts: int) -> dict[str, Any]:
        """What a failed attempt leaves: a retry after backoff, or the end."""
        if error.transient and attempts < email.MAX_ATTEMPTS:
            retry = self.clock() + email.retry_after(attempts)
            return {
                "status": EmailStatus.PENDING,
                "error_code": error.code,
                "next_attempt_at": retry,
            }
        return {"status": EmailStatus.FAILED, "error_code": error.code}

    def _record(self, email_id: int, message_id: str, values: dict[str, Any]) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(Email)
                .where(Email.id == email_id, Email.claim_token == self.token)
                .values(message_id=message_id, claim_token=None, **values)
                .execution_options(synchronize_session=False)
            )
