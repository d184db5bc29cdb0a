"""Broadcasts: a job-fair or hiring-event notice to a chosen segment of clients, in each one's
language, paced, with RSVP and accommodation requests (docs/decisions/0029-broadcasts.md).

`segment.py` says who a broadcast goes to and counts who each guard leaves out; `texts.py`
what a recipient reads; `service.py` who may compose, see and send them, and composing a draft;
`templates.py` saved texts; `preview.py` what a broadcast will cost and how it will go;
`messages.py` the catalog; `cli.py` `botapp broadcast`.
"""

from botapp.broadcasts import messages  # its catalog, declared as every feature's is on import
from botapp.flows.feature import Feature

__all__ = ["FEATURE", "messages"]

FEATURE = Feature("broadcasts")
