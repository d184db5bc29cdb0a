"""Outbound delivery rules: the outbox, the claim, quiet hours, statuses, send errors (the
dispatcher that sends is a worker: `botapp.workers.dispatcher`)."""
