"""What broadcasts say: to clients (the RSVP question, how to stop event notices, the answers
to their replies, the day-before reminder), to staff (previews, reports) and on the command
line."""

from botapp.broadcasts.segment import Exclusion
from botapp.messages.catalog import MP, M
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

# Composing and previewing (`botapp broadcast create|preview|list|template`): staff read these.

# TRANSLATORS: Refusals when composing a broadcast, one line each. {language} is a language code
# such as en or es; {supported} a list of them; {max} a number.
BAD_NAME = M("staff.broadcast.bad_name", "A broadcast's name must be 1 to {max} characters.")
BAD_LANGUAGE = M(
    "staff.broadcast.bad_language",
    "botapp cannot text in '{language}': a text's language must be one of {supported}.",
)
NO_DEFAULT_TEXT = M(
    "staff.broadcast.no_default_text",
    "A text in the default language ({language}) is required: clients whose language has no "
    "text get it.",
)
TEXT_TOO_LONG = M(
    "staff.broadcast.text_too_long", "The {language} text is longer than {max} characters."
)
# TRANSLATORS: {{ and }} are written literally in a text to show a brace.
STRAY_BRACE = M(
    "staff.broadcast.stray_brace",
    "The {language} text has a brace that opens or closes no placeholder (write {{{{ or }}}} "
    "for a brace itself).",
)
# TRANSLATORS: {name} is the unknown placeholder's name; {allowed} lists the known ones.
BAD_PLACEHOLDER = M(
    "staff.broadcast.bad_placeholder",
    "The {language} text names {{{name}}}; a text may name {allowed}.",
)
TOO_MANY_SEGMENTS = M(
    "staff.broadcast.too_many_segments",
    "The {language} text, with the event and the lines botapp adds, takes {segments} "
    "segments; at most {max}.",
)
# TRANSLATORS: {at} and {deadline} are a date and time with a time zone name.
EVENT_PAST = M("staff.broadcast.event_past", "The event's date and time ({at}) has passed.")
RSVP_NEEDS_EVENT = M(
    "staff.broadcast.rsvp_needs_event", "Asking who is coming needs the event's date and time."
)
DEADLINE_AFTER_EVENT = M(
    "staff.broadcast.deadline_after_event",
    "The RSVP deadline ({deadline}) is after the event ({at}).",
)
# TRANSLATORS: The organiser is told of accommodation requests for the event.
BAD_ORGANISER = M(
    "staff.broadcast.bad_organiser",
    "{email} cannot organise this broadcast: the organiser must be active staff who may "
    "manage it (an administrator, or a supervisor of its office).",
)
# TRANSLATORS: {field} is a filter's name such as tags or skip_texted_within_days; {reason}
# is a short English explanation.
BAD_SEGMENT = M("staff.broadcast.bad_segment", "The recipients' filter {field}: {reason}")
OUTSIDE_OFFICE = M(
    "staff.broadcast.outside_office",
    "Office {id} is outside what this broadcast may reach (a supervisor's reaches their own "
    "office only).",
)
NO_BROADCAST = M("staff.broadcast.no_broadcast", "There is no broadcast {id}.")
# TRANSLATORS: {status} is the broadcast's status code (sending, sent, cancelled).
NOT_EDITABLE = M(
    "staff.broadcast.not_editable",
    "Broadcast {id} is {status}: only a draft or a scheduled broadcast can be changed.",
)
# TRANSLATORS: {role} is specialist, supervisor or admin.
NOT_YOURS = M(
    "staff.broadcast.not_yours",
    "{email} ({role}) may not manage this broadcast: administrators manage the agency's, "
    "supervisors their office's.",
)
BAD_TEMPLATE_NAME = M(
    "staff.broadcast.bad_template_name", "A template's name must be 1 to {max} characters."
)
TEMPLATE_EXISTS = M("staff.broadcast.template_exists", "There is already a template '{name}'.")
NO_TEMPLATE = M("staff.broadcast.no_template", "There is no template '{name}'.")
# TRANSLATORS: {value} is what was typed; the option reads like es='Feria de empleo'.
BAD_TEXT_OPTION = M(
    "staff.broadcast.bad_text_option", "'{value}' is not LANG=TEXT, such as es='Feria de empleo'."
)
BAD_MOMENT = M(
    "staff.broadcast.bad_moment", "'{value}' is not a date and time such as 2026-12-03 10:00."
)

