"""`python -m bench inbound [flags]`: run a benchmark, print it, update docs/performance.md.

The others, each with its own flags (`python -m bench NAME --help`): clock, dispatch, crisis,
web, broadcast, mutation.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from bench import broadcast, clock, crisis_report, dispatch_report, mutation, report, web
from bench.databases import PG_DEFAULT
from bench.inbound import Load, run
from bench.server import ROOT, Gunicorn

LIMITS = {
    "rate": (1, 5000),
    "seconds": (1, 120),
    "warmup": (0, 30),
    "max_seconds": (1, 60),
    "blocks": (1, 20),
    "quiet_wait": (0, 600),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="benchmark", required=True)
    p = sub.add_parser("inbound", help="POST /sms/inbound against the floor, SQLite and PostgreSQL")
    d, g = Load(), Gunicorn()
    p.add_argument("--rate", type=float, default=d.rate, help="offered requests/s (open loop)")
    p.add_argument("--seconds", type=float, default=d.seconds, help="timed open-loop phase")
    p.add_argument("--warmup", type=float, default=d.warmup, help="untimed phase at --rate first")
    p.add_argument(
        "--max-seconds",
        type=float,
        default=d.max_seconds,
        help="closed loop per endpoint (the floor's and the webhook's rounds alternate)",
    )
    p.add_argument("--blocks", type=int, default=d.blocks, help="A B B A blocks of rounds")
    p.add_argument("--concurrency", type=int, default=d.concurrency, help="closed-loop senders")
    p.add_argument("--connections", type=int, default=d.connections, help="open-loop pool size")
    p.add_argument("--workers", type=int, default=g.workers)
    p.add_argument("--worker-class", default=g.worker_class, choices=["gthread", "sync"])
    p.add_argument("--threads", type=int, default=g.threads, help="per worker (gthread)")
    p.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    p.add_argument("--pg-url", default=PG_DEFAULT, help="server and database for the schema")
    p.add_argument(
        "--floor-engine",
        default="plain",
        choices=["plain", "botapp"],
        help="the floor's engine: a plain pool, or botapp.db.make_engine",
    )
    p.add_argument(
        "--quiet-wait",
        type=float,
        default=120.0,
        help="before each server, wait up to this many s for other processes to go quiet",
    )
    p.add_argument("--no-write", action="store_true", help="print only; leave the docs alone")
    return parser


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # unwinds every `finally`: servers, schema


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["clock"]:  # its own flags: python -m bench clock --help
        return clock.main(argv[1:])
    if argv[:1] == ["dispatch"]:  # its own flags: python -m bench dispatch --help
        return dispatch_report.main(argv[1:])
    if argv[:1] == ["crisis"]:  # its own flags: python -m bench crisis --help
        return crisis_report.main(argv[1:])
    if argv[:1] == ["web"]:  # its own flags: python -m bench web --help
        return web.main(argv[1:])
    if argv[:1] == ["broadcast"]:  # its own flags: python -m bench broadcast --help
        return broadcast.main(argv[1:])
    if argv[:1] == ["mutation"]:  # its own flags: python -m bench mutation --help
        return mutation.main(argv[1:])
    args = _parser().parse_args(argv)
    for name, (low, high) in LIMITS.items():
        if not low <= getattr(args, name) <= high:
            sys.exit(f"--{name.replace('_', '-')} must be between {low} and {high}")
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    if not kinds or set(kinds) - {"sqlite", "postgresql"}:
        sys.exit("--databases takes sqlite and/or postgresql")
    if not (1 <= args.concurrency <= 256 and 1 <= args.connections <= 256):
        sys.exit("--concurrency and --connections must be between 1 and 256")
    load = Load(
        args.rate,
        args.seconds,
        args.warmup,
        args.max_seconds,
        args.concurrency,
        args.connections,
        args.blocks,
    )
    config = Gunicorn(args.workers, args.worker_class, args.threads)
    logs = ROOT / "bench" / "results" / datetime.now(UTC).strftime("inbound-%Y%m%dT%H%M%S")
    logs.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    try:
        with tempfile.TemporaryDirectory(prefix="botapp-bench-") as tmp:
            rows, versions = run(
                kinds,
                load,
                config,
                Path(tmp),
                logs,
                args.pg_url,
                args.floor_engine,
                args.quiet_wait,
            )
    except KeyboardInterrupt:
        print("interrupted; servers stopped and the benchmark schema dropped", file=sys.stderr)
        return 130
    text = report.section(rows, config, load, versions, args.floor_engine)
    print("\n" + text)
    (logs / "section.md").write_text(text, encoding="utf-8")
    if not args.no_write:
        report.write(text)
        print(f"wrote the '{report.HEADING}' section of {report.DOC.relative_to(ROOT)}")
    print(f"server logs: {logs.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
