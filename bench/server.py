"""Starting and stopping gunicorn as a real, separate process on a free 127.0.0.1 port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError

ROOT = Path(__file__).resolve().parent.parent
WHY_DEFAULT = (
    "two sync workers per core: one computes while the other waits on the database; not "
    "gunicorn's 2n+1, as the generator shares the cores. A sync worker accepts a connection "
    "only when free and closes it after answering, so the kernel spreads requests (as behind "
    "nginx, which does not keep upstream connections alive by default); with gthread and "
    "keep-alive one worker accepted all 32 of the generator's connections and did all the work"
)


CONFIG = ("-c", "python:botapp.gunicorn_config")  # the Procfile's: both apps served alike


@dataclass(frozen=True)
class Gunicorn:
    """How the app is served; the same for the floor and the inbound path.

    Default: 4 sync workers on 2 cores, two per core so one computes while the other waits on
    the database (the generator shares the cores, so not gunicorn's 2n+1). Sync workers take a
    connection only when free and close it after each answer, so the kernel spreads the load;
    with gthread and keep-alive, one worker accepted all 32 connections and did all the work.
    """

    workers: int = 4
    worker_class: str = "sync"
    threads: int = 2
    keep_alive: int = 30

    def args(self) -> list[str]:
        args = [*CONFIG, "--workers", str(self.workers), "--worker-class", self.worker_class]
        if self.worker_class == "gthread":
            args += ["--threads", str(self.threads), "--keep-alive", str(self.keep_alive)]
        return args

    def describe(self) -> str:
        return "gunicorn " + " ".join(self.args())


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _ready(port: int, path: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as resp:
            return bool(resp.status == 200)
    except (URLError, OSError):
        return False


@contextmanager
def serve(
    app: str,
    env: Mapping[str, str],
    config: Gunicorn,
    log: Path,
    health: str = "/healthz",
    port: int | None = None,
) -> Iterator[tuple[int, int]]:
    """Run `gunicorn app` (on `port`, or a free one) until the block ends (or fails); yield its
    port and master's pid."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        *config.args(),
        "--graceful-timeout",
        "5",
        app,
    ]
    with log.open("ab") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            cmd,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: Ctrl-C here reaches only us
        )
    try:
        deadline = time.monotonic() + 60
        while not _ready(port, health):
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn {app} exited with {proc.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn {app} did not answer {health} in 60 s; see {log}")
            time.sleep(0.2)
        yield port, proc.pid
    finally:
        stop(proc)


@contextmanager
def botapp_process(args: list[str], env: Mapping[str, str], log: Path) -> Iterator[int]:
    """Run `botapp ARGS` (a worker: `inbound`, `dispatch`, `clock`) until the block ends; yield
    its pid. SIGTERM stops it as a deployment does: the text in hand is finished first."""
    with log.open("ab") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-c", "from botapp.cli import main; main()", *args],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the master (it stops its workers); SIGKILL its process group if it hangs."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group this module started, nothing else
        proc.wait()
