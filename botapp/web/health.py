"""`GET /healthz`: the app answers and its database does too."""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import text

from botapp.db import get_session

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    """Report ok when a trivial query succeeds."""
    try:
        get_session().execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return {"status": "error", "database": "unreachable"}, 503
    finally:
        get_session().rollback()
    return {"status": "ok"}, 200
