"""Post-placement follow-up: what the `botapp placements` and `import placements` commands print."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: Command output for staff. {external_id} is a placement's id from the CSV.
CLOCK_RESTARTED_CMD = MP(
    "staff.placements.clock_restarted",
    "placement {external_id}: the 90 days count from {date} and end on {end}; "
    "{count} follow-up scheduled",
    "placement {external_id}: the 90 days count from {date} and end on {end}; "
    "{count} follow-ups scheduled",
)
ENDED_CMD = MP(
    "staff.placements.ended",
    "placement {external_id} marked ended; {count} follow-up withdrawn",
    "placement {external_id} marked ended; {count} follow-ups withdrawn",
)
NOT_FOUND = M("staff.placements.error.not_found", "no placement has external_id '{external_id}'")
NOT_ACTIVE = M(
    "staff.placements.error.not_active",
    "placement {external_id} is no longer active (it ended, or reached 90 days): nothing changed",
)
# TRANSLATORS: Keep --on as it is: it is an option of the command.
NOT_LATER = M(
    "staff.placements.error.not_later",
    "the 90 days of placement {external_id} already count from {date}: --on must be a later day",
)

# TRANSLATORS: Rejected rows of a placements CSV. Keep column names as they are.
NO_CLIENT = M(
    "staff.placements.import.no_client",
    "line {line}: client_external_id '{value}' is not the external_id of any client",
)
OTHER_CLIENT = M(
    "staff.placements.import.other_client",
    "line {line}: placement '{value}' belongs to client {owner}, not {given}",
)
DATE = M(
    "staff.placements.import.date",
    "line {line}: {field} '{value}' is not a date written as YYYY-MM-DD",
)
HOURS = M(
    "staff.placements.import.hours",
    "line {line}: hours_per_week '{value}' is not a whole number from 1 to {max}",
)
WAGE = M(
    "staff.placements.import.wage",
    "line {line}: hourly_wage '{value}' is not an amount such as 15.50",
)
YES_NO = M(
    "staff.placements.import.yes_no",
    "line {line}: may_contact_employer '{value}' is not yes or no",
)
