"""`python -m bench crisis`: run the crisis benchmark and write its section of
docs/performance.md."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import report
from bench.crisis import LOADED, PHASES, TARGET_RATE, TARGET_S, Extra, Plan, Row, run
from bench.databases import PG_DEFAULT
from bench.inbound import percentile
from bench.loadgen import event_loop_name
from bench.server import ROOT, Gunicorn

COMMAND = ".venv/bin/python -m bench crisis"
HEADING = "## Crisis to a person"
NOTES = Path(__file__).resolve().parent / "notes" / "crisis.md"
WORKERS = 3  # the Procfile's web: line
LIMITS = {
    "rate": (0, 500),
    "seconds": (2, 600),
    "every": (0.2, 10),
    "settle": (1, 120),
    "dispatchers": (1, 4),
    "mps": (0, 1000),
    "workers": (1, 16),
    "quiet_wait": (0, 600),
}


def _spread(values: list[float]) -> str:
    """p50 / p95 / p99 / max in seconds, or 'not seen'."""
    if not values:
        return "not seen"
    return " / ".join(f"{percentile(values, p):.3f}" for p in (50, 95, 99, 100))


def table(rows: list[Row]) -> list[str]:
    """The results as a Markdown table."""
    out = [
        "| database | condition | crisis texts (webhook not 200) | crisis replies seen / lost "
        "/ duplicates | reply s: p50 / p95 / p99 / max | staff SMS seen | staff SMS s: p50 / "
        "p95 / p99 / max | other texts/s offered / achieved (errors) | their webhook p99 ms "
        "| segments/s to the fake |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        other = f"{r.offered:g} / {r.achieved:.1f} ({r.errors})" if r.offered else "none"
        p99 = f"{r.webhook_p99_ms:.1f}" if r.offered else ""
        out.append(
            f"| {r.database} | {r.condition} | {len(r.seen)} ({r.refused}) "
            f"| {len(r.reply_s)} / {r.lost} / {r.duplicates} | {_spread(r.reply_s)} "
            f"| {len(r.staff_s)} | {_spread(r.staff_s)} | {other} | {p99} "
            f"| {r.segments_per_s:.1f} |"
        )
    return out


def cpu_table(rows: list[Row]) -> list[str]:
    """Average cores used during each condition's phases, by whom."""
    out = [
        "| database | condition | web (gunicorn) | inbound, dispatch, clock | PostgreSQL (all) "
        "| generator and SMTP server | other processes (other sessions, the fake Twilio) "
        "| steal |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        u = r.usage
        out.append(
            f"| {r.database} | {r.condition} | {u.server:.2f} | {r.workers:.2f} "
            f"| {u.postgres:.2f} | {u.generator:.2f} | {u.other:.2f} | {u.steal:.2f} |"
        )
    return out


def targets(rows: list[Row], extras: dict[str, Extra]) -> list[str]:
    """The issue's target per database, met or not (stated, never asserted)."""
    out = []
    for r in (r for r in rows if r.condition == LOADED):
        load = f"at {r.achieved:.1f} other texts/s achieved"
        if r.offered < TARGET_RATE or r.achieved < 0.95 * TARGET_RATE:
            load += f" (the target's load is {TARGET_RATE:g}/s: not a run of the target)"
        a = percentile(r.reply_s, 99) if r.reply_s else float("inf")
        out.append(
            f"- {r.database}: crisis reply p99 < {TARGET_S:g} s {load}: "
            + (f"{a:.3f} s, {'met' if a < TARGET_S and not r.lost else 'not met'}")
            + (f" ({r.lost} lost)" if r.lost else "")
        )
        if r.staff_s:
            b = percentile(r.staff_s, 99)
            missing = len(r.seen) - len(r.staff_s)
            verdict = "met" if b < TARGET_S and not missing else "not met"
            out.append(
                f"- {r.database}: staff SMS p99 < {TARGET_S:g} s: {b:.3f} s, {verdict}"
                + (f" ({missing} crisis texts with none)" if missing else "")
            )
        else:
            waiting = extras[r.database].staff_waiting
            out.append(
                f"- {r.database}: staff SMS p99 < {TARGET_S:g} s: not seen (no text reached a "
                f"holder's staff phone; {waiting} waiting unsent in the outbox at the end)"
            )
    lost = sum(r.lost + r.duplicates for r in rows)
    out.append(f"- every crisis text answered once, none lost: {'met' if not lost else 'NOT met'}")
    return out


def facts(
    plan: Plan, config: Gunicorn, versions: dict[str, str], extras: dict[str, Extra], label: str
) -> list[str]:
    """Where and how the figures were taken, one bullet each."""
    emails = ", ".join(f"{name} {e.emails}" for name, e in extras.items())
    busy = ", ".join(f"{n} {e.busy:.2f}" for n, e in extras.items() if e.busy is not None)
    return [
        *([label] if label else []),
        report.when_and_what(),
        report.machine(versions)
        + (
            f"; cores other processes used just before each database's start: {busy}"
            if busy
            else ""
        ),
        f"Stack: `{config.describe()}`, one `botapp inbound`, {plan.dispatchers} `botapp "
        f"dispatch` (SENDER_MPS={plan.mps:g}; its mailer to a real SMTP server in the benchmark "
        f"process: {emails or 'no'} emails accepted), one `botapp clock`, the fake Twilio in "
        "its own process",
        f"Load: phases of {plan.seconds / 2:g} s, {' '.join(PHASES)}; one crisis text every "
        f"{plan.every:g} s in each ({plan.per_phase} a phase); in the loaded ones "
        f"{plan.rate:g} other texts/s open-loop, at most {plan.connections} in flight; after "
        f"each phase up to {plan.settle:g} s for what is left to go out; generator on "
        f"{event_loop_name()}",
    ]


def section(
    rows: list[Row],
    extras: dict[str, Extra],
    versions: dict[str, str],
    plan: Plan,
    config: Gunicorn,
    label: str = "",
) -> str:
    """This benchmark's whole section of docs/performance.md."""
    parts = [
        HEADING,
        "",
        f"Run: `{COMMAND}` (`--help` for the flags; `--no-write` leaves this file alone).",
        "",
        "From a crisis text arriving at the webhook to (a) the crisis reply (key "
        "`sms.crisis.resources`, category crisis) and (b) the staff alert SMS (the first text "
        "to the staff phone of the escalation's holder) reaching the fake Twilio, each timed "
        "from when the webhook was posted to when the fake accepted the text (one clock: the "
        "same machine). The stack runs as the Procfile runs it, each part its own process, on "
        "a fresh SQLite file and a fresh PostgreSQL schema holding the demo caseload and, for "
        "the crisis texts, one client per text with a specialist of their own (staff phone, "
        "working hours 08:00-17:00 Monday to Friday; the agency has an on-call number): each "
        "client gets the crisis reply at most once an hour, and each staff phone then hears "
        "of one crisis only. The crisis texts are the crisis rows of "
        "`tests/data/crisis_phrasings.tsv`, English and Spanish in turn. The other texts are "
        "the inbound benchmark's mix (demo clients and unknown numbers; free text for the "
        "inbox, HELP, Yes, Spanish, emoji), signed as Twilio signs them. *quiet* is the same "
        "crisis texts with no other traffic: the baseline, measured in the same run, phases "
        "alternating quiet, loaded, loaded, quiet. Per-text figures: `crisis-*.csv` beside the "
        "process logs.",
        "",
        *(f"- {line}" for line in facts(plan, config, versions, extras, label)),
        "",
        *table(rows),
        "",
        f"CPU during the phases, in cores (of {len(os.sched_getaffinity(0))}):",
        "",
        *cpu_table(rows),
        "",
        f"Targets (reported, not enforced): p99 under {TARGET_S:g} s at {TARGET_RATE:g} "
        "texts/s of other traffic, for both (a) and (b):",
        "",
        *targets(rows, extras),
    ]
    if NOTES.exists():
        parts += ["", NOTES.read_text(encoding="utf-8").strip()]
    return "\n".join(parts) + "\n"


def _parser() -> argparse.ArgumentParser:
    d = Plan()
    parser = argparse.ArgumentParser(prog="python -m bench crisis", description=__doc__)
    parser.add_argument("--rate", type=float, default=d.rate, help="other texts/s when loaded")
    parser.add_argument(
        "--seconds", type=float, default=d.seconds, help="per condition (two phases each)"
    )
    parser.add_argument("--every", type=float, default=d.every, help="s between crisis texts")
    parser.add_argument(
        "--settle", type=float, default=d.settle, help="at most this many s after each phase"
    )
    parser.add_argument("--dispatchers", type=int, default=d.dispatchers)
    parser.add_argument("--mps", type=float, default=d.mps, help="SENDER_MPS (0: unpaced)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn sync workers")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--pg-url", default=PG_DEFAULT)
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="before each database's run, wait up to this many s for other processes to go quiet",
    )
    parser.add_argument(
        "--label", default="", help="a first line for the run's facts: what kind of run it was"
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser


def _terminate(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # unwinds every `finally`: processes, schema


def main(argv: list[str]) -> int:
    """`python -m bench crisis [--rate 50] [--seconds 30] ...`."""
    args = _parser().parse_args(argv)
    for name, (low, high) in LIMITS.items():
        if not low <= getattr(args, name) <= high:
            sys.exit(f"--{name.replace('_', '-')} must be between {low} and {high}")
    kinds = [k.strip() for k in args.databases.split(",") if k.strip()]
    if not kinds or set(kinds) - {"sqlite", "postgresql"}:
        sys.exit("--databases takes sqlite and/or postgresql")
    plan = Plan(args.rate, args.seconds, args.every, args.settle, args.dispatchers, args.mps)
    config = Gunicorn(workers=args.workers)
    logs = ROOT / "bench" / "results" / datetime.now(UTC).strftime("crisis-%Y%m%dT%H%M%S")
    logs.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with tempfile.TemporaryDirectory(prefix="botapp-bench-crisis-") as tmp:
            rows, extras, versions = run(
                kinds, plan, config, Path(tmp), logs, args.pg_url, args.quiet_wait
            )
    except KeyboardInterrupt:
        print("interrupted; processes stopped and the benchmark schema dropped", file=sys.stderr)
        return 130
    text = section(rows, extras, versions, plan, config, args.label)
    bullet = f"- Crisis to a person: `{COMMAND}`"
    report.publish(text, logs, HEADING, bullet, not args.no_write, print)
    return 0
