"""Every message exists in every shipped language, with the same placeholders."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from botapp.cli.translate import LOCALES_DIR
from botapp.config import SUPPORTED_LOCALES
from botapp.messages import all_messages, render, sms, staff
from botapp.messages.formatting import clock, day, language_name


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def catalog(locale: str) -> Catalog:
    """The shipped .po catalog of `locale`."""
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_message_is_translated_with_the_same_placeholders(locale: str) -> None:
    entries = {m.context: m for m in catalog(locale) if m.id}
    for key, msg in all_messages().items():
        assert key in entries, f"{key} missing from {locale}: run `botapp translate update`"
        entry = entries[key]
        sources = [msg.text] if msg.plural is None else [msg.text, msg.plural]
        found = entry.string  # a string, or one per plural form
        assert found is not None, f"{key} has no {locale} translation"
        strings = [found] if isinstance(found, str) else list(found)
        assert all(s.strip() for s in strings), f"{key} has an empty {locale} translation"
        assert "fuzzy" not in entry.flags, f"{key} is fuzzy in {locale}"
        wanted = set().union(*(placeholders(s) for s in sources))
        for s in strings:
            assert placeholders(s) == wanted, f"{key} in {locale}: {placeholders(s)} != {wanted}"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_no_stale_entries_are_left_in_a_catalog(locale: str) -> None:
    declared = set(all_messages())
    shipped = {m.context for m in catalog(locale) if m.id}
    assert shipped == declared


def test_unknown_locale_falls_back_to_english() -> None:
    assert (
        render(sms.LANGUAGE_CHANGED, "vi", program="P")
        == "P: OK, from now on we will text you in English."
    )
    assert render(sms.LANGUAGE_CHANGED, "es-MX", program="P").endswith("en español.")


def test_plural_forms_follow_the_count() -> None:
    assert render(staff.IMPORTED, "en", n=1) == "1 client imported"
    assert render(staff.IMPORTED, "en", n=3) == "3 clients imported"
    assert render(staff.IMPORTED, "es", n=2) == "2 clientes importados"
    with pytest.raises(TypeError):
        render(staff.IMPORTED, "en")


def test_dates_are_in_the_clients_locale_and_timezone_and_stay_gsm7() -> None:
    moment = datetime(2026, 12, 3, 20, 30, tzinfo=UTC)
    assert (day(moment, "en", "America/Chicago"), clock(moment, "en", "America/Chicago")) == (
        "Thu, Dec 3",
        "2:30 PM",
    )
    assert clock(moment, "es", "America/New_York") == "15:30"
    assert day(moment, "es", "Asia/Tokyo") == "vie, 4 dic"
    assert language_name("es", "en") == "Spanish" and language_name("en", "es") == "inglés"
