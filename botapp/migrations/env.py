"""Alembic environment: botapp's metadata, the URL handed over by `botapp db`."""

from __future__ import annotations

from alembic import context

import botapp.models  # noqa: F401 - registers every table on Base.metadata
from botapp.db import Base, make_engine

config = context.config
url = config.attributes["url"]


def run() -> None:
    """Run migrations online against `url`."""
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
