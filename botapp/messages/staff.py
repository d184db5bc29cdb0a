"""Texts staff read in the command line: import and export reports."""

from botapp.messages.catalog import MP

IMPORTED = MP("staff.import.done", "{count} client imported", "{count} clients imported")
UPDATED = MP("staff.import.updated", "{count} client updated", "{count} clients updated")
REJECTED = MP("staff.import.rejected", "{count} row rejected", "{count} rows rejected")
