"""Post-placement follow-up through the 90 days that close a case.

`flow.py` the step table (diagram: `flow.md`); `timing.py` the follow-up ladder and its clock;
`job_loss.py` "I quit" / "me despidieron" in any text; `service.py` the placement rules;
`rows.py` and `importer.py` the CSV import; `messages.py` the catalog; `cli.py`
`botapp import placements` and `botapp placements`.
"""

from botapp.flows.feature import Feature
from botapp.placements import flow, job_loss, timing

FEATURE = Feature(
    "placements",
    flows=(flow.FLOW,),
    handlers={timing.FOLLOW_UP: timing.follow_up},
    interrupts=(job_loss.job_ended,),
    describe={timing.FOLLOW_UP: timing.describe},
    stale={timing.FOLLOW_UP: timing.stale},
)
