"""Send texts through Twilio's Messages API with the real twilio client."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from botapp.config import Settings
from botapp.phone import mask
from botapp.transport.base import OutboundSms, SendError, SendResult

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
# Client() falls back to os.environ when `environment` is empty ({} is falsy), and would
# then pick up TWILIO_EDGE / TWILIO_REGION; blank values keep the settings authoritative.
_NO_ENVIRONMENT = {"TWILIO_EDGE": "", "TWILIO_REGION": ""}


class _HttpClient(TwilioHttpClient):  # type: ignore[misc]
    """TwilioHttpClient that can point at another base URL and remembers response headers."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout, logger=log)
        self._base = urlsplit(base_url) if base_url else None
        if self._base is not None and self.session is not None:
            # The library sizes only the https pool; a local fake is usually plain http.
            self.session.mount("http://", HTTPAdapter(pool_maxsize=32))
            # A local fake is never behind HTTP(S)_PROXY: skip the lookup
            # (docs/decisions/0004-outbox.md).
            self.session.trust_env = False
        # Per thread, because one transport may serve several sender threads.
        self._local = threading.local()

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        """Send the request the library built, rewriting scheme and host if configured."""
        if self._base is not None:
            parts = urlsplit(url)
            url = urlunsplit((self._base.scheme, self._base.netloc, parts.path, parts.query, ""))
        self._local.headers = {}
        response = super().request(method, url, *args, **kwargs)
        self._local.headers = dict(response.headers or {})
        return response

    def last_headers(self) -> dict[str, str]:
        """Headers of this thread's last response ({} if it never got one)."""
        return dict(getattr(self._local, "headers", {}))

    # The library logs query strings (a To filter is a phone number) at INFO: log less.
    def log_request(self, kwargs: dict[str, Any]) -> None:
        log.debug("twilio %s %s", kwargs["method"], urlsplit(kwargs["url"]).path)

    def log_response(self, status_code: int, response: Any) -> None:
        log.debug("twilio response %s", status_code)


def _retry_after(headers: dict[str, str]) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), or None."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


class TwilioTransport:
    """Send each text as one POST to Messages.json; failures become SendError."""

    name = "twilio"

    def __init__(self, settings: Settings, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._messaging_service_sid = settings.twilio_messaging_service_sid
        self._from_number = settings.twilio_from_number
        self._http = _HttpClient(settings.twilio_api_base_url, timeout)
        self._client = Client(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            http_client=self._http,
            environment=_NO_ENVIRONMENT,
        )
        # Resolved once here: the library builds these objects lazily on first use, which
        # made the first texts of every dispatcher slower than the rest (and bunch up).
        self._messages = self._client.api.v2010.account.messages

    def send(self, sms: OutboundSms) -> SendResult:
        """POST one message; return its SID and Twilio's initial status."""
        sender: dict[str, str] = (
            {"messaging_service_sid": self._messaging_service_sid}
            if self._messaging_service_sid
            else {"from_": self._from_number}
        )
        try:
            message = self._messages.create(
                to=sms.to, body=sms.body, status_callback=sms.status_callback, **sender
            )
        except requests.Timeout:
            error = SendError("timeout")
        except requests.ConnectionError:
            error = SendError("connection error")
        except (TwilioException, requests.RequestException, ValueError) as exc:
            error = self._error_from(exc)
        else:
            # The dispatcher logs the text's id with its SID at INFO; once per text is enough.
            log.debug("sms to %s accepted: %s %s", mask(sms.to), message.sid, message.status)
            return SendResult(sid=str(message.sid), status=str(message.status))
        log.warning("sms to %s failed: %r", mask(sms.to), error)
        raise error

    def find_sent(self, to: str, body: str, since: datetime) -> list[SendResult]:
        """Messages with `body` Twilio accepted for `to` since `since` (crash recovery)."""
        # DateSent filters by day; the exact instant and the body are matched here.
        try:
            recent = self._messages.list(to=to, date_sent_after=since, limit=50)
        except (TwilioException, requests.RequestException) as exc:
            raise SendError(f"could not list messages ({type(exc).__name__})") from None
        slack = since - timedelta(seconds=5)
        return [
            SendResult(sid=str(m.sid), status=str(m.status))
            for m in recent
            if m.body == body and (m.date_created is None or m.date_created >= slack)
        ]

    def _error_from(self, exc: Exception) -> SendError:
        """SendError for an error reply (or an unparseable one) without its text."""
        # Duck-typed: TwilioRestException and the newer RFC 9457 TwilioServiceException both
        # carry status and code, and the latter does not exist in every twilio 9.x.
        status, code = getattr(exc, "status", None), getattr(exc, "code", None)
        if not isinstance(status, int):
            return SendError(f"unexpected reply from twilio ({type(exc).__name__})")
        # exc.msg can quote the number back ("The 'To' number +1... is not valid"): drop it.
        return SendError(
            f"twilio rejected the message (HTTP {status}, code {code})",
            # The library fills in the HTTP status when the reply has no Twilio code.
            code=code if isinstance(code, int) and code != status else None,
            http_status=status,
            retry_after=_retry_after(self._http.last_headers()),
        )

    def close(self) -> None:
        """Close pooled connections (open sockets would otherwise outlive the transport)."""
        if self._http.session is not None:
            self._http.session.close()
