"""Store parsed catalogue files and the control library in the database, idempotently.

A catalogue is matched to its Framework by code and each requirement by its stable id: added
requirements are created, changed ones updated in place (keeping their mappings and assessment
results), and requirements the file no longer holds are marked withdrawn, never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.db import transaction

from midora.compliance.engine.catalogue_files import (
    Catalogue,
    RequirementEntry,
    check_catalogue_set,
    load_catalogue,
    shipped_catalogue_paths,
)
from midora.compliance.engine.control_library import ControlLibrary, load_control_library
from midora.compliance.models import Control, Framework, Mapping, Requirement
from midora.core import audit
from midora.core.audit_bulk import link_in_bulk


class CatalogueVersionError(ValueError):
    """The file holds an older catalogue version than the one already loaded."""


@dataclass
class LoadReport:
    framework: str
    version: str
    created_framework: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    unchanged: int = 0

    def describe(self) -> str:
        head = f"{self.framework} {self.version}: "
        if self.created_framework:
            return head + f"loaded {len(self.added)} requirements."
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} updated",
            f"{len(self.withdrawn)} withdrawn",
            f"{self.unchanged} unchanged",
        ]
        return head + ", ".join(parts) + "."


def version_key(version: str) -> tuple:
    """'1.10.0' sorts after '1.9.2'; non-numeric parts compare as text."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.split("."))


def _fields(entry: RequirementEntry, position: int) -> dict:
    source = entry.source
    return {
        "article": source.article,
        "paragraph": source.paragraph or "",
        "point": source.point or "",
        "subparagraph": source.subparagraph or "",
        "citation": source.citation(),
        "title": entry.title,
        "summary": entry.summary,
        "area": entry.area,
        "applies_when": entry.condition.as_mapping(),
        "applies_to_text": entry.applies_to_text,
        "evidence_examples": list(entry.evidence_examples),
        "it_priorities": list(entry.it_priorities),
        "related": list(entry.related),
        "grouping": entry.grouping,
        "needs_legal_review": entry.needs_legal_review,
        "withdrawn": False,
        "withdrawn_in": "",
    }


def _framework_fields(catalogue: Catalogue) -> dict:
    return {
        "regime": catalogue.regime,
        "regulation": catalogue.regulation,
        "consolidated_date": dt.date.fromisoformat(catalogue.consolidated_date),
        "catalogue_version": catalogue.catalogue_version,
        "celex": catalogue.celex or "",
        "source_url": catalogue.source_url or "",
        "scope_note": catalogue.scope or "",
        "status_note": catalogue.status or "",
        "source_file": catalogue.file,
    }


