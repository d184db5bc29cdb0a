"""Case-record entries a specialist reads, stored by catalog id so each reads their language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from botapp.db import Base, UTCDateTime, utcnow


class CaseNote(Base):
    """ "Client texted STOP", "Client confirmed appointment on 3 Dec": one line of the record."""

    __tablename__ = "case_notes"
    __table_args__ = (Index("ix_case_notes_client_id_id", "client_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    # A message id of botapp.messages.notes; params fill its placeholders.
    note_key: Mapped[str] = mapped_column(String(80))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    alert: Mapped[bool] = mapped_column(Boolean, default=False)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
