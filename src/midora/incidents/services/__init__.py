"""Incident services on the record: intake, reclassification, reporting, decisions, clock rows."""
