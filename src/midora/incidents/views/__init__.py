"""Incident pages: `incidents` (overview, intake, record, facts, MiCA decisions), `reports`."""
