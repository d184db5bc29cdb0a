"""Escalations: a client who needs a person gets one staff member holding it until resolved.

Every alert the core and the features raise (`botapp.services.alerts`) opens an escalation or
adds to the open one: `service.py` raises, routes, acknowledges and resolves; `record.py` its
steps and case-record lines; `notify.py` the SMS and email alerts; `timing.py` when the holder
is alerted and when it goes further, `routing.py` what the clock then does; `digest.py` the
daily email; `messages.py` the catalog; `cli.py` `botapp escalations`
(docs/decisions/0024-escalations.md); `staff_texts.py` the commands staff text from their
phones, "ACK 42", "@42 …", "CLOSE 42" (docs/decisions/0026-staff-texts.md).
"""

from botapp.escalations import digest, routing, service, staff_texts, timing
from botapp.flows.feature import Feature

FEATURE = Feature(
    "escalations",
    handlers={timing.ALERT: routing.alert, timing.FALLBACK: routing.fallback},
    daily=digest.send_digests,
    describe=dict.fromkeys(timing.ITEM_KINDS, routing.describe),
    on_alert=(service.raise_escalation,),
    on_holder_change=(service.holder_changed,),
    on_staff_text=(staff_texts.answer,),
)
