"""Broadcasts: a job-fair or hiring-event notice to a chosen segment of clients, in each one's
language, paced, with RSVP and accommodation requests (docs/decisions/0029-broadcasts.md).

`segment.py` says who a broadcast goes to and counts who each guard leaves out; `texts.py`
what a recipient reads; `service.py` who may compose, see and send them; `sending.py` sends,
schedules and cancels them; `tick.py` is the clock's part (start the scheduled ones, notice
the sent ones); `report.py` their live figures and who is coming; `messages.py` the catalog;
`cli.py` `botapp broadcast`.
"""

from botapp.broadcasts import tick
from botapp.flows.feature import Feature

FEATURE = Feature("broadcasts", every_tick=tick.every_tick)
