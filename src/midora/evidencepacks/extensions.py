"""Selections whose records belong to an optional app: the MiCA authorisation dossier.

Such a selection is served by a module of this app, `midora.evidencepacks.<source>` (this app
sits above the domain apps, so it may read their models; they never import it), defining
`pack_records(user, selection, entity_ids) -> ExtraContent`: the records the user may read (by the
name of their records/*.json file), the requirements they answer (which bring in controls,
mappings and evidence as any requirement does), and the evidence versions the app pinned itself
(each with the requirement identifiers it supports). Records and their audit events go into the
pack; pinned versions go in as evidence files whatever the period. The source is offered only
when its app is installed and the module exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import models

from midora.evidencepacks.engine.selection import Selection, SelectionError

DOSSIER_APP = "midora.authorisation"
DOSSIER_SOURCE = "midora.evidencepacks.dossier"


@dataclass
class ExtraContent:
    records: dict[str, list[models.Model]] = field(default_factory=dict)
    requirements: list[Any] = field(default_factory=list)
    pinned: list[tuple[Any, list[str]]] = field(default_factory=list)  # (EvidenceVersion, refs)


def dossier_available() -> bool:
    return apps.is_installed(DOSSIER_APP) and find_spec(DOSSIER_SOURCE) is not None


def dossier_content(user: Any, selection: Selection, entity_ids: list[int]) -> ExtraContent:
    """The MiCA dossier of the selected entity: its items, answers and pinned attachments."""
    if not dossier_available():
        raise SelectionError(
            "dossier: MiCA authorisation dossiers are not available in this installation"
        )
    module = import_module(DOSSIER_SOURCE)
    return module.pack_records(user, selection, entity_ids)
