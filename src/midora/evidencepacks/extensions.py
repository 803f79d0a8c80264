"""Selections served by other apps: the MiCA authorisation dossier.

An app that owns a selectable record provides a module `<app>.evidence_pack` with
`pack_records(user, selection, entity_ids) -> dict[str, list[Model]]` (records/*.json file name ->
records the user may read); the records and their audit events go into the pack.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import models

from midora.evidencepacks.engine.selection import Selection, SelectionError

DOSSIER_APP = "midora.authorisation"


def dossier_available() -> bool:
    return apps.is_installed(DOSSIER_APP) and find_spec(f"{DOSSIER_APP}.evidence_pack") is not None


def dossier_records(
    user: Any, selection: Selection, entity_ids: list[int]
) -> dict[str, list[models.Model]]:
    """The records of the MiCA dossier of the selected entity, from the dossier app."""
    if not dossier_available():
        raise SelectionError(
            "dossier: MiCA authorisation dossiers are not available in this installation"
        )
    module = import_module(f"{DOSSIER_APP}.evidence_pack")
    return module.pack_records(user, selection, entity_ids)
