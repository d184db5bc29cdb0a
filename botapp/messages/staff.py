"""Texts staff read in the command line (import and export reports) and in emails to the agency."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: Import summaries. {count} is a number.
IMPORTED = MP("staff.import.done", "{count} client imported", "{count} clients imported")
UPDATED = MP("staff.import.updated", "{count} client updated", "{count} clients updated")
# TRANSLATORS: Summary of an import of records other than clients (appointments, goals, jobs).
ROWS_CREATED = MP("staff.import.rows_created", "{count} record created", "{count} records created")
ROWS_UPDATED = MP("staff.import.rows_updated", "{count} record updated", "{count} records updated")
REJECTED = MP("staff.import.rejected", "{count} row rejected", "{count} rows rejected")

# TRANSLATORS: Import of a whole file refused. {file} is a path, {reason} comes from the system.
CANNOT_READ = M("staff.import.error.cannot_read", "cannot read {file}: {reason}")

# TRANSLATORS: "CSV UTF-8" is the name of the file type in Excel's Save As menu.
NOT_UTF8 = M(
    "staff.import.error.encoding",
    'the file is not UTF-8 text (first bad character on line {line}). Save it as "CSV UTF-8" '
    "and try again. Nothing was imported.",
)

# TRANSLATORS: The CSV file has no header line at all.
EMPTY = M(
    "staff.import.error.empty",
    "the file is empty: its first line must name the columns. Nothing was imported.",
)

# TRANSLATORS: {detail} is a technical description in English from the CSV reader.
BAD_CSV = M(
    "staff.import.error.csv",
    "the file is not readable CSV (line {line}: {detail}). Nothing was imported.",
)

# TRANSLATORS: {columns} is a list of column names; keep them as they are (they are in English).
MISSING_COLUMNS = MP(
    "staff.import.error.missing_columns",
    "required column missing: {columns}. Nothing was imported.",
    "required columns missing: {columns}. Nothing was imported.",
)

# TRANSLATORS: {column} is a column name from the file's first line.
DUPLICATE_COLUMN = M(
    "staff.import.error.duplicate_column",
    "column {column} appears more than once in the first line. Nothing was imported.",
)

# TRANSLATORS: A warning; the rows are still imported. {columns} are names from the file.
UNKNOWN_COLUMNS = MP(
    "staff.import.warning.unknown_columns",
    "unknown column ignored: {columns}",
    "unknown columns ignored: {columns}",
)

# TRANSLATORS: Keep `botapp offices add NAME` as it is: it is a command.
NO_OFFICE = M(
    "staff.import.error.no_office", "no office yet: add one with `botapp offices add NAME`"
)

# TRANSLATORS: {names} is the list of existing office names.
UNKNOWN_OFFICE = M(
    "staff.import.error.unknown_office", "no office named '{name}'; offices: {names}"
)

# TRANSLATORS: Shown when the agency has several offices and none was chosen; keep --office.
OFFICE_CHOSEN = M("staff.import.office", "importing into {name} (use --office to choose another)")

# TRANSLATORS: Rejected rows. {line} counts lines as a spreadsheet does (the column names are
# line 1). {field} is a column name: keep it as it is. {value} is what the file holds.
REQUIRED = M("staff.import.error.required", "line {line}: {field} is empty")

# TRANSLATORS: {max} is a number of characters.
TOO_LONG = M("staff.import.error.too_long", "line {line}: {field} is longer than {max} characters")

# TRANSLATORS: The row has more cells than the first line has column names.
EXTRA_VALUES = M(
    "staff.import.error.extra_values",
    "line {line}: more values than columns (is a comma missing its quotes?)",
)

# TRANSLATORS: {field} is a column name. NUL is the name of an invisible character.
NUL_CHARACTER = M(
    "staff.import.error.nul",
    "line {line}: {field} holds a NUL character (invisible; some programs write it): "
    "type the value again",
)

# TRANSLATORS: {value} is the phone number as written in the file.
PHONE = M("staff.import.error.phone", "line {line}: phone '{value}' is not a valid phone number")

# TRANSLATORS: {supported} is a list of language codes such as "en, es".
LANGUAGE = M(
    "staff.import.error.language",
    "line {line}: language '{value}' is not supported (supported: {supported})",
)

# TRANSLATORS: Keep America/Chicago as it is: it is a time zone name, not a place name.
TIMEZONE = M(
    "staff.import.error.timezone",
    "line {line}: timezone '{value}' is not a time zone name such as America/Chicago",
)

# TRANSLATORS: specialist_email is a column name: keep it as it is.
SPECIALIST = M(
    "staff.import.error.specialist",
    "line {line}: specialist_email '{value}' is not the email of an active staff member",
)

# TRANSLATORS: {first} is the earlier line number holding the same value.
DUPLICATE_ID = M(
    "staff.import.error.duplicate_id",
    "line {line}: external_id '{value}' already appears on line {first}",
)

# TRANSLATORS: {phone} shows only the last four digits, e.g. +*******0142.
DUPLICATE_PHONE = M(
    "staff.import.error.duplicate_phone",
    "line {line}: phone {phone} already appears on line {first}",
)

# TRANSLATORS: {external_id} is the case number of the client who already has this phone.
PHONE_TAKEN = M(
    "staff.import.error.phone_taken",
    "line {line}: phone {phone} already belongs to client {external_id}",
)

# TRANSLATORS: {phone} shows only the last four digits; {email} is the staff member's.
PHONE_IS_STAFF = M(
    "staff.import.error.phone_is_staff",
    "phone {phone} is the work phone of staff member {email}: a client's phone must be their own",
)

# TRANSLATORS: An import row whose phone is a staff member's. {phone}, {email} as above.
ROW_PHONE_IS_STAFF = M(
    "staff.import.error.row_phone_is_staff",
    "line {line}: phone {phone} is the work phone of staff member {email}",
)

# TRANSLATORS: Export summary, shown after the file is written. {count} is a number.
EXPORTED = MP("staff.export.done", "{count} message exported", "{count} messages exported")

# TRANSLATORS: {value} is what the staff member typed after --client.
EXPORT_BAD_PHONE = M("staff.export.error.phone", "'{value}' is not a valid phone number")

# TRANSLATORS: {file} is a path, {reason} comes from the system.
CANNOT_WRITE = M("staff.export.error.cannot_write", "cannot write {file}: {reason}")

# TRANSLATORS: {phone} shows only the last four digits, e.g. +*******0142.
EXPORT_NO_CLIENT = M("staff.export.error.no_client", "no client has the phone number {phone}")

# TRANSLATORS: --by named someone who is not on staff.
NO_STAFF = M("staff.access.no_staff", "no staff member has the email {email}")

# TRANSLATORS: {role} is specialist, supervisor or admin.
NOT_ALLOWED = M("staff.access.not_allowed", "{email} ({role}) may not read this client's record")

# TRANSLATORS: Heading of a client's case record. {language} is a language name.
CASE_HEADING = M(
    "staff.case.heading",
    "{name} ({external_id}), texts in {language}, specialist: {specialist}",
)

# TRANSLATORS: Shown under the heading when the client has opted out of texts.
CASE_OPTED_OUT = M("staff.case.opted_out", "Opted out of texts: nothing will be sent.")

# TRANSLATORS: Shown under the heading when the client stopped event notices alone (STOP JOBS):
# the agency's job-fair and hiring-event broadcasts.
CASE_NOTICES_OFF = M(
    "staff.case.notices_off",
    "Opted out of event notices (job fairs, hiring events); reminders and check-ins continue.",
)

# TRANSLATORS: Under the heading of a case record. {zone} is a time zone such as
# America/Chicago, the client's.
CASE_TIMES = M("staff.case.times", "Times are the client's local time ({zone}).")

# TRANSLATORS: Shown for a client without an assigned specialist.
CASE_NO_SPECIALIST = M("staff.case.no_specialist", "none assigned")

# TRANSLATORS: After a text a staff member wrote from their own phone and botapp relayed to
# the client. {name} is the staff member's full name.
CASE_SENT_BY = M("staff.case.sent_by", "(staff: {name})")

# TRANSLATORS: `botapp inbox` needs to know which inbox; --unmatched stays in English.
INBOX_WHICH = M(
    "staff.inbox.which",
    "say which inbox: --unmatched lists texts from numbers that match no client; a client's "
    "own texts and alerts are in `botapp case PHONE`",
)

# TRANSLATORS: Heading of `botapp inbox --unmatched`. {zone} is a time zone such as
# America/Chicago; {count} is how many texts follow.
INBOX_UNMATCHED_HEADING = MP(
    "staff.inbox.unmatched.heading",
    "{count} text from numbers that match no client, newest first (times in {zone}):",
    "{count} texts from numbers that match no client, newest first (times in {zone}):",
)

# TRANSLATORS: `botapp inbox --unmatched` found nothing.
INBOX_UNMATCHED_NONE = M("staff.inbox.unmatched.none", "No texts from unknown numbers.")

# TRANSLATORS: {role} is specialist, supervisor or admin.
NOT_ALLOWED_UNMATCHED = M(
    "staff.access.not_allowed_unmatched",
    "{email} ({role}) may not read texts from unknown numbers: a supervisor or an "
    "administrator sorts them out",
)

# `botapp schedule`: what is due, when, and why.

# TRANSLATORS: Heading of the list. {count} is a number of days.
SCHEDULE_HEADING = MP(
    "staff.schedule.heading",
    "Due in the next {count} day (and anything overdue), at each client's local time:",
    "Due in the next {count} days (and anything overdue), at each client's local time:",
)

SCHEDULE_NOTHING = MP(
    "staff.schedule.nothing",
    "Nothing is due in the next {count} day.",
    "Nothing is due in the next {count} days.",
)

# TRANSLATORS: One item's first line. {when} is like "Sun, Mar 8, 10:30 AM America/Chicago".
SCHEDULE_ENTRY = M("staff.schedule.entry", "{when}: {name} ({external_id}), {phone}")

# TRANSLATORS: {quiet} is the agency's quiet hours, like "20:00-09:00"; {when} a local time.
SCHEDULE_QUIET = M(
    "staff.schedule.quiet",
    "falls in quiet hours ({quiet}): a text it sends waits until {when}",
)

# TRANSLATORS: Keep the commands as they are.
SCHEDULE_OVERDUE = M(
    "staff.schedule.overdue",
    "overdue: is the clock running (`botapp serve` or `botapp clock`)?",
)

# TRANSLATORS: An item of a kind no feature describes; {kind} is its technical name.
SCHEDULE_UNKNOWN = M("staff.schedule.unknown", "an item of kind {kind}")

SCHEDULE_COUNT = MP("staff.schedule.count", "{count} item", "{count} items")

# `botapp clock --once`: what one tick did.
CLOCK_ONCE = M(
    "staff.clock.once",
    "one tick: scheduled items run: {ran}; unanswered questions re-asked or closed: {woke}; "
    "failed: {failed}; daily contact check: {checked}",
)

# TRANSLATORS: Fills {checked} above.
CLOCK_CHECK_NOT_DUE = M("staff.clock.check_not_due", "not due")

CLOCK_CHECK_RAN = MP("staff.clock.check_ran", "{count} client texted", "{count} clients texted")

# TRANSLATORS: Email to the agency's alert address when a number not on file texts crisis
# language (someone may be at risk). Never the sender's words; {phone} shows only the last four
# digits, e.g. +*******0199; {day} and {time} when it came; {answer} is one of the two
# sentences below. "botapp inbox --unmatched" is a command: keep it as it is.
CRISIS_UNKNOWN_SUBJECT = M(
    "staff.email.crisis_unknown.subject", "Crisis language from a number not on file"
)

CRISIS_UNKNOWN_BODY = M(
    "staff.email.crisis_unknown.body",
    "A text with crisis language came from a number not on file ({phone}) on {day} at {time}. "
    "{answer} It waits in the unmatched inbox (botapp inbox --unmatched): the sender may be a "
    "client whose number changed, or someone else who needs help. Please look at it now.",
)

CRISIS_UNKNOWN_ANSWERED = M(
    "staff.email.crisis_unknown.answered",
    "The sender was texted the crisis lines (988, 911) in English and Spanish.",
)

CRISIS_UNKNOWN_OPTED_OUT = M(
    "staff.email.crisis_unknown.opted_out",
    "The number is opted out of texts, so nothing was sent to it: call if you can.",
)

# TRANSLATORS: Client import, a row's ZIP code or tag (for broadcasts). {value} is as written.
BAD_ZIP = M(
    "staff.import.error.zip",
    "line {line}: zip_code '{value}' is not a ZIP code (5 digits, or ZIP+4 such as 60601-1234)",
)
TAG_TOO_LONG = M(
    "staff.import.error.tag_too_long",
    "line {line}: the tag '{value}' is longer than {max} characters",
)
