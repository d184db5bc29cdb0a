"""Appointment reminders: texts to clients, the case-record lines staff read, and the reasons
an appointments import gives for a row it rejected or a row to look at."""

from botapp.messages.catalog import MP, M, Msg

# TRANSLATORS: What the appointment is, as it fits in "your {kind} is Thu, Dec 3". Never name
# a benefit or a service: the benefits orientation is just an "orientation" in a text.
KIND: dict[str, Msg] = {
    "specialist": M("sms.appointment.kind.specialist", "meeting with your specialist"),
    "interview": M("sms.appointment.kind.interview", "job interview"),
    "job_fair": M("sms.appointment.kind.job_fair", "job fair"),
    "benefits_orientation": M("sms.appointment.kind.benefits_orientation", "orientation"),
    "other": M("sms.appointment.kind.other", "appointment"),
}

# TRANSLATORS: The reminder question. {day} is like "Thu, Dec 3", {time} like "2:30 PM",
# {place} is an address as staff wrote it. Keep the numbers 1, 2, 3: they are the answers.
# Never ask for the word CANCEL (or any translation used as a keyword): the carrier treats
# it as STOP and the client would get no more texts.
REMINDER_ASK = M(
    "sms.appointment.reminder.ask",
    "{program} reminder: your {kind} is {day} at {time} at {place}. "
    "Reply 1 to confirm, 2 to cancel, 3 to change the time.",
)

# TRANSLATORS: After the client confirms. Asking for a plan makes showing up likelier.
PLAN_ASK = M("sms.appointment.plan.ask", "Great! What time will you leave to get there?")

PLAN_THANKS = M("sms.appointment.plan.thanks", "Thanks, {first_name}. See you there!")

# TRANSLATORS: After the client cancels by text. A person follows up, so no new time here.
CANCELLED = M(
    "sms.appointment.cancelled",
    "OK, your {kind} on {day} is cancelled. Your specialist will be in touch.",
)

# TRANSLATORS: The client asked for another time without saying when. Any answer is fine.
NEW_TIME_ASK = M("sms.appointment.new_time.ask", "What day and time would work better?")

# TRANSLATORS: The client proposed a new time; the specialist decides and texts or calls back.
PROPOSAL_THANKS = M(
    "sms.appointment.new_time.thanks",
    "Thanks, {first_name}. We sent your request to your specialist, who will be in touch "
    "to set the new time.",
)

# TRANSLATORS: The client answered a reminder about an appointment that staff have since
# changed or cancelled.
OUTDATED = M(
    "sms.appointment.outdated",
    "Thanks, {first_name}. That appointment has changed; your specialist will be in touch.",
)

# TRANSLATORS: A later reminder to a client who already confirmed: it asks nothing.
SEE_YOU = M(
    "sms.appointment.see_you",
    "{program}: See you {day} at {time} for your {kind} at {place}. "
    "If something comes up, reply to this text.",
)

# TRANSLATORS: Staff moved an appointment the client had already been reminded of.
MOVED = M(
    "sms.appointment.moved",
    "{program}: Your {kind} has a new time: {day} at {time} at {place}.",
)

# TRANSLATORS: Staff cancelled an appointment the client had already been reminded of.
CANCELLED_BY_STAFF = M(
    "sms.appointment.cancelled_by_staff",
    "{program}: Your {kind} on {day} at {time} is cancelled. Your specialist will be in touch.",
)

# TRANSLATORS: Asked a few hours after the appointment. Keep the numbers 1 and 2.
ATTENDANCE_ASK = M(
    "sms.appointment.attendance.ask",
    "{program}: Did you make it to your {kind} on {day}? Reply 1 Yes, 2 No",
)

ATTENDED_THANKS = M(
    "sms.appointment.attendance.went", "Great, {first_name}! Thanks for letting us know."
)

