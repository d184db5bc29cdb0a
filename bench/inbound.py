"""The inbound webhook benchmark: the floor and botapp's /sms/inbound on each database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from bench import cpu, databases, inbound_worker, loadgen, traffic
from bench.loadgen import Pool, Sample, closed_loop, drain, open_loop
from bench.server import Gunicorn, serve

APPS = {
    "floor": "bench.floor_app:create_app()",
    "inbound": "botapp:create_app()",
    # The same webhook while a `botapp inbound` process acts on what it records.
    "inbound + worker": "botapp:create_app()",
}
MAX_RPS_BUDGET = 3000  # requests signed per second of the closed-loop phase (its upper bound)


@dataclass(frozen=True)
class Load:
    """What the generator offers; every count and duration is bounded by the CLI."""

    rate: float = 500.0
    seconds: float = 10.0
    warmup: float = 2.0
    max_seconds: float = 5.0
    concurrency: int = 16
    connections: int = 32


@dataclass(frozen=True)
class Row:
    """One line of the report: an endpoint on a database."""

    database: str
    endpoint: str
    offered: float
    achieved: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    max_rps: float
    max_errors: int
    usage: cpu.Usage  # cores used during the open-loop phase
    cpu_per_answer_ms: float  # server CPU per 200 answer in the closed loop
    drain: inbound_worker.Drain | None = None  # botapp: the worker acting on what was left


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of `values` (nan if empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


@dataclass(frozen=True)
class _Phases:
    timed: list[Sample]
    usage: cpu.Usage
    closed: list[Sample]
    elapsed: float
    closed_usage: cpu.Usage


async def _drive(port: int, pid: int, load: Load, requests: list[bytes]) -> _Phases:
    """Warm up at the offered rate, then the closed loop, then the timed open loop.

    Before each measured phase the server is drained of what an overloaded phase left.
    """
    n_warm, n_timed = int(load.rate * load.warmup), int(load.rate * load.seconds)
    warm, timed_part, rest = (
        requests[:n_warm],
        requests[n_warm : n_warm + n_timed],
        requests[n_warm + n_timed :],
    )
    pool = Pool(port, load.connections)
    try:
        await pool.fill()
        await open_loop(pool, warm, load.rate)
    finally:
        pool.close()
    await drain(port)
    pool = Pool(port, load.concurrency)
    try:
        await pool.fill()
        before = cpu.snapshot(pid)
        closed, elapsed = await closed_loop(pool, rest, load.concurrency, load.max_seconds)
        closed_usage = cpu.between(before, cpu.snapshot(pid))
    finally:
        pool.close()
    await drain(port)
    pool = Pool(port, load.connections)
    try:
        await pool.fill()
        before = cpu.snapshot(pid)
        timed = await open_loop(pool, timed_part, load.rate)
        usage = cpu.between(before, cpu.snapshot(pid))
    finally:
        pool.close()
    return _Phases(timed, usage, closed, elapsed, closed_usage)


def measure(
    database: str, endpoint: str, port: int, pid: int, load: Load, requests: list[bytes]
) -> Row:
    """Drive the server on `port` (see `_drive`) and sum up what it answered."""
    run = loadgen.run(_drive(port, pid, load, requests))
    ok = [s for s in run.timed if s.status == 200]
    window = max(s.done for s in run.timed) - run.timed[0].due
    answered = [(s.done - s.due) * 1000 for s in run.timed if s.status]
    max_rps = sum(1 for s in run.closed if s.status == 200) / run.elapsed
    return Row(
        database=database,
        endpoint=endpoint,
        offered=load.rate,
        achieved=len(ok) / window,
        p50_ms=percentile(answered, 50),
        p99_ms=percentile(answered, 99),
        errors=len(run.timed) - len(ok),
        requests=len(run.timed),
        max_rps=max_rps,
        max_errors=sum(1 for s in run.closed if s.status != 200),
        usage=run.usage,
        cpu_per_answer_ms=run.closed_usage.server / max_rps * 1000 if max_rps else float("nan"),
    )


Maker = Callable[[], AbstractContextManager[str]]


def _databases(kinds: list[str], tmp: Path, pg_url: str) -> Iterator[tuple[str, Maker]]:
    for kind in kinds:
        if kind == "sqlite":
            yield "SQLite", lambda: databases.sqlite(tmp)
        else:
            yield "PostgreSQL", lambda: databases.postgresql(pg_url)


def run(
    kinds: list[str],
    load: Load,
    config: Gunicorn,
    tmp: Path,
    logs: Path,
    pg_url: str,
    floor_engine: str = "plain",
    quiet_wait: float = 0.0,
    say: Callable[[str], None] = print,
) -> tuple[list[Row], dict[str, str]]:
    """Every endpoint on every database kind; returns the rows and each database's version."""
    rows: list[Row] = []
    versions: dict[str, str] = {}
    count = int(load.rate * (load.warmup + load.seconds)) + int(MAX_RPS_BUDGET * load.max_seconds)
    for name, make in _databases(kinds, tmp, pg_url):
        with make() as url:
            versions[name] = databases.server_version(url)
            for endpoint, app in APPS.items():
                say(f"{name} {endpoint}: signing {count} webhooks")
                requests = traffic.raw_requests(traffic.signed(count, seed=len(rows)))
                log = logs / f"gunicorn-{name.lower()}-{endpoint}.log"
                env = {**databases.app_env(url), "BENCH_FLOOR_ENGINE": floor_engine}
                databases.checkpoint(url)
                if quiet_wait:
                    busy = cpu.wait_for_quiet(quiet_wait)
                    say(f"{name} {endpoint}: other processes use {busy:.2f} cores before start")
                worker_log = logs / f"inbound-{name.lower()}.log"
                with ExitStack() as stack:
                    if endpoint == "inbound + worker":
                        stack.enter_context(inbound_worker.running(url, worker_log))
                    port, pid = stack.enter_context(serve(app, env, config, log))
                    say(f"{name} {endpoint}: serving on 127.0.0.1:{port}, driving")
                    row = measure(name, endpoint, port, pid, load, requests)
                if endpoint != "floor":
                    d = inbound_worker.drain(url, worker_log)
                    row = replace(row, drain=d)
                    say(f"{name} {endpoint}: worker acted on {d.waiting} left in {d.seconds:.1f} s")
                u = row.usage
                say(
                    f"{name} {endpoint}: {row.achieved:.0f} req/s, p50 {row.p50_ms:.1f} ms, "
                    f"p99 {row.p99_ms:.1f} ms, {row.errors} errors, max {row.max_rps:.0f} req/s "
                    f"at {row.cpu_per_answer_ms:.1f} ms server CPU each; "
                    f"cores: server {u.server:.2f}, generator {u.generator:.2f}, "
                    f"postgres {u.postgres:.2f}, other {u.other:.2f}, steal {u.steal:.2f}"
                )
                rows.append(row)
    return rows, versions
