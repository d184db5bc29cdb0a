"""`botapp broadcast`: compose, preview, send, schedule, cancel, and follow a broadcast
(every read of recipients and every action audited)."""

from __future__ import annotations

import click
from flask.cli import AppGroup


@click.group("broadcast", cls=AppGroup)
def group() -> None:
    """Job-fair and hiring-event notices to chosen clients, in their languages."""


COMMANDS = (group,)
