"""The broadcast benchmark's drain part: replies while a broadcast's texts go out (issue 16).

The stack runs as the Procfile runs it (gunicorn, `botapp inbound`, `botapp dispatch`, `botapp
clock`), on a copy of the agency, with the fake Twilio (tests/fake_twilio.py) as the transport
at SENDER_MPS. Two phases of the same load: other clients' plain texts at `rate` open-loop, and
one HELP a second from a client of its own. First with no broadcast pending; then the broadcast
is sent (its whole audience enqueued, in a fresh process) and the same load runs while its
texts drain. Measured: the webhook's p99 for the other texts, when each HELP reply reached the
fake (from when the HELP was posted), and how many broadcast texts reached it meanwhile.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench import databases, loadgen, traffic
from bench.broadcast_data import phone
from bench.dispatch import fake_twilio, twilio_env
from bench.inbound import percentile
from bench.loadgen import Sample
from bench.server import Gunicorn, botapp_process, free_port, serve
from botapp.db import create_quiet_engine
from botapp.delivery.outbox import BROADCAST, REPLY
from botapp.messages import sms
from botapp.models import Message, MessageStatus

APP = "botapp:create_app()"
BASELINE, DRAINING = "no broadcast", "broadcast draining"
PHASES = (BASELINE, DRAINING)
# What the other clients text: free text for their specialist, no keyword, no RSVP answer.
PLAIN = (
    "Hi, I can't make my appointment tomorrow, can we move it to Friday?",
    "What time is my interview on Thursday?",
    "¿Puedo cambiar mi cita para el miércoles? Gracias, José",
    "Running 10 min late, bus broke down 😩",
)
WARM_UP = 3  # untimed HELPs (and a few seconds of other texts) to open connections first


@dataclass(frozen=True)
class Plan:
    """What the drain part offers; every count and duration is bounded by the CLI."""

    rate: float = 100.0  # other clients' texts per second
    seconds: float = 30.0  # per phase
    every: float = 1.0  # seconds between HELPs
    mps: float = 50.0  # SENDER_MPS
    settle: float = 20.0  # at most this long after a phase for its HELP replies
    senders: int = 300  # the clients the other texts come from, each acknowledged in warm-up
    batch: int = 50  # `botapp dispatch --batch` (its default): texts claimed per round
    connections: int = 16

    @property
    def helps(self) -> int:
        return max(1, int(self.seconds / self.every))


@dataclass(frozen=True)
class Help:
    """One HELP as posted: from whom, in which phase, when (wall clock), the webhook's status."""

    phone: str
    phase: int
    at: float
    status: int


@dataclass(frozen=True)
class Row:
    """One phase on one database."""

    database: str
    phase: str
    helps: int
    refused: int  # HELPs the webhook did not answer 200
    reply_s: tuple[float, ...]  # per HELP whose reply reached the fake
    queued_s: tuple[float, ...]  # of those, from the reply's writing (inbound worker) to the fake
    offered: float
    achieved: float
    errors: int
    webhook_p99_ms: float
    broadcast_sent: int  # broadcast texts the fake accepted during the phase
    window_s: float
    callbacks: int = 0  # status callbacks the fake posted to the app during the phase
    callbacks_refused: int = 0  # of those, answered other than 200 (or not at all)

    @property
    def lost(self) -> int:
        return self.helps - self.refused - len(self.reply_s)


@dataclass(frozen=True)
class Outcome:
    """A database's drain: its two rows, the enqueue under the running stack, the backlog."""

    rows: list[Row]
    enqueued: int
    enqueue_s: float
    pending_after: int  # broadcast texts still unsent when the stack stopped


def _requests(senders: Sequence[str], bodies: Sequence[str]) -> list[bytes]:
    return traffic.texted((s, bodies[i % len(bodies)]) for i, s in enumerate(senders))


