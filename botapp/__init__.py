"""botapp: text-message check-ins, reminders and alerts for vocational rehabilitation agencies."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import Flask

from botapp.config import Bound, bind, default_database_url, instance_folder, load_settings


def create_app(env: Mapping[str, str] | None = None) -> Flask:
    """Build the web application; `env` replaces the process environment (tests pass one)."""
    instance = instance_folder()
    app = Flask(__name__, instance_path=str(instance))
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = load_settings(env, instance)
    if settings.database_url == default_database_url(instance):
        instance.mkdir(parents=True, exist_ok=True)  # SQLite creates the file, not its folder
    app.config["SECRET_KEY"] = settings.secret_key

    from sqlalchemy.orm import sessionmaker

    from botapp import db, features
    from botapp.web import health, limit_requests, sms, staff, status

    features.install()

    engine = db.make_engine(settings.database_url)
    bind(app, Bound(settings, engine, sessionmaker(engine, expire_on_commit=False)))
    db.close_session_on_teardown(app)
    limit_requests(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(status.bp)
    staff.init_app(app)
    return app
