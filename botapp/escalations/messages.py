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

# TRANSLATORS: A case-record line: a staff member answered from the client's page of the staff
# web app. {id} is the escalation's number, {name} the staff member's full name.
ANSWERED_ON_WEB = M(
    "note.escalation.answered_web", "Escalation {id}: {name} texted the client from the web app."
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
    Reason.ACCOMMODATION: M("term.escalation.accommodation", "accommodation request"),
}

# TRANSLATORS: The reason of an accommodation request in alerts: {reason} is "accommodation
# request" (above), {event} the name of the job fair or event it is for.
REASON_FOR_EVENT = M("term.escalation.reason_for_event", "{reason} for {event}")

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

# TRANSLATORS: Reassigning an escalation on the staff web app was refused. {name} is a staff
# member's name, {id} the escalation's number.
CANNOT_HOLD = M(
    "staff.escalations.error.cannot_hold",
    "{name} may not hold escalation {id}: choose someone active who may read this client's record",
)

HOLDS_ALREADY = M("staff.escalations.error.holds_already", "{name} already holds escalation {id}")

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

# TRANSLATORS: The SMS alerting a staff member that they hold an escalation. {id} is its
# number, {severity} urgent/today/routine, {client} a first name and last initial ("Alex J."),
# {reason} a reason above. ACK, @ and CLOSE are commands typed as they are: do not translate
# them. Keep it short (two SMS at most) and use no letters outside GSM-7 (á í ó ú ü are
# written without accents when the text is sent).
ALERT_SMS = M(
    "alert.escalation.sms",
    "Escalation {id}, {severity}: {client}, {reason}. Reply ACK {id} to take it, or @{id} and "
    "your message to text them; CLOSE {id} and a note when done.",
)

# TRANSLATORS: The same SMS for a client in crisis who opted out of texts: nobody may text them,
# so staff must call.
ALERT_SMS_CALL = M(
    "alert.escalation.sms_call",
    "Escalation {id}, {severity}: {client}, {reason}. Opted out: no text reached them, call "
    "them. Reply ACK {id} to take it; CLOSE {id} and a note when done.",
)

# TRANSLATORS: The alert email's subject and body. {age} is a duration such as "3 minutes",
# {office} an office's name, {email} the staff member's own address.
ALERT_SUBJECT = M("alert.escalation.subject", "Escalation {id} ({severity}): {client}, {reason}")

ALERT_BODY = M(
    "alert.escalation.body",
    "{client} needs a person: {reason} ({severity}).\n"
    "Escalation {id}, opened {age} ago, {office}.\n\n"
    "Text the program number ACK {id} to take it, or @{id} and your message to text them; "
    "CLOSE {id} and a note when done.\n"
    "At the terminal: botapp escalations ack {id} --by {email}\n\n"
    "The client's words are in the case record, not in this email.",
)

ALERT_BODY_CALL = M(
    "alert.escalation.body_call",
    "The client has opted out of texts: no text reached them. Call them.",
)

# TRANSLATORS: To the agency's on-call number and alert email when nobody on staff acknowledged
# an urgent escalation in time. {minutes} is a number.
ON_CALL_SMS = M(
    "alert.escalation.on_call_sms",
    "On call: escalation {id}, {severity}: {client}, {reason}. Nobody on staff took it in "
    "{minutes} min. Please act now.",
)

ON_CALL_BODY = M(
    "alert.escalation.on_call_body",
    "Nobody on staff acknowledged escalation {id} ({reason}, {severity}) for {client} within "
    "{minutes} minutes of each alert. Opened {age} ago, {office}.\n\n"
    "At the terminal: botapp escalations --state open",
)

# TRANSLATORS: Case-record lines of the fallback chain.
NOTE_ON_CALL = M(
    "note.escalation.on_call",
    "Escalation {id} ({reason}) not acknowledged in time: the agency's on-call contact was "
    "alerted.",
)

NOTE_NOBODY_MORE = M(
    "note.escalation.nobody_more",
    "Escalation {id} ({reason}) not acknowledged in time, and the agency has no on-call number "
    "or alert email: nobody more could be reached.",
)

# TRANSLATORS: The daily email listing what a staff member holds. {count} is a number; each
# row as `botapp escalations` prints one, without the holder.
DIGEST_SUBJECT = M("alert.escalation.digest_subject", "Escalations you hold: {count}")

DIGEST_INTRO = M(
    "alert.escalation.digest_intro",
    "Good morning {name}. These escalations are yours and not yet resolved, oldest urgent first:",
)

DIGEST_ROW = M(
    "alert.escalation.digest_row",
    "#{id} [{severity}] {reason}: {client}, {state}, opened {age} ago",
)

DIGEST_END = M(
    "alert.escalation.digest_end",
    "Text the program number ACK, @ or CLOSE and the number, or use botapp escalations.",
)

# TRANSLATORS: What `botapp schedule` says a scheduled item of an escalation will do.
ITEM_ALERT = M("staff.schedule.escalation.alert", "alert whoever holds escalation {id}")

ITEM_FALLBACK = M(
    "staff.schedule.escalation.fallback",
    "pass escalation {id} on if nobody has acknowledged it",
)

ITEM_GONE = M("staff.schedule.escalation.gone", "escalation {id} (no longer there)")
