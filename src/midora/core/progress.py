"""One progress interface for long work: a job row the page polls, or a rich bar in the CLI.

Long functions take `progress: Progress | None` and call `progress(done, total, stage)`. A stage
given as a `Sentence` (midora.core.engine.sentences) is its English text for the CLI; a job keeps
its template and values too, and its page says it in the reader's language.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int, stage: str = "") -> None: ...


def report(progress: Progress | None, done: int, total: int, stage: str = "") -> None:
    if progress is not None:
        progress(done, total, stage)


def terminal() -> bool:
    """Is standard error a terminal (a person watching)? Pipes, files and tests get no bar."""
    return sys.stderr.isatty()


@contextmanager
def cli_progress(description: str, *, enabled: bool | None = None) -> Iterator[Progress | None]:
    """A rich progress bar on standard error, only when it is a terminal (`enabled` forces it)."""
    if enabled is None:
        enabled = terminal()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.progress import Progress as RichProgress

    with RichProgress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        transient=False,
        console=Console(stderr=True),
    ) as bar:
        task_id = bar.add_task(description, total=None, stage="")

        def update(done: int, total: int, stage: str = "") -> None:
            bar.update(task_id, completed=done, total=total or None, stage=stage)

        yield update
