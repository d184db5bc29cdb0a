"""Escalations: the case-record lines of each step, the words for a reason, a severity and a
state, what `botapp escalations` prints and the answers texted to a staff phone. None holds a
client's own words."""

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

# TRANSLATORS: {name} is the staff member who wrote the text from their own phone.
RELAYED = M(
    "note.escalation.relayed", "Escalation {id}: {name} texted the client from their phone."
)

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

# TRANSLATORS: Texts to a staff member's phone answering a command they texted (docs: "Answering
# from your phone"). Keep the command words ACK, OK, @, R, CLOSE, HELP and STOP in English
# capitals: they are what staff type. {id} is an escalation number, {name} a client's first
# name and last initial ("Alex J."). Short: one text.
SMS_COMMANDS = M(
    "staff.sms.commands",
    "Commands: ACK 42 (or OK 42) takes escalation 42. @42 your text (or R 42 your text) sends "
    "your text to its client. CLOSE 42 what you did closes it. HELP: this list. STOP: no more "
    "texts to this phone.",
)

# TRANSLATORS: {commands} is the list above.
SMS_NOT_UNDERSTOOD = M("staff.sms.not_understood", "Not understood. {commands}")

SMS_ACKNOWLEDGED = M(
    "staff.sms.acknowledged", "Escalation #{id} ({name}) acknowledged: you hold it."
)

SMS_RESOLVED = M("staff.sms.resolved", "Escalation #{id} ({name}) closed.")

SMS_RELAYED = M("staff.sms.relayed", "Sent to {name} (#{id}).")

SMS_UNKNOWN = M("staff.sms.error.unknown", "No escalation has the number {id}: nothing was done.")

SMS_NOT_YOURS = M(
    "staff.sms.error.not_yours", "Escalation #{id} is not in your caseload: nothing was done."
)

SMS_RELAY_RESOLVED = M(
    "staff.sms.error.relay_resolved",
    "Escalation #{id} is closed: nothing was sent. If {name} texted since, use the newest "
    "escalation number, or call them.",
)

SMS_RELAY_EMPTY = M(
    "staff.sms.error.relay_empty",
    "Nothing was sent: write your text after the number, like @{id} See you at 3.",
)

# TRANSLATORS: {count} is always more than {max} (1600).
SMS_RELAY_TOO_LONG = M(
    "staff.sms.error.relay_too_long",
    "Nothing was sent: your text has {count} characters, more than the {max} a text can hold.",
)

SMS_RELAY_OPTED_OUT = M(
    "staff.sms.error.relay_opted_out",
    "{name} (#{id}) has opted out of texts: nothing was sent. Call them instead.",
)
