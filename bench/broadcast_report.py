"""The broadcast benchmark's results, and its section of docs/performance.md."""

from __future__ import annotations

import argparse
import os
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import broadcast_data, report
from bench.broadcast_drain import DRAINING, Outcome
from bench.inbound import percentile

COMMAND = ".venv/bin/python -m bench broadcast"
HEADING = "## Broadcasts"
NOTES = Path(__file__).resolve().parent / "notes" / "broadcast.md"
TARGET_CLIENTS = 100_000
TARGET_S = {"SQLite": 3.0, "PostgreSQL": 6.0}
TARGET_RSS_MB = 250.0
TARGET_HELP_S = 2.0
TARGET_WEBHOOK_MS = 25.0
TARGET_RATE = 100.0


@dataclass(frozen=True)
class Timing:
    """One enqueue in a fresh process: rows written, seconds, peak RSS before and after (MB)."""

    rows: int
    seconds: float
    rss_before_mb: float
    rss_mb: float


@dataclass(frozen=True)
class Enqueue:
    """One database's repeats of the send and of the baseline, each on a fresh copy."""

    database: str
    version: str
    send: list[Timing]
    floor: list[Timing]


def _stats(values: list[float]) -> str:
    """Median / max."""
    return f"{statistics.median(values):.2f} / {max(values):.2f}"


