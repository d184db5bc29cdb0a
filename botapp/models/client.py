"""A client of the program: who they are to the texting service and who serves them."""

from __future__ import annotations

import enum
import unicodedata
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from botapp.db import Base, UTCDateTime, str_enum, utcnow
from botapp.models.org import Office, Staff

NAME_LENGTH = 100


def fold_name(name: str) -> str:
    """A name as the Clients page searches it: lower case, no accents, single spaces
    ("  López  Díaz" -> "lopez diaz"), cut to the column's length; what is typed is folded the
    same way."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())[:NAME_LENGTH]


class ClientStatus(enum.StrEnum):
    """Where the client's case stands."""

    ACTIVE = "active"
    CLOSED = "closed"


class Client(Base):
    """One person served, reached at one E.164 phone number."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    first_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    last_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    # The names folded (`fold_name`), kept by `_fold` on every write, indexed for the name
    # search: neither database indexes an accent-free lower() (docs/decisions/0028).
    first_name_search: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    last_name_search: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="America/Chicago")
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    status: Mapped[ClientStatus] = mapped_column(
        str_enum(ClientStatus, 20),
        default=ClientStatus.ACTIVE,
    )
    # Where they live, for a broadcast's segment: the ZIP code and the county, as imported.
    zip_code: Mapped[str | None] = mapped_column(String(10))
    county: Mapped[str | None] = mapped_column(String(100))
    # When staff paused the bot's automated texts for this client; None while it runs for them.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    office: Mapped[Office] = relationship()
    specialist: Mapped[Staff | None] = relationship()

    @validates("first_name", "last_name")
    def _fold(self, key: str, name: str) -> str:
        """Keep the searched form of a name with the name itself."""
        setattr(self, f"{key}_search", fold_name(name))
        return name