# TRANSLATORS: The client missed it. Kind, no blame; a person follows up.
MISSED_THANKS = M(
    "sms.appointment.attendance.missed",
    "Thanks for telling us, {first_name}. Your specialist will be in touch about next steps.",
)

# TRANSLATORS: Case-record lines for staff. {kind} is the kind as the import file writes it
# (specialist, interview, job_fair, benefits_orientation, other): keep it as it is. {when} and
# {old} are local times written like "2025-12-03 14:30 America/Chicago".
NOTE_ADDED = M("note.appointment.added", "Appointment added: {kind} on {when} at {place}.")

NOTE_CONFIRMED = M("note.appointment.confirmed", "Client confirmed the {kind} on {when}.")

# TRANSLATORS: {plan} is the client's own words, left as written.
NOTE_PLAN = M("note.appointment.plan", 'Client\'s plan for the {kind} on {when}: "{plan}"')

# TRANSLATORS: An alert to the specialist.
NOTE_CANCELLED_BY_CLIENT = M(
    "note.appointment.cancelled_by_client",
    "Client cancelled the {kind} on {when} by text. Please get in touch to find another time.",
)

NOTE_CANCELLED = M(
    "note.appointment.cancelled", "The {kind} on {when} was cancelled; its reminders withdrawn."
)

NOTE_MOVED = M(
    "note.appointment.moved", "The {kind} was moved from {old} to {when}; reminders re-timed."
)

# TRANSLATORS: An alert. {proposal} is the client's own words; {proposed} a local time.
NOTE_PROPOSED = M(
    "note.appointment.proposed",
    'Client asked to move the {kind} on {when}: "{proposal}" (read as {proposed}). '
    "Please set the new time.",
)

# TRANSLATORS: An alert; the client's words could not be read as a day or time.
NOTE_PROPOSED_TEXT = M(
    "note.appointment.proposed_text",
    'Client asked to move the {kind} on {when}: "{proposal}". Please set the new time.',
)

# TRANSLATORS: An alert: the client asked for another time but did not answer "when?".
NOTE_NO_NEW_TIME = M(
    "note.appointment.no_new_time",
    "Client asked to move the {kind} on {when} but did not say when. Please get in touch.",
)

NOTE_NO_RESPONSE = M(
    "note.appointment.no_response", "No response to the reminder about the {kind} on {when}."
)

# TRANSLATORS: An alert: the client answered a reminder for a time staff have since changed.
NOTE_OUTDATED = M(
    "note.appointment.outdated",
    "Client answered an old reminder about the {kind}, now on {when}; please check with them.",
)

NOTE_ATTENDED = M("note.appointment.attended", "Client said they went to the {kind} on {when}.")

# TRANSLATORS: An alert to the specialist.
NOTE_MISSED = M(
    "note.appointment.missed", "Client said they missed the {kind} on {when}. Please follow up."
)

NOTE_ATTENDANCE_NO_RESPONSE = M(
    "note.appointment.attendance_no_response",
    "No response when asked whether the client went to the {kind} on {when}.",
)

# What the appointments commands and import tell staff.

# TRANSLATORS: Rejected rows of an appointments import. {line} counts lines as a spreadsheet
# does; column names (client_external_id, kind, date, time, check_attendance, status) and the
# values they accept stay in English, as the file must use them.
UNKNOWN_CLIENT = M(
    "staff.import.appointments.error.unknown_client",
    "line {line}: no client has client_external_id '{value}'",
)

BAD_KIND = M(
    "staff.import.appointments.error.kind",
    "line {line}: kind '{value}' must be specialist, interview, job_fair, "
    "benefits_orientation or other",
)

# TRANSLATORS: Keep YYYY-MM-DD as it is: it is the date format the file must use.
DATE = M(
    "staff.import.appointments.error.date",
    "line {line}: date '{value}' is not a date written as YYYY-MM-DD",
)

# TRANSLATORS: Keep HH:MM as it is. 24-hour: 2:30 in the afternoon is 14:30.
TIME = M(
    "staff.import.appointments.error.time",
    "line {line}: time '{value}' is not a 24-hour time written as HH:MM (2:30 PM is 14:30)",
)

