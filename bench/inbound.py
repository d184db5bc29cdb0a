"""The inbound webhook benchmark: the floor and botapp's /sms/inbound on each database."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench import cpu, databases, inbound_worker, loadgen, paired, traffic
from bench.loadgen import Pool, Sample, drain, open_loop
from bench.server import Gunicorn, serve

APPS = {
    "floor": "bench.floor_app:create_app()",
    "inbound": "botapp:create_app()",
    # The same webhook while a `botapp inbound` process acts on what it records.
    "inbound + worker": "botapp:create_app()",
}
# The targets: max throughput ≥ 0.6 of the floor's, p99 ≤ 25 ms at 500 req/s offered.
TARGET_RATIO, TARGET_P99_MS, TARGET_RATE = 0.6, 25.0, 500.0
MAX_RPS_BUDGET = 3000  # requests signed per second of the closed-loop phase (its upper bound)


@dataclass(frozen=True)
class Load:
    """What the generator offers; every count and duration is bounded by the CLI."""

    rate: float = 500.0
    seconds: float = 10.0
    warmup: float = 2.0
    max_seconds: float = 8.0  # closed loop, per endpoint: its rounds together
    concurrency: int = 16
    connections: int = 32
    blocks: int = 4  # A B B A blocks the floor's and the webhook's rounds alternate in

    @property
    def round_seconds(self) -> float:
        return self.max_seconds / (2 * self.blocks)


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
    block_ratios: tuple[float, ...] = ()  # max throughput over the floor's, per A B B A block
    samples: tuple[Sample, ...] = field(default=(), repr=False)  # the timed open loop's


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of `values` (nan if empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


async def _warm(port: int, load: Load, requests: Sequence[bytes]) -> None:
    pool = Pool(port, load.connections)
    try:
        await pool.fill()
        await open_loop(pool, requests, load.rate)
    finally:
        pool.close()
    await drain(port)  # nothing an overloaded phase left may load the next one


async def _timed(
    port: int, pid: int, load: Load, requests: Sequence[bytes], url: str
) -> tuple[list[Sample], cpu.Usage]:
    """The open loop at the offered rate, on a drained server and a checkpointed database."""
    await drain(port)
    databases.checkpoint(url)
    pool = Pool(port, load.connections)
    try:
        await pool.fill()
        before = cpu.snapshot(pid)
        timed = await open_loop(pool, requests, load.rate)
        return timed, cpu.between(before, cpu.snapshot(pid))
    finally:
        pool.close()


@dataclass(frozen=True)
class _Split:
    """One endpoint's requests: the warm-up, the closed-loop rounds, the timed open loop."""

    warm: list[bytes]
    closed: list[bytes]
    timed: list[bytes]

    @classmethod
    def of(cls, requests: list[bytes], load: Load) -> _Split:
        n_warm, n_timed = int(load.rate * load.warmup), int(load.rate * load.seconds)
        return cls(
            requests[:n_warm],
            requests[n_warm + n_timed :],
            requests[n_warm : n_warm + n_timed],
        )


def _row(
    database: str,
    endpoint: str,
    load: Load,
    timed: tuple[list[Sample], cpu.Usage],
    closed: paired.Tally,
    ratios: tuple[float, ...] = (),
) -> Row:
    samples, usage = timed
    ok = [s for s in samples if s.status == 200]
    window = max(s.done for s in samples) - samples[0].due
    answered = [(s.done - s.due) * 1000 for s in samples if s.status]
    return Row(
        database=database,
        endpoint=endpoint,
        offered=load.rate,
        achieved=len(ok) / window,
        p50_ms=percentile(answered, 50),
        p99_ms=percentile(answered, 99),
        errors=len(samples) - len(ok),
        requests=len(samples),
        max_rps=closed.max_rps,
        max_errors=closed.errors,
        usage=usage,
        cpu_per_answer_ms=closed.cpu_per_answer_ms,
        block_ratios=ratios,
        samples=tuple(samples),
    )


async def _drive_pair(
    database: str,
    url: str,
    servers: tuple[tuple[int, int], tuple[int, int]],
    load: Load,
    splits: tuple[_Split, _Split],
) -> tuple[Row, Row]:
    """The floor (A) and botapp (B), both serving: warm-ups, A B B A rounds, then each timed."""
    for (port, _pid), split in zip(servers, splits, strict=True):
        await _warm(port, load, split.warm)
    floor, webhook = await paired.alternate(
        servers,
        (splits[0].closed, splits[1].closed),
        load.blocks,
        load.round_seconds,
        load.concurrency,
    )
    timed = [
        await _timed(port, pid, load, split.timed, url)
        for (port, pid), split in zip(servers, splits, strict=True)
    ]
    ratios = tuple(paired.block_ratios(floor, webhook))
    return (
        _row(database, "floor", load, timed[0], floor),
        _row(database, "inbound", load, timed[1], webhook, ratios),
    )


