"""What a conversation feature hands the core, and installing it (decision 18).

A feature package (`botapp/appointments/`, ...) declares one `FEATURE`: its flows, the kinds of
scheduled item it runs (and how to say what each will do, and when a held one is stale), the
interrupts that read every free text, its daily job, what it does when a client needs a person
or who should hold that changes (`botapp.services.alerts`), and with a text from a staff phone
(`botapp.services.staff_phones`).
`botapp.features` lists the features and installs them into the engine's registries; nothing
registers itself on import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.flows import engine, schedule
from botapp.models import ScheduledItem
from botapp.services import alerts, staff_phones
from botapp.services.csvfiles import Notice

# Once a day (the clock claims the day first): returns how many texts it started.
DailyJob = Callable[[Session, Settings, datetime], int]
# On every tick, in its own transaction (due work that is no client's scheduled item: a
# broadcast to start): returns how much it did. Most ticks it finds nothing, with one read.
TickJob = Callable[[Session, Settings, datetime], int]
# What a scheduled item will do, in words staff read (`botapp schedule`).
Describe = Callable[[Session, ScheduledItem], Notice]


@dataclass(frozen=True)
class Feature:
    """One conversation feature, as the engine and the clock see it."""

    name: str
    flows: tuple[engine.Flow[Any], ...] = ()
    handlers: Mapping[str, schedule.Handler] = field(default_factory=dict)
    interrupts: tuple[engine.Interrupt, ...] = ()
    daily: DailyJob | None = None
    every_tick: TickJob | None = None
    describe: Mapping[str, Describe] = field(default_factory=dict)  # by kind, as `handlers`
    on_alert: tuple[alerts.Listener, ...] = ()  # told when a client needs a person
    on_staff_text: tuple[staff_phones.Handler, ...] = ()  # acts on texts from staff phones
    # Whether a held item of each kind would be stale on release (then cancelled, not run).
    stale: Mapping[str, schedule.Stale] = field(default_factory=dict)
    # Told when who should hold a client's needs changed: reassigned, or staff away or gone.
    on_holder_change: tuple[alerts.HolderListener, ...] = ()


class FeatureConflict(ValueError):
    """Two features claim one flow name or one kind of scheduled item."""


def install(features: tuple[Feature, ...]) -> None:
    """Register every feature's flows, item handlers (and stale checks), interrupts, alert
    listeners and staff-text handlers (again: a no-op)."""
    for feature in features:
        for flow in feature.flows:
            engine.register(flow)
        for kind, handler in feature.handlers.items():
            if schedule.HANDLERS.setdefault(kind, handler) is not handler:
                raise FeatureConflict(
                    f"{feature.name}: items of kind {kind!r} already have a handler"
                )
        for kind, stale in feature.stale.items():
            if schedule.STALE.setdefault(kind, stale) is not stale:
                raise FeatureConflict(f"{feature.name}: items of kind {kind!r} already say stale")
        for interrupt in feature.interrupts:
            if interrupt not in engine.INTERRUPTS:
                engine.INTERRUPTS.append(interrupt)
        for listener in feature.on_alert:
            if listener not in alerts.LISTENERS:
                alerts.LISTENERS.append(listener)
        for staff_text in feature.on_staff_text:
            if staff_text not in staff_phones.HANDLERS:
                staff_phones.HANDLERS.append(staff_text)
        for mover in feature.on_holder_change:
            if mover not in alerts.HOLDER_LISTENERS:
                alerts.HOLDER_LISTENERS.append(mover)
