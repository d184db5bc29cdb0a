"""The clock's once-a-day jobs: when each is next due (docs/decisions/0008-clock.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from botapp.db import Base, UTCDateTime


class ClockJob(Base):
    """One daily job, named after its feature ("contact.daily"), and its next run."""

    __tablename__ = "clock_jobs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime())
