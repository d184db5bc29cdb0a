"""Texts of the staff web app's plan forms: creating, moving and cancelling an appointment,
adding a goal step and recording a placement from the client page (botapp/web/staff/plans.py)."""

from botapp.messages.catalog import MP, M

# TRANSLATORS: Heading of the client page's part with the links that change the client's plan.
SECTION = M("staff.web.plans.section", "Change the plan")

NEW_APPOINTMENT = M("staff.web.plans.new_appointment", "New appointment")

ADD_STEP = M("staff.web.plans.add_step", "Add a goal step")

RECORD_PLACEMENT = M("staff.web.plans.record_placement", "Record a placement")

UPCOMING = M("staff.web.plans.upcoming", "Coming appointments")

NO_UPCOMING = M("staff.web.plans.no_upcoming", "No appointments coming.")

# TRANSLATORS: One coming appointment. {kind} is like "Job interview", {when} a date and time.
APPOINTMENT_LINE = M("staff.web.plans.appointment_line", "{kind}, {when}, at {place}")

MOVE = M("staff.web.plans.move", "Move")

CANCEL = M("staff.web.plans.cancel", "Cancel")

# TRANSLATORS: What a screen reader says for the Move link. {kind} like "Job interview".
MOVE_LABEL = M("staff.web.plans.move_label", "Move the appointment: {kind}, {when}")

# TRANSLATORS: What a screen reader says for the Cancel link, and the cancel page's heading.
CANCEL_LABEL = M("staff.web.plans.cancel_label", "Cancel the appointment: {kind}, {when}")

# TRANSLATORS: {name} is the client's full name.
NEW_APPOINTMENT_TITLE = M("staff.web.plans.new_appointment_title", "New appointment for {name}")

NEW_STEP_TITLE = M("staff.web.plans.new_step_title", "New goal step for {name}")

NEW_PLACEMENT_TITLE = M("staff.web.plans.new_placement_title", "New placement for {name}")

# TRANSLATORS: {zone} is a time zone name such as America/Chicago.
ZONE_HINT = M("staff.web.plans.zone_hint", "Dates and times are the client's, in {zone}.")

# TRANSLATORS: Above a form sent with mistakes; each field says what to change next to it.
FORM_PROBLEMS = M("staff.web.plans.form_problems", "Some fields need a change: see below.")

BACK = M("staff.web.plans.back", "Back to {name}")

KIND = M("staff.web.plans.kind", "Kind")

# TRANSLATORS: The kinds of appointment, as staff choose them in a list.
KINDS = {
    "specialist": M("staff.web.plans.kind.specialist", "Meeting with the specialist"),
    "interview": M("staff.web.plans.kind.interview", "Job interview"),
    "job_fair": M("staff.web.plans.kind.job_fair", "Job fair"),
    "benefits_orientation": M("staff.web.plans.kind.benefits_orientation", "Benefits orientation"),
    "other": M("staff.web.plans.kind.other", "Other appointment"),
}

DATE = M("staff.web.plans.date", "Date")

TIME = M("staff.web.plans.time", "Time")

NEW_DATE = M("staff.web.plans.new_date", "New date")

NEW_TIME = M("staff.web.plans.new_time", "New time")

PLACE = M("staff.web.plans.place", "Place")

ASK_ATTENDANCE = M("staff.web.plans.ask_attendance", "Ask the client afterwards whether they went")

SAVE_APPOINTMENT = M("staff.web.plans.save_appointment", "Add the appointment")

SAVE_MOVE = M("staff.web.plans.save_move", "Move the appointment")

SAVE_CANCEL = M("staff.web.plans.save_cancel", "Cancel the appointment")

# TRANSLATORS: On the cancel page: a client who had a reminder gets a text saying so.
CANCEL_HINT = M(
    "staff.web.plans.cancel_hint",
    "Its reminders are withdrawn. A client who was already reminded of it gets a text.",
)

# TRANSLATORS: On the move page: a client who had a reminder gets a text with the new time.
MOVE_HINT = M(
    "staff.web.plans.move_hint",
    "Reminders are planned for the new time. A client who was already reminded gets a text "
    "with the new time.",
)

