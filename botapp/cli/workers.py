"""The worker processes (`botapp dispatch`, `botapp inbound`), `botapp serve` (the demo, all in
one process) and `botapp outbox` (the queues' report)."""

from __future__ import annotations

import os
import signal
import threading
from datetime import timedelta
from types import FrameType

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.serving import run_simple

from botapp.cli.clock import start_clock
from botapp.config import sessions_of, settings_of
from botapp.db import utcnow
from botapp.delivery.backlog import measure
from botapp.workers import inbound as inbound_queue
from botapp.workers.threads import build_dispatcher, start_mailer, start_thread


@click.command("dispatch")
@click.option(
    "--batch",
    default=50,
    show_default=True,
    help="Rows claimed per round, at most (a paced sender claims half a second of segments).",
)
@click.option(
    "--stale-after",
    default=60.0,
    show_default=True,
    help="Seconds after which another dispatcher's claim counts as abandoned.",
)
@click.option(
    "--send-timeout",
    default=10.0,
    show_default=True,
    help="Seconds to wait for Twilio's answer to one send (keep it well under --stale-after).",
)
@with_appcontext
def dispatch(batch: int, stale_after: float, send_timeout: float) -> None:
    """Send the outbox and the email outbox until stopped (SIGTERM or Ctrl-C finish the text
    and the email in hand first)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    dispatcher = build_dispatcher(
        app,
        batch=batch,
        stale_after=timedelta(seconds=stale_after),
        send_timeout=send_timeout,
    )
    stop = _stop_on_signal()
    # The email outbox is sent by a thread of this process: the Procfile's `worker:` sends
    # everything that leaves botapp (docs/decisions/0025-email-outbox.md).
    mailer = start_mailer(app, stop)
    try:
        dispatcher.run(stop)
    finally:
        stop.set()
        dispatcher.close()
        if mailer is not None:
            mailer.join()


@click.command("inbound")
@click.option(
    "--idle", default=0.1, show_default=True, help="Seconds between looks when none is waiting."
)
@click.option(
    "--nice",
    type=int,
    default=None,
    help="Lower this process's CPU priority by this much. Default: 10 on PostgreSQL, so the "
    "webhook answers first; 0 on SQLite, where the webhook waits for the write lock the "
    "worker holds.",
)
@click.option(
    "--batch",
    default=inbound_queue.BATCH,
    show_default=True,
    help="Texts acted on per transaction (PostgreSQL; on SQLite always one).",
)
@with_appcontext
def inbound_worker(idle: float, nice: int | None, batch: int) -> None:
    """Act on received texts until stopped (SIGTERM or Ctrl-C finish the text in hand first)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    sessions = sessions_of(app)
    # A text waits in the database at no risk, while Twilio waits for the webhook: under a
    # burst the worker takes the CPU the web process leaves (docs/decisions/0009). Not on
    # SQLite: a worker at low priority is preempted while it holds the one write lock, and
    # every webhook waits for it.
    if nice is None:
        nice = 0 if sessions.kw["bind"].dialect.name == "sqlite" else 10
    os.nice(nice)
    inbound_queue.run(sessions, settings_of(app), _stop_on_signal(), idle, batch)


def _stop_on_signal() -> threading.Event:
    """An event that SIGTERM or SIGINT sets, for a worker loop to stop at."""
    stop = threading.Event()

    def _stop(_sig: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    return stop


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Run the web app, the workers and the clock in one process (the demo; see the Procfile)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _threads, stop = start_workers(app)
    clock = start_clock(app)
    try:
        # Not app.run(): under the `botapp` (Flask) CLI it returns at once without serving.
        run_simple(host, port, app, threaded=True)
    finally:
        clock.shutdown()
        stop.set()


def start_workers(app: Flask) -> tuple[list[threading.Thread], threading.Event]:
    """Run a dispatcher, a mailer and an inbound worker in daemon threads (the demo); the event
    stops them."""
    dispatcher, stop = start_thread(app)
    mailer = start_mailer(app, stop)
    inbound = threading.Thread(
        target=inbound_queue.run,
        args=(sessions_of(app), settings_of(app), stop),
        name="inbound",
        daemon=True,
    )
    inbound.start()
    return [dispatcher, inbound] + ([mailer] if mailer else []), stop


@click.command("outbox")
@with_appcontext
def outbox_report() -> None:
    """Show the outbox: texts by status, what is pending, how long it takes, what will expire."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = settings_of(app)
    with sessions_of(app)() as session:
        report = measure(session, settings.sender_mps, utcnow())
        received = inbound_queue.waiting(session)
    if received.oldest is not None:
        age = (utcnow() - received.oldest).total_seconds()
        click.echo(
            f"inbound texts waiting for `botapp inbound`: {received.count} (oldest {age:.0f} s)"
        )
    else:
        click.echo("inbound texts waiting for `botapp inbound`: none")
    statuses = ", ".join(f"{s} {n}" for s, n in sorted(report.by_status.items())) or "empty"
    click.echo(f"outbound texts: {statuses}")
    pending = ", ".join(f"{c} {n}" for c, n in sorted(report.pending_by_category.items()))
    click.echo(f"pending: {pending or 'none'} ({report.pending_segments} segments)")
    if report.drain_time is None:
        click.echo("sender pace: unpaced (SENDER_MPS=0)")
    else:
        hours = report.drain_time.total_seconds() / 3600
        click.echo(f"at {settings.sender_mps:g} segments/s the pending texts take {hours:.1f} h")
    if report.will_expire:
        click.echo(
            f"WARNING: {report.will_expire} pending texts will expire before their turn: "
            "add senders (a Messaging Service pool) or narrow the audience"
        )
