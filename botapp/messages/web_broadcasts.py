"""Texts of the staff web app's broadcast pages: the list, the composer, the preview with its
send, schedule and cancel buttons, the live figures, and the templates
(botapp/web/staff/broadcasts.py). The preview's figures reuse the command's lines
(botapp/broadcasts/messages.py)."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: The menu entry and heading of the page listing job-fair and event notices.
TITLE = M("staff.web.broadcasts.title", "Broadcasts")

NEW = M("staff.web.broadcasts.new", "New broadcast")

TEMPLATES = M("staff.web.broadcasts.templates", "Templates")

COL_NAME = M("staff.web.broadcasts.col.name", "Name")
COL_STATUS = M("staff.web.broadcasts.col.status", "Status")
COL_OFFICE = M("staff.web.broadcasts.col.office", "Office")
COL_WHEN = M("staff.web.broadcasts.col.when", "When")
COL_RECIPIENTS = M("staff.web.broadcasts.col.recipients", "Recipients")
COL_SENT = M("staff.web.broadcasts.col.sent", "Sent")
COL_DELIVERED = M("staff.web.broadcasts.col.delivered", "Delivered")
COL_FAILED = M("staff.web.broadcasts.col.failed", "Failed")
# TRANSLATORS: Column of clients who answered they are coming to the event.
COL_COMING = M("staff.web.broadcasts.col.coming", "Coming")
# TRANSLATORS: Column of clients coming who asked for an accommodation (interpreter, ASL...).
COL_ACCOMMODATION = M("staff.web.broadcasts.col.accommodation", "Need an accommodation")

# Composing.

# TRANSLATORS: {id} is the broadcast's number.
EDIT_TITLE = M("staff.web.broadcasts.edit_title", "Edit broadcast {id}")
NAME = M("staff.web.broadcasts.name", "Name (staff see it, clients do not)")
# TRANSLATORS: {language} is a language's name, such as "Spanish".
TEXT_IN = M("staff.web.broadcasts.text_in", "Text in {language}")
# TRANSLATORS: {placeholders} lists names in braces such as {event}; keep them as they are.
TEXT_HINT = M(
    "staff.web.broadcasts.text_hint",
    "Leave it empty to send the default language's text instead. It may name {placeholders}; "
    "the preview shows it as clients receive it, with the reply lines added.",
)
# TRANSLATORS: Counter under a text box, as one types. Keep {chars} {encoding} {segments}.
COUNTER = M(
    "staff.web.broadcasts.counter",
    "As typed: {chars} characters · {encoding} · {segments} segments",
)
START_FROM = M("staff.web.broadcasts.start_from", "Start from a template")
USE_TEMPLATE = M("staff.web.broadcasts.use_template", "Use its texts")
DEFAULT_LANGUAGE = M(
    "staff.web.broadcasts.default_language",
    "Default language (clients whose language has no text get this one)",
)
WHO = M("staff.web.broadcasts.who", "Who gets it")
OFFICES = M("staff.web.broadcasts.offices", "Offices (none chosen: every office you manage)")
SPECIALISTS = M("staff.web.broadcasts.specialists", "Clients of (none chosen: anyone's)")
STATUSES = M("staff.web.broadcasts.statuses", "Client status")
LANGUAGES = M("staff.web.broadcasts.languages", "Client language (none chosen: any)")
LIST_HINT = M("staff.web.broadcasts.list_hint", "Separate several with commas; any of them.")
TAGS = M("staff.web.broadcasts.tags", "Tags")
ZIPS = M("staff.web.broadcasts.zips", "ZIP codes")
COUNTIES = M("staff.web.broadcasts.counties", "Counties")
OPEN_GOAL = M("staff.web.broadcasts.open_goal", "Has an open IPE goal step")
ACTIVE_PLACEMENT = M("staff.web.broadcasts.active_placement", "Has an active placement")
EITHER = M("staff.web.broadcasts.either", "Either")
YES = M("staff.web.broadcasts.yes", "Yes")
NO = M("staff.web.broadcasts.no", "No")
SKIP_QUESTIONS = M(
    "staff.web.broadcasts.skip_questions", "Skip clients whose answer to a question we await"
)
SKIP_ESCALATIONS = M(
    "staff.web.broadcasts.skip_escalations", "Skip clients with an open escalation"
)
SKIP_TEXTED = M(
    "staff.web.broadcasts.skip_texted",
    "Skip clients texted a broadcast in the last … days (empty: nobody skipped)",
)
EVENT = M("staff.web.broadcasts.event", "The event (optional)")
EVENT_NAME = M("staff.web.broadcasts.event_name", "Event")
EVENT_PLACE = M("staff.web.broadcasts.event_place", "Place")
EVENT_ADDRESS = M("staff.web.broadcasts.event_address", "Address")
DATE = M("staff.web.broadcasts.date", "Date")
TIME = M("staff.web.broadcasts.time", "Time")
TIMEZONE = M("staff.web.broadcasts.timezone", "Timezone of the date and times")
ASK_RSVP = M(
    "staff.web.broadcasts.ask_rsvp",
    "Ask who is coming (1 yes, 2 no, 3 coming and need an accommodation)",
)
DEADLINE_DATE = M("staff.web.broadcasts.deadline_date", "Answers until: date (empty: the event)")
DEADLINE_TIME = M("staff.web.broadcasts.deadline_time", "Answers until: time")
ORGANISER = M(
    "staff.web.broadcasts.organiser",
    "Organiser's email, told of accommodation requests (empty: you)",
)
SAVE = M("staff.web.broadcasts.save", "Save and preview")
ERR_NUMBER = M("staff.web.broadcasts.err_number", "Give a whole number from 1 to 365.")
ERR_DATE = M("staff.web.broadcasts.err_date", "Give a date as YYYY-MM-DD.")
ERR_TIME = M("staff.web.broadcasts.err_time", "Give a time as HH:MM.")
ERR_BOTH = M("staff.web.broadcasts.err_both", "Give both the date and the time.")
# TRANSLATORS: {id} is the broadcast's number.
SAVED = M("staff.web.broadcasts.saved", "Broadcast {id} saved.")

# The preview and what follows it.

# TRANSLATORS: {id} is the broadcast's number, {name} what staff call it.
DETAIL_TITLE = M("staff.web.broadcasts.detail_title", "Broadcast {id}: {name}")
STATUS_LINE = M("staff.web.broadcasts.status_line", "Status: {status}")
PREVIEW = M("staff.web.broadcasts.preview", "Preview")
AS_RECEIVED = M("staff.web.broadcasts.as_received", "As received")
CHEAPER = M("staff.web.broadcasts.cheaper", "Cheaper without accents")
AUDIENCE = M("staff.web.broadcasts.audience", "Recipients")
COST_TIME = M("staff.web.broadcasts.cost_time", "Cost and time")
WARNINGS = M("staff.web.broadcasts.warnings", "Warnings")
ACTIONS = M("staff.web.broadcasts.actions", "Send it")
EDIT = M("staff.web.broadcasts.edit", "Edit")
SEND_NOW = M("staff.web.broadcasts.send_now", "Send now")
SCHEDULE = M("staff.web.broadcasts.schedule", "Schedule")
# TRANSLATORS: {zone} is a timezone name such as America/Chicago.
SCHEDULE_HINT = M("staff.web.broadcasts.schedule_hint", "Date and time in {zone}.")
CANCEL = M("staff.web.broadcasts.cancel", "Cancel the broadcast")
# TRANSLATORS: {id} is the broadcast's number, {count} how many clients it goes to.
SENT = MP(
    "staff.web.broadcasts.sent",
    "Broadcast {id} is going out to {count} client.",
    "Broadcast {id} is going out to {count} clients.",
)
# TRANSLATORS: {when} is a date and time.
SCHEDULED = M("staff.web.broadcasts.scheduled", "Broadcast {id} will start {when}.")
CANCELLED = M(
    "staff.web.broadcasts.cancelled",
    "Broadcast {id} cancelled: {went} texts had gone, {in_flight} were being sent (they may "
    "still arrive), {stopped} were stopped.",
)
ERR_START = M(
    "staff.web.broadcasts.err_start",
    "Give the date (YYYY-MM-DD) and the time (HH:MM) it should start.",
)
FIGURES = M("staff.web.broadcasts.figures", "Figures")
REFRESHED = M(
    "staff.web.broadcasts.refreshed", "The figures refresh by themselves; reload to see them now."
)
LANGUAGE = M("staff.web.broadcasts.language", "Language")
ALL = M("staff.web.broadcasts.all", "All languages")
QUEUED = M("staff.web.broadcasts.queued", "Waiting")
NOT_SENT = M("staff.web.broadcasts.not_sent", "Not sent (cancelled, opted out, expired)")
SAID_NO = M("staff.web.broadcasts.said_no", "Not coming")
FAILURES = M("staff.web.broadcasts.failures", "Why texts failed")
NO_FAILURES = M("staff.web.broadcasts.no_failures", "No text failed.")
OPTED_OUT_SINCE = MP(
    "staff.web.broadcasts.opted_out_since",
    "{count} recipient opted out since it began.",
    "{count} recipients opted out since it began.",
)
DOWNLOAD_COMING = M("staff.web.broadcasts.download_coming", "Download the coming list (CSV)")

# Templates.

TEMPLATES_TITLE = M("staff.web.broadcasts.templates_title", "Broadcast templates")
TEMPLATE_NAME = M("staff.web.broadcasts.template_name", "Template name")
SAVE_TEMPLATE = M("staff.web.broadcasts.save_template", "Save the template")
DELETE = M("staff.web.broadcasts.delete", "Delete")
# TRANSLATORS: What a screen reader says for a template's Delete button.
DELETE_LABEL = M("staff.web.broadcasts.delete_label", "Delete the template {name}")
BACK = M("staff.web.broadcasts.back", "Back to the broadcasts")
