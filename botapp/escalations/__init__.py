"""Escalations: a client who needs a person gets one staff member holding it until resolved.

Every alert the core and the features raise (`botapp.services.alerts`) opens an escalation or
adds to the open one: `service.py` raises, routes, acknowledges and resolves; `record.py` its
steps and case-record lines; `notify.py` the SMS and email alerts; `timing.py` when the holder
is alerted and when it goes further, `routing.py` what the clock then does; `digest.py` the
daily email; `messages.py` the catalog; `cli.py` `botapp escalations`
(docs/decisions/0024-escalations.md).
"""

from botapp.escalations import digest, routing, service, timing
from botapp.flows.feature import Feature

FEATURE = Feature(
    "escalations",
    handlers={timing.ALERT: routing.alert, timing.FALLBACK: routing.fallback},
    daily=digest.send_digests,
    describe=dict.fromkeys(timing.ITEM_KINDS, routing.describe),
    on_alert=(service.raise_escalation,),
)
