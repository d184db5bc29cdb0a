"""IPE goal check-ins: texts to clients, the case-record lines staff read, and the reasons a
goals import gives for a row it rejected."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: Asks about one step of the client's employment plan. {step} is the agency's own
# plain-language description of the step (up to 160 characters, left as written). Keep the
# numbers 1, 2, 3; they are the answers. Keep it short: {step} uses most of the room.
# {program} is the agency's program name, first in every text botapp starts.
CHECKIN_ASK = M(
    "sms.goals.checkin.ask",
    "{program}: Did you finish: {step}? Reply 1 Done, 2 Working on it, 3 Need help",
)

# TRANSLATORS: The client said the step is done. Warm, short, no details of the plan.
CHECKIN_DONE = M(
    "sms.goals.checkin.done",
    "Great job, {first_name}! We marked it as done and your specialist will see it.",
)

# TRANSLATORS: The client is still working on the step. Encouraging, not pushy.
CHECKIN_WORKING = M(
    "sms.goals.checkin.working",
    "Thanks, {first_name}. Keep going, you are making progress! We will check in again soon.",
)

# TRANSLATORS: The client asked for help with the step; a person will contact them.
CHECKIN_HELP = M(
    "sms.goals.checkin.help",
    "Thanks for telling us, {first_name}. Your specialist will reach out to help you soon.",
)

# TRANSLATORS: Case-record lines for staff. {step} is the plan step as the agency wrote it.
NOTE_DONE = M("note.goals.done", 'Client reported the IPE step done: "{step}".')

NOTE_WORKING = M("note.goals.working", 'Client is working on the IPE step: "{step}".')

# TRANSLATORS: An alert to the specialist: the client asked for help by text.
NOTE_NEEDS_HELP = M(
    "note.goals.needs_help",
    'Client asked for help with the IPE step "{step}". Please reach out.',
)

NOTE_MISSED = M("note.goals.missed", 'Client did not answer the check-in on the IPE step "{step}".')

# TRANSLATORS: An alert to the specialist. {count} is 2 or more.
NOTE_MISSED_IN_A_ROW = M(
    "note.goals.missed_in_a_row",
    'Client has not answered {count} check-ins in a row on the IPE step "{step}".',
)

# TRANSLATORS: Rejected rows of a goals import. {line} counts lines as a spreadsheet does;
# column names (client_external_id, step_id, responsible, due_date, cadence_days) stay as is.
UNKNOWN_CLIENT = M(
    "staff.import.goals.error.unknown_client",
    "line {line}: no client has client_external_id '{value}'",
)

# TRANSLATORS: Keep client, specialist and provider in English: they are the accepted values.
RESPONSIBLE = M(
    "staff.import.goals.error.responsible",
    "line {line}: responsible '{value}' must be client, specialist or provider",
)

# TRANSLATORS: Keep YYYY-MM-DD as it is: it is the date format the file must use.
DUE_DATE = M(
    "staff.import.goals.error.due_date",
    "line {line}: due_date '{value}' is not a date written as YYYY-MM-DD",
)

# TRANSLATORS: {max} is a number of days.
CADENCE = M(
    "staff.import.goals.error.cadence",
    "line {line}: cadence_days '{value}' is not a whole number of days from 1 to {max}",
)

# TRANSLATORS: {first} is the earlier line number holding the same step_id.
DUPLICATE_STEP = M(
    "staff.import.goals.error.duplicate_step",
    "line {line}: step_id '{value}' already appears on line {first}",
)

# TRANSLATORS: A step_id must stay with one client; {external_id} is the other client's number.
OTHER_CLIENT = M(
    "staff.import.goals.error.other_client",
    "line {line}: step_id '{value}' is already a step of client {external_id}",
)

# What a goals import scheduled for each step it imported, or why it scheduled nothing. {when}
# is a time where the client lives, like "Tue, Mar 17, 10:00 AM America/Chicago".

# TRANSLATORS: {count} is the step's cadence in days.
SCHEDULED = MP(
    "staff.import.goals.scheduled",
    "line {line}: next check-in {when}, then every {count} day until the step is done",
    "line {line}: next check-in {when}, then every {count} days until the step is done",
)

# TRANSLATORS: {responsible} is specialist or provider, as the file writes it: keep it.
NOT_THE_CLIENTS = M(
    "staff.import.goals.not_the_clients",
    "line {line}: no check-ins: the step is the {responsible}'s to do, not the client's",
)

STEP_DONE = M("staff.import.goals.step_done", "line {line}: no check-ins: the step is done")

# TRANSLATORS: The client's case is closed or inactive.
CLIENT_INACTIVE = M(
    "staff.import.goals.client_inactive", "line {line}: no check-ins: the client is not active"
)

# What `botapp schedule` says a goal item will do. {step} is the step as the plan words it.
ITEM_CHECKIN = M("staff.schedule.goals.checkin", 'check-in {seq} on the IPE step "{step}"')

# TRANSLATORS: The item's step is no longer in the database.
ITEM_GONE = M("staff.schedule.goals.gone", "a goal step that no longer exists (no text)")
