"""Workers that outlive a bad row: telling a database outage from a row that fails, and
logging the failure without the row's content."""

from __future__ import annotations

import traceback
from pathlib import Path

from sqlalchemy.exc import InterfaceError, OperationalError

# The database, not the row: give up this round (its transaction rolled back) and retry later.
TRANSIENT = (OperationalError, InterfaceError)


def describe(exc: BaseException) -> str:
    """The error's type and where it was raised, never its text (it may quote a phone or body)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"
