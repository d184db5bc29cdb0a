"""`python -m bench broadcast`: enqueueing a broadcast to a big audience, and replies while it
drains (issue 16), on SQLite and PostgreSQL; writes its section of docs/performance.md."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import broadcast_data, broadcast_drain, cpu, databases, report
from bench.broadcast_drain import Outcome, Plan
from bench.broadcast_enqueue import FLOOR, SEND
from bench.broadcast_report import COMMAND, HEADING, TARGET_CLIENTS, Enqueue, Timing, section
from bench.server import ROOT

LIMITS = {
    "clients": (100, 1_000_000),
    "repeats": (1, 10),
    "rate": (0, 500),
    "seconds": (1, 600),
    "every": (0.2, 10),
    "mps": (1, 1000),
    "settle": (1, 120),
    "senders": (1, 10_000),
    "batch": (1, 1000),
    "quiet_wait": (0, 600),
}


def timed(mode: str, url: str, broadcast_id: int, at: datetime) -> Timing:
    """Run one enqueue (`bench.broadcast_enqueue`) in a fresh process; what it measured."""
    args = [mode, url, str(broadcast_id), at.isoformat()]
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.broadcast_enqueue", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"bench.broadcast_enqueue {mode} failed:\n{done.stderr[-2000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return Timing(found["rows"], found["seconds"], found["rss_before_mb"], found["rss_mb"])


def enqueue_on(kind: str, clients: int, pg_url: str, tmp: Path, mode: str, now: datetime) -> Timing:
    """`mode` on a fresh copy of the agency, with a fresh draft broadcast."""
    with broadcast_data.copy_of(kind, clients, pg_url, tmp) as url:
        broadcast_id = broadcast_data.add_broadcast(url, now)
        databases.checkpoint(url)  # the copy's own writes, out of the timed step's way
        return timed(mode, url, broadcast_id, broadcast_data.start_time(now))


def measure(
    kind: str, args: argparse.Namespace, tmp: Path, logs: Path, say: Callable[[str], None]
) -> tuple[Enqueue, Outcome | None, dict[str, int]]:
    """One database: the enqueue repeats, then (unless --seconds 0) the drain."""
    name = "SQLite" if kind == "sqlite" else "PostgreSQL"
    now = datetime.now(UTC)
    url = broadcast_data.cached(kind, args.clients, args.fresh, args.pg_url)
    version, languages = databases.server_version(url), broadcast_data.client_count(url)
    sends, floors = [], []
    for n in range(args.repeats):
        floors.append(enqueue_on(kind, args.clients, args.pg_url, tmp, FLOOR, now))
        sends.append(enqueue_on(kind, args.clients, args.pg_url, tmp, SEND, now))
        say(f"{name} repeat {n + 1}: {describe(sends[-1])}; baseline {describe(floors[-1])}")
    outcome = None
    if args.rate:
        plan = Plan(
            args.rate, args.seconds, args.every, args.mps, args.settle, args.senders, args.batch
        )
        with broadcast_data.copy_of(kind, args.clients, args.pg_url, tmp) as url:
            broadcast_id = broadcast_data.add_broadcast(url, now)
            broadcast_data.open_hours(url, now)
            at = now  # every text due at once, none deferred (open_hours)

            def enqueue() -> tuple[int, float]:
                t = timed(SEND, url, broadcast_id, at)
                return t.rows, t.seconds

            databases.checkpoint(url)
            if args.quiet_wait:
                say(f"{name}: other processes use {cpu.wait_for_quiet(args.quiet_wait):.2f} cores")
            outcome = broadcast_drain.run_one(name, url, args.clients, plan, logs, enqueue, say)
        for row in outcome.rows:
            say(broadcast_drain.summary(row))
    return Enqueue(name, version, sends, floors), outcome, languages


def describe(t: Timing) -> str:
    return f"{t.rows:,} rows in {t.seconds:.2f} s, peak RSS {t.rss_mb:.0f} MB"


def _parser() -> argparse.ArgumentParser:
    d = Plan()
    parser = argparse.ArgumentParser(prog="python -m bench broadcast", description=__doc__)
    parser.add_argument("--clients", type=int, default=TARGET_CLIENTS)
    parser.add_argument("--repeats", type=int, default=3, help="enqueues, each on a fresh copy")
    parser.add_argument("--rate", type=float, default=d.rate, help="other texts/s (0: no drain)")
    parser.add_argument("--seconds", type=float, default=d.seconds, help="per drain phase")
    parser.add_argument("--every", type=float, default=d.every, help="s between HELPs")
    parser.add_argument("--mps", type=float, default=d.mps, help="SENDER_MPS")
    parser.add_argument("--settle", type=float, default=d.settle, help="after each phase, at most")
    parser.add_argument(
        "--senders", type=int, default=d.senders, help="clients the other texts come from"
    )
    parser.add_argument(
        "--batch", type=int, default=d.batch, help="botapp dispatch --batch (texts per claim)"
    )
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--pg-url", default=databases.PG_DEFAULT, help="server and database")
    parser.add_argument("--fresh", action="store_true", help="build the cached data again")
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="before each drain, wait up to this many s for other processes to go quiet",
    )
    parser.add_argument("--label", default="", help="a first line for the run's facts")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser


def _terminate(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # unwinds every `finally`: processes, copies


def main(argv: list[str], say: Callable[[str], None] = print) -> int:
    """`python -m bench broadcast [--clients 100000] [--repeats 3] ...`."""
    args = _parser().parse_args(argv)
    for name, (low, high) in LIMITS.items():
        if not low <= getattr(args, name) <= high:
            sys.exit(f"--{name.replace('_', '-')} must be between {low} and {high}")
    if args.senders + 100 + 2 * args.seconds / args.every > args.clients:
        sys.exit("--clients must exceed --senders and the HELPs' own clients by 100")
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    if not kinds or set(kinds) - {"sqlite", "postgresql"}:
        sys.exit("--databases takes sqlite and/or postgresql")
    logs = ROOT / "bench" / "results" / datetime.now(UTC).strftime("broadcast-%Y%m%dT%H%M%S")
    logs.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started = os.getloadavg()[0]
    runs: list[Enqueue] = []
    outcomes: list[Outcome] = []
    languages: dict[str, int] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="botapp-bench-broadcast-") as tmp:
            for kind in kinds:
                run, outcome, languages = measure(kind, args, Path(tmp), logs, say)
                runs.append(run)
                outcomes += [outcome] if outcome else []
    except KeyboardInterrupt:
        print("interrupted; processes stopped and the copies dropped", file=sys.stderr)
        return 130
    text = section(runs, outcomes, languages, args, (started, os.getloadavg()[0]))
    report.publish(text, logs, HEADING, f"- Broadcasts: `{COMMAND}`", not args.no_write, say)
    return 0
