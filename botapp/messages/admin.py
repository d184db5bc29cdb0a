"""Texts of the staff web app's admin pages: offices, staff, CSV imports and the agency's
settings (docs/decisions/0027-staff-web-app.md). The notices a change is refused with are
the CLI's own (messages/roster.py), so the page and `botapp staff` say the same."""

from botapp.messages.catalog import M

# TRANSLATORS: The menu link to the admin pages (administrators only).
NAV = M("staff.admin.nav", "Admin")

# TRANSLATORS: The name screen readers give the admin pages' own menu.
SECTIONS = M("staff.admin.sections", "Admin pages")

OFFICES_TITLE = M("staff.admin.offices.title", "Offices")

STAFF_TITLE = M("staff.admin.staff.title", "Staff")

IMPORTS_TITLE = M("staff.admin.imports.title", "CSV imports")

AGENCY_TITLE = M("staff.admin.agency.title", "Agency settings")

NAME = M("staff.admin.field.name", "Name")

EMAIL = M("staff.admin.field.email", "Email")

PHONE = M("staff.admin.field.phone", "Phone")

ROLE = M("staff.admin.field.role", "Role")

OFFICE = M("staff.admin.field.office", "Office")

LANGUAGE = M("staff.admin.field.language", "Language")

SUPERVISOR = M("staff.admin.field.supervisor", "Supervisor's email")

HOURS = M("staff.admin.field.hours", "Own working hours")

DAYS = M("staff.admin.field.days", "Own working days")

STATUS = M("staff.admin.field.status", "Status")

# TRANSLATORS: {hours} is the agency's working hours, such as "08:00-17:00 mon-fri". Keep mon-
# thu as it is: the form takes English day names.
HOURS_HINT = M(
    "staff.admin.field.hours_hint",
    "Such as 09:00-13:00 and mon-thu; leave empty for the agency's ({hours}).",
)

PHONE_HINT = M(
    "staff.admin.field.phone_hint",
    "The mobile their alerts go to, such as +13125550123.",
)

ROLE_SPECIALIST = M("staff.admin.role.specialist", "Specialist")

ROLE_SUPERVISOR = M("staff.admin.role.supervisor", "Supervisor")

ROLE_ADMIN = M("staff.admin.role.admin", "Administrator")

ON_STAFF = M("staff.admin.status.on_staff", "On staff")

# TRANSLATORS: {start} and {end} are dates, {backup} an email.
AWAY = M("staff.admin.status.away", "Away {start} to {end}; {backup} stands in")

LEFT = M("staff.admin.status.left", "Deactivated")

OFFICE_PHONE = M("staff.admin.office.phone", "Phone clients may call (optional)")

OFFICE_ADD = M("staff.admin.office.add", "Add the office")

NO_OFFICES = M(
    "staff.admin.office.none",
    "No office yet: add the first one (it also creates the agency).",
)

STAFF_ADD_TITLE = M("staff.admin.staff.add_title", "Add a staff member")

STAFF_ADD = M("staff.admin.staff.add", "Add the staff member")

STAFF_EDIT = M("staff.admin.staff.edit", "Change")

# TRANSLATORS: A link's name for screen readers. {name} is a staff member's full name.
STAFF_EDIT_LABEL = M("staff.admin.staff.edit_label", "Change {name}")

STAFF_SAVE = M("staff.admin.staff.save", "Save the changes")

AWAY_TITLE = M("staff.admin.away.title", "Time away")

AWAY_FROM = M("staff.admin.away.from", "First day away")

AWAY_TO = M("staff.admin.away.to", "Last day away")

AWAY_BACKUP = M("staff.admin.away.backup", "Backup's email")

AWAY_SUBMIT = M("staff.admin.away.submit", "Record the time away")

INVITE_TITLE = M("staff.admin.invite.title", "Password link")

INVITE_HINT = M(
    "staff.admin.invite.hint",
    "Emails a link to choose a password: to join, or after forgetting it.",
)

INVITE_SUBMIT = M("staff.admin.invite.submit", "Email a password link")

LEAVE_TITLE = M("staff.admin.leave.title", "Leaving")

LEAVE_HINT = M(
    "staff.admin.leave.hint",
    "Their clients stay, with no specialist, until reassigned; the escalations they hold go "
    "to who stands in.",
)

LEAVE_SUBMIT = M("staff.admin.leave.submit", "Deactivate")

IMPORT_KIND = M("staff.admin.import.kind", "What the file holds")

# TRANSLATORS: {mb} is a number of megabytes.
IMPORT_FILE = M("staff.admin.import.file", "CSV file (at most {mb} MB)")

IMPORT_OFFICE = M("staff.admin.import.office", "Office of new clients")

IMPORT_SUBMIT = M("staff.admin.import.submit", "Import")

# TRANSLATORS: The heading over an import's line-by-line report.
IMPORT_REPORT = M("staff.admin.import.report", "Report")

IMPORT_NO_FILE = M("staff.admin.import.no_file", "Choose a CSV file to import.")

# TRANSLATORS: Keep `botapp import` as it is: it is a command.
IMPORT_COLUMNS = M(
    "staff.admin.import.columns",
    "The columns are those of `botapp import` (see the README).",
)

KIND_CLIENTS = M("staff.admin.kind.clients", "Clients")

KIND_APPOINTMENTS = M("staff.admin.kind.appointments", "Appointments")

