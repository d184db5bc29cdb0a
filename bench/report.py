"""The results table, the machine facts, and this benchmark's section of docs/performance.md."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.inbound import TARGET_P99_MS, TARGET_RATE, TARGET_RATIO, Load, Row
from bench.loadgen import event_loop_name, stalls
from bench.paired import median
from bench.server import ROOT, WHY_DEFAULT, Gunicorn

COMMAND = ".venv/bin/python -m bench inbound"
HEADING = "## Inbound webhook"
DOC = ROOT / "docs" / "performance.md"
NOTES = Path(__file__).resolve().parent / "notes" / "inbound.md"
HEADER = f"""# Performance

Benchmarks of botapp on real processes. Each has its own section below, written by its command:

- Inbound webhook: `{COMMAND}`
"""


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return out.stdout.strip()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def when_and_what() -> str:
    """The date and the commit measured (saying so when the work tree had changes)."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain"):
        commit += " (with uncommitted changes in the work tree)"
    return f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; commit {commit}"


def machine(versions: dict[str, str]) -> str:
    """The machine, the software and the database servers' versions."""
    return (
        f"Machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {_cpu_model()}; "
        f"Python {platform.python_version()}; gunicorn {version('gunicorn')}; Flask "
        f"{version('flask')}; SQLAlchemy {version('sqlalchemy')}; {'; '.join(versions.values())}"
    )


def facts(config: Gunicorn, load: Load, versions: dict[str, str]) -> list[str]:
    """Where and how the figures were taken, one bullet each."""
    return [
        when_and_what(),
        machine(versions),
        f"Server: `{config.describe()}` for both apps"
        + (f": {WHY_DEFAULT}" if config == Gunicorn() else ""),
        f"Load: {load.rate:.0f} req/s offered open-loop for {load.seconds:g} s after a "
        f"{load.warmup:g} s warm-up, at most {load.connections} requests in flight; max "
        f"throughput: closed loop, {load.concurrency} at a time, {load.max_seconds:g} s per "
        f"endpoint in {2 * load.blocks} rounds of {load.round_seconds:g} s, the floor's and "
        f"the webhook's alternating A B B A with both servers up; "
        f"generator on {event_loop_name()}, requests signed before timing, Python's cycle "
        "collector off while timing; on PostgreSQL a CHECKPOINT before the servers start and "
        "before each timed open loop, so "
        "no phase pays for the dirty files of what ran before it",
    ]


def _floor(rows: list[Row], row: Row) -> Row | None:
    return next((r for r in rows if r.database == row.database and r.endpoint == "floor"), None)


def ratio(rows: list[Row], row: Row) -> tuple[float, str]:
    """The row's max throughput over the floor's, and how it was taken.

    Paired (A B B A blocks, `bench.paired`): the median of the blocks' ratios, with their
    range. Otherwise: over the floor's max from those rounds, measured earlier (unpaired).
    """
    if row.block_ratios:
        low, high = min(row.block_ratios), max(row.block_ratios)
        value = median(row.block_ratios)
        return value, f"median of {len(row.block_ratios)} blocks, {low:.2f}–{high:.2f}"
    floor = _floor(rows, row)
    if floor is None or not floor.max_rps:
        return float("nan"), "no floor"
    return row.max_rps / floor.max_rps, "unpaired: over the floor's rounds, run before"


