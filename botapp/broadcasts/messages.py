"""What broadcasts say: to clients (RSVP confirmations, the day-before reminder), to staff
(previews, reports) and on the command line."""
