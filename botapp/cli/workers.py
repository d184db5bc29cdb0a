"""`botapp dispatch` (the worker process) and `botapp serve` (the one-process demo)."""

from __future__ import annotations

import signal
import threading
from datetime import timedelta
from types import FrameType

import click
from flask import current_app
from flask.cli import with_appcontext

from botapp.delivery.worker import build_dispatcher, start_thread


@click.command("dispatch")
@click.option("--batch", default=50, show_default=True, help="Rows claimed per round.")
@click.option(
    "--stale-after",
    default=60.0,
    show_default=True,
    help="Seconds after which another dispatcher's claim counts as abandoned.",
)
@with_appcontext
def dispatch(batch: int, stale_after: float) -> None:
    """Send the outbox until stopped (SIGTERM or Ctrl-C finish the text in hand first)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    dispatcher = build_dispatcher(app, batch=batch, stale_after=timedelta(seconds=stale_after))
    stop = threading.Event()

    def _stop(_sig: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        dispatcher.run(stop)
    finally:
        dispatcher.close()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Run the web app and a dispatcher in one process (the demo; production uses the Procfile)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _thread, stop = start_thread(app)
    try:
        app.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        stop.set()
