"""Validation rule families of the Register of Information (EBA DORA taxonomy 4.0)."""
