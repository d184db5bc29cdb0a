"""Headers every answer carries, and the page shown for a form without a valid CSRF token."""

from __future__ import annotations

from flask import Flask, Response, current_app
from flask_wtf.csrf import CSRFError, CSRFProtect

from botapp.config import settings_of
from botapp.web.staff import CSP, HSTS

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Bind the CSRF check and add the security headers to every response."""
    csrf.init_app(app)
    app.after_request(add_headers)


def add_headers(response: Response) -> Response:
    """Content-Security-Policy without inline script, no framing, no referrer; HSTS on https."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Password links carry their token in the path: no other site may read it in a Referer.
    headers.setdefault("Referrer-Policy", "no-referrer")
    if settings_of(current_app).https:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


__all__ = ["CSRFError", "csrf", "init_app"]