def _phase(
    port: int, plan: Plan, phase: int, other: Sequence[bytes], batch: Sequence[tuple[str, bytes]]
) -> tuple[list[Sample], list[Help]]:
    """The HELPs of one phase, one every `plan.every` s, with the other texts at `plan.rate`."""
    timed = [request for _, request in batch]
    samples, posted = loadgen.run(
        loadgen.paced_among(port, timed, plan.every, other, plan.rate, plan.connections)
    )
    helps = [Help(who, phase, p.at, p.status) for (who, _), p in zip(batch, posted, strict=True)]
    return samples, helps


def _count(session: Session, *where: Any) -> int:
    return int(session.scalar(select(func.count()).where(*where)) or 0)


def _idle(session: Session, replies: int) -> bool:
    """Whether `replies` HELP replies have gone and no other reply waits in the outbox."""
    unsent = (MessageStatus.PENDING, MessageStatus.CLAIMED)
    if _count(session, Message.category == REPLY.name, Message.status.in_(unsent)):
        return False
    sent = _count(
        session, Message.message_key == sms.HELP_REPLY.key, Message.twilio_sid.is_not(None)
    )
    return sent >= replies


def _pending(url: str) -> int:
    """Broadcast texts still unsent."""
    engine = create_quiet_engine(url)
    try:
        with Session(engine) as session:
            return _count(session, Message.category == BROADCAST.name, Message.twilio_sid.is_(None))
    finally:
        engine.dispose()


def _sids(url: str, *where: Any) -> dict[str, float]:
    """The SIDs of the texts sent that match `where`, each with when its row was written."""
    engine = create_quiet_engine(url)
    try:
        with Session(engine) as session:
            query = select(Message.twilio_sid, Message.created_at).where(
                Message.twilio_sid.is_not(None), *where
            )
            return {str(sid): at.timestamp() for sid, at in session.execute(query)}
    finally:
        engine.dispose()


def _rows(
    name: str,
    helps: list[Help],
    samples: dict[int, list[Sample]],
    windows: dict[int, tuple[float, float]],
    accepted: list[dict[str, Any]],
    help_sids: dict[str, float],
    broadcast_sids: dict[str, float],
    plan: Plan,
) -> list[Row]:
    replies: dict[str, list[tuple[float, float]]] = {}
    for m in accepted:
        if m["sid"] in help_sids:
            got = (float(m["received_at"]), help_sids[m["sid"]])
            replies.setdefault(str(m["to"]), []).append(got)
    rows = []
    for i, phase in enumerate(PHASES):
        mine = [h for h in helps if h.phase == i]
        reply_s, queued_s = [], []
        for h in mine:
            after = sorted(got for got in replies.get(h.phone, []) if got[0] >= h.at)
            if h.status == 200 and after:
                reply_s.append(after[0][0] - h.at)
                queued_s.append(after[0][0] - after[0][1])
        ok = [s for s in samples[i] if s.status == 200]
        window = max((s.done for s in samples[i]), default=0.0) - min(
            (s.due for s in samples[i]), default=0.0
        )
        began, ended = windows[i]
        sent = sum(
            1 for m in accepted if m["sid"] in broadcast_sids and began <= m["received_at"] <= ended
        )
        posted = [c for m in accepted for c in m.get("callbacks", []) if began <= c[3] <= ended]
        rows.append(
            Row(
                name,
                phase,
                len(mine),
                sum(1 for h in mine if h.status != 200),
                tuple(reply_s),
                tuple(queued_s),
                plan.rate,
                len(ok) / window if window > 0 else 0.0,
                len(samples[i]) - len(ok),
                percentile([(s.done - s.due) * 1000 for s in ok], 99),
                sent,
                ended - began,
                len(posted),
                sum(1 for c in posted if c[1] != 200),
            )
        )
    return rows


