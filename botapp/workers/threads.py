"""Building and running dispatchers and mailers: as their own process, or as a thread of the
demo (the mailer also runs as a thread of `botapp dispatch`)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from flask import Flask

from botapp.config import Settings, sessions_of, settings_of
from botapp.transport.base import build_transport
from botapp.transport.smtp import build_email_transport
from botapp.workers.dispatcher import Dispatcher
from botapp.workers.mailer import Mailer
from botapp.workers.pacing import Pacer

log = logging.getLogger(__name__)

# Slots are ~11% wider than SENDER_MPS allows: texts reach Twilio spread out after their
# slots, so a one-second window there could otherwise hold one too many
# (docs/decisions/0006-pacing-in-the-database.md).
PACING_HEADROOM = 0.9


def build_dispatcher(
    app: Flask,
    *,
    batch: int = 50,
    stale_after: timedelta = timedelta(seconds=60),
    send_timeout: float | None = None,
) -> Dispatcher:
    """A dispatcher using the app's database, transport setting and sender pacing."""
    settings = settings_of(app)
    sessions = sessions_of(app)
    transport = build_transport(settings, send_timeout)
    pacer = Pacer(sessions, settings.sender, send_rate(settings, transport.name))
    return Dispatcher(sessions, settings, transport, pacer, batch=batch, stale_after=stale_after)


def send_rate(settings: Settings, transport: str) -> float:
    """The segments per second to pace at: SENDER_MPS with headroom, 0 (unpaced) for the console.

    SENDER_MPS is a carrier's limit on a real sender; the console has none, and pacing it made
    a demo reply wait seconds behind an earlier text.
    """
    return 0.0 if transport == "console" else settings.sender_mps * PACING_HEADROOM


def start_thread(app: Flask) -> tuple[threading.Thread, threading.Event]:
    """Run a dispatcher in a daemon thread (the single-process demo); set the event to stop."""
    dispatcher = build_dispatcher(app)
    stop = threading.Event()
    thread = threading.Thread(target=dispatcher.run, args=(stop,), name="dispatcher", daemon=True)
    thread.start()
    return thread, stop


def build_mailer(app: Flask, **options: Any) -> Mailer | None:
    """A mailer using the app's database and email transport; None when emails must wait for
    SMTP_URL (outside development, where they are not printed)."""
    settings = settings_of(app)
    transport = build_email_transport(settings)
    if transport is None:
        log.warning("SMTP_URL is not set: emails wait in the outbox until it is")
        return None
    return Mailer(sessions_of(app), transport, settings.alert_email_from, **options)


def start_mailer(app: Flask, stop: threading.Event) -> threading.Thread | None:
    """Run a mailer in a daemon thread until `stop` is set (beside a dispatcher, or in the
    demo); None when there is none to run."""
    mailer = build_mailer(app)
    if mailer is None:
        return None
    thread = threading.Thread(target=mailer.run, args=(stop,), name="mailer", daemon=True)
    thread.start()
    return thread