# TRANSLATORS: IPE: the client's Individualized Plan for Employment.
KIND_GOALS = M("staff.admin.kind.goals", "IPE goal steps")

KIND_PLACEMENTS = M("staff.admin.kind.placements", "Placements")

# TRANSLATORS: {mb} is a number of megabytes.
TOO_LARGE = M(
    "staff.admin.too_large",
    "That file is larger than {mb} MB: nothing was imported. Split it and import the parts.",
)

TOO_LARGE_TITLE = M("staff.admin.too_large.title", "File too large")

ON_CALL = M("staff.admin.agency.on_call", "On-call phone")

ON_CALL_HINT = M("staff.admin.agency.on_call_hint", "Called when nobody answers an urgent alert.")

ALERT_EMAIL = M("staff.admin.agency.alert_email", "Alert email")

WORK_HOURS = M("staff.admin.agency.work_hours", "Working hours of staff who set none")

WORK_DAYS = M("staff.admin.agency.work_days", "Working days of staff who set none")

QUIET = M("staff.admin.agency.quiet", "Quiet hours (no outreach texts), in each client's time zone")

TIMEZONE = M("staff.admin.agency.timezone", "The agency's time zone")

AGENCY_SAVE = M("staff.admin.agency.save", "Save the settings")

AGENCY_SAVED = M("staff.admin.agency.saved", "Agency settings saved.")

FROM_ENV_TITLE = M("staff.admin.env.title", "Set on the server")

# TRANSLATORS: Keep the setting names in capitals as they are.
FROM_ENV_FALLBACK = M(
    "staff.admin.env.fallback",
    "What a program field above left empty uses: the server's PROGRAM_NAME, PROGRAM_PHONE and "
    "CRISIS_REPLY_EN, CRISIS_REPLY_ES (one per language), else botapp's own crisis text.",
)

PROGRAM = M("staff.admin.env.program", "Program name")

PROGRAM_PHONE = M("staff.admin.env.program_phone", "Program phone")

# TRANSLATORS: {language} is a language's name, such as Spanish.
CRISIS = M("staff.admin.env.crisis", "Crisis reply in {language}")

ACK_MINUTES = M(
    "staff.admin.agency.ack_minutes",
    "Minutes an urgent alert waits to be acknowledged before it goes further",
)

# TRANSLATORS: Keep ESCALATION_ACK_MINUTES as it is. {minutes} is a number.
ACK_HINT = M(
    "staff.admin.agency.ack_hint",
    "Leave empty to use the server's ESCALATION_ACK_MINUTES ({minutes}).",
)

# TRANSLATORS: {max} is a number.
BAD_ACK_MINUTES = M(
    "staff.admin.bad_ack_minutes",
    "'{value}' is not a whole number of minutes from 1 to {max}",
)

BAD_QUIET = M(
    "staff.admin.bad_quiet",
    "'{value}' is not quiet hours such as 20:00-09:00 (start and end differ)",
)

# TRANSLATORS: Keep PROGRAM_NAME as it is; {name} is its value, such as Job Connect.
PROGRAM_NAME_HINT = M(
    "staff.admin.agency.program_name_hint",
    "Every text botapp starts begins with it. Leave empty to use the server's PROGRAM_NAME "
    "({name}).",
)

# TRANSLATORS: Keep PROGRAM_PHONE as it is; {phone} is its value.
PROGRAM_PHONE_HINT = M(
    "staff.admin.agency.program_phone_hint",
    "The number texts give for questions (HELP, numbers not on file). Leave empty to use the "
    "server's PROGRAM_PHONE ({phone}).",
)

# TRANSLATORS: {max} is a number; keep 988 and {setting} (such as CRISIS_REPLY_ES) as they are.
CRISIS_HINT = M(
    "staff.admin.agency.crisis_hint",
    "Sent at once, at any hour, to a client whose text speaks of a crisis: give the 988 line. "
    "At most {max} characters. Leave empty to use the server's {setting} or botapp's own text "
    "(below).",
)

# TRANSLATORS: {max} is a number.
BAD_PROGRAM_NAME = M("staff.admin.bad_program_name", "A program name is at most {max} characters")

# TRANSLATORS: {value} is what the admin typed; {languages} are codes such as "en, es".
BAD_CRISIS_LANGUAGE = M(
    "staff.admin.bad_crisis_language",
    "'{value}' is not a language botapp texts in ({languages})",
)

# TRANSLATORS: {language} is a language's name, such as Spanish; {length} and {max} are numbers.
CRISIS_TOO_LONG = M(
    "staff.admin.crisis_too_long",
    "The crisis reply in {language} has {length} characters: at most {max}, two texts' worth, "
    "so that it arrives whole",
)

# TRANSLATORS: A warning after saving: the text was saved. {language} is a language's name.
CRISIS_NO_988 = M(
    "staff.admin.crisis_no_988",
    "Check the crisis reply in {language}: it does not give 988, the Suicide & Crisis Lifeline.",
)

# TRANSLATORS: `botapp agency show`. {name} is the program's name, {phone} its number.
AGENCY_PROGRAM = M("staff.admin.agency.show_program", "program: {name}, phone {phone}")

# TRANSLATORS: `botapp agency show`. {language} is a language's name; {text} the reply.
AGENCY_CRISIS = M("staff.admin.agency.show_crisis", "crisis reply in {language}: {text}")

# TRANSLATORS: `botapp agency show`, after a value the agency did not set itself.
FROM_SERVER = M("staff.admin.agency.from_server", "{value} (the server's)")