GOAL = M("staff.web.plans.goal", "Goal")

GOAL_HINT = M(
    "staff.web.plans.goal_hint", "The title of one of the client's goals adds the step to it."
)

STEP = M("staff.web.plans.step", "Step, in plain words")

RESPONSIBLE = M("staff.web.plans.responsible", "Who does it")

# TRANSLATORS: Who carries out an IPE goal step.
RESPONSIBLES = {
    "client": M("staff.web.plans.responsible.client", "The client"),
    "specialist": M("staff.web.plans.responsible.specialist", "The specialist"),
    "provider": M("staff.web.plans.responsible.provider", "A provider"),
}

DUE = M("staff.web.plans.due", "Due date (optional)")

CADENCE = M("staff.web.plans.cadence", "Check in every how many days")

# TRANSLATORS: {days} is the default number of days between check-in texts.
CADENCE_HINT = M(
    "staff.web.plans.cadence_hint",
    "Only the client's own steps get check-in texts. Empty: every {days} days.",
)

SAVE_STEP = M("staff.web.plans.save_step", "Add the step")

EMPLOYER = M("staff.web.plans.employer", "Employer")

JOB_TITLE = M("staff.web.plans.job_title", "Job title")

START_DATE = M("staff.web.plans.start_date", "First day of work")

HOURS = M("staff.web.plans.hours", "Hours per week (optional)")

WAGE = M("staff.web.plans.wage", "Hourly wage in dollars (optional)")

CONTACT = M("staff.web.plans.contact", "Employer contact (optional)")

MAY_CONTACT = M("staff.web.plans.may_contact", "The client allows us to contact the employer")

SAVE_PLACEMENT = M("staff.web.plans.save_placement", "Record the placement")

# Errors, shown next to the field.

ERR_REQUIRED = M("staff.web.plans.error.required", "Fill this in.")

# TRANSLATORS: {max} is a number of characters.
ERR_TOO_LONG = M("staff.web.plans.error.too_long", "At most {max} characters.")

ERR_KIND = M("staff.web.plans.error.kind", "Choose one of the kinds in the list.")

ERR_DATE = M("staff.web.plans.error.date", "Write a date such as 2026-03-05 (year-month-day).")

ERR_TIME = M("staff.web.plans.error.time", "Write a time such as 14:30 (24-hour clock).")

ERR_PAST = M("staff.web.plans.error.past", "That time has passed: choose a later one.")

ERR_DUE_PAST = M("staff.web.plans.error.due_past", "That day has passed: choose a later one.")

ERR_RESPONSIBLE = M("staff.web.plans.error.responsible", "Choose who does it from the list.")

# TRANSLATORS: {max} is a number of days.
ERR_CADENCE = M("staff.web.plans.error.cadence", "A whole number of days from 1 to {max}.")

# TRANSLATORS: {max} is a number of hours.
ERR_HOURS = M("staff.web.plans.error.hours", "A whole number of hours from 1 to {max}.")

ERR_WAGE = M("staff.web.plans.error.wage", "An amount in dollars such as 15.50.")

ERR_CLOSED = M(
    "staff.web.plans.error.closed",
    "This appointment is cancelled or over: it can no longer be changed.",
)

# Flash messages after a change.

# TRANSLATORS: {kind} like "Job interview"; {when} a date and time, {zone} its time zone.
ADDED = M("staff.web.plans.added", "Appointment added: {kind}, {when} ({zone}).")

MOVED = M("staff.web.plans.moved", "Appointment moved: {kind}, now {when} ({zone}).")

CANCELLED = M("staff.web.plans.cancelled", "Appointment cancelled: {kind}, {when} ({zone}).")

# TRANSLATORS: {goal} is the title of the client's employment goal.
STEP_ADDED = M("staff.web.plans.step_added", 'Goal step added to "{goal}".')

# TRANSLATORS: {count} follow-up texts were planned for the placement.
PLACEMENT_RECORDED = MP(
    "staff.web.plans.placement_recorded",
    "Placement recorded: {job_title} at {employer}; {count} follow-up planned.",
    "Placement recorded: {job_title} at {employer}; {count} follow-ups planned.",
)
