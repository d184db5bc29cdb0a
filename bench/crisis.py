"""The crisis benchmark: from a crisis text at the webhook to the crisis reply, and to the staff
alert SMS, reaching the fake Twilio, with and without other clients' texts at 50/s (issue 14).

The stack runs as the Procfile runs it, each part its own process: the web app under gunicorn,
`botapp inbound`, `botapp dispatch` (its mailer thread sending to a real SMTP server) and
`botapp clock`, on a fresh database, with the fake Twilio (tests/fake_twilio.py) as the
transport. Every crisis text comes from a client of their own, whose own specialist has a staff
phone: the crisis reply is the text with the crisis resources' key to that client, the staff
alert the first text to the phone of the escalation's holder. Nothing else goes to either.
"""

from __future__ import annotations

import csv
import json
import logging
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from bench import cpu, databases, loadgen, traffic
from bench.dispatch import fake_twilio, twilio_env
from bench.inbound import each_database, percentile
from bench.loadgen import Sample
from bench.server import ROOT, Gunicorn, botapp_process, serve
from botapp.cli.demo import SUPERVISOR
from botapp.crisis import crisis_kind
from botapp.db import create_quiet_engine, utcnow
from botapp.keywords import classify
from botapp.messages import sms as texts
from botapp.models import (
    Client,
    Direction,
    Escalation,
    ItemStatus,
    Message,
    MessageStatus,
    Office,
    Reason,
    Role,
    ScheduledItem,
    Staff,
)
from botapp.services.clients import ClientFields, upsert_client
from botapp.services.staff import StaffChanges, add_staff
from botapp.workers import inbound as inbound_queue
from tests.smtp_server import SmtpServer

APP = "botapp:create_app()"
PHRASINGS = ROOT / "tests" / "data" / "crisis_phrasings.tsv"
QUIET, LOADED = "quiet", "loaded"
# A B B A: a drift of the machine's speed over the run weighs on both conditions alike.
PHASES = (QUIET, LOADED, LOADED, QUIET)
TARGET_S = 1.0  # the issue's: p99 under 1 s at 50 texts/s of other traffic
TARGET_RATE = 50.0
# Untimed crisis texts (a second apart, with other texts) before the timed phases: the first
# ones fill the processes' caches and open their connections (the first took 1.6 s here).
WARM_UP = 3
ALERT_FROM = "alerts@bench.example"


@dataclass(frozen=True)
class Plan:
    """What one run offers; every count and duration is bounded by the CLI."""

    rate: float = TARGET_RATE  # other clients' texts per second, in the loaded phases
    seconds: float = 30.0  # per condition: two phases of half as long each
    every: float = 1.0  # seconds between crisis texts
    settle: float = 20.0  # at most this long after each phase for what is left to go out
    dispatchers: int = 1
    mps: float = 30.0  # SENDER_MPS
    connections: int = 16  # the background's open loop, at most this many in flight

    @property
    def per_phase(self) -> int:
        """Crisis texts in one phase."""
        return max(1, int(self.seconds / 2 / self.every))

    @property
    def background_per_phase(self) -> int:
        return int(self.rate * self.seconds / 2)


@dataclass(frozen=True)
class Person:
    """Who sends one crisis text: a client of their own specialist, who has a staff phone."""

    phone: str
    staff_phone: str
    language: str
    body: str


@dataclass(frozen=True)
class Sent:
    """One crisis text as posted to the webhook."""

    person: Person
    phase: int  # index into PHASES
    at: float  # wall clock (time.time()) when it was posted: the fake stamps the same clock
    status: int  # the webhook's answer; 0: none


@dataclass(frozen=True)
class Seen:
    """What reached the fake Twilio for one crisis text, in seconds after it was posted."""

    sent: Sent
    reply_s: float | None
    replies: int
    staff_s: float | None


