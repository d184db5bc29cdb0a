"""`botapp escalations`: the queue of clients who need a person, and `ack` / `resolve` (every
read and every action audited)."""

from __future__ import annotations

from collections.abc import Callable

import click
from babel.dates import format_timedelta
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.orm import Session

from botapp.cli.io import acting, actor_of
from botapp.cli.terminal import printable
from botapp.db import utcnow
from botapp.escalations import messages as t
from botapp.escalations import service
from botapp.messages import Msg, render
from botapp.models import Escalation, EscalationState, Staff
from botapp.services.access import audit
from botapp.services.csvfiles import Notice

BY = click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    required=True,
    help="The staff member acting: they must hold it or may read the client's record.",
)


@click.group(
    "escalations",
    cls=AppGroup,
    invoke_without_command=True,
    epilog="Exit status: 0 done, 2 nothing done (an unknown number, not yours to act on, "
    "already resolved).",
)
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member reading: their role applies  [default: the operator, recorded by "
    "login name]",
)
@click.option(
    "--state",
    type=click.Choice([s.value for s in EscalationState]),
    default=EscalationState.OPEN.value,
    show_default=True,
    help="Which escalations to list.",
)
@click.pass_context
@with_appcontext
def group(ctx: click.Context, actor: str | None, state: str) -> None:
    """List clients who need a person, oldest urgent first, with their age."""
    if ctx.invoked_subcommand is not None:
        return

    def read(session: Session, staff: Staff | None, locale: str) -> list[str]:
        found = service.queue(session, staff, EscalationState(state))
        lines = [_row(escalation, locale) for escalation in found]
        audit(session, actor_of(actor), "read_escalations", f"{len(lines)} {state}")
        if not lines:
            return [render(t.EMPTY, locale, state=render(t.STATES[EscalationState(state)], locale))]
        return lines

    for line in acting("read_escalations", actor, read):
        click.echo(line)


def _row(escalation: Escalation, locale: str) -> str:
    """One escalation as a line of the queue, in the reader's language."""
    client = escalation.client
    holder = escalation.holder.name if escalation.holder else render(t.NOBODY, locale)
    return render(
        t.ROW,
        locale,
        id=escalation.id,
        severity=render(t.SEVERITIES[escalation.severity], locale),
        reason=render(t.REASONS[escalation.reason], locale),
        # Names come from imports: they may not drive the terminal.
        client=printable(f"{client.first_name} {client.last_name}"),
        external_id=printable(client.external_id),
        state=render(t.STATES[escalation.state], locale),
        age=format_timedelta(utcnow() - escalation.created_at, locale=locale),
        holder=printable(holder),
    )


@group.command("ack")
@click.argument("escalation_id", metavar="ID", type=int)
@BY
def ack(escalation_id: int, actor: str) -> None:
    """Take escalation ID in hand: you hold it from now."""
    _act("ack_escalation", escalation_id, actor, service.acknowledge, t.CMD_ACKNOWLEDGED)


@group.command("resolve")
@click.argument("escalation_id", metavar="ID", type=int)
@click.option("--note", "outcome", metavar="TEXT", help="What was done, for the case record.")
@BY
def resolve(escalation_id: int, outcome: str | None, actor: str) -> None:
    """Close escalation ID with what was done."""

    def close(session: Session, escalation: Escalation, staff: Staff) -> None:
        service.resolve(session, escalation, staff, outcome)

    _act("resolve_escalation", escalation_id, actor, close, t.CMD_RESOLVED)


def _act(
    action: str,
    escalation_id: int,
    actor: str,
    change: Callable[[Session, Escalation, Staff], None],
    done: Msg,
) -> None:
    """Run `change` on the escalation in one audited transaction; say what was done, or why
    nothing was in one line (exit 2)."""

    def work(session: Session, staff: Staff | None, locale: str) -> str:
        assert staff is not None  # --by is required
        escalation = service.find_for(session, escalation_id, staff)
        change(session, escalation, staff)
        audit(session, actor, action, f"escalation {escalation_id}")
        return render(done, locale, id=escalation_id, name=printable(staff.name))

    denied = Notice(t.NOT_YOURS, {"id": escalation_id})
    click.echo(acting(action, actor, work, denied, in_default_locale=True))


COMMANDS = (group,)  # `botapp escalations …` (botapp.cli adds it)
