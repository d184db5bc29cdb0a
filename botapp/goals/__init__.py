"""IPE goal check-ins: "Did you finish: <step>?" every few days, for the client's own steps.

`flow.py` the step table (diagram: `flow.md`) and running a due check-in; `timing.py` when the
next check-in falls; `importer.py` the CSV import; `messages.py` the catalog; `cli.py`
`botapp import goals`.
"""

from botapp.flows.feature import Feature
from botapp.goals import flow, timing

FEATURE = Feature(
    "goals",
    flows=(flow.GOAL_CHECKIN,),
    handlers={timing.CHECKIN: flow.run_checkin},
    describe={timing.CHECKIN: timing.describe},
)
