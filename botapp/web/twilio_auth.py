"""Checking that a webhook really comes from Twilio."""

from __future__ import annotations

import logging
from functools import cache

from flask import Request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)


@cache
def _validator(token: str) -> RequestValidator:
    return RequestValidator(token)


def is_signed(request: Request, token: str, public_url: str) -> bool:
    """True when X-Twilio-Signature matches the POST as Twilio signed it at `public_url`.

    The URL comes from configuration, not `request.url`: behind a TLS proxy Twilio signed the
    public https address, and Flask decodes parts of the query string that were signed encoded.
    """
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not token:
        return False
    url = public_url + (("?" + request.query_string.decode()) if request.query_string else "")
    return bool(_validator(token).validate(url, request.form.to_dict(), signature))
