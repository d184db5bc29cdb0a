"""The deploy files agree with the Procfile: the image runs its `web:` command as a user
without privileges, and `docker compose up` runs each of its processes against PostgreSQL.

Docker itself is not needed: the files are read, and what botapp would make of them is
checked (tests/test_install.py builds the package from the image's build context).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from botapp.config import load_settings
from tests.support import ROOT, build_context_sources, dockerfile_stages, procfile

PROCESSES = ("web", "worker", "inbound", "clock")


def compose() -> dict[str, Any]:
    with (ROOT / "compose.yaml").open(encoding="utf-8") as fh:
        loaded: dict[str, Any] = yaml.safe_load(fh)
    return loaded


def shell_command(command: list[str]) -> str:
    """The command a compose `sh -c` entry runs, as the container's shell reads it."""
    assert command[:2] == ["sh", "-c"], command
    return command[2].replace("$$", "$").removeprefix("exec ")


def test_compose_runs_each_procfile_process_under_its_name_with_its_command() -> None:
    services = compose()["services"]
    for name, command in procfile().items():
        assert shell_command(services[name]["command"]) == command, name
    assert set(services) == {*procfile(), "db"}


def test_compose_runs_the_processes_in_production_on_postgresql_after_the_release_step() -> None:
    services = compose()["services"]
    for name in (*PROCESSES, "release"):
        service = services[name]
        assert (service["build"], service["image"], service["env_file"]) == (".", "botapp", ".env")
        assert service["environment"]["BOTAPP_ENV"] == "production"
        assert service["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://botapp:")
        assert service["environment"]["DATABASE_URL"].endswith("@db:5432/botapp")
        wanted = "service_healthy" if name == "release" else "service_completed_successfully"
        assert [dep["condition"] for dep in service["depends_on"].values()] == [wanted]
    assert services["db"]["image"].startswith("postgres:")
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    assert services["web"]["ports"] == ["${PORT:-5000}:${PORT:-5000}"]


def test_compose_with_the_example_env_filled_in_is_a_configuration_botapp_accepts() -> None:
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    filled = {
        "POSTGRES_PASSWORD": "pw",
        "SECRET_KEY": "s" * 48,
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": "token",
        "TWILIO_MESSAGING_SERVICE_SID": "MG" + "0" * 32,
    }
    assert [name for name, value in example.items() if not value] == list(filled)
    dotenv = {**example, **filled}
    environment = {
        name: re.sub(r"\$\{POSTGRES_PASSWORD:\?[^}]*\}", "pw", value)
        for name, value in compose()["services"]["worker"]["environment"].items()
    }
    settings = load_settings({**dotenv, **environment}, ROOT / "instance")
    assert not settings.development
    assert settings.sms_transport == "twilio"
    assert settings.database_url == "postgresql+psycopg://botapp:pw@db:5432/botapp"


def test_the_image_runs_the_procfile_web_command_as_a_user_without_privileges() -> None:
    *_, run = dockerfile_stages()
    keywords = [keyword for keyword, _ in run]
    assert ("COPY", "--from=build /opt/botapp /opt/botapp") in run
    assert keywords.index("USER") < keywords.index("CMD")
    assert dict(run)["USER"] not in ("root", "0")
    assert "PORT=5000" in dict(run)["ENV"].split()
    assert json.loads(dict(run)["CMD"]) == ["sh", "-c", "exec " + procfile()["web"]]


def test_the_image_build_copies_only_what_dockerignore_lets_through_and_installs_the_pins() -> None:
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert ignore[[x.startswith("#") for x in ignore].index(False)] == "*"  # all, then some
    for source in build_context_sources():
        assert (ROOT / source).exists(), source
        assert "!" + source in ignore, source
    assert {"**/*.mo", "botapp/catalogs"} <= set(ignore)  # the build compiles its own
    build = dict(dockerfile_stages()[0])
    assert "--constraint constraints.txt ." in build["RUN"]
