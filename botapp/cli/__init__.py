"""The `botapp` command: botapp's own commands, plus Flask's `shell` and `routes`.

To try botapp, run `botapp serve` (the web app, the workers and the clock in one process); in
production run the Procfile's processes (gunicorn, `botapp inbound`, `botapp dispatch`,
`botapp clock`). Flask's `run` still works but is hidden: it starts the web app alone, and
nothing would act on a text or send one.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
from typing import IO, Any

import click
from flask import Flask
from flask.cli import FlaskGroup, NoAppException, routes_command, run_command, shell_command


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


main = FlaskGroup(create_app=_app, help=__doc__, add_default_commands=False)
main.add_command(shell_command)
main.add_command(routes_command)
_run = copy.copy(run_command)  # Flask's own object stays as it is
_run.hidden = True  # `serve`, not `run`
main.add_command(_run)


def _register() -> None:
    from botapp import features
    from botapp.cli import (
        case,
        clients,
        clock,
        database,
        demo,
        inbox,
        io,
        offices,
        schedule,
        simulate,
        staff,
        translate,
        workers,
    )

    main.add_command(database.db)
    main.add_command(demo.seed_demo)
    main.add_command(simulate.simulate)
    main.add_command(translate.translate)
    main.add_command(io.import_group)
    main.add_command(io.export_group)
    main.add_command(workers.dispatch)
    main.add_command(workers.inbound_worker)
    main.add_command(clock.clock)
    main.add_command(workers.serve)
    main.add_command(workers.outbox_report)
    main.add_command(case.case)
    main.add_command(inbox.inbox)
    main.add_command(schedule.schedule)
    main.add_command(offices.offices_group)
    main.add_command(offices.agency_group)
    main.add_command(staff.group)
    main.add_command(clients.group)
    for feature in features.FEATURES:  # each feature's cli.py, if it has one
        if importlib.util.find_spec(f"botapp.{feature.name}.cli") is None:
            continue
        commands = importlib.import_module(f"botapp.{feature.name}.cli")
        if hasattr(commands, "import_command"):
            io.import_group.add_command(commands.import_command)  # botapp import <feature>
        for command in getattr(commands, "COMMANDS", ()):
            main.add_command(command)


_register()
