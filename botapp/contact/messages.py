"""The monthly contact check: the text to a quiet client, and the case-record line when no
answer comes."""

from botapp.messages.catalog import M

# TRANSLATORS: A friendly monthly text to a client who has not written in a while. Any reply
# is welcome, so do not ask for a number or a keyword. Must stay under 160 characters.
ASK = M(
    "sms.contact.ask",
    "Hi {first_name}, checking in from {program}. How are things going? Reply anytime. "
    "Your specialist reads every message.",
)

# TRANSLATORS: Case-record line: the monthly contact text got no answer within a day.
NOTE_NO_REPLY = M(
    "note.contact.no_reply",
    "Client did not reply to the monthly check-in text; a call may be needed to keep in contact.",
)
