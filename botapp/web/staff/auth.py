"""Who is signed in: Flask-Login's session, the inactivity limit, the CSRF check, the language
of the pages, and the sign-in, sign-out and choose-a-password views."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from flask import (
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import Babel
from flask_login import LoginManager, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from botapp.config import SUPPORTED_LOCALES, settings_of
from botapp.db import get_session, utcnow
from botapp.delivery.program import program, program_of
from botapp.messages import Msg, render
from botapp.messages import web as m
from botapp.models import Staff
from botapp.services import sign_in as service
from botapp.services.access import audit
from botapp.services.agency import Refused
from botapp.web.staff import bp
from botapp.web.staff.security import csrf

login_manager = LoginManager()
babel = Babel()
# Pages a stranger may open: everything else sends them to the sign-in page.
PUBLIC = {"staff.sign_in", "staff.choose_password", "staff.static"}
_SEEN = "seen"  # the session's last request, in seconds since the epoch
# Requests a page makes by itself (the transcript's and a broadcast's figures' polling): they
# do not count as use, so an open page left alone still signs out after the idle hours.
PASSIVE = {"staff.client_texts", "staff.broadcast_figures"}


class SignedIn:
    """The staff member Flask-Login holds, with the four attributes it reads. Their id carries
    their password's fingerprint: a new password ends every other session."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, staff: Staff) -> None:
        self.staff = staff

    def get_id(self) -> str:
        """The id kept in the session cookie: "<staff id>.<password fingerprint>"."""
        return f"{self.staff.id}.{service.fingerprint(self.staff)}"


def init_app(app: Flask) -> None:
    """Bind Flask-Login and Flask-Babel, and the template globals the pages use."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    babel.init_app(app, locale_selector=page_locale)
    app.jinja_env.globals.update(t=text, page_locale=page_locale, m=m, program_name=program_name)


def load_user(user_id: str) -> SignedIn | None:
    """The signed-in staff member of a session, unless they left or changed their password."""
    staff_id, _, printed = user_id.partition(".")
    staff = get_session().get(Staff, int(staff_id)) if staff_id.isdigit() else None
    if staff is None or not staff.active or service.fingerprint(staff) != printed:
        return None
    return SignedIn(staff)


def current_staff() -> Staff:
    """The staff member signed in for this request (the gate lets no one else through)."""
    user: SignedIn = current_user._get_current_object()
    return user.staff


def program_name() -> str:
    """What the pages call the program: the signed-in staff member's agency's name, before
    sign-in the install's agency's (decision 23); each unset, PROGRAM_NAME."""
    settings = settings_of(current_app)
    if current_user and current_user.is_authenticated:
        return program(current_staff().office.agency, settings).name
    return program_of(get_session(), settings, None).name


def page_locale() -> str:
    """The pages' language: the staff member's own, else the browser's choice among ours."""
    if current_user and current_user.is_authenticated:
        return current_staff().locale if current_staff().locale in SUPPORTED_LOCALES else "en"
    chosen = request.accept_languages.best_match(SUPPORTED_LOCALES)
    return chosen or settings_of(current_app).default_locale


def text(msg: Msg, n: int | None = None, **params: Any) -> str:
    """A catalog entry in the page's language: `{{ t(m.SIGN_OUT) }}` in a template."""
    return render(msg, page_locale(), n=n, **params)


@bp.before_request
def gate() -> Response | None:
    """Check every form's CSRF token, end sessions idle too long, and send strangers to the
    sign-in page."""
    if request.method == "POST":
        csrf.protect()
    if current_user.is_authenticated:
        now = utcnow().timestamp()
        seen = session.get(_SEEN)
        idle = now - seen if isinstance(seen, int | float) else math.inf
        if idle <= settings_of(current_app).staff_session_hours * 3600:
            if request.endpoint not in PASSIVE:
                session[_SEEN] = now
            return None
        sign_out_here()
        flash(text(m.SESSION_EXPIRED))
    if request.endpoint in PUBLIC:
        return None
    return redirect(url_for("staff.sign_in"))


def sign_out_here() -> None:
    """Forget the signed-in staff member in this browser."""
    logout_user()
    session.clear()


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    """The sign-in form; signs in, or says why not (and the lockout's remaining minutes)."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.today"))
    problem = None
    email = request.form.get("email", "")
    if request.method == "POST":
        db = get_session()
        attempt = service.sign_in(db, email, request.form.get("password", ""), _origin())
        db.commit()
        if attempt.staff is not None:
            session.clear()  # a new session for the signed-in staff member
            session.permanent = True
            login_user(SignedIn(attempt.staff))
            session[_SEEN] = utcnow().timestamp()
            return redirect(url_for("staff.today"))
        problem = _refusal(attempt.locked_until)
    status = 200 if problem is None else 401
    return render_template("staff/sign_in.html", problem=problem, email=email), status


def _refusal(locked_until: datetime | None) -> str:
    """Why a sign-in failed, in the page's language."""
    if locked_until is None:
        return text(m.SIGN_IN_WRONG)
    minutes = max(1, math.ceil((locked_until - utcnow()).total_seconds() / 60))
    return text(m.SIGN_IN_LOCKED, n=minutes)


def _origin() -> str:
    """The address a request came from, for the audit trail."""
    return request.remote_addr or "unknown"


@bp.post("/sign-out")
def sign_out() -> Response:
    """Sign out (a POST with its CSRF token: a link elsewhere cannot sign anyone out)."""
    db = get_session()
    audit(db, current_staff().email, "sign_out", f"from {_origin()}")
    db.commit()
    sign_out_here()
    flash(text(m.SIGNED_OUT))
    return redirect(url_for("staff.sign_in"))


@bp.route("/password/<token>", methods=["GET", "POST"])
def choose_password(token: str) -> ResponseReturnValue:
    """Choose a password from an invite or reset link, once, while the link is valid."""
    db = get_session()
    staff = service.staff_for_token(db, token, current_app.config["SECRET_KEY"])
    if staff is None:
        db.rollback()
        return render_template("staff/bad_link.html"), 404
    problem = None
    if request.method == "POST":
        first, again = request.form.get("password", ""), request.form.get("again", "")
        try:
            if first != again:
                raise Refused(m.PASSWORD_MISMATCH)
            service.set_password(db, staff, first)
        except Refused as refused:
            problem = refused.notice.text(page_locale())
        else:
            audit(db, staff.email, "set_password", "from a password link")
            db.commit()
            sign_out_here()
            flash(text(m.PASSWORD_SAVED))
            return redirect(url_for("staff.sign_in"))
    db.rollback()
    status = 200 if problem is None else 400
    page = render_template("staff/password.html", problem=problem, minimum=service.MIN_PASSWORD)
    return page, status
