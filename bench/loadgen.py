"""An HTTP/1.1 load generator on raw asyncio streams: a connection pool, open and closed loop.

Requests are complete byte strings built beforehand, so sending one costs a socket write and
parsing the answer costs a header split: the generator stays far from being the bottleneck.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

now = time.perf_counter  # not loop.time(): uvloop's clock has millisecond steps
HOST = "127.0.0.1"  # the only host this generator is allowed to talk to
TIMEOUT = 10.0  # per request: an answer slower than this counts as an error (status 0)


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` on uvloop when installed (the `bench` extra): cheaper connects and reads."""
    factory: Callable[[], asyncio.AbstractEventLoop] | None = None
    try:
        import uvloop

        factory = uvloop.new_event_loop
    except ImportError:
        pass
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)


def event_loop_name() -> str:
    """Which event loop `run` uses, for the report."""
    try:
        return f"uvloop {version('uvloop')}"
    except PackageNotFoundError:
        return "asyncio"


@dataclass(frozen=True)
class Sample:
    """One request: when it was due (open loop) or sent (closed loop), when answered, status."""

    due: float
    done: float
    status: int  # 0: no HTTP answer (connection error or timeout)


def write_samples(path: Path, samples: Sequence[Sample]) -> None:
    """One CSV line per request: when it was due (UTC wall clock), its latency in ms, status.

    The wall clock lines the requests up with the database's and the system's logs.
    """
    to_wall = time.time() - now()
    lines = ["due_utc,latency_ms,status"]
    for s in samples:
        due = datetime.fromtimestamp(s.due + to_wall, UTC).strftime("%H:%M:%S.%f")
        lines.append(f"{due},{(s.done - s.due) * 1000:.2f},{s.status}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def stalls(
    samples: Sequence[Sample], over_ms: float, gap: float = 0.05
) -> list[tuple[float, int, float]]:
    """Runs of requests slower than `over_ms` whose due times lie within `gap` s of each other.

    Returns (seconds into the phase, how many, the slowest in ms) per run: one stall of the
    server, the database or the machine shows up as one run of many late requests.
    """
    if not samples:
        return []
    start = samples[0].due
    runs: list[tuple[float, int, float]] = []
    last = float("-inf")
    for s in samples:
        latency = (s.done - s.due) * 1000
        if latency <= over_ms:
            continue
        if runs and s.due - last <= gap:
            at, count, worst = runs[-1]
            runs[-1] = (at, count + 1, max(worst, latency))
        else:
            runs.append((s.due - start, 1, latency))
        last = s.due
    return runs


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer, self.used = reader, writer, False

    def close(self) -> None:
        self.writer.close()


class Pool:
    """At most `size` requests in flight to 127.0.0.1:`port`, over reused keep-alive connections.

    Idle connections are taken oldest first, so requests rotate over all of them.
    """

    def __init__(self, port: int, size: int) -> None:
        self.port, self.size = port, size
        self.slots = asyncio.Semaphore(size)
        self.idle: collections.deque[_Conn] = collections.deque()

    async def fill(self) -> None:
        """Open every connection now, so none is opened inside a timed phase."""
        missing = self.size - len(self.idle)
        self.idle.extend(await asyncio.gather(*(self._connect() for _ in range(missing))))

    async def _connect(self) -> _Conn:
        return _Conn(*await asyncio.open_connection(HOST, self.port))

    async def send(self, request: bytes) -> int:
        """Send one request and read its whole answer; return the HTTP status (0: none)."""
        async with self.slots:
            for _attempt in range(2):  # a reused connection the server closed is retried once
                try:
                    conn = self.idle.popleft() if self.idle else await self._connect()
                except OSError:
                    return 0
                reused = conn.used
                try:
                    status, keep = await _exchange(conn, request)
                except (OSError, asyncio.IncompleteReadError) as exc:
                    conn.close()
                    stale = isinstance(exc, asyncio.IncompleteReadError) and not exc.partial
                    if reused and stale:
                        continue
                    return 0
                except BaseException:  # cancelled (timeout): the answer may still come; drop
                    conn.close()
                    raise
                if keep:
                    conn.used = True
                    self.idle.append(conn)
                else:
                    conn.close()
                return status
            return 0

    def close(self) -> None:
        while self.idle:
            self.idle.popleft().close()


