"""The monthly contact check: a friendly text to active clients who have not written in 30 days.

`flow.py` the one-step table (diagram: `flow.md`) and the daily check; `messages.py` the catalog.
"""

from botapp.contact import flow
from botapp.flows.feature import Feature

FEATURE = Feature("contact", flows=(flow.CONTACT_CHECK,), daily=flow.contact_check)
