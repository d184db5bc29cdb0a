"""Escalations: a client who needs a person gets one staff member holding it until resolved.

Every alert the core and the features raise (`botapp.services.alerts`) opens an escalation or
adds to the open one: `service.py` raises, routes, acknowledges and resolves; `messages.py` the
catalog; `cli.py` `botapp escalations` (docs/decisions/0024-escalations.md).
"""

from botapp.escalations import service
from botapp.flows.feature import Feature

FEATURE = Feature(
    "escalations",
    on_alert=(service.raise_escalation,),
    on_holder_change=(service.holder_changed,),
)
