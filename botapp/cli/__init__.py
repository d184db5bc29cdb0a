"""The `botapp` command: Flask's CLI (run, shell, routes) plus botapp's own commands."""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def _app() -> Flask:
    from botapp import create_app

    return create_app()


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
