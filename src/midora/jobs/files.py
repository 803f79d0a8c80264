"""The files of a job, kept in MIDORA_HOME/jobs/<id>/: what the person uploaded (input/) for a
worker to read, possibly on another host sharing MIDORA_HOME, and what the job produced (result/),
downloaded from the job's page by the person who asked for it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings

CHUNK = 1024 * 1024


def job_folder(job_id: int) -> Path:
    return Path(settings.HOME) / "jobs" / str(int(job_id))


def save_upload(job_id: int, upload: Any) -> Path:
    """Store an uploaded file for the job (its name reduced to the last path part)."""
    folder = job_folder(job_id) / "input"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name or "upload").name
    with path.open("wb") as handle:
        for chunk in upload.chunks(CHUNK):
            handle.write(chunk)
    return path


def result_folder(job_id: int) -> Path:
    folder = job_folder(job_id) / "result"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def result_file(job_id: int) -> Path | None:
    """The file the job produced, if any (one per job)."""
    folder = job_folder(job_id) / "result"
    found = sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    return found[0] if found else None


def discard_input(job_id: int) -> None:
    shutil.rmtree(job_folder(job_id) / "input", ignore_errors=True)
