"""The program as clients know it: the name their texts start with, the number they give, and
the crisis reply. Each is the agency's own when an administrator set it, else the
environment's (PROGRAM_NAME, PROGRAM_PHONE, CRISIS_REPLY_xx, then the catalog's crisis text).

A client's texts speak for their office's agency; a number not on file hears the first
agency's (an install serves one agency, decision 23). The agency is read once per transaction
and session: the inbound worker loads it with the batch's clients, so a text pays no query
for it (README "Crisis language").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.messages import render
from botapp.messages import sms as texts
from botapp.messages.catalog import supported
from botapp.models import Agency, Client, Office

_CACHE = "botapp.program"  # session.info key: (transaction, {office id or None: agency})


@dataclass(frozen=True)
class Program:
    """What a client's texts call the program, the number they give, and the crisis replies."""

    name: str
    phone: str
    crisis_replies: Mapping[str, str]  # language -> the agency's or the environment's own

    def crisis_reply(self, language: str | None) -> str:
        """The crisis reply in `language`: the agency's own, else the catalog's."""
        locale = supported(language)
        return self.crisis_replies.get(locale) or render(
            texts.CRISIS_RESOURCES, locale, program=self.name
        )


def program(agency: Agency | None, settings: Settings) -> Program:
    """`agency`'s program, each setting it leaves unset the environment's."""
    if agency is None:
        return Program(settings.program_name, settings.program_phone, settings.crisis_replies)
    return Program(
        name=agency.program_name or settings.program_name,
        phone=agency.program_phone or settings.program_phone,
        crisis_replies={**settings.crisis_replies, **(agency.crisis_replies or {})},
    )


def program_of(session: Session, settings: Settings, client: Client | None) -> Program:
    """The program `client`'s texts speak for (a stranger's: the first agency's)."""
    return program(agency_of(session, client), settings)


def agency_of(session: Session, client: Client | None) -> Agency | None:
    """`client`'s agency, or for None the first one (None on an empty database); read once per
    transaction, and from the client's loaded office when it is there."""
    cache = _cache(session)
    key = client.office_id if client is not None else None
    if key not in cache:
        if client is not None:
            # A client not flushed yet has its office_id but not its office.
            office = client.office or session.get_one(Office, client.office_id)
            cache[key] = office.agency
        else:
            cache[key] = session.scalars(select(Agency).order_by(Agency.id).limit(1)).first()
    return cache[key]


def _cache(session: Session) -> dict[int | None, Agency | None]:
    """This transaction's agencies: a new transaction reads them again (another process, the
    admin page, may have changed them); a change in this one is seen on the same object."""
    transaction = session.get_transaction()
    held = session.info.get(_CACHE)
    if held is None or held[0] is not transaction:
        held = (transaction, {})
        session.info[_CACHE] = held
    agencies: dict[int | None, Agency | None] = held[1]
    return agencies
