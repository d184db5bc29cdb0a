"""Conversational flows: the engine, and the flows it runs (each registers itself on import)."""

from botapp.flows import (
    appointments,
    contact,
    engine,
    goals,
    placements,
    placements_job_loss,
    placements_ladder,
)

__all__ = [
    "appointments",
    "contact",
    "engine",
    "goals",
    "placements",
    "placements_job_loss",
    "placements_ladder",
]
