"""`--dossier LEI`: the MiCA authorisation dossier of one applicant, with its pinned evidence."""

from __future__ import annotations

import json
import zipfile

import pytest

from midora.authorisation.models import ItemEvidence
from midora.authorisation.services import open_dossier
from midora.compliance.catalogue_loader import load_catalogue_files
from midora.compliance.engine.catalogue_files import CATALOGUE_DIR
from midora.compliance.evidence_records import add_version
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import Evidence
from midora.core.choices import MicaStatus, OfferingStatus
from midora.core.models import ServiceOffering
from midora.evidencepacks.build import Recipient, build_pack
from midora.evidencepacks.engine.selection import Selection, SelectionError
from midora.evidencepacks.engine.verify import verify_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(entity):
    load_catalogue_files([CATALOGUE_DIR / "rts305.yaml"])
    entity.mica_status = MicaStatus.APPLICANT
    entity.save()
    ServiceOffering.objects.create(
        entity=entity, service="execution", status=OfferingStatus.PLANNED, member_states=["FR"]
    )
    dossier, _report = open_dossier(entity)
    return dossier


def test_dossier_pack_holds_items_and_the_pinned_versions(
    dossier, entity, compliance_user, tmp_path
):
    item = dossier.items.filter(applies=True).select_related("requirement").first()
    policy = Evidence(entity=entity, title="Execution policy", effective_from="2026-01-01")
    policy.save()
    first = add_version(policy, store_bytes(b"%PDF policy v1"), "policy.pdf")
    add_version(policy, store_bytes(b"%PDF policy v2"), "policy.pdf")
    ItemEvidence(item=item, evidence=policy, pinned_version=first, statement="Valid because").save()

    pack = build_pack(
        compliance_user, Selection.parse(dossier=entity.lei), Recipient("AMF"), tmp_path / "d.zip"
    )
    report = verify_pack(tmp_path / "d.zip")
    assert report.ok, report.problems
    files = [f for f in report.manifest["files"] if f["kind"] == "evidence"]
    assert [(f["evidence"]["id"], f["evidence"]["version"]) for f in files] == [(policy.pk, 1)]
    assert files[0]["requirements"] == [item.requirement.ref]
    with zipfile.ZipFile(tmp_path / "d.zip") as archive:
        items = json.loads(archive.read("records/dossier_items.json"))
        assert item.requirement.ref in {i["label"].split()[0] for i in items}
        assert json.loads(archive.read("records/dossiers.json"))[0]["id"] == str(dossier.pk)
    assert pack.selection == {"dossier": entity.lei, "entity": entity.lei}


def test_dossier_of_another_entity_is_refused(dossier, other_entity, compliance_user):
    from midora.evidencepacks.collect import collect

    with pytest.raises(SelectionError, match=f"no legal entity {other_entity.lei} in your scope"):
        collect(compliance_user, Selection.parse(dossier=other_entity.lei))