YES_NO = M(
    "staff.import.appointments.error.check_attendance",
    "line {line}: check_attendance '{value}' must be yes or no",
)

STATUS = M(
    "staff.import.appointments.error.status",
    "line {line}: status '{value}' must be empty, scheduled or cancelled",
)

# TRANSLATORS: An appointment id must stay with one client; {external_id} is the other client.
OTHER_CLIENT = M(
    "staff.import.appointments.error.other_client",
    "line {line}: appointment '{value}' already belongs to client {external_id}",
)

# TRANSLATORS: A warning: the row is imported, but no reminder can be sent for a past time.
PAST = M(
    "staff.import.appointments.warning.past",
    "line {line}: the appointment on {date} at {time} has already begun: no reminders are sent",
)

# What an import scheduled for each appointment it added or moved, and why a reminder is not
# sent or goes earlier. {when} and {wanted} are times where the client lives, like
# "Sun, Mar 8, 10:30 AM America/Chicago"; {quiet} is the agency's quiet hours, like
# "20:00-09:00".

# TRANSLATORS: How long before the appointment a reminder goes.
BEFORE_DAYS = MP("staff.appointments.before.days", "{count} day before", "{count} days before")
BEFORE_HOURS = MP("staff.appointments.before.hours", "{count} hour before", "{count} hours before")
BEFORE_MINUTES = MP(
    "staff.appointments.before.minutes", "{count} minute before", "{count} minutes before"
)

# TRANSLATORS: One reminder of a list, like "3 days before (Sun, Mar 8, 10:30 AM America/Chicago)".
REMINDER_AT = M("staff.import.appointments.reminder_at", "{before} ({when})")

# TRANSLATORS: {reminders} is a list of reminders separated by semicolons.
SCHEDULED = M("staff.import.appointments.scheduled", "line {line}: reminders {reminders}")

# TRANSLATORS: Every reminder time of the appointment has passed or falls in quiet hours.
NONE_SCHEDULED = M(
    "staff.import.appointments.none_scheduled",
    "line {line}: no reminder will be sent before the appointment on {when}",
)

SKIPPED_PAST = M(
    "staff.import.appointments.skipped_past",
    "line {line}: no reminder {before}: its time, {wanted}, has passed",
)

# TRANSLATORS: A reminder is moved earlier, out of quiet hours, but that earlier time has
# passed too.
SKIPPED_QUIET = M(
    "staff.import.appointments.skipped_quiet",
    "line {line}: no reminder {before}: its time, {wanted}, falls in quiet hours ({quiet}) "
    "and the last time before them has passed",
)

MOVED_EARLIER = M(
    "staff.import.appointments.moved_earlier",
    "line {line}: the reminder {before} would fall in quiet hours ({quiet}), at {wanted}: "
    "it goes earlier, at {when}",
)

# What `botapp schedule` says an appointment's item will do. {kind} is the kind as the import
# file writes it (specialist, interview, job_fair...); {when} the appointment's local time.
ITEM_REMINDER = M(
    "staff.schedule.appointment.reminder",
    "reminder {before} the {kind} appointment on {when}",
)

ITEM_REMINDER_EARLIER = M(
    "staff.schedule.appointment.reminder_earlier",
    "reminder {before} the {kind} appointment on {when}, moved earlier out of quiet hours",
)

ITEM_STARTED = M(
    "staff.schedule.appointment.started",
    "the {kind} appointment begins: a reminder still unanswered is closed (no text)",
)

ITEM_ATTENDANCE = M(
    "staff.schedule.appointment.attendance",
    "asks whether the client went to the {kind} appointment on {when}",
)

# TRANSLATORS: The item's appointment is no longer in the database.
ITEM_GONE = M("staff.schedule.appointment.gone", "an appointment that no longer exists (no text)")
