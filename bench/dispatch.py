"""Dispatch benchmark: real `botapp dispatch` processes sending to a fake Twilio process.

Measures, on each database: throughput unpaced with one and two dispatchers (every text
checked at the fake for duplicates and losses), pacing accuracy at a set SENDER_MPS (the
busiest one-second window at the fake must not exceed it), and the peak RSS of a dispatcher
draining a large outbox.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as daytime
from pathlib import Path

from sqlalchemy import func, insert, select, update

from bench.databases import app_env
from bench.server import ROOT, botapp_process, free_port
from botapp.db import create_quiet_engine
from botapp.models import Agency, Direction, Message

FAKE_SID, FAKE_TOKEN = "AC" + "0" * 32, "fake-auth-token"
DEVNULL = Path(os.devnull)


@dataclass
class DispatchRow:
    """One measured scenario."""

    database: str
    scenario: str
    messages: int
    dispatchers: int
    seconds: float
    per_second: float
    duplicates: int
    lost: int
    detail: str = ""


@contextmanager
def fake_twilio(
    record: Path, sid: str = FAKE_SID, token: str = FAKE_TOKEN, callbacks_to: str | None = None
) -> Iterator[str]:
    """A fake Twilio in its own process; its accepted messages land in `record` at the end.
    With `callbacks_to` (the app's address), it POSTs each message's status callbacks there."""
    port = free_port()
    callbacks = ["--callbacks-to", callbacks_to] if callbacks_to else []
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "fake_twilio.py"),
            "--port",
            str(port),
            "--record",
            str(record),
            "--account-sid",
            sid,
            "--auth-token",
            token,
            *callbacks,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # the env line: it is listening
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        proc.stdout.close()


def fill(url: str, count: int, tag: str) -> None:
    """Queue `count` broadcast texts with distinct bodies, due now (quiet hours off), each to
    its own number as a broadcast is: one phone's texts go one after another (decision 4)."""
    engine = create_quiet_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(update(Agency).values(quiet_start=daytime(0), quiet_end=daytime(0)))
        for start in range(0, count, 10_000):
            conn.execute(
                insert(Message),
                [
                    {
                        "direction": Direction.OUTBOUND,
                        "phone": f"+1312{2_000_000 + i:07d}",
                        "status": "pending",
                        "body": f"{tag} {i:06d}: job fair Friday 10-2 at the library",
                        "category": "broadcast",
                        "priority": 50,
                        "segments": 1,
                        "encoding": "GSM-7",
                        "attempts": 0,
                        "not_before": now,
                        "expires_at": now + timedelta(days=2),
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(start, min(count, start + 10_000))
                ],
            )
    engine.dispose()


def sent(url: str) -> int:
    """How many outbox rows have a Twilio SID."""
    engine = create_quiet_engine(url)
    with engine.connect() as conn:
        n = conn.scalar(select(func.count()).where(Message.twilio_sid.is_not(None)))
    engine.dispose()
    return int(n or 0)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def twilio_env(
    url: str, base_url: str, mps: float, sid: str = FAKE_SID, token: str = FAKE_TOKEN
) -> dict[str, str]:
    """botapp's environment with the fake Twilio at `base_url` as its transport."""
    return {
        **app_env(url),
        "SMS_TRANSPORT": "twilio",
        "TWILIO_ACCOUNT_SID": sid,
        "TWILIO_AUTH_TOKEN": token,
        "TWILIO_API_BASE_URL": base_url,
        "TWILIO_FROM_NUMBER": "+13125550100",
        "SENDER_MPS": str(mps),
    }


def drain(
    url: str, base_url: str, count: int, dispatchers: int, mps: float, timeout: float
) -> tuple[float, float]:
    """Run dispatcher processes until `count` texts are sent; (seconds, peak RSS MB)."""
    env = twilio_env(url, base_url, mps)
    with ExitStack() as stack:
        pids = [
            stack.enter_context(botapp_process(["dispatch", "--batch", "100"], env, DEVNULL))
            for _ in range(dispatchers)
        ]
        started, peak = time.monotonic(), 0.0
        while sent(url) < count:
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{sent(url)} of {count} sent after {timeout:.0f} s")
            peak = max([peak, *(_peak_rss_mb(pid) for pid in pids)])
            time.sleep(0.2)
        return time.monotonic() - started, max([peak, *(_peak_rss_mb(pid) for pid in pids)])


def checked(record: Path, count: int) -> tuple[int, int, list[float]]:
    """(duplicates, lost, receive times) from what the fake accepted."""
    messages = json.loads(record.read_text())
    bodies = Counter(m["body"] for m in messages)
    duplicates = sum(n - 1 for n in bodies.values())
    return duplicates, count - len(bodies), sorted(m["received_at"] for m in messages)


def busiest_second(times: list[float]) -> int:
    """The most texts the fake took within any one-second window."""
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best
