"""The staff web app: sign-in, Today and the client's record, server-rendered
(docs/decisions/0027-staff-web-app.md).

`init_app` binds the extensions (Flask-Login, Flask-WTF's CSRF check, Flask-Babel) and the
security headers; `auth` signs staff in and out, `pages` holds the pages. Views stay thin: they
read the request, call the services and render. Every page's text is a catalog entry, read
through the `t` template global in the staff member's language.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask

from botapp.config import settings_of

bp = Blueprint(
    "staff",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/staff/static",
)

# Scripts and styles from our own files only (no inline script: the client page's counter and
# polling are static/counter.js and client.js, the simulator's refresh static/simulator.js, a
# broadcast's figures static/broadcast.js, all fetching from this site only), no framing.
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Hook the staff web app into `app`: its extensions, cookies, headers and routes."""
    from botapp.web.staff import (
        admin,
        auth,
        broadcasts,
        client,
        pages,
        plans,
        security,
        simulator,
    )

    settings = settings_of(app)
    app.config.update(
        SESSION_COOKIE_SECURE=settings.https,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.staff_session_hours),
        # Only the staff pages check CSRF tokens (auth.gate): the Twilio webhooks are signed
        # by Twilio instead, and must keep answering as before.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as its session
        MAX_CONTENT_LENGTH=admin.MAX_UPLOAD_MB * 1024 * 1024,  # uploads: refused before read
    )
    security.init_app(app)
    auth.init_app(app)
    pages.register()
    client.register()
    plans.register()
    broadcasts.register()
    simulator.register()
    app.register_blueprint(bp)
