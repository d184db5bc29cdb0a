"""The `botapp` command: Flask's CLI (run, shell, routes) plus botapp's own commands."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def _app() -> Flask:
    from botapp import create_app

    return create_app()


main = FlaskGroup(create_app=_app, help=__doc__)


def _register() -> None:
    from botapp.cli import case, database, demo, io, simulate, translate, workers

    main.add_command(database.db)
    main.add_command(demo.seed_demo)
    main.add_command(simulate.simulate)
    main.add_command(translate.translate)
    main.add_command(io.import_group)
    main.add_command(io.export_group)
    main.add_command(workers.dispatch)
    main.add_command(workers.serve)
    main.add_command(workers.outbox_report)
    main.add_command(case.case)


_register()