async def _drive_alone(
    database: str, url: str, server: tuple[int, int], load: Load, split: _Split
) -> Row:
    """One server: warm-up, one closed-loop round as long as all of a pair's rounds, timed."""
    port, pid = server
    await _warm(port, load, split.warm)
    closed = await paired.measure_round(port, pid, split.closed, load.concurrency, load.max_seconds)
    timed = await _timed(port, pid, load, split.timed, url)
    return _row(database, "inbound + worker", load, timed, paired.Tally((closed,)))


Maker = Callable[[], AbstractContextManager[str]]


def each_database(kinds: list[str], tmp: Path, pg_url: str) -> Iterator[tuple[str, Maker]]:
    """Each kind's name in reports and how to make a fresh database of it."""
    for kind in kinds:
        if kind == "sqlite":
            yield "SQLite", lambda: databases.sqlite(tmp)
        else:
            yield "PostgreSQL", lambda: databases.postgresql(pg_url)


def _quiet(quiet_wait: float, what: str, say: Callable[[str], None]) -> None:
    if quiet_wait:
        busy = cpu.wait_for_quiet(quiet_wait)
        say(f"{what}: other processes use {busy:.2f} cores before start")


def _keep(row: Row, say: Callable[[str], None], logs: Path) -> None:
    """Write the row's timed requests to a CSV beside the server logs, and print the row."""
    name = f"samples-{row.database}-{row.endpoint}".lower().replace(" + ", "-").replace(" ", "-")
    loadgen.write_samples(logs / f"{name}.csv", row.samples)
    _say_row(row, say)


def _say_row(row: Row, say: Callable[[str], None]) -> None:
    u = row.usage
    ratios = ", ".join(f"{r:.2f}" for r in row.block_ratios)
    runs = loadgen.stalls(row.samples, TARGET_P99_MS)
    slow = "; ".join(f"{n} from {at:.2f} s (worst {w:.0f} ms)" for at, n, w in runs[:5])
    say(
        f"{row.database} {row.endpoint}: {row.achieved:.0f} req/s, p50 {row.p50_ms:.1f} ms, "
        f"p99 {row.p99_ms:.1f} ms, {row.errors} errors, max {row.max_rps:.0f} req/s "
        f"at {row.cpu_per_answer_ms:.1f} ms server CPU each"
        + (f" (ratio to the floor by block: {ratios})" if ratios else "")
        + f"; cores: server {u.server:.2f}, generator {u.generator:.2f}, "
        f"postgres {u.postgres:.2f}, other {u.other:.2f}, steal {u.steal:.2f}"
        + (f"; over {TARGET_P99_MS:.0f} ms: {slow}" if runs else "")
    )


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
    """Every endpoint on every database kind; returns the rows and each database's version.

    The floor and the webhook serve side by side and alternate (`bench.paired`); then the
    webhook again, alone, while a `botapp inbound` worker acts on what it records.
    """
    rows: list[Row] = []
    versions: dict[str, str] = {}
    count = int(load.rate * (load.warmup + load.seconds)) + int(MAX_RPS_BUDGET * load.max_seconds)
    for name, make in each_database(kinds, tmp, pg_url):
        with make() as url:
            versions[name] = databases.server_version(url)
            env = {**databases.app_env(url), "BENCH_FLOOR_ENGINE": floor_engine}
            say(f"{name}: signing {3 * count} webhooks")
            splits = [
                _Split.of(traffic.raw_requests(traffic.signed(count, seed=len(rows) + i)), load)
                for i in range(3)
            ]
            worker_log = logs / f"inbound-{name.lower()}.log"
            databases.checkpoint(url)
            _quiet(quiet_wait, f"{name} floor and inbound", say)
            with ExitStack() as stack:
                floor_server, webhook_server = (
                    stack.enter_context(
                        serve(APPS[e], env, config, logs / f"gunicorn-{name.lower()}-{e}.log")
                    )
                    for e in ("floor", "inbound")
                )
                servers = (floor_server, webhook_server)
                say(f"{name} floor and inbound: serving, {load.blocks} blocks of A B B A rounds")
                pair = loadgen.run(_drive_pair(name, url, servers, load, (splits[0], splits[1])))
            floor, webhook = pair
            webhook = replace(webhook, drain=inbound_worker.drain(url, worker_log))
            for row in (floor, webhook):
                _keep(row, say, logs)
            databases.checkpoint(url)
            _quiet(quiet_wait, f"{name} inbound + worker", say)
            with ExitStack() as stack:
                stack.enter_context(inbound_worker.running(url, worker_log))
                log = logs / f"gunicorn-{name.lower()}-inbound-worker.log"
                server = stack.enter_context(serve(APPS["inbound + worker"], env, config, log))
                both = loadgen.run(_drive_alone(name, url, server, load, splits[2]))
            both = replace(both, drain=inbound_worker.drain(url, worker_log))
            _keep(both, say, logs)
            rows += [floor, webhook, both]
    return rows, versions