# TRANSLATORS: `botapp broadcast create` done. {name} is the broadcast's name.
CREATED = M("staff.broadcast.created", "Broadcast {id} created as a draft: {name}")

# TRANSLATORS: A broadcast's status, as `botapp broadcast list` and `preview` show it.
STATUSES = {
    BroadcastStatus.DRAFT: M("staff.broadcast.status.draft", "draft"),
    BroadcastStatus.SCHEDULED: M("staff.broadcast.status.scheduled", "scheduled"),
    BroadcastStatus.SENDING: M("staff.broadcast.status.sending", "sending"),
    BroadcastStatus.SENT: M("staff.broadcast.status.sent", "sent"),
    BroadcastStatus.CANCELLED: M("staff.broadcast.status.cancelled", "cancelled"),
}

# TRANSLATORS: Why a client the filters chose gets no text (the preview's "Left out" line).
EXCLUSIONS = {
    Exclusion.OPTED_OUT: M("staff.broadcast.excluded.opted_out", "opted out of every text"),
    Exclusion.OPTED_OUT_BROADCASTS: M(
        "staff.broadcast.excluded.opted_out_broadcasts", "opted out of event notices"
    ),
    Exclusion.OPEN_ESCALATION: M(
        "staff.broadcast.excluded.open_escalation", "waiting for a person (open escalation)"
    ),
    Exclusion.OPEN_QUESTION: M(
        "staff.broadcast.excluded.open_question", "answering another question"
    ),
    Exclusion.RECENT_BROADCAST: M(
        "staff.broadcast.excluded.recent_broadcast", "texted a broadcast recently"
    ),
}

# TRANSLATORS: `botapp broadcast preview`, line by line. {start} is a date and time with a zone.
PREVIEW_HEADING = M(
    "staff.broadcast.preview.heading", "Broadcast {id}, {name} ({status}), if sent {start}:"
)
# TRANSLATORS: {encoding} is GSM-7 or UCS-2; {count} is how many recipients read this text.
PREVIEW_TEXT = MP(
    "staff.broadcast.preview.text",
    "Text in {language}, for {count} recipient: {characters} characters, {encoding}, "
    "{segments} segment(s) each",
    "Text in {language}, for {count} recipients: {characters} characters, {encoding}, "
    "{segments} segment(s) each",
)
# TRANSLATORS: Followed by the same text spelled without the accents (á -> a).
PREVIEW_GSM7 = M(
    "staff.broadcast.preview.gsm7",
    "  Tip: an accent outside GSM-7 makes it UCS-2. Spelled like this it takes {segments} "
    "segment(s) instead of {instead}:",
)
# TRANSLATORS: {languages} reads like "en 120, es 45".
PREVIEW_RECIPIENTS = MP(
    "staff.broadcast.preview.recipients",
    "{count} recipient by language: {languages}",
    "{count} recipients by language: {languages}",
)
PREVIEW_FALLBACK = MP(
    "staff.broadcast.preview.fallback",
    "{count} recipient reads a language with no text ({languages}) and gets the {default} text.",
    "{count} recipients read a language with no text ({languages}) and get the {default} text.",
)
# TRANSLATORS: {reasons} reads like "opted out of every text 3; answering another question 1".
PREVIEW_EXCLUDED = MP(
    "staff.broadcast.preview.excluded",
    "{count} client left out: {reasons}",
    "{count} clients left out: {reasons}",
)
# TRANSLATORS: {cost} is an amount in US dollars (SMS_SEGMENT_PRICE per segment).
PREVIEW_COST = MP(
    "staff.broadcast.preview.cost",
    "{count} segment in all, estimated cost {cost}",
    "{count} segments in all, estimated cost {cost}",
)
# TRANSLATORS: {time} is a duration such as "3 hours"; {mps} a number of segments a second.
PREVIEW_TIME = M(
    "staff.broadcast.preview.time",
    "The last text goes out {time} after the start, at {mps} segment(s) a second",
)
# TRANSLATORS: Appended to the line above.
PREVIEW_AHEAD = MP(
    "staff.broadcast.preview.ahead",
    " ({count} segment waiting in the outbox goes first).",
    " ({count} segments waiting in the outbox go first).",
)
PREVIEW_UNPACED = M(
    "staff.broadcast.preview.unpaced",
    "The sender is not paced (SENDER_MPS = 0): the time to send is not limited by the sender.",
)
# TRANSLATORS: Twilio fails a text that waits in its queue longer than {window}.
WARN_QUEUE = M(
    "staff.broadcast.warn.queue",
    "WARNING: the last text would wait {time}, past Twilio's queue window ({window}), and texts "
    "after it would fail. Send it over {days} days: {days} broadcasts of at most {per_part} "
    "recipients, one a day.",
)
# TRANSLATORS: {zones} reads like "America/New_York 120, America/Chicago 40".
WARN_QUIET = MP(
    "staff.broadcast.warn.quiet",
    "WARNING: at the start, {count} recipient is in their quiet hours ({zones}): the text "
    "waits until the morning there.",
    "WARNING: at the start, {count} recipients are in their quiet hours ({zones}): their texts "
    "wait until the morning there.",
)
# TRANSLATORS: {end} is a date and time, when the last text is estimated to go.
WARN_QUIET_DURING = MP(
    "staff.broadcast.warn.quiet_during",
    "WARNING: sending runs until about {end}, after quiet hours begin for {count} recipient "
    "({zones}): a text that reaches them after then waits until the morning there.",
    "WARNING: sending runs until about {end}, after quiet hours begin for {count} recipients "
    "({zones}): texts that reach them after then wait until the morning there.",
)
WARN_QUIET_LATER = M(
    "staff.broadcast.warn.quiet_later",
    "Start at {start} and every text goes out in hours every recipient's time zone allows.",
)
# TRANSLATORS: {window} is a duration, such as "9 hours".
WARN_QUIET_SPLIT = M(
    "staff.broadcast.warn.quiet_split",
    "No start fits the whole sending in the hours every recipient's time zone allows ({window} "
    "a day). Send it over {days} days: {days} broadcasts of at most {per_part} recipients, one "
    "a day.",
)
WARN_QUIET_APART = M(
    "staff.broadcast.warn.quiet_apart",
    "The recipients' time zones share no hours that allow texts: send to each time zone apart.",
)