@dataclass(frozen=True)
class Row:
    """One condition on one database."""

    database: str
    condition: str
    seen: tuple[Seen, ...]
    offered: float  # other texts per second offered
    achieved: float  # other texts per second answered 200
    errors: int  # other texts not answered 200
    webhook_p99_ms: float  # the other texts' webhook latency
    segments_per_s: float  # what reached the fake while the phases ran, in segments per second
    settle_s: float  # the longest wait after a phase for what was left to go out
    usage: cpu.Usage  # cores during the phases; `other` is other sessions' only
    workers: float  # cores of botapp inbound, dispatch and clock during the phases

    @property
    def refused(self) -> int:
        return sum(1 for s in self.seen if s.sent.status != 200)

    @property
    def reply_s(self) -> list[float]:
        return [s.reply_s for s in self.seen if s.reply_s is not None]

    @property
    def lost(self) -> int:
        """Crisis texts the webhook took whose reply never reached the fake."""
        return sum(1 for s in self.seen if s.sent.status == 200 and s.reply_s is None)

    @property
    def duplicates(self) -> int:
        return sum(max(0, s.replies - 1) for s in self.seen)

    @property
    def staff_s(self) -> list[float]:
        return [s.staff_s for s in self.seen if s.staff_s is not None]


@dataclass(frozen=True)
class Extra:
    """What one database's run left behind, for the report."""

    emails: int  # emails the SMTP server accepted (the mailer's alerts)
    staff_waiting: int  # texts to the cast's staff phones still unsent at the end
    busy: float | None  # cores other processes used just before the start (None: not looked)


def phrasings() -> list[tuple[str, str]]:
    """(text, language) of the crisis rows of tests/data/crisis_phrasings.tsv that botapp reads
    as a crisis and as no consent keyword, English and Spanish in turn."""
    with PHRASINGS.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_language: dict[str, list[str]] = {"en": [], "es": []}
    for row in rows:
        text, language = row["text"], row["language"]
        if row["expected"] == "none" or language not in by_language:
            continue
        if crisis_kind(text) is not None and classify(text) is None:
            by_language[language].append(text)
    en, es = by_language["en"], by_language["es"]
    return [
        pair
        for i in range(max(len(en), len(es)))
        for pair in ((en[i % len(en)], "en"), (es[i % len(es)], "es"))
    ]


def add_cast(url: str, count: int) -> list[Person]:
    """`count` clients, each with a specialist of their own (staff phone, working hours
    08:00-17:00 Monday to Friday, the demo's supervisor), added as `botapp staff add` and a
    client import add them."""
    phrases = phrasings()
    engine = create_quiet_engine(url)
    people = []
    try:
        with Session(engine) as session, session.begin():
            office = session.scalars(select(Office).order_by(Office.id)).first()
            assert office is not None, "the demo caseload has an office"
            for i in range(count):
                body, language = phrases[i % len(phrases)]
                staff_phone, phone = f"+1312{6_000_000 + i:07d}", f"+1312{4_000_000 + i:07d}"
                email = f"specialist{i:04d}@bench.example"
                more = StaffChanges(
                    phone=staff_phone,
                    supervisor=SUPERVISOR,
                    language=language,
                    hours="08:00-17:00",
                    days="mon-fri",
                )
                add_staff(session, email, f"Bench Specialist {i}", Role.SPECIALIST, more)
                fields = ClientFields(
                    f"CRISIS-{i:04d}",
                    "Crisis",
                    f"Client {i}",
                    phone,
                    language,
                    "America/Chicago",
                    email,
                )
                upsert_client(session, office, fields)
                people.append(Person(phone, staff_phone, language, body))
    finally:
        engine.dispose()
    return people


def crisis_requests(people: Sequence[Person]) -> list[bytes]:
    """Each person's crisis text as a signed webhook request."""
    return traffic.texted((p.phone, p.body) for p in people)


def _phase(
    port: int,
    plan: Plan,
    phase: int,
    background: Sequence[bytes],
    batch: Sequence[tuple[Person, bytes]],
) -> tuple[list[Sample], list[Sent]]:
    """The crisis texts of one phase, with the other texts (when loaded) at `plan.rate`."""
    timed = [request for _, request in batch]
    samples, posted = loadgen.run(
        loadgen.paced_among(port, timed, plan.every, background, plan.rate, plan.connections)
    )
    sent = [
        Sent(p, phase, post.at, post.status) for (p, _), post in zip(batch, posted, strict=True)
    ]
    return samples, sent


