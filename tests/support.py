"""What the stories share: the demo's phones, a client's phone, the clock, what was written.

conftest.py holds the pytest fixtures (the app on each database, its session, the demo caseload,
`phone`...); this module holds the plain, typed functions and classes a story calls, imported
as `from tests.support import ...`. Before writing a helper in a test module, look here: one
helper for each move, so that every story says "run the clock" or "the texts to Alex" the same
way.
"""

from __future__ import annotations

import re
import secrets
import shlex
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.error import URLError
from zoneinfo import ZoneInfo

from click.testing import Result
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased
from twilio.request_validator import RequestValidator
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from botapp.cli import main
from botapp.cli.demo import DEMO_PASSWORD
from botapp.config import sessions_of, settings_of
from botapp.db import utcnow
from botapp.delivery import outbox
from botapp.escalations import service as escalation_service
from botapp.flows import engine
from botapp.flows.engine import Flow
from botapp.models import (
    AuditEvent,
    CaseNote,
    Client,
    Direction,
    Escalation,
    EscalationState,
    Message,
    Staff,
)
from botapp.services.case_record import render_note
from botapp.transport.base import build_transport
from botapp.workers import due
from botapp.workers import inbound as inbound_queue
from botapp.workers.dispatcher import Dispatcher
from botapp.workers.mailer import Mailer
from botapp.workers.threads import build_mailer

# The demo caseload (`botapp seed-demo`): its clients live in Chicago.
ALEX = "+13125550142"  # DEMO-1001, texts in English; James Carter's client
LUCIA = "+13125550143"  # DEMO-1002, texts in Spanish; María López's client
JAMES = "james.carter@demo.example"  # ALEX's specialist, who reads English
MARIA = "maria.lopez@demo.example"  # LUCIA's specialist, who reads Spanish
SPECIALIST = {ALEX: JAMES, LUCIA: MARIA}  # who holds what the client needs a person for
STRANGER = "+13125550199"  # nobody's number
CHICAGO = ZoneInfo("America/Chicago")

# The settings every test app runs with (conftest's `app`, and the processes tests start).
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
SECRET_KEY = "test-secret-key-of-more-than-32-characters"
PUBLIC_URL = "https://sms.example.org"
PROGRAM_PHONE = "+13125550100"
SENDER = "alerts@agency.example"  # ALERT_EMAIL_FROM of conftest's `mail_app`

Row = TypeVar("Row", bound=tuple[Any, ...])


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment a test app runs with."""
    return {
        "DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "SECRET_KEY": SECRET_KEY,
        "PUBLIC_BASE_URL": PUBLIC_URL,
        "SMS_TRANSPORT": "console",
        "PROGRAM_NAME": "Job Connect",
        "PROGRAM_PHONE": PROGRAM_PHONE,
        **extra,
    }


# What the fixtures hand a story: conftest's `make_app`, `phone`, `phone_for` and `tmp_csv`.


class MakeApp(Protocol):
    """Builds an app with extra settings (environment variables) on the test's database."""

    def __call__(self, **extra: str) -> Flask: ...


class WriteCsv(Protocol):
    """Writes a CSV file from text and returns its path."""

    def __call__(self, content: str, name: str = "data.csv") -> Path: ...


# Twilio's side of the webhooks.


def sign(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature Twilio would send for `form` posted to `url`."""
    return str(RequestValidator(token).compute_signature(url, form))


def post_signed(http: FlaskClient, path: str, form: dict[str, str]) -> TestResponse:
    """POST `form` to `path` signed as Twilio signs it, for the app's public URL."""
    signature = sign(PUBLIC_URL + path, form)
    return http.post(path, data=form, headers={"X-Twilio-Signature": signature})


def report_status(http: FlaskClient, sid: str, status: str, code: str = "") -> TestResponse:
    """Twilio's signed status callback: the text with SID `sid` is now `status`."""
    form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "1" * 32}
    if code:
        form["ErrorCode"] = code
    return post_signed(http, "/sms/status", form)


def replies_in(twiml: str) -> list[str]:
    """The bodies of the <Message> elements of a TwiML answer (botapp's are always empty)."""
    return [el.text or "" for el in ET.fromstring(twiml).iter("Message")]


