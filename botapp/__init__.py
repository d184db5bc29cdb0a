"""botapp: text-message check-ins, reminders and alerts for vocational rehabilitation agencies."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask

from botapp.config import PROJECT_ROOT, Settings, load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

_BOUND = "botapp"


@dataclass(frozen=True)
class Bound:
    """What `create_app` binds to its app: the settings, one engine and its sessionmaker."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the web application; `env` replaces the process environment (tests pass one)."""
    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = load_settings(env, Path(app.instance_path))
    app.config["SECRET_KEY"] = settings.secret_key

    from sqlalchemy.orm import sessionmaker

    from botapp import db
    from botapp.web import health, limit_requests, sms, status

    engine = db.make_engine(settings.database_url)
    app.extensions[_BOUND] = Bound(settings, engine, sessionmaker(engine, expire_on_commit=False))
    db.close_session_on_teardown(app)
    limit_requests(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(status.bp)
    return app


def _bound(app: Flask) -> Bound:
    bound: Bound = app.extensions[_BOUND]
    return bound


def settings_of(app: Flask) -> Settings:
    """The validated settings of `app`."""
    return _bound(app).settings


def engine_of(app: Flask) -> Engine:
    """The one engine of `app` (its pool; dispose it when done with an app in a test)."""
    return _bound(app).engine


def sessions_of(app: Flask) -> sessionmaker[Session]:
    """The sessionmaker of `app`: workers and CLI commands open their transactions with it."""
    return _bound(app).sessions
