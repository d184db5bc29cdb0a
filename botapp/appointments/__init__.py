"""Appointment reminders: confirm, cancel or change the time, then "did you make it?".

`flow.py` starts the questions when their scheduled items fall due; `reminder.py` and
`attendance.py` are the two step tables (diagram: `flow.md`); `timing.py` when texts fall due;
`service.py` adding, moving and cancelling; `texts.py` what a text says about an appointment;
`replies.py` the answers understood; `importer.py` the CSV import; `messages.py` the catalog;
`cli.py` `botapp import appointments`.
"""

from botapp.appointments import attendance, flow, reminder, timing
from botapp.flows.feature import Feature

FEATURE = Feature(
    "appointments",
    flows=(reminder.APPOINTMENT_REMINDER, attendance.APPOINTMENT_ATTENDANCE),
    handlers={
        timing.REMINDER: flow.remind,
        timing.STARTED: flow.close_questions,
        timing.ATTENDANCE: attendance.check_attendance,
    },
    describe=dict.fromkeys(timing.ITEM_KINDS, timing.describe),
    stale=dict.fromkeys(timing.ITEM_KINDS, timing.stale),
)
