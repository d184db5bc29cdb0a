"""The loop of the dispatcher and the mailer: rounds until told to stop, idle when none was busy."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable


def run_rounds(
    run_once: Callable[[], int],
    stop: threading.Event,
    idle: float,
    log: logging.Logger,
    name: str,
) -> None:
    """Call `run_once` until `stop` is set, waiting `idle` s after a round that handled nothing.

    A round that fails is logged and the next one goes on: what it had claimed is recovered
    as a stopped sender's claims are.
    """
    while not stop.is_set():
        try:
            busy = run_once()
        except Exception:  # noqa: BLE001 - a worker outlives one bad round
            log.exception("%s round failed; claims will be recovered", name)
            busy = 0
        if not busy:
            stop.wait(idle)
