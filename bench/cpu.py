"""Where the machine's CPU went during a timed phase: server, generator, everything else.

Other sessions may share this machine, and a VM loses time to its host (steal), so each row
says how busy the machine was besides the benchmark.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Snapshot:
    wall: float
    generator: float  # CPU seconds of this process
    server: float  # CPU seconds of the gunicorn master and its live workers
    postgres: float  # CPU seconds of all live PostgreSQL processes
    busy: float  # CPU seconds the whole machine spent not idle (all CPUs)
    steal: float  # CPU seconds the hypervisor took away (all CPUs)


@dataclass(frozen=True)
class Usage:
    """Average cores used over a phase."""

    server: float
    generator: float
    postgres: float
    other: float
    steal: float


def _processes() -> list[tuple[int, int, str, float]]:
    """(pid, parent pid, name, CPU seconds) of every live process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            head, _, tail = (entry / "stat").read_text().rpartition(")")
            fields = tail.split()
            name = head.partition("(")[2]
            found.append(
                (int(entry.name), int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICK)
            )
        except (OSError, IndexError, ValueError):
            continue
    return found


def cpu_seconds(pids: set[int]) -> float:
    """CPU seconds used so far by the live processes `pids` and their children."""
    return sum(cpu for pid, ppid, _, cpu in _processes() if pid in pids or ppid in pids)


def _machine() -> tuple[float, float]:
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    idle, steal = values[3] + values[4], values[7] if len(values) > 7 else 0
    return (sum(values[:8]) - idle - steal) / TICK, steal / TICK


def snapshot(server_pid: int) -> Snapshot:
    """CPU counters now; the server's workers are found as children of `server_pid`."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    procs = _processes()
    server = sum(cpu for pid, ppid, _, cpu in procs if server_pid in (pid, ppid))
    postgres = sum(cpu for _, _, name, cpu in procs if name == "postgres")
    busy, steal = _machine()
    return Snapshot(
        time.monotonic(), usage.ru_utime + usage.ru_stime, server, postgres, busy, steal
    )


def between(a: Snapshot, b: Snapshot) -> Usage:
    """Cores used from `a` to `b` by the server, the generator, PostgreSQL and the rest."""
    wall = max(b.wall - a.wall, 1e-9)
    server, generator = (b.server - a.server) / wall, (b.generator - a.generator) / wall
    postgres = max(0.0, (b.postgres - a.postgres) / wall)  # a backend that exits drops out
    other = max(0.0, (b.busy - a.busy) / wall - server - generator - postgres)
    return Usage(server, generator, postgres, other, (b.steal - a.steal) / wall)


def wait_for_quiet(limit: float, cores: float = 0.3, window: float = 3.0) -> float:
    """Wait (at most `limit` s) until other processes use under `cores` for `window` s.

    Called while none of the benchmark's processes work, so all load is someone else's.
    Returns the cores used in the last window.
    """
    deadline = time.monotonic() + limit
    while True:
        busy = _machine()[0]
        time.sleep(window)
        used = (_machine()[0] - busy) / window
        if used < cores or time.monotonic() >= deadline:
            return used
