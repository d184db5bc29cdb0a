"""`python -m bench.profile [sqlite|postgresql] [--probe]`: where /sms/inbound time goes.

Serves botapp as the benchmark does, saturates it in a closed loop, and samples every worker
with py-spy (`pip install py-spy`; needs ptrace), counting only threads that hold the GIL
(Python CPU). Prints the functions with the most samples,
inclusive and own, as shares of all samples (idle threads excluded). With --probe, serves
`bench.probe_app` instead and prints the wall time per request of each SQL statement, COMMIT,
pre-ping, and the request's CPU time.
"""

from __future__ import annotations

import collections
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import databases, loadgen, probe_app, traffic
from bench.inbound import APPS
from bench.loadgen import Pool, closed_loop
from bench.server import Gunicorn, serve

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


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0] if args else "sqlite", "probe" if "--probe" in args else "py-spy"))