def _idle(session: Session, replies: int) -> bool:
    """Whether botapp has nothing left to do now: no text waits for the inbound worker, `replies`
    crisis replies have gone, no text due now is unsent, no escalation job due now waits."""
    now = utcnow()
    if inbound_queue.waiting(session).count:
        return False
    gone = session.scalar(
        select(func.count()).where(
            Message.message_key == texts.CRISIS_RESOURCES.key, Message.twilio_sid.is_not(None)
        )
    )
    if int(gone or 0) < replies:
        return False
    unsent = session.scalar(
        select(func.count()).where(
            Message.direction == Direction.OUTBOUND,
            Message.status.in_((MessageStatus.PENDING, MessageStatus.CLAIMED)),
            or_(Message.not_before.is_(None), Message.not_before <= now),
        )
    )
    jobs = session.scalar(
        select(func.count()).where(
            ScheduledItem.kind.like("escalation.%"),
            ScheduledItem.status == ItemStatus.PENDING,
            ScheduledItem.due_at <= now,
        )
    )
    return not unsent and not jobs


def holders(url: str) -> dict[str, str]:
    """Each crisis client's phone and the staff phone of their crisis escalation's holder."""
    engine, holder = create_quiet_engine(url), aliased(Staff)
    try:
        with Session(engine) as session:
            pairs = session.execute(
                select(Client.phone, holder.phone)
                .join(Escalation, Escalation.client_id == Client.id)
                .join(holder, Escalation.holder_id == holder.id)
                .where(Escalation.reason == Reason.CRISIS, holder.phone.is_not(None))
            ).all()
            return {client: str(staff) for client, staff in pairs}
    finally:
        engine.dispose()


def crisis_sids(url: str) -> set[str]:
    """The Twilio SIDs of every crisis reply botapp sent."""
    engine = create_quiet_engine(url)
    try:
        with Session(engine) as session:
            return set(
                session.scalars(
                    select(Message.twilio_sid).where(
                        Message.message_key == texts.CRISIS_RESOURCES.key,
                        Message.twilio_sid.is_not(None),
                    )
                )
            )
    finally:
        engine.dispose()


def staff_waiting(url: str, phones: Sequence[str]) -> int:
    """Texts to `phones` still in the outbox, unsent (held for working or quiet hours…)."""
    engine = create_quiet_engine(url)
    try:
        with Session(engine) as session:
            n = session.scalar(
                select(func.count()).where(
                    Message.direction == Direction.OUTBOUND,
                    Message.phone.in_(phones),
                    Message.twilio_sid.is_(None),
                )
            )
            return int(n or 0)
    finally:
        engine.dispose()


def match(
    sent: Sequence[Sent], accepted: list[dict[str, Any]], sids: set[str], by: dict[str, str]
) -> list[Seen]:
    """For each crisis text, when its reply and its staff alert reached the fake (if they did)."""
    to: dict[str, list[tuple[float, str]]] = {}
    for m in accepted:
        to.setdefault(str(m["to"]), []).append((float(m["received_at"]), str(m["sid"])))
    seen = []
    for s in sent:
        replies = sorted(at for at, sid in to.get(s.person.phone, []) if sid in sids)
        staff = sorted(at for at, _ in to.get(by.get(s.person.phone, s.person.staff_phone), []))
        seen.append(
            Seen(
                s,
                replies[0] - s.at if replies else None,
                len(replies),
                staff[0] - s.at if staff else None,
            )
        )
    return seen


