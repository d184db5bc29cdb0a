"""botapp with timers: where each request's wall time goes, from inside the gunicorn workers.

`gunicorn 'bench.probe_app:create_app()'` with BENCH_PROBE_DIR set: every worker times each
SQL statement (by its first words), COMMIT, the pool's pre-ping and the whole request (wall and
CPU), and rewrites `probe-<pid>.json` in that directory every 100 requests.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event

import botapp
import botapp.config

Stats = defaultdict[str, list[float]]  # name -> [calls, seconds]
WSGI = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _key(statement: str) -> str:
    words = re.sub(r"\s+", " ", statement).strip()
    match = re.match(r"(SELECT .*? FROM \w+|INSERT INTO \w+|UPDATE \w+|DELETE FROM \w+)", words)
    head = match.group(1) if match else words[:40]
    if head.startswith("SELECT") and " FROM " in head:
        head = "SELECT … FROM " + head.rsplit(" FROM ", 1)[1]
    where = re.search(r" WHERE (.{0,60})", words)
    return "sql: " + head + (f" WHERE {where.group(1)}…" if where else "")


def _timed(stats: Stats, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            entry = stats[name]
            entry[0] += 1
            entry[1] += time.perf_counter() - start

    return wrapper


def create_app() -> Flask:
    """botapp's app from the environment, instrumented."""
    app = botapp.create_app()
    out = Path(os.environ["BENCH_PROBE_DIR"]) / f"probe-{os.getpid()}.json"
    stats: Stats = defaultdict(lambda: [0, 0.0])
    engine = botapp.config.engine_of(app)
    dialect: Any = engine.dialect  # its methods are wrapped in timers below
    dialect.do_commit = _timed(stats, "db: COMMIT", dialect.do_commit)
    dialect.do_ping = _timed(stats, "db: pool pre-ping", dialect.do_ping)

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, _cur: Any, _stmt: str, _params: Any, _ctx: Any, _many: bool) -> None:
        conn.info["bench.t"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, _cur: Any, stmt: str, _params: Any, _ctx: Any, _many: bool) -> None:
        entry = stats[_key(stmt)]
        entry[0] += 1
        entry[1] += time.perf_counter() - conn.info.pop("bench.t")

    inner: WSGI = app.wsgi_app

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return inner(environ, start_response)
        finally:
            if environ.get("PATH_INFO") == "/sms/inbound":
                stats["request: wall"][0] += 1
                stats["request: wall"][1] += time.perf_counter() - wall
                stats["request: CPU"][0] += 1
                stats["request: CPU"][1] += time.process_time() - cpu
                if stats["request: wall"][0] % 100 == 0:
                    out.write_text(json.dumps(stats))

    app.wsgi_app = wsgi  # type: ignore[method-assign]
    return app


def merge(directory: Path) -> list[str]:
    """Every worker's figures added up, per inbound request, slowest first."""
    total: Stats = defaultdict(lambda: [0, 0.0])
    for path in directory.glob("probe-*.json"):
        for name, (calls, seconds) in json.loads(path.read_text()).items():
            total[name][0] += calls
            total[name][1] += seconds
    requests = total["request: wall"][0] or 1
    rows = sorted(total.items(), key=lambda kv: -kv[1][1])
    return [f"{requests} requests; per request:"] + [
        f"  {s / requests * 1000:7.2f} ms  {c / requests:5.2f}×  {name}" for name, (c, s) in rows
    ]
