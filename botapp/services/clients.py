"""Creating and updating clients, and finding them by phone number."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from botapp.messages import staff as t
from botapp.models import Client, ClientTag, Office, Staff
from botapp.phone import mask
from botapp.services.access import staff_by_phone
from botapp.services.agency import Refused


@dataclass(frozen=True)
class ClientFields:
    """Validated fields of one client, as an import row or the demo seed gives them."""

    external_id: str
    first_name: str
    last_name: str
    phone: str  # E.164
    language: str
    timezone: str
    specialist_email: str | None = None
    # None: left as the client has them (an import without the column); () / "": cleared.
    tags: tuple[str, ...] | None = None  # normalised (botapp.models.broadcast.normal_tag)
    zip_code: str | None = None
    county: str | None = None


def find_by_phone(session: Session, phone: str) -> Client | None:
    """The client texting from `phone` (E.164), if any."""
    return session.scalars(select(Client).where(Client.phone == phone)).one_or_none()


def check_not_staff(session: Session, phone: str) -> None:
    """Refused when `phone` is an active staff member's: a text from it is staff's, never a
    client's (docs/decisions/0026-staff-texts.md)."""
    staff = staff_by_phone(session, phone)
    if staff is not None:
        raise Refused(t.PHONE_IS_STAFF, phone=mask(phone), email=staff.email)


def upsert_client(session: Session, office: Office, fields: ClientFields) -> tuple[Client, bool]:
    """Create the client with `fields.external_id`, or update it; True when created. Refused
    when a new phone is an active staff member's (a text from it is taken as staff's)."""
    client = session.scalars(
        select(Client).where(Client.external_id == fields.external_id)
    ).one_or_none()
    created = client is None
    if client is None or client.phone != fields.phone:
        check_not_staff(session, fields.phone)
    if client is None:
        client = Client(external_id=fields.external_id, office_id=office.id)
        session.add(client)
    client.first_name = fields.first_name
    client.last_name = fields.last_name
    client.phone = fields.phone
    client.language = fields.language
    client.timezone = fields.timezone
    if fields.specialist_email:
        specialist = session.scalars(
            select(Staff).where(Staff.email == fields.specialist_email.lower())
        ).one_or_none()
        client.specialist_id = specialist.id if specialist else None
    if fields.zip_code is not None:
        client.zip_code = fields.zip_code or None
    if fields.county is not None:
        client.county = fields.county or None
    session.flush()
    if fields.tags is not None:
        _replace_tags(session, client, fields.tags)
    return client, created


def _replace_tags(session: Session, client: Client, tags: tuple[str, ...]) -> None:
    """Give `client` exactly `tags` (a re-import replaces them)."""
    session.execute(delete(ClientTag).where(ClientTag.client_id == client.id))
    session.add_all(ClientTag(client_id=client.id, tag=tag) for tag in tags)
    session.flush()
