"""The progress interface of long jobs (kept in `midora.core.progress`, so that every app and the
core commands can report progress without depending on the jobs app)."""

from midora.core.progress import Progress, cli_progress, report, terminal

__all__ = ["Progress", "cli_progress", "report", "terminal"]
