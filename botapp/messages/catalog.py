"""Message declarations and rendering through the compiled Babel catalogs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

from botapp.config import SUPPORTED_LOCALES

# Compiled from locales/*.po by the package build or `botapp translate compile`, never edited:
# inside the package, so a checkout and an installed wheel find them alike (decision 21).
CATALOGS = Path(__file__).resolve().parent.parent / "catalogs"
DOMAIN = "messages"
_REGISTRY: dict[str, Msg] = {}


@dataclass(frozen=True)
class Msg:
    """A catalog entry: stable id (gettext context), English source text, optional plural."""

    key: str
    text: str
    plural: str | None = None


def M(key: str, text: str) -> Msg:  # noqa: N802 - short marker name read by pybabel extract
    """Declare a message with a stable id."""
    return _register(Msg(key, text))


def MP(key: str, singular: str, plural: str) -> Msg:  # noqa: N802 - marker read by pybabel
    """Declare a message with plural forms; render it with `n=`."""
    return _register(Msg(key, singular, plural))


def _register(msg: Msg) -> Msg:
    if msg.key in _REGISTRY and _REGISTRY[msg.key] != msg:
        raise ValueError(f"message id {msg.key!r} declared twice with different text")
    _REGISTRY[msg.key] = msg
    return msg


def all_messages() -> dict[str, Msg]:
    """Every declared message by id: the core's catalog modules (imported here) and those of
    the features imported so far (`botapp.features` imports them all)."""
    import importlib
    import pkgutil

    import botapp.messages as package

    for module in pkgutil.iter_modules(package.__path__):  # importing a module registers it
        importlib.import_module(f"botapp.messages.{module.name}")

    return dict(_REGISTRY)


def supported(locale: str | None) -> str:
    """The shipped locale to use for `locale` ("es-MX" -> "es"); others fall back to English."""
    base = (locale or "en").replace("-", "_").split("_")[0].lower()
    return base if base in SUPPORTED_LOCALES else "en"


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalog of `locale`; a missing catalog is a setup error, said plainly."""
    mo = CATALOGS / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not mo.exists():
        raise RuntimeError(
            f"compiled catalog {mo} is missing: run `botapp translate compile` in the source "
            "checkout (a built package compiles them)"
        )
    return Translations.load(str(CATALOGS), [locale], DOMAIN)


def render(msg: Msg, locale: str | None, n: int | None = None, **params: Any) -> str:
    """The text of `msg` in `locale`, with its placeholders filled from `params`."""
    t = translations(supported(locale))
    if msg.plural is None:
        text = t.pgettext(msg.key, msg.text)
    else:
        if n is None:
            raise TypeError(f"{msg.key} has plural forms: pass n=")
        text = t.npgettext(msg.key, msg.text, msg.plural, n)
        params.setdefault("count", n)
    return str(text).format(**params)
