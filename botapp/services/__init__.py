"""Domain services: each takes a Session and leaves commit or rollback to its caller."""
