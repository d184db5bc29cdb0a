"""Texts of the staff web app's Escalations, Inbox and Clients pages and of Today's further
sections (the templates read them as `q`; docs/decisions/0027-staff-web-app.md)."""

from botapp.messages.catalog import M

# TRANSLATORS: Page titles and menu entries of the staff web app.
ESCALATIONS_TITLE = M("staff.web.escalations.title", "Escalations")

INBOX_TITLE = M("staff.web.inbox.title", "Inbox")

CLIENTS_TITLE = M("staff.web.clients.title", "Clients")

# TRANSLATORS: Filters above a table. "Any" means the filter is not used.
FILTERS = M("staff.web.filters", "Filters")

FILTER_ANY = M("staff.web.filter.any", "Any")

FILTER_UNRESOLVED = M("staff.web.filter.unresolved", "Open or acknowledged")

FILTER_STATE = M("staff.web.filter.state", "State")

FILTER_SEVERITY = M("staff.web.filter.severity", "How soon")

FILTER_OFFICE = M("staff.web.filter.office", "Office")

FILTER_SPECIALIST = M("staff.web.filter.specialist", "Specialist")

FILTER_STATUS = M("staff.web.filter.status", "Case status")

FILTER_LANGUAGE = M("staff.web.filter.language", "Language")

FILTER_APPLY = M("staff.web.filter.apply", "Show")

ESCALATIONS_NONE = M("staff.web.escalations.none", "No escalation matches these filters.")

# TRANSLATORS: A link to an escalation's page. {id} is its number, {client} a client's first
# name and last initial.
OPEN_ESCALATION = M("staff.web.escalations.open", "Escalation {id} ({client})")

ESCALATION_TITLE = M("staff.web.escalation.title", "Escalation {id}")

NOBODY = M("staff.web.escalation.nobody", "Nobody has it")

# TRANSLATORS: Sections of an escalation's page.
REPLY = M("staff.web.escalation.reply", "Text the client")

REPLY_HINT = M(
    "staff.web.escalation.reply_hint",
    "Sent as written from the agency number, as your own words; it acknowledges the escalation.",
)

REPLY_SEND = M("staff.web.escalation.reply_send", "Send")

RESOLVE = M("staff.web.escalation.resolve", "Resolve")

OUTCOME = M("staff.web.escalation.outcome", "What was done (for the case record)")

RESOLVED = M("staff.web.escalation.resolved", "Escalation {id} resolved.")

REASSIGN = M("staff.web.escalation.reassign", "Give it to someone else")

REASSIGN_TO = M("staff.web.escalation.reassign_to", "Staff member")

REASSIGN_SUBMIT = M("staff.web.escalation.reassign_submit", "Reassign")

# TRANSLATORS: {name} is a staff member's name; they are alerted.
REASSIGNED = M(
    "staff.web.escalation.reassigned", "Escalation {id} given to {name}; they are alerted."
)

# TRANSLATORS: The unmatched inbox: texts from phone numbers that belong to no client.
INBOX_INTRO = M(
    "staff.web.inbox.intro",
    "Texts from numbers that belong to no client, newest first. Link one to its client, or "
    "dismiss it.",
)

INBOX_NONE = M("staff.web.inbox.none", "No text from an unknown number is waiting.")

COL_RECEIVED = M("staff.web.col.received", "Received")

COL_FROM = M("staff.web.col.from", "From")

COL_TEXT = M("staff.web.col.text", "Text")

LINK_CASE_ID = M("staff.web.inbox.case_id", "Case id of the client")

LINK = M("staff.web.inbox.link", "Link")

DISMISS = M("staff.web.inbox.dismiss", "Dismiss")

# TRANSLATORS: What screen readers say for the buttons. {id} is the text's number.
LINK_LABEL = M("staff.web.inbox.link_label", "Link text {id} to the client")

DISMISS_LABEL = M("staff.web.inbox.dismiss_label", "Dismiss text {id}")

# TRANSLATORS: {count} is a number of texts, {name} a client's full name.
LINKED = M("staff.web.inbox.linked", "{count} text(s) joined the record of {name}.")

DISMISSED = M("staff.web.inbox.dismissed", "The text was dismissed.")

# TRANSLATORS: {external_id} is what the staff member typed as a case id.
NO_SUCH_CASE = M(
    "staff.web.inbox.no_such_case",
    "No client you may read has the case id {external_id}: nothing was linked.",
)

INBOX_GONE = M(
    "staff.web.inbox.gone", "That text is no longer in the inbox (linked or dismissed already)."
)

# TRANSLATORS: The client search.
SEARCH = M("staff.web.clients.search", "Name, phone or case id")

SEARCH_HINT = M(
    "staff.web.clients.search_hint",
    "A last or first name finds those starting with it; a phone or case id finds that client.",
)

CLIENTS_NONE = M("staff.web.clients.none", "No client matches.")

COL_CASE_ID = M("staff.web.col.case_id", "Case id")

COL_PHONE = M("staff.web.col.phone", "Phone")

COL_LANGUAGE = M("staff.web.col.language", "Language")

COL_SPECIALIST = M("staff.web.col.specialist", "Specialist")

COL_STATUS = M("staff.web.col.status", "Case status")

STATUS_ACTIVE = M("staff.web.clients.status.active", "active")

STATUS_CLOSED = M("staff.web.clients.status.closed", "closed")

PREVIOUS = M("staff.web.page.previous", "Previous page")

NEXT = M("staff.web.page.next", "Next page")

# TRANSLATORS: Today's further sections.
TODAY_WAITING = M("staff.web.today.waiting", "Clients who wrote and wait for a person")

TODAY_WAITING_NONE = M("staff.web.today.waiting_none", "No client is waiting for an answer.")

TODAY_APPOINTMENTS = M("staff.web.today.appointments", "Appointments today and tomorrow")

TODAY_APPOINTMENTS_NONE = M(
    "staff.web.today.appointments_none", "No appointment today or tomorrow."
)

COL_WHEN = M("staff.web.col.when", "When")

COL_CONFIRMATION = M("staff.web.col.confirmation", "Confirmation")

# TRANSLATORS: An appointment's confirmation state.
APPOINTMENT_SCHEDULED = M("staff.web.appointment.scheduled", "not confirmed yet")

APPOINTMENT_CONFIRMED = M("staff.web.appointment.confirmed", "confirmed")

APPOINTMENT_RESCHEDULE = M("staff.web.appointment.reschedule", "asks to reschedule")

TODAY_QUIET = M("staff.web.today.quiet", "No two-way exchange in 30 days")

TODAY_QUIET_NONE = M("staff.web.today.quiet_none", "Every client wrote within 30 days.")

TODAY_UNREACHABLE = M("staff.web.today.unreachable", "Numbers that could not be reached")

TODAY_UNREACHABLE_NONE = M("staff.web.today.unreachable_none", "Every number could be reached.")

TODAY_FILTER = M("staff.web.today.filter", "Show the clients of")

TODAY_EVERYONE = M("staff.web.today.everyone", "Everyone in my office")
