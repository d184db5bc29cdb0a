"""Settings read from the environment (and `.env`), validated once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_LOCALES = ("en", "es")
TRANSPORTS = ("console", "twilio")
OPT_OUT_HANDLERS = ("twilio", "botapp")


class ConfigError(ValueError):
    """A setting has a value botapp cannot run with; the message names it and says why."""


@dataclass(frozen=True)
class Settings:
    """Everything botapp reads from its environment, already checked."""

    database_url: str
    secret_key: str
    public_base_url: str
    sms_transport: str
    opt_out_handler: str
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_messaging_service_sid: str = ""
    twilio_from_number: str = ""
    twilio_api_base_url: str = ""
    default_timezone: str = "America/Chicago"
    default_locale: str = "en"
    program_name: str = "Job Connect"
    program_phone: str = "+13125550100"
    sender_mps: float = 1.0
    locales_dir: Path = field(default=PROJECT_ROOT / "locales")

    @property
    def sender(self) -> str:
        """Whose rate SENDER_MPS limits: the Messaging Service, the From number, or console."""
        return self.twilio_messaging_service_sid or self.twilio_from_number or self.sms_transport

    @property
    def inbound_url(self) -> str:
        """The URL Twilio signs for inbound messages."""
        return self.public_base_url + "/sms/inbound"


def _pick(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(name, default).strip()


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _pick(env, name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, got {raw!r}")
    return value


def load_settings(
    env: Mapping[str, str] | None = None, instance_path: Path | None = None
) -> Settings:
    """Build Settings from `env` (default: the process environment after reading `.env`)."""
    if env is None:
        from dotenv import load_dotenv

        load_dotenv(override=False)
        env = os.environ
    instance = instance_path or PROJECT_ROOT / "instance"
    sid = _pick(env, "TWILIO_ACCOUNT_SID")
    token = _pick(env, "TWILIO_AUTH_TOKEN")
    transport = _pick(env, "SMS_TRANSPORT", "twilio" if sid and token else "console").lower()
    settings = Settings(
        database_url=_pick(env, "DATABASE_URL") or f"sqlite:///{instance / 'botapp.sqlite3'}",
        secret_key=_pick(env, "SECRET_KEY", "dev-only-not-secret"),
        public_base_url=_pick(env, "PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        sms_transport=transport,
        opt_out_handler=_pick(
            env, "OPT_OUT_HANDLER", "twilio" if transport == "twilio" else "botapp"
        ).lower(),
        twilio_account_sid=sid,
        # The console transport still validates webhook signatures; the simulator signs
        # with the same token, so a demo without Twilio has one that is not secret.
        twilio_auth_token=token or ("" if transport == "twilio" else "console-demo-token"),
        twilio_messaging_service_sid=_pick(env, "TWILIO_MESSAGING_SERVICE_SID"),
        twilio_from_number=_pick(env, "TWILIO_FROM_NUMBER"),
        twilio_api_base_url=_pick(env, "TWILIO_API_BASE_URL").rstrip("/"),
        default_timezone=_pick(env, "DEFAULT_TIMEZONE", "America/Chicago"),
        default_locale=_pick(env, "DEFAULT_LOCALE", "en"),
        program_name=_pick(env, "PROGRAM_NAME", "Job Connect"),
        program_phone=_pick(env, "PROGRAM_PHONE", "+13125550100"),
        sender_mps=_number(env, "SENDER_MPS", 1.0),
    )
    validate(settings)
    return settings


def validate(s: Settings) -> None:
    """Raise ConfigError naming the first setting that cannot work."""
    if s.sms_transport not in TRANSPORTS:
        raise ConfigError(
            f"SMS_TRANSPORT must be one of {', '.join(TRANSPORTS)}, got {s.sms_transport!r}"
        )
    if s.opt_out_handler not in OPT_OUT_HANDLERS:
        raise ConfigError(
            f"OPT_OUT_HANDLER must be one of {', '.join(OPT_OUT_HANDLERS)}, "
            f"got {s.opt_out_handler!r}"
        )
    if s.sms_transport == "twilio":
        if not s.twilio_account_sid.startswith("AC") or not s.twilio_auth_token:
            raise ConfigError(
                "SMS_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID (starting with AC) "
                "and TWILIO_AUTH_TOKEN"
            )
        if not (s.twilio_messaging_service_sid or s.twilio_from_number):
            raise ConfigError(
                "SMS_TRANSPORT=twilio needs TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER"
            )
    if s.twilio_messaging_service_sid and not s.twilio_messaging_service_sid.startswith("MG"):
        raise ConfigError("TWILIO_MESSAGING_SERVICE_SID must start with MG")
    for name, url in (
        ("PUBLIC_BASE_URL", s.public_base_url),
        ("TWILIO_API_BASE_URL", s.twilio_api_base_url),
    ):
        if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
            raise ConfigError(
                f"{name} must be an http(s) URL such as https://sms.example.org, got {url!r}"
            )
    if urlsplit(s.database_url).scheme.split("+")[0] not in ("sqlite", "postgresql"):
        raise ConfigError("DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL")
    try:
        ZoneInfo(s.default_timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a directory
        raise ConfigError(
            "DEFAULT_TIMEZONE must be an IANA zone such as America/Chicago, "
            f"got {s.default_timezone!r}"
        ) from None
    try:
        Locale.parse(s.default_locale)
    except (UnknownLocaleError, ValueError):
        raise ConfigError(
            f"DEFAULT_LOCALE must be a locale code such as en or es, got {s.default_locale!r}"
        ) from None
    if s.default_locale not in SUPPORTED_LOCALES:
        raise ConfigError(f"DEFAULT_LOCALE must be one of {', '.join(SUPPORTED_LOCALES)}")
