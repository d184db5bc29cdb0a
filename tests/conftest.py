"""Fixtures: every test that takes `app` runs once on SQLite and once on PostgreSQL."""

from __future__ import annotations

import os
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased
from twilio.request_validator import RequestValidator

from botapp import create_app, features
from botapp.cli.database import upgrade
from botapp.config import engine_of, sessions_of, settings_of
from botapp.db import Base, create_quiet_engine, throwaway_schema
from botapp.models import Message
from botapp.workers import inbound as inbound_queue

features.install()  # as create_app does: tests that use the engine alone see every flow

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
SECRET_KEY = "test-secret-key-of-more-than-32-characters"
PUBLIC_URL = "https://sms.example.org"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _require_postgres() -> str:
    base = os.environ.get("TEST_DATABASE_URL", PG_DEFAULT)
    try:
        engine = create_quiet_engine(base)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError as exc:
        reason = f"PostgreSQL not reachable at {base} (set TEST_DATABASE_URL): {exc.orig}"
        if os.environ.get("CI"):
            pytest.fail(reason + " -- CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(reason)
    return base


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database of each kind, shared by the session and emptied after each test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'botapp.sqlite3'}"
        upgrade(url)
        yield url
        return
    with throwaway_schema(_require_postgres(), "botapp_test") as url:
        upgrade(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def bare_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of each kind with no tables yet, for a test that runs migrations itself."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bare.sqlite3'}"
        return
    with throwaway_schema(_require_postgres(), "botapp_bare") as url:
        yield url


def _empty(app: Flask) -> None:
    engine = engine_of(app)
    tables = list(reversed(Base.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
    engine.dispose()


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment a test app runs with."""
    return {
        "DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "SECRET_KEY": SECRET_KEY,
        "PUBLIC_BASE_URL": PUBLIC_URL,
        "SMS_TRANSPORT": "console",
        "PROGRAM_NAME": "Job Connect",
        "PROGRAM_PHONE": "+13125550100",
        **extra,
    }


@pytest.fixture
def make_app(database_url: str) -> Iterator[object]:
    """Build an app with extra settings; the database is emptied afterwards."""
    built: list[Flask] = []

    def factory(**extra: str) -> Flask:
        app = create_app(app_env(database_url, **extra))
        app.config["TESTING"] = True
        built.append(app)
        return app

    yield factory
    if built:
        _empty(built[0])
    for app in built:
        engine_of(app).dispose()


@pytest.fixture
def app(make_app: object) -> Flask:
    """The app with the console transport and botapp answering opt-outs itself."""
    return make_app()  # type: ignore[operator, no-any-return]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session outside any request, for arranging and checking data."""
    s: Session = sessions_of(app)()
    yield s
    s.close()


@pytest.fixture
def demo(app: Flask, session: Session) -> Session:
    """The demo caseload (an agency, specialists, English and Spanish clients)."""
    from botapp.cli.demo import seed

    with session.begin():
        seed(session)
    return session


def sign(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """The X-Twilio-Signature Twilio would send for `form` posted to `url`."""
    return str(RequestValidator(token).compute_signature(url, form))


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
        return {
            "MessageSid": sid or "SM" + secrets.token_hex(16),
            "AccountSid": "AC" + "1" * 32,
            "From": self.number,
            "To": "+13125550100",
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            **extra,
        }

    def post(self, form: dict[str, str], *, handle: bool = True):  # type: ignore[no-untyped-def]
        """POST a signed webhook; then, unless `handle` is False, let the inbound worker run."""
        url = PUBLIC_URL + "/sms/inbound"
        resp = self.http.post(
            "/sms/inbound", data=form, headers={"X-Twilio-Signature": sign(url, form)}
        )
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


@pytest.fixture
def phone(client: FlaskClient) -> object:
    """Make a Phone for a number: `phone("+13125550142").text("HELP")`."""
    return lambda number: Phone(client, number)


@pytest.fixture
def tmp_csv(tmp_path: Path) -> object:
    """Write a CSV file from text and return its path."""

    def write(content: str, name: str = "data.csv") -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def phone_for(demo: Session) -> object:
    """A Phone texting a specially configured app (from `make_app`), with the demo loaded in it."""

    def build(app: Flask, number: str) -> Phone:
        return Phone(app.test_client(), number)

    return build


@pytest.fixture
def twilio_app(make_app, fake) -> Flask:  # type: ignore[no-untyped-def]
    """The app with the Twilio transport pointed at the module's `fake` Twilio, signing and
    checking against the test URL, and botapp answering opt-outs itself."""
    env = {**fake.env(), "PUBLIC_BASE_URL": PUBLIC_URL}
    return make_app(**env, TWILIO_FROM_NUMBER="+13125550100", OPT_OUT_HANDLER="botapp")  # type: ignore[no-any-return]
