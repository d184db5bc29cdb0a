"""What broadcasts say: to clients (the RSVP question, how to stop event notices, the answers
to their replies, the day-before reminder), to staff (previews, reports) and on the command
line."""

from botapp.messages.catalog import M

# TRANSLATORS: Added under a job-fair or hiring-event notice when the event asks who is
# coming. Keep the numbers 1, 2 and 3 and their meanings; an accommodation is help to take
# part (an interpreter, ASL, an accessible entrance, a ride). Avoid accents outside GSM-7 if
# you can: one such letter doubles the cost of every notice.
RSVP_QUESTION = M(
    "sms.broadcast.rsvp_question",
    "Coming? Reply 1 for yes, 2 for no, 3 if you are coming and need an accommodation "
    "(interpreter, ASL, accessible entrance, ride).",
)

# TRANSLATORS: The last line of every job-fair or event notice. Name the words that stop
# event notices in your language exactly as botapp understands them (for Spanish "NO MAS
# AVISOS", written without the accent so the text stays in the cheaper GSM-7 alphabet).
OPT_OUT_HINT = M("sms.broadcast.opt_out_hint", "Reply STOP JOBS to stop event notices.")
