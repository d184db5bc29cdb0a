"""Post-placement follow-up: the texts a client gets, the case-record lines staff read, and what
the `botapp placements` and `import placements` commands print.

Client texts name the employer and nothing else about the job: no wages, no services, and no
health detail beyond the one word the client picked themselves.
"""

from botapp.messages.catalog import MP, M

# TRANSLATORS: A check-in after the client started a job. Keep the numbers 1, 2 and 3 and the
# order of the answers. {employer} is a business name. Under 160 characters.
ASK = M(
    "sms.placements.ask",
    "{program}: Hi {first_name}, how is work going at {employer}? "
    "Reply 1 Great, 2 OK, 3 Having problems",
)

# TRANSLATORS: Reply to "1 Great". Warm and short; asks nothing.
THANKS_GREAT = M(
    "sms.placements.thanks_great",
    "That is great to hear, {first_name}. Thanks for letting us know!",
)

# TRANSLATORS: Reply to "2 OK". Short; invites a text if things change.
THANKS_OK = M(
    "sms.placements.thanks_ok",
    "Thanks, {first_name}. If anything changes at work, just text us.",
)

# TRANSLATORS: Asked after "3 Having problems". Keep the numbers 1 to 6 and their order.
# Keep it neutral: the client picks a word, nothing more is asked.
PROBLEM_ASK = M(
    "sms.placements.problem_ask",
    "What kind of problem? Reply 1 Schedule, 2 Supervisor or co-workers, 3 Transportation, "
    "4 Pay, 5 Health, 6 Something else",
)

# TRANSLATORS: Sent after the client named the kind of problem. A person will call or text.
PROBLEM_ACK = M(
    "sms.placements.problem_ack",
    "Thanks for telling us, {first_name}. Your specialist will reach out to you soon.",
)

# TRANSLATORS: Sent when the client says they quit or lost their job. Kind, no judgement.
ENDED_ACK = M(
    "sms.placements.ended_ack",
    "Thank you for letting us know, {first_name}. Your specialist will contact you soon "
    "to talk about what comes next.",
)

# TRANSLATORS: Case-record lines for staff. {employer} is a business name, {day} a number of
# days since the job started, dates are written YYYY-MM-DD.
STARTED = M(
    "note.placements.started",
    "Placement recorded: {job_title} at {employer} from {date}. "
    "Follow-up texts planned on days {days}.",
)
GREAT = M(
    "note.placements.great", "Day {day} follow-up: client says work at {employer} is going great."
)
OK = M("note.placements.ok", "Day {day} follow-up: client says work at {employer} is going OK.")
NO_REPLY = M(
    "note.placements.no_reply",
    "Day {day} follow-up: client did not answer about work at {employer}.",
)

# TRANSLATORS: Alerts for the specialist. Each names only the kind of problem the client picked.
PROBLEMS = {
    "schedule": M(
        "note.placements.problem.schedule",
        "Day {day} follow-up: client reports a problem at {employer}, kind: schedule. "
        "Please reach out.",
    ),
    "people": M(
        "note.placements.problem.people",
        "Day {day} follow-up: client reports a problem at {employer}, "
        "kind: supervisor or co-workers. Please reach out.",
    ),
    "transportation": M(
        "note.placements.problem.transportation",
        "Day {day} follow-up: client reports a problem at {employer}, kind: transportation. "
        "Please reach out.",
    ),
    "pay": M(
        "note.placements.problem.pay",
        "Day {day} follow-up: client reports a problem at {employer}, kind: pay. Please reach out.",
    ),
    "health": M(
        "note.placements.problem.health",
        "Day {day} follow-up: client reports a problem at {employer}, kind: health. "
        "Please reach out.",
    ),
    "other": M(
        "note.placements.problem.other",
        "Day {day} follow-up: client reports a problem at {employer}, kind: something else. "
        "Please reach out.",
    ),
}
PROBLEM_UNSAID = M(
    "note.placements.problem.unsaid",
    "Day {day} follow-up: client reports a problem at {employer} but did not say what kind. "
    "Please reach out.",
)

# TRANSLATORS: Alerts when the client texts that a job ended; their text is next to it.
ENDED = {
    "quit": M(
        "note.placements.ended.quit",
        "Client texted that they quit their job at {employer}. "
        "Follow-ups stopped; please contact them.",
    ),
    "let_go": M(
        "note.placements.ended.let_go",
        "Client texted that they were let go from {employer} (fired or laid off). "
        "Follow-ups stopped; please contact them.",
    ),
    "ended": M(
        "note.placements.ended.ended",
        "Client texted that they no longer work at {employer}. "
        "Follow-ups stopped; please contact them.",
    ),
}

