"""What broadcasts say: to clients (the RSVP question, how to stop event notices, the answers
to their replies, the day-before reminder), to staff (previews, reports) and on the command
line."""

from botapp.messages.catalog import M
from botapp.models import BroadcastStatus

# TRANSLATORS: Added under a job-fair or hiring-event notice when the event asks who is
# coming. Keep the numbers 1, 2 and 3 and their meanings; an accommodation is help to take
# part (an interpreter, ASL, an accessible entrance, a ride). Avoid accents outside GSM-7 if
# you can: one such letter doubles the cost of every notice.
RSVP_QUESTION = M(
    "sms.broadcast.rsvp_question",
    "Coming? Reply 1 for yes, 2 for no, 3 if you are coming and need an accommodation "
    "(interpreter, ASL, accessible entrance, ride).",
)

# TRANSLATORS: The last line of every job-fair or event notice. Name the words that stop
# event notices in your language exactly as botapp understands them (for Spanish "NO MAS
# AVISOS", written without the accent so the text stays in the cheaper GSM-7 alphabet).
OPT_OUT_HINT = M("sms.broadcast.opt_out_hint", "Reply STOP JOBS to stop event notices.")

# Sending, scheduling, cancelling and following a broadcast (botapp/broadcasts/sending.py,
# report.py, and `botapp broadcast send|schedule|cancel|status`).

# TRANSLATORS: A broadcast is a notice (a job fair, a hiring event) texted to many clients.
# {status} is its state as stored (draft, scheduled, sending, sent, cancelled).
ALREADY_STARTED = M(
    "staff.broadcast.already_started",
    "broadcast {id} is {status}: it cannot be sent or scheduled again",
)
NO_DEFAULT_TEXT = M(
    "staff.broadcast.no_default_text",
    "broadcast {id} has no text in its default language ({language})",
)
# TRANSLATORS: {reason} is technical and stays in English (a placeholder or filter name).
CANNOT_SEND = M("staff.broadcast.cannot_send", "broadcast {id} cannot be sent: {reason}")
NOT_IN_FUTURE = M(
    "staff.broadcast.not_in_future", "broadcast {id}: the start must be later than now"
)
CANNOT_CANCEL = M(
    "staff.broadcast.cannot_cancel", "broadcast {id} is {status}: there is nothing to cancel"
)
NO_BROADCAST = M("staff.broadcast.none", "no broadcast {id}")
NOT_YOURS = M("staff.broadcast.not_yours", "{email} ({role}) may not manage broadcast {id}")
# TRANSLATORS: Keep "--at" and the example's format (year-month-day hours:minutes).
BAD_TIME = M(
    "staff.broadcast.bad_time",
    "--at must be a date and time such as 2026-12-03 09:30, not {value}",
)
BAD_TIMEZONE = M(
    "staff.broadcast.bad_timezone",
    "{value} is not a timezone (use a name such as America/Chicago)",
)
CMD_SENT = M(
    "staff.broadcast.sent",
    "broadcast {id} is sending to {count} recipients, paced at the sender's rate and held for "
    "quiet hours in each one's timezone",
)
CMD_SCHEDULED = M("staff.broadcast.scheduled", "broadcast {id} will start {when}")
# TRANSLATORS: {in_flight} texts were in a dispatcher's hands when the broadcast was
# cancelled: they may still reach the client.
CMD_CANCELLED = M(
    "staff.broadcast.cancelled",
    "broadcast {id} cancelled: {went} had gone, {in_flight} were being sent (they may still "
    "arrive), {stopped} stopped",
)
CMD_COMING_WRITTEN = M(
    "staff.broadcast.coming_written",
    "{count} people coming written to {file} (names and cases, no phone numbers)",
)
CANNOT_WRITE = M("staff.broadcast.cannot_write", "cannot write {file}: {reason}")

# TRANSLATORS: The first line of `botapp broadcast status`: {name} is the broadcast's name.
STATUS_HEAD = M("staff.broadcast.status.head", "broadcast {id} \u201c{name}\u201d: {status}")
STATUSES = {
    BroadcastStatus.DRAFT: M("staff.broadcast.status.draft", "draft"),
    BroadcastStatus.SCHEDULED: M("staff.broadcast.status.scheduled", "scheduled"),
    BroadcastStatus.SENDING: M("staff.broadcast.status.sending", "sending"),
    BroadcastStatus.SENT: M("staff.broadcast.status.sent", "sent"),
    BroadcastStatus.CANCELLED: M("staff.broadcast.status.cancelled", "cancelled"),
}
STATUS_STARTS = M("staff.broadcast.status.starts", "starts {when}")
STATUS_STARTED = M("staff.broadcast.status.started", "started {when}, {count} recipients")
STATUS_FINISHED = M("staff.broadcast.status.finished", "all sent {when}")
STATUS_CANCELLED = M("staff.broadcast.status.cancelled_at", "cancelled {when}")
STATUS_ALL = M("staff.broadcast.status.all", "all languages")
# TRANSLATORS: One line of figures, for all languages or one ({language}). "Queued": still
# waiting to go; "not sent, opted out": the client opted out before their text went.
STATUS_FIGURES = M(
    "staff.broadcast.status.figures",
    "{language}: {recipients} recipients; queued {queued}, sent {sent}, delivered {delivered}, "
    "failed {failed}, cancelled {cancelled}, not sent (opted out) {opted_out}, "
    "expired {expired}; coming {yes}, not coming {no}, coming with an accommodation "
    "{accommodation}",
)
STATUS_FAILURE = M("staff.broadcast.status.failure", "failed, {reason}: {count}")
STATUS_OPTED_OUT_SINCE = M(
    "staff.broadcast.status.opted_out_since",
    "opted out since it started (of all texts or of event notices): {count}",
)
