"""A transport that prints texts: the demo's phone screen when there is no Twilio account."""

from __future__ import annotations

import sys
import threading
import uuid
from datetime import datetime
from typing import TextIO

from botapp.models import MessageStatus
from botapp.phone import mask
from botapp.transport.base import OutboundSms, SendResult


class ConsoleTransport:
    """Print each text as `[sms to +*******0142] body` and pretend it was sent."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        # Resolved at call time, not as a default argument, so pytest's capsys (which
        # swaps sys.stdout) sees the output.
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, sms: OutboundSms) -> SendResult:
        """Print `sms` and return a console SID with status "sent"."""
        stream = self._stream or sys.stdout
        # One lock so lines from concurrent senders do not interleave.
        with self._lock:
            stream.write(f"[sms to {mask(sms.to)}] {sms.body}\n")
            stream.flush()
        return SendResult(sid="SMconsole" + uuid.uuid4().hex, status=MessageStatus.SENT)

    def find_sent(self, to: str, body: str, since: datetime) -> list[SendResult]:
        """The console keeps no record: a text cut off mid-print is printed again."""
        return []

    def close(self) -> None:
        """Nothing to release; here so every transport can be closed the same way."""