# TRANSLATORS: `botapp broadcast list`, one broadcast a line. {created} is a date and time.
ROW = M(
    "staff.broadcast.row",
    "{id}  {name}  {status}  {office}  created {created}  recipients: {recipients}",
)
WHOLE_AGENCY = M("staff.broadcast.whole_agency", "whole agency")
# TRANSLATORS: A broadcast's recipients are counted when it is sent; before that, the preview.
NOT_COUNTED = M("staff.broadcast.not_counted", "not sent yet (see preview)")
NONE = M("staff.broadcast.none", "No broadcasts you may manage.")

# TRANSLATORS: `botapp broadcast template save|list|delete`. {languages} reads like "en, es".
TEMPLATE_SAVED = M("staff.broadcast.template.saved", "Template saved: {name}")
TEMPLATE_ROW = M("staff.broadcast.template.row", "{name}  ({languages})")
NO_TEMPLATES = M("staff.broadcast.template.none", "No templates yet.")
TEMPLATE_DELETED = M("staff.broadcast.template.deleted", "Template deleted: {name}")

# RSVP replies, the day-before reminder and accommodation requests (`flow.py`, `timing.py`).

# TRANSLATORS: Answer to "1" (coming) to an event's question. {event} is the event's name,
# {date} and {time} when it starts, {where} its place and address. Accents outside GSM-7
# (á, í, ó, ú) are sent without them, to keep it one cheap alphabet; keep it short.
CONFIRM_YES = M(
    "sms.broadcast.confirm_yes",
    "Thanks! You are on the list for {event}, {date} at {time}, {where}. We will text you a "
    "reminder the day before.",
)

# TRANSLATORS: Answer to "1" (coming) when the event is too close for a day-before reminder.
# Placeholders as in the answer above. Short.
CONFIRM_YES_SOON = M(
    "sms.broadcast.confirm_yes_soon",
    "Thanks! You are on the list for {event}, {date} at {time}, {where}. See you there!",
)

