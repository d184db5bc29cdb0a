"""Escalations: a client who needs a person gets one staff member holding it until resolved.

Every alert the core and the features raise (`botapp.services.alerts`) opens an escalation or
adds to the open one: `service.py` raises, routes, acknowledges and resolves; `messages.py` the
catalog; `cli.py` `botapp escalations` (docs/decisions/0024-escalations.md); `staff_texts.py`
the commands staff text from their phones, "ACK 42", "@42 …", "CLOSE 42"
(docs/decisions/0026-staff-texts.md).
"""

from botapp.escalations import service, staff_texts
from botapp.flows.feature import Feature

FEATURE = Feature(
    "escalations",
    on_alert=(service.raise_escalation,),
    on_holder_change=(service.holder_changed,),
    on_staff_text=(staff_texts.answer,),
)
