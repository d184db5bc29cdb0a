"""The wheel, built from what the image build copies, installed into a fresh venv, texts
back in English and Spanish from a directory that is not the checkout (decision 21).

Offline and quick: the wheel is built with the dev venv's setuptools and Babel (no build
isolation), and the fresh venv gets the dev venv's dependencies through a .pth line: a plain
directory on its path, whose own .pth files (the editable botapp) are not read. botapp itself
comes only from the wheel.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.support import ALEX, LUCIA, ROOT, answered, build_context_sources, free_port, wait_for

pytestmark = pytest.mark.slow
# What .dockerignore keeps out of the build context: the build must make its own catalogs.
NOT_IN_CONTEXT = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "catalogs")


def build_context(dest: Path) -> Path:
    """A copy of the files the Dockerfile's build stage copies, as a fresh clone has them."""
    for source in build_context_sources():
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, dest / source, ignore=NOT_IN_CONTEXT)
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / source, dest / source)
    return dest


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def fresh_venv(path: Path, wheel: Path) -> Path:
    """A new venv holding botapp from `wheel`, and the dev venv's dependencies."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", path], check=True)
    python = path / "bin" / "python"
    pip("--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel))
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "dev-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return path / "bin"


def test_the_installed_wheel_texts_back_in_english_and_spanish_from_any_directory(
    tmp_path: Path,
) -> None:
    source = build_context(tmp_path / "src")
    pip("wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
        "--wheel-dir", str(tmp_path / "dist"), str(source))  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("botapp-*.whl")
    shipped = zipfile.ZipFile(wheel).namelist()
    for locale in ("en", "es"):
        assert f"botapp/catalogs/{locale}/LC_MESSAGES/messages.mo" in shipped
    bin_dir = fresh_venv(tmp_path / "venv", wheel)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / ".env").write_text("PROGRAM_NAME=Work Ready\n")  # the working directory's
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path)}

    def run(*args: str, stdin: str = "") -> str:
        done = subprocess.run(args, cwd=work, env=env, input=stdin, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    located = run("python", "-c", "import botapp; print(botapp.__file__)")
    assert Path(located).is_relative_to(tmp_path / "venv"), located
    run("botapp", "db", "upgrade")
    assert (work / "instance" / "botapp.sqlite3").is_file()  # not in site-packages
    assert "built catalogs" in run("botapp", "translate", "compile")  # the release step
    run("botapp", "seed-demo")
    port = free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        serve = subprocess.Popen(
            ["botapp", "serve", "--port", str(port)], cwd=work, env=env, stdout=log, stderr=log
        )
    try:
        wait_for(lambda: serve.poll() is not None or answered(port), 30)
        assert serve.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
        url = f"http://127.0.0.1:{port}/sms/inbound"
        english = run("botapp", "simulate", ALEX, "--url", url, stdin="HELP\n")
        spanish = run("botapp", "simulate", LUCIA, "--url", url, stdin="AYUDA\n")
    finally:
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=20) == 0
    assert "Work Ready: texts about your job plan and appointments." in english
    assert "Work Ready: mensajes sobre su plan de empleo y sus citas." in spanish
