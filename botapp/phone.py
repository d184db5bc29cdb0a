"""Phone numbers: parse to E.164, and mask for logs (logs never hold a full number)."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


class InvalidPhone(ValueError):
    """A phone number that cannot be a reachable mobile or landline number."""


# The webhook parses the sender of every text, and the same clients text again and again:
# parsing and validating with phonenumbers was a tenth of the webhook's CPU. Invalid numbers
# raise, so they are not kept.
@lru_cache(maxsize=8192)
def to_e164(raw: str, region: str = "US") -> str:
    """Parse `raw` ("(312) 555-0142", "+52 55 1234 5678") to E.164, or raise InvalidPhone."""
    try:
        parsed = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"{raw!r} is not a phone number ({exc})") from None
    if not phonenumbers.is_possible_number(parsed) or not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone(f"{raw!r} is not a valid phone number")
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def mask(phone: str | None) -> str:
    """Keep only the last four digits: "+13125550142" -> "+*******0142"."""
    if not phone:
        return "-"
    digits = phone[-4:]
    return ("+" if phone.startswith("+") else "") + "*" * max(len(phone) - 5, 0) + digits
