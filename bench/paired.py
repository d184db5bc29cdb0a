"""Two servers' max throughput in alternating closed-loop rounds (A B B A), so drift cancels.

This machine's speed drifts while it runs (other sessions share it): in one day the same
floor took 0.7 to 1.8 ms of CPU per answer. Measuring the floor's max and then botapp's 40 s
later made their ratio as noisy as the margin it is judged by (0.54 to 0.96 on the same code).
Here both servers run at once and take turns: each block is four short rounds, A B B A, so a
drift that is linear over the block's few seconds weighs on both alike. Each block gives a
ratio; the median over the blocks is the figure, their range says how far to trust it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bench import cpu
from bench.loadgen import Pool, closed_loop

ORDER = (0, 1, 1, 0)  # A B B A


@dataclass(frozen=True)
class Round:
    """One closed-loop round of one server."""

    answered: int  # 200 answers
    errors: int
    seconds: float
    server_cpu: float  # CPU seconds of the server's processes during the round


@dataclass(frozen=True)
class Tally:
    """Every round of one server."""

    rounds: tuple[Round, ...]

    @property
    def max_rps(self) -> float:
        seconds = sum(r.seconds for r in self.rounds)
        return sum(r.answered for r in self.rounds) / seconds if seconds else 0.0

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.rounds)

    @property
    def cpu_per_answer_ms(self) -> float:
        answered = sum(r.answered for r in self.rounds)
        return (
            sum(r.server_cpu for r in self.rounds) / answered * 1000 if answered else float("nan")
        )


def block_ratios(a: Tally, b: Tally) -> list[float]:
    """B's throughput over A's in each block (A's rounds and B's rounds of it pooled)."""
    ratios = []
    for block in range(len(a.rounds) // 2):
        pair_a, pair_b = (t.rounds[2 * block : 2 * block + 2] for t in (a, b))
        rps_a, rps_b = Tally(pair_a).max_rps, Tally(pair_b).max_rps
        ratios.append(rps_b / rps_a if rps_a else float("nan"))
    return ratios


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


async def measure_round(
    port: int, pid: int, requests: Sequence[bytes], concurrency: int, seconds: float
) -> Round:
    pool = Pool(port, concurrency)
    try:
        await pool.fill()  # connections opened outside the round's clock
        before = cpu.snapshot(pid)
        samples, elapsed = await closed_loop(pool, requests, concurrency, seconds)
        used = cpu.snapshot(pid).server - before.server
    finally:
        pool.close()
    ok = sum(1 for s in samples if s.status == 200)
    return Round(ok, len(samples) - ok, elapsed, used)


async def alternate(
    servers: tuple[tuple[int, int], tuple[int, int]],
    requests: tuple[Sequence[bytes], Sequence[bytes]],
    blocks: int,
    seconds: float,
    concurrency: int,
) -> tuple[Tally, Tally]:
    """`blocks` blocks of A B B A rounds of `seconds` each over (port, pid) `servers`.

    Each round takes the next `len(requests[i]) // (2 * blocks)` of its server's requests.
    """
    rounds: tuple[list[Round], list[Round]] = ([], [])
    share = [len(r) // (2 * blocks) for r in requests]
    for _ in range(blocks):
        for who in ORDER:
            n = len(rounds[who])
            chunk = requests[who][n * share[who] : (n + 1) * share[who]]
            port, pid = servers[who]
            rounds[who].append(await measure_round(port, pid, chunk, concurrency, seconds))
    return Tally(tuple(rounds[0])), Tally(tuple(rounds[1]))
