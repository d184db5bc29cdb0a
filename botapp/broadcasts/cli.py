"""`botapp broadcast`: compose, preview, send, schedule, cancel, and follow a broadcast
(every read of recipients and every action audited).

The `broadcast` group the feature registers. Its commands live beside it, split where a
broadcast's life splits: `cli_compose.py` (create, preview, list, template) and `cli_send.py`
(send, schedule, cancel, status), with what both share in `cli_common.py`. Sibling modules,
not a `cli/` package: the CLI loads `botapp.<feature>.cli` by name and a package would have to
replace this module, so flat siblings keep `cli.py` as every feature has it and each import one
line.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from botapp.broadcasts import cli_compose, cli_send


@click.group("broadcast", cls=AppGroup)
def group() -> None:
    """Job-fair and hiring-event notices to chosen clients, in their languages."""


for command in (
    cli_compose.create,
    cli_compose.preview_cmd,
    cli_compose.list_cmd,
    cli_compose.template_group,
    cli_send.send_cmd,
    cli_send.schedule_cmd,
    cli_send.cancel_cmd,
    cli_send.status_cmd,
):
    group.add_command(command)  # each carries @with_appcontext, as `group.command` would add

COMMANDS = (group,)