def _rows(
    database: str,
    seen: list[Seen],
    samples: dict[int, list[Sample]],
    windows: dict[int, tuple[float, float]],
    accepted: list[dict[str, Any]],
    plan: Plan,
    settled: dict[int, float],
    usage: dict[int, tuple[cpu.Usage, float]],
) -> list[Row]:
    """One row per condition: its phases' crisis texts and other texts together."""
    rows = []
    for condition in (QUIET, LOADED):
        phases = [i for i, p in enumerate(PHASES) if p == condition]
        other = [s for i in phases for s in samples.get(i, [])]
        ok = [s for s in other if s.status == 200]
        span = sum(windows[i][1] - windows[i][0] for i in phases)
        window = sum(
            max(s.done for s in samples[i]) - samples[i][0].due for i in phases if samples.get(i)
        )
        segments = sum(
            int(m["num_segments"])
            for m in accepted
            if any(windows[i][0] <= float(m["received_at"]) <= windows[i][1] for i in phases)
        )
        rows.append(
            Row(
                database=database,
                condition=condition,
                seen=tuple(s for s in seen if s.sent.phase in phases),
                offered=plan.rate if condition == LOADED else 0.0,
                achieved=len(ok) / window if window else 0.0,
                errors=len(other) - len(ok),
                webhook_p99_ms=percentile([(s.done - s.due) * 1000 for s in ok], 99),
                segments_per_s=segments / span if span else 0.0,
                settle_s=max(settled[i] for i in phases),
                usage=_mean([usage[i][0] for i in phases]),
                workers=sum(usage[i][1] for i in phases) / len(phases),
            )
        )
    return rows


def _others(usage: cpu.Usage, workers: float, wall: float) -> tuple[cpu.Usage, float]:
    """`usage` with the botapp workers' cores taken out of `other`, and those cores."""
    cores = workers / max(wall, 1e-9)
    return replace(usage, other=max(0.0, usage.other - cores)), cores


def _mean(usages: list[cpu.Usage]) -> cpu.Usage:
    n = len(usages)
    return cpu.Usage(
        sum(u.server for u in usages) / n,
        sum(u.generator for u in usages) / n,
        sum(u.postgres for u in usages) / n,
        sum(u.other for u in usages) / n,
        sum(u.steal for u in usages) / n,
    )


