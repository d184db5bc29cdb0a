"""What broadcasts say: to clients (the RSVP question, how to stop event notices, the answers
to their replies, the day-before reminder), to staff (previews, reports) and on the command
line."""

from botapp.messages.catalog import M

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