def table(rows: list[Row]) -> list[str]:
    """The results as a Markdown table."""
    out = [
        "| database | endpoint | offered req/s | achieved req/s | p50 ms | p99 ms "
        f"| over {TARGET_P99_MS:g} ms (stalls) | errors (non-200) | max-throughput req/s "
        "| ratio to floor |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        runs = stalls(r.samples, TARGET_P99_MS)
        shown = "" if r.endpoint == "floor" else f"{ratio(rows, r)[0]:.2f}"
        errors = f"{r.errors} of {r.requests}" + (f" (+{r.max_errors} max)" if r.max_errors else "")
        out.append(
            f"| {r.database} | {r.endpoint} | {r.offered:.0f} | {r.achieved:.0f} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {sum(n for _, n, _ in runs)} ({len(runs)}) | {errors} "
            f"| {r.max_rps:.0f} | {shown} |"
        )
    return out


def targets(rows: list[Row]) -> list[str]:
    """Each target per database, marked met or not met (stated, never asserted)."""
    out = [
        f"| database | endpoint | max throughput / floor's ≥ {TARGET_RATIO} "
        f"| p99 ≤ {TARGET_P99_MS:g} ms "
        f"at {TARGET_RATE:.0f} req/s offered | CPU-cost ratio (floor CPU / inbound CPU "
        "per answer) |",
        "| --- | --- | --- | --- | ---: |",
    ]
    for r in (r for r in rows if r.endpoint != "floor"):
        floor = _floor(rows, r)
        value, how = ratio(rows, r)
        p99_ok = r.p99_ms <= TARGET_P99_MS and r.offered >= TARGET_RATE and not r.errors
        cost = floor.cpu_per_answer_ms / r.cpu_per_answer_ms if floor else float("nan")
        verdict = "met" if p99_ok else "not met"
        if not p99_ok and floor and floor.p99_ms > TARGET_P99_MS:
            # Not botapp's doing: one INSERT and commit miss it too on this machine now.
            verdict += f" (the floor's own p99: {floor.p99_ms:.1f} ms)"
        out.append(
            f"| {r.database} | {r.endpoint} "
            f"| {value:.2f} ({how}): {'met' if value >= TARGET_RATIO else 'not met'} "
            f"| {r.p99_ms:.1f} ms at {r.offered:.0f} req/s: {verdict} "
            f"| {cost:.2f} |"
        )
    return out


def worker_table(rows: list[Row]) -> list[str]:
    """What the inbound worker did with the texts each botapp run left waiting."""
    out = [
        "| database | run | texts waiting when the load stopped | seconds for one worker "
        "(incl. start-up) | texts acted on per second |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        if r.drain is not None:
            d = r.drain
            out.append(
                f"| {r.database} | {r.endpoint} | {d.waiting:,} | {d.seconds:.1f} "
                f"| {d.per_second:.0f} |"
            )
    return out


def cpu_table(rows: list[Row]) -> list[str]:
    """Average cores used during each open-loop phase, by whom."""
    out = [
        "| database | endpoint | server | generator | PostgreSQL | other processes | steal "
        "| server CPU ms per answer (closed loop) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        u = r.usage
        per = f"{r.cpu_per_answer_ms:.1f}"
        out.append(
            f"| {r.database} | {r.endpoint} | {u.server:.2f} | {u.generator:.2f} "
            f"| {u.postgres:.2f} | {u.other:.2f} | {u.steal:.2f} | {per} |"
        )
    return out


def section(
    rows: list[Row], config: Gunicorn, load: Load, versions: dict[str, str], floor_engine: str
) -> str:
    """This benchmark's whole section of docs/performance.md."""
    engine = (
        "botapp's own engine settings (`--floor-engine botapp`)"
        if floor_engine == "botapp"
        else "a plain pooled engine (on SQLite with botapp's WAL/synchronous pragmas)"
    )
    parts = [
        HEADING,
        "",
        f"Run: `{COMMAND}` (`--help` for the flags; `--no-write` leaves this file alone). "
        "`.venv/bin/pip install -e '.[bench]'` adds uvloop for the generator and py-spy for "
        "`python -m bench.profile`; without them the benchmark still runs, on asyncio.",
        "",
        "It migrates a fresh SQLite file and a fresh PostgreSQL schema, loads the demo caseload, "
        "and serves each app under gunicorn on 127.0.0.1. The generator sends correctly signed "
        "Twilio webhooks (unique MessageSid; demo clients and unknown numbers; free text, HELP, "
        "Yes, Spanish, emoji) at a fixed rate whatever comes back, and times each from when it "
        "was due, so a stall shows in the percentiles. The floor (`bench/floor_app.py`) takes "
        "the same POST and only inserts one row and commits, through "
        f"{engine}.",
        "",
        *(f"- {line}" for line in facts(config, load, versions)),
        "",
        *table(rows),
        "",
        "Achieved req/s counts 200 answers over the open-loop window; p50/p99 are over every "
        "answered request, timed from when it was due. "
        f"Over {TARGET_P99_MS:g} ms: the requests answered later than the p99 target and, in "
        "brackets, how many stalls they came in (runs of slow "
        "requests due within 50 ms of each other); each request's due time and latency are in "
        "`samples-*.csv` beside the server logs. Errors: non-200 answers and requests "
        "unanswered after 10 s. Max throughput: 200 answers per second in the closed loop. "
        "Ratio: the endpoint's max throughput over the floor's on the same database; for "
        "*inbound* the median over the A B B A blocks, each comparing rounds a few seconds "
        "apart (`bench/paired.py`), so the machine's drift does not land on one side. The "
        "*inbound + worker* run comes after, alone, and is compared with the floor's rounds.",
        "",
        "The webhook only records a text; the inbound worker (`botapp inbound`, one process) "
        "acts on it (docs/decisions/0009-inbound-queue.md). *inbound* is the webhook alone, as "
        "Twilio sees it; *inbound + worker* is the same run with a worker acting on the texts "
        "as they arrive, on the same two cores. After each run a worker acts on whatever is "
        "still waiting, timed until none is:",
        "",
        *worker_table(rows),
        "",
        "CPU during each open-loop phase, in cores (of "
        f"{len(os.sched_getaffinity(0))}); other processes share this machine:",
        "",
        *cpu_table(rows),
        "",
        "Targets (reported, not enforced). Other sessions share this machine, so throughput "
        "moves with their load; the CPU-cost ratio barely does, and estimates the throughput "
        "ratio on a machine of one's own:",
        "",
        *targets(rows),
    ]
    if NOTES.exists():
        parts += ["", NOTES.read_text(encoding="utf-8").strip()]
    return "\n".join(parts) + "\n"


def write(text: str, heading: str = HEADING, doc: Path = DOC) -> None:
    """Put `text` in place of the section under `heading`, keeping every other section."""
    write_section(text, heading, f"- Inbound webhook: `{COMMAND}`", doc)


def publish(
    text: str, logs: Path, heading: str, bullet: str, write: bool, say: Callable[[str], None]
) -> None:
    """Show a run's section, keep it beside the run's logs, and put it in docs/performance.md
    when `write`."""
    say("\n" + text)
    (logs / "section.md").write_text(text, encoding="utf-8")
    if write:
        write_section(text, heading, bullet)
        say(f"wrote the '{heading[3:]}' section of {DOC.relative_to(ROOT)}")
    say(f"logs: {logs.relative_to(ROOT)}")


def write_section(text: str, heading: str, bullet: str, doc: Path = DOC) -> None:
    """Put `text` in place of the `heading` section (listing it by `bullet` at the top)."""
    current = doc.read_text(encoding="utf-8") if doc.exists() else HEADER
    if bullet not in current:  # the list of benchmarks at the top names each one
        current = re.sub(r"(^- .*`\n)(?!- )", rf"\1{bullet}\n", current, count=1, flags=re.M)
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _m: text + "\n", current, count=1).rstrip("\n") + "\n"
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(updated, encoding="utf-8")