def write_seen(path: Path, seen: Sequence[Seen]) -> None:
    """One CSV line per crisis text: its phase, language, when posted, and what reached the fake."""
    lines = ["phase,condition,language,posted_utc,webhook_status,reply_ms,staff_sms_ms"]
    for s in seen:
        posted = datetime.fromtimestamp(s.sent.at, UTC).strftime("%H:%M:%S.%f")
        reply = "" if s.reply_s is None else f"{s.reply_s * 1000:.1f}"
        staff = "" if s.staff_s is None else f"{s.staff_s * 1000:.1f}"
        lines.append(
            f"{s.sent.phase},{PHASES[s.sent.phase]},{s.sent.person.language},{posted},"
            f"{s.sent.status},{reply},{staff}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_one(
    name: str,
    url: str,
    plan: Plan,
    config: Gunicorn,
    logs: Path,
    quiet_wait: float,
    say: Callable[[str], None],
) -> tuple[list[Row], Extra]:
    """A warm-up, then the four phases, on one fresh database with the whole stack running;
    the rows it measured."""
    people = add_cast(url, WARM_UP + plan.per_phase * len(PHASES))
    requests = list(zip(people, crisis_requests(people), strict=True))
    warm, requests = requests[:WARM_UP], requests[WARM_UP:]
    n_warm = int(plan.rate * WARM_UP * plan.every)
    other = traffic.raw_requests(
        traffic.signed(n_warm + plan.background_per_phase * PHASES.count(LOADED), seed=14)
    )
    record, tag = logs / f"twilio-{name.lower()}.json", name.lower()
    sent: list[Sent] = []
    samples: dict[int, list[Sample]] = {}
    windows: dict[int, tuple[float, float]] = {}
    settled: dict[int, float] = {}
    usage: dict[int, tuple[cpu.Usage, float]] = {}
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: lines per connection
    with ExitStack() as stack:
        smtp = stack.enter_context(SmtpServer())
        base = stack.enter_context(fake_twilio(record, traffic.ACCOUNT_SID, traffic.AUTH_TOKEN))
        env = {
            **twilio_env(url, base, plan.mps, traffic.ACCOUNT_SID, traffic.AUTH_TOKEN),
            "SMTP_URL": smtp.url(),
            "ALERT_EMAIL_FROM": ALERT_FROM,
        }
        databases.checkpoint(url)
        busy = cpu.wait_for_quiet(quiet_wait) if quiet_wait else None
        if busy is not None:
            say(f"{name}: other processes use {busy:.2f} cores before start")
        workers = {
            stack.enter_context(botapp_process(["inbound"], env, logs / f"inbound-{tag}.log"))
        }
        for i in range(plan.dispatchers):
            log = logs / f"dispatch-{tag}-{i}.log"
            workers.add(stack.enter_context(botapp_process(["dispatch"], env, log)))
        workers.add(stack.enter_context(botapp_process(["clock"], env, logs / f"clock-{tag}.log")))
        port, pid = stack.enter_context(serve(APP, env, config, logs / f"gunicorn-{tag}.log"))
        say(f"{name}: warming up with {len(warm)} crisis texts and {n_warm} others")
        posted = _phase(port, plan, -1, other[:n_warm], warm)[1]
        answered = sum(1 for s in posted if s.status == 200)
        databases.settle(url, partial(_idle, replies=answered), plan.settle)
        taken = n_warm
        for i, condition in enumerate(PHASES):
            batch = requests[i * plan.per_phase : (i + 1) * plan.per_phase]
            background = (
                other[taken : taken + plan.background_per_phase] if condition == LOADED else []
            )
            taken += len(background)
            say(f"{name}: phase {i + 1} of {len(PHASES)}, {condition}: {len(batch)} crisis texts")
            began, before, spent = time.time(), cpu.snapshot(pid), cpu.cpu_seconds(workers)
            samples[i], posted = _phase(port, plan, i, background, batch)
            windows[i] = (began, time.time())
            spent = cpu.cpu_seconds(workers) - spent
            usage[i] = _others(cpu.between(before, cpu.snapshot(pid)), spent, time.time() - began)
            sent += posted
            answered += sum(1 for s in posted if s.status == 200)
            settled[i] = databases.settle(url, partial(_idle, replies=answered), plan.settle)
        waiting = staff_waiting(url, [p.staff_phone for p in people])
        extra = Extra(len(smtp.received), waiting, busy)
    # Every process has stopped: the fake wrote what it accepted.
    accepted: list[dict[str, Any]] = json.loads(record.read_text(encoding="utf-8"))
    seen = match(sent, accepted, crisis_sids(url), holders(url))
    write_seen(logs / f"crisis-{tag}.csv", seen)
    return _rows(name, seen, samples, windows, accepted, plan, settled, usage), extra


def run(
    kinds: list[str],
    plan: Plan,
    config: Gunicorn,
    tmp: Path,
    logs: Path,
    pg_url: str,
    quiet_wait: float = 0.0,
    say: Callable[[str], None] = print,
) -> tuple[list[Row], dict[str, Extra], dict[str, str]]:
    """Every database kind, each fresh: its rows, what each left behind, each one's version."""
    rows: list[Row] = []
    extras: dict[str, Extra] = {}
    versions: dict[str, str] = {}
    for name, make in each_database(kinds, tmp, pg_url):
        with make() as url:
            versions[name] = databases.server_version(url)
            found, extras[name] = run_one(name, url, plan, config, logs, quiet_wait, say)
        for row in found:
            say(summary(row))
        rows += found
    return rows, extras, versions


def summary(row: Row) -> str:
    """One line for the terminal."""
    a, b = row.reply_s, row.staff_s
    staff = f"p99 {percentile(b, 99):.3f} s ({len(b)} seen)" if b else "not seen"
    return (
        f"{row.database} {row.condition}: {len(row.seen)} crisis texts, reply p50 "
        f"{percentile(a, 50):.3f} s p99 {percentile(a, 99):.3f} s "
        f"max {max(a, default=float('nan')):.3f} s, "
        f"lost {row.lost}, duplicates {row.duplicates}; staff SMS {staff}; other texts "
        f"{row.achieved:.1f}/s of {row.offered:g}/s offered ({row.errors} errors)"
    )
