"""Pausing a client's automated texts and giving them another specialist: the case-record lines,
the text that tells the client, and what `botapp clients` prints."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: Case-record lines for staff. {name} is a staff member's name; {note} their own
# words, left as written. "Automated texts" are reminders, check-ins and follow-ups.
PAUSED = M("note.clients.paused", "{name} paused the automated texts.")

PAUSED_WITH = M("note.clients.paused_with", "{name} paused the automated texts: {note}")

RESUMED = M("note.clients.resumed", "{name} resumed the automated texts.")

RESUMED_BY_RESOLVE = M(
    "note.clients.resumed_by_resolve",
    "No escalation is left unresolved: the automated texts held meanwhile resume.",
)

# TRANSLATORS: {old} and {new} are staff names; {old} may be "nobody" (below).
ASSIGNED = M("note.clients.assigned", "Specialist changed from {old} to {new} by {name}.")

NOBODY = M("note.clients.nobody", "nobody")

# TRANSLATORS: Texted to a client whose specialist changed. {contact} is the new specialist's
# first name only. Under 160 characters, and avoid letters outside GSM-7 where you can.
NEW_CONTACT = M(
    "sms.clients.new_contact",
    "{program}: Hi {first_name}, {contact} is your new contact here. Reply to this number anytime.",
)

# TRANSLATORS: What `botapp clients pause|resume|assign` prints. {name} is the client's name,
# {external_id} their case number, {staff} a staff name.
CMD_PAUSED = M(
    "staff.clients.paused",
    "automated texts paused for {name} ({external_id}): reminders, check-ins and follow-ups "
    "wait until resumed",
)

CMD_RESUMED = M("staff.clients.resumed", "automated texts resumed for {name} ({external_id})")

# TRANSLATORS: Staff resumed a client who still has an escalation open: the texts wait for it.
CMD_RESUMED_ESCALATED = M(
    "staff.clients.resumed_escalated",
    "staff pause lifted for {name} ({external_id}); automated texts still wait until their "
    "open escalations are resolved",
)

CMD_ASSIGNED = M("staff.clients.assigned", "{name} ({external_id}) now has {staff} as specialist")

# TRANSLATORS: {count} is a number of escalations, moved to whoever should hold them now.
CMD_MOVED = MP(
    "staff.clients.moved",
    "{count} open escalation moved to who now holds it",
    "{count} open escalations moved to who now holds them",
)

CMD_TOLD = M("staff.clients.told", "the client was texted their new contact's first name")

CMD_NOT_TOLD = M(
    "staff.clients.not_told",
    "the client was not texted: they opted out of texts",
)

# TRANSLATORS: Why `botapp clients` did nothing, in one line.
ALREADY_PAUSED = M(
    "staff.clients.error.already_paused", "automated texts are already paused for {external_id}"
)

NOT_PAUSED = M(
    "staff.clients.error.not_paused", "automated texts are not paused by staff for {external_id}"
)

ALREADY_ASSIGNED = M(
    "staff.clients.error.already_assigned", "{external_id} already has {email} as specialist"
)

SPECIALIST_INACTIVE = M(
    "staff.clients.error.inactive", "{email} is deactivated: choose someone still on staff"
)
