"""The web edge: Twilio webhooks and health; each view validates, calls a service, answers."""