# TRANSLATORS: Answer to "2" (not coming). Warm and short; asks nothing.
CONFIRM_NO = M(
    "sms.broadcast.confirm_no",
    "Thanks for letting us know. We hope to see you at a future event.",
)

# TRANSLATORS: Answer to "3" (coming and needs an accommodation: an interpreter, ASL, an
# accessible entrance, a ride). {event}, {date}, {time} as above. The organiser is the staff
# member running the event. Short.
CONFIRM_ACCOMMODATION = M(
    "sms.broadcast.confirm_accommodation",
    "Thanks! You are on the list for {event}, {date} at {time}. The organizer will contact you "
    "before the event about what you need.",
)

# TRANSLATORS: Put before the answer above when the client had answered before and now
# changed it; {question} is that answer. The last answer counts.
CHANGED = M("sms.broadcast.changed", "We changed your answer. {question}")

# TRANSLATORS: The day before an event, to those who said they are coming. {program} is the
# agency's program name, {event} the event, {date} {time} when, {where} its place and address.
# Short; accents outside GSM-7 are sent without them.
REMINDER = M(
    "sms.broadcast.reminder",
    "{program}: Reminder: {event} is tomorrow, {date} at {time}, {where}. See you there!",
)

# TRANSLATORS: A case-record line: a client answered an event's invitation. {event} is its
# name, {answer} one of the answers below.
NOTE_RSVP = M("note.broadcast.rsvp", "Answered the invitation to {event}: {answer}.")

# TRANSLATORS: A case-record line: a client changed their answer; the last one counts.
# {before} and {answer} are answers below.
NOTE_RSVP_CHANGED = M(
    "note.broadcast.rsvp_changed",
    "Changed their answer to the invitation to {event}: {answer} (was: {before}).",
)

# TRANSLATORS: A case-record line: the client needs an accommodation to come to an event.
# {need} is one of the needs below.
NOTE_ACCOMMODATION = M("note.broadcast.accommodation", "Accommodation request for {event}: {need}.")

# TRANSLATORS: The answers to an event's invitation, as case-record lines and reports name them.
ANSWERS = {
    "yes": M("term.broadcast.rsvp_yes", "coming"),
    "no": M("term.broadcast.rsvp_no", "not coming"),
    "accommodation": M("term.broadcast.rsvp_accommodation", "coming, needs an accommodation"),
}

# TRANSLATORS: The accommodation a client asked for, as staff read it.
NEEDS = {
    "interpreter": M("term.broadcast.need_interpreter", "an interpreter"),
    "asl": M("term.broadcast.need_asl", "an ASL interpreter"),
    "accessible_entrance": M("term.broadcast.need_accessible_entrance", "an accessible entrance"),
    "transport": M("term.broadcast.need_transport", "a ride"),
    "other": M("term.broadcast.need_other", "something else (see their text)"),
    "": M("term.broadcast.need_unsaid", "not said yet"),
}

# TRANSLATORS: What `botapp schedule` says a broadcast's item will do. {event} is the event's
# name, {when} when it starts.
ITEM_REMINDER = M("staff.schedule.broadcasts.reminder", "day-before reminder of {event} ({when})")
ITEM_GONE = M("staff.schedule.broadcasts.gone", "a broadcast that no longer exists (no text)")

# Sending, scheduling, cancelling and following a broadcast (botapp/broadcasts/sending.py,
# report.py, and `botapp broadcast send|schedule|cancel|status`).

# TRANSLATORS: A broadcast is a notice (a job fair, a hiring event) texted to many clients.
# {status} is its state in words (sending, sent, cancelled...).
ALREADY_STARTED = M(
    "staff.broadcast.already_started",
    "broadcast {id} is {status}: it cannot be sent or scheduled again",
)
# TRANSLATORS: {reason} is technical and stays in English (a placeholder or filter name).
CANNOT_SEND = M("staff.broadcast.cannot_send", "broadcast {id} cannot be sent: {reason}")
NOT_IN_FUTURE = M(
    "staff.broadcast.not_in_future", "broadcast {id}: the start must be later than now"
)
CANNOT_CANCEL = M(
    "staff.broadcast.cannot_cancel", "broadcast {id} is {status}: there is nothing to cancel"
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
