"""Conversational flows: the engine, and the flows it runs (each registers itself on import)."""

from botapp.flows import engine

__all__ = ["engine"]