def replies_to(app: Flask, sid: str) -> list[str]:
    """The bodies queued in answer to the inbound message with Twilio SID `sid`."""
    inbound = aliased(Message)
    with sessions_of(app)() as s:
        rows = s.scalars(
            select(Message.body)
            .join(inbound, Message.in_reply_to_id == inbound.id)
            .where(inbound.twilio_sid == sid)
            .order_by(Message.id)
        )
        return list(rows)


def handle_waiting(app: Flask) -> int:
    """Let the inbound worker act on every text waiting (what `botapp inbound` does)."""
    return inbound_queue.drain(sessions_of(app), settings_of(app))


class Phone:
    """A client's phone: texts the app through the real signed webhook and reads the replies."""

    def __init__(self, http: FlaskClient, number: str) -> None:
        self.http = http
        self.number = number

    def form(self, body: str, sid: str | None = None, **extra: str) -> dict[str, str]:
        """The webhook's form for a text `body` from this phone (a fresh SID unless given)."""
        return {
            "MessageSid": sid or "SM" + secrets.token_hex(16),
            "AccountSid": "AC" + "1" * 32,
            "From": self.number,
            "To": PROGRAM_PHONE,
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            **extra,
        }

    def post(self, form: dict[str, str], *, handle: bool = True) -> TestResponse:
        """POST a signed webhook; then, unless `handle` is False, let the inbound worker run."""
        resp = post_signed(self.http, "/sms/inbound", form)
        if handle:
            handle_waiting(self.http.application)
        return resp

    def text(self, body: str, **extra: str) -> list[str]:
        """Send `body`; return the texts the app queued in answer (TwiML itself stays empty)."""
        form = self.form(body, **extra)
        resp = self.post(form)
        assert resp.status_code == 200, resp.get_data(as_text=True)
        assert replies_in(resp.get_data(as_text=True)) == []
        return replies_to(self.http.application, form["MessageSid"])


MakePhone = Callable[[str], Phone]  # conftest's `phone`: phone(ALEX).text("HELP")


# Staff in the web app (the demo's staff, with the demo password: conftest's `demo_staff`).

JAMES = "james.carter@demo.example"  # specialist: Alex, Tyrone, Priya
MARIA = "maria.lopez@demo.example"  # specialist, reads Spanish: Lucía, José, Ana
DANA = "dana.reed@demo.example"  # supervisor of the demo's one office
ADMIN = "admin@demo.example"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class StaffBrowser:
    """A staff member's browser on the staff web app: it keeps its cookies and sends each form
    with the CSRF token the page gave it, as a browser would."""

    def __init__(self, http: FlaskClient) -> None:
        self.http = http

    def token(self, path: str) -> str:
        """The CSRF token in the forms of the page at `path`."""
        found = _CSRF.search(self.http.get(path).get_data(as_text=True))
        assert found is not None, f"no form on {path}"
        return found.group(1)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> TestResponse:
        """Fill in and send the sign-in form."""
        form = {"csrf_token": self.token("/sign-in"), "email": email, "password": password}
        return self.http.post("/sign-in", data=form)

    def submit(self, page: str, action: str, **fields: str) -> TestResponse:
        """Send a form of `page` to `action`, as its button would."""
        return self.http.post(action, data={"csrf_token": self.token(page), **fields})

    def read(self, path: str) -> str:
        """The page at `path`, which must answer 200."""
        answer = self.http.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        return answer.get_data(as_text=True)


MakeBrowser = Callable[[], StaffBrowser]  # conftest's `browser`: a new browser each call


def audits(session: Session, *actions: str) -> list[tuple[str, str, str]]:
    """The audit trail as committed, oldest first, as (actor, action, detail); only `actions`
    when named."""
    query = select(AuditEvent.actor, AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)
    if actions:
        query = query.where(AuditEvent.action.in_(actions))
    return look(session, query)


PhoneFor = Callable[[Flask, str], Phone]  # conftest's `phone_for`: a phone of another app


# Staff at the terminal.


def botapp(runner: FlaskCliRunner, *args: str, stdin: str | None = None) -> Result:
    """Run `botapp ARGS` against the test app (the runner's own app.cli lacks botapp's groups),
    with `stdin` as its standard input (a pipe, not a terminal)."""
    name, *rest = args
    return runner.invoke(main.commands[name], rest, input=stdin)


