"""Broadcasts: a job-fair or hiring-event notice to a chosen segment of clients, in each one's
language, paced, with RSVP and accommodation requests (docs/decisions/0029-broadcasts.md).

`segment.py` says who a broadcast goes to and counts who each guard leaves out; `texts.py`
what a recipient reads; `service.py` who may compose, see and send them, and composing a draft;
`templates.py` saved texts; `preview.py` what a broadcast will cost and how it will go;
`sending.py` sends, schedules and cancels them; `tick.py` is the clock's part (start the
scheduled ones, notice the sent ones); `report.py` their live figures and who is coming;
`replies.py` and `flow.py` the answers to the RSVP question; `timing.py` the day-before
reminder; `messages.py` the catalog; `cli/` `botapp broadcast`, whose commands compose and
preview in `cli/compose.py`, send and follow in `cli/send.py`, with what both share in
`cli/common.py`.
"""

from botapp.broadcasts import flow, tick, timing
from botapp.flows.feature import Feature

FEATURE = Feature(
    "broadcasts",
    handlers={timing.REMINDER: timing.remind},
    interrupts=(flow.rsvp_reply,),
    describe={timing.REMINDER: timing.describe},
    stale={timing.REMINDER: timing.stale},
    every_tick=tick.every_tick,
)
