"""Alembic environment: botapp's metadata, the URL handed over by `botapp db`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import botapp.models  # noqa: F401 - registers every table on Base.metadata
from botapp.db import Base, make_engine

config = context.config
url = config.attributes["url"]


def run() -> None:
    """Run migrations online against `url`."""
    engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename), and dropping a table other
            # rows refer to fails while foreign keys are enforced. SQLite reads this pragma only
            # outside a transaction; the references are checked once the migrations have run.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                _check_references(connection)
    engine.dispose()


def _check_references(connection: Connection) -> None:
    """Raise, and so roll the migrations back, if any row refers to one that is not there."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"migrations left rows referring to missing rows: {broken[:5]}")


run()