# TRANSLATORS: Keep `botapp placements end` as it is: it is a command.
ENDED_WHICH = M(
    "note.placements.ended.which",
    "Client texted that a job ended, but several placements are active ({employers}). "
    "Please contact them and end the right one with `botapp placements end`.",
)
ENDED_BY_STAFF = M(
    "note.placements.ended.staff",
    "Placement at {employer} marked ended on {date} ({reason}). Follow-ups stopped.",
)

# TRANSLATORS: The 90-day outcome (34 CFR 361.56). Keep the warning: a text is not proof of pay.
RETAINED = M(
    "note.placements.retained",
    "90 days employed at {employer} since {date}: case may close as employed. "
    "No job loss was reported by text; that is a lead, not verified wages: "
    "confirm employment before closing.",
)

# TRANSLATORS: {reason} is what the staff member typed.
CLOCK_RESTARTED = M(
    "note.placements.clock_restarted",
    "New service authorised on {date} ({reason}): the 90 days at {employer} count again "
    "from that day and end on {end}.",
)

# What the placements commands and import tell staff.

# TRANSLATORS: Command output for staff. {external_id} is a placement's id from the CSV.
CLOCK_RESTARTED_CMD = MP(
    "staff.placements.clock_restarted",
    "placement {external_id}: the 90 days count from {date} and end on {end}; "
    "{count} follow-up scheduled",
    "placement {external_id}: the 90 days count from {date} and end on {end}; "
    "{count} follow-ups scheduled",
)
ENDED_CMD = MP(
    "staff.placements.ended",
    "placement {external_id} marked ended; {count} follow-up withdrawn",
    "placement {external_id} marked ended; {count} follow-ups withdrawn",
)
NOT_FOUND = M("staff.placements.error.not_found", "no placement has external_id '{external_id}'")
NOT_ACTIVE = M(
    "staff.placements.error.not_active",
    "placement {external_id} is no longer active (it ended, or reached 90 days): nothing changed",
)
# TRANSLATORS: Keep --on as it is: it is an option of the command.
NOT_LATER = M(
    "staff.placements.error.not_later",
    "the 90 days of placement {external_id} already count from {date}: --on must be a later day",
)

# TRANSLATORS: Rejected rows of a placements CSV. Keep column names as they are.
NO_CLIENT = M(
    "staff.placements.import.no_client",
    "line {line}: client_external_id '{value}' is not the external_id of any client",
)
OTHER_CLIENT = M(
    "staff.placements.import.other_client",
    "line {line}: placement '{value}' belongs to client {owner}, not {given}",
)
DATE = M(
    "staff.placements.import.date",
    "line {line}: {field} '{value}' is not a date written as YYYY-MM-DD",
)
HOURS = M(
    "staff.placements.import.hours",
    "line {line}: hours_per_week '{value}' is not a whole number from 1 to {max}",
)
WAGE = M(
    "staff.placements.import.wage",
    "line {line}: hourly_wage '{value}' is not an amount such as 15.50",
)
YES_NO = M(
    "staff.placements.import.yes_no",
    "line {line}: may_contact_employer '{value}' is not yes or no",
)

# What a placements import scheduled for each job it added or whose start date it moved.
# {days} is a list of day numbers like "7, 14, 30"; {when} a time where the client lives,
# like "Mon, Mar 9, 10:00 AM America/Chicago".
SCHEDULED = M(
    "staff.placements.import.scheduled",
    "line {line}: follow-ups on days {days} after the start, the first {when}",
)
# TRANSLATORS: A job recorded late: the follow-ups whose dates have passed are not sent.
SKIPPED_PAST = MP(
    "staff.placements.import.skipped_past",
    "line {line}: no follow-up on day {days}: its date has passed (the job started {date})",
    "line {line}: no follow-up on days {days}: their dates have passed (the job started {date})",
)

# What `botapp schedule` says a placement's item will do.
ITEM_FOLLOW_UP = M(
    "staff.schedule.placements.follow_up", "day {day} follow-up on the job at {employer}"
)
# TRANSLATORS: Day 90 also records whether the client kept the job.
ITEM_RETENTION = M(
    "staff.schedule.placements.retention",
    "day {day} follow-up on the job at {employer}; records the job as kept if it is still held",
)
ITEM_GONE = M("staff.schedule.placements.gone", "a placement that no longer exists (no text)")
