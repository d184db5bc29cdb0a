"""The inbound worker in the inbound benchmark: a real `botapp inbound` process.

The webhook only records texts; this measures the other half: how fast one worker acts on
what the webhook recorded (consent keywords, the open question, the inbox, the replies).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bench import databases
from bench.server import botapp_process
from botapp.db import create_quiet_engine
from botapp.workers import inbound as inbound_queue


@dataclass(frozen=True)
class Drain:
    """Texts left waiting when the load stopped, and how long one worker took to finish them."""

    waiting: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.waiting / self.seconds if self.seconds else float("nan")


def waiting(url: str) -> int:
    """Inbound texts not yet acted on."""
    engine = create_quiet_engine(url)
    try:
        with Session(engine) as session:
            return inbound_queue.waiting(session).count
    finally:
        engine.dispose()


@contextmanager
def running(url: str, log: Path) -> Iterator[None]:
    """One `botapp inbound` process on `url` for the duration of the block."""
    with botapp_process(["inbound"], databases.app_env(url), log):
        yield


def drain(url: str, log: Path, limit: float = 600.0) -> Drain:
    """Start a worker and time it until no text waits (or `limit` s pass)."""
    left = waiting(url)
    start = time.monotonic()
    with running(url, log):
        while waiting(url) and time.monotonic() - start < limit:
            time.sleep(0.2)
    return Drain(left - waiting(url), time.monotonic() - start)