def _apply(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _adopt_moved_requirements(catalogue: Catalogue, framework: Framework) -> None:
    """Requirements that moved here from another catalogue of the same regime keep their row.

    (MiCA 1.0.0 held 20 RTS 2025/305 items that the RTS305 catalogue now holds.) Their mappings,
    evidence links, dossier items and results stay attached; a requirement of the other regime
    is refused.
    """
    others = Requirement.objects.exclude(framework=framework).filter(ref__in=catalogue.ids)
    clash = others.exclude(framework__regime=framework.regime).values_list("ref", flat=True)
    if clash:
        raise ValueError(
            f"{catalogue.file}: requirement {clash[0]} already belongs to a catalogue of "
            "another regime"
        )
    for requirement in others.select_related("framework"):
        requirement.framework = framework
        requirement.save()


@transaction.atomic
def store_catalogue(catalogue: Catalogue) -> LoadReport:
    """Create or update one framework and its requirements (same version twice: no change)."""
    report = LoadReport(catalogue.framework, catalogue.catalogue_version)
    framework = Framework.objects.filter(code=catalogue.framework).first()
    if framework is None:
        framework = Framework(code=catalogue.framework, **_framework_fields(catalogue))
        framework.save()
        report.created_framework = True
    else:
        if version_key(catalogue.catalogue_version) < version_key(framework.catalogue_version):
            raise CatalogueVersionError(
                f"{catalogue.file}: catalogue {catalogue.framework} version "
                f"{catalogue.catalogue_version} is older than the loaded version "
                f"{framework.catalogue_version}; nothing was changed."
            )
        if _apply(framework, _framework_fields(catalogue)):
            framework.save()
    _adopt_moved_requirements(catalogue, framework)
    stored = {r.ref: r for r in Requirement.objects.filter(framework=framework)}
    new_rows: list[Requirement] = []
    for position, entry in enumerate(catalogue.requirements):
        values = _fields(entry, position)
        existing = stored.get(entry.id)
        if existing is None:
            new_rows.append(
                Requirement(framework=framework, ref=entry.id, position=position, **values)
            )
            report.added.append(entry.id)
        else:
            moved = existing.position != position
            existing.position = position
            if _apply(existing, values):
                existing.save()
                report.changed.append(entry.id)
            else:
                if moved:  # order only: not a change of the requirement itself
                    existing.save(update_fields=["position"])
                report.unchanged += 1
    Requirement.objects.bulk_create(new_rows)
    by_ref = {r.ref: r for r in Requirement.objects.filter(framework=framework)}
    added = set(report.added)
    for entry in catalogue.requirements:
        node = by_ref[entry.id]
        parent_id = by_ref[entry.parent].pk if entry.parent else None
        if node.parent_id == parent_id:
            continue
        node.parent_id = parent_id
        if entry.id in added:
            continue  # saved below in one statement, before its creation is audited
        node.save(update_fields=["parent"])
        if entry.id not in report.changed:
            report.changed.append(entry.id)
            report.unchanged -= 1
    fresh = [by_ref[ref] for ref in report.added]
    Requirement.objects.bulk_update(fresh, ["parent"], batch_size=500)
    audit.record_created(fresh)
    kept = set(catalogue.ids)
    for ref, requirement in stored.items():
        if ref not in kept and not requirement.withdrawn:
            requirement.withdrawn = True
            requirement.withdrawn_in = catalogue.catalogue_version
            requirement.save()
            report.withdrawn.append(ref)
    return report


_PARSED: dict[tuple[str, int, int], Catalogue] = {}


def parse_file(path: Path | str) -> Catalogue:
    """Parse a catalogue file, reusing the result while the file is unchanged on disk."""
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        _PARSED[key] = load_catalogue(path)
    return _PARSED[key]


def load_catalogue_files(paths: Iterable[Path | str] | None = None) -> list[LoadReport]:
    """Parse every file first (all or nothing), then store each catalogue."""
    files = list(paths) if paths is not None else shipped_catalogue_paths()
    catalogues = [parse_file(path) for path in files]
    if paths is None:
        check_catalogue_set(catalogues)
    # A catalogue that takes over requirements from another one is stored first, so the
    # other's new version does not mark them withdrawn on the way.
    takes_over = {
        c.framework: Requirement.objects.filter(ref__in=c.ids)
        .exclude(framework__code=c.framework)
        .exists()
        for c in catalogues
    }
    ordered = sorted(catalogues, key=lambda c: not takes_over[c.framework])
    with transaction.atomic():
        reports = {c.framework: store_catalogue(c) for c in ordered}
    return [reports[c.framework] for c in catalogues]


@dataclass
class LibraryReport:
    version: str
    controls_added: int = 0
    controls_updated: int = 0
    mappings_added: int = 0
    mappings_updated: int = 0
    unknown_requirements: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (
            f"Control library {self.version}: {self.controls_added} controls added, "
            f"{self.controls_updated} updated; {self.mappings_added} mappings added, "
            f"{self.mappings_updated} updated."
        )


def _control_values(control, version: str) -> dict:
    return {
        "title": control.title,
        "description": control.description,
        "area": control.area,
        "control_type": control.type,
        "frequency": control.frequency,
        "expected_evidence": list(control.evidence),
        "library_version": version,
    }


@transaction.atomic
def store_control_library(
    library: ControlLibrary, entities: Iterable | None = None
) -> LibraryReport:
    """Create or update the shipped controls and their library mappings.

    New controls apply to `entities` (default: every legal entity); `entities` given for an
    existing control are added to it. User-made controls and mappings are never touched, nothing
    is deleted, and a retired control stays retired.
    """
    from midora.core.models import LegalEntity

    targets = list(entities) if entities is not None else list(LegalEntity.objects.all())
    report = LibraryReport(library.version)
    requirements = {r.ref: r for r in Requirement.objects.only("pk", "ref")}
    stored = {c.code: c for c in Control.objects.all()}
    new_controls = [
        Control(code=item.id, **_control_values(item, library.version))
        for item in library.controls
        if item.id not in stored
    ]
    Control.objects.bulk_create(new_controls)
    audit.record_created(new_controls)
    link_in_bulk(Control, "entities", [(c.pk, e.pk) for c in new_controls for e in targets])
    report.controls_added = len(new_controls)
    for control in stored.values():
        item = next((i for i in library.controls if i.id == control.code), None)
        if item is None:
            continue
        if _apply(control, _control_values(item, library.version)):
            control.save()
            report.controls_updated += 1
        if entities is not None:
            control.entities.add(*targets)
    by_code = {c.code: c for c in Control.objects.all()}
    existing = {
        (m.control_id, m.requirement_id): m
        for m in Mapping.objects.filter(control__code__in=[i.id for i in library.controls])
    }
    new_mappings = []
    for item in library.controls:
        control = by_code[item.id]
        for link in (*item.mica, *item.dora):
            requirement = requirements.get(link.requirement)
            if requirement is None:
                report.unknown_requirements.append(link.requirement)
                continue
            mapping = existing.get((control.pk, requirement.pk))
            wanted = {"coverage": link.coverage, "rationale": link.rationale}
            if mapping is None:
                new_mappings.append(
                    Mapping(
                        control=control,
                        requirement=requirement,
                        source=Mapping.Source.LIBRARY,
                        **wanted,
                    )
                )
            elif mapping.source == Mapping.Source.LIBRARY and _apply(mapping, wanted):
                mapping.save()
                report.mappings_updated += 1
    Mapping.objects.bulk_create(new_mappings)
    audit.record_created(new_mappings)
    report.mappings_added = len(new_mappings)
    return report


def load_shipped_library(entities: Iterable | None = None) -> LibraryReport:
    """The shipped control library (needs the shipped catalogues loaded)."""
    missing = Requirement.objects.count() == 0
    if missing:
        raise ValueError("no catalogue is loaded yet: run `midora catalogue load` first")
    current = Requirement.objects.filter(withdrawn=False).values_list("ref", "framework__regime")
    stored = [
        SimpleNamespace(regime=regime, requirements=[SimpleNamespace(id=ref)])
        for ref, regime in current
    ]
    library = load_control_library(catalogues=stored)
    return store_control_library(library, entities)
