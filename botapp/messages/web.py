"""Texts of the staff web app (its pages read them through the `t` template global) and of
signing in: passwords, invite links and the lockout (docs/decisions/0027-staff-web-app.md)."""

from botapp.messages.catalog import MP, M, Msg

# TRANSLATORS: The staff web app's name in the page title and header. {program} is the
# agency's program name, such as "Job Connect".
APP_NAME = M("staff.web.app_name", "{program} for staff")

# TRANSLATORS: A link for keyboard and screen-reader users that jumps over the menu.
SKIP = M("staff.web.skip", "Skip to main content")

# TRANSLATORS: The name screen readers give the menu of pages.
NAV_LABEL = M("staff.web.nav_label", "Pages")

# TRANSLATORS: {name} is the staff member's full name.
SIGNED_IN_AS = M("staff.web.signed_in_as", "Signed in as {name}")

SIGN_OUT = M("staff.web.sign_out", "Sign out")

SIGNED_OUT = M("staff.web.signed_out", "You are signed out.")

SIGN_IN_TITLE = M("staff.web.sign_in.title", "Sign in")

SIGN_IN_EMAIL = M("staff.web.sign_in.email", "Email")

SIGN_IN_PASSWORD = M("staff.web.sign_in.password", "Password")

SIGN_IN_SUBMIT = M("staff.web.sign_in.submit", "Sign in")

# TRANSLATORS: Said for a wrong password and for an unknown email alike, on purpose.
SIGN_IN_WRONG = M(
    "staff.web.sign_in.wrong", "That email and password do not match. Check them and try again."
)

# TRANSLATORS: After five failed sign-ins in fifteen minutes. {count} is a number of minutes.
SIGN_IN_LOCKED = MP(
    "staff.web.sign_in.locked",
    "Too many failed sign-ins for this email. Try again in {count} minute, or ask an "
    "administrator for a new password link.",
    "Too many failed sign-ins for this email. Try again in {count} minutes, or ask an "
    "administrator for a new password link.",
)

SESSION_EXPIRED = M(
    "staff.web.session_expired", "You were signed out after a while without use. Sign in again."
)

# TRANSLATORS: A form was sent without its security token, or with an old one.
FORM_EXPIRED = M(
    "staff.web.form_expired", "This form had expired. Go back, reload the page and try again."
)

NOT_FOUND_TITLE = M("staff.web.not_found.title", "Not found")

NOT_FOUND = M(
    "staff.web.not_found", "There is nothing at this address, or it is not in your caseload."
)

BAD_REQUEST_TITLE = M("staff.web.bad_request.title", "Request refused")

TODAY_TITLE = M("staff.web.today.title", "Today")

TODAY_ESCALATIONS = M("staff.web.today.escalations", "Clients who need me")

TODAY_NONE = M("staff.web.today.none", "No client is waiting for you.")

# TRANSLATORS: Column headings of the table of escalations.
COL_NUMBER = M("staff.web.col.number", "Number")

COL_CLIENT = M("staff.web.col.client", "Client")

COL_REASON = M("staff.web.col.reason", "Reason")

COL_SEVERITY = M("staff.web.col.severity", "How soon")

COL_WAITING = M("staff.web.col.waiting", "Waiting for")

COL_STATE = M("staff.web.col.state", "State")

COL_ACTION = M("staff.web.col.action", "Action")

# TRANSLATORS: Marks an escalation nobody has acknowledged yet.
UNACKNOWLEDGED = M("staff.web.today.unacknowledged", "New: nobody has it yet")

# TRANSLATORS: {name} is the staff member holding the escalation.
HELD_BY = M("staff.web.today.held_by", "{name} has it")

ACKNOWLEDGE = M("staff.web.today.acknowledge", "Acknowledge")

# TRANSLATORS: What screen readers say for the Acknowledge button. {id} is the escalation's
# number, {client} a client's first name and last initial.
ACKNOWLEDGE_LABEL = M("staff.web.today.acknowledge_label", "Acknowledge escalation {id} ({client})")

ACKNOWLEDGED = M("staff.web.today.acknowledged", "Escalation {id} acknowledged: you have it now.")

# TRANSLATORS: The client page. {external_id} is the agency's case id, such as VR-1042.
CASE_ID = M("staff.web.client.case_id", "Case {external_id}")

CLIENT_LANGUAGE = M("staff.web.client.language", "Language")

