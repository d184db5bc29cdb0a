"""`botapp broadcast`: compose, preview, send, schedule, cancel, and follow a broadcast
(every read of recipients and every action audited).

The `broadcast` group the feature registers (`botapp.<feature>.cli`, as every feature has).
Its commands are this package's modules, split where a broadcast's life splits: `compose.py`
(create, preview, list, template) and `send.py` (send, schedule, cancel, status), with what
both share in `common.py`. A package, not sibling modules, keeps them all edge code beside
their feature (tests/test_architecture.py).
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from botapp.broadcasts.cli import compose, send


@click.group("broadcast", cls=AppGroup)
def group() -> None:
    """Job-fair and hiring-event notices to chosen clients, in their languages."""


for command in (
    compose.create,
    compose.preview_cmd,
    compose.list_cmd,
    compose.template_group,
    send.send_cmd,
    send.schedule_cmd,
    send.cancel_cmd,
    send.status_cmd,
):
    group.add_command(command)  # each carries @with_appcontext, as `group.command` would add

COMMANDS = (group,)
