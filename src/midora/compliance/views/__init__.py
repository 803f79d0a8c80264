"""Pages of the compliance area."""
