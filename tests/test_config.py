"""Settings: sensible defaults, and a clear message for each bad value."""

from __future__ import annotations

import pytest

from botapp import create_app
from botapp.config import ConfigError, load_settings


def test_defaults_run_the_demo_on_sqlite_with_the_console_transport(tmp_path):
    s = load_settings({}, tmp_path)
    assert s.database_url == f"sqlite:///{tmp_path / 'botapp.sqlite3'}"
    assert (s.sms_transport, s.opt_out_handler, s.default_locale) == ("console", "botapp", "en")
    assert s.inbound_url == "http://127.0.0.1:5000/sms/inbound"


def test_twilio_credentials_choose_the_twilio_transport_and_twilio_opt_out_handling(tmp_path):
    s = load_settings(
        {
            "TWILIO_ACCOUNT_SID": "AC" + "a" * 32,
            "TWILIO_AUTH_TOKEN": "t",
            "TWILIO_FROM_NUMBER": "+13125550100",
            "PUBLIC_BASE_URL": "https://sms.example.org/",
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
        ({"DEFAULT_LOCALE": "fr"}, "DEFAULT_LOCALE"),
        ({"OPT_OUT_HANDLER": "nobody"}, "OPT_OUT_HANDLER"),
    ],
)
def test_a_bad_setting_is_named_in_the_error(tmp_path, env, named):
    with pytest.raises(ConfigError, match=named):
        load_settings(env, tmp_path)


def test_the_factory_builds_independent_apps(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}
    one, two = create_app(env), create_app(env)
    assert one is not two and one.extensions["botapp.engine"] is not two.extensions["botapp.engine"]
    assert {r.rule for r in one.url_map.iter_rules()} >= {"/sms/inbound", "/healthz"}
    for app in (one, two):
        app.extensions["botapp.engine"].dispose()
