"""What a selection puts into a pack, and that nobody packs what they may not read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from midora.compliance.models import Assessment, Control, RequirementResult
from midora.core.choices import Role
from midora.evidencepacks.build import Recipient, build_pack
from midora.evidencepacks.collect import collect
from midora.evidencepacks.engine.selection import Selection, SelectionError, pinned_versions
from midora.evidencepacks.engine.verify import verify_pack
from midora.evidencepacks.issued import check_issued
from midora.evidencepacks.models import IssuedPack
from midora.incidents.models import Incident, IncidentReport
from tests.factories import make_user

pytestmark = pytest.mark.django_db
D = dt.date


def test_pinned_versions_follow_the_period():
    versions = [(1, D(2025, 6, 1)), (2, D(2026, 2, 1)), (3, D(2026, 9, 1))]
    assert pinned_versions(versions, None, None) == [3]
    assert pinned_versions(versions, D(2026, 1, 1), D(2026, 6, 30)) == [1, 2]
    assert pinned_versions(versions, D(2025, 1, 1), D(2025, 3, 1)) == [1]  # filed late
    assert pinned_versions([], D(2026, 1, 1), None) == []


def test_selection_errors_name_the_field():
    with pytest.raises(SelectionError, match="choose what the pack covers"):
        Selection.parse(entity="X")
    with pytest.raises(SelectionError, match="regime: 'GDPR'"):
        Selection.parse(regime="gdpr")
    with pytest.raises(SelectionError, match="to: 2026-01-01 is before from"):
        Selection.parse(regime="DORA", period_from="2026-02-01", period_to="2026-01-01")
    with pytest.raises(SelectionError, match="from: '2026-13-01'"):
        Selection.parse(regime="DORA", period_from="2026-13-01")


def test_unknown_requirement_and_foreign_control_are_refused(world, compliance_user):
    with pytest.raises(SelectionError, match=r"unknown identifier.*DORA-99"):
        collect(compliance_user, Selection.parse(requirements="DORA-5.1,DORA-99"))
    foreign = Control(code="CTL-BETA-ONLY", title="Beta's own")
    foreign.save()
    foreign.entities.set([world.other])
    with pytest.raises(SelectionError, match="no control CTL-BETA-ONLY in your scope"):
        collect(compliance_user, Selection.parse(controls="CTL-BETA-ONLY"))


def test_auditor_of_one_entity_cannot_pack_another_entitys_evidence(world, auditor, tmp_path):
    with pytest.raises(SelectionError, match=f"no legal entity {world.other.lei} in your scope"):
        collect(auditor, Selection.parse(regime="DORA", entity=world.other.lei))
    # the control is shared by both entities, yet only the auditor's entity's evidence comes in
    content = collect(auditor, Selection.parse(controls="CTL-IAM-01"))
    assert [e.pk for e in content.evidence] == [world.evidence.pk]
    assert content.entities == [world.entity]
    pack = build_pack(
        auditor, Selection.parse(regime="DORA"), Recipient("Auditor"), tmp_path / "a.zip"
    )
    assert list(pack.entities.all()) == [world.entity]
    beta_only = make_user("beta", Role.COMPLIANCE_MANAGER, [world.other])
    assert not IssuedPack.objects.visible_to(beta_only).exists()
    assert IssuedPack.objects.visible_to(auditor).get() == pack


def test_contributors_and_board_members_cannot_build(world, entity):
    for role in (Role.CONTRIBUTOR, Role.BOARD_MEMBER):
        user = make_user(f"u-{role}", role, [entity])
        with pytest.raises(PermissionDenied):
            collect(user, Selection.parse(regime="DORA"))


def test_controls_selection_brings_every_regimes_mapping_apart(world, compliance_user):
    content = collect(
        compliance_user, Selection.parse(controls="CTL-IAM-01", entity=world.entity.lei)
    )
    assert [r.ref for r in content.requirements] == ["DORA-5.1", "DORA-9.2", "MICA-68.1"]
    assert {m.regime for m in content.mappings} == {"DORA", "MICA"}
    assert content.files[0].requirements == ["DORA-5.1", "DORA-9.2", "MICA-68.1"]


def test_period_leaves_out_evidence_of_other_periods(world, compliance_user):
    selection = Selection.parse(regime="DORA", period_from="2025-01-01", period_to="2025-12-31")
    assert collect(compliance_user, selection).evidence == []


def test_incident_with_its_reports(world, compliance_user):
    incident = Incident(entity=world.entity, reference="INC-7", title="Wallet outage")
    incident.save()
    report = IncidentReport(incident=incident, stage="initial_notification")
    report.save()
    content = collect(compliance_user, Selection.parse(incident="INC-7"))
    assert content.incidents == [incident] and content.reports == [report]
    with pytest.raises(SelectionError, match="no incident INC-8"):
        collect(compliance_user, Selection.parse(incident="INC-8"))


def test_assessment_with_its_results_and_evidence_considered(world, compliance_user):
    assessment = Assessment(title="DORA 2026", regime="DORA", started_on=D(2026, 3, 1))
    assessment.save()
    assessment.entities.set([world.entity])
    result = RequirementResult(assessment=assessment, requirement=world.dora[0], status="met")
    result.save()
    result.evidence_considered.set([world.evidence])
    content = collect(compliance_user, Selection.parse(assessment=assessment.pk))
    assert content.results == [result]
    assert [r.ref for r in content.requirements] == ["DORA-5.1"]
    assert [e.pk for e in content.evidence] == [world.evidence.pk]
    other = make_user("beta", Role.AUDITOR, [world.other])
    with pytest.raises(SelectionError, match=f"no assessment #{assessment.pk}"):
        collect(other, Selection.parse(assessment=assessment.pk))


def test_midora_tells_its_own_packs_from_others(world, compliance_user, tmp_path, settings):
    pack = build_pack(
        compliance_user, Selection.parse(regime="DORA"), Recipient("ECB"), tmp_path / "p.zip"
    )
    check = check_issued(verify_pack(tmp_path / "p.zip"), tmp_path / "p.zip")
    assert check.pack == pack and "byte for byte" in check.message
    from tests.evidencepacks.helpers import flip_last_byte, rewrite

    tampered = rewrite(
        tmp_path / "p.zip",
        tmp_path / "t.zip",
        lambda n, d: flip_last_byte(d) if n == "index.html" else d,
    )
    check = check_issued(verify_pack(tampered), tampered)
    assert check.pack == pack and "does not verify" in check.message
    settings.HOME = tmp_path / "elsewhere"  # another installation: its own key and register
    settings.HOME.mkdir()
    IssuedPack.objects.all().delete()
    check = check_issued(verify_pack(tmp_path / "p.zip"), Path(tmp_path / "p.zip"))
    assert not check.issued and "Not issued by this installation" in check.message


def test_queries_do_not_grow_with_the_evidence(world, compliance_user, tmp_path):
    """Building a pack of 1 or of 6 evidence items (with links, versions, audit) costs as many
    queries: nothing is fetched per record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.evidencepacks.world import add_evidence

    def queries(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            build_pack(
                compliance_user,
                Selection.parse(regime="DORA", entity=world.entity.lei),
                Recipient("ECB"),
                tmp_path / name,
            )
        return len(captured)

    first = queries("one.zip")
    for number in range(5):
        add_evidence(world.entity, f"Review {number}", f"%PDF {number}".encode(), world.control)
    assert queries("six.zip") <= first


def test_dossier_selection_is_refused_without_the_dossier_app(world, compliance_user, monkeypatch):
    from midora.evidencepacks import extensions

    monkeypatch.setattr(extensions.apps, "is_installed", lambda name: False)
    with pytest.raises(SelectionError, match="dossier: MiCA authorisation dossiers are not"):
        collect(compliance_user, Selection.parse(dossier=world.entity.lei))


def test_dossier_extension_brings_its_records_requirements_and_pinned_files(
    world, compliance_user, monkeypatch
):
    """The contract an app fulfils through `<app>.evidence_pack.pack_records`."""
    from midora.evidencepacks import collect as collect_module
    from midora.evidencepacks.extensions import ExtraContent

    pinned = world.evidence.versions.select_related("evidence__entity").get()
    foreign = world.other_evidence.versions.select_related("evidence__entity").get()
    seen = {}

    def fake(user, selection, entity_ids):
        seen["entity_ids"] = entity_ids
        return ExtraContent(
            records={"dossier_items": [world.mica]},
            requirements=[world.mica],
            pinned=[(pinned, ["MICA-68.1"]), (foreign, ["MICA-68.1"])],
        )

    monkeypatch.setattr(collect_module, "dossier_content", fake)
    selection = Selection.parse(dossier=world.entity.lei, period_from="2027-01-01")
    content = collect(compliance_user, selection)
    assert seen["entity_ids"] == [world.entity.pk]  # the dossier's entity only
    assert [r.ref for r in content.requirements] == ["MICA-68.1"]
    assert content.record_sets()["dossier_items"] == [world.mica]
    # pinned whatever the period; another entity's version never comes in
    assert [(f.version.pk, f.requirements) for f in content.files] == [(pinned.pk, ["MICA-68.1"])]
