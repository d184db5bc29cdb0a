"""Settings read from the environment (and `.env`), validated once at start-up."""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

SUPPORTED_LOCALES = ("en", "es")
TRANSPORTS = ("console", "twilio")
OPT_OUT_HANDLERS = ("twilio", "botapp")
ENVIRONMENTS = ("development", "production")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:5000"
# Not secrets, in the source on purpose: what the demo runs with on a loopback address.
DEV_SECRET_KEY = "dev-only-not-secret"
DEMO_AUTH_TOKEN = "console-demo-token"
MIN_SECRET_KEY = 32
# A staff member's web session ends after this many hours without a request.
DEFAULT_STAFF_SESSION_HOURS = 8
MAX_STAFF_SESSION_HOURS = 24 * 30
# SMTP_URL's schemes and their default ports.
SMTP_SCHEMES = {"smtp": 25, "smtps": 465}
# Enough of an address to catch a typo or a missing value; the SMTP server judges the rest.
_ADDRESS = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    """SMTP_URL's parts: where to send emails and how to log in."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    implicit_tls: bool  # smtps://: TLS from the first byte
    starttls: bool  # smtp://…?starttls=1: upgrade to TLS before logging in


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
    # What one SMS segment costs, in USD: a broadcast's preview estimates its cost with it.
    sms_segment_price: Decimal = Decimal("0.0083")
    environment: str = ""
    # Language -> the agency's own crisis reply, instead of the catalog's (decision 23).
    crisis_replies: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # smtp://user:pass@host:587?starttls=1 or smtps://…; empty: emails are printed (the demo).
    # Not in the repr: it may hold the SMTP password.
    smtp_url: str = field(default="", repr=False)
    alert_email_from: str = ""
    # Minutes an urgent escalation waits for an acknowledgement before it goes to the
    # holder's supervisor, and again before it goes to the on-call number.
    escalation_ack_minutes: int = 15
    staff_session_hours: float = DEFAULT_STAFF_SESSION_HOURS
    # STAFF_SIMULATOR: "on", "off", or "" (on in development only).
    staff_simulator: str = ""

    @property
    def https(self) -> bool:
        """True when staff reach botapp over https (PUBLIC_BASE_URL): cookies are Secure and
        browsers are told to keep to https (HSTS)."""
        return urlsplit(self.public_base_url).scheme == "https"

    @property
    def sender(self) -> str:
        """Whose rate SENDER_MPS limits: the Messaging Service, the From number, or console."""
        return self.twilio_messaging_service_sid or self.twilio_from_number or self.sms_transport

    @property
    def development(self) -> bool:
        """True for a demo or a developer's machine: BOTAPP_ENV=development, or unset with a
        loopback PUBLIC_BASE_URL (nobody outside the machine can reach the webhook)."""
        if self.environment:
            return self.environment == "development"
        return _is_loopback(self.public_base_url)

    @property
    def simulator(self) -> bool:
        """True when the staff web app offers its phone simulator: STAFF_SIMULATOR=on, or unset
        in development. It only ever plays clients with a fictional 555-01xx number."""
        if self.staff_simulator:
            return self.staff_simulator == "on"
        return self.development

    @property
    def inbound_url(self) -> str:
        """The URL Twilio signs for inbound messages."""
        return self.public_base_url + "/sms/inbound"


def _pick(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(name, default).strip()


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = _pick(env, name)
    try:
        return float(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None


def _price(env: Mapping[str, str], name: str, default: Decimal) -> Decimal:
    raw = _pick(env, name)
    try:
        price = Decimal(raw) if raw else default
    except InvalidOperation:
        price = Decimal("NaN")
    if not price.is_finite() or price < 0:
        raise ConfigError(f"{name} must be a price in US dollars, 0 or more, got {raw!r}")
    return price


def _whole_number(env: Mapping[str, str], name: str, default: int) -> int:
    raw = _pick(env, name)
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit():
        raise ConfigError(f"{name} must be a whole number of minutes, 1 or more, got {raw!r}")
    return int(raw)


def _is_loopback(url: str) -> bool:
    return urlsplit(url).hostname in LOOPBACK


def instance_folder() -> Path:
    """`instance/` in the directory botapp is started from, home of the default SQLite file:
    never beside the code, which an installed botapp keeps in site-packages."""
    return Path.cwd() / "instance"


def default_database_url(instance: Path) -> str:
    """The SQLite file used when DATABASE_URL is not set."""
    return f"sqlite:///{instance / 'botapp.sqlite3'}"


def load_settings(
    env: Mapping[str, str] | None = None, instance_path: Path | None = None
) -> Settings:
    """Build Settings from `env` (default: the process environment after reading the `.env`
    of the working directory or its nearest parent that has one)."""
    if env is None:
        from dotenv import find_dotenv, load_dotenv

        load_dotenv(find_dotenv(usecwd=True), override=False)
        env = os.environ
    instance = instance_path or instance_folder()
    sid = _pick(env, "TWILIO_ACCOUNT_SID")
    token = _pick(env, "TWILIO_AUTH_TOKEN")
    transport = _pick(env, "SMS_TRANSPORT", "twilio" if sid and token else "console").lower()
    settings = Settings(
        database_url=_pick(env, "DATABASE_URL") or default_database_url(instance),
        secret_key=_pick(env, "SECRET_KEY", DEV_SECRET_KEY),
        # Twilio signs the URL it calls: with the Twilio transport no default can be right.
        public_base_url=_pick(
            env, "PUBLIC_BASE_URL", "" if transport == "twilio" else DEFAULT_PUBLIC_BASE_URL
        ).rstrip("/"),
        sms_transport=transport,
        opt_out_handler=_pick(
            env, "OPT_OUT_HANDLER", "twilio" if transport == "twilio" else "botapp"
        ).lower(),
        twilio_account_sid=sid,
        # The console transport still validates webhook signatures; the simulator signs
        # with the same token, so a demo without Twilio has one that is not secret.
        twilio_auth_token=token or ("" if transport == "twilio" else DEMO_AUTH_TOKEN),
        twilio_messaging_service_sid=_pick(env, "TWILIO_MESSAGING_SERVICE_SID"),
        twilio_from_number=_pick(env, "TWILIO_FROM_NUMBER"),
        twilio_api_base_url=_pick(env, "TWILIO_API_BASE_URL").rstrip("/"),
        default_timezone=_pick(env, "DEFAULT_TIMEZONE", "America/Chicago"),
        default_locale=_pick(env, "DEFAULT_LOCALE", "en"),
        program_name=_pick(env, "PROGRAM_NAME", "Job Connect"),
        program_phone=_pick(env, "PROGRAM_PHONE", "+13125550100"),
        sender_mps=_number(env, "SENDER_MPS", 1.0),
        sms_segment_price=_price(env, "SMS_SEGMENT_PRICE", Decimal("0.0083")),
        environment=_pick(env, "BOTAPP_ENV").lower(),
        smtp_url=_pick(env, "SMTP_URL"),
        alert_email_from=_pick(env, "ALERT_EMAIL_FROM"),
        escalation_ack_minutes=_whole_number(env, "ESCALATION_ACK_MINUTES", 15),
        staff_session_hours=_number(env, "STAFF_SESSION_HOURS", DEFAULT_STAFF_SESSION_HOURS),
        staff_simulator=_pick(env, "STAFF_SIMULATOR").lower(),
        crisis_replies=MappingProxyType(
            {
                locale: text
                for locale in SUPPORTED_LOCALES
                if (text := _pick(env, f"CRISIS_REPLY_{locale.upper()}"))
            }
        ),
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
    if not s.public_base_url and s.sms_transport == "twilio":
        raise ConfigError(
            "PUBLIC_BASE_URL must be set with SMS_TRANSPORT=twilio: it is the https URL Twilio "
            "calls and signs, such as https://sms.agency.example"
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
    _check_email(s)
    _check_safety(s)
    if not math.isfinite(s.sender_mps) or s.sender_mps < 0:
        raise ConfigError(
            f"SENDER_MPS must be a finite number of segments per second, 0 or more, "
            f"got {s.sender_mps!r}"
        )
    if not s.sms_segment_price.is_finite() or s.sms_segment_price < 0:
        raise ConfigError(
            f"SMS_SEGMENT_PRICE must be a price in US dollars, 0 or more, got {s.sms_segment_price}"
        )
    if s.escalation_ack_minutes < 1:
        raise ConfigError(
            "ESCALATION_ACK_MINUTES must be a whole number of minutes, 1 or more, "
            f"got {s.escalation_ack_minutes!r}"
        )
    hours = s.staff_session_hours
    if not math.isfinite(hours) or not 0 < hours <= MAX_STAFF_SESSION_HOURS:
        raise ConfigError(
            f"STAFF_SESSION_HOURS must be a number of hours above 0 and at most "
            f"{MAX_STAFF_SESSION_HOURS}, got {hours!r}"
        )
    if s.staff_simulator not in ("", "on", "off"):
        raise ConfigError(f"STAFF_SIMULATOR must be on or off, got {s.staff_simulator!r}")
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


def smtp_settings(url: str) -> SmtpSettings:
    """SMTP_URL read into its parts; raises ConfigError (which never quotes the URL: it may
    hold the password)."""
    parts = urlsplit(url)
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
        raise ConfigError(
            "SMTP_URL must be smtp://user:password@host:587?starttls=1 or "
            "smtps://user:password@host:465"
        )
    query = parse_qs(parts.query)
    starttls = query.pop("starttls", ["0"])[-1]
    if query or starttls not in ("0", "1") or (starttls == "1" and parts.scheme == "smtps"):
        raise ConfigError(
            "SMTP_URL takes one option, ?starttls=1 (smtp:// only; smtps:// is TLS from the start)"
        )
    try:
        port = parts.port or SMTP_SCHEMES[parts.scheme]
    except ValueError:
        raise ConfigError("SMTP_URL has a port that is not a number") from None
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        implicit_tls=parts.scheme == "smtps",
        starttls=starttls == "1",
    )


def _check_email(s: Settings) -> None:
    """Refuse an SMTP_URL that cannot work or sends its password in clear text to another
    machine, and SMTP without a From address (docs/decisions/0025-email-outbox.md)."""
    if not s.smtp_url:
        return
    smtp = smtp_settings(s.smtp_url)
    if not _ADDRESS.fullmatch(s.alert_email_from):
        raise ConfigError(
            "ALERT_EMAIL_FROM must be set with SMTP_URL, to an address such as "
            "alerts@agency.example"
        )
    clear = not (smtp.implicit_tls or smtp.starttls) and smtp.host not in LOOPBACK
    if clear and smtp.password:
        raise ConfigError(
            "SMTP_URL would send its password in clear text: use smtps:// or ?starttls=1"
        )


def _check_safety(s: Settings) -> None:
    """Refuse what lets strangers forge webhooks or sessions outside development; warn on http."""
    if s.environment and s.environment not in ENVIRONMENTS:
        raise ConfigError(
            f"BOTAPP_ENV must be one of {', '.join(ENVIRONMENTS)} or unset, got {s.environment!r}"
        )
    url = s.public_base_url
    if url and urlsplit(url).scheme != "https" and not _is_loopback(url):
        log.warning(
            "PUBLIC_BASE_URL %s is not https: Twilio's webhooks and their signatures travel "
            "in clear text",
            url,
        )
    if s.development:
        return
    if s.twilio_auth_token == DEMO_AUTH_TOKEN:
        raise ConfigError(
            "TWILIO_AUTH_TOKEN is unset or the console demo's token, which is public in the "
            "source and signs webhooks only in development (a loopback PUBLIC_BASE_URL or "
            "BOTAPP_ENV=development): set SMS_TRANSPORT=twilio with Twilio's credentials, "
            "or a TWILIO_AUTH_TOKEN of your own"
        )
    if s.secret_key == DEV_SECRET_KEY or len(s.secret_key) < MIN_SECRET_KEY:
        raise ConfigError(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY} characters "
            "outside development (the default and short values are refused), e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


# What the app factory binds to its app, read back through the three functions below.
_BOUND = "botapp"


@dataclass(frozen=True)
class Bound:
    """What `create_app` binds to its app: the settings, one engine and its sessionmaker."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]


def bind(app: Flask, bound: Bound) -> None:
    """Attach the settings, engine and sessionmaker to `app` (the app factory does this once)."""
    app.extensions[_BOUND] = bound


def _bound(app: Flask) -> Bound:
    bound: Bound = app.extensions[_BOUND]
    return bound


def settings_of(app: Flask) -> Settings:
    """The validated settings of `app`."""
    return _bound(app).settings


def engine_of(app: Flask) -> Engine:
    """The one engine of `app` (its pool; dispose it when done with an app in a test)."""
    return _bound(app).engine


def sessions_of(app: Flask) -> sessionmaker[Session]:
    """The sessionmaker of `app`: workers and CLI commands open their transactions with it."""
    return _bound(app).sessions
