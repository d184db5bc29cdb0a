"""The case record: agencies, staff, clients, consent, messages and notes; the email outbox."""

from botapp.models.audit import AuditEvent
from botapp.models.broadcast import (
    BROADCAST_SCOPE,
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    BroadcastTemplate,
    ClientTag,
    Rsvp,
)
from botapp.models.case_note import CaseNote
from botapp.models.client import Client, ClientStatus
from botapp.models.clock import ClockJob
from botapp.models.consent import ConsentEvent, ConsentKind
from botapp.models.conversation import (
    Conversation,
    ConversationStatus,
    FlowAnswer,
    ItemStatus,
    ScheduledItem,
)
from botapp.models.email import Email, EmailStatus
from botapp.models.escalation import (
    Escalation,
    EscalationState,
    EscalationStep,
    Reason,
    Severity,
    StepKind,
)
from botapp.models.message import (
    Direction,
    Message,
    MessageStatus,
    MessageStatusEvent,
    SenderPacing,
)
from botapp.models.org import Agency, Office, Role, SignInAttempt, Staff
from botapp.models.plans import (
    Appointment,
    AppointmentStatus,
    Goal,
    GoalStep,
    Placement,
    PlacementStatus,
    StepStatus,
)

__all__ = [
    "BROADCAST_SCOPE",
    "Agency",
    "Appointment",
    "AppointmentStatus",
    "AuditEvent",
    "Broadcast",
    "BroadcastRecipient",
    "BroadcastStatus",
    "BroadcastTemplate",
    "CaseNote",
    "Client",
    "ClientStatus",
    "ClientTag",
    "ClockJob",
    "ConsentEvent",
    "ConsentKind",
    "Conversation",
    "ConversationStatus",
    "Direction",
    "Email",
    "EmailStatus",
    "Escalation",
    "EscalationState",
    "EscalationStep",
    "FlowAnswer",
    "Goal",
    "GoalStep",
    "ItemStatus",
    "Message",
    "MessageStatus",
    "MessageStatusEvent",
    "Office",
    "Placement",
    "PlacementStatus",
    "Reason",
    "Role",
    "Rsvp",
    "ScheduledItem",
    "SenderPacing",
    "SignInAttempt",
    "Severity",
    "Staff",
    "StepKind",
    "StepStatus",
]