def enqueue_table(runs: list[Enqueue]) -> list[str]:
    """The send's and the baseline's timings per database, as a Markdown table."""
    out = [
        "| database | step | rows | seconds: median / max | peak RSS MB: median / max | RSS "
        "MB before the step |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for e in runs:
        for step, timings in (("`sending.send` + commit", e.send), ("baseline", e.floor)):
            out.append(
                f"| {e.database} | {step} | {timings[0].rows:,} "
                f"| {_stats([t.seconds for t in timings])} "
                f"| {_stats([t.rss_mb for t in timings])} "
                f"| {statistics.median([t.rss_before_mb for t in timings]):.0f} |"
            )
    return out


def _spread(values: tuple[float, ...]) -> str:
    return " / ".join(f"{percentile(list(values), p):.3f}" for p in (50, 99, 100))


def drain_table(outcomes: list[Outcome]) -> list[str]:
    """Each drain phase per database, as a Markdown table."""
    out = [
        "| database | phase | HELPs (webhook not 200) | replies seen / lost | reply s: p50 / p99 "
        "/ max | of which in the outbox s: p50 / p99 / max | other texts/s offered / achieved "
        "(errors) | webhook p99 ms | broadcast texts "
        "sent (per s) | status callbacks (not 200) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for o in outcomes:
        for r in o.rows:
            out.append(
                f"| {r.database} | {r.phase} | {r.helps} ({r.refused}) | {len(r.reply_s)} / "
                f"{r.lost} | {_spread(r.reply_s)} | {_spread(r.queued_s)} "
                f"| {r.offered:g} / {r.achieved:.1f} ({r.errors}) "
                f"| {r.webhook_p99_ms:.1f} | {r.broadcast_sent} "
                f"({r.broadcast_sent / max(r.window_s, 1e-9):.1f}) "
                f"| {r.callbacks} ({r.callbacks_refused}) |"
            )
    return out


def targets(runs: list[Enqueue], outcomes: list[Outcome], clients: int) -> list[str]:
    """Each target per database, met or not (stated, never asserted)."""
    small = "" if clients >= TARGET_CLIENTS else " (fewer clients than the target's: not a run "
    small += "of the target)" if small else ""
    out = []
    for e in runs:
        worst, rss = max(t.seconds for t in e.send), max(t.rss_mb for t in e.send)
        limit = TARGET_S[e.database]
        out.append(
            f"- {e.database}: enqueue of {e.send[0].rows:,} recipients <= {limit:g} s: "
            f"{worst:.2f} s (the slowest of {len(e.send)}), "
            f"{'met' if worst <= limit else 'not met'}{small}"
        )
        out.append(
            f"- {e.database}: peak RSS <= {TARGET_RSS_MB:g} MB: {rss:.0f} MB, "
            f"{'met' if rss <= TARGET_RSS_MB else 'not met'}{small}"
        )
    for o in outcomes:
        r = next(r for r in o.rows if r.phase == DRAINING)
        load = "" if r.offered >= TARGET_RATE else " (a lighter load than the target's)"
        p99 = percentile(list(r.reply_s), 99) if r.reply_s else float("inf")
        ok = p99 <= TARGET_HELP_S and not r.lost
        out.append(
            f"- {r.database}: HELP reply p99 <= {TARGET_HELP_S:g} s while it drains: "
            f"{p99:.3f} s{f' ({r.lost} lost)' if r.lost else ''}, "
            f"{'met' if ok else 'not met'}{load}"
        )
        ok = r.webhook_p99_ms <= TARGET_WEBHOOK_MS and not r.errors
        out.append(
            f"- {r.database}: webhook p99 <= {TARGET_WEBHOOK_MS:g} ms at {TARGET_RATE:g} "
            f"texts/s while it drains: {r.webhook_p99_ms:.1f} ms at {r.achieved:.1f}/s, "
            f"{'met' if ok else 'not met'}{load}"
        )
    return out


def _drain_part(outcomes: list[Outcome], args: argparse.Namespace) -> list[str]:
    """The drain's description, table and the send under the running stack."""
    return [
        f"**While it drains**: the stack as the Procfile runs it (gunicorn 3 sync workers, "
        f"`botapp inbound`, `botapp dispatch --batch {args.batch}` at SENDER_MPS={args.mps:g}, "
        "`botapp clock`) and the fake Twilio, each its own process. "
        f"Two phases of {args.seconds:g} s: other "
        f"clients' plain texts at {args.rate:g}/s open-loop and a HELP every {args.every:g} s "
        "from a client of its own (timed from its post to its reply reaching the fake; *in the "
        "outbox*: from the reply's row being written by the inbound worker); first with no "
        "broadcast pending (the baseline), then after the broadcast was sent, while its texts "
        f"drain. The plain texts (questions for the specialist) come from {args.senders} "
        "clients, each texting once in an untimed warm-up first: a client's first text is "
        "acknowledged, later ones that day are not (INBOX_ACK_EVERY). So the outbox holds "
        f"HELP replies and the broadcast only; {args.rate:g} new senders a second would need "
        f"{args.rate:g} MPS for their acknowledgements alone. HELP is botapp's to answer "
        "(OPT_OUT_HANDLER=botapp: no Advanced Opt-Out); the HELP and plain texts are signed "
        "webhooks as Twilio sends them. For every text it accepts, the fake then POSTs "
        "Twilio's status callbacks to the same gunicorn, signed: *sent* 0.05-0.3 s after and "
        "*delivered* 1-3 s after (`tests/fake_twilio.py`, `--callbacks-to`); the webhook's "
        "p99 is measured among them.",
        "",
        *drain_table(outcomes),
        "",
        *(
            f"- {o.rows[0].database}: the send under the running stack: {o.enqueued:,} texts "
            f"in {o.enqueue_s:.2f} s (the senders of the plain texts, whose texts opened an "
            "escalation, left out by the segment's guard); "
            f"{o.pending_after:,} still unsent when the stack stopped"
            for o in outcomes
        ),
        "",
    ]


def section(
    runs: list[Enqueue],
    outcomes: list[Outcome],
    languages: dict[str, int],
    args: argparse.Namespace,
    load: tuple[float, float],
) -> str:
    """This benchmark's whole section of docs/performance.md."""
    mix = ", ".join(
        f"{lang} {n:,}" for lang, n in sorted(languages.items(), key=lambda x: (-x[1], x[0]))
    )
    versions = {e.database: e.version for e in runs}
    parts = [
        HEADING,
        "",
        f"Run: `{COMMAND}` (`--help` for the flags; `--no-write` leaves this file alone).",
        "",
        f"One agency of {args.clients:,} active clients ({mix}; the broadcast has texts in en "
        "and es, so vi and zh readers get the default, English) in New York, Chicago and Los "
        "Angeles, generated in bulk and cached (`bench/broadcast_data.py`). The broadcast: "
        "an event a week ahead asking who is coming, to every active client, nothing deferred: "
        "the enqueue starts it at 18:00 UTC, inside every zone's allowed hours, and the drain "
        "now, with the agency's quiet hours moved to one hour twelve hours away (the dispatcher "
        "checks them again at send time). Its texts as sent (the "
        "RSVP question and the STOP JOBS line added): "
        + ", ".join(f"{k} {v}" for k, v in broadcast_data.costs(datetime.now(UTC)).items())
        + ".",
        "",
        f"**Enqueue**: `sending.send` (select, render, count segments, enqueue) and its commit, "
        f"timed in a fresh process (`bench/broadcast_enqueue.py`) on a fresh copy of the data "
        f"each time, {args.repeats} {'time' if args.repeats == 1 else 'times'}; "
        "peak RSS is that process's `ru_maxrss` (the column "
        "before it: the interpreter, botapp and the app, before the step). Baseline, on its "
        "own fresh copy each time: one INSERT … SELECT of an outbox row per client, one fixed "
        "body, and its commit: the least writing the same rows into the same table costs here.",
        "",
        *enqueue_table(runs),
        "",
        *(_drain_part(outcomes, args) if outcomes else []),
        *([f"- {args.label}"] if args.label else []),
        f"- {report.when_and_what()}",
        f"- {report.machine(versions)}",
        f"- Load average (1 min) at the start and the end: {load[0]:.2f}, {load[1]:.2f} on "
        f"{len(os.sched_getaffinity(0))} CPUs",
        "",
        "Targets (reported, not enforced):",
        "",
        *targets(runs, outcomes, args.clients),
    ]
    if NOTES.exists():
        parts += ["", NOTES.read_text(encoding="utf-8").strip()]
    return "\n".join(parts) + "\n"
