"""The `botapp` command: Flask's CLI (run, shell, routes) plus botapp's own commands."""

from __future__ import annotations

from typing import IO, Any

import click
from flask import Flask
from flask.cli import FlaskGroup, NoAppException


class Misconfigured(NoAppException):
    """A setting botapp cannot start with: one line naming it and exit status 2, no traceback.

    A NoAppException, so that `botapp --help` still lists the commands under the error.
    """

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


def _app() -> Flask:
    from botapp import create_app
    from botapp.config import ConfigError

    try:
        return create_app()
    except ConfigError as exc:
        raise Misconfigured(str(exc)) from None


main = FlaskGroup(create_app=_app, help=__doc__)


def _register() -> None:
    from botapp.cli import (
        appointments,  # noqa: F401 - its command joins `import` when imported
        case,
        clock,
        database,
        demo,
        goals,  # noqa: F401 - its commands join `import` when imported
        io,
        placements,
        simulate,
        translate,
        workers,
    )

    main.add_command(database.db)
    main.add_command(demo.seed_demo)
    main.add_command(simulate.simulate)
    main.add_command(translate.translate)
    main.add_command(io.import_group)
    main.add_command(io.export_group)
    main.add_command(placements.group)
    main.add_command(workers.dispatch)
    main.add_command(workers.inbound_worker)
    main.add_command(clock.clock)
    main.add_command(workers.serve)
    main.add_command(workers.outbox_report)
    main.add_command(case.case)


_register()
