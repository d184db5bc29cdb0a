"""The transport protocol: one outbound text in, Twilio's SID and initial status out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from botapp.config import Settings


@dataclass(frozen=True)
class OutboundSms:
    """One text to send; `to` is E.164."""

    to: str
    body: str
    status_callback: str | None = None
    # Ours, not Twilio's: the REST API has no idempotency header for Messages, so callers
    # use it to find a message that may have been accepted before a timeout.
    idempotency_key: str | None = None


@dataclass(frozen=True)
class SendResult:
    """What the provider answered: the message SID and its initial status."""

    sid: str
    status: str


class SendError(Exception):
    """A send that failed; the message never holds a phone number or a message body."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return (
            f"SendError({self.message!r}, code={self.code}, http_status={self.http_status}, "
            f"retry_after={self.retry_after})"
        )


class Transport(Protocol):
    """Something that sends one text and returns the provider's SID, or raises SendError."""

    name: str

    def send(self, sms: OutboundSms) -> SendResult:
        """Send `sms` once (no retries: retry policy belongs to the caller)."""
        ...

    def find_sent(self, to: str, body: str, since: datetime) -> list[SendResult]:
        """Texts with this body accepted for `to` since `since`, as far as the provider can tell."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def build_transport(settings: Settings, timeout: float | None = None) -> Transport:
    """The transport `settings.sms_transport` names (`timeout`: seconds to wait for Twilio)."""
    # Imported here so that the console demo never imports the twilio package.
    if settings.sms_transport == "console":
        from botapp.transport.console import ConsoleTransport

        return ConsoleTransport()
    if settings.sms_transport == "twilio":
        from botapp.transport.twilio import TwilioTransport

        return TwilioTransport(settings) if timeout is None else TwilioTransport(settings, timeout)
    raise ValueError(f"unknown SMS transport {settings.sms_transport!r}")
