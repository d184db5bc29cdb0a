"""The workers: the only code that opens and commits transactions (besides the web edge's one
INSERT per webhook and the CLI commands' one transaction each).

The inbound worker acts on received texts (`inbound`); the dispatcher sends the outbox
(`dispatcher`, paced by `pacing`, run as a process or a thread by `threads`) and the mailer the
email outbox (`mailer`, a thread of the dispatcher's process); the clock runs
due scheduled items, wakes unanswered questions and runs the daily jobs (`clock`, `due`,
`daily`). Services below them take a Session and never commit.
"""
