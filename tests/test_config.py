"""Settings: sensible defaults, and a clear message for each bad value."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from botapp import create_app
from botapp.config import ConfigError, engine_of, load_settings, sessions_of, settings_of

TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC" + "a" * 32,
    "TWILIO_AUTH_TOKEN": "t",
    "TWILIO_FROM_NUMBER": "+13125550100",
}
PUBLIC = {"PUBLIC_BASE_URL": "https://sms.example.org", "SECRET_KEY": "k" * 32}


def test_defaults_run_the_demo_on_sqlite_with_the_console_transport(tmp_path: Path) -> None:
    s = load_settings({}, tmp_path)
    assert s.database_url == f"sqlite:///{tmp_path / 'botapp.sqlite3'}"
    assert (s.sms_transport, s.opt_out_handler, s.default_locale) == ("console", "botapp", "en")
    assert s.inbound_url == "http://127.0.0.1:5000/sms/inbound"


def test_twilio_credentials_choose_the_twilio_transport_and_twilio_opt_out_handling(
    tmp_path: Path,
) -> None:
    s = load_settings(
        {
            **TWILIO,
            "PUBLIC_BASE_URL": "https://sms.example.org/",
            "SECRET_KEY": "k" * 32,
        },
        tmp_path,
    )
    assert (s.sms_transport, s.opt_out_handler) == ("twilio", "twilio")
    assert s.inbound_url == "https://sms.example.org/sms/inbound"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SMS_TRANSPORT": "carrier-pigeon"}, "SMS_TRANSPORT"),
        ({"SMS_TRANSPORT": "twilio"}, "TWILIO_ACCOUNT_SID"),
        ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"}, "TWILIO_FROM_NUMBER"),
        ({"TWILIO_MESSAGING_SERVICE_SID": "XX1"}, "TWILIO_MESSAGING_SERVICE_SID"),
        ({"PUBLIC_BASE_URL": "sms.example.org"}, "PUBLIC_BASE_URL"),
        ({"TWILIO_API_BASE_URL": "ftp://x"}, "TWILIO_API_BASE_URL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"DEFAULT_TIMEZONE": "Central"}, "DEFAULT_TIMEZONE"),
        ({"DEFAULT_TIMEZONE": "America"}, "DEFAULT_TIMEZONE"),
        ({"SENDER_MPS": "fast"}, "SENDER_MPS"),
        ({"SENDER_MPS": "-1"}, "SENDER_MPS"),
        ({"SENDER_MPS": "inf"}, "SENDER_MPS"),
        ({"SENDER_MPS": "nan"}, "SENDER_MPS"),
        ({"SENDER_MPS": "-inf"}, "SENDER_MPS"),
        ({"STAFF_SESSION_HOURS": "eight"}, "STAFF_SESSION_HOURS"),
        ({"STAFF_SESSION_HOURS": "0"}, "STAFF_SESSION_HOURS"),
        ({"STAFF_SESSION_HOURS": "nan"}, "STAFF_SESSION_HOURS"),
        ({"STAFF_SESSION_HOURS": "100000"}, "STAFF_SESSION_HOURS"),
        ({"BOTAPP_ENV": "staging"}, "BOTAPP_ENV"),
        ({"DEFAULT_LOCALE": "fr"}, "DEFAULT_LOCALE"),
        ({"OPT_OUT_HANDLER": "nobody"}, "OPT_OUT_HANDLER"),
        ({"SMTP_URL": "smtp://mail.example:587?starttls=1"}, "ALERT_EMAIL_FROM"),
        ({"SMTP_URL": "smtp://mail.example", "ALERT_EMAIL_FROM": "alerts"}, "ALERT_EMAIL_FROM"),
        ({"SMTP_URL": "http://mail.example", "ALERT_EMAIL_FROM": "a@b.org"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://mail.example:port", "ALERT_EMAIL_FROM": "a@b.org"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://mail.example?tls=1", "ALERT_EMAIL_FROM": "a@b.org"}, "SMTP_URL"),
        (
            {"SMTP_URL": "smtps://mail.example?starttls=1", "ALERT_EMAIL_FROM": "a@b.org"},
            "SMTP_URL",
        ),
        # The password would cross the network in clear text.
        ({"SMTP_URL": "smtp://u:pw@mail.example:587", "ALERT_EMAIL_FROM": "a@b.org"}, "SMTP_URL"),
    ],
)
def test_a_bad_setting_is_named_in_the_error(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(env, tmp_path)


def test_the_factory_builds_independent_apps(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    one, two = create_app(env), create_app(env)
    assert one is not two and engine_of(one) is not engine_of(two)
    assert {r.rule for r in one.url_map.iter_rules()} >= {"/sms/inbound", "/healthz"}
    # Each app's sessions use its own engine and the database its settings name.
    assert settings_of(one).database_url == env["DATABASE_URL"]
    assert sessions_of(one).kw["bind"] is engine_of(one)
    assert engine_of(one).url.render_as_string() == env["DATABASE_URL"]
    for app in (one, two):
        engine_of(app).dispose()


def test_the_default_database_lives_in_the_instance_folder_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an installed botapp must not write beside its code
    app = create_app({})
    assert settings_of(app).database_url == f"sqlite:///{tmp_path / 'instance/botapp.sqlite3'}"
    assert (tmp_path / "instance").is_dir()
    engine_of(app).dispose()


def test_the_env_file_read_is_the_working_directorys_not_the_one_beside_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PROGRAM_NAME=Work Ready\n")
    monkeypatch.setenv("PROGRAM_NAME", "")  # so that the value .env sets is undone after
    monkeypatch.delenv("PROGRAM_NAME")
    assert load_settings().program_name == "Work Ready"


def test_no_instance_folder_is_made_when_database_url_names_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    engine_of(create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})).dispose()
    assert not (tmp_path / "instance").exists()


def test_the_twilio_transport_without_public_base_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        load_settings({**TWILIO, "SECRET_KEY": "k" * 32}, tmp_path)


def test_an_http_public_base_url_is_a_warning_unless_it_is_loopback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "botapp.config")
    load_settings({**TWILIO, **PUBLIC, "PUBLIC_BASE_URL": "http://sms.example.org"}, tmp_path)
    assert [r.getMessage() for r in caplog.records] == [
        "PUBLIC_BASE_URL http://sms.example.org is not https: Twilio's webhooks and their "
        "signatures travel in clear text"
    ]
    caplog.clear()
    for url in ("http://127.0.0.1:5000", "http://localhost:8000", "http://[::1]:5000"):
        load_settings({**TWILIO, "PUBLIC_BASE_URL": url}, tmp_path)
    assert caplog.records == []


@pytest.mark.parametrize(
    "env",
    [
        {"PUBLIC_BASE_URL": "https://sms.example.org"},  # console, no token: the demo token
        {"PUBLIC_BASE_URL": "http://192.0.2.7:5000"},
        {"PUBLIC_BASE_URL": "https://sms.example.org", "TWILIO_AUTH_TOKEN": "console-demo-token"},
        {"BOTAPP_ENV": "production"},  # loopback, but production asked for
    ],
)
def test_the_public_demo_token_is_refused_outside_development(
    tmp_path: Path, env: dict[str, str]
) -> None:
    with pytest.raises(ConfigError, match="TWILIO_AUTH_TOKEN .*SMS_TRANSPORT"):
        load_settings({"SECRET_KEY": "k" * 32, **env}, tmp_path)


@pytest.mark.parametrize(
    "env",
    [
        {},  # the demo: console transport on http://127.0.0.1:5000
        {"PUBLIC_BASE_URL": "http://localhost:5000"},
        {"PUBLIC_BASE_URL": "http://[::1]:5000"},
        {"PUBLIC_BASE_URL": "https://dev.example.org", "BOTAPP_ENV": "development"},
    ],
)
def test_development_runs_with_the_demo_token_and_secret(
    tmp_path: Path, env: dict[str, str]
) -> None:
    s = load_settings(env, tmp_path)
    assert s.development
    assert (s.twilio_auth_token, s.secret_key) == ("console-demo-token", "dev-only-not-secret")


@pytest.mark.parametrize(
    "secret", [None, "", "dev-only-not-secret", "k" * 31, "dev-only-not-secret" * 2]
)
def test_outside_development_the_secret_key_must_be_long_and_not_the_default(
    tmp_path: Path, secret: str | None
) -> None:
    env = {**TWILIO, **PUBLIC}
    if secret is None:
        del env["SECRET_KEY"]
    else:
        env["SECRET_KEY"] = secret
    if secret == "dev-only-not-secret" * 2:  # long enough, and not the default: accepted
        assert not load_settings(env, tmp_path).development
        return
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(env, tmp_path)


def test_production_checks_apply_on_loopback_when_botapp_env_says_so(tmp_path: Path) -> None:
    env = {**TWILIO, "PUBLIC_BASE_URL": "http://127.0.0.1:5000", "BOTAPP_ENV": "production"}
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(env, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ["botapp", "outbox"],
        ["botapp", "import", "clients", "clients.csv"],
        ["botapp", "dispatch"],
        ["botapp", "inbound"],
        ["gunicorn", "-c", "python:botapp.gunicorn_config", "botapp:create_app()"],
    ],
    ids=["cli outbox", "cli import", "dispatch worker", "inbound worker", "web (gunicorn)"],
)
def test_a_misconfigured_process_refuses_in_one_line_naming_the_variable(
    tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "clients.csv").write_text("external_id\n", encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SMS_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'botapp.sqlite3'}",
        "PUBLIC_BASE_URL": "https://sms.example.org",
        "TWILIO_AUTH_TOKEN": "a-token-of-the-agency",
        "SECRET_KEY": "too-short",
        "BOTAPP_ENV": "",
    }
    done = subprocess.run(
        [
            str(bin_dir / command[0]),
            *command[1:],
            *(["--bind", "127.0.0.1:0"] * (command[0] == "gunicorn")),
        ],
        cwd=tmp_path,  # no .env of the project's
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    errors = [line for line in done.stderr.splitlines() if "[INFO]" not in line]  # gunicorn's start
    assert done.returncode == 2, done.stderr
    assert len(errors) == 1 and errors[0].startswith("Error: SECRET_KEY must be"), done.stderr
