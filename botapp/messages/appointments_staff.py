"""Reasons an appointments import gives staff for a row it rejected or a row to look at."""

from botapp.messages.catalog import M

# TRANSLATORS: Rejected rows of an appointments import. {line} counts lines as a spreadsheet
# does; column names (client_external_id, kind, date, time, check_attendance, status) and the
# values they accept stay in English, as the file must use them.
UNKNOWN_CLIENT = M(
    "staff.import.appointments.error.unknown_client",
    "line {line}: no client has client_external_id '{value}'",
)

KIND = M(
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
