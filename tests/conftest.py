"""Fixtures: every test that takes `app` runs once on SQLite and once on PostgreSQL.

The plain helpers stories call (the signed `Phone`, the clock, what was written) are in
tests/support.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from botapp import create_app, features
from botapp.cli.database import upgrade
from botapp.config import engine_of, sessions_of
from botapp.db import Base, create_quiet_engine, throwaway_schema
from tests.fake_twilio import FakeTwilio
from tests.smtp_server import SmtpServer
from tests.support import (
    AUTH_TOKEN,
    PROGRAM_PHONE,
    PUBLIC_URL,
    SENDER,
    MakeApp,
    MakeBrowser,
    MakePhone,
    Phone,
    PhoneFor,
    StaffBrowser,
    WriteCsv,
    app_env,
)

features.install()  # as create_app does: tests that use the engine alone see every flow

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


@pytest.fixture
def make_app(database_url: str) -> Iterator[MakeApp]:
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
def app(make_app: MakeApp) -> Flask:
    """The app with the console transport and botapp answering opt-outs itself."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session outside any request, for arranging and checking data."""
    s = sessions_of(app)()
    yield s
    s.close()


@pytest.fixture
def demo(app: Flask, session: Session) -> Session:
    """The demo caseload (an agency, specialists, English and Spanish clients)."""
    from botapp.cli.demo import seed

    with session.begin():
        seed(session)
    return session


@pytest.fixture(autouse=True)
def quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its cheapest in tests: the stories sign in hundreds of times; a hash keeps its
    own parameters, so checking one made here works the same."""
    from argon2 import PasswordHasher

    from botapp.services import sign_in

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(sign_in, "_hasher", cheap)


@pytest.fixture
def demo_staff(demo: Session) -> Session:
    """The demo caseload, its staff able to sign in to the web app with the demo password."""
    from botapp.cli.demo import seed_passwords

    with demo.begin():
        seed_passwords(demo)
    return demo


@pytest.fixture
def browser(app: Flask) -> MakeBrowser:
    """Open a new staff browser on the web app (its own cookies): `browser().sign_in(JAMES)`."""
    return lambda: StaffBrowser(app.test_client())


@pytest.fixture
def phone(client: FlaskClient) -> MakePhone:
    """Make a Phone for a number: `phone("+13125550142").text("HELP")`."""
    return lambda number: Phone(client, number)


@pytest.fixture
def tmp_csv(tmp_path: Path) -> WriteCsv:
    """Write a CSV file from text and return its path."""

    def write(content: str, name: str = "data.csv") -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def phone_for(demo: Session) -> PhoneFor:
    """A Phone texting a specially configured app (from `make_app`), with the demo loaded in it."""

    def build(app: Flask, number: str) -> Phone:
        return Phone(app.test_client(), number)

    return build


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    """A fake Twilio checking requests against the test token (a module may make its own)."""
    with FakeTwilio(auth_token=AUTH_TOKEN) as running:
        yield running


@pytest.fixture
def twilio_app(make_app: MakeApp, fake: FakeTwilio) -> Flask:
    """The app with the Twilio transport pointed at the `fake` Twilio, signing and checking
    against the test URL, and botapp answering opt-outs itself."""
    env = {**fake.env(), "PUBLIC_BASE_URL": PUBLIC_URL}
    return make_app(**env, TWILIO_FROM_NUMBER=PROGRAM_PHONE, OPT_OUT_HANDLER="botapp")


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a free local port, in the test process."""
    with SmtpServer() as running:
        yield running


@pytest.fixture
def mail_app(make_app: MakeApp, smtp: SmtpServer) -> Flask:
    """The app sending email through the `smtp` server, from alerts@agency.example."""
    return make_app(SMTP_URL=smtp.url(), ALERT_EMAIL_FROM=SENDER)
