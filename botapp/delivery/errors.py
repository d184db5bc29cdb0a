"""What to do about each Twilio error, kept as data (Twilio refines its codes over time)."""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass
from datetime import timedelta


class Action(enum.StrEnum):
    """The dispatcher's response to a failed send."""

    OPTED_OUT = "opted_out"  # record an opt-out consent event; never retry
    UNREACHABLE = "unreachable"  # flag the number for the specialist; never retry
    RETRY = "retry"  # transient: exponential backoff with jitter, up to MAX_ATTEMPTS
    RETRY_LATER = "retry_later"  # handset unreachable: try again hours later
    REVIEW = "review"  # carrier filtered: failed and flagged for a person to review
    CONFIG = "config"  # our set-up is wrong (region, sender): failed, say so loudly
    FAIL = "fail"  # anything else: failed with the code


@dataclass(frozen=True)
class ErrorRule:
    """How one error code is handled, and the reason shown in the case record."""

    action: Action
    reason: str


RULES: dict[int, ErrorRule] = {
    21610: ErrorRule(Action.OPTED_OUT, "recipient has opted out (STOP)"),
    21211: ErrorRule(Action.UNREACHABLE, "invalid phone number"),
    21614: ErrorRule(Action.UNREACHABLE, "number cannot receive SMS"),
    30005: ErrorRule(Action.UNREACHABLE, "unknown or inactive number"),
    30006: ErrorRule(Action.UNREACHABLE, "landline or unreachable carrier"),
    21408: ErrorRule(Action.CONFIG, "sending to this region is not enabled"),
    21606: ErrorRule(Action.CONFIG, "the From number cannot send SMS"),
    20003: ErrorRule(Action.CONFIG, "Twilio rejected our credentials"),
    20429: ErrorRule(Action.RETRY, "too many requests"),
    21611: ErrorRule(Action.RETRY, "sender queue is full"),
    30001: ErrorRule(Action.RETRY, "sender queue overflow"),
    30003: ErrorRule(Action.RETRY_LATER, "handset unreachable"),
    30007: ErrorRule(Action.REVIEW, "filtered by the carrier"),
    30036: ErrorRule(Action.FAIL, "validity period expired"),
}
MAX_ATTEMPTS = 6
RETRY_LATER_ATTEMPTS = 4
BASE_DELAY = timedelta(seconds=2)
MAX_DELAY = timedelta(minutes=10)
RETRY_LATER_DELAY = timedelta(hours=2)


def rule_for(code: int | None, http_status: int | None) -> ErrorRule:
    """The rule for a Twilio error code, else for the HTTP status (429/5xx/timeouts retry)."""
    if code is not None and code in RULES:
        return RULES[code]
    if http_status is None or http_status == 429 or http_status >= 500:
        reason = "timeout or connection error" if http_status is None else f"HTTP {http_status}"
        return ErrorRule(Action.RETRY, reason)
    return ErrorRule(Action.FAIL, f"Twilio error {code}" if code else f"HTTP {http_status}")


def retry_delay(
    action: Action, attempts: int, rng: random.Random | None = None
) -> timedelta | None:
    """How long to wait before attempt `attempts + 1`, or None when it is time to give up."""
    rng = rng or random.Random()
    if action is Action.RETRY and attempts < MAX_ATTEMPTS:
        ceiling = min(MAX_DELAY, BASE_DELAY * (1 << max(attempts - 1, 0)))
        return ceiling * rng.uniform(0.5, 1.0)  # "equal jitter": spread retries, keep a floor
    if action is Action.RETRY_LATER and attempts < RETRY_LATER_ATTEMPTS:
        return RETRY_LATER_DELAY * attempts + timedelta(minutes=rng.uniform(0, 15))
    return None
