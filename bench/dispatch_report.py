"""`python -m bench dispatch`: run the dispatch scenarios and write their section."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from bench import databases
from bench.dispatch import DispatchRow, busiest_second, checked, drain, fake_twilio, fill

HEADING = "## Dispatch"
TARGET_RATE, TARGET_RSS_MB = 500.0, 250.0


@dataclass(frozen=True)
class Plan:
    """Sizes of one run (flags of `python -m bench dispatch`)."""

    throughput: int = 10_000
    paced: int = 100
    mps: float = 10.0
    drain: int = 100_000
    timeout: float = 1200.0


def _scenario(
    kind: str,
    url: str,
    tmp: Path,
    name: str,
    count: int,
    dispatchers: int,
    mps: float,
    timeout: float,
) -> tuple[DispatchRow, float, list[float]]:
    record = tmp / f"{kind}-{name}.json"
    fill(url, count, name)
    with fake_twilio(record) as base_url:
        seconds, peak = drain(url, base_url, count, dispatchers, mps, timeout)
    duplicates, lost, times = checked(record, count)
    span = (times[-1] - times[0]) if len(times) > 1 else seconds
    row = DispatchRow(
        kind, name, count, dispatchers, seconds, count / span if span else 0.0, duplicates, lost
    )
    return row, peak, times


def run(kinds: list[str], plan: Plan, tmp: Path, pg_url: str) -> list[DispatchRow]:
    """Every scenario on every database kind, each on a fresh database."""
    rows: list[DispatchRow] = []
    for kind in kinds:
        for name, count, procs, mps in (
            ("unpaced, 1 dispatcher", plan.throughput, 1, 0.0),
            ("unpaced, 2 dispatchers", plan.throughput, 2, 0.0),
            (f"paced at {plan.mps:g}/s, 2 dispatchers", plan.paced, 2, plan.mps),
            (f"drain {plan.drain:,}, 2 dispatchers", plan.drain, 2, 0.0),
        ):
            context = databases.sqlite(tmp) if kind == "sqlite" else databases.postgresql(pg_url)
            with context as url:
                tag = name.split(",")[0].replace(" ", "-").replace("/", "")
                row, peak, times = _scenario(kind, url, tmp, tag, count, procs, mps, plan.timeout)
            row.scenario = name
            if mps:
                row.detail = f"busiest second: {busiest_second(times)} (limit {mps:g})"
            elif name.startswith("drain"):
                row.detail = f"peak RSS per dispatcher: {peak:.0f} MB"
            rows.append(row)
            print(
                f"{kind:10} {name:32} {row.per_second:8.1f}/s dup {row.duplicates} "
                f"lost {row.lost} {row.detail}",
                flush=True,
            )
            if kind == "sqlite":
                (tmp / "bench.sqlite3").unlink(missing_ok=True)
    return rows


def section(rows: list[DispatchRow], plan: Plan, facts: list[str]) -> str:
    """The Markdown section for docs/performance.md."""
    lines = [
        HEADING,
        "",
        "Run: `.venv/bin/python -m bench dispatch` (`--help` for sizes). Real `botapp dispatch` "
        "processes (batches of 100, 8 send threads each) send an outbox of one-segment "
        "broadcast texts, each to its own number (one phone's texts go one after another), "
        "through the real twilio client to the fake Twilio "
        "(`tests/fake_twilio.py`) in its own process, on a fresh SQLite file and a fresh "
        "PostgreSQL schema. Throughput is texts over the span between the first and the last "
        "text the fake accepted; duplicates and losses are counted at the fake by body.",
        "",
        *[f"- {fact}" for fact in facts],
        "",
        "| database | scenario | texts | seconds (incl. start-up) | texts/s | duplicates | lost "
        "| notes |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r.database} | {r.scenario} | {r.messages:,} | {r.seconds:.1f} | "
            f"{r.per_second:.0f} | {r.duplicates} | {r.lost} | {r.detail} |"
        )
    lines += ["", "Targets (reported, not enforced):", ""]
    for r in rows:
        if r.scenario.startswith("unpaced, 2"):
            met = "met" if r.per_second >= TARGET_RATE else "not met"
            lines.append(
                f"- {r.database}: ≥ {TARGET_RATE:.0f} texts/s unpaced: {r.per_second:.0f}, {met}"
            )
    bad = [r for r in rows if r.duplicates or r.lost]
    lines.append(f"- zero duplicates and zero lost: {'met' if not bad else 'NOT met'}")
    for r in rows:
        if r.detail.startswith("busiest"):
            over = int(r.detail.split(":")[1].split("(")[0]) > plan.mps
            lines.append(
                f"- {r.database}: no one-second window above {plan.mps:g}/s: "
                f"{'NOT met' if over else 'met'}"
            )
        if r.detail.startswith("peak"):
            mb = float(r.detail.split(":")[1].split()[0])
            lines.append(
                f"- {r.database}: peak RSS ≤ {TARGET_RSS_MB:.0f} MB draining "
                f"{plan.drain:,}: {mb:.0f} MB, {'met' if mb <= TARGET_RSS_MB else 'not met'}"
            )
    return "\n".join(lines) + "\n"


def machine_facts() -> list[str]:
    """Machine and software, one bullet each."""
    return [f"Machine: {os.cpu_count()} CPUs; Python {platform.python_version()}"]


def main(argv: list[str]) -> int:
    """`python -m bench dispatch [--throughput N] [--paced N] [--mps X] [--drain N] ...`."""
    import argparse
    import subprocess
    import tempfile

    from bench.databases import PG_DEFAULT
    from bench.report import write_section

    d = Plan()
    parser = argparse.ArgumentParser(prog="python -m bench dispatch", description=__doc__)
    parser.add_argument("--throughput", type=int, default=d.throughput, help="texts per run")
    parser.add_argument("--paced", type=int, default=d.paced, help="texts in the paced run")
    parser.add_argument("--mps", type=float, default=d.mps, help="SENDER_MPS of the paced run")
    parser.add_argument("--drain", type=int, default=d.drain, help="texts in the memory run")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=PG_DEFAULT)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    plan = Plan(args.throughput, args.paced, args.mps, args.drain)
    kinds = [k for k in args.databases.split(",") if k]
    with tempfile.TemporaryDirectory(prefix="botapp-dispatch-") as tmp:
        rows = run(kinds, plan, Path(tmp), args.pg_url)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    facts = [*machine_facts(), f"Commit {commit or 'unknown'}"]
    text = section(rows, plan, facts)
    print("\n" + text)
    if not args.no_write:
        write_section(text, HEADING, "- Dispatch: `.venv/bin/python -m bench dispatch`")
    return 0
