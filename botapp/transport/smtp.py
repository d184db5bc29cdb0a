"""Email transports: SMTP (SMTP_URL) and the console, which prints emails for the demo.

Like the SMS transports they send once and never retry: the email outbox's sender decides
(botapp/workers/mailer.py, docs/decisions/0025-email-outbox.md).
"""

from __future__ import annotations

import smtplib
import ssl
import sys
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol, TextIO

from botapp.config import Settings, SmtpSettings, smtp_settings

# Replies of these codes say the login or the server's set-up is wrong, not the email: they are
# retried, so that emails wait for the fix instead of failing one by one.
_SET_UP = {530, 534, 535, 538}


@dataclass(frozen=True)
class OutboundEmail:
    """One plain-text email; `message_id` is the same at every attempt."""

    sender: str
    to: str
    subject: str
    body: str
    message_id: str


class EmailError(Exception):
    """A send that failed; `code` names why ("smtp-451", "timeout"), never an address or body."""

    def __init__(self, code: str, *, transient: bool) -> None:
        super().__init__(code)
        self.code = code
        self.transient = transient


class EmailTransport(Protocol):
    """Something that hands one email over, or raises EmailError."""

    name: str

    def send(self, email: OutboundEmail) -> None:
        """Send `email` once."""
        ...


def mask_address(address: str) -> str:
    """Keep the first letter and the domain: "james.carter@agency.org" -> "j***@agency.org"."""
    local, at, domain = address.partition("@")
    return f"{local[:1]}***{at}{domain}" if at else "***"


def compose(email: OutboundEmail) -> EmailMessage:
    """The email as it goes on the wire, headers and text."""
    message = EmailMessage()
    message["From"] = email.sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Message-ID"] = email.message_id
    message.set_content(email.body)
    return message


class SmtpTransport:
    """Send each email over a new SMTP connection (alerts are few; no connection to keep)."""

    name = "smtp"

    def __init__(self, smtp: SmtpSettings, timeout: float = 30.0) -> None:
        self.smtp, self.timeout = smtp, timeout
        # Certificates are checked against the system's trust store.
        self.tls = ssl.create_default_context()

    def send(self, email: OutboundEmail) -> None:
        """Hand `email` to the server; raises EmailError, transient for 4xx, timeouts and
        lost connections, permanent for other 5xx replies."""
        try:
            server = self._connect()
            try:
                if self.smtp.starttls:
                    server.starttls(context=self.tls)
                if self.smtp.user:
                    server.login(self.smtp.user, self.smtp.password)
                server.send_message(compose(email))
            finally:
                _hang_up(server)
        except smtplib.SMTPRecipientsRefused as refused:
            code = next(iter(refused.recipients.values()))[0]
            raise _reply_error(code) from None
        except smtplib.SMTPResponseException as reply:
            raise _reply_error(reply.smtp_code) from None
        except TimeoutError:
            raise EmailError("timeout", transient=True) from None
        except ssl.SSLError:
            raise EmailError("tls", transient=True) from None
        except smtplib.SMTPNotSupportedError:  # no STARTTLS, or no login before TLS
            raise EmailError("smtp-unsupported", transient=True) from None
        except (smtplib.SMTPException, OSError):
            raise EmailError("connection", transient=True) from None

    def _connect(self) -> smtplib.SMTP:
        host, port = self.smtp.host, self.smtp.port
        if self.smtp.implicit_tls:
            return smtplib.SMTP_SSL(host, port, timeout=self.timeout, context=self.tls)
        return smtplib.SMTP(host, port, timeout=self.timeout)


def _hang_up(server: smtplib.SMTP) -> None:
    """Say QUIT, ignoring its failure: once the server accepted the email, an error here must
    not make it look unsent (and be sent again)."""
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def _reply_error(code: int) -> EmailError:
    """A server's refusal: 4xx (and a wrong login) are retried, other replies are final."""
    return EmailError(f"smtp-{code}", transient=code < 500 or code in _SET_UP)


class ConsoleEmailTransport:
    """Print each email (recipient masked) and pretend it was sent: the demo's mailbox."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        # Resolved at call time, so that pytest's capsys sees the output.
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, email: OutboundEmail) -> None:
        """Print `email`'s subject and text."""
        stream = self._stream or sys.stdout
        with self._lock:
            stream.write(f"[email to {mask_address(email.to)}] {email.subject}\n{email.body}\n")
            stream.flush()


def build_email_transport(settings: Settings) -> EmailTransport | None:
    """SMTP when SMTP_URL is set; the console in development; else None: emails wait in the
    outbox until SMTP_URL is set, rather than be printed into a production log."""
    if settings.smtp_url:
        return SmtpTransport(smtp_settings(settings.smtp_url))
    return ConsoleEmailTransport() if settings.development else None
