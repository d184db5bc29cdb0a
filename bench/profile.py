"""`python -m bench.profile [sqlite|postgresql] [--probe|--statements]`: where /sms/inbound
time goes.

Serves botapp as the benchmark does, saturates it in a closed loop, and samples every worker
with py-spy (`pip install py-spy`; needs ptrace), counting only threads that hold the GIL
(Python CPU). Prints the functions with the most samples,
inclusive and own, as shares of all samples (idle threads excluded). With --probe, serves
`bench.probe_app` instead and prints the wall time per request of each SQL statement, COMMIT,
pre-ping, and the request's CPU time. With --statements, serves nothing: counts in process the
SQL statements the inbound worker runs for one inbox text that raises a new routine
escalation, and for one that is a `raised_again` step on it (bench/notes/escalation-raise.md).
"""

from __future__ import annotations

import collections
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from bench import databases, loadgen, probe_app, traffic
from bench.inbound import APPS
from bench.loadgen import Pool, closed_loop
from bench.server import Gunicorn, serve
from botapp import create_app
from botapp.cli.demo import CLIENTS
from botapp.config import engine_of, sessions_of, settings_of
from botapp.models import Agency, Escalation, EscalationStep
from botapp.services.inbound import InboundSms, record
from botapp.workers.inbound import handle_next

SECONDS = 15.0
CONCURRENCY = 16


async def _saturate(port: int, requests: list[bytes]) -> float:
    pool = Pool(port, CONCURRENCY)
    try:
        await pool.fill()
        samples, elapsed = await closed_loop(pool, requests, CONCURRENCY, SECONDS + 3)
    finally:
        pool.close()
    return sum(1 for s in samples if s.status == 200) / elapsed


def summarize(raw: Path, top: int = 40) -> list[str]:
    """The busiest frames in py-spy's collapsed stacks (`frame;frame;... count` lines)."""
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    blame: collections.Counter[str] = collections.Counter()  # innermost botapp function
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames or "wait (threading" in frames[-1] or "select (selectors" in frames[-1]:
            continue  # idle: a thread-pool thread or the worker's poller waiting
        n = int(count)
        total += n
        own[frames[-1]] += n
        ours = [f for f in frames if "(botapp/" in f]
        where = ours[-1].rpartition(":")[0] + ")" if ours else "(outside botapp: server, Flask)"
        blame[where] += n
        for frame in set(frames):
            inclusive[frame] += n
    out = [f"{total} busy samples", "inclusive:"]
    out += [f"  {n / total:6.1%}  {f}" for f, n in inclusive.most_common(top)]
    out += ["own:"] + [f"  {n / total:6.1%}  {f}" for f, n in own.most_common(top // 2)]
    out += ["innermost botapp function:"]
    out += [f"  {n / total:6.1%}  {f}" for f, n in blame.most_common(top)]
    return out


def _spy(pid: int, out: Path) -> subprocess.Popen[bytes]:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    cmd = [spy, "record", "--pid", str(pid), "--subprocesses", "--gil", "--format", "raw"]
    cmd += ["--rate", "250", "--duration", str(int(SECONDS)), "--output", str(out)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL)  # noqa: S603 - fixed arguments


def main(kind: str, mode: str) -> int:
    """Profile /sms/inbound on `kind` ("sqlite" or "postgresql") with py-spy or the probe."""
    requests = traffic.raw_requests(traffic.signed(int(SECONDS * 400), seed=99))
    with tempfile.TemporaryDirectory(prefix="botapp-profile-") as tmp:
        base = Path(tmp)
        db = databases.sqlite(base) if kind == "sqlite" else databases.postgresql()
        with db as url:
            env = {**databases.app_env(url), "BENCH_PROBE_DIR": tmp}
            app = "bench.probe_app:create_app()" if mode == "probe" else APPS["inbound"]
            with serve(app, env, Gunicorn(), base / "gunicorn.log") as (port, pid):
                spying = _spy(pid, base / "stacks.txt") if mode == "py-spy" else None
                try:
                    rps = loadgen.run(_saturate(port, requests))
                finally:
                    if spying is not None:
                        spying.wait(timeout=SECONDS + 30)
            print(f"{kind}: {rps:.0f} req/s while measured ({mode})")
            if mode == "probe":
                print("\n".join(probe_app.merge(base)))
            else:
                print("\n".join(summarize(base / "stacks.txt")))
    return 0


# An inbox text in each demo client's language: the flows place neither, so a person reads it.
FULL = "--full" in sys.argv
FIRST = {"en": "see you friday", "es": "nos vemos el viernes"}
AGAIN = {"en": "and saturday works too", "es": "y el sábado también"}


@contextmanager
def _counted(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements `engine` runs inside the block (an executemany counts once)."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        words = statement.split()
        seen.append(" ".join(words) + f"  {parameters}" if FULL else " ".join(words[:4]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements(kind: str) -> int:
    """Count the statements per inbox text on `kind`: each demo client texts twice (a new
    routine escalation, then a raised_again step), every staff member at work (alerts at once)."""
    with tempfile.TemporaryDirectory(prefix="botapp-statements-") as tmp:
        db = databases.sqlite(Path(tmp)) if kind == "sqlite" else databases.postgresql()
        with db as url:
            app = create_app(databases.app_env(url))
            sessions, settings, engine = sessions_of(app), settings_of(app), engine_of(app)
            with sessions.begin() as session:  # at work whenever this runs: alerts go at once
                agency = session.scalars(select(Agency)).one()
                agency.work_days, agency.work_start, agency.work_end = (
                    "1234567",
                    time(0),
                    time(23, 59),
                )
            runs: dict[str, list[list[str]]] = {"new escalation": [], "raised again": []}
            for fields in CLIENTS:
                for case, texts in (("new escalation", FIRST), ("raised again", AGAIN)):
                    sms = InboundSms(
                        "SM" + secrets.token_hex(16), fields.phone, texts[fields.language]
                    )
                    with engine.begin() as conn:
                        record(conn, sms)
                    with _counted(engine) as ran:
                        assert handle_next(sessions, settings) == 1
                    runs[case].append(ran)
            with sessions() as session:
                raised = session.scalar(select(func.count()).select_from(Escalation))
                steps = session.scalar(select(func.count()).select_from(EscalationStep))
            engine.dispose()
    assert raised == len(CLIENTS), f"{raised} escalations for {len(CLIENTS)} clients"
    print(f"{kind}: SQL statements per inbox text (inbound worker, one text per transaction)")
    for case, each in runs.items():
        counts = [len(ran) for ran in each]
        print(f"  {case}: median {statistics.median(counts):g} (each: {counts})")
    print(f"  ({raised} escalations, {steps} steps)")
    for case, each in runs.items():
        print(f"{case}, {CLIENTS[0].external_id}'s text:")
        print("\n".join(f"  {line}" for line in each[0]))
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    kind = next((a for a in args if not a.startswith("--")), "sqlite")
    if "--statements" in args:
        sys.exit(statements(kind))
    sys.exit(main(kind, "probe" if "--probe" in args else "py-spy"))