def run_one(
    name: str,
    url: str,
    clients: int,
    plan: Plan,
    logs: Path,
    enqueue: Callable[[], tuple[int, float]],
    say: Callable[[str], None],
) -> Outcome:
    """Warm up, a phase with no broadcast, `enqueue` the broadcast, a phase while it drains."""
    tag = name.lower()
    record = logs / f"twilio-{tag}.json"
    per_phase, warm = int(plan.rate * plan.seconds), plan.senders
    # Each sender's first text is acknowledged (INBOX_ACK), then none for a day: acknowledged
    # in the warm-up, their texts in the phases leave only HELP replies and the broadcast to
    # send, as 100 new senders a second would need 100 MPS for their acknowledgements alone.
    others = [phone(1 + i % plan.senders) for i in range(warm + 2 * per_phase)]
    other = _requests(others, PLAIN)
    askers = [phone(clients - i) for i in range(WARM_UP + 2 * plan.helps)]
    asks = list(zip(askers, _requests(askers, ("HELP",)), strict=True))
    samples: dict[int, list[Sample]] = {}
    windows: dict[int, tuple[float, float]] = {}
    helps: list[Help] = []
    answered = 0
    with ExitStack() as stack:
        # Twilio's status callbacks (two a text) come to the app like its webhooks.
        web = free_port()
        callbacks_to = f"http://127.0.0.1:{web}"
        base = stack.enter_context(
            fake_twilio(record, traffic.ACCOUNT_SID, traffic.AUTH_TOKEN, callbacks_to)
        )
        env = {
            **twilio_env(url, base, plan.mps, traffic.ACCOUNT_SID, traffic.AUTH_TOKEN),
            "OPT_OUT_HANDLER": "botapp",  # no Advanced Opt-Out: botapp itself answers HELP
        }
        workers = (["inbound"], ["dispatch", "--batch", str(plan.batch)], ["clock"])
        for worker in workers:
            stack.enter_context(botapp_process(worker, env, logs / f"{worker[0]}-{tag}.log"))
        port, _pid = stack.enter_context(
            serve(APP, env, Gunicorn(workers=3), logs / f"gunicorn-{tag}.log", port=web)
        )
        say(f"{name}: warming up ({WARM_UP} HELPs, {warm} other texts)")
        posted = _phase(port, plan, -1, other[:warm], asks[:WARM_UP])[1]
        answered += sum(1 for h in posted if h.status == 200)
        databases.settle(url, partial(_idle, replies=answered), plan.settle)
        enqueued, enqueue_s = 0, 0.0
        for i, phase in enumerate(PHASES):
            if phase == DRAINING:
                enqueued, enqueue_s = enqueue()
                say(f"{name}: {enqueued:,} broadcast texts enqueued in {enqueue_s:.2f} s")
            first = WARM_UP + i * plan.helps
            batch = asks[first : first + plan.helps]
            load = other[warm + i * per_phase : warm + (i + 1) * per_phase]
            say(f"{name}: phase {phase}: {len(load)} other texts, {len(batch)} HELPs")
            began = time.time()
            samples[i], posted = _phase(port, plan, i, load, batch)
            windows[i] = (began, time.time())
            helps += posted
            answered += sum(1 for h in posted if h.status == 200)
            databases.settle(url, partial(_idle, replies=answered), plan.settle)
        pending = _pending(url)
    # Every process has stopped: the fake wrote what it accepted.
    accepted: list[dict[str, Any]] = json.loads(record.read_text(encoding="utf-8"))
    help_sids = _sids(url, Message.message_key == sms.HELP_REPLY.key)
    broadcast_sids = _sids(url, Message.category == BROADCAST.name)
    rows = _rows(name, helps, samples, windows, accepted, help_sids, broadcast_sids, plan)
    return Outcome(rows, enqueued, enqueue_s, pending)


def summary(row: Row) -> str:
    """One line for the terminal."""
    r = list(row.reply_s)
    return (
        f"{row.database} {row.phase}: {row.helps} HELPs, reply p50 {percentile(r, 50):.3f} s "
        f"p99 {percentile(r, 99):.3f} s max {max(r, default=float('nan')):.3f} s (of which in "
        f"the outbox: p99 {percentile(list(row.queued_s), 99):.3f} s), lost "
        f"{row.lost}; other texts {row.achieved:.1f}/s of {row.offered:g}/s ({row.errors} "
        f"errors), webhook p99 {row.webhook_p99_ms:.1f} ms; broadcast texts sent "
        f"{row.broadcast_sent} ({row.broadcast_sent / max(row.window_s, 1e-9):.1f}/s); status "
        f"callbacks {row.callbacks} ({row.callbacks_refused} not 200)"
    )
