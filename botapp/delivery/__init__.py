"""Outbound delivery rules: the outbox, the claim, quiet hours, statuses, send errors, and the
email outbox (the dispatcher and the mailer that send are workers: `botapp.workers`)."""
