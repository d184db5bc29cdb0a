"""A real SMTP server in the test process (aiosmtpd, on a free local port): it keeps what it
accepts and answers with the replies a story scripts, so the mailer is tested over the wire."""

from __future__ import annotations

import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support import free_port


class SmtpServer:
    """The server: `received` lists the emails it accepted; `refuse` queues replies to give
    instead of accepting ("451 4.3.0 try later"), one per email, in order."""

    def __init__(
        self,
        *,
        tls: ssl.SSLContext | None = None,
        login: tuple[str, str] | None = None,
    ) -> None:
        self.received: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.replies: list[str] = []
        self.login = login
        self.running = False
        self.port = free_port()
        self._controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            tls_context=tls,
            require_starttls=tls is not None,
            authenticator=self._authenticate if login else None,
            auth_require_tls=tls is not None,
        )

    def url(self, scheme: str = "smtp", query: str = "") -> str:
        """SMTP_URL for this server."""
        user = f"{self.login[0]}:{self.login[1]}@" if self.login else ""
        return f"{scheme}://{user}127.0.0.1:{self.port}{query}"

    def refuse(self, *replies: str) -> None:
        """Answer the next emails' DATA with these replies instead of accepting them."""
        self.replies.extend(replies)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Accept the email, or give the next scripted reply."""
        if self.replies:
            return self.replies.pop(0)
        content = envelope.content
        assert isinstance(content, bytes)
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        return "250 OK"

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and self.login == (
            data.login.decode(),
            data.password.decode(),
        )
        return AuthResult(success=ok)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        """Stop answering: the port refuses connections (a server that is down)."""
        if self.running:
            self._controller.stop()
            self.running = False

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()