def run(runner: FlaskCliRunner, command: str) -> Result:
    """Run `botapp COMMAND` as typed in a shell."""
    return botapp(runner, *shlex.split(command))


def ok(runner: FlaskCliRunner, command: str) -> list[str]:
    """The lines a command that must succeed prints."""
    result = run(runner, command)
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def refused(runner: FlaskCliRunner, command: str) -> str:
    """The one line a refused command prints (on standard error), checked to be alone."""
    result = run(runner, command)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# Reading the database as the app left it.


def fresh(session: Session) -> Session:
    """End the session's reading transaction, to see what the app committed since."""
    session.rollback()
    return session


def look(session: Session, query: Select[Row]) -> list[Row]:
    """Rows of `query` as committed now (leaves no transaction open for the next step)."""
    rows = list(fresh(session).execute(query).tuples())
    session.rollback()
    return rows


def count(session: Session, model: type[Any], *where: ColumnElement[bool]) -> int:
    """How many rows of `model` (those matching `where`) are committed now."""
    [(found,)] = look(session, select(func.count()).select_from(model).where(*where))
    return found


def client_by_phone(session: Session, phone: str) -> Client:
    """The client whose phone is `phone`, in the session's transaction."""
    return session.scalars(select(Client).where(Client.phone == phone)).one()


def texts_to(session: Session, phone: str | None = None) -> list[str]:
    """The bodies of the texts written to `phone` (when None, to anyone but staff: their alerts
    depend on the hour the story runs at), oldest first: what the outbox holds for it, sent yet
    or not."""
    query = select(Message.body).where(Message.direction == Direction.OUTBOUND)
    if phone is not None:
        query = query.where(Message.phone == phone)
    else:
        query = query.where(func.coalesce(Message.category, "").not_in(outbox.STAFF_ALERTS))
    return [body for (body,) in look(session, query.order_by(Message.id))]


def notes(session: Session, locale: str | None = None) -> list[tuple[str, bool]]:
    """The case-record lines written, oldest first, as (catalog id, alert); or, given a
    `locale`, as (the line staff read in it, alert)."""
    if locale is None:
        return look(session, select(CaseNote.note_key, CaseNote.alert).order_by(CaseNote.id))
    rows = fresh(session).scalars(select(CaseNote).order_by(CaseNote.id)).all()
    read = [(render_note(row, locale), row.alert) for row in rows]
    session.rollback()
    return read


def escalations(
    session: Session, *, said: str | None = None
) -> list[tuple[str, str, str, str | None]]:
    """The escalations raised, oldest first, as (reason, severity, state, holder's email).

    Given what the client `said` (words of their own, not a bare "1"), first checks that no
    case-record line of the escalations holds it, as staff read them in English or in Spanish
    (the client's words may stay in the alert line, never in the escalation's).
    """
    if said is not None:
        rows = fresh(session).scalars(
            select(CaseNote).where(CaseNote.note_key.startswith("note.escalation."))
        )
        lines = [render_note(row, locale) for row in rows for locale in ("en", "es")]
        session.rollback()
        assert lines, "no escalation line in the case record"
        leaked = [line for line in lines if said.casefold() in line.casefold()]
        assert not leaked, leaked
    query = (
        select(Escalation.reason, Escalation.severity, Escalation.state, Staff.email)
        .outerjoin(Staff, Escalation.holder_id == Staff.id)
        .order_by(Escalation.id)
    )
    return [
        (reason, severity, state, email) for reason, severity, state, email in look(session, query)
    ]


def resolve_escalations(session: Session, by: str = "admin@demo.example") -> None:
    """Staff (`by`) resolve every escalation still unresolved, as `botapp escalations resolve`
    does: the clients' held automated texts go back to the clock."""
    with fresh(session).begin():
        staff = session.scalars(select(Staff).where(Staff.email == by)).one()
        unresolved = select(Escalation).where(Escalation.state != EscalationState.RESOLVED)
        for escalation in session.scalars(unresolved.order_by(Escalation.id)).all():
            escalation_service.resolve(session, escalation, staff, None)


def today() -> date:
    """Today in Chicago, where the demo's clients live."""
    return utcnow().astimezone(CHICAGO).date()


