"""Texts of the commands that set up the agency, its offices and its staff."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: `botapp offices add` on an empty database. {zone} is a time zone name such as
# America/Chicago; keep `botapp agency set` as it is: it is a command.
AGENCY_CREATED = M(
    "staff.roster.agency_created",
    "agency {name} created (time zone {zone}); change its settings with `botapp agency set`",
)

OFFICE_ADDED = M("staff.roster.office_added", "office {name} added")

OFFICE_EXISTS = M("staff.roster.office_exists", "an office named '{name}' already exists")

# TRANSLATORS: {names} is the list of office names; keep --office as it is.
CHOOSE_OFFICE = M(
    "staff.roster.choose_office", "there are several offices: choose one with --office ({names})"
)

# TRANSLATORS: Keep `botapp offices add NAME` as it is: it is a command.
NO_AGENCY = M(
    "staff.roster.no_agency", "no agency yet: add an office with `botapp offices add NAME`"
)

# TRANSLATORS: A name given on the command line is empty or too long; {max} is a number.
BAD_NAME = M("staff.roster.bad_name", "a name of 1 to {max} characters is needed")

# TRANSLATORS: {value} is what the staff member typed.
BAD_EMAIL = M("staff.roster.bad_email", "'{value}' is not an email address")

# TRANSLATORS: Keep America/Chicago as it is: it is a time zone name, not a place name.
BAD_TIMEZONE = M(
    "staff.roster.bad_timezone", "'{value}' is not a time zone name such as America/Chicago"
)

# TRANSLATORS: Keep 08:00-17:00 as it is: it is the form the option takes.
BAD_HOURS = M(
    "staff.roster.bad_hours",
    "'{value}' is not working hours such as 08:00-17:00 (start before end, within one day)",
)

# TRANSLATORS: Keep mon-fri and mon,wed,fri as they are: the option takes English day names.
BAD_DAYS = M(
    "staff.roster.bad_days",
    "'{value}' is not a set of days such as mon-fri or mon,wed,fri (mon tue wed thu fri sat sun)",
)

# TRANSLATORS: Keep 2026-12-24 as it is: it is the form the option takes (year-month-day).
BAD_DATE = M("staff.roster.bad_date", "'{value}' is not a date such as 2026-12-24")

# TRANSLATORS: `botapp agency show` and `agency set`. {zone} is a time zone name.
AGENCY_HEADING = M("staff.roster.agency.heading", "{name} (time zone {zone})")

# TRANSLATORS: {hours} is like "08:00-17:00 mon-fri" (English day names, as the option takes).
AGENCY_HOURS = M("staff.roster.agency.hours", "working hours: {hours}")

AGENCY_ON_CALL = M("staff.roster.agency.on_call", "on-call number: {phone}")

AGENCY_ALERT_EMAIL = M("staff.roster.agency.alert_email", "alert email: {email}")

AGENCY_OFFICE = M("staff.roster.agency.office", "office: {name}, phone {phone}")

# TRANSLATORS: In place of a phone number, email or supervisor that has not been given.
NOT_SET = M("staff.roster.not_set", "not set")

# TRANSLATORS: {role} is specialist, supervisor or admin: keep it as it is (the option's value).
STAFF_ADDED = M("staff.roster.staff.added", "{email} added: {role} at {office}")

STAFF_CHANGED = M("staff.roster.staff.changed", "{email} changed")

DUPLICATE_EMAIL = M(
    "staff.roster.staff.duplicate_email", "a staff member with the email {email} already exists"
)

# TRANSLATORS: {phone} shows only the last four digits, e.g. +*******0142.
PHONE_TAKEN = M(
    "staff.roster.staff.phone_taken", "phone {phone} already belongs to staff member {email}"
)

# TRANSLATORS: {phone} shows only the last four digits; {external_id} is a case number.
PHONE_IS_CLIENT = M(
    "staff.roster.staff.phone_is_client",
    "phone {phone} belongs to client {external_id}: a staff phone must be the staff member's own",
)

# TRANSLATORS: The staff member has left (`botapp staff deactivate`).
INACTIVE = M("staff.roster.staff.inactive", "{email} is deactivated")

OWN_SUPERVISOR = M(
    "staff.roster.staff.own_supervisor", "a staff member cannot be their own supervisor"
)

# TRANSLATORS: {email} would end up above the person who supervises them.
SUPERVISOR_CIRCLE = M(
    "staff.roster.staff.supervisor_circle",
    "{supervisor} cannot supervise {email}: {email} is already above {supervisor}",
)

OWN_BACKUP = M("staff.roster.staff.own_backup", "a staff member cannot be their own backup")

# TRANSLATORS: {start} and {end} are dates such as 2026-12-24.
BAD_RANGE = M(
    "staff.roster.staff.bad_range", "the time away ends ({end}) before it starts ({start})"
)

# TRANSLATORS: {start} and {end} are dates such as 2026-12-24.
BACKUP_AWAY = M(
    "staff.roster.staff.backup_away",
    "backup {email} is away themselves from {start} to {end}: choose another",
)

# TRANSLATORS: {start} and {end} are dates such as 2026-12-24.
AWAY_SET = M(
    "staff.roster.staff.away",
    "{email} is away from {start} to {end}; {backup} stands in",
)

# TRANSLATORS: `botapp staff deactivate`. {count} is a number of clients.
DEACTIVATED = MP(
    "staff.roster.staff.deactivated",
    "{email} deactivated; {count} client now has no specialist",
    "{email} deactivated; {count} clients now have no specialist",
)

# TRANSLATORS: {emails} is a list of staff emails; keep the command as it is.
DEACTIVATED_TEAM = M(
    "staff.roster.staff.deactivated_team",
    "they supervised {emails}: give them another supervisor with "
    "`botapp staff set EMAIL --supervisor EMAIL`",
)

# TRANSLATORS: Heading of `botapp staff list`. {zone} is a time zone name.
LIST_HEADING = MP(
    "staff.roster.list.heading",
    "{count} staff member (hours in {zone}):",
    "{count} staff members (hours in {zone}):",
)

# TRANSLATORS: Keep the command as it is.
LIST_NONE = M(
    "staff.roster.list.none",
    "No staff yet: add them with `botapp staff add EMAIL --name NAME --role ROLE`.",
)

# TRANSLATORS: One staff member in `botapp staff list`. {role} is specialist, supervisor or
# admin (keep it as it is); {hours} is like "08:00-17:00 mon-fri".
LIST_ROW = M(
    "staff.roster.list.row",
    "{email}  {name}, {role}, {office}; phone {phone}; supervisor {supervisor}; hours {hours}",
)

# TRANSLATORS: The staff member has no hours of their own. {hours} is like "08:00-17:00 mon-fri".
AGENCY_DEFAULT = M("staff.roster.list.agency_default", "{hours} (the agency's)")

# TRANSLATORS: Under a staff member in `botapp staff list`; {start} and {end} are dates.
LIST_AWAY = M("staff.roster.list.away", "away from {start} to {end}; backup {backup}")

LIST_INACTIVE = M("staff.roster.list.inactive", "deactivated")
