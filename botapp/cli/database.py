"""`botapp db upgrade|downgrade|revision`: Alembic migrations without an alembic.ini."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import AppGroup

from botapp.config import settings_of

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

db = AppGroup("db", help="Database migrations.")


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at botapp's migrations and `url`."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision`."""
    command.upgrade(alembic_config(url), revision)


@db.command("upgrade")
@click.argument("revision", default="head")
def upgrade_cmd(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    upgrade(settings_of(current_app).database_url, revision)
    click.echo(f"database at {revision}")


@db.command("downgrade")
@click.argument("revision")
def downgrade_cmd(revision: str) -> None:
    """Undo migrations down to REVISION."""
    command.downgrade(alembic_config(settings_of(current_app).database_url), revision)


@db.command("revision")
@click.option("-m", "--message", required=True)
def revision_cmd(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    command.revision(
        alembic_config(settings_of(current_app).database_url), message=message, autogenerate=True
    )