# The clock, driven by hand: each step in its own transaction, as `botapp clock` runs them.
# Without the daily job: a story that wants the monthly contact check runs it itself.

MANY = 10_000  # rows per step: more than any story has due at once


def run_items(app: Flask, session: Session, at: datetime) -> None:
    """The clock at `at` runs the scheduled items due by then (reminders, check-ins...)."""
    with fresh(session).begin():
        due.ITEMS.run(session, settings_of(app), at, MANY, None)


def wake_questions(app: Flask, session: Session, at: datetime) -> None:
    """The clock at `at` re-prompts the questions unanswered since their wake time, or expires
    those already re-prompted."""
    with fresh(session).begin():
        due.WAKES.run(session, settings_of(app), at, MANY, None)


def run_clock(app: Flask, session: Session, at: datetime) -> None:
    """The clock at `at`: the items due run, then the unanswered questions wake."""
    run_items(app, session, at)
    wake_questions(app, session, at)


def start_flow(app: Flask, session: Session, flow: Flow[Any], phone: str = ALEX) -> int:
    """Start `flow` for the client with `phone` now, as a feature would; the conversation's id."""
    with fresh(session).begin():
        client = client_by_phone(session, phone)
        return engine.start(session, settings_of(app), client, flow, None, utcnow()).id


# The workers.


def send_once(app: Flask, now: datetime) -> None:
    """One dispatcher round at `now` through the app's transport: what may go then, goes."""
    settings = settings_of(app)
    dispatcher = Dispatcher(
        sessions_of(app), settings, build_transport(settings), clock=lambda: now
    )
    try:
        dispatcher.run_once()
    finally:
        dispatcher.close()


def sent_to(app: Flask, phone: str) -> list[str]:
    """The bodies the dispatcher has sent to `phone`, oldest first (its own session: a story
    may ask from another thread)."""
    query = select(Message.body).where(Message.phone == phone, Message.sent_at.is_not(None))
    with sessions_of(app)() as session:
        return list(session.scalars(query.order_by(Message.id)))


def drain(dispatcher: Dispatcher) -> None:
    """Let `dispatcher` send until nothing it may send now is left."""
    while dispatcher.run_once():
        pass


def send_emails(app: Flask, clock: Callable[[], datetime] = utcnow) -> Mailer:
    """A mailer of `app` on `clock`, after it sent every email due (it is returned for more)."""
    mailer = build_mailer(app, clock=clock)
    assert mailer is not None
    while mailer.run_once():
        pass
    return mailer


class Clock:
    """A clock a story moves by hand: the real time until `now` is set, then that time."""

    def __init__(self, now: datetime | None = None) -> None:
        self.frozen = now

    @property
    def now(self) -> datetime:
        return self.frozen or utcnow()

    @now.setter
    def now(self, value: datetime) -> None:
        self.frozen = value

    def __call__(self) -> datetime:
        return self.now


# Real processes.

ROOT = Path(__file__).resolve().parent.parent  # the project: where the Procfile is


def procfile() -> dict[str, str]:
    """Each Procfile line as process name -> command."""
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict((name, command.strip()) for name, _, command in (x.partition(":") for x in lines))


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions (keyword, arguments), one list per stage."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    stages: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, args = line.strip().partition(" ")
            if keyword.upper() == "FROM":
                stages.append([])
            stages[-1].append((keyword.upper(), args.strip()))
    return stages


def build_context_sources() -> list[str]:
    """What the image's build stage copies from the checkout."""
    build = dockerfile_stages()[0]
    sources: list[str] = []
    for keyword, args in build:
        if keyword == "COPY" and not args.startswith("--from"):
            sources += args.split()[:-1]
    return sources


def answered(port: int) -> bool:
    """Whether an app on `port` answers its health check."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return bool(answer.status == 200)
    except (URLError, OSError):
        return False


def wait_for(predicate: Callable[[], bool], seconds: float) -> None:
    """Poll `predicate` until it holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def stop(*procs: subprocess.Popen[bytes]) -> list[int]:
    """SIGTERM the processes still running; their exit codes once all have stopped."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    return [proc.wait(timeout=20) for proc in procs]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """`app` served over real HTTP on a free local port, in a thread; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
