"""The one place that knows the conversation features (decision 18).

Each feature package declares a `FEATURE` (its flows, scheduled-item handlers, interrupts,
daily job and alert listeners) and may have a `cli.py` whose commands the CLI adds
(`botapp.cli`). `install` hands the features to the engine; the app factory calls it, so every
process (web, workers, clock, CLI) runs with all of them. To add a conversation, add its
package here (docs/architecture.md walks through it).
"""

from __future__ import annotations

from botapp import appointments, broadcasts, contact, escalations, goals, placements
from botapp.flows import feature

FEATURES: tuple[feature.Feature, ...] = (
    appointments.FEATURE,
    goals.FEATURE,
    placements.FEATURE,
    contact.FEATURE,
    escalations.FEATURE,
    broadcasts.FEATURE,
)


def install() -> None:
    """Register every feature with the engine (calling it again changes nothing)."""
    feature.install(FEATURES)


def daily_jobs() -> dict[str, feature.DailyJob]:
    """The features' once-a-day jobs by their `clock_jobs` name ("contact.daily"), in order."""
    return {f"{f.name}.daily": f.daily for f in FEATURES if f.daily is not None}


def tick_jobs() -> dict[str, feature.TickJob]:
    """The features' every-tick jobs by feature name, in order."""
    return {f.name: f.every_tick for f in FEATURES if f.every_tick is not None}


def message_modules() -> list[str]:
    """The features' catalog modules, as paths for `pybabel extract`."""
    return [f"botapp/{f.name}/messages.py" for f in FEATURES]
