"""Case-record entries, in the words a specialist would write in the case file."""

from botapp.messages.catalog import M

# TRANSLATORS: Case-record line for staff. {keyword} is what the client typed.
OPT_OUT = M("note.consent.opt_out", 'Client texted "{keyword}" and was opted out of all texts.')

# TRANSLATORS: Case-record line for staff; Twilio's Advanced Opt-Out already answered.
OPT_OUT_BY_TWILIO = M(
    "note.consent.opt_out_twilio",
    'Client texted "{keyword}"; the carrier service opted them out and sent the confirmation.',
)

# TRANSLATORS: Case-record alert for staff. {keyword} is what the client typed, e.g. "don't
# text me after 8pm"; the client was not opted out and was told how to stop all texts.
PARTIAL_OPT_OUT = M(
    "note.consent.partial_opt_out",
    'Client asked to limit their texts: "{keyword}". They were not opted out; please follow up.',
)

OPT_IN = M("note.consent.opt_in", 'Client texted "{keyword}" and opted back in to texts.')

HELP = M("note.consent.help", 'Client texted "{keyword}" and was sent the help message.')

# TRANSLATORS: Case-record line for staff. {keyword} is what the client typed, e.g. "STOP
# JOBS"; event notices are the agency's job-fair and hiring-event broadcasts.
NOTICES_OFF = M(
    "note.consent.notices_off",
    'Client texted "{keyword}" and was opted out of event notices (job fairs, hiring events); '
    "reminders and check-ins continue.",
)

# TRANSLATORS: Case-record line for staff. {keyword} is what the client typed, e.g. "START JOBS".
NOTICES_ON = M(
    "note.consent.notices_on",
    'Client texted "{keyword}" and opted back in to event notices.',
)

# TRANSLATORS: Case-record line for staff: the client, opted out of every text, texted words
# about event notices ("STOP JOBS", "START JOBS"). Only START brings texts back.
NOTICES_WHILE_OPTED_OUT = M(
    "note.consent.notices_opted_out",
    'Client texted "{keyword}" about event notices while opted out of all texts; nothing was '
    "sent back, and nothing will be until they reply START.",
)

# TRANSLATORS: {language} is a language name in the reader's language, e.g. "Spanish".
LANGUAGE = M("note.consent.language", "Client asked to be texted in {language}.")

# TRANSLATORS: Case-record line; the client's text is in the message list next to it.
INBOX = M("note.inbox.message", "Client sent a message for the specialist to read.")

# TRANSLATORS: Case-record line when a text arrives while the client is opted out.
WHILE_OPTED_OUT = M(
    "note.inbox.opted_out",
    "Client texted while opted out; nothing was sent back.",
)

# TRANSLATORS: Case-record line when a text could not be delivered. {reason} is in English
# (for example "invalid phone number"); keep it as is.
DELIVERY_FAILED = M("note.delivery.failed", "A text to the client was not delivered: {reason}.")

# TRANSLATORS: An alert to the specialist: the number on file cannot get texts.
UNREACHABLE = M(
    "note.delivery.unreachable",
    "The client's phone number cannot receive texts ({reason}). Please check the number.",
)

# TRANSLATORS: Case-record line when the client's specialist leaves (is deactivated);
# {name} is the specialist's name.
UNASSIGNED = M(
    "note.staff.unassigned",
    "{name} was deactivated: the client has no specialist until one is assigned.",
)

# TRANSLATORS: A date and time in a case-record line, written as texts write them. {day} is
# like "Thu, Dec 3", {time} like "2:30 PM", {zone} a time zone name like "Central Standard
# Time".
WHEN = M("note.when", "{day} at {time} ({zone})")

# TRANSLATORS: Urgent case-record alert. {kind} is one of the crisis kinds below, in the
# reader's language. Never the client's words: they are in the message list next to it.
CRISIS = M(
    "note.crisis.alert",
    "Urgent: the client's text speaks of {kind}. They were offered 988 and 911 by text; "
    "please call them now.",
)

# TRANSLATORS: Urgent case-record alert for a client who is opted out: botapp may not text
# them, so a person must call.
CRISIS_OPTED_OUT = M(
    "note.crisis.opted_out",
    "Urgent: the client's text speaks of {kind}. The client is opted out: call; no text was sent.",
)

# TRANSLATORS: The {kind} of a crisis alert: "Urgent: the client's text speaks of {kind}."
CRISIS_SUICIDE = M("note.crisis.kind.suicide", "suicide")
CRISIS_SELF_HARM = M("note.crisis.kind.self_harm", "self-harm")
CRISIS_HARM_TO_OTHERS = M("note.crisis.kind.harm_to_others", "harming someone else")
CRISIS_ABUSE = M("note.crisis.kind.abuse", "abuse")

# TRANSLATORS: Case-record line. {name} is a staff member's name, {count} a number of texts
# that came from a phone number no client had and were put in this client's record.
INBOX_LINKED = M(
    "note.inbox.linked",
    "{name} linked texts from a number not on file to this record ({count} in all).",
)