CLIENT_SPECIALIST = M("staff.web.client.specialist", "Specialist")

CLIENT_NO_SPECIALIST = M("staff.web.client.no_specialist", "none")

CLIENT_OPTED_OUT = M(
    "staff.web.client.opted_out", "This client opted out: botapp sends them nothing."
)

CONVERSATION = M("staff.web.client.conversation", "Conversation")

# TRANSLATORS: {zone} is a time zone name such as America/Chicago.
CONVERSATION_TIMES = M("staff.web.client.times", "Times are the client's ({zone}).")

CONVERSATION_EMPTY = M("staff.web.client.empty", "No texts yet.")

# TRANSLATORS: Who a line of the conversation is from. {name} is the client's first name.
FROM_CLIENT = M("staff.web.client.from_client", "{name} wrote")

FROM_BOTAPP = M("staff.web.client.from_botapp", "Sent to the client")

CASE_NOTE = M("staff.web.client.case_note", "Case record")

# TRANSLATORS: An outbound text's delivery state, as Twilio reports it (kept in English:
# queued, sent, delivered, undelivered, failed).
DELIVERY = M("staff.web.client.delivery", "delivery: {status}")

# TRANSLATORS: Choosing a password, from an invite or reset link. {min} is a number.
PASSWORD_TITLE = M("staff.web.password.title", "Choose your password")

PASSWORD_NEW = M("staff.web.password.new", "New password")

PASSWORD_AGAIN = M("staff.web.password.again", "The same password again")

PASSWORD_HINT = M("staff.web.password.hint", "At least {min} characters.")

PASSWORD_SUBMIT = M("staff.web.password.submit", "Save my password")

PASSWORD_SAVED = M("staff.web.password.saved", "Your password is saved: sign in with it.")

PASSWORD_BAD_LINK = M(
    "staff.web.password.bad_link",
    "This link has expired or was already used. Ask an administrator for a new one.",
)

# TRANSLATORS: A password was refused. {min} and {max} are numbers of characters.
PASSWORD_LENGTH = M(
    "staff.password.length", "a password needs at least {min} and at most {max} characters"
)

PASSWORD_MISMATCH = M("staff.password.mismatch", "the two passwords differ")

# TRANSLATORS: `botapp staff set-password EMAIL` asks for the password twice.
PASSWORD_PROMPT = M("staff.password.prompt", "New password for {email}")

PASSWORD_PROMPT_AGAIN = M("staff.password.prompt_again", "The same password again")

PASSWORD_SET = M("staff.password.set", "password set for {email}; their other sessions are ended")

# TRANSLATORS: `botapp staff invite EMAIL`. {hours} is a number.
INVITED = M(
    "staff.password.invited", "a link to choose a password, valid {hours} hours, emailed to {email}"
)

# TRANSLATORS: The invite email. {program} is the program's name, {name} the staff member's
# full name, {link} a web address, {hours} a number.
INVITE_SUBJECT = M("staff.password.invite_subject", "{program}: choose your password")

INVITE_BODY = M(
    "staff.password.invite_body",
    "Hello {name},\n\nChoose your password for the {program} staff web app at this address:\n"
    "{link}\n\nThe link works once, within {hours} hours. If you did not expect this email, "
    "ignore it: nothing changes.",
)

# The client page (botapp/web/staff/client.py).

CLIENT_PHONE = M("staff.web.client.phone", "Phone")

CLIENT_TIMEZONE = M("staff.web.client.timezone", "Time zone")

CLIENT_STATUS = M("staff.web.client.status", "Case")

CLIENT_AUTOMATED = M("staff.web.client.automated", "Automated texts")

CLIENT_RUNNING = M("staff.web.client.running", "running")

# TRANSLATORS: {when} is a date and time.
CLIENT_PAUSED_BY_STAFF = M("staff.web.client.paused_by_staff", "paused by staff since {when}")

CLIENT_HELD_BY_ESCALATION = M(
    "staff.web.client.held_by_escalation", "held while an escalation is unresolved"
)

PAUSE = M("staff.web.client.pause", "Pause automated texts")

PAUSE_NOTE = M("staff.web.client.pause_note", "Why (for the case record, optional)")

RESUME = M("staff.web.client.resume", "Resume automated texts")

CONSENT_HISTORY = M("staff.web.client.consent", "Consent history")

CONSENT_NONE = M("staff.web.client.consent_none", "No consent events: the client is opted in.")

