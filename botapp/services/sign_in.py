"""Staff passwords, signing in with the lockout, and the signed links that let someone choose
a password (docs/decisions/0027-staff-web-app.md). Nothing here commits: the web views and
the CLI own the transaction."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.db import utcnow
from botapp.delivery.email import enqueue as enqueue_email
from botapp.delivery.program import program
from botapp.messages import render, roster
from botapp.messages import web as t
from botapp.models import SignInAttempt, Staff
from botapp.services.access import audit, staff_by_email
from botapp.services.agency import Refused

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # argon2 hashes any length; a megabyte "password" is only a way to load us
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = timedelta(minutes=15)
LINK_HOURS = 72  # how long an invite or reset link works
_LINK_SALT = "botapp.staff.password-link"
_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the email names nobody, so that a wrong email takes as long as a
    wrong password and the answer's timing does not say who is on staff (made on first use:
    every `botapp` process imports this module, few sign anyone in)."""
    return _hasher.hash("not anyone's password")


class Outcome(enum.StrEnum):
    """How a try at signing in ended."""

    SIGNED_IN = "signed_in"
    WRONG = "wrong"  # unknown email, wrong password, no password yet, or left the agency
    LOCKED = "locked"  # refused unread: too many failures lately


@dataclass(frozen=True)
class Attempt:
    """A sign-in's outcome: the staff member signed in, or until when this email is locked."""

    outcome: Outcome
    staff: Staff | None = None
    locked_until: datetime | None = None


def set_password(session: Session, staff: Staff, password: str) -> None:
    """Give `staff` a new password (Refused outside the length rule): their invite links stop
    working and their other signed-in sessions end."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Refused(t.PASSWORD_LENGTH, min=MIN_PASSWORD, max=MAX_PASSWORD)
    staff.password_hash = _hasher.hash(password)
    staff.password_changed_at = utcnow()


def fingerprint(staff: Staff) -> str:
    """A short digest of the staff member's password hash, which changes with the password:
    sessions and links carry it, and stop working when it changes."""
    return hashlib.sha256((staff.password_hash or "").encode()).hexdigest()[:16]


def locked_until(
    session: Session, email: str, now: datetime, reset_at: datetime | None = None
) -> datetime | None:
    """When `email` may try again, if five tries in the last fifteen minutes failed since its
    last success (and since `reset_at`, when its password was last set); None when it may try
    now."""
    since = max(now - LOCKOUT_WINDOW, reset_at or now - LOCKOUT_WINDOW)
    last_success = (
        select(func.max(SignInAttempt.created_at))
        .where(SignInAttempt.email == email, SignInAttempt.succeeded)
        .scalar_subquery()
    )
    failures = list(
        session.scalars(
            select(SignInAttempt.created_at)
            .where(
                SignInAttempt.email == email,
                SignInAttempt.succeeded.is_(False),
                SignInAttempt.created_at > since,
                SignInAttempt.created_at > func.coalesce(last_success, since),
            )
            .order_by(SignInAttempt.created_at.desc())
            .limit(LOCKOUT_FAILURES)
        )
    )
    if len(failures) < LOCKOUT_FAILURES:
        return None
    return failures[-1] + LOCKOUT_WINDOW  # the oldest of the five leaves the window then


def sign_in(session: Session, email: str, password: str, origin: str) -> Attempt:
    """Check `email` and `password`; record the try and audit it (`origin`: the address it
    came from). Refused unread while the email is locked out; a refusal never says whether the
    email is someone's."""
    email, now = email.strip().lower()[:254], utcnow()
    staff = staff_by_email(session, email)
    reset_at = staff.password_changed_at if staff else None
    until = locked_until(session, email, now, reset_at)
    if until is not None:
        audit(session, email, "sign_in_locked", f"from {origin}")
        return Attempt(Outcome.LOCKED, locked_until=until)
    good = _verify(staff.password_hash if staff else None, password)
    good = good and staff is not None and staff.active
    session.add(SignInAttempt(email=email, succeeded=good, created_at=now))
    if not good or staff is None:
        audit(session, email, "sign_in_failed", f"from {origin}")
        session.flush()
        until = locked_until(session, email, now, reset_at)
        if until is not None:  # this failure was the fifth
            audit(session, email, "sign_in_locked", f"from {origin}")
        return Attempt(Outcome.WRONG, locked_until=until)
    audit(session, staff.email, "sign_in", f"from {origin}")
    return Attempt(Outcome.SIGNED_IN, staff=staff)


def _verify(stored: str | None, password: str) -> bool:
    """Whether `password` matches the `stored` hash (None: check a dummy, and fail)."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


class _Signer(TimestampSigner):
    """itsdangerous's timestamps, read from botapp.db.utcnow (tests move that clock)."""

    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_LINK_SALT, signer=_Signer)


def password_link_token(staff: Staff, secret_key: str) -> str:
    """A signed token that lets `staff` choose a password once, within LINK_HOURS: it names
    their current password hash, so it stops working once any password is set."""
    return str(_serializer(secret_key).dumps([staff.id, fingerprint(staff)]))


def staff_for_token(session: Session, token: str, secret_key: str) -> Staff | None:
    """The active staff member a password link is for; None when it is forged, expired, used
    (their password changed since) or theirs no more."""
    try:
        staff_id, printed = _serializer(secret_key).loads(token, max_age=LINK_HOURS * 3600)
    except (BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        return None
    staff = session.get(Staff, staff_id) if isinstance(staff_id, int) else None
    if staff is None or not staff.active or fingerprint(staff) != printed:
        return None
    return staff


def send_password_link(session: Session, staff: Staff, settings: Settings) -> None:
    """Email an active staff member a link to choose their password (to join, or after
    forgetting it), through the email outbox; Refused for someone who has left. The caller
    audits and commits: `botapp staff invite` and the admin's staff page."""
    if not staff.active:
        raise Refused(roster.INACTIVE, email=staff.email)
    token = password_link_token(staff, settings.secret_key)
    link = f"{settings.public_base_url}/password/{token}"
    name = program(staff.office.agency, settings).name
    enqueue_email(
        session,
        staff.email,
        render(t.INVITE_SUBJECT, staff.locale, program=name),
        render(
            t.INVITE_BODY,
            staff.locale,
            program=name,
            name=staff.name,
            link=link,
            hours=LINK_HOURS,
        ),
        key="password-link:" + hashlib.sha256(token.encode()).hexdigest()[:40],
    )
