"""The web edge: Twilio webhooks and health; each view validates, calls a service, answers."""

from __future__ import annotations

from flask import Flask

# Twilio's largest webhook is under 25 KB: a body of 1,600 characters (19 KB percent-encoded,
# were each a 4-byte character), 10 media URLs and some 40 other fields. A bigger request is
# refused with 413 from its Content-Length, before anything parses it or checks its signature
# (docs/decisions/0015-unsafe-configuration-refused.md). Multipart (which Twilio never sends)
# is capped alike.
MAX_REQUEST_BYTES = 64 * 1024
MAX_FORM_PARTS = 200


def limit_requests(app: Flask) -> None:
    """Cap every request's size and form parts well above anything Twilio sends."""
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
    )