# TRANSLATORS: Column headings of the consent history: when, what happened, the words the
# client sent (a keyword such as STOP), and how it was recorded.
COL_WHEN = M("staff.web.col.when", "When")

COL_EVENT = M("staff.web.col.event", "Event")

COL_WORDS = M("staff.web.col.words", "Words")

COL_METHOD = M("staff.web.col.method", "How")

# TRANSLATORS: Who a line of the conversation is from: a staff member ({name}: full name).
FROM_STAFF = M("staff.web.client.from_staff", "{name} wrote to the client")

# TRANSLATORS: Why a text was not delivered. {reason} is a short reason in English from the
# delivery rules ("invalid phone number"), {code} Twilio's error number.
NOT_DELIVERED = M("staff.web.client.not_delivered", "Not delivered: {reason} (Twilio error {code})")

NOT_DELIVERED_NO_CODE = M("staff.web.client.not_delivered_no_code", "Not delivered: {reason}")

# TRANSLATORS: {count} is a number of texts.
SHOWING_LATEST = M("staff.web.client.showing_latest", "Showing the latest {count} texts.")

SHOW_EARLIER = M("staff.web.client.show_earlier", "Show earlier texts")

SHOW_LATEST = M("staff.web.client.show_latest", "Back to the latest texts")

CASE_NOTES = M("staff.web.client.case_notes", "Case notes")

NOTES_NONE = M("staff.web.client.notes_none", "No case notes yet.")

APPOINTMENTS = M("staff.web.client.appointments", "Appointments")

APPOINTMENTS_NONE = M("staff.web.client.appointments_none", "No appointments.")

# TRANSLATORS: Column headings of the appointments, goal steps and placements tables.
COL_WHAT = M("staff.web.col.what", "What")

COL_WHERE = M("staff.web.col.where", "Where")

COL_STEP = M("staff.web.col.step", "Step")

COL_RESPONSIBLE = M("staff.web.col.responsible", "Who does it")

COL_DUE = M("staff.web.col.due", "Due")

COL_PROGRESS = M("staff.web.col.progress", "Progress")

COL_EMPLOYER = M("staff.web.col.employer", "Employer")

COL_JOB = M("staff.web.col.job", "Job")

COL_STARTED = M("staff.web.col.started", "Started")

COL_FOLLOW_UPS = M("staff.web.col.follow_ups", "Follow-ups")

# TRANSLATORS: Column heading: a goal step's or a placement's id (the import's step_id or
# external_id, or "web-…" for one added on the web), which staff commands take.
COL_ID = M("staff.web.col.id", "ID")

GOALS = M("staff.web.client.goals", "IPE goals and steps")

GOALS_NONE = M("staff.web.client.goals_none", "No IPE goal yet.")

# TRANSLATORS: {title} is the goal's title as the specialist wrote it.
GOAL = M("staff.web.client.goal", "Goal: {title}")

# TRANSLATORS: {count} is how many check-ins in a row the client did not answer.
MISSED_CHECKINS = M("staff.web.client.missed_checkins", "check-ins unanswered in a row: {count}")

PLACEMENTS = M("staff.web.client.placements", "Placements")

PLACEMENTS_NONE = M("staff.web.client.placements_none", "No placements.")

# TRANSLATORS: One rung of a placement's follow-up ladder. {day} is a number of days after the
# start, {on} a date, {state} where it stands (pending, done, cancelled, held).
FOLLOW_UP_RUNG = M("staff.web.client.follow_up_rung", "day {day} ({on}): {state}")

REPLY = M("staff.web.client.reply", "Answer the client")

REPLY_LABEL = M("staff.web.client.reply_label", "Your text")

REPLY_SEND = M("staff.web.client.reply_send", "Send")

REPLY_COUNT = M("staff.web.client.reply_count", "Count")

# TRANSLATORS: Under the reply box, updated as one types. {chars} and {segments} are numbers,
# {encoding} "GSM-7" or "UCS-2" (the SMS alphabet; UCS-2 costs more segments).
REPLY_COUNTER = M(
    "staff.web.client.reply_counter",
    "{chars} characters · {encoding} · {segments} segments",
)

# TRANSLATORS: {time} is the client's local time, {name} their first name.
REPLY_QUIET = M(
    "staff.web.client.reply_quiet",
    "It is {time} for {name}: their quiet hours. A text from you still goes at once.",
)

