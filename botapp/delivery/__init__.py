"""Outbound delivery: outbox, dispatcher, pacing, quiet hours, status."""
