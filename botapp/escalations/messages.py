"""Escalations: the case-record lines of each step, the words for a reason, a severity and a
state, and what `botapp escalations` prints. None holds a client's own words."""

from botapp.messages.catalog import M
from botapp.models import EscalationState, Reason, Severity

# TRANSLATORS: Case-record lines for staff. {id} is the escalation's number, {reason} one of
# the reasons below, {severity} one of urgent, today, routine (below), {holder} a staff name.
RAISED = M(
    "note.escalation.raised",
    "Escalation {id} opened ({reason}, {severity}) and given to {holder}.",
)

RAISED_NOBODY = M(
    "note.escalation.raised_nobody",
    "Escalation {id} opened ({reason}, {severity}); nobody on staff could be given it.",
)

RAISED_AGAIN = M(
    "note.escalation.raised_again",
    "Escalation {id} ({reason}) raised again while still unresolved.",
)

MOVED = M("note.escalation.moved", "Escalation {id} ({reason}) given to {holder}.")

MOVED_NOBODY = M(
    "note.escalation.moved_nobody", "Escalation {id} ({reason}): nobody on staff could be given it."
)

ACKNOWLEDGED = M("note.escalation.acknowledged", "Escalation {id} acknowledged by {name}.")

RESOLVED = M("note.escalation.resolved", "Escalation {id} resolved by {name}.")

# TRANSLATORS: {outcome} is the staff member's own note, left as written.
RESOLVED_WITH = M("note.escalation.resolved_with", "Escalation {id} resolved by {name}: {outcome}")

# TRANSLATORS: Why a client needs a person, a few words shown in case-record lines and in
# `botapp escalations`.
REASONS = {
    Reason.CRISIS: M("term.escalation.crisis", "crisis language"),
    Reason.NEEDS_HELP: M("term.escalation.needs_help", "asked for help"),
    Reason.MISSED_CHECKINS: M("term.escalation.missed_checkins", "missed check-ins"),
    Reason.JOB_LOSS: M("term.escalation.job_loss", "job loss"),
    Reason.PLACEMENT_PROBLEM: M("term.escalation.placement_problem", "problem at work"),
    Reason.RESCHEDULE: M("term.escalation.reschedule", "reschedule request"),
    Reason.OUTDATED: M("term.escalation.outdated", "reply about a changed appointment"),
    Reason.LIMIT_TEXTING: M("term.escalation.limit_texting", "asked for fewer texts"),
    Reason.UNREACHABLE: M("term.escalation.unreachable", "unreachable number"),
    Reason.DELIVERY_FAILED: M("term.escalation.delivery_failed", "text not delivered"),
    Reason.ROUTINE_INBOX: M("term.escalation.routine_inbox", "text to read"),
}

# TRANSLATORS: How soon a person must act: at once, within the working day, when they can.
SEVERITIES = {
    Severity.URGENT: M("term.escalation.urgent", "urgent"),
    Severity.TODAY: M("term.escalation.today", "today"),
    Severity.ROUTINE: M("term.escalation.routine", "routine"),
}

# TRANSLATORS: The state of an escalation (in Spanish "escalamiento", masculine).
STATES = {
    EscalationState.OPEN: M("term.escalation.open", "open"),
    EscalationState.ACKNOWLEDGED: M("term.escalation.acknowledged", "acknowledged"),
    EscalationState.RESOLVED: M("term.escalation.resolved", "resolved"),
}

# TRANSLATORS: One line of `botapp escalations`. {age} is a duration such as "3 hours";
# {holder} a staff name or "nobody" (below).
ROW = M(
    "staff.escalations.row",
    "#{id} [{severity}] {reason}: {client} ({external_id}), {state}, opened {age} ago, "
    "held by {holder}",
)

NOBODY = M("staff.escalations.nobody", "nobody")

# TRANSLATORS: {state} is open, acknowledged or resolved (above).
EMPTY = M("staff.escalations.empty", "No escalations {state}.")

CMD_ACKNOWLEDGED = M(
    "staff.escalations.acknowledged", "escalation {id} acknowledged: {name} holds it"
)

CMD_RESOLVED = M("staff.escalations.resolved", "escalation {id} resolved")

# TRANSLATORS: Why `botapp escalations ack|resolve` did nothing. {role} is specialist,
# supervisor or admin.
UNKNOWN = M("staff.escalations.error.unknown", "no escalation has the number {id}")

NOT_YOURS = M(
    "staff.escalations.error.not_yours", "{email} ({role}) may not act on escalation {id}"
)

ALREADY_RESOLVED = M(
    "staff.escalations.error.already_resolved", "escalation {id} is already resolved"
)

ALREADY_ACKNOWLEDGED = M(
    "staff.escalations.error.already_acknowledged",
    "escalation {id} is already acknowledged by {name}",
)
