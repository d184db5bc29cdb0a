"""Checking that a webhook really comes from Twilio."""

from __future__ import annotations

import logging
from functools import cache

from flask import Request
from twilio.request_validator import RequestValidator, compare
from werkzeug.exceptions import RequestEntityTooLarge

from botapp.web import MAX_FORM_PARTS

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
    validator, params = _validator(token), request.form.to_dict()
    if len(params) > MAX_FORM_PARTS:  # Werkzeug caps the parts of multipart forms only
        raise RequestEntityTooLarge()
    # Twilio signs the URL it was given. `validate` also tries it with and without a port,
    # two HMACs for every webhook; the URL as configured is checked first, the rest after.
    # The library's own constant-time compare: hmac.compare_digest raises on a non-ASCII header.
    if compare(validator.compute_signature(url, params), signature):
        return True
    return bool(validator.validate(url, params, signature))
