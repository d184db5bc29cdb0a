"""The case record: agencies, staff, clients, consent, messages and notes."""

from botapp.models.audit import AuditEvent
from botapp.models.case_note import CaseNote
from botapp.models.client import Client, ClientStatus
from botapp.models.consent import ConsentEvent, ConsentKind
from botapp.models.message import Direction, Message, MessageStatusEvent, SenderPacing
from botapp.models.org import Agency, Office, Role, Staff

__all__ = [
    "Agency",
    "AuditEvent",
    "CaseNote",
    "Client",
    "ClientStatus",
    "ConsentEvent",
    "ConsentKind",
    "Direction",
    "Message",
    "MessageStatusEvent",
    "Office",
    "Role",
    "SenderPacing",
    "Staff",
]
