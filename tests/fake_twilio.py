"""A fake of Twilio's Messages API on a real local HTTP server, for tests and benchmarks.

Run standalone with `python tests/fake_twilio.py --port 8765`; it serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import base64
import heapq
import json
import math
import random
import re
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs, urlencode, urlsplit

from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "fake-auth-token"
API = "/2010-04-01/Accounts/{}"
_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Messages(?:/(SM\w+))?\.json$")
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXT = set("^{}\\[~]|€\f")
# Twilio's wording for the codes tests script most; anything else gets a generic message.
_MESSAGES_BY_CODE = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    21211: "Invalid 'To' Phone Number",
    21408: "Permission to send an SMS has not been enabled for the region",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21611: "This 'From' number has exceeded the maximum number of queued messages",
    21617: "The concatenated message body exceeds the 1600 character limit.",
}
_DEFAULT_CODE = {401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20500}


def num_segments(body: str) -> int:
    """Segments Twilio would bill for `body` (GSM-7 160/153, else UCS-2 70/67)."""
    if set(body) <= _GSM7 | _GSM7_EXT:
        units, single, multi = len(body) + sum(c in _GSM7_EXT for c in body), 160, 153
    else:
        units, single, multi = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else math.ceil(units / multi)


# Faults after accepting --------------------------------------------------------------------
# Twilio has recorded the message, but the client is told it failed or hears nothing: the
# ambiguous failures after which a resend is a duplicate unless the sender asks first.

AFTER_ACCEPT_FAULTS = ("500", "429", "timeout")


class _FaultsAfterAccept:
    """Answer accepted sends with 500, 429, or silence until the client gives up (a timeout)."""

    # How long a "timeout" keeps the request unanswered; set it above the client's timeout.
    hang_seconds = 2.0

    def fail_after_accept(self, fault: str, *, times: int = 1) -> None:
        """Accept the next `times` sends, then answer them with `fault` (AFTER_ACCEPT_FAULTS)."""
        assert fault in AFTER_ACCEPT_FAULTS, fault
        with self._fault_lock():
            self._planned_faults().extend([fault] * times)

    def fail_after_accept_randomly(
        self,
        rate: float,
        *,
        seed: int | None = None,
        hang: float | None = None,
        per_text: int | None = None,
    ) -> None:
        """From now on accept every send, then answer a `rate` share of them with a fault
        (at most `per_text` times for one text: transient trouble, not a text never sent)."""
        with self._fault_lock():
            self._fault_rate, self._fault_rng = rate, random.Random(seed)
            self._fault_cap = per_text
            if hang is not None:
                self.hang_seconds = hang

    @property
    def faults_after_accept(self) -> Counter[str]:
        """How many faults of each kind were answered so far."""
        with self._fault_lock():
            return Counter(getattr(self, "_faults_done", Counter()))

    def _fault_lock(self) -> threading.Lock:
        lock: threading.Lock | None = self.__dict__.get("_faults_lock")
        if lock is None:
            lock = self.__dict__.setdefault("_faults_lock", threading.Lock())
        return lock

    def _planned_faults(self) -> deque[str]:
        planned: deque[str] = self.__dict__.setdefault("_faults_planned", deque())
        return planned

    def _next_fault(self, text: str) -> str | None:
        with self._fault_lock():
            planned, rng = self._planned_faults(), getattr(self, "_fault_rng", None)
            per_text: Counter[str] = self.__dict__.setdefault("_faults_per_text", Counter())
            fault = planned.popleft() if planned else None
            cap = getattr(self, "_fault_cap", None)
            if fault is None and rng is not None and rng.random() < self._fault_rate:
                if cap is None or per_text[text] < cap:
                    fault = rng.choice(AFTER_ACCEPT_FAULTS)
            if fault is not None:
                per_text[text] += 1
                self.__dict__.setdefault("_faults_done", Counter())[fault] += 1
            return fault

    def _answered_with_fault(self, handler: BaseHTTPRequestHandler, text: str) -> bool:
        """Answer an accepted send of `text` with the next fault, if one is due; True if so."""
        fault = self._next_fault(text)
        if fault is None:
            return False
        if fault == "timeout":
            stopping: threading.Event = self.__dict__["_stopping"]
            stopping.wait(self.hang_seconds)
            handler.close_connection = True  # hang up without a word
        else:
            cast(_Handler, handler)._error(int(fault), None)
        return True


@dataclass(frozen=True)
class _Script:
    """One scripted reply: an error (status set) and/or a delay before answering."""

    status: int | None = None
    code: int | None = None
    message: str | None = None
    retry_after: float | None = None
    delay: float = 0.0


class FakeTwilio(_FaultsAfterAccept):
    """Twilio's Messages API on 127.0.0.1; records accepted messages, fails on request.

    Codes of 30000 and above are delivery errors: like Twilio, the fake accepts the
    message (201) and records it as "undelivered" with that error_code.
    """

    def __init__(
        self,
        account_sid: str = ACCOUNT_SID,
        auth_token: str = AUTH_TOKEN,
        port: int = 0,
        callbacks_to: str | None = None,
    ) -> None:
        self.account_sid, self.auth_token, self._port = account_sid, auth_token, port
        self._callbacks_to = callbacks_to
        self._callbacks: _Callbacks | None = None
        self._lock = threading.Lock()
        self._messages: list[dict[str, Any]] = []
        self._scripts: dict[str | None, deque[_Script]] = {}
        self._fail_for: dict[str, _Script] = {}
        self._conns: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Where the fake listens, e.g. http://127.0.0.1:8765 (TWILIO_API_BASE_URL)."""
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def messages(self) -> list[dict[str, Any]]:
        """A copy of every accepted message, oldest first."""
        with self._lock:
            return [dict(m) for m in self._messages]

    def env(self) -> dict[str, str]:
        """Environment variables that point botapp at this fake."""
        return {
            "SMS_TRANSPORT": "twilio",
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_API_BASE_URL": self.base_url,
            "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
        }

    def fail_next(
        self,
        code: int | None = None,
        status: int = 400,
        *,
        to: str | None = None,
        message: str | None = None,
        retry_after: float | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` sends (to `to`, or any number) with an error."""
        self._script(_Script(status, code, message, retry_after), to, times)

    def delay_next(self, seconds: float, *, to: str | None = None, times: int = 1) -> None:
        """Accept the next sends but reply only after `seconds` (a slow Twilio)."""
        self._script(_Script(delay=seconds), to, times)

    def fail_for(self, to: str, code: int, status: int = 400, message: str | None = None) -> None:
        """Fail every send to `to` from now on (codes >= 30000 fail on delivery, not here)."""
        with self._lock:
            self._fail_for[to] = _Script(status, code, message)

    def reset(self) -> None:
        """Forget messages and scripted failures."""
        with self._lock:
            self._messages.clear()
            self._scripts.clear()
            self._fail_for.clear()

    def _script(self, script: _Script, to: str | None, times: int) -> None:
        with self._lock:
            self._scripts.setdefault(to, deque()).extend([script] * times)

    def _next_script(self, to: str) -> _Script | None:
        """The scripted reply for this send: per-number queue, then global, then fail_for."""
        with self._lock:
            for key in (to, None):
                if self._scripts.get(key):
                    return self._scripts[key].popleft()
            return self._fail_for.get(to)

    def start(self) -> FakeTwilio:
        """Listen on 127.0.0.1 (a free port unless one was given) in a background thread."""
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", self._port), self)
        # A short poll interval: shutdown() waits up to one interval, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name="fake-twilio"
        )
        self._thread.start()
        if self._callbacks_to:
            self.post_callbacks_to(self._callbacks_to)
        return self

    def post_callbacks_to(
        self,
        url: str,
        sent_after: tuple[float, float] = (0.05, 0.3),
        final_after: tuple[float, float] = (1.0, 3.0),
    ) -> None:
        """From now on, POST each accepted message's status callbacks to `url` (the app's
        address): "sent" `sent_after` s after it was accepted, its final status `final_after`."""
        callbacks = _Callbacks(self.auth_token, url, sent_after, final_after)
        callbacks.start()
        self._callbacks = callbacks

    def stop(self) -> None:
        """Stop serving, drop open connections and join every thread."""
        if self._server is None or self._thread is None:
            return
        self._stopping.set()  # wakes handlers sleeping in delay_next
        self._server.shutdown()
        with self._lock:
            conns = list(self._conns)
        # Keep-alive clients would otherwise hold their handler thread open forever.
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server.server_close()  # joins handler threads (block_on_close)
        self._thread.join()
        if self._callbacks is not None:
            self._callbacks.stop()
            self._callbacks = None
        self._server = self._thread = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Callbacks:
    """Twilio's status callbacks: for each accepted message with a StatusCallback, "sent" soon
    after and then its final status ("delivered", or "undelivered" with its error code), each
    POSTed signed with the account's auth token. The callback URL is the app's public one
    (PUBLIC_BASE_URL); the POST goes to its path at `to` (the app's real address), as a
    reverse proxy in front of the app would pass it on. What each POST got back is kept on the
    message (`callbacks`: [[status, HTTP status or 0, ms, when]])."""

    def __init__(
        self,
        auth_token: str,
        to: str,
        sent_after: tuple[float, float],
        final_after: tuple[float, float],
    ) -> None:
        self.validator, self.to = RequestValidator(auth_token), to.rstrip("/")
        self.after = {"sent": sent_after, "final": final_after}
        self._due: list[tuple[float, int, dict[str, Any], str]] = []
        self._wake = threading.Condition()
        self._stopping = False
        self._count = 0
        self._rng = random.Random(0)
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="fake-callback")
        self._thread = threading.Thread(target=self._run, name="fake-callbacks")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop; callbacks not yet due are dropped, as if Twilio were still waiting on them."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join()
        self._pool.shutdown(wait=True)

    def schedule(self, message: dict[str, Any]) -> None:
        now = time.monotonic()
        final = "undelivered" if message["status"] == "undelivered" else "delivered"
        with self._wake:
            for status, (low, high) in (("sent", self.after["sent"]), (final, self.after["final"])):
                self._count += 1
                due = now + self._rng.uniform(low, high)
                heapq.heappush(self._due, (due, self._count, message, status))
            self._wake.notify()

    def _run(self) -> None:
        with self._wake:
            while not self._stopping:
                wait = self._due[0][0] - time.monotonic() if self._due else None
                if wait is None or wait > 0:
                    self._wake.wait(wait)
                    continue
                _, _, message, status = heapq.heappop(self._due)
                self._pool.submit(self._post, message, status)

    def _post(self, message: dict[str, Any], status: str) -> None:
        form = {
            "AccountSid": message["account_sid"],
            "ApiVersion": "2010-04-01",
            "From": message["from"] or "",
            "MessageSid": message["sid"],
            "MessageStatus": status,
            "SmsSid": message["sid"],
            "SmsStatus": status,
            "To": message["to"],
        }
        if status == "undelivered" and message["error_code"]:
            form["ErrorCode"] = str(message["error_code"])
        url = message["status_callback"]
        parts = urlsplit(url)
        target = self.to + parts.path + (f"?{parts.query}" if parts.query else "")
        request = urllib.request.Request(
            target,
            data=urlencode(form).encode(),
            headers={"X-Twilio-Signature": self.validator.compute_signature(url, form)},
        )
        started, code = time.monotonic(), 0
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310 - local
                code = answer.status
        except urllib.error.HTTPError as refused:
            code = refused.code
            refused.close()
        except OSError:
            code = 0
        took = round((time.monotonic() - started) * 1000, 1)
        message.setdefault("callbacks", []).append([status, code, took, time.time()])


class _Server(ThreadingHTTPServer):
    """Threaded server that tracks connections so stop() can close them."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], fake: FakeTwilio) -> None:
        self.fake = fake
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.fake._lock:
            self.fake._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.fake._lock:
            self.fake._conns.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up is expected, not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Routes Messages.json requests; answers in Twilio's JSON shapes."""

    protocol_version = "HTTP/1.1"  # keep-alive, like api.twilio.com
    # Headers and body go out in two writes; with Nagle on, each reply waits ~40 ms for an ACK.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: benchmarks send thousands of requests."""

    def do_GET(self) -> None:
        fake, url = self.server.fake, urlsplit(self.path)
        match = self._route(url.path)
        if match is None:
            return
        with fake._lock:
            found = [m for m in fake._messages if m["sid"] == match.group(2)]
            wanted = parse_qs(url.query).get("To", [None])[0]
            listed = [m for m in reversed(fake._messages) if wanted in (None, m["to"])]
        if match.group(2) is None:
            uri = f"{API.format(fake.account_sid)}/Messages.json"
            page = {"first_page_uri": uri, "next_page_uri": None, "previous_page_uri": None}
            self._reply(
                200,
                {
                    "messages": listed,
                    "page": 0,
                    "page_size": 50,
                    "start": 0,
                    "end": max(len(listed) - 1, 0),
                    "uri": uri,
                    **page,
                },
            )
        elif found:
            self._reply(200, found[0])
        else:
            self._error(404, 20404)

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        match = self._route(urlsplit(self.path).path)
        if match is None or match.group(2) is not None:
            return None if match is None else self._error(404, 20404)
        to, body, service = form.get("To"), form.get("Body"), form.get("MessagingServiceSid")
        if not to:
            return self._error(400, 21604)
        if not body and "MediaUrl" not in form:
            return self._error(400, 21602)
        if not (service or form.get("From")):
            return self._error(400, 21603)
        if len(body or "") > 1600:
            return self._error(400, 21617)
        script = fake._next_script(to) or _Script()
        if script.status is not None and (script.code or 0) < 30000:
            return self._error(script.status, script.code, script.message, script.retry_after)
        sid, now = "SM" + uuid.uuid4().hex, formatdate(usegmt=True).replace("GMT", "+0000")
        uri = f"{API.format(fake.account_sid)}/Messages/{sid}.json"
        message: dict[str, Any] = {
            "account_sid": fake.account_sid,
            "api_version": "2010-04-01",
            "body": body or "",
            # Not Twilio's: when the fake took the message, for pacing measurements.
            "received_at": time.time(),
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": service,
            "num_media": "1" if "MediaUrl" in form else "0",
            "num_segments": str(num_segments(body or "")),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "accepted" if service else "queued",
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": to,
            "uri": uri,
        }
        with fake._lock:
            # status_callback is not part of Twilio's resource; kept so tests can check it.
            delivered = {**message, "status_callback": form.get("StatusCallback")}
            if script.code:  # a delivery failure: accepted now, undelivered later
                delivered.update(
                    status="undelivered", error_code=script.code, error_message=script.message
                )
            fake._messages.append(delivered)
        if fake._callbacks is not None and delivered["status_callback"]:
            fake._callbacks.schedule(delivered)
        # Accepted first, answered late: a client that times out may still have sent it.
        fake._stopping.wait(script.delay)
        if not fake._answered_with_fault(self, f"{to}\n{body}"):
            self._reply(201, message)

    def _route(self, path: str) -> re.Match[str] | None:
        """The matched Messages URL if the request is authenticated for its account."""
        fake = self.server.fake
        expected = base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}":
            self._error(401, 20003)
            return None
        match = _MESSAGES.match(path)
        if match is None or match.group(1) != fake.account_sid:
            self._error(404, 20404)
            return None
        return match

    def _error(
        self,
        status: int,
        code: int | None,
        message: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        code = code or _DEFAULT_CODE.get(status, 20001)
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        if status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
        self._reply(
            status,
            {
                "code": code,
                "message": message or _MESSAGES_BY_CODE.get(code, "Error"),
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
            headers,
        )

    def _reply(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main() -> None:
    """Serve the fake until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--account-sid", default=ACCOUNT_SID)
    parser.add_argument("--auth-token", default=AUTH_TOKEN)
    parser.add_argument("--record", help="on exit, write every accepted message to this JSON file")
    parser.add_argument(
        "--callbacks-to",
        help="POST each message's status callbacks to this base URL (the app's real address)",
    )
    args = parser.parse_args()
    # Benchmarks stop it with SIGTERM; leave through the same clean path as Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with FakeTwilio(args.account_sid, args.auth_token, args.port, args.callbacks_to) as fake:
        print(" ".join(f"{k}={v}" for k, v in fake.env().items()), flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        if args.record:
            with open(args.record, "w", encoding="utf-8") as out:
                json.dump(fake.messages, out)


if __name__ == "__main__":
    main()