async def _exchange(conn: _Conn, request: bytes) -> tuple[int, bool]:
    conn.writer.write(request)
    head = await conn.reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = (line.partition(":") for line in lines[1:] if line)
    headers = {k.strip().lower(): v.strip() for k, _, v in fields}
    keep = headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        await conn.reader.readexactly(int(headers["content-length"]))
    else:  # no length: the body runs to the end of the connection
        await conn.reader.read()
        keep = False
    return status, keep


HEALTH = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


async def drain(port: int, quick: float = 0.2, limit: float = 180.0) -> float:
    """Wait until a health check is answered within `quick` s; return the seconds waited.

    After an overloaded phase the server still holds requests the generator gave up on (a
    sync worker answers each connection in its backlog, abandoned or not); they would load
    the next phase.
    """
    start = now()
    pool = Pool(port, 1)
    try:
        while now() - start < limit:
            sent = now()
            try:
                status = await asyncio.wait_for(pool.send(HEALTH), limit)
            except TimeoutError:
                status = 0
            if status == 200 and now() - sent < quick:
                break
            await asyncio.sleep(0.1)
    finally:
        pool.close()
    return now() - start


async def _timed(pool: Pool, request: bytes, due: float) -> Sample:
    try:
        status = await asyncio.wait_for(pool.send(request), TIMEOUT)
    except TimeoutError:
        status = 0
    return Sample(due, now(), status)


@contextmanager
def no_collector_pauses() -> Iterator[None]:
    """Keep Python's cycle collector from stopping the generator during a timed phase.

    The generator holds tens of thousands of prepared requests; a full collection of them
    took 70-110 ms, during which nothing was sent, and every request due meanwhile was timed
    as if the server had been that slow (one pause made the whole p99 of a 10 s phase: 25-52
    ms against 9-12 ms without). Everything alive now is frozen out of the collector's
    reach, and it stays off until the phase ends (reference counting still frees the rest).
    """
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


async def open_loop(pool: Pool, requests: Sequence[bytes], rate: float) -> list[Sample]:
    """Send request i at start + i/rate whatever came back; latency counts from that due time."""
    with no_collector_pauses():
        start = now() + 0.01
        tasks = []
        for i, request in enumerate(requests):
            due = start + i / rate
            delay = due - now()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_timed(pool, request, due)))
        return list(await asyncio.gather(*tasks))


@dataclass(frozen=True)
class Posted:
    """One paced request: when it was posted (wall clock, as the fake Twilio stamps), status."""

    at: float
    status: int  # 0: no HTTP answer (connection error or timeout)


async def _posted(pool: Pool, request: bytes) -> Posted:
    at = time.time()
    try:
        status = await asyncio.wait_for(pool.send(request), TIMEOUT)
    except TimeoutError:
        status = 0
    return Posted(at, status)


async def paced(pool: Pool, requests: Sequence[bytes], every: float) -> list[Posted]:
    """Send one request every `every` s, half a period in (between an open loop's requests)."""
    start, tasks = now(), []
    for i, request in enumerate(requests):
        delay = start + (i + 0.5) * every - now()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_posted(pool, request)))
    return list(await asyncio.gather(*tasks))


async def paced_among(
    port: int,
    timed: Sequence[bytes],
    every: float,
    background: Sequence[bytes],
    rate: float,
    connections: int,
) -> tuple[list[Sample], list[Posted]]:
    """`timed` paced every `every` s on two connections of their own, while `background` (if
    any) runs open loop at `rate` over at most `connections`; each one's results in order.

    Each text opens its connection when it is sent, as Twilio's do: gunicorn's sync workers
    close a connection after one answer, and one opened ahead waiting idle holds a worker.
    """
    pool, alarms = Pool(port, connections), Pool(port, 2)
    try:
        posts = asyncio.create_task(paced(alarms, timed, every))
        samples = await open_loop(pool, background, rate) if background else []
        return samples, await posts
    finally:
        pool.close()
        alarms.close()


async def closed_loop(
    pool: Pool, requests: Sequence[bytes], concurrency: int, seconds: float
) -> tuple[list[Sample], float]:
    """`concurrency` senders, each sending its next request as soon as the last is answered.

    Stops after `seconds` or when `requests` run out; returns the samples and the elapsed time.
    """
    queue = iter(requests)
    samples: list[Sample] = []

    async def sender(deadline: float) -> None:
        for request in queue:
            if now() >= deadline:
                return
            samples.append(await _timed(pool, request, now()))

    with no_collector_pauses():
        start = now()
        await asyncio.gather(*(sender(start + seconds) for _ in range(concurrency)))
        return samples, now() - start