REPLY_REFUSED_OPTED_OUT = M(
    "staff.web.client.reply_opted_out",
    "Not sent: this client opted out of texts, so botapp sends them nothing.",
)

REPLY_EMPTY = M("staff.web.client.reply_empty", "Not sent: write a text first.")

# TRANSLATORS: {count} and {max} are numbers of characters.
REPLY_TOO_LONG = M(
    "staff.web.client.reply_too_long",
    "Not sent: a text holds at most {max} characters, not {count}.",
)

# TRANSLATORS: {name} is the client's first name.
REPLY_SENT = M("staff.web.client.reply_sent", "Your text to {name} is on its way.")

EXPORT = M("staff.web.client.export", "Export this record")

EXPORT_CSV = M("staff.web.client.export_csv", "Texts as CSV")

EXPORT_JSON = M("staff.web.client.export_json", "Texts as JSON")

# TRANSLATORS: Where an appointment, an IPE step, a placement or a follow-up stands, shown in
# the client page's tables.
STATES: dict[str, Msg] = {
    "scheduled": M("staff.web.state.scheduled", "scheduled"),
    "confirmed": M("staff.web.state.confirmed", "confirmed"),
    "cancelled": M("staff.web.state.cancelled", "cancelled"),
    "reschedule_requested": M("staff.web.state.reschedule_requested", "asked to reschedule"),
    "attended": M("staff.web.state.attended", "attended"),
    "missed": M("staff.web.state.missed", "missed"),
    "not_started": M("staff.web.state.not_started", "not started"),
    "working": M("staff.web.state.working", "working on it"),
    "done": M("staff.web.state.done", "done"),
    "needs_help": M("staff.web.state.needs_help", "needs help"),
    "active": M("staff.web.state.active", "active"),
    "ended": M("staff.web.state.ended", "ended"),
    "retained": M("staff.web.state.retained", "retained 90 days"),
    "closed": M("staff.web.state.closed", "closed"),
    "pending": M("staff.web.state.pending", "to come"),
    "held": M("staff.web.state.held", "held by a pause"),
    "failed": M("staff.web.state.failed", "failed"),
}

# TRANSLATORS: Kinds of consent event in the client page's consent history.
CONSENT_KINDS: dict[str, Msg] = {
    "opt_out": M("staff.web.consent.opt_out", "opted out"),
    "partial_opt_out": M("staff.web.consent.partial_opt_out", "asked for fewer texts"),
    "opt_in": M("staff.web.consent.opt_in", "opted in"),
    "help": M("staff.web.consent.help", "asked for help"),
    "language": M("staff.web.consent.language", "changed language"),
}

# TRANSLATORS: A consent event about some texts only, in the client page's consent history:
# {event} is one of the events above ("opted out"), {scope} one of the scopes below.
CONSENT_SCOPED = M("staff.web.consent.scoped", "{event}: {scope} only")

# TRANSLATORS: What a consent event was about, when not every text (see above).
CONSENT_SCOPES: dict[str, Msg] = {
    "broadcast": M("staff.web.consent.scope.broadcast", "event notices"),
}

# TRANSLATORS: Under the client's name when they stopped event notices alone (STOP JOBS).
CLIENT_NOTICES_OFF = M(
    "staff.web.client.notices_off",
    "This client stopped event notices (job fairs, hiring events); reminders and check-ins "
    "continue.",
)

# TRANSLATORS: Why Twilio could not deliver a text, by its error code, in a few plain words
# (the client page's transcript).
FAILURES: dict[str, Msg] = {
    "21610": M("staff.web.failure.21610", "the client had replied STOP"),
    "21211": M("staff.web.failure.21211", "the phone number is not valid"),
    "21614": M("staff.web.failure.21614", "this number cannot receive texts"),
    "30005": M("staff.web.failure.30005", "the number is unknown or no longer in service"),
    "30006": M("staff.web.failure.30006", "a landline, or a carrier that cannot be reached"),
    "21408": M("staff.web.failure.21408", "our account may not text this region"),
    "21606": M("staff.web.failure.21606", "our sending number cannot send texts"),
    "20003": M("staff.web.failure.20003", "Twilio refused our credentials"),
    "30003": M("staff.web.failure.30003", "the phone was off or out of reach"),
    "30007": M("staff.web.failure.30007", "the carrier filtered it as possible spam"),
    "30036": M("staff.web.failure.30036", "it waited too long to be sent"),
}
