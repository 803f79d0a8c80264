"""Loading catalogues and the control library into the database: idempotent and upgrade-safe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from midora.cli import main
from midora.compliance.catalogue_loader import (
    CatalogueVersionError,
    load_catalogue_files,
    load_shipped_library,
    version_key,
)
from midora.compliance.engine.catalogue_files import CATALOGUE_DIR, load_shipped_catalogues
from midora.compliance.engine.control_library import load_control_library
from midora.compliance.engine.yaml_source import FileFormatError
from midora.compliance.models import (
    Assessment,
    Control,
    Framework,
    Mapping,
    Requirement,
    RequirementResult,
)
from midora.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _rts1773(tmp_path: Path, version: str, drop: str | None = None, retitle: str | None = None):
    data = yaml.safe_load((CATALOGUE_DIR / "rts1773.yaml").read_text(encoding="utf-8"))
    data["catalogue"]["catalogue_version"] = version
    if drop:
        data["requirements"] = [r for r in data["requirements"] if r["id"] != drop]
    if retitle:
        for r in data["requirements"]:
            if r["id"] == retitle:
                r["title"] = "Retitled in the new version"
    path = tmp_path / f"rts1773-{version}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_shipped_catalogues_load_every_requirement_with_parents(catalogues):
    shipped = load_shipped_catalogues()
    assert Framework.objects.count() == len(shipped)
    assert Requirement.objects.count() == sum(len(c.requirements) for c in shipped)
    for catalogue in shipped:
        for entry in catalogue.requirements:
            stored = Requirement.objects.get(ref=entry.id)
            assert stored.framework.code == catalogue.framework
            assert (stored.parent.ref if stored.parent else None) == entry.parent
            assert stored.applies_when == entry.condition.as_mapping()


def test_second_load_changes_nothing_and_writes_no_audit_event(catalogues):
    before = (Requirement.objects.count(), AuditEvent.objects.count())
    versions = dict(Requirement.objects.values_list("ref", "version"))
    reports = load_catalogue_files()
    assert all(not r.added and not r.changed and not r.withdrawn for r in reports)
    assert (Requirement.objects.count(), AuditEvent.objects.count()) == before
    assert dict(Requirement.objects.values_list("ref", "version")) == versions


def test_newer_version_updates_in_place_and_withdraws_without_deleting(
    library, tmp_path, entity, admin_user
):
    dropped = "RTS1773-3.1"
    target = Requirement.objects.get(ref=dropped)
    mapping = Mapping.objects.create(
        control=Control.objects.first(), requirement=target, rationale="Policy covers it."
    )
    assessment = Assessment.objects.create(
        title="DORA 2026", regime="DORA", started_on=dt.date(2026, 1, 5)
    )
    result = RequirementResult.objects.create(
        assessment=assessment, requirement=target, status="met", rationale="Seen."
    )
    retitled = Requirement.objects.get(ref="RTS1773-4")
    retitled_pk = retitled.pk

    (report,) = load_catalogue_files(
        [_rts1773(tmp_path, "1.1.0", drop=dropped, retitle="RTS1773-4")]
    )

    assert report.withdrawn == [dropped]
    assert report.changed == ["RTS1773-4"]
    target.refresh_from_db()
    assert target.withdrawn and target.withdrawn_in == "1.1.0"
    mapping.refresh_from_db()
    result.refresh_from_db()
    assert mapping.requirement_id == target.pk and result.requirement_id == target.pk
    updated = Requirement.objects.get(ref="RTS1773-4")
    assert updated.pk == retitled_pk and updated.title == "Retitled in the new version"
    assert Framework.objects.get(code="RTS1773").catalogue_version == "1.1.0"
    # reloading the same new version is a no-op; the withdrawn stays withdrawn
    (again,) = load_catalogue_files(
        [_rts1773(tmp_path, "1.1.0", drop=dropped, retitle="RTS1773-4")]
    )
    assert not again.changed and not again.withdrawn and not again.added


def test_older_version_is_refused(catalogues, tmp_path):
    with pytest.raises(CatalogueVersionError, match=r"older than the loaded version 1\.0\.0"):
        load_catalogue_files([_rts1773(tmp_path, "0.9.0")])
    assert Framework.objects.get(code="RTS1773").catalogue_version == "1.0.0"


def test_version_order_is_numeric():
    assert version_key("1.10.0") > version_key("1.9.2")


def test_malformed_file_is_refused_with_file_line_and_reason(db, tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    text = (CATALOGUE_DIR / "rts1773.yaml").read_text(encoding="utf-8")
    text = text.replace("area: Outsourcing / ICT third parties", "area: Security", 1)
    bad.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  area: Security") + 1
    with pytest.raises(FileFormatError):
        load_catalogue_files([bad])
    assert main(["catalogue", "load", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"broken.yaml:{line}:" in err and "unknown area 'Security'" in err
    assert Framework.objects.count() == 0


def test_every_shipped_mapping_points_at_an_existing_current_requirement(library):
    library_file = load_control_library()
    expected = sum(len(c.mica) + len(c.dora) for c in library_file.controls)
    assert Mapping.objects.count() == expected
    for control in library_file.controls:
        stored = {m.requirement.ref: m for m in Mapping.objects.filter(control__code=control.id)}
        for link in control.mica:
            assert stored[link.requirement].requirement.framework.regime == "MICA"
            assert not stored[link.requirement].requirement.withdrawn
        for link in control.dora:
            assert stored[link.requirement].requirement.framework.regime == "DORA"
            assert stored[link.requirement].coverage == link.coverage


def test_library_load_is_idempotent_and_keeps_user_edits_of_mappings(library, entity):
    control = Control.objects.get(code="CTL-GOV-01")
    assert set(control.entities.all()) >= {entity}
    user_mapping = Mapping.objects.create(
        control=control,
        requirement=Requirement.objects.get(ref="DORA-6.1"),
        coverage="partial",
        rationale="Our own judgement.",
    )
    count = Mapping.objects.count()
    report = load_shipped_library()
    assert report.controls_added == 0 and report.mappings_added == 0
    assert Mapping.objects.count() == count
    user_mapping.refresh_from_db()
    assert user_mapping.rationale == "Our own judgement."


def test_library_needs_catalogues(db):
    with pytest.raises(ValueError, match="catalogue load"):
        load_shipped_library()


def test_cli_list_and_show(catalogues, capsys):
    assert main(["catalogue", "list"]) == 0
    out = capsys.readouterr().out
    assert "RTS1773" in out and "MICA" in out
    assert main(["catalogue", "show", "DORA-30.3.e.i"]) == 0
    assert "Art. 30(3)(e)(i)" in capsys.readouterr().out
    assert main(["catalogue", "show", "NOPE-1"]) == 2
